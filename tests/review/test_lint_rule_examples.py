"""Every rule's bad examples are flagged by that rule and its good examples are not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from secondstory.review.config import ReviewConfig
from secondstory.review.documents import lint_postmortem
from secondstory.review.lint import lint_text
from secondstory.review.ruleset import Rule, all_rules

from lint_fixtures import make_postmortem  # noqa: F401  (a fixture)

EXAMPLES = [(r, "bad", e) for r in all_rules() for e in r.bad] + [(r, "good", e) for r in all_rules() for e in r.good]


def _codes_for(rule: Rule, example: str, make_postmortem: Callable[..., Path]) -> list[str]:
    if rule.is_phrase:
        return [f.code for f in lint_text(example)]
    target = rule.example_in
    if target == "front_matter":
        folder = make_postmortem(front=yaml.safe_load(example))
    elif target == "body":
        folder = make_postmortem(body=example, timeline="[]\n")
    else:
        folder = make_postmortem(**{target.removesuffix(".yaml"): example})
    findings, errors = lint_postmortem(folder, ReviewConfig())
    assert errors == []
    return [f.code for f in findings]


@pytest.mark.parametrize(("rule", "kind", "example"), EXAMPLES, ids=[f"{r.code}-{k}-{i}" for i, (r, k, _) in enumerate(EXAMPLES)])
def test_lint_rule_examples(rule: Rule, kind: str, example: str, make_postmortem: Callable[..., Path]) -> None:
    codes = _codes_for(rule, example, make_postmortem)
    assert (rule.code in codes) == (kind == "bad"), codes


def test_lint_rule_examples_base_postmortem_is_clean(make_postmortem: Callable[..., Path]) -> None:
    findings, errors = lint_postmortem(make_postmortem(), ReviewConfig())
    assert (findings, errors) == ([], [])


def test_lint_rule_examples_every_rule_has_both_kinds() -> None:
    assert all(r.bad and r.good and r.why and r.suggestion for r in all_rules())
    assert len({r.code for r in all_rules()}) == len(all_rules())
