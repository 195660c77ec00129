"""Values kept between runs (review/kept.py): the rule data and the anchor layout."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from secondstory.review import kept
from secondstory.review.anchors import ALL_SECTION_TOKENS, _layout, plan_for
from secondstory.review.ruleset import READER_MODULES, all_rules, rule_data, rule_texts


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
    phrases = tuple(sorted({k.encode() for r in rules for k in r.keywords} | ALL_SECTION_TOKENS))
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
