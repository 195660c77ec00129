"""Every rule's bad examples are flagged by that rule and its good examples are not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from lint_fixtures import write_postmortem

from secondstory.review.config import ReviewConfig
from secondstory.review.lint import lint_text
from secondstory.review.postmortem import lint_postmortem
from secondstory.review.ruleset import Rule, all_rules, rule_data, rule_texts
from secondstory.store.fastyaml import load_fast

EXAMPLES = [(r, "bad", e) for r in all_rules() for e in r.bad] + [
    (r, "good", e) for r in all_rules() for e in r.good
]


def _codes_for(rule: Rule, example: str, tmp_path: Path) -> list[str]:
    """The codes found in the example with only `rule` selected: where phrases overlap, lint
    reports one finding of them (lint.one_per_phrase), and each rule is judged on its own."""
    target = rule.example_in
    only = ReviewConfig(select=(rule.code,))
    if rule.is_phrase and not target:
        return [f.code for f in lint_text(example, config=only)]
    folder = tmp_path / "pm"
    if target == "front_matter":
        write_postmortem(folder, front=yaml.safe_load(example))
    elif target == "body":
        write_postmortem(folder, body=example, timeline="[]\n")
    else:
        write_postmortem(folder, **{target.removesuffix(".yaml"): example})
    findings, errors = lint_postmortem(folder, only)
    assert errors == []
    return [f.code for f in findings]


@pytest.mark.parametrize(
    ("rule", "kind", "example"),
    EXAMPLES,
    ids=[f"{r.code}-{k}-{i}" for i, (r, k, _) in enumerate(EXAMPLES)],
)
def test_lint_rule_examples(rule: Rule, kind: str, example: str, tmp_path: Path) -> None:
    codes = _codes_for(rule, example, tmp_path)
    assert (rule.code in codes) == (kind == "bad"), codes


def test_lint_rule_examples_base_postmortem_is_clean(tmp_path: Path) -> None:
    findings, errors = lint_postmortem(write_postmortem(tmp_path / "pm"), ReviewConfig())
    assert (findings, errors) == ([], [])


def test_lint_rule_examples_every_rule_has_both_kinds() -> None:
    assert all(r.bad and r.good and r.why and r.suggestion for r in all_rules())
    assert len({r.code for r in all_rules()}) == len(all_rules())


def test_lint_rule_patterns_all_compile() -> None:
    """Patterns compile on first use; every one must compile (a bad one would surface
    in the middle of a run)."""
    compiled = [
        (rule.code, pattern.pattern)
        for rule in all_rules()
        for pattern in (rule.pattern, rule.unless_before, rule.unless_after)
        if pattern is not None
    ]
    assert len(compiled) >= 30


def test_lint_rule_patterns_keep_the_apostrophe_of_contractions() -> None:
    """A contraction written without its apostrophe ("didnt", "(?:nt| not)") never matches
    the text, which has one: a rule added through a shell once lost three that way."""
    bare = re.compile(
        r"\b(?:did|does|do|would|could|should|was|were|is|are|has|have|had|wo|ca)nt\b|"
        r"\(\?:nt\||\|nt\)|\(\?: have\|ve\)"
    )
    found = [
        (rule.code, match.group(0))
        for rule in all_rules()
        for text in (rule.pattern_text, rule.before_text, rule.after_text)
        if text
        for match in bare.finditer(text)
    ]
    assert found == []


def test_lint_rule_data_reads_as_pyyaml_reads_it() -> None:
    """The rule files load through the fast reader; the values equal yaml.safe_load's."""
    from secondstory.review.ruleset import rule_data, rule_texts

    for text in rule_texts():
        assert rule_data(text) == yaml.safe_load(text)


def test_lint_rule_examples_are_plain_sentences() -> None:
    """An unquoted example holding ": " is a YAML mapping, not a sentence."""
    assert [e for _, _, e in EXAMPLES if not isinstance(e, str)] == []


def test_lint_rule_files_read_without_libyaml() -> None:
    """The rule files stay inside the fast reader's subset, so linting plain files never
    imports PyYAML (about 11 ms of every start-up)."""
    assert [len(load_fast(text)) for text in rule_texts()] == [
        len(rule_data(text)) for text in rule_texts()
    ]
