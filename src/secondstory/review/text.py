"""Prepare a document for the phrase rules, cheaply.

Nothing is done to a document until its words show that some rule could match (the
anchor gate in review/phrases.py). Then the text is lower-cased once, and each candidate
match is checked against what is not the author's prose: fenced and inline code, HTML
comments, block quotes (quoted logs and chat), quoted strings, links, ERB tags and front
matter. Offsets never change, so a match points at the same line and column in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
# A fence line opening a code block, searched for in "\n" + text + "\n" (a literal first
# character makes the search fast); the block ends at the same fence on a line of its own.
_FENCE_OPEN = re.compile(rb"\n[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n")


@lru_cache(maxsize=64)
def _fence_close(fence: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\n[ \t]{0,3}" + re.escape(fence) + rb"[ \t]*(?=\n)")


def fenced_spans(text: str | bytes) -> list[tuple[int, int]]:
    """[start, end) of each fenced code block: from its opening fence line to the end of its
    closing fence line, or to the end of the text when it is never closed. Searched in the
    ASCII bytes of the text (same offsets, faster than searching a str)."""
    data = text if isinstance(text, bytes) else text.encode("ascii", "replace")
    padded, spans, position = b"\n" + data + b"\n", [], 0
    while opening := _FENCE_OPEN.search(padded, position):
        closing = _fence_close(opening.group(1)).search(padded, opening.end() - 1)
        end = closing.end() if closing else len(padded)
        spans.append((opening.start(), min(end - 1, len(data))))
        position = end
    return spans


_BLOCKS = (
    (b"<!--", re.compile(r"<!--.*?(?:-->|\Z)", re.S)),
    (b"<%", re.compile(r"<%.*?(?:%>|\Z)", re.S)),
)
_HEADING = re.compile(
    rb"\n[ \t]{0,3}(?:(#{1,6})[ \t]+([^\n]*)|\*\*([^*\n]{1,80})\*\*:?[ \t]*(?=\n))"
)
_HEADING_LINE = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]|\*\*[^*\n]{1,80}\*\*:?[ \t]*$)")
_TAG_OPEN = re.compile(r"</?[a-zA-Z]")
SECTION_PATTERNS = (
    ("impact", re.compile(r"\bimpact")),
    ("facts", re.compile(r"\b(?:facts?|summary|overview|what happened|description)\b")),
    (
        "actions",
        re.compile(
            r"\b(?:action|follow[- ]?ups?|remediation|next steps|to-?dos?|to do|corrective|preventi)"
        ),
    ),
    ("surprises", re.compile(r"\b(?:surprise|mistaken belief|believed)")),
)


@lru_cache(maxsize=4096)
def section_key(heading: str) -> str:
    lowered = heading.lower()
    for key, pattern in SECTION_PATTERNS:
        if pattern.search(lowered):
            return key
    return "other"


def lower_same_length(text: str) -> str:
    """Lower-case text with curly apostrophes made straight, keeping every offset."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):  # only U+0130 (dotted capital I) lower-cases to two characters
        lowered = text.replace("\u0130", "i").lower()
    return lowered.replace("\u2019", "'") if "\u2019" in lowered else lowered


def _in_inline_span(line: str, rel: int) -> bool:
    """Inside `code`, "a quote", a link target or URL, or an HTML tag on this line. Words
    someone said ("Nico, you broke the CRM," he said) are prose, not a quoted string."""
    head = line[:rel]
    if head.count("`") % 2:
        return True
    if head.count('"') % 2:
        start = head.rfind('"')
        end = line.find('"', rel)
        if not _is_speech(line[start + 1 : len(line) if end == -1 else end]):
            return True
    elif head.count("\u201c") > head.count("\u201d"):
        start = head.rfind("\u201c")
        end = line.find("\u201d", rel)
        if not _is_speech(line[start + 1 : len(line) if end == -1 else end]):
            return True
    token_start = max(head.rfind(" "), head.rfind("\t")) + 1
    token = head[token_start:]
    if "://" in token or "www." in token:
        return True
    link = head.rfind("](")
    if link != -1 and ")" not in head[link:]:
        return True
    tag = head.rfind("<")
    return tag != -1 and ">" not in head[tag:] and bool(_TAG_OPEN.match(head, tag))


# Speech: five words or more, a person speaking ("I", "you", "we"), nothing code-like.
_SPEAKER = re.compile(r"(?i)(?<![\w'])(?:i|i'm|i've|i'd|we|we've|we're|you|you've|you're)(?![\w'])")
_CODE_LIKE = re.compile(r"[{}=<>/\\_$|]|::|\w\.\w|\(\)")


