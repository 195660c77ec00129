"""Apply the phrase rules (the ones with a `pattern`) to one prepared document."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from secondstory.review import regexcache
from secondstory.review.anchors import DIRECTIVE_WORD, AnchorPlan
from secondstory.review.context import CHECKS, QUICK_REJECTS
from secondstory.review.ruleset import Rule
from secondstory.review.subjects import Context
from secondstory.review.text import Prepared

_CLOSERS = r"[\"')\]*_]*\s+"
# Where a sentence or list item ends. Every alternative opens with a literal character, so
# the search skips quickly to the next candidate. `before` text is searched with a "\n"
# in front when it begins a line.
_BOUNDARY = regexcache.compile(
    rf"\.{_CLOSERS}|!{_CLOSERS}|\?{_CLOSERS}|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+|\||"
    r"\n[ \t]*#{1,6}[^\n]*\n|:\s*\n"
)
_TRIM = " \t\n.!?:-*+,;|"
WINDOW = 250
_CUT = "\u2026 "  # opens a sentence window cut short, where no sentence begins


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase rule's match: the rule and the [start, end) offsets in the document."""

    rule: Rule
    start: int
    end: int
    text: str


def _sentence(lower: str, start: int, end: int) -> tuple[str, str, bool]:
    """The text before the match back to its sentence's start, the text after it to the
    sentence's end, and whether the start is only where the window ends (a sentence longer
    than WINDOW: its first word there is no sentence opening)."""
    window_start = max(0, start - WINDOW)
    at_line_start = window_start == 0 or lower[window_start - 1] == "\n"
    before = ("\n" if at_line_start else "") + lower[window_start:start]
    last = deque(_BOUNDARY.finditer(before), maxlen=1)  # the last boundary, found in C
    cut = last[0].end() if last else int(at_line_start)
    after = lower[end : end + WINDOW]
    stop = _BOUNDARY.search(after)
    return before[cut:], after[: stop.start() + 1] if stop else after, not (last or at_line_start)


