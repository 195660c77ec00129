"""Inline suppression comments.

  <!-- secondstory: disable=BL101,CF -->     off from here (codes or prefixes; none = all)
  <!-- secondstory: enable=BL101 -->         on again (none = all)
  <!-- secondstory: disable-next-line=CF201 --> off for the next line only
YAML files take the same directives in `# secondstory: ...` comments. Codes follow `=` or
a space, separated by commas or spaces; words after them are a reason ("disable=CF201
quoting the runbook"). A directive that cannot be read is a problem of the file
(`directive_problems`), never a silent "all rules off": `disable-line=CF210` or a code no
rule has would otherwise switch off more, or less, than the writer meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from secondstory.review import regexcache

ACTIONS = ("disable-next-line", "disable", "enable")
# the opener (an HTML comment's may end its line; "" for a line of a comment opened on an
# earlier line), the directive, the closer ("" at the end of the line); in any case:
# "SecondStory: Disable" is read as "secondstory: disable"
_COMMENT = regexcache.compile(
    r"(<!--[ \t\r\n]*|#[ \t]*|^[ \t]*)(secondstory):[ \t]*(.*?)[ \t]*(-->|$)", re.M | re.I
)
ONE_LINE = (
    "disable-next-line must open and close on one line (<!-- secondstory: "
    "disable-next-line=CODE -->): over several lines, which line is next?"
)
UNCLOSED = "this suppression comment is never closed: end it with -->"
BLANK_NEXT = (
    "disable-next-line covers only the line right below it, and that line is blank or "
    "missing: put the comment right above the line"
)
_ACTION = regexcache.compile(r"[A-Za-z][\w-]*")
_CODE = regexcache.compile(r"[A-Za-z]{2}\d{0,3}(?![\w-])")
_SEPARATOR = regexcache.compile(r"[ \t]*,[ \t]*|[ \t]+")


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    action: str
    codes: tuple[str, ...]  # empty: every rule

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


@dataclass(frozen=True, slots=True)
class DirectiveProblem:
    line: int
    column: int
    message: str


def parse_directives(text: str) -> list[Directive]:
    """The directives that can be read (the others: `directive_problems`)."""
    return [
        Directive(line, parsed[0], parsed[1])
        for line, _, parsed in _comments(text)
        if isinstance(parsed, tuple)
    ]


def directive_problems(text: str, codes: Iterable[str]) -> list[DirectiveProblem]:
    """Directives that cannot be read, and codes in them that no rule in `codes` has."""
    known = tuple(codes)
    problems = []
    for line, column, parsed in _comments(text):
        if isinstance(parsed, str):
            problems.append(DirectiveProblem(line, column, parsed))
            continue
        for code in parsed[1]:
            if not any(rule.startswith(code) for rule in known):
                message = f"suppression names {code}, which is not a rule code or the start of one"
                problems.append(DirectiveProblem(line, column, message))
    return problems


def _comments(text: str) -> Iterator[tuple[int, int, tuple[str, tuple[str, ...]] | str]]:
    """(line, column, what `_parse` makes of it) of each suppression comment; not the
    examples in a code block or in `inline code`, which are text, not directives."""
    if not may_have_directives(text):
        return
    from secondstory.review.markers import fenced_spans

    code_blocks = fenced_spans(text)
    for match in _COMMENT.finditer(text):
        start = match.start()
        if not _quoted(text, start, code_blocks):
            line_start = text.rfind("\n", 0, start) + 1
            line = text.count("\n", 0, start) + 1
            checked = _checked(text, match)
            if checked is not None:
                yield line, start - line_start + 1, checked


def may_have_directives(text: str) -> bool:
    """False when `text` has no suppression comment (in any case): most files have none."""
    if "tory:" in text:  # two scans for most files, which have neither
        return "secondstory:" in text or "secondstory:" in text.lower()
    return "TORY:" in text and "secondstory:" in text.lower()


def _checked(text: str, match: re.Match[str]) -> tuple[str, tuple[str, ...]] | str | None:
    """`_parse` of the directive, or what keeps it from applying where it stands: a
    disable-next-line in an HTML comment over several lines (which line would be next?)
    or above a blank line (it would cover nothing), a comment never closed. (A disable or
    enable over several lines reads its first line; the lines below are its reason.) None for a "# SecondStory: ..." heading in
    other letters than a directive's: prose, not a directive."""
    opener, marker, body, closer = match.groups()
    if marker != "secondstory" and not _looks_like_action(body):
        return None
    inside = not opener.strip()  # a line of its own: a directive only inside a comment
    if inside and not _in_open_comment(text, match.start()):
        return None
    parsed = _parse(body)
    if inside or (opener.startswith("<!--") and ("\n" in opener or not closer)):
        # over several lines: the directive on its first line, a reason below it
        if not closer and "-->" not in text[match.end() :]:
            return UNCLOSED
        if isinstance(parsed, tuple) and parsed[0] == "disable-next-line":
            return ONE_LINE
        return parsed
    blank_below = not _line_after(text, match.end()).strip()
    if isinstance(parsed, tuple) and parsed[0] == "disable-next-line" and blank_below:
        return BLANK_NEXT
    return parsed


