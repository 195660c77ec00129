"""Indented code blocks, as CommonMark reads them: lines indented four columns or more
after a blank line, a heading or a closing code fence (logs, commands and config pasted the
way Markdown wrote code before fences). Inside a list item the four columns count from the
item's content, so a list item's second paragraph ("- item", a blank line, "  more text")
stays prose; an indented line cannot interrupt a paragraph, so a wrapped line indented by
four stays prose too.

reStructuredText's literal blocks: the indented lines after a paragraph that ends with
"::" (or a `.. code-block::` directive). Plain text has neither: an indented line there is
prose."""

from __future__ import annotations

from secondstory.review import regexcache

# A line that is not a paragraph, so that an indented line after it opens a code block: a
# blank line (\r: CRLF line ends), an ATX heading, a code fence (after the closing one; an
# opening one's block is masked as fenced code), a thematic break or a setext underline.
_NOT_PARAGRAPH = (
    rb"(?:[ \t\r]*|[ \t]{0,3}(?:#{1,6}(?:[ \t][^\n]*)?|(?:`{3,}|~{3,})[ \t\r]*|=+[ \t\r]*"
    rb"|(?:-[ \t]*){3,}\r?|(?:\*[ \t]*){3,}\r?|(?:_[ \t]*){3,}\r?))\n"
)
# Such a line, then a line indented by four columns or more (a tab counts to the next
# multiple of four); or an indented line opening the text. One search over the text: it
# stops only at line breaks, and most lines fail on their first character.
_INDENTED = rb"(?=(?: {4}|\t| {1,3}\t)[ \t]*\S)"
_AFTER_BLANK = regexcache.compile(rb"\n" + _NOT_PARAGRAPH + _INDENTED)
_OPENING = regexcache.compile(rb"(?:" + _NOT_PARAGRAPH + rb")?" + _INDENTED)
_LIST_ITEM = regexcache.compile(rb"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)\S")
_FENCE = regexcache.compile(rb"[ \t]{0,3}(?:`{3,}|~{3,})")
# How far back a block looks for the list item it may belong to.
LOOK_BACK_LINES = 200


def in_indented_code(data: bytes, offset: int) -> bool:
    """Whether `offset` is inside an indented code block of `data`: read only around its
    line, and only when that line is indented (a match in prose costs one look at its
    line's first characters; a whole document is never scanned for blocks)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    if _width(data, line_start) < 4:
        return False
    run_start = begin = line_start
    for _ in range(LOOK_BACK_LINES):  # up over the blank and indented lines above it
        if run_start == 0:
            break
        above = data.rfind(b"\n", 0, run_start - 1) + 1
        if data[above : run_start - 1].strip() and _width(data, above) < 4:
            begin = above  # the line before the run: a heading or a fence opens a block
            break
        run_start = begin = above
    stop = data.find(b"\n", offset)
    spans = indented_code_spans(data, max(begin - 1, 0), len(data) if stop == -1 else stop)
    return any(start <= offset < end for start, end in spans)


def indented_code_spans(
    data: bytes, begin: int = 0, stop: int | None = None
) -> list[tuple[int, int]]:
    """[start, end) of each indented code block in `data` (a document's ASCII bytes) that
    opens between `begin` and `stop`: from its first line's start to its last non-blank
    line's end."""
    spans: list[tuple[int, int]] = []
    stop = len(data) if stop is None else stop
    opening = _OPENING.match(data) if begin == 0 else None
    if opening is not None:  # nothing above it: no list to belong to
        end = _block_end(data, opening.end(), 4)
        if end is not None:
            spans.append((opening.end(), end))
    position = spans[-1][1] if spans else begin
    while found := _AFTER_BLANK.search(data, position, stop + 1):
        start = found.end()
        need = 4 + _content_indent(data, start - 1, _width(data, start))
        end = _block_end(data, start, need)
        if end is None:
            position = start
            continue
        spans.append((start, end))
        position = end
    return spans


def _width(data: bytes, start: int) -> int:
    """The columns of the whitespace that begins the line at `start`."""
    column = 0
    for byte in data[start : start + 64]:
        if byte == 0x20:
            column += 1
        elif byte == 0x09:
            column += 4 - column % 4
        else:
            break
    return column


def _content_indent(data: bytes, end: int, indent: int) -> int:
    """Where the content of the list item that a line indented by `indent` belongs to
    begins (0 outside a list): the nearest item above, over blank and indented lines,
    whose marker is left of `indent`; a line at the left margin ends the search."""
    for _ in range(LOOK_BACK_LINES):
        if end <= 0:
            return 0
        start = data.rfind(b"\n", 0, end) + 1
        line = data[start:end]
        end = start - 1
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item is not None:
            marker = _width(line, 0)
            if marker < indent:
                return marker + len(item.group(2)) + min(len(item.group(3).expandtabs(4)), 4)
            continue
        if _width(line, 0) == 0 or _FENCE.match(line):
            return 0
    return 0


def _block_end(data: bytes, start: int, need: int) -> int | None:
    """The end of the last line of the block that begins at `start` (lines indented by
    `need` columns or more, and blank lines between them); None when the first is not."""
    last: int | None = None
    position = start
    size = len(data)
    while position < size:
        stop = data.find(b"\n", position)
        stop = size if stop == -1 else stop
        if data[position:stop].strip():
            if _width(data, position) < need:
                break
            last = stop
        position = stop + 1
    return last


# A reStructuredText code directive: its indented content is code, as a literal block is.
_RST_CODE_DIRECTIVE = regexcache.compile(
    rb"[ \t]*\.\.[ \t]+(?:code-block|code|sourcecode|parsed-literal|highlight|math)::"
)


def in_literal_block(data: bytes, offset: int) -> bool:
    """Whether `offset` is inside a reStructuredText literal block of `data`: below a line
    that ends with "::" (a paragraph's last line, or "::" alone) or opens a code directive,
    with only blank lines and lines indented deeper than that line between. Read upward
    from `offset`'s line, and only when it is indented; `.. note::` and other directives
    hold prose."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    indent = _width(data, line_start)
    position = line_start
    for _ in range(LOOK_BACK_LINES):
        if indent == 0 or position == 0:
            return False
        above = data.rfind(b"\n", 0, position - 1) + 1
        line = data[above : position - 1].rstrip()
        position = above
        if not line or _width(line, 0) >= indent:
            continue
        if _RST_CODE_DIRECTIVE.match(line):
            return True
        if line.endswith(b"::") and not line.lstrip().startswith(b".."):
            return True
        indent = _width(line, 0)  # a less indented line of the same block, or its end
    return False
