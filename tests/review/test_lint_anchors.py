"""Anchor phrases: the scanner finds them all, and every match of a rule contains one.

A phrase rule is tried only where one of its anchors is, so an anchor list that misses a
form of the phrase silently loses findings. These tests run each rule's pattern over every
position of real text (the rule examples, the example library, the real corpora) and check
that the anchor gate would have tried each match.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secondstory.errors import ConfigError
from secondstory.review.anchors import _scanner, _scanner_program, plan_for
from secondstory.review.phrases import _starts
from secondstory.review.ruleset import Rule, all_rules, build_rule, expand_anchors
from secondstory.review.text import prepare
from secondstory.trie import trie_pattern

from conftest import EXAMPLE_LIBRARY

PHRASE_RULES = tuple(r for r in all_rules() if r.is_phrase)
PLAN = plan_for.__wrapped__(PHRASE_RULES)  # not the linter's plan: these tests set its search
REGEX_PLAN = plan_for(PHRASE_RULES, compiled=False)


@pytest.fixture(autouse=True)
def _automaton_from_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The automaton reads every byte here (a run starts with the trie expression)."""
    monkeypatch.setattr("secondstory.review.anchors.REGEX_SCAN_BYTES", 0)


def _ungated(rule: Rule, text: str) -> list[tuple[int, int]]:
    doc = prepare(text)
    view = doc.lower if rule.multiline else doc.flat
    assert rule.pattern is not None
    return [m.span() for m in rule.pattern.finditer(view) if m.end() > m.start()]


def _reachable(rule: Rule, text: str, span: tuple[int, int]) -> bool:
    """The engine would try `span`: an anchor of `rule` inside it, with the start of the
    match among the word starts the engine tries from that anchor."""
    doc = prepare(text)
    index = PLAN.index
    start, end = span
    for phrase, positions in PLAN.positions(text).items():
        if rule not in index.get(phrase, ()):
            continue
        for position in positions:
            if not start <= position < end:
                continue
            if rule.multiline:  # tried from the anchor's line start; `^\s*` may begin earlier
                line_start = doc.lower.rfind("\n", 0, position) + 1
                if start <= line_start and not doc.lower[start:line_start].strip():
                    return True
            elif start in _starts(doc.flat, position, rule.lead):
                return True
    return False


def _unreached(texts: list[tuple[str, str]]) -> list[str]:
    missed = []
    for name, text in texts:
        for rule in PHRASE_RULES:
            for span in _ungated(rule, text):
                if not _reachable(rule, text, span):
                    missed.append(f"{rule.code} {name}: {text[span[0] : span[1]]!r}")
    return missed


def test_anchors_reach_every_match_in_the_rule_examples() -> None:
    texts = [(f"{r.code} example", e) for r in all_rules() for e in (*r.bad, *r.good)]
    assert _unreached(texts) == []


def test_anchors_reach_every_match_in_the_example_library() -> None:
    files = sorted(EXAMPLE_LIBRARY.rglob("*.md"))
    assert len(files) > 50
    texts = [(str(p.relative_to(EXAMPLE_LIBRARY)), p.read_text(encoding="utf-8")) for p in files]
    assert _unreached(texts) == []


def test_anchors_reach_every_match_in_the_real_corpora(corpora: Path) -> None:
    files = sorted(p for p in corpora.rglob("*") if p.suffix in (".md", ".txt", ".erb"))
    assert len(files) >= 162
    texts = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in files]
    assert _unreached(texts) == []


def test_anchors_expand_alternatives_into_phrases() -> None:
    assert expand_anchors(["fail|failed to", "root", "a|b c|d e"]) == (
        "fail to",
        "failed to",
        "root",
        "a c e",
        "a d e",
        "b c e",
        "b d e",
    )


def test_anchors_scanner_finds_overlapping_and_prefix_phrases() -> None:
    text = "It was caused by a deploy. If we had we known, had we?"
    found = PLAN.positions(text)
    index = PLAN.index
    assert found[b"caused by"] == [7]
    assert found[b"caused"] == [7]
    assert {r.code for r in index[b"caused by"]} == {"BL110"}
    assert "BL106" in {r.code for r in index[b"caused"]}
    assert found[b"we had"] == [30]
    assert found[b"had we"] == [33, 47]


def test_anchors_scanner_matches_phrases_across_wrapped_lines() -> None:
    for plan in (PLAN, REGEX_PLAN):
        found = plan.positions("We should\n   have checked. Should, \n  have; it should.")
        assert found == {b"should have": [3, 27]}


