"""Prepare a document for the phrase rules, cheaply.

Nothing is done to a document until its words show that some rule could match (the
anchor gate in review/phrases.py). Then the text is lower-cased once, and each candidate
match is checked against what is not the author's prose: fenced, indented and inline code, HTML
comments, block quotes (quoted logs and chat), quoted strings, links, ERB tags and front
matter. Offsets never change, so a match points at the same line and column in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from secondstory.review import regexcache
from secondstory.review.indented import in_indented_code, in_literal_block
from secondstory.review.markers import (
    Marks,
    code_span_opened,
    fenced_spans,
    find_marks,
    outside_code_spans,
)
from secondstory.review.suppress import may_have_directives

_FRONT_MATTER = regexcache.compile(r"\A(?:\ufeff)?---\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
# TOML front matter, as Hugo and Zola write it: +++ lines around it
_TOML_FRONT_MATTER = regexcache.compile(
    r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n.*?^\+\+\+[ \t]*$", re.S | re.M
)
_COMMENT_OPENING = regexcache.compile(r"<!--")
_BLOCKS = (
    regexcache.compile(r"<!--.*?(?:-->|\Z)", re.S),
    regexcache.compile(r"<%.*?(?:%>|\Z)", re.S),
)


def _block_matches(
    pattern: re.Pattern[str], text: str, offsets: list[int] | None
) -> list[tuple[int, int]]:
    """The spans `pattern.finditer(text)` gives, for a pattern that matches wherever its
    opening marker is: read only at the markers' `offsets` (review/markers.py)."""
    if offsets is None:
        return [m.span() for m in pattern.finditer(text)]
    spans: list[tuple[int, int]] = []
    for offset in offsets:
        if spans and offset < spans[-1][1]:
            continue  # inside the block before
        found = pattern.match(text, offset)
        assert found is not None  # the marker opens a block: the pattern ends at \Z at worst
        spans.append(found.span())
    return spans


# A line in bold is a heading ("**Impact**", "**What went wrong:**"), unless it reads as a
# sentence: four words or more ending with "." or "!" ("**4. The cron that would have
# caught it was never installed.**" is prose set in bold, and is linted as prose).
_BOLD_SENTENCE = r"(?!(?:[^*\n ]+ +){3}[^*\n]*[.!]\*\*)"
_HEADING = regexcache.compile(
    rb"\n[ \t]{0,3}(?:(#{1,6})[ \t]+([^\n]*)|\*\*"
    + _BOLD_SENTENCE.encode()
    + rb"([^*\n]{1,80})\*\*:?[ \t]*(?=\n))"
)
_HEADING_LINE = regexcache.compile(
    r"[ \t]{0,3}(?:#{1,6}[ \t]|\*\*" + _BOLD_SENTENCE + r"[^*\n]{1,80}\*\*:?[ \t]*$)"
)
_TAG_OPEN = regexcache.compile(r"</?[a-zA-Z]")
_QUOTE_LINE = regexcache.compile(r"[ \t]*>")  # a block quote line
_QUOTE_OPENING = regexcache.compile(r"(?:^|\n)[ \t]{0,3}>")  # a paragraph line that opens a quote
LONG_LINE = 20_000  # characters: of a longer line, only the part near a hit is read
INLINE_REACH = 5_000
QUOTE_REACH = 2_000  # characters of a paragraph read above a line, for a quote still open
_INDENT = (" ", "\t")  # how a line of an indented code block begins
SECTION_PATTERNS = (
    ("impact", regexcache.compile(r"\bimpact")),
    ("facts", regexcache.compile(r"\b(?:facts?|summary|overview|what happened|description)\b")),
    (
        "actions",
        regexcache.compile(
            r"\b(?:action|follow[- ]?ups?|remediation|next steps|to-?dos?|to do|corrective|preventi)"
        ),
    ),
    ("surprises", regexcache.compile(r"\b(?:surprise|mistaken belief|believed)")),
)


@lru_cache(maxsize=4096)
def section_key(heading: str) -> str:
    lowered = heading.lower()
    for key, pattern in SECTION_PATTERNS:
        if pattern.search(lowered):
            return key
    return "other"


_LONE_CR = regexcache.compile(r"\r(?!\n)")


def line_feeds_for_lone_returns(text: str) -> str:
    """A carriage return not followed by a line feed (classic Mac line ends) as a line
    feed: editors and the Language Server Protocol count it as a line end, and without
    it a file of such lines is one line (a heading, when it opens with "#"). The length
    stays the same, so every offset and column does too."""
    if "\r" not in text or text.count("\r") == text.count("\r\n"):  # none, or CRLF only:
        return text  # two scans in C, cheaper than the expression (lint_file, then lint_text)
    return _LONE_CR.sub("\n", text)


