"""Where code blocks, HTML comments and ERB tags may begin in a text: fence runs (```
and ~~~), "<!--" and "<%", found in one pass of a small automaton over the text's ASCII
bytes (`ahocorasick_rs`, which skips to the rare first bytes of the markers; a substring
search per marker, or a regular expression tried at every line, cost several times more).
review/text.py then reads only those places. (Heading lines are not found this way: their
first byte, a line break, is everywhere, and the automaton then cost more than the search.)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import NamedTuple, Protocol


class Automaton(Protocol):
    def find_matches_as_indexes(
        self, haystack: bytes, overlapping: bool = ...
    ) -> list[tuple[int, int, int]]: ...


_FENCES = (b"```", b"~~~")
_OTHERS = (b"<!--", b"<%")
_PATTERNS = _FENCES + _OTHERS


class Marks(NamedTuple):
    """Offsets in the ASCII bytes of a text; None: not known (no automaton), look everywhere."""

    fences: list[int] | None  # where a run of ``` or ~~~ begins
    comments: list[int] | None  # where "<!--" is
    erb: list[int] | None  # where "<%" is


@cache
def _automaton() -> Automaton | None:
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - a dependency; a build may lack it
        return None
    return ahocorasick_rs.BytesAhoCorasick(list(_PATTERNS))


def find_marks(data: bytes) -> Marks:
    automaton = _automaton()
    if automaton is None:  # pragma: no cover - a dependency; a build may lack it
        fences = b"```" in data or b"~~~" in data
        return Marks(*(None if there else [] for there in (fences, b"<!--" in data, b"<%" in data)))
    found = automaton.find_matches_as_indexes(data)
    if not found:
        return Marks([], [], [])
    return Marks(
        [start for kind, start, _ in found if kind < 2],
        [start for kind, start, _ in found if kind == 2],
        [start for kind, start, _ in found if kind == 3],
    )


def fence_line(
    pattern: re.Pattern[bytes], padded: bytes, start: int, marks: list[int] | None
) -> re.Match[bytes] | None:
    """`pattern.search(padded, start)` for a fence line pattern ("\\n", up to three spaces
    or tabs, a fence run) in "\\n" + text + "\\n". With the offsets of the runs in `padded`
    (`marks`), only their lines are tried: a fence run begins where a marker was found."""
    if marks is None:
        return pattern.search(padded, start)
    for index in range(bisect_left(marks, start + 1), len(marks)):  # no copy of the rest
        mark = marks[index]
        line = padded.rfind(b"\n", max(0, mark - 4), mark)
        if line < start or padded[line + 1 : mark].strip(b" \t"):
            continue
        found = pattern.match(padded, line)
        if found is not None:
            return found
    return None


def outside_code_spans(text: str, offsets: list[int]) -> list[int]:
    """The `offsets` (sorted) that are not inside an inline code span: an even number of
    backticks before them on their line ("`<!--`" is a code span, not a comment: CommonMark).
    The backticks are counted on from the previous offset: linear in the text, whatever the
    number of markers or the length of a line."""
    kept: list[int] = []
    counted, odd = 0, False
    for offset in offsets:
        line_start = text.rfind("\n", counted, offset) + 1
        if line_start:  # a new line since the last count: count from its start
            counted, odd = line_start, False
        odd ^= text.count("`", counted, offset) % 2 == 1
        counted = offset
        if not odd:
            kept.append(offset)
    return kept
