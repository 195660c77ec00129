"""The linter's shortcuts give what the straightforward paths give, on varied inputs."""

from __future__ import annotations

import random
import re
from pathlib import Path

from secondstory.regexparts import split_top
from secondstory.review.anchors import AnchorPlan, plan_for
from secondstory.review.context import _PERSON_NEAR, _WORD
from secondstory.review.markers import fenced_spans, find_marks
from secondstory.review.phrases import _accepts, _starts, _starts_with, _trimmed, find_hits
from secondstory.review.ruleset import _pattern_source, _source, all_rules
from secondstory.review.subjects import last_word
from secondstory.review.text import (
    _BLOCKS,
    Prepared,
    _block_matches,
    lower_from_ascii,
    lower_same_length,
    prepare,
)
from secondstory.review.words import PERSON_TOKENS

from conftest import EXAMPLE_LIBRARY

_LINES = [
    "```",
    "```python",
    "````",
    "  ~~~~ py",
    "~~~",
    "    ```",
    "\t```",
    " \t ```",
    "text ``` inline ```",
    "`` not a fence",
    "```` ` ``",
    "<!-- a comment",
    "-->",
    "<% erb %>",
    "<!-- one --> and <!-- two <!-- nested -->",
    "<%= x <% y %> %>",
    "<!--",
    "<%",
    "%> -->",
    "plain words here",
    "",
    "   ",
    "~~~~~~~~",
    "``````",
    "# Heading",
    "## Action items",
    "   ### Impact",
    "\t# tabbed",
    "    # four spaces",
    " \t **Bold heading**",
    "**Summary**:",
    "**not a heading** here",
    "#hashtag",
    "text # not a heading",
    "  **",
]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = [rng.choice(_LINES) for _ in range(rng.randint(0, 14))]
        texts.append(rng.choice(["", "\n"]) + "\n".join(lines) + rng.choice(["", "\n"]))
    return texts


def _fast(text: str) -> list[tuple[int, int]]:
    data = text.encode("ascii", "replace")
    return fenced_spans(data, find_marks(data).fences)


def test_review_matcher_fastpath_fences_found_from_markers_equal_the_regex_search() -> None:
    texts = _texts(3000, 7)
    assert [_fast(t) for t in texts] == [fenced_spans(t) for t in texts]
    assert sum(bool(fenced_spans(t)) for t in texts) > 1000  # the texts do have blocks


def test_review_matcher_fastpath_markers_report_what_substring_tests_report() -> None:
    for text in _texts(1000, 11):
        data = text.encode("ascii", "replace")
        marks = find_marks(data)
        assert bool(marks.fences) == (b"```" in data or b"~~~" in data)
        assert (bool(marks.comments), bool(marks.erb)) == (b"<!--" in data, b"<%" in data)
        for offsets, pattern in zip((marks.comments, marks.erb), _BLOCKS, strict=True):
            assert _block_matches(pattern, text, offsets) == _block_matches(pattern, text, None)


def _real_texts(folder: Path) -> list[str]:
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt", ".erb"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def test_review_matcher_fastpath_fences_equal_on_real_texts(corpora: Path) -> None:
    texts = _real_texts(corpora) + _real_texts(EXAMPLE_LIBRARY)
    assert len(texts) > 200
    assert [_fast(t) for t in texts] == [fenced_spans(t) for t in texts]


def _reference_hits(doc: Prepared, plan: AnchorPlan) -> list[tuple[str, int, int]]:
    """The straightforward matcher: every rule at every word start its anchors allow."""
    found = plan.positions(doc.ascii)
    hits = []
    for rule, _, positions in plan.candidates(found, bool(doc.section)) if found else []:
        assert rule.pattern is not None
        text = doc.lower if rule.multiline else doc.flat
        seen: dict[int, int] = {}
        for position in positions:
            if rule.multiline:
                begins = [doc.lower.rfind("\n", 0, position) + 1]
            else:
                begins = _starts(doc.flat, position, rule.lead)
                if rule.starts:
                    begins = [
                        b for b in begins if b == position or doc.flat.startswith(rule.starts, b)
                    ]
            for begin in begins:
                if seen.get(begin, -1) > position:
                    break
                match = rule.pattern.match(text, begin)
                if match is None or match.end() <= position:
                    continue
                start, end = _trimmed(doc.flat, match.start(), match.end())
                seen[begin] = match.end()
                if start < end and not doc.is_masked(start) and _accepts(rule, doc, start, end, ()):
                    hits.append((rule.code, start, end))
                break
    return hits


def test_review_matcher_fastpath_hits_equal_the_straightforward_matcher(corpora: Path) -> None:
    plan = plan_for(tuple(r for r in all_rules() if r.is_phrase))
    texts = _real_texts(corpora) + _real_texts(EXAMPLE_LIBRARY)
    texts += [e for r in all_rules() for e in (*r.bad, *r.good)]
    fast = [[(h.rule.code, h.start, h.end) for h in find_hits(prepare(t), plan)] for t in texts]
    assert fast == [_reference_hits(prepare(t), plan) for t in texts]
    assert sum(map(len, fast)) > 400


