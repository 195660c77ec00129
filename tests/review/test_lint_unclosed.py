"""A comment or code fence left open hides the rest of a file from readers and from lint:
it is reported (kind "unclosed", exit 1) with where it opens, never passed in silence."""

from __future__ import annotations

import json
from pathlib import Path

from secondstory.review.finding import FileError
from secondstory.review.lint import lint_text
from secondstory.review.unclosed import unclosed_errors

from clirun import run

HIDDEN = "# Summary\n\nThe disk filled.\n<!-- reviewer notes\nThe engineer should have checked.\n"


def test_unclosed_comment_reports_its_line_and_the_lines_hidden() -> None:
    assert unclosed_errors(HIDDEN, "pm.md") == [
        FileError(
            "pm.md",
            4,
            1,
            "the HTML comment <!-- opened here is never closed: lines 4-5 were not linted",
            "unclosed",
            hint="close it with --> where it should end",
        )
    ]


def test_unclosed_fence_reports_its_column_and_closing_line() -> None:
    text = "# Timeline\n\n  ~~~~\n10:02 restart\n10:05 page\n"
    assert unclosed_errors(text, "t.md") == [
        FileError(
            "t.md",
            3,
            3,
            "the code fence ~~~~ opened here is never closed: lines 3-5 were not linted",
            "unclosed",
            hint="close it with a ~~~~ line where it should end",
        )
    ]


def test_unclosed_passes_closed_blocks_and_code_that_shows_markers() -> None:
    closed = "Text <!-- a note --> more.\n\n```html\n<!-- an example, in code\n```\n\nEnd.\n"
    inline = "Write `<!--` to open a comment.\nNothing is hidden.\n"
    assert unclosed_errors(closed, "a.md") == []
    assert unclosed_errors(inline, "a.md") == []


def test_unclosed_passes_a_marker_with_nothing_after_it() -> None:
    assert unclosed_errors("Text.\n<!--\n\n", "a.md") == []
    assert unclosed_errors("Text.\n```\n", "a.md") == []


def test_unclosed_reports_only_the_first_block_left_open() -> None:
    text = "A.\n<!-- one\nB.\n```\nC.\n"
    assert [(e.line, e.message.split(" opened")[0]) for e in unclosed_errors(text, "a.md")] == [
        (2, "the HTML comment <!--")
    ]


def test_lint_unclosed_comment_fails_the_run_and_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "pm.md").write_text(HIDDEN, encoding="utf-8")
    result = run(tmp_path, "lint", "--no-cache", "pm.md")
    assert result.code == 1
    assert result.out.splitlines()[-3:] == [
        "pm.md:4:1 not linted to the end: the HTML comment <!-- opened here is never closed:"
        " lines 4-5 were not linted",
        "    hint: close it with --> where it should end",
        "no findings; 1 file not linted to the end",
    ]


def test_lint_unclosed_fence_is_an_error_in_json(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Intro.\n\n```\nlog line\n", encoding="utf-8")
    result = run(tmp_path, "lint", "--no-cache", "--format", "json", "notes.md")
    assert result.code == 1
    assert json.loads(result.out)["errors"] == [
        {
            "path": "notes.md",
            "line": 3,
            "column": 1,
            "message": "the code fence ``` opened here is never closed: lines 3-4 were not linted",
            "kind": "unclosed",
            "hint": "close it with a ``` line where it should end",
        }
    ]


def test_lint_a_comment_marker_written_as_code_hides_nothing() -> None:
    """ "`<!--`" is a code span, not a comment (CommonMark): the lines after it are linted
    (they were masked to the end of the file before) and nothing is reported as open."""
    text = "Write `<!--` to open a comment.\n\nThe engineer should have checked the disk.\n"
    assert [(f.line, f.code) for f in lint_text(text)] == [(3, "CF201")]
    assert unclosed_errors(text, "a.md") == []


def test_lint_a_comment_marker_in_a_double_backtick_span_hides_nothing() -> None:
    """A code span opened by two backticks closes only at two ("``<!--``", reStructuredText's
    ``literal`` too): counting single backticks read the marker as a comment left open."""
    text = "Use ``<!--`` or ``a`b``.\n\nThe engineer should have checked the disk.\n"
    assert [(f.line, f.code) for f in lint_text(text)] == [(3, "CF201")]
    assert unclosed_errors(text, "a.md") == []
    assert unclosed_errors("Use ``x` <!-- and more\n\nText.\n", "a.md") == []


def test_lint_words_in_a_double_backtick_span_are_code() -> None:
    text = "The ``forgot-password`` example sends a mail, but ``x`` we forgot the key.\n"
    assert [(f.column, f.code) for f in lint_text(text)] == [(60, "BL102")]


def test_lint_erb_tags_are_code_only_in_erb_files(tmp_path: Path) -> None:
    """ "<%" is text in Markdown (it masked the rest of the file before); in an ERB template
    a tag left open is reported like a comment left open."""
    text = "Latency rose by <% 5 in the canary.\n\nThe engineer should have checked.\n"
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    (tmp_path / "page.html.md.erb").write_text(text, encoding="utf-8")
    result = run(tmp_path, "lint", "--no-cache", "--format", "json", ".")
    report = json.loads(result.out)
    assert [(f["path"], f["line"], f["code"]) for f in report["findings"]] == [
        ("notes.md", 3, "CF201")
    ]
    assert [(e["path"], e["line"], e["message"]) for e in report["errors"]] == [
        (
            "page.html.md.erb",
            1,
            "the ERB tag <% opened here is never closed: lines 1-3 were not linted",
        )
    ]
