"""Lint one loose Markdown or text file (postmortem folders: review/postmortem.py)."""

from __future__ import annotations

from pathlib import Path

from secondstory.review.config import ReviewConfig
from secondstory.review.finding import FileError, Finding
from secondstory.review.lint import lint_prepared, prepare_text
from secondstory.review.text import Prepared, line_feeds_for_lone_returns
from secondstory.review.unclosed import unclosed_errors
from secondstory.store.files import UnreadableFile, read_text

Result = tuple[list[Finding], list[FileError]]


def lint_file(
    path: Path | str, config: ReviewConfig, name: str = "", root: Path | None = None
) -> Result:
    """Phrase rules over one Markdown or text file; unreadable files give a FileError."""
    shown = name or str(path)
    try:
        text = read_text(path, root)
    except UnreadableFile as exc:
        return [], [FileError(shown, exc.line, exc.column, exc.reason, hint=exc.hint)]
    if text.startswith("\ufeff"):  # a byte order mark takes no column in an editor
        text = text[1:]
    doc = prepare_text(text, path=shown)  # its views serve the file checks too
    return lint_prepared(doc, path=shown, config=config), file_errors(doc.raw, shown, doc)


def file_errors(text: str, shown: str, doc: Prepared | None = None) -> list[FileError]:
    """What keeps part of a readable file from being linted as written: a suppression
    comment that cannot be read, a comment or code fence never closed (`doc`: the text
    as linted, whose byte view, markers and directive word are then not made again)."""
    if doc is None:
        text = line_feeds_for_lone_returns(text)
        return suppression_errors(text, shown) + unclosed_errors(text, shown)
    errors = suppression_errors(doc.raw, shown) if doc.may_have_directives else []
    return errors + unclosed_errors(doc.raw, shown, doc.ascii, doc.marks)


def suppression_errors(text: str, shown: str) -> list[FileError]:
    """A suppression comment that cannot be read fails the run (exit 1): a typo must not
    switch off more, or fewer, rules than the writer meant without anyone noticing."""
    from secondstory.review.suppress import directive_problems, may_have_directives

    if not may_have_directives(text):
        return []
    from secondstory.review.ruleset import all_rules

    codes = [rule.code for rule in all_rules()]
    return [
        FileError(shown, p.line, p.column, p.message, "suppression")
        for p in directive_problems(text, codes)
    ]