def test_review_matcher_fastpath_span_line_cols_equal_line_col_of_each_end() -> None:
    rng = random.Random(5)
    for text in _texts(300, 17):
        doc = prepare(text)
        for _ in range(5):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert doc.span_line_cols(start, end) == (doc.line_col(start), doc.line_col(end))


def test_review_matcher_fastpath_lower_from_ascii_equals_lower_same_length() -> None:
    rng = random.Random(23)
    pieces = ["Plain ASCII. ", "Why? ", "??", "It\u2019s ", "\u0130STANBUL ", "\u00c9T\u00c9 "]
    pieces += ["\u65e5\u672c ", "\U0001f600 ", "\u201cQuoted\u201d ", "caf\u00e9? ", "\n", "A"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    texts += [t + "\u03a3\u039f\u03a6\u0399\u0391 \u03a3" for t in texts[:200]]  # capital sigmas
    texts += ["\u00e9" * 300, "?" * 300 + "\u00c9", "x" * 5000 + "\u00c9" + "?" * 20]
    for text in texts:
        data = text.encode("ascii", "replace")
        assert lower_from_ascii(text, data) == lower_same_length(text)


def test_review_matcher_fastpath_starts_with_equals_filtered_starts(corpora: Path) -> None:
    plan = plan_for(tuple(r for r in all_rules() if r.is_phrase))
    checked = 0
    for text in _real_texts(corpora):
        doc = prepare(text)
        for rule, _, positions in plan.candidates(plan.positions(doc.ascii), False):
            if not rule.starts or rule.multiline:
                continue
            initials = frozenset(word[0] for word in rule.starts)
            for position in positions:
                for lead in (rule.lead, 1, 9):
                    expected = [
                        b
                        for b in _starts(doc.flat, position, lead)
                        if b == position or doc.flat.startswith(rule.starts, b)
                    ]
                    found = _starts_with(doc.flat, position, lead, rule.starts, initials)
                    assert found == expected
                    checked += 1
    assert checked > 1000


def _windows(texts: list[str]) -> list[str]:
    """Every 80-character stretch before a word of real text, lower-cased as the checks see it."""
    found: list[str] = []
    for text in texts:
        flat = lower_same_length(text).replace("\n", " ")
        found += [flat[max(0, m.start() - 80) : m.start()] for m in re.finditer(r"\b\w", flat)]
    return found


def test_review_matcher_fastpath_person_tokens_cover_every_person_word(corpora: Path) -> None:
    """_no_person_near asks for a word of PERSON_TOKENS instead of the people-word regular
    expression: wherever the expression finds a person, one of those words is there."""
    windows = _windows(_real_texts(corpora) + _real_texts(EXAMPLE_LIBRARY))
    missed = [
        w
        for w in windows
        if _PERSON_NEAR.search(w) and "@" not in w and PERSON_TOKENS.isdisjoint(_WORD.findall(w))
    ]
    assert len(windows) > 100_000
    assert missed == []


def test_review_matcher_fastpath_last_word_equals_the_regex(corpora: Path) -> None:
    reference = re.compile(r"(?:^|[^\w'@-])(\w+)\s*$")
    tails = [w[-60:] for w in _windows(_real_texts(EXAMPLE_LIBRARY))] + [
        "",
        " ",
        "it's",
        "@sam ",
        "re-run",
        "x_y  ",
        "Greg, ",
        "a 42",
        "ünïcode  ",
        "don't",
    ]
    for tail in tails:
        match = reference.search(tail)
        assert last_word(tail) == (None if match is None else (match.start(1), match.group(1)))


def test_review_matcher_fastpath_alternatives_split_at_the_top_level() -> None:
    pattern = r"a|b(c|d)|[|]|e\|f|[]|]x|[^]|]y"
    assert split_top(pattern) == ["a", "b(c|d)", "[|]", r"e\|f", "[]|]x", "[^]|]y"]


def test_review_matcher_fastpath_boundaries_grouped_in_their_order() -> None:
    grouped = _pattern_source(r"\bfoo|\bbar|(?<=x)baz|\bqux")
    assert grouped == r"\b(?:foo|bar)|(?<=x)baz|\b(?:qux)"


def test_review_matcher_fastpath_grouped_patterns_match_as_written() -> None:
    """Every phrase rule's pattern, its word-boundary alternatives grouped, finds the same
    matches in the example library as the pattern written in the rule."""
    text = "\n".join(_real_texts(EXAMPLE_LIBRARY)).lower()
    rules = [r for r in all_rules() if r.is_phrase and r.pattern is not None]
    assert len(rules) > 30
    for rule in rules:
        assert rule.pattern is not None
        written = re.compile(_source(rule.source["pattern"]) or "", rule.pattern.flags)
        assert [m.span() for m in rule.pattern.finditer(text)] == [
            m.span() for m in written.finditer(text)
        ], rule.code
