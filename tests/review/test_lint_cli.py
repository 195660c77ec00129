"""`secondstory lint` end to end: exit codes, config, suppression, git-aware mode, cache, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lint_fixtures import ACTIONS, write_postmortem

from secondstory.errors import ConfigError
from secondstory.review.config import parse_config
from secondstory.review.runner import LintRequest, run_lint

BLAMING = "# Outage\n\nThe engineer forgot to renew the certificate.\n"
CLEAN = "# Outage\n\nThe certificate expired at 09:02 and 1,200 checkouts failed.\n"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    env.pop("SECONDSTORY_LIBRARY", None)
    return subprocess.run(
        [sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_lint_cli_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / "good.md").write_text(CLEAN, encoding="utf-8")
    assert _run(tmp_path, "lint", "good.md").returncode == 0
    found = _run(tmp_path, "lint", "bad.md")
    assert found.returncode == 1
    assert found.stdout.startswith("bad.md:3:14 BL102 [warning]")
    assert _run(tmp_path, "lint", "--fail-on", "error", "bad.md").returncode == 0
    assert _run(tmp_path, "lint", "missing.md").returncode == 2
    assert _run(tmp_path, "lint", "--format", "yaml", "bad.md").returncode == 2


def test_lint_cli_unknown_codes_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BLAMING, encoding="utf-8")
    typo = _run(tmp_path, "lint", "--select", "ZZ", "bad.md")
    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr.splitlines() == [
        "secondstory: error: select: 'ZZ' is not a rule code or the start of one",
        "  hint: secondstory rules lists the codes",
    ]
    (tmp_path / "secondstory.toml").write_text(
        '[library]\nname = "x"\n[review]\nignore = ["CF999"]\n', encoding="utf-8"
    )
    ignored = _run(tmp_path, "lint", "bad.md")
    assert (ignored.returncode, ignored.stderr.splitlines()[0]) == (
        2,
        f"secondstory: error: {tmp_path / 'secondstory.toml'}:4: [review] ignore: 'CF999' is"
        " not a rule code or the start of one; did you mean 'CF209'?",
    )
    (tmp_path / "secondstory.toml").write_text('[library]\nname = "x"\n', encoding="utf-8")
    assert _run(tmp_path, "lint", "--select", "bl1,CF", "bad.md").returncode == 1


def test_lint_cli_statistics_count_each_rule(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BLAMING * 2 + "We should have caught it.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(BLAMING, encoding="utf-8")
    counted = _run(tmp_path, "lint", "--statistics", "a.md", "b.md")
    assert (counted.returncode, counted.stdout.splitlines()) == (
        1,
        [
            "3  BL102  forgot                           warning",
            "1  CF201  should-have                      warning",
            "4 warnings",
        ],
    )
    assert _run(tmp_path, "lint", "--statistics", "--format", "json", "a.md").returncode == 2


def test_lint_cli_json_output_to_file(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BLAMING, encoding="utf-8")
    written = _run(tmp_path, "lint", "--format", "json", "-o", "out.json", "bad.md")
    assert (written.returncode, written.stdout, written.stderr) == (1, "", "wrote out.json\n")
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [(f["path"], f["code"], f["category"]) for f in doc["findings"]] == [
        ("bad.md", "BL102", "blame")
    ]


def test_lint_cli_bad_config_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "secondstory.toml").write_text(
        '[library]\nname = "x"\n[review]\nselect = 3\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = _run(tmp_path, "lint", "a.md")
    assert result.returncode == 2
    config = tmp_path / "secondstory.toml"
    assert result.stderr == (
        f"secondstory: error: {config}:4: [review] select must be a list of rule codes or "
        'prefixes, e.g. ["BL", "CF201"]\n'
        "  hint: fix the value in the [review] table (docs/review.md lists the keys)\n"
    )


def test_lint_cli_bad_config_file_names_the_keys_line(tmp_path: Path) -> None:
    config = tmp_path / "review.toml"
    config.write_text('# team settings\n[review]\nselect = ["BL"]\n\nfail_on = "loud"\n')
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = _run(tmp_path, "lint", "--config", str(config), "a.md")
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        2,
        f"secondstory: error: {config}:5: [review] fail_on must be one of error, warning, "
        "info (not 'loud')",
    )


def test_lint_cli_unknown_code_in_config_names_the_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "secondstory.toml"
    config.write_text('[library]\nname = "x"\n[review]\nseverity = { XX = "warning" }\n')
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = _run(tmp_path, "lint", "a.md")
    assert (result.returncode, result.stderr) == (
        2,
        f"secondstory: error: {config}:4: [review] severity: 'XX' is not a rule code or "
        "the start of one\n  hint: secondstory rules lists the codes\n",
    )


def test_lint_cli_rules_list_and_explain(tmp_path: Path) -> None:
    listing = _run(tmp_path, "rules")
    assert listing.returncode == 0
    assert listing.stdout.splitlines()[0].startswith("AI601  action-no-owner")
    explained = _run(tmp_path, "rules", "explain", "bl101")
    assert explained.stdout.startswith("### BL101 human-error\n")
    assert _run(tmp_path, "rules", "explain", "XX999").returncode == 2


def test_lint_config_select_ignore_severity_and_window() -> None:
    config = parse_config(
        {
            "select": ["BL", "CF2"],
            "ignore": ["BL105"],
            "severity": {"CF": "error", "CF203": "off"},
            "action_window_days": 30,
            "team_words": ["Guild"],
        }
    )
    assert [config.enabled(c) for c in ("BL101", "BL105", "CF201", "CF203", "JU301")] == [
        True,
        False,
        True,
        False,
        False,
    ]
    assert config.severity_of("CF201", "warning") == "error"
    assert (config.action_window_days, "guild" in config.team_words) == (30, True)
    with pytest.raises(ConfigError, match="unknown key"):
        parse_config({"selekt": ["BL"]})
    with pytest.raises(ConfigError, match=r"severity\.BL101 must be one of"):
        parse_config({"severity": {"BL101": "loud"}})


def test_lint_suppression_comments(tmp_path: Path) -> None:
    text = (
        "The engineer forgot to renew it.\n"
        "<!-- secondstory: disable-next-line=BL102 -->\n"
        "The engineer forgot to renew it.\n"
        "<!-- secondstory: disable=BL -->\n"
        "The engineer forgot to renew it. This should have been caught in review.\n"
        "<!-- secondstory: enable -->\n"
        "The engineer forgot to renew it.\n"
    )
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    report = run_lint(LintRequest(paths=(tmp_path / "a.md",), use_cache=False))
    assert [(f.line, f.code) for f in report.findings] == [(1, "BL102"), (5, "CF201"), (7, "BL102")]


def test_lint_changed_lints_only_changed_files(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "old.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / "edited.md").write_text(CLEAN, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm", "base")
    (tmp_path / "edited.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / "new.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / "notes.py").write_text("x = 1\n", encoding="utf-8")
    result = _run(tmp_path, "lint", "--changed", "--format", "json")
    paths = sorted({f["path"] for f in json.loads(result.stdout)["findings"]})
    assert (result.returncode, paths) == (1, ["edited.md", "new.md"])


def test_lint_changed_in_a_postmortem_shows_only_the_changed_files(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    weak = ACTIONS + "- id: A2\n  what: Be more careful with certificates\n"
    folder = write_postmortem(tmp_path / "pm", actions=weak)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm", "base")
    account = folder / "accounts" / "priya-raman.md"
    account.write_text(account.read_text(encoding="utf-8") + BLAMING, encoding="utf-8")
    changed = _run(tmp_path, "lint", "--changed", "--format", "json")
    found = [(f["path"], f["code"]) for f in json.loads(changed.stdout)["findings"]]
    assert (changed.returncode, found) == (1, [("pm/accounts/priya-raman.md", "BL102")])
    whole = _run(tmp_path, "lint", "pm", "--format", "json")
    assert {f["path"] for f in json.loads(whole.stdout)["findings"]} == {
        "pm/accounts/priya-raman.md",
        "pm/actions.yaml",
    }


def test_lint_byte_order_mark_takes_no_column(tmp_path: Path) -> None:
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbfThe engineer forgot to renew it.\n")
    report = run_lint(LintRequest(paths=(tmp_path / "bom.md",), use_cache=False))
    assert [(f.line, f.column, f.end_column) for f in report.findings] == [(1, 14, 20)]


def test_lint_bad_input_reports_and_continues(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9 forgot\n")
    (tmp_path / "huge-line.md").write_text(
        "word " * 400_000 + "we forgot to renew it.\n", encoding="utf-8"
    )
    (tmp_path / "ok.md").write_text(BLAMING, encoding="utf-8")
    report = run_lint(LintRequest(paths=(tmp_path,), use_cache=False))
    assert [(Path(e.path).name, e.line, e.message) for e in report.errors] == [
        ("binary.md", 1, "is binary, not text"),
        ("latin1.md", 1, "is not UTF-8 (byte 0xe9)"),
    ]
    assert sorted((Path(f.path).name, f.code) for f in report.findings) == [
        ("huge-line.md", "BL102"),
        ("ok.md", "BL102"),
    ]
    assert report.exit_code == 1


def test_lint_broken_front_matter_in_postmortem_is_reported(tmp_path: Path) -> None:
    folder = write_postmortem(tmp_path / "pm")
    (folder / "postmortem.md").write_text(
        "---\ntitle: [unclosed\n---\nThe engineer forgot it.\n", encoding="utf-8"
    )
    report = run_lint(LintRequest(paths=(folder,), use_cache=False))
    assert [e.path.endswith("postmortem.md") for e in report.errors] == [True]
    assert [f.code for f in report.findings] == ["BL102"]


def test_lint_yaml_fields_point_at_the_words(tmp_path: Path) -> None:
    actions = (
        "# actions\n- id: A1\n  what: Remind engineers to double-check the cluster name\n  owner: Priya Raman\n"
        "  due: 2025-03-28\n  done_when: [The prompt shows the cluster]\n  verify: Apply to staging and read the prompt\n"
    )
    folder = write_postmortem(tmp_path / "pm", actions=actions)
    report = run_lint(LintRequest(paths=(folder,), use_cache=False))
    assert [
        (Path(f.path).name, f.line, f.column, f.end_column, f.code) for f in report.findings
    ] == [
        ("actions.yaml", 3, 9, 25, "AI608"),
        ("actions.yaml", 3, 29, 41, "AI608"),
    ]


def test_lint_dropped_action_items_get_no_action_item_findings(tmp_path: Path) -> None:
    weak = "  what: Be more careful with certificates; the engineer forgot it\n  status: {status}\n"
    dropped = "  dropped: {date: 2025-03-20, why: Not an action; replaced by A1}\n"
    for status, extra in (("open", ""), ("dropped", dropped)):
        actions = ACTIONS + "- id: A2\n" + weak.format(status=status) + extra
        folder = write_postmortem(tmp_path / status, actions=actions)
        report = run_lint(LintRequest(paths=(folder,), use_cache=False))
        found = [(f.line, f.code) for f in report.findings if f.path.endswith("actions.yaml")]
        if status == "open":
            assert found == [
                (8, "AI601"),
                (8, "AI603"),
                (8, "AI605"),
                (8, "AI606"),
                (9, "AI608"),
                (9, "BL102"),
            ]
        else:  # dropping the weak item ends its action-item findings; the blame stays
            assert found == [(9, "BL102")]


def test_lint_cache_skips_unchanged_files(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "secondstory.toml").write_text('[library]\nname = "x"\n', encoding="utf-8")
    write_postmortem(folder / "postmortems" / "a")
    write_postmortem(
        folder / "postmortems" / "b", body="## Facts\nThe engineer forgot it at 09:00.\n"
    )
    first = run_lint(LintRequest(library=str(folder)))
    second = run_lint(LintRequest(library=str(folder)))
    assert (first.cached, second.cached) == (0, 2)
    assert first.findings == second.findings
    assert (folder / ".secondstory" / "lint-cache.sqlite").is_file()
    (folder / "postmortems" / "a" / "postmortem.md").write_text(
        "---\nid: a\n---\n## Facts\nWe forgot it.\n", encoding="utf-8"
    )
    third = run_lint(LintRequest(library=str(folder)))
    assert third.cached == 1


def test_lint_jobs_give_the_same_findings(tmp_path: Path) -> None:
    for index in range(6):
        (tmp_path / f"f{index}.md").write_text(BLAMING * (index + 1), encoding="utf-8")
    serial = run_lint(LintRequest(paths=(tmp_path,), use_cache=False))
    parallel = run_lint(LintRequest(paths=(tmp_path,), use_cache=False, jobs=2))
    assert serial.findings == parallel.findings
    assert len(serial.findings) == 21


def test_lint_cli_config_file_without_a_review_table(tmp_path: Path) -> None:
    config = tmp_path / "lint.toml"
    config.write_text('[reviews]\nselect = ["BL"]\n')
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = _run(tmp_path, "lint", "--config", str(config), "a.md")
    assert (result.returncode, result.stderr) == (
        2,
        f"secondstory: error: {config}: no [review] table (it has [reviews]: a typo?)\n"
        "  hint: put the lint settings under [review] (docs/review.md lists the keys)\n",
    )


def test_lint_config_people_as_one_name_or_a_list() -> None:
    assert parse_config({"people": "Tom Okafor"}).people == ("Tom Okafor",)
    assert parse_config({"people": ["Tom", "Ana"]}).people == ("Tom", "Ana")
    with pytest.raises(ConfigError, match=r"people must be a list of names"):
        parse_config({"people": 3})


def test_lint_cli_explain_unknown_code_names_the_nearest(tmp_path: Path) -> None:
    result = _run(tmp_path, "rules", "explain", "CF211")
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        2,
        "secondstory: error: no rule 'CF211'; did you mean 'CF210'?",
    )