def _is_speech(quoted: str) -> bool:
    return (
        quoted.count(" ") >= 4
        and _SPEAKER.search(quoted) is not None
        and _CODE_LIKE.search(quoted) is None
    )


@dataclass(slots=True)
class Prepared:
    """A document for the phrase rules; the lower-cased views are made on first use."""

    raw: str
    section: str = ""  # a fixed section for a text field (e.g. an action item's `what`)
    account: bool = False  # a responder's own account, told in the first person
    _lower: str | None = None
    _flat: str | None = None
    _ascii: bytes | None = None
    _blocks: list[tuple[int, int]] | None = None
    _headings: list[tuple[int, int, str]] | None = None
    _heading_starts: list[int] = field(default_factory=list)

    @property
    def ascii(self) -> bytes:
        """The text as ASCII bytes, anything else "?": same offsets, fast byte searches."""
        if self._ascii is None:
            self._ascii = self.raw.encode("ascii", "replace")
        return self._ascii

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = lower_same_length(self.raw)
        return self._lower

    @property
    def flat(self) -> str:
        """`lower` with line breaks as spaces, so phrases match across wrapped lines."""
        if self._flat is None:
            self._flat = self.lower.replace("\n", " ")
        return self._flat

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self.raw.count("\n", 0, offset) + 1
        return line, offset - (self.raw.rfind("\n", 0, offset) + 1) + 1

    def _line(self, offset: int) -> tuple[str, int]:
        start = self.raw.rfind("\n", 0, offset) + 1
        end = self.raw.find("\n", offset)
        return self.raw[start : len(self.raw) if end == -1 else end], offset - start

    def _block_spans(self) -> list[tuple[int, int]]:
        if self._blocks is None:
            text, spans = self.raw, []
            if text.startswith(("---", "\ufeff---")):
                spans += [m.span() for m in _FRONT_MATTER.finditer(text)]
            data = self.ascii  # byte searches: much faster than str ones on non-ASCII text
            if b"```" in data or b"~~~" in data:
                spans += fenced_spans(data)
            for literal, pattern in _BLOCKS:
                if literal in data:
                    spans += [m.span() for m in pattern.finditer(text)]
            merged: list[tuple[int, int]] = []
            for start, end in sorted(spans):  # disjoint spans, so one bisect answers
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            self._blocks = merged
        return self._blocks

    def in_block(self, offset: int) -> bool:
        """Inside front matter, a fenced code block, an HTML comment or an ERB tag."""
        blocks = self._block_spans()
        if not blocks:
            return False
        index = bisect_right(blocks, (offset, len(self.raw) + 1)) - 1
        return index >= 0 and blocks[index][0] <= offset < blocks[index][1]

    def is_masked(self, offset: int) -> bool:
        """True when `offset` is in code, a quote, a link, a comment or front matter."""
        if self.in_block(offset):
            return True
        line, rel = self._line(offset)
        if line.lstrip(" \t").startswith(">"):
            return True
        return _in_inline_span(line, rel)

    def in_heading(self, offset: int) -> bool:
        line, _ = self._line(offset)
        return bool(_HEADING_LINE.match(line))

    def headings(self) -> list[tuple[int, int, str]]:
        if self._headings is None:
            found = (
                _headings(self.ascii)
                if not self.section and (b"#" in self.ascii or b"**" in self.ascii)
                else []
            )
            self._headings = [h for h in found if not self.in_block(h[0])] if found else []
            self._heading_starts = [h[0] for h in self._headings]
        return self._headings

    def section_at(self, offset: int) -> str:
        """The section key of the last heading at or before `offset` ("other" before any)."""
        if self.section:
            return self.section
        headings = self.headings()
        index = bisect_right(self._heading_starts, offset) - 1
        return headings[index][2] if index >= 0 else "other"


def _headings(data: bytes) -> list[tuple[int, int, str]]:
    """(start, end, section key) of each heading line, found in the text's ASCII bytes."""
    found: list[tuple[int, int, str]] = []
    levels: list[tuple[int, str]] = []
    for match in _HEADING.finditer(b"\n" + data):
        level = len(match.group(1)) if match.group(1) else 7
        key = section_key((match.group(2) or match.group(3) or b"").decode("ascii"))
        while levels and levels[-1][0] >= level:
            levels.pop()
        if key == "other" and levels:
            key = levels[-1][1]
        levels.append((level, key))
        found.append((match.start(), match.end() - 1, key))
    return found


def prepare(text: str, *, section: str = "", account: bool = False) -> Prepared:
    return Prepared(text, section, account)
