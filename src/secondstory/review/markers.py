"""Where code blocks, HTML comments and ERB tags may begin in a text: fence runs (```
and ~~~), "<!--" and "<%", found in one pass of a small automaton over the text's ASCII
bytes (`ahocorasick_rs`, which skips to the rare first bytes of the markers; a substring
search per marker, or a regular expression tried at every line, cost several times more).
review/text.py then reads only those places. (Heading lines are not found this way: their
first byte, a line break, is everywhere, and the automaton then cost more than the search.)
Here too: the fenced code blocks those markers open (fence_blocks, for the mask and for
review/unclosed.py) and which comment markers sit in inline code (outside_code_spans).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple, Protocol

from secondstory.review import regexcache


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
    """The `offsets` (sorted) that are not inside an inline code span on their line
    ("`<!--`" and "``<!--``" are code spans, not comments: CommonMark; a run of backticks
    opens one and only a run of the same length closes it). The runs are read on from the
    previous offset: linear in the text, whatever the number of markers or the length of
    a line."""
    kept: list[int] = []
    counted, opened = 0, 0  # read up to here; the length of the run that opened a span
    for offset in offsets:
        line_start = text.rfind("\n", counted, offset) + 1
        if line_start:  # a new line since the last count: count from its start
            counted, opened = line_start, 0
        if text.find("`", counted, offset) != -1:
            opened = code_span_opened(text, counted, offset, opened)
        counted = offset
        if not opened:
            kept.append(offset)
    return kept


_BACKTICK_RUN = regexcache.compile(r"`+")


def code_span_opened(text: str, start: int, end: int, opened: int) -> int:
    """The length of the run that opened the code span still open at `end`, reading the
    backtick runs of text[start:end] from the state `opened` (0: outside a span)."""
    for run in _BACKTICK_RUN.finditer(text, start, end):
        size = run.end() - run.start()
        if not opened:
            opened = size
        elif size == opened:
            opened = 0
    return opened


# A fence line opening a code block, searched for in "\n" + text + "\n" (a literal first
# character makes the search fast); the block ends at the same fence on a line of its own.
# (CommonMark: a backtick fence has no backtick after it on its line, "```code```" is
# inline code; the closing fence is at least as long as the opening one.)
_FENCE_OPEN = regexcache.compile(rb"\n[ \t]{0,3}(`{3,}(?=[^`\n]*\n)|~{3,})[^\n]*\n")


@lru_cache(maxsize=64)
def _fence_close(fence: bytes) -> re.Pattern[bytes]:
    longer = re.escape(fence[:1]) + b"*"
    return re.compile(rb"\n[ \t]{0,3}" + re.escape(fence) + longer + rb"[ \t]*(?=\n)")


class FenceBlock(NamedTuple):
    """A fenced code block: [start, end) in the text, its fence (```, ~~~~...), whether a
    closing fence ends it (an open one runs to the end of the text) and the fence's column
    offset from its line's start."""

    start: int
    end: int
    fence: str
    closed: bool
    indent: int


def fence_blocks(text: str | bytes, fences: list[int] | None = None) -> Iterator[FenceBlock]:
    """Each fenced code block, from its opening fence line to the end of its closing fence
    line, or to the end of the text when it is never closed. Searched in the ASCII bytes of
    the text (same offsets, faster than searching a str). `fences`: where runs of ``` and
    ~~~ begin (review/markers.py), so that only their lines are tried. Offsets in `padded`
    ("\n" + text) are one more than in the text: a match's "\n" sits where its line starts."""
    data = text if isinstance(text, bytes) else text.encode("ascii", "replace")
    padded, position = b"\n" + data + b"\n", 0
    marks = None if fences is None else [offset + 1 for offset in fences]  # in `padded`
    while opening := fence_line(_FENCE_OPEN, padded, position, marks):
        closing = fence_line(_fence_close(opening.group(1)), padded, opening.end() - 1, marks)
        end = closing.end() if closing else len(padded)
        body = opening.group(0)[1:]
        indent = len(body) - len(body.lstrip(b" \t"))
        fence = opening.group(1).decode()
        yield FenceBlock(
            opening.start(), min(end - 1, len(data)), fence, closing is not None, indent
        )
        position = end


def fenced_spans(text: str | bytes, fences: list[int] | None = None) -> list[tuple[int, int]]:
    """[start, end) of each fenced code block (fence_blocks)."""
    return [(block.start, block.end) for block in fence_blocks(text, fences)]