def _trimmed(lower: str, start: int, end: int) -> tuple[int, int]:
    while start < end and lower[start] in _TRIM:
        start += 1
    while end > start and lower[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


_UNLESS: dict[Rule, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}


def _unless(rule: Rule) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The rule's `unless_before` and `unless_after` patterns (kept here: the properties
    look them up in a cache keyed by four values on every call)."""
    found = _UNLESS.get(rule)
    if found is None:
        found = _UNLESS[rule] = (rule.unless_before, rule.unless_after)
    return found


def _accepts(rule: Rule, doc: Prepared, start: int, end: int, people: tuple[str, ...]) -> bool:
    if rule.skip_headings and doc.in_heading(start):
        return False
    if rule.sections or rule.not_sections:
        section = doc.section_at(start)
        if rule.sections and section not in rule.sections:
            return False
        if section in rule.not_sections:
            return False
    if not (rule.check or rule.before_text or rule.after_text):
        return True
    quick = QUICK_REJECTS.get(rule.check)
    if quick is not None and quick(doc.flat, start, end, people):
        return False  # decided from the few words before the match, without the sentence
    before, after, cut_short = _sentence(doc.lower, start, end)
    opening = start - len(before)  # where the sentence begins in the raw text
    before, after = before.replace("\n", " "), after.replace("\n", " ")
    if cut_short:  # not a sentence opening: "should have ..." cut there is no question
        before = _CUT + before
    unless_before, unless_after = _unless(rule)
    if unless_before is not None and unless_before.search(before):
        return False
    if unless_after is not None and unless_after.search(after):
        return False
    if rule.check:
        raw = doc.raw
        context = Context(
            before,
            doc.flat[start:end],
            after,
            people,
            doc.account,
            raw[opening:start] if opening >= 0 else "",
            raw[end : end + 40],
            raw[start:end],
        )
        return CHECKS[rule.check](context)
    return True


_LEADING = "([{\"'*_`>#|~"


def _starts_with(
    flat: str,
    position: int,
    lead: int,
    words: tuple[str, ...] | None,
    initials: frozenset[str] = frozenset(),
) -> list[int]:
    """Where a match may begin: the anchor word and up to `lead` words before it, farthest
    first; with `words`, only the word starts that begin with one of them (`initials`:
    their first letters, a quick test most word starts fail)."""
    starts = [position]
    index = position
    rfind, startswith, leading = flat.rfind, flat.startswith, _LEADING
    for _ in range(lead):
        if index <= 0:
            break
        before = rfind(" ", 0, index - 1)
        start = before + 1
        while start < index and flat[start] in leading:
            start += 1
        if start >= index:
            index = start if before == -1 else before
            continue
        if words is None or (flat[start] in initials and startswith(words, start)):
            starts.append(start)
        index = start
    starts.reverse()
    return starts


def _starts(flat: str, position: int, lead: int) -> list[int]:
    """Where a match may begin: the anchor word and up to `lead` words before it, farthest first."""
    return _starts_with(flat, position, lead, None)


@cache
def _initials(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word[0] for word in words)


def _lead_spans(
    flat: str, rule: Rule, pattern: re.Pattern[str], positions: list[int]
) -> list[tuple[int, int]]:
    """A rule whose match may begin up to `lead` words before its anchor: tried at each of
    those words (farthest first; when the rule lists `starts`, only the words that begin
    with one, most of them rejected on the first letter); the first match that reaches past
    the anchor counts. An anchor inside a match already judged is not tried again."""
    spans = []
    lead, words = rule.lead, rule.starts
    initials = _initials(words) if words else frozenset()
    seen: dict[int, int] = {}  # where a match was tried -> where it ended
    for position in positions:
        if words:
            begins = _starts_with(flat, position, lead, words, initials)
        else:
            begins = _starts(flat, position, lead)
        for begin in begins:
            if seen.get(begin, -1) > position:
                break  # this anchor is inside a match already judged
            match = pattern.match(flat, begin)
            if match is None or match.end() <= position:
                continue
            seen[begin] = match.end()
            spans.append(_trimmed(flat, match.start(), match.end()))
            break
    return spans


def _line_spans(
    doc: Prepared, pattern: re.Pattern[str], positions: list[int]
) -> list[tuple[int, int]]:
    """A multi-line rule (`^...`) is tried from the start of each anchor's line."""
    lower, flat = doc.lower, doc.flat
    spans = []
    seen: dict[int, int] = {}
    for position in positions:
        begin = lower.rfind("\n", 0, position) + 1
        if seen.get(begin, -1) > position:
            continue
        match = pattern.match(lower, begin)
        if match is None or match.end() <= position:
            continue
        seen[begin] = match.end()
        spans.append(_trimmed(flat, match.start(), match.end()))
    return spans


def _spans(
    doc: Prepared, rule: Rule, pattern: re.Pattern[str], positions: list[int]
) -> list[tuple[int, int]]:
    """The (trimmed) matches of one rule tried from its anchors (sorted, each once)."""
    if rule.multiline:
        return _line_spans(doc, pattern, positions)
    flat = doc.flat
    if rule.lead:
        return _lead_spans(flat, rule, pattern, positions)
    spans = []
    for position in positions:  # the match begins at the anchor
        match = pattern.match(flat, position)
        if match is not None and match.end() > position:
            spans.append(_trimmed(flat, position, match.end()))
    return spans


def find_hits(doc: Prepared, plan: AnchorPlan, people: tuple[str, ...] = ()) -> Iterator[Hit]:
    """Matches of the phrase rules, tried only where their anchors are."""
    found = plan.positions(doc.ascii)
    doc.directive_word = DIRECTIVE_WORD in found
    candidates = plan.candidates(found, bool(doc.section)) if found else []
    for rule, pattern, positions in candidates:
        for start, end in _spans(doc, rule, pattern, positions):
            # the context check first: it turns down three in four, and the mask (code,
            # quotes, links) costs more per call than is saved by asking it first
            if start < end and _accepts(rule, doc, start, end, people) and not doc.is_masked(start):
                yield Hit(rule, start, end, doc.raw[start:end])
