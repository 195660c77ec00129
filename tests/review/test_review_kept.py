"""Values kept between runs (review/kept.py): the rule data, its expansions, the anchor index and layout."""

from __future__ import annotations

import gc
import marshal
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from secondstory.review import kept
from secondstory.review.anchors import (
    ALL_SECTION_TOKENS,
    DIRECTIVE_WORD,
    AnchorPlan,
    _layout,
    plan_for,
)
from secondstory.review.ruleset import (
    READER_MODULES,
    Rule,
    all_rules,
    build_rule,
    expanded,
    rule_data,
    rule_texts,
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(kept, "HERE", tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path


def test_kept_builds_once_then_reads_the_stored_value(here: Path) -> None:
    built: list[int] = []

    def build() -> dict[str, list[int]]:
        built.append(1)
        return {"a": [1, 2]}

    assert kept.kept("thing", "k1", build) == {"a": [1, 2]}
    assert kept.kept("thing", "k1", build) == {"a": [1, 2]}
    assert built == [1]
    assert kept.kept_file("thing").parent == here / "__pycache__"
    assert kept.kept("thing", "k2", lambda: "other") == "other"
    assert kept.kept("thing", "k1", lambda: "again") == "again"


def test_kept_rebuilds_over_a_damaged_file(here: Path) -> None:
    path = kept.kept_file("thing")
    path.parent.mkdir()
    path.write_bytes(b"\x00not marshal")
    assert kept.kept("thing", "k", lambda: (1, "x")) == (1, "x")
    assert kept.kept("thing", "k", lambda: (2, "y")) == (1, "x")


def test_kept_writes_nothing_when_told_not_to_write_bytecode(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert kept.kept("thing", "k", lambda: 3) == 3
    assert not (here / "__pycache__").exists()


def test_kept_skips_a_value_marshal_cannot_write(here: Path) -> None:
    assert kept.kept("thing", "k", lambda: {object()}) != set()
    assert list((here / "__pycache__").glob("*")) == []


def test_kept_digest_tells_parts_apart() -> None:
    assert kept.digest(["ab", "c"]) != kept.digest(["a", "bc"])
    assert kept.digest(["ab", b"c"]) == kept.digest([b"ab", "c"])


def test_kept_rule_data_is_what_the_rule_files_read_as(here: Path) -> None:
    texts = rule_texts()
    key = kept.digest((*texts, *kept.source_of(*READER_MODULES)))
    fresh = [rule_data(text) for text in texts]
    assert kept.kept("rules", key, lambda: fresh) == fresh
    assert kept.kept("rules", key, lambda: []) == fresh


def test_kept_anchor_layout_is_the_layout_built_afresh(here: Path) -> None:
    rules = tuple(r for r in all_rules() if r.is_phrase)
    first, again = plan_for.__wrapped__(rules), plan_for.__wrapped__(rules)
    words = {k.encode() for r in rules for k in r.keywords} | ALL_SECTION_TOKENS
    phrases = tuple(sorted(words | {DIRECTIVE_WORD}))
    patterns, labels, starts, followers = _layout(phrases)
    for plan in (first, again):
        assert (plan.phrases, plan.patterns, plan.labels, plan.beginnings) == (
            phrases,
            patterns,
            labels,
            starts,
        )
        assert plan.followers == {k: frozenset(v) for k, v in followers.items()}
    assert len(list((here / "__pycache__").glob("anchors.*.marshal"))) == 1
    assert len(list((here / "__pycache__").glob("anchor-layout.*.marshal"))) == 1


def test_kept_anchor_layout_is_not_read_by_a_run_the_trie_expression_reads(here: Path) -> None:
    plan = plan_for.__wrapped__(tuple(r for r in all_rules() if r.is_phrase))
    found = plan.positions(b"The engineer forgot to renew it, and this was human error.")
    assert sorted(found) == [b"forgot", b"human error"]
    assert plan._layout == []
    assert list((here / "__pycache__").glob("anchor-layout.*.marshal")) == []


def test_kept_anchor_index_names_each_phrases_rules_in_order(here: Path) -> None:
    rules = tuple(r for r in all_rules() if r.is_phrase)[::2]  # a selection, as a config makes
    fresh: dict[bytes, list[str]] = {}
    for rule in rules:
        for keyword in rule.keywords:
            codes = fresh.setdefault(keyword.encode(), [])
            if rule.code not in codes:
                codes.append(rule.code)
    for plan in (plan_for.__wrapped__(rules), plan_for.__wrapped__(rules)):
        assert {k: [r.code for r in v] for k, v in plan.index.items()} == fresh
        assert all(r in rules for found in plan.index.values() for r in found)


def test_kept_rule_expansions_are_the_rules_built_afresh(here: Path) -> None:
    all_rules.cache_clear()
    try:
        for _ in range(2):  # built and stored, then read
            fresh = {r.code: r for r in (build_rule(i) for t in rule_texts() for i in rule_data(t))}
            kept_rules = all_rules()
            assert len(list((here / "__pycache__").glob("expanded.*.marshal"))) == 1
            for rule in kept_rules:
                assert _values(rule) == _values(fresh[rule.code])
                assert expanded(rule.source) == (
                    rule.keywords,
                    rule.pattern_text,
                    rule.before_text,
                    rule.after_text,
                )
            all_rules.cache_clear()
    finally:
        all_rules.cache_clear()


def _values(rule: Rule) -> dict[str, Any]:
    return {field.name: getattr(rule, field.name) for field in fields(rule)}


def test_kept_unmarshal_pauses_the_collector_and_restores_it() -> None:
    value = [{"code": f"BL{i}", "anchors": [f"word{i}", f"phrase {i}"]} for i in range(2000)]
    data = marshal.dumps(value)
    seen: list[int] = []
    gc.callbacks.append(lambda phase, info: seen.append(info["generation"]))
    threshold = gc.get_threshold()
    try:
        gc.set_threshold(100)  # marshal.loads alone would collect about 70 times
        assert gc.isenabled()
        assert kept.unmarshal(data) == value
        assert seen == []
        assert gc.isenabled()
        gc.disable()
        assert kept.unmarshal(data) == value
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        gc.set_threshold(*threshold)
        gc.callbacks.pop()


def test_kept_anchor_layout_of_a_plan_without_a_key_is_laid_out_afresh(here: Path) -> None:
    plan = plan_for.__wrapped__(tuple(r for r in all_rules() if r.is_phrase)[:3])
    keyless = AnchorPlan(plan.rules, plan.index, plan.phrases)
    assert (keyless.patterns, keyless.labels) == (plan.patterns, plan.labels)
    assert keyless.followers == plan.followers
    stored = marshal.loads(
        (here / "__pycache__" / kept.kept_file("anchor-layout").name).read_bytes()
    )
    assert stored[0] == plan.key  # only the keyed plan's layout was kept
