"""The loader's quick paths give what the plain line-by-line code gives.

split_front_matter and split_sections cut a text at regular-expression lines when "\\n" is
its only line break (else they go line by line, as str.splitlines cuts); fastyaml checks
ASCII text for control characters through its bytes; SS019 comment traps are matched only
on lines with a '#' after a space or tab; accounts are listed with os.listdir. Each is
compared here with the straightforward code it replaces, on generated texts.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from secondstory.model.fields import SECTION_ALIASES
from secondstory.store import markdown
from secondstory.store.fastyaml import _OUTSIDE, _outside
from secondstory.store.loader import _LOST_TO_COMMENT, _comment_traps, markdown_files

_PIECES = st.sampled_from(
    [
        "---",
        "...",
        "--- ",
        "## Facts",
        "##Facts",
        "## Lessons learned ##",
        "## ",
        "### Sub",
        " ## x",
        "```",
        "```py",
        "~~~",
        "   ```",
        "    ```",
        "\u3000```",
        "\xa0## x",
        "\x1f```",
        "text",
        "",
        "## Where we got lucky:",
        "## Été",
        "a: b # c",
        "- x #y",
        "  k: v\t#w",
    ]
)
_BREAKS = st.sampled_from(["\n"] * 8 + ["\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(_PIECES, _BREAKS), max_size=14))
    text = "".join(piece + brk for piece, brk in pieces)
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return ("---\n" if draw(st.booleans()) else "") + text


def _fields(doc: markdown.SplitDocument) -> tuple[object, ...]:
    return (doc.front_matter, doc.front_matter_line, doc.body, doc.body_line, doc.unterminated)


@settings(max_examples=800, deadline=None)
@given(_texts())
def test_markdown_quick_paths_agree_with_the_line_by_line_code(text: str) -> None:
    if text.startswith("---\n"):
        quick = markdown._split_at_newlines(text)
        if quick is not None:
            assert _fields(quick) == _fields(markdown._split_front_matter_by_line(text))
    for line in (1, 9):
        assert markdown.split_sections(text, line, SECTION_ALIASES) == (
            markdown._split_sections_by_line(text, line, SECTION_ALIASES)
        )


@settings(max_examples=800, deadline=None)
@given(st.text(st.sampled_from("\t\n\r\x00\x1f\x7f\x85\xa0\u2028\ufeff\ud800 a#:-é"), max_size=12))
def test_fastyaml_control_character_check_agrees_with_its_pattern(text: str) -> None:
    assert _outside(text) == (_OUTSIDE.search(text) is not None)


@settings(max_examples=800, deadline=None)
@given(_texts(), st.integers(0, 3))
def test_comment_traps_agree_with_a_scan_of_the_whole_text(text: str, offset: int) -> None:
    expected = [
        (text.count("\n", 0, m.start()) + 1 + offset, m.end() - m.start())
        for m in _LOST_TO_COMMENT.finditer(text)
    ]
    if " #" not in text:
        expected = []
    found = _comment_traps(Path("x"), text, offset)
    assert [(p.line, p.column) for p in found] == expected


def test_accounts_listed_as_pathlib_globs_them(tmp_path: Path) -> None:
    for name in (".x.md", "b.md", "a.MD", ".md", "c.md.txt", "a.md"):
        (tmp_path / name).write_text("x")
    (tmp_path / "d.md").mkdir()
    assert markdown_files(tmp_path) == sorted(tmp_path.glob("*.md"))
    for missing in (tmp_path / "none", tmp_path / "b.md"):
        assert markdown_files(missing) == sorted(missing.glob("*.md")) == []


def test_markdown_sections_after_fences_as_commonmark_reads_them() -> None:
    body = (
        "intro\n```code``` inline\n## Facts\nThe cache expired.\n````\nx\n```python\n"
        "## not a heading\n`````\n## Impact\n100 users\n"
    )
    for split in (markdown.split_sections, markdown._split_sections_by_line):
        found = split(body, 1, SECTION_ALIASES)
        assert [(s.key, s.line, s.text) for s in found] == [
            ("facts", 3, "The cache expired.\n````\nx\n```python\n## not a heading\n`````"),
            ("impact", 10, "100 users"),
        ]
