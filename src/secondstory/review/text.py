"""Prepare a document once for all phrase rules: mask what is not the author's prose.

Masking replaces code (fenced and inline), HTML comments, block quotes (quoted logs and
chat), quoted strings, links and ERB tags with spaces, keeping every offset, so a match
in the masked text points at the same line and column in the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
_FENCED = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.S | re.M)
_MASKS = (
    ("<!--", re.compile(r"<!--.*?(?:-->|\Z)", re.S)),
    ("`", re.compile(r"(`+)[^`\n].*?\1|`+", re.S)),
    (">", re.compile(r"^[ \t]*>[^\n]*", re.M)),
    ('"', re.compile(r'"[^"\n]{0,400}"')),
    ("\u201c", re.compile(r"\u201c[^\u201d\n]{0,400}\u201d")),
    ("://", re.compile(r"\b(?:https?|ftp)://[^\s)>\]]+")),
    ("](", re.compile(r"\]\([^)\n]*\)")),
    ("<%", re.compile(r"<%.*?(?:%>|\Z)", re.S)),
    ("<", re.compile(r"</?[a-zA-Z][^>\n]{0,200}>")),
)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+([^\n]*)|^[ \t]*\*\*([^*\n]{1,80})\*\*:?[ \t]*$", re.M)
_NOT_SPACE = re.compile(r"[^\n]")
SECTION_PATTERNS = (
    ("impact", re.compile(r"\bimpact")),
    ("facts", re.compile(r"\b(?:facts?|summary|overview|what happened|description)\b")),
    ("actions", re.compile(r"\b(?:action|follow[- ]?ups?|remediation|next steps|to-?dos?|to do|corrective|preventi)")),
    ("surprises", re.compile(r"\b(?:surprise|mistaken belief|believed)")),
)


def _blank(match: re.Match[str]) -> str:
    return _NOT_SPACE.sub(" ", match.group(0))


def mask(text: str, front_matter: bool = True) -> str:
    """The text with non-prose spans replaced by spaces (same length, same newlines)."""
    if front_matter and text.startswith(("---", "\ufeff---")):
        text = _FRONT_MATTER.sub(_blank, text, count=1)
    if "```" in text or "~~~" in text:
        text = _FENCED.sub(_blank, text)
    for literal, pattern in _MASKS:
        if literal in text:
            text = pattern.sub(_blank, text)
    return text


def section_key(heading: str) -> str:
    lowered = heading.lower()
    for key, pattern in SECTION_PATTERNS:
        if pattern.search(lowered):
            return key
    return "other"


@dataclass(slots=True)
class Prepared:
    """A document ready for the phrase rules."""

    raw: str
    masked: str
    lower: str
    flat: str  # `lower` with line breaks as spaces, so phrases match across wrapped lines
    ignore_case: bool
    section: str = ""  # fixed section for a text field (e.g. an action item's `what`)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, section key
    _line_starts: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            starts = [0]
            find = self.raw.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def in_heading(self, offset: int) -> bool:
        return any(start <= offset < end for start, end, _ in self.headings)

    def section_at(self, offset: int) -> str:
        if self.section:
            return self.section
        key = "other"
        for start, _, heading_key in self.headings:
            if start > offset:
                break
            key = heading_key
        return key


def _headings(masked: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    levels: list[tuple[int, str]] = []
    for match in _HEADING.finditer(masked):
        level = len(match.group(1)) if match.group(1) else 7
        key = section_key(match.group(2) or match.group(3) or "")
        while levels and levels[-1][0] >= level:
            levels.pop()
        if key == "other" and levels:
            key = levels[-1][1]
        levels.append((level, key))
        found.append((match.start(), match.end(), key))
    return found


def prepare(text: str, *, section: str = "", front_matter: bool = True) -> Prepared:
    masked = mask(text, front_matter)
    lower = masked.lower()
    same = len(lower) == len(masked)
    headings = _headings(masked) if ("#" in masked or "**" in masked) and not section else []
    lower = lower if same else masked
    return Prepared(text, masked, lower, lower.replace("\n", " "), not same, section, headings)
