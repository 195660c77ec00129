"""The rule reference in docs is generated from the rule data and current."""

from __future__ import annotations

from pathlib import Path

from secondstory.review.docgen import render_rules_markdown
from secondstory.review.ruleset import all_rules

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_lint_docs_rules_reference_is_current() -> None:
    text = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == render_rules_markdown(), "run: python -m secondstory.review.docgen docs/rules.md"


def test_lint_docs_every_rule_documented() -> None:
    text = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert [r.code for r in all_rules() if f"### {r.code} {r.name}" not in text] == []


def test_lint_docs_pre_commit_hook_runs_lint() -> None:
    hooks = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: secondstory-lint" in hooks and "entry: secondstory lint" in hooks