def _in_open_comment(text: str, offset: int) -> bool:
    """An HTML comment opened above `offset` is not closed before it (`<!-- review notes`
    on one line, `secondstory: disable=CF` on a line below)."""
    opened = text.rfind("<!--", 0, offset)
    return opened >= 0 and text.rfind("-->", opened, offset) < 0


def _looks_like_action(body: str) -> bool:
    action = _ACTION.match(body)
    return action is not None and (
        action.group().lower() in ACTIONS or bool(_nearest(action.group()))
    )


def _line_after(text: str, offset: int) -> str:
    """The line after the one `offset` is on ("" at the end of the text)."""
    end = text.find("\n", offset)
    if end < 0:
        return ""
    stop = text.find("\n", end + 1)
    return text[end + 1 : stop if stop >= 0 else len(text)]


def _quoted(text: str, offset: int, code_blocks: list[tuple[int, int]]) -> bool:
    if any(start <= offset < end for start, end in code_blocks):
        return True
    return "`" in text[text.rfind("\n", 0, offset) + 1 : offset]


def _parse(body: str) -> tuple[str, tuple[str, ...]] | str:
    """(action, codes) of a directive's text after `secondstory:`, or what is wrong."""
    action = _ACTION.match(body)
    if action is None or action.group().lower() not in ACTIONS:
        written = action.group() if action else body[:20]
        return f"unknown suppression '{written}': use {', '.join(ACTIONS)}" + _nearest(written)
    rest = body[action.end() :].lstrip(" \t")
    if rest.startswith("="):
        rest = rest[1:].lstrip(" \t")
    codes: list[str] = []
    position = 0
    while code := _CODE.match(rest, position):
        word = code.group()
        if codes and word.isalpha() and not word.isupper():
            break  # "disable=CF201 as quoted": a reason, not the prefix "AS"
        codes.append(word.upper())
        separator = _SEPARATOR.match(rest, code.end())
        if separator is None:
            break
        position = separator.end()
    if not codes and rest and body[action.end() :].lstrip(" \t").startswith("="):
        return f"'{action.group()}=' is followed by '{rest[:20]}', not rule codes"
    return action.group().lower(), tuple(codes)


def _nearest(written: str) -> str:
    from secondstory.model.choices import nearest_choice

    close = nearest_choice(written, ACTIONS)
    return f" (did you mean '{close}'?)" if close else ""


def is_suppressed(directives: list[Directive], line: int, code: str) -> bool:
    off = False
    for directive in directives:
        if directive.line > line:
            break
        if directive.action == "disable-next-line":
            if directive.line == line - 1 and directive.covers(code):
                return True
        elif directive.covers(code):
            off = directive.action == "disable"
    return off
