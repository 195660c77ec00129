"""An HTML comment or code fence that is never closed: as CommonMark renders it, the rest of
the file is hidden (a comment) or shown as code (a fence), so lint reads none of it as prose.
That is reported for the file (`kind` "unclosed", exit 1), never passed in silence: the
writer almost always forgot the `-->` or the closing fence, and readers miss the text too."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right

from secondstory.review.finding import FileError
from secondstory.review.markers import Marks, fence_blocks, find_marks, outside_code_spans

_COMMENT_CLOSE = "-->"


def unclosed_errors(
    text: str, shown: str, data: bytes | None = None, marks: Marks | None = None
) -> list[FileError]:
    """The first unclosed comment or fence of `text` (only the first: it hides the rest).
    `data` and `marks`: its ASCII bytes and their markers, when already made."""
    if data is None:
        data = text.encode("ascii", "replace")  # markers found in one pass over the bytes
    if marks is None:
        marks = find_marks(data)
    erb = _open_erb_tag(text) if shown.endswith(".erb") and marks.erb != [] else None
    if not marks.fences and not marks.comments and marks.fences is not None and erb is None:
        return []
    fences, open_fence = _fences(text, data, marks.fences)
    comment = _open_comment(text, fences, marks.comments) if marks.comments != [] else None
    candidates = [c for c in (comment, open_fence, erb) if c is not None]
    if not candidates:
        return []
    offset, what, closing = min(candidates)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    last = text.count("\n", 0, len(text.rstrip())) + 1
    hidden = f"line {line}" if last <= line else f"lines {line}-{last}"
    return [
        FileError(
            shown,
            line,
            column,
            f"{what} opened here is never closed: {hidden} were not linted",
            "unclosed",
            hint=f"close it with {closing} where it should end",
        )
    ]


def _fences(
    text: str, data: bytes, fences: list[int] | None
) -> tuple[list[tuple[int, int]], tuple[int, str, str] | None]:
    """The closed fenced blocks' [start, end) spans, and the unclosed fence, if any: (its
    offset, what it is, what closes it)."""
    spans: list[tuple[int, int]] = []
    for block in fence_blocks(data, fences):
        if not block.closed:
            line_end = text.find("\n", block.start)
            if line_end == -1 or not text[line_end:].strip():
                return spans, None  # nothing after the fence line: nothing is hidden
            what = f"the code fence {block.fence}"
            return spans, (block.start + block.indent, what, f"a {block.fence} line")
        spans.append((block.start, block.end))
    return spans, None


def _open_comment(
    text: str, fences: list[tuple[int, int]], markers: list[int] | None
) -> tuple[int, str, str] | None:
    """The first `<!--` outside code with no `-->` after it. A comment ends at the first
    `-->` (CommonMark), so the search goes on from there: linear in the text."""
    if markers is None:
        markers = [found.start() for found in re.finditer("<!--", text)]
    position = 0
    for start in outside_code_spans(text, markers):
        if start < position or _in_fence(fences, start):
            continue
        end = text.find(_COMMENT_CLOSE, start + 4)
        if end == -1:
            if not text[start + 4 :].strip():
                return None
            return start, "the HTML comment <!--", "-->"
        position = end + 3
    return None


def _open_erb_tag(text: str) -> tuple[int, str, str] | None:
    """In an ERB template, the first `<%` with no `%>` after it (the template engine reads
    tags before Markdown is, so code spans do not hide them)."""
    position = 0
    while (start := text.find("<%", position)) != -1:
        end = text.find("%>", start + 2)
        if end == -1:
            return None if not text[start + 2 :].strip() else (start, "the ERB tag <%", "%>")
        position = end + 2
    return None


def _in_fence(fences: list[tuple[int, int]], offset: int) -> bool:
    index = bisect_right(fences, (offset, sys.maxsize)) - 1
    return index >= 0 and fences[index][0] <= offset < fences[index][1]
