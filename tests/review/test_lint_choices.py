"""Choices and codes in any case; `rules explain PREFIX` lists a family."""

from __future__ import annotations

import json
from pathlib import Path

from test_lint_cli import BLAMING, _run

from secondstory.cli.output import Choice
from secondstory.review.ruleset import all_rules


def test_choice_reads_any_case_and_gives_the_listed_value() -> None:
    assert Choice(["text", "json"]).convert("JSON", None, None) == "json"
    assert Choice(["detect", "mitigate"]).convert("Detect", None, None) == "detect"


def test_lint_cli_format_and_fail_on_read_any_case(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BLAMING, encoding="utf-8")
    result = _run(tmp_path, "lint", "--format", "JSON", "--fail-on", "INFO", "bad.md")
    assert (result.returncode, json.loads(result.stdout)["summary"]["warning"]) == (1, 1)
    listing = _run(tmp_path, "rules", "--format", "Markdown")
    assert (listing.returncode, listing.stdout.splitlines()[0]) == (0, "# Lint rules")


def test_rules_explain_family_lists_its_rules(tmp_path: Path) -> None:
    family = [r for r in all_rules() if r.code.startswith("BL")]
    width = max(len(r.name) for r in family)
    result = _run(tmp_path, "rules", "explain", "bl")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"{r.code}  {r.name:<{width}}  {r.summary}" for r in family
    ]
    assert result.stdout.splitlines()[0].startswith("BL101  human-error ")


def test_rules_explain_unknown_prefix_is_not_found(tmp_path: Path) -> None:
    result = _run(tmp_path, "rules", "explain", "")
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        2,
        "secondstory: error: no rule ''",
    )
