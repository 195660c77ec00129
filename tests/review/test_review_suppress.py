"""Suppression comments: read strictly, and a comment that cannot be read is reported
instead of switching off more, or fewer, rules than meant (review/suppress.py)."""

from __future__ import annotations

from pathlib import Path

from secondstory.review.config import ReviewConfig
from secondstory.review.documents import file_errors, lint_file
from secondstory.review.lint import lint_prepared, lint_text, prepare_text
from secondstory.review.suppress import Directive, directive_problems, parse_directives

CODES = ("BL101", "BL102", "CF201", "CF210", "JU301")


def test_suppress_codes_after_equals_or_space_and_a_reason_after_them() -> None:
    text = (
        "<!-- secondstory: disable-next-line CF210 -->\n"
        "<!-- secondstory: disable=CF201 as quoted from the runbook -->\n"
        "<!-- secondstory: disable=JU, bl101 -->\n"
        "# secondstory: enable\n"
    )
    assert parse_directives(text) == [
        Directive(1, "disable-next-line", ("CF210",)),
        Directive(2, "disable", ("CF201",)),
        Directive(3, "disable", ("JU", "BL101")),
        Directive(4, "enable", ()),
    ]
    assert directive_problems(text, CODES) == []


def test_suppress_typo_in_the_action_is_a_problem_not_every_rule_off() -> None:
    text = "x\n<!-- secondstory: disable-line=CF210 -->\n"
    assert parse_directives(text) == []
    assert [(p.line, p.column, p.message) for p in directive_problems(text, CODES)] == [
        (
            2,
            1,
            "unknown suppression 'disable-line': use disable-next-line, disable, enable "
            "(did you mean 'disable-next-line'?)",
        )
    ]


def test_suppress_unknown_code_and_missing_codes_are_problems() -> None:
    text = "<!-- secondstory: disable=CF211 -->\n  # secondstory: disable=because\n"
    assert [(p.line, p.column, p.message) for p in directive_problems(text, CODES)] == [
        (1, 1, "suppression names CF211, which is not a rule code or the start of one"),
        (2, 3, "'disable=' is followed by 'because', not rule codes"),
    ]


def test_suppress_examples_in_code_are_not_directives() -> None:
    text = "```\n<!-- secondstory: disable=CODE -->\n```\nWrite `# secondstory: disabel`.\n"
    assert directive_problems(text, CODES) == []


def test_suppress_problem_fails_the_file_and_leaves_the_findings(tmp_path: Path) -> None:
    path = tmp_path / "review.md"
    path.write_text("<!-- secondstory: disable-line=BL102 -->\nThe engineer forgot it.\n")
    findings, errors = lint_file(path, ReviewConfig(), "review.md")
    assert [f.code for f in findings] == ["BL102"]
    assert [(e.line, e.kind, e.label) for e in errors] == [
        (1, "suppression", "suppression not applied")
    ]


def test_suppress_word_is_seen_by_the_anchor_scan_in_any_case() -> None:
    for text, seen in [
        ("<!--SECONDSTORY:disable=BL102-->\nThe engineer forgot it.\n", True),
        ("# secondstory: enable\nThe engineer forgot it.\n", True),
        ("Second story: the engineer forgot it.\n", False),
    ]:
        doc = prepare_text(text, path="a.md")
        assert doc.directive_word is None
        lint_prepared(doc, path="a.md")
        assert doc.directive_word is seen
        assert doc.may_have_directives is seen


def test_suppress_problems_are_the_same_with_or_without_the_linted_doc(tmp_path: Path) -> None:
    text = "Intro.\n<!-- Secondstory: disabel=BL102 -->\nThe engineer forgot it.\n"
    doc = prepare_text(text, path="a.md")
    lint_prepared(doc, path="a.md")
    assert file_errors(text, "a.md", doc) == file_errors(text, "a.md")
    assert [(e.line, e.kind) for e in file_errors(text, "a.md", doc)] == [(2, "suppression")]


def test_suppress_example_in_a_code_block_switches_nothing_off() -> None:
    text = "```\n<!-- secondstory: disable -->\n```\nThe engineer forgot it.\n"
    assert parse_directives(text) == []


