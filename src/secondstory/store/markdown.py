"""Markdown documents with YAML front matter: splitting and sectioning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from secondstory.model.records import Section

# A fence line (CommonMark): three or more backticks with no backtick after them on the
# line ("```code```" is inline code, not a fence), or three or more tildes; the rest of
# the line (the info string) must be blank for the fence to close a block.
_FENCE = re.compile(r"^\s{0,3}(`{3,}(?=[^`]*$)|~{3,})(.*)")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_SLUG = re.compile(r"[^a-z0-9]+")
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CLOSE = re.compile(r"\n(?:---|\.\.\.)$", re.M)  # the line that closes front matter
# Lines that may open or close a code fence, or be a heading (outside fences): the rest
# of a body is text (tested line by line with _FENCE and _H2, which decide)
_MARKED_FIRST = re.compile(r"##|[^\S\n]{0,3}(?:```|~~~)")
_MARKED = re.compile(r"\n(?=##|[^\S\n]{0,3}(?:```|~~~))")


@dataclass(slots=True)
class SplitDocument:
    front_matter: str | None  # the YAML text, without the --- lines
    front_matter_line: int  # 1-based line where the YAML starts
    body: str
    body_line: int  # 1-based line where the body starts
    unterminated: bool = False


def split_front_matter(text: str) -> SplitDocument:
    """Split `---\\nyaml\\n---\\nbody`. A document without front matter is all body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return SplitDocument(None, 0, text, 1)
    return _split_at_newlines(text) or _split_front_matter_by_line(text)


def _split_front_matter_by_line(text: str) -> SplitDocument:
    """split_front_matter for a text that starts with a '---' line, line by line."""
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return SplitDocument(yaml_text, 2, body, index + 2)
    return SplitDocument("".join(lines[1:]), 2, "", len(lines) + 1, unterminated=True)


def _split_at_newlines(text: str) -> SplitDocument | None:
    """split_front_matter, cutting the text at its closing line instead of splitting it
    into lines, when the text up to that line has no line break but "\\n" (the body is
    the rest of the text, whatever it holds); None for the others."""
    close = _CLOSE.search(text, 3)
    if close is None or not only_newlines(text[: close.end()]):
        return None
    start = close.start() + 1  # where the closing line starts
    index = text.count("\n", 0, start)
    return SplitDocument(text[4:start], 2, text[close.end() + 1 :], index + 2)


def only_newlines(text: str) -> bool:
    """True when "\\n" is the only character in `text` that str.splitlines breaks at, so
    that a regular expression's lines (re.M) are the text's lines."""
    if text.isascii():  # the common case: six quick scans instead of one slow one
        return not (
            "\r" in text
            or "\x0b" in text
            or "\x0c" in text
            or "\x1c" in text
            or "\x1d" in text
            or "\x1e" in text
        )
    return _OTHER_BREAKS.search(text) is None


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


_SPACES = re.compile(r"\s+")
_GUIDANCE = re.compile(r"<!--.*?-->", re.S)


def normalise_heading(heading: str) -> str:
    return _SPACES.sub(" ", heading.strip().strip(":").lower())


def split_sections(body: str, body_line: int, aliases: dict[str, str]) -> list[Section]:
    """Cut a body at its `## ` headings (outside code fences)."""
    if not only_newlines(body):
        return _split_sections_by_line(body, body_line, aliases)
    sections: list[Section] = []
    heading: str | None = None  # the open section's heading, its line, where its text starts
    line, begin = 0, 0
    counted, counted_line = 0, body_line  # body[:counted] ends before line counted_line
    fence: str | None = None
    for start in _marked_lines(body):  # only the lines that may matter, as in the loop below
        end = body.find("\n", start) + 1 or len(body)
        mark, closes, title = _marks(body[start:end])
        if mark:
            fence = fence_after(fence, mark, closes)
        elif fence is None and title is not None:
            if heading is not None:
                sections.append(_section(aliases, heading, line, body[begin:start]))
            counted_line += body.count("\n", counted, start)
            heading, line, begin, counted = title, counted_line, end, start
    if heading is not None:
        sections.append(_section(aliases, heading, line, body[begin:]))
    return sections


def _marked_lines(body: str) -> Iterator[int]:
    """Where the lines that may open or close a fence or be a heading start."""
    if _MARKED_FIRST.match(body):
        yield 0
    for newline in _MARKED.finditer(body):
        yield newline.end()


@lru_cache(maxsize=4096)
def _marks(line: str) -> tuple[str, bool, str | None]:
    """A line's fence (its run of ``` or ~~~, or "") and whether it could close a block
    (nothing after the run), else its `## ` heading (or None)."""
    fence_match = _FENCE.match(line)
    if fence_match:
        return fence_match.group(1), not fence_match.group(2).strip(), None
    heading_match = _H2.match(line)
    return "", False, heading_match.group(1) if heading_match else None


def fence_mark(line: str) -> tuple[str, bool] | None:
    """A fence line's run of ``` or ~~~ and whether it could close a block (nothing after
    the run); None for a line that is not a fence (CommonMark's reading)."""
    match = _FENCE.match(line)
    return (match.group(1), not match.group(2).strip()) if match else None


def fence_after(fence: str | None, mark: str, closes: bool) -> str | None:
    """The open fence after a fence line `mark`: it opens a block, or closes the open one
    (the same character, at least as long, nothing after it), or is text in the block."""
    if fence is None:
        return mark
    if closes and mark[0] == fence[0] and len(mark) >= len(fence):
        return None
    return fence


def _section(aliases: dict[str, str], heading: str, line: int, text: str) -> Section:
    key = aliases.get(_normalised(heading)) or _slug(heading)
    return Section(key, heading, text.strip("\n"), line, line + 1)


@lru_cache(maxsize=4096)
def _normalised(heading: str) -> str:
    return normalise_heading(heading)


@lru_cache(maxsize=4096)
def _slug(heading: str) -> str:
    return slugify(heading)


def _split_sections_by_line(body: str, body_line: int, aliases: dict[str, str]) -> list[Section]:
    """split_sections for a body with line breaks other than "\\n" (str.splitlines's lines)."""
    sections: list[Section] = []
    current: tuple[str, int] | None = None
    buffer: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current is not None:
            heading, line = current
            key = aliases.get(normalise_heading(heading)) or slugify(heading)
            sections.append(Section(key, heading, "".join(buffer).strip("\n"), line, line + 1))

    for offset, line in enumerate(body.splitlines(keepends=True)):
        fence_match = _FENCE.match(line)
        if fence_match:
            closes = not fence_match.group(2).strip()
            fence = fence_after(fence, fence_match.group(1), closes)
        if fence is None and not fence_match:
            heading_match = _H2.match(line)
            if heading_match:
                close()
                current = (heading_match.group(1), body_line + offset)
                buffer = []
                continue
        if current is not None:
            buffer.append(line)
    close()
    return sections


def strip_guidance(text: str) -> str:
    """Remove the template's `<!-- guidance -->` comments; what remains is what people wrote."""
    return _GUIDANCE.sub("", text).strip() if "<!--" in text else text.strip()