def lower_same_length(text: str) -> str:
    """Lower-case text with curly apostrophes made straight, keeping every offset."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):  # only U+0130 (dotted capital I) lower-cases to two characters
        lowered = text.replace("\u0130", "i").lower()
    return lowered.replace("\u2019", "'") if "\u2019" in lowered else lowered


# Runs of "?" in the ASCII bytes (real ones, or characters that are not ASCII); written
# with a literal first character, which `re` searches for quickly.
_REPLACED = regexcache.compile(rb"\?\?*")


def lower_from_ascii(text: str, data: bytes) -> str:
    """`lower_same_length(text)`, given `data` = the text's ASCII bytes (anything else "?"):
    the bytes lower-cased, and only the runs that were not ASCII lower-cased as text (much
    faster than lower-casing a whole non-ASCII string). A capital sigma depends on the
    letters around it, and many runs cost more than they save: then the whole text."""
    if text.isascii():
        return text.lower()
    if "\u03a3" in text or data.count(b"?") > 64 + len(data) // 256:
        return lower_same_length(text)
    lowered = data.lower().decode("ascii")
    pieces: list[str] = []
    done = 0
    for run in _REPLACED.finditer(data):
        start, end = run.span()
        pieces += (lowered[done:start], lower_same_length(text[start:end]))
        done = end
    pieces.append(lowered[done:])
    return "".join(pieces)


def _in_inline_span(line: str, rel: int) -> bool:
    """Inside `code`, "a quote", a link target or URL, or an HTML tag on this line. Words
    someone said ("Nico, you broke the CRM," he said) are prose, not a quoted string."""
    head = line[:rel]
    if _in_code_span(head):
        return True
    if head.count('"') % 2:
        if _quoted_string(line, head.rfind('"'), line.find('"', rel)):
            return True
    elif head.count("\u201c") > head.count("\u201d") and _quoted_string(
        line, head.rfind("\u201c"), line.find("\u201d", rel)
    ):
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


def _in_code_span(head: str) -> bool:
    """`head` ends inside a code span (``literal`` too: review/markers.py)."""
    if "``" not in head:
        return head.count("`") % 2 == 1
    return code_span_opened(head, 0, len(head), 0) != 0


# Speech: four words or more with a person speaking ("I", "you", "we"), or eight words or
# more (a quoted report or statement), and nothing code-like.
_SPEAKER = regexcache.compile(
    r"(?i)(?<![\w'])(?:i|i'm|i've|i'd|we|we've|we're|you|you've|you're)(?![\w'])"
)
_CODE_LIKE = regexcache.compile(r"[{}=<>/\\_$|]|::|\w\.\w|\(\)")


def _is_speech(quoted: str) -> bool:
    return (
        quoted.count(" ") >= 3
        and (quoted.count(" ") >= 7 or _SPEAKER.search(quoted) is not None)
        and _CODE_LIKE.search(quoted) is None
    )


# Scare quotes after a cause: 'caused by "human error"' uses the words, it does not cite them.
_CAUSE_BEFORE = regexcache.compile(
    r"(?i)\b(?:caused by|due to|because of|blamed on|put down to|attributed to|result of|"
    r"cause was|reason was|(?:was|is|were|are)(?: an?| the)?(?: \w+)?)\s*$"
)


# What a quote names when it is text shown on a screen, not words someone said.
_UI_STRING_AFTER = regexcache.compile(
    r"\W{0,3}\s*(?:message|text|banner|page|popup|pop-up|prompt|string|label|notice|title|"
    r"button|screen|dialog|error|warning|toast)s?\b",
    re.I,
)


# Someone's words: 'X said: "It was human error during testing."', '"...," she told them'.
_SAID_BEFORE = regexcache.compile(
    r"(?i)\b(?:said|says|say|told(?: \w+){0,3}|added|wrote|writes|stated|states|admitted|"
    r"explained|concluded|claimed|announced|confirmed|insisted|noted)[:,]?\s*$"
)
_SAID_AFTER = regexcache.compile(
    r"[,.!?]?\W{0,2}\s*(?:[\w.'-]+\s+){0,6}?(?:said|says|told|added|wrote|stated|admitted|"
    r"explained|concluded|claimed|announced|confirmed|insisted)\b",
    re.I,
)


def _quoted_string(line: str, start: int, end: int) -> bool:
    """The quote opened at `start` (closed at `end`, -1: not on this line) is a string
    cited as such (a log line, a search term, text on a screen), not words in use."""
    quoted = line[start + 1 : len(line) if end == -1 else end]
    after = "" if end == -1 else line[end + 1 : end + 80]
    if end != -1 and _UI_STRING_AFTER.match(after):  # 'a "Sorry, we broke it" page'
        return True
    if end == -1 and not line[:start].strip(" \t>*-+") and quoted.count(" ") >= 2:
        # a paragraph that opens a quote and does not close it on its line: a report's
        # quoted words running on (the next paragraph opens with a quote mark again)
        return _CODE_LIKE.search(quoted) is not None
    return not _is_prose(quoted, line[max(0, start - 60) : start], after)


def _is_prose(quoted: str, before: str, after: str) -> bool:
    if _CODE_LIKE.search(quoted) is not None:
        return False
    if _is_speech(quoted):
        return True
    if quoted.count(" ") >= 2 and (_SAID_BEFORE.search(before) or _SAID_AFTER.match(after)):
        return True
    return quoted.count(" ") <= 3 and _CAUSE_BEFORE.search(before) is not None


@dataclass(slots=True)
class Prepared:
    """A document for the phrase rules; the lower-cased views are made on first use."""

    raw: str
    section: str = ""  # a fixed section for a text field (e.g. an action item's `what`)
    account: bool = False  # a responder's own account, told in the first person
    markdown: bool = True  # read as Markdown: indented lines after a blank line are code
    rst: bool = False  # reStructuredText (not Markdown): literal blocks after "::" are code
    erb: bool = True  # ERB tags (<% ... %>) are code: a .erb file, or text of no known kind
    _lower: str | None = None
    _flat: str | None = None
    _ascii: bytes | None = None
    _blocks: list[tuple[int, int]] | None = None
    _headings: list[tuple[int, int, str]] | None = None
    _marks: Marks | None = None
    _heading_starts: list[int] = field(default_factory=list)
    _last_line: tuple[int, int] = (0, 1)  # (offset, its line): where line counting resumes
    _bounds: tuple[int, int] = (0, -1)  # the last line asked for: [start, end)
    # Whether the anchor scan saw the word "secondstory" (None: no scan yet), so a text
    # with no suppression comment is not searched for one (review/anchors.py)
    directive_word: bool | None = None

    @property
    def may_have_directives(self) -> bool:
        """Whether a suppression comment may be in the text: known from the anchor scan,
        which looks for the word "secondstory" too, or else from two searches of it."""
        if self.directive_word is None:
            self.directive_word = may_have_directives(self.raw)
        return self.directive_word

    @property
    def ascii(self) -> bytes:
        """The text as ASCII bytes, anything else "?": same offsets, fast byte searches."""
        if self._ascii is None:
            self._ascii = self.raw.encode("ascii", "replace")
        return self._ascii

    @property
    def marks(self) -> Marks:
        """Where code blocks, comments and ERB tags may begin."""
        if self._marks is None:
            self._marks = find_marks(self.ascii)
        return self._marks

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = lower_from_ascii(self.raw, self.ascii)
        return self._lower

    @property
    def flat(self) -> str:
        """`lower` with line breaks as spaces, so phrases match across wrapped lines."""
        if self._flat is None:
            self._flat = self.lower.replace("\n", " ")
        return self._flat

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self._line_number(offset)
        return line, offset - self._line_bounds(offset)[0] + 1

    def span_line_cols(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """`line_col` of both ends of a span."""
        line = self._line_number(start)
        end_line = line + self.raw.count("\n", start, end)
        first = self._line_bounds(start)[0]
        end_start = first if end_line == line else self.raw.rfind("\n", 0, end) + 1
        return (line, start - first + 1), (end_line, end - end_start + 1)

    def _line_bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the line holding `offset`, kept for the next call: the hits on one
        line are asked for one after another, and a line of megabytes (a minified export)
        must not be searched end to end for each of its thousands of hits."""
        start, end = self._bounds
        if start <= offset <= end:
            return start, end
        raw = self.raw
        start = raw.rfind("\n", 0, offset) + 1
        end = raw.find("\n", offset)
        self._bounds = (start, len(raw) if end == -1 else end)
        return self._bounds

    def _line_number(self, offset: int) -> int:
        """The 1-based line of `offset`: counted from the last line asked for when it is
        above `offset` (findings come in order, mostly), so a file with thousands of
        findings is not counted from the top for each (that was quadratic)."""
        known_offset, known_line = self._last_line
        if known_offset > offset:
            known_offset, known_line = 0, 1
        line = known_line + self.raw.count("\n", known_offset, offset)
        self._last_line = (offset, line)
        return line

    def _line(self, offset: int) -> tuple[str, int]:
        """The line holding `offset` and the offset in it; of a line longer than LONG_LINE,
        the part within INLINE_REACH of the offset (code spans and quotes are short)."""
        start, end = self._line_bounds(offset)
        if end - start > LONG_LINE:
            start = max(start, offset - INLINE_REACH)
            end = min(end, offset + INLINE_REACH)
        return self.raw[start:end], offset - start

    def _block_spans(self) -> list[tuple[int, int]]:
        if self._blocks is None:
            text, spans = self.raw, []
            if text.startswith(("---", "\ufeff---")):
                spans += [m.span() for m in _FRONT_MATTER.finditer(text)]
            elif text.startswith(("+++", "\ufeff+++")):
                spans += [m.span() for m in _TOML_FRONT_MATTER.finditer(text)]
            marks = self.marks
            if marks.fences is None or marks.fences:
                spans += fenced_spans(self.ascii, marks.fences)
            comments = marks.comments
            if comments is None:  # no automaton: find them here
                comments = [found.start() for found in _COMMENT_OPENING.finditer(text)]
            comments = outside_code_spans(text, comments)  # "`<!--`" opens no comment
            erb = marks.erb if self.erb else []  # "<%" in Markdown is text, not a tag
            for offsets, pattern in zip((comments, erb), _BLOCKS, strict=True):
                if offsets is None or offsets:
                    spans += _block_matches(pattern, text, offsets)
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
        """True when `offset` is in code (fenced, indented or inline), a quote, a link, a
        comment or front matter."""
        if self.in_block(offset):
            return True
        line, rel = self._line(offset)
        start = self._bounds[0]  # of the whole line: `line` may be a part of a long one
        if _QUOTE_LINE.match(self.raw, start, start + 200):
            return True
        if self.markdown and not self.section and self._lazy_quote(start):
            return True
        if self.raw[start : start + 1] in _INDENT and not self.section:
            if self.markdown and in_indented_code(self.ascii, offset):
                return True
            if self.rst and in_literal_block(self.ascii, offset):
                return True
        if self._opens_in_quote(start):  # a quote begun on the paragraph's lines above
            return _in_inline_span('"' + line, rel + 1)
        return _in_inline_span(line, rel)

    def _lazy_quote(self, line_start: int) -> bool:
        """A line that continues a block quote's paragraph without its own ">" (CommonMark's
        lazy continuation: chat pasted as `> name [5:21 PM]` with the message below it)."""
        raw = self.raw
        low = max(0, line_start - QUOTE_REACH)
        marker = raw.rfind(">", low, line_start)
        if marker < 0:
            return False  # no ">" above the line: most lines
        cut = raw.rfind("\n\n", low, line_start)
        if marker < cut:
            return False  # the ">" is in an earlier paragraph
        return _QUOTE_OPENING.search(raw, low if cut == -1 else cut, line_start) is not None

    def _opens_in_quote(self, line_start: int) -> bool:
        """The line begins inside a quoted string opened on an earlier line of the same
        paragraph (hard-wrapped Markdown: `phrases such as "the alert` / `fired" and ...`)."""
        raw = self.raw
        if line_start == 0 or raw[line_start - 2 : line_start] == "\n\n":
            return False
        low = max(0, line_start - QUOTE_REACH)
        last_quote = max(raw.rfind('"', low, line_start), raw.rfind("\u201c", low, line_start))
        if last_quote < 0:
            return False  # no quote above the line: most lines
        cut = raw.rfind("\n\n", low, line_start)
        if last_quote < cut:
            return False  # the quotes are in an earlier paragraph
        above = raw[low if cut == -1 else cut : line_start]
        return above.count('"') % 2 == 1 or above.count("\u201c") > above.count("\u201d")

    def in_heading(self, offset: int) -> bool:
        start, end = self._line_bounds(offset)
        return bool(_HEADING_LINE.match(self.raw, start, end))

    def headings(self) -> list[tuple[int, int, str]]:
        if self._headings is None:
            found = (
                _headings(self.ascii)
                if not self.section and (b"#" in self.ascii or b"**" in self.ascii)
                else []
            )
            if found and self._block_spans():
                found = [h for h in found if not self.in_block(h[0])]
            self._headings = found
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
        hashes, text, bold = match.groups()
        level = len(hashes) if hashes else 7
        key = _section_key_of(text or bold or b"")
        while levels and levels[-1][0] >= level:
            levels.pop()
        if key == "other" and levels:
            key = levels[-1][1]
        levels.append((level, key))
        start, end = match.span()
        found.append((start, end - 1, key))
    return found


@lru_cache(maxsize=4096)
def _section_key_of(heading: bytes) -> str:
    return section_key(heading.decode("ascii"))


def prepare(
    text: str,
    *,
    section: str = "",
    account: bool = False,
    markdown: bool = True,
    rst: bool = False,
    erb: bool = True,
) -> Prepared:
    return Prepared(text, section, account, markdown, rst, erb)