def _library_texts() -> list[bytes]:
    """The example library's files as committed: not the cache a run leaves in
    `.secondstory/` (binary, and not the library's text)."""
    files = sorted(EXAMPLE_LIBRARY.rglob("*"))
    return [p.read_bytes() for p in files if p.is_file() and ".secondstory" not in p.parts]


def _same_positions(texts: list[bytes]) -> list[int]:
    def norm(found: dict[bytes, list[int]]) -> dict[bytes, list[int]]:
        return {phrase: sorted(set(positions)) for phrase, positions in found.items()}

    return [
        i for i, t in enumerate(texts) if norm(PLAN.positions(t)) != norm(REGEX_PLAN.positions(t))
    ]


def test_anchors_compiled_search_finds_what_the_regex_finds_in_the_example_library() -> None:
    texts = _library_texts()
    assert PLAN.automaton is not None
    assert _same_positions(texts) == []


def test_anchors_compiled_search_finds_what_the_regex_finds_in_the_real_corpora(
    corpora: Path,
) -> None:
    texts = [p.read_bytes() for p in sorted(corpora.rglob("*")) if p.is_file()]
    assert len(texts) >= 162
    assert _same_positions(texts) == []


def test_anchors_fast_reading_automaton_finds_what_the_quick_build_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _library_texts()
    quick, fast = plan_for.__wrapped__(PHRASE_RULES), plan_for.__wrapped__(PHRASE_RULES)
    by_quick = [quick.positions(t) for t in texts]
    monkeypatch.setattr("secondstory.review.anchors.FAST_SCAN_AFTER", 0)
    fast.positions(b"warm up: more than no bytes read")
    found = [(a, fast.positions(t)) for a, t in zip(by_quick, texts, strict=True)]
    assert (len(quick._automata), len(fast._automata)) == (1, 2)
    assert [i for i, (a, b) in enumerate(found) if a != b] == []


def test_anchors_quick_build_serves_until_enough_bytes_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_for.__wrapped__(PHRASE_RULES)
    monkeypatch.setattr("secondstory.review.anchors.FAST_SCAN_AFTER", 100)
    plan.positions(b"x" * 60)
    plan.positions(b"x" * 60)
    first = plan.automaton
    assert len(plan._automata) == 2
    assert plan._scanned == [124]
    assert plan.automaton is first


def test_anchors_trie_expression_serves_a_short_run_then_the_automaton(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_for.__wrapped__(PHRASE_RULES)
    monkeypatch.setattr("secondstory.review.anchors.REGEX_SCAN_BYTES", 100)
    first = plan.positions(b"the engineer forgot to renew it, human error" + b" x" * 20)
    assert (plan._automata, plan._compiled != [], plan._scanned) == ([], True, [86])
    second = plan.positions(b"the engineer forgot to renew it, human error")
    assert (plan._automata, plan._scanned) == ([], [132])  # 100 bytes read: built next
    third = plan.positions(b"the engineer forgot to renew it, human error")
    assert (len(plan._automata), plan._scanned) == (1, [178])
    assert sorted(first) == sorted(second) == sorted(third)
    assert sorted(third) == [b"forgot", b"human error"]


def test_anchors_trie_expression_is_kept_between_runs(tmp_path: Path) -> None:
    words = (b"forgot", b"forgot to", b"human error")
    kept = _scanner(words)
    assert kept.pattern == _scanner_program(words)[0]
    assert re.compile(kept.pattern).findall(b" we forgot to ") == kept.findall(b" we forgot to ")
    assert kept.findall(b" we forgot to , human  error ") == [b"forgot to", b"human  error"]


@pytest.mark.parametrize("anchors", [[], ["Should"], ["should  have"], ["fail|"], ["a-b"]])
def test_anchors_malformed_are_a_config_error(anchors: list[str]) -> None:
    data = {
        "code": "XX999",
        "name": "x",
        "category": "blame",
        "severity": "warning",
        "why": "w",
        "suggestion": "s",
        "pattern": "x",
        "anchors": anchors,
    }
    with pytest.raises(ConfigError, match="XX999: a phrase rule needs `anchors`"):
        build_rule(data)


def test_anchors_trie_pattern_matches_the_longest_phrase_and_runs_of_spaces() -> None:
    pattern = re.compile(trie_pattern(["caused", "caused by", "cause"], space=" +"))
    assert [pattern.match(t).group() for t in ("caused  by x", "caused x", "cause x")] == [
        "caused  by",
        "caused",
        "cause",
    ]
    assert trie_pattern([]) == "(?!)"
