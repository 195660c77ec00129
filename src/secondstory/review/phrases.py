"""Apply the phrase rules (the ones with a `pattern`) to one prepared document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from secondstory.review.anchors import AnchorPlan
from secondstory.review.context import CHECKS, QUICK_REJECTS
from secondstory.review.ruleset import Rule
from secondstory.review.subjects import Context
from secondstory.review.text import Prepared

_CLOSERS = r"[\"')\]*_]*\s+"
# Where a sentence or list item ends. Every alternative opens with a literal character, so
# the search skips quickly to the next candidate. `before` text is searched with a "\n"
# in front when it begins a line.
_BOUNDARY = re.compile(
    rf"\.{_CLOSERS}|!{_CLOSERS}|\?{_CLOSERS}|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+|\||"
    r"\n[ \t]*#{1,6}[^\n]*\n|:\s*\n"
)
_TRIM = " \t\n.!?:-*+,;"
WINDOW = 250


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase rule's match: the rule and the [start, end) offsets in the document."""

    rule: Rule
    start: int
    end: int
    text: str


def _sentence(lower: str, start: int, end: int) -> tuple[str, str]:
    window_start = max(0, start - WINDOW)
    at_line_start = window_start == 0 or lower[window_start - 1] == "\n"
    before = ("\n" if at_line_start else "") + lower[window_start:start]
    cut = int(at_line_start)
    for boundary in _BOUNDARY.finditer(before):
        cut = boundary.end()
    after = lower[end : end + WINDOW]
    stop = _BOUNDARY.search(after)
    return before[cut:], after[: stop.start() + 1] if stop else after


def _trimmed(lower: str, start: int, end: int) -> tuple[int, int]:
    while start < end and lower[start] in _TRIM:
        start += 1
    while end > start and lower[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


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
    before, after = _sentence(doc.lower, start, end)
    before, after = before.replace("\n", " "), after.replace("\n", " ")
    unless = rule.unless_before
    if unless is not None and unless.search(before):
        return False
    unless = rule.unless_after
    if unless is not None and unless.search(after):
        return False
    if rule.check:
        raw_before = doc.raw[start - len(before) : start] if len(before) <= start else ""
        context = Context(before, doc.flat[start:end], after, people, doc.account, raw_before)
        return CHECKS[rule.check](context)
    return True


_LEADING = "([{\"'*_`>#|~"


def _starts(flat: str, position: int, lead: int) -> list[int]:
    """Where a match may begin: the anchor word and up to `lead` words before it, farthest first."""
    starts = [position]
    index = position
    for _ in range(lead):
        if index <= 0:
            break
        before = flat.rfind(" ", 0, index - 1)
        start = before + 1
        while start < index and flat[start] in _LEADING:
            start += 1
        if start >= index:
            index = start if before == -1 else before
            continue
        starts.append(start)
        index = start
    starts.reverse()
    return starts


def _starts_for(doc: Prepared, rule: Rule, position: int) -> list[int]:
    if rule.multiline:
        return [doc.lower.rfind("\n", 0, position) + 1]
    if not rule.lead:
        return [position]
    begins = _starts(doc.flat, position, rule.lead)
    if rule.starts:  # only where one of the rule's first words is (the anchor's own too)
        flat = doc.flat
        return [b for b in begins if b == position or flat.startswith(rule.starts, b)]
    return begins


def find_hits(doc: Prepared, plan: AnchorPlan, people: tuple[str, ...] = ()) -> Iterator[Hit]:
    """Matches of the phrase rules, tried only where their anchors are."""
    found = plan.positions(doc.ascii)
    candidates = plan.candidates(found, bool(doc.section)) if found else []
    if not candidates:
        return
    flat = doc.flat
    for rule, positions in candidates:
        pattern = rule.pattern
        assert pattern is not None
        text = doc.lower if rule.multiline else flat
        seen: dict[int, int] = {}  # where a match was tried -> where it ended
        for position in sorted(set(positions)) if len(positions) > 1 else positions:
            for begin in _starts_for(doc, rule, position):
                if seen.get(begin, -1) > position:
                    break  # this anchor is inside a match already judged
                match = pattern.match(text, begin)
                if match is None or match.end() <= position:
                    continue
                start, end = _trimmed(flat, match.start(), match.end())
                seen[begin] = match.end()
                if (
                    start < end
                    and not doc.is_masked(start)
                    and _accepts(rule, doc, start, end, people)
                ):
                    yield Hit(rule, start, end, doc.raw[start:end])
                break
