"""Apply the phrase rules (the ones with a `pattern`) to one prepared document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from secondstory.review.context import CHECKS, Context
from secondstory.review.ruleset import Rule
from secondstory.review.text import Prepared

_BOUNDARY = re.compile(
    r"[.!?](?:[\"')\]*_]*)\s+|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+|\||^[ \t]*#{1,6}[^\n]*\n|:\s*\n",
    re.M,
)
_TRIM = " \t\n.!?:-*+,;"
WINDOW = 400


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase rule's match: the rule and the [start, end) offsets in the document."""

    rule: Rule
    start: int
    end: int
    text: str


def _sentence(lower: str, start: int, end: int) -> tuple[str, str]:
    window_start = max(0, start - WINDOW)
    before = lower[window_start:start]
    cut = 0
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
    if rule.skip_headings and doc.headings and doc.in_heading(start):
        return False
    if rule.sections or rule.not_sections:
        section = doc.section_at(start)
        if rule.sections and section not in rule.sections:
            return False
        if section in rule.not_sections:
            return False
    if not (rule.check or rule.unless_before or rule.unless_after):
        return True
    before, after = _sentence(doc.lower, start, end)
    before, after = before.replace("\n", " "), after.replace("\n", " ")
    if rule.unless_before is not None and rule.unless_before.search(before):
        return False
    if rule.unless_after is not None and rule.unless_after.search(after):
        return False
    if rule.check:
        return CHECKS[rule.check](Context(before, doc.flat[start:end], after, people))
    return True


def find_hits(doc: Prepared, rules: Iterable[Rule], people: tuple[str, ...] = ()) -> Iterator[Hit]:
    lower = doc.lower
    for rule in rules:
        pattern = rule.pattern
        if pattern is None:
            continue
        if rule.keywords and not any(word in lower for word in rule.keywords):
            continue
        if doc.ignore_case:
            pattern = re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)
        text = lower if pattern.flags & re.MULTILINE else doc.flat
        for match in pattern.finditer(text):
            start, end = _trimmed(lower, match.start(), match.end())
            if start < end and _accepts(rule, doc, start, end, people):
                yield Hit(rule, start, end, doc.raw[start:end])
