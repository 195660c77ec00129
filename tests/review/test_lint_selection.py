"""Which rules a run checks: a selection that leaves none is a usage error, never a pass."""

from __future__ import annotations

from pathlib import Path

from test_lint_cli import BLAMING, _run

from secondstory.review.ruleset import all_rules


def _count(prefix: str) -> int:
    """Rules whose code starts with `prefix` (the rule data changes; the message counts)."""
    return sum(r.code.startswith(prefix) for r in all_rules())


HINT = "  hint: select codes that are not ignored or off ('secondstory rules' lists the codes)"


def _errors(tmp_path: Path, *args: str) -> tuple[int, str, list[str]]:
    (tmp_path / "bad.md").write_text(BLAMING, encoding="utf-8")
    result = _run(tmp_path, "lint", *args, "bad.md")
    return result.returncode, result.stdout, result.stderr.splitlines()


def test_selection_select_and_ignore_the_same_family_is_a_usage_error(tmp_path: Path) -> None:
    assert _errors(tmp_path, "--select", "BL", "--ignore", "bl") == (
        2,
        "",
        [
            f"secondstory: error: no rule to run: --select BL ({_count('BL')} rules) minus --ignore BL"
            " leaves none",
            HINT,
        ],
    )


def test_selection_config_ignore_and_select_name_where_each_came_from(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(
        '[review]\nignore = ["BL104"]\nseverity = { BL1 = "off", BL10 = "warning" }\n',
        encoding="utf-8",
    )
    assert _errors(tmp_path, "--config", "c.toml", "--select", "BL104")[2][0] == (
        "secondstory: error: no rule to run: --select BL104 (1 rule) minus [review] ignore"
        " BL104 leaves none"
    )
    assert _errors(tmp_path, "--config", "c.toml", "--select", "BL11")[2][0] == (
        f"secondstory: error: no rule to run: --select BL11 ({_count('BL11')} rules) minus"
        ' [review] severity "off"'
        " for BL1 leaves none"
    )
    assert _errors(tmp_path, "--config", "c.toml", "--select", "BL1")[0] == 1  # BL10x still on


def test_selection_every_family_off_is_a_usage_error(tmp_path: Path) -> None:
    families = ("AI", "BL", "CF", "CO", "FA", "JU", "PR", "RC")
    table = ", ".join(f'{f} = "off"' for f in families)
    (tmp_path / "c.toml").write_text(f"[review]\nseverity = {{ {table} }}\n", encoding="utf-8")
    code, _, lines = _errors(tmp_path, "--config", "c.toml")
    assert (code, lines[0]) == (
        2,
        f"secondstory: error: no rule to run: all {_count('')} rules minus"
        ' [review] severity "off" for'
        " AI,BL,CF,CO,FA,JU,PR,RC leaves none",
    )


def test_selection_empty_select_value_is_a_usage_error(tmp_path: Path) -> None:
    for value in ("", ",", " , "):
        assert _errors(tmp_path, "--select", value) == (
            2,
            "",
            [
                "secondstory: error: --select needs at least one code",
                "  hint: name codes or prefixes (--select BL,CF), or leave --select out to run"
                " every rule",
            ],
        )
