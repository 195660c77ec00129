"""Indented code blocks as CommonMark reads them (review/indented.py)."""

from __future__ import annotations

from secondstory.review.indented import in_indented_code, in_literal_block, indented_code_spans


def _blocks(text: str) -> list[str]:
    data = text.encode()
    return [text[start:end] for start, end in indented_code_spans(data)]


def test_indented_block_after_a_blank_line_runs_over_blank_lines() -> None:
    text = "Log:\n\n    a\n\n    b\nText.\n"
    assert _blocks(text) == ["    a\n\n    b"]


def test_indented_block_may_open_the_text_and_use_a_tab() -> None:
    assert _blocks("\tx = 1\n\nprose\n") == ["\tx = 1"]


def test_indented_line_without_a_blank_line_before_is_not_a_block() -> None:
    assert _blocks("A paragraph\n    wrapped by four.\n") == []


def test_indented_in_a_list_counts_from_the_item_content() -> None:
    text = "- item\n\n    more of the item\n\n      code in the item\n"
    assert _blocks(text) == ["      code in the item"]


def test_indented_ordered_item_content_starts_after_the_marker() -> None:
    text = "10. step\n\n    more of the step\n\n        code\n"
    assert _blocks(text) == ["        code"]


def test_indented_block_after_a_paragraph_at_the_margin_ends_the_list() -> None:
    text = "- item\n\nA paragraph.\n\n    code\n"
    assert _blocks(text) == ["    code"]


def test_indented_nothing_to_find_without_indentation() -> None:
    assert indented_code_spans(b"plain\ntext\n") == []


def test_indented_one_offset_is_read_around_its_line() -> None:
    text = b"- item\n\n    more of the item\n\nLog:\n\n    ERROR human error\n"
    assert in_indented_code(text, text.index(b"more")) is False
    assert in_indented_code(text, text.index(b"human")) is True
    assert in_indented_code(text, text.index(b"Log")) is False


def test_indented_block_with_crlf_line_ends() -> None:
    text = "Log:\r\n\r\n    ERROR human error\r\n\r\nText.\r\n"
    assert _blocks(text) == ["    ERROR human error\r"]
    assert in_indented_code(text.encode(), text.index("human")) is True


def test_indented_block_right_after_a_heading_or_a_closing_fence() -> None:
    text = "# Log\n    ERROR human error\nText.\n\n```\nx\n```\n    WARN should have\n"
    assert _blocks(text) == ["    ERROR human error", "    WARN should have"]
    data = text.encode()
    assert in_indented_code(data, text.index("human")) is True
    assert in_indented_code(data, text.index("should")) is True


def test_indented_block_after_a_heading_inside_the_text_and_a_thematic_break() -> None:
    text = "Intro.\n\n## Log\n\tERROR human error\n\n***\n    WARN should have\n"
    assert _blocks(text) == ["\tERROR human error", "    WARN should have"]
    assert in_indented_code(text.encode(), text.index("human")) is True


def test_indented_line_after_a_paragraph_or_a_list_item_is_not_a_block() -> None:
    text = "## Log\nA paragraph\n    wrapped by four.\n- item\n    lazy line\n"
    assert _blocks(text) == []
    assert in_indented_code(text.encode(), text.index("wrapped")) is False


RST = (
    "The job logged::\n"
    "\n"
    "    ERROR human error in config\n"
    "  WARN should have been caught\n"
    "\n"
    ".. note::\n"
    "\n"
    "   The operator forgot the flag.\n"
    "\n"
    ".. code-block:: text\n"
    "   :caption: log\n"
    "\n"
    "   the operator forgot\n"
    "Back at the margin\n"
    "    the engineer forgot it.\n"
)


def test_indented_rst_literal_blocks_after_a_double_colon_or_a_code_directive() -> None:
    data = RST.encode()
    inside = [in_literal_block(data, RST.index(w)) for w in ("human", "should", "the operator")]
    outside = [in_literal_block(data, RST.index(w)) for w in ("The operator", "engineer", "job")]
    assert (inside, outside) == ([True, True, True], [False, False, False])