def test_suppress_directive_in_any_case_applies() -> None:
    text = "<!-- SecondStory: Disable-Next-Line=bl102 -->\nThe engineer forgot it.\n"
    assert parse_directives(text) == [Directive(1, "disable-next-line", ("BL102",))]
    assert directive_problems(text, CODES) == []
    assert lint_text(text, path="a.md") == []


def test_suppress_heading_in_other_case_is_prose_not_a_directive() -> None:
    text = "# SecondStory: the tool we use\n\nIt reads postmortems.\n"
    assert (parse_directives(text), directive_problems(text, CODES)) == ([], [])
    typo = "# SecondStory: Disabel=BL102\nx\n"
    assert [p.message for p in directive_problems(typo, CODES)] == [
        "unknown suppression 'Disabel': use disable-next-line, disable, enable "
        "(did you mean 'disable'?)"
    ]


def test_suppress_next_line_over_several_lines_is_a_problem_not_applied() -> None:
    message = (
        "disable-next-line must open and close on one line (<!-- secondstory: "
        "disable-next-line=CODE -->): over several lines, which line is next?"
    )
    for text in (
        "<!-- secondstory: disable-next-line=BL102\n-->\nThe engineer forgot it.\n",
        "<!--\n  secondstory: disable-next-line=BL102 -->\nThe engineer forgot it.\n",
    ):
        assert parse_directives(text) == []
        found = [(p.line, p.column, p.message) for p in directive_problems(text, CODES)]
        assert found == [(1, 1, message)]


def test_suppress_disable_over_several_lines_reads_its_first_line() -> None:
    text = "<!-- secondstory: disable=BL102\n     quoting the vendor -->\nSam forgot it.\n"
    assert parse_directives(text) == [Directive(1, "disable", ("BL102",))]
    assert directive_problems(text, CODES) == []
    unclosed = "<!-- secondstory: disable=BL102\nSam forgot it.\n"
    assert [(p.line, p.message) for p in directive_problems(unclosed, CODES)] == [
        (1, "this suppression comment is never closed: end it with -->")
    ]


def test_suppress_directive_on_a_later_line_of_a_comment_applies() -> None:
    """A comment whose first line holds a note, with the directive on a line of its own
    below; the same line outside a comment is prose."""
    text = "<!-- review notes: Sam's words are quoted\n  secondstory: disable=BL102 -->\nSam forgot it.\n"
    assert parse_directives(text) == [Directive(2, "disable", ("BL102",))]
    assert (directive_problems(text, CODES), lint_text(text, path="a.md")) == ([], [])
    prose = "<!-- a note -->\nsecondstory: disable=BL102\nSam forgot it.\n"
    assert (parse_directives(prose), directive_problems(prose, CODES)) == ([], [])
    next_line = "<!-- note\nsecondstory: disable-next-line=BL102 -->\nSam forgot it.\n"
    assert parse_directives(next_line) == []
    assert [p.line for p in directive_problems(next_line, CODES)] == [2]


def test_suppress_next_line_above_a_blank_line_is_a_problem_not_applied() -> None:
    message = (
        "disable-next-line covers only the line right below it, and that line is blank or"
        " missing: put the comment right above the line"
    )
    for text in (
        "x\n<!-- secondstory: disable-next-line=BL102 -->\n\nThe engineer forgot it.\n",
        "x\n# secondstory: disable-next-line=BL102\r\n \r\n",
        "x\n<!-- secondstory: disable-next-line=BL102 -->",
    ):
        assert parse_directives(text) == []
        assert [(p.line, p.message) for p in directive_problems(text, CODES)] == [(2, message)]
    ranged = "<!-- secondstory: disable=BL102 -->\n\nThe engineer forgot it.\n"
    assert (len(parse_directives(ranged)), directive_problems(ranged, CODES)) == (1, [])


def test_suppress_problem_fails_the_lint_run(tmp_path: Path) -> None:
    path = tmp_path / "review.md"
    path.write_text("<!-- secondstory: disable-next-line=BL102 -->\n\nThe engineer forgot it.\n")
    findings, errors = lint_file(path, ReviewConfig(), "review.md")
    assert [(f.line, f.code) for f in findings] == [(3, "BL102")]
    assert [(e.line, e.kind, e.label) for e in errors] == [
        (1, "suppression", "suppression not applied")
    ]
