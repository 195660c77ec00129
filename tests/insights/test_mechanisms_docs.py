"""docs/mechanisms.md carries the table generated from the vocabulary data."""

from __future__ import annotations

from pathlib import Path

from secondstory.insights.docgen import DOC, END, START, render_table, with_table
from secondstory.insights.mechanisms import load_vocabulary


def test_docgen_table_in_docs_is_current() -> None:
    document = DOC.read_text(encoding="utf-8")
    expected = with_table(document, render_table(load_vocabulary(None)))
    assert document == expected, "run: python -m secondstory.insights.docgen"


def test_docgen_table_lists_every_mechanism_once() -> None:
    vocab = load_vocabulary(None)
    table = render_table(vocab)
    for mechanism_id in vocab.mechanisms:
        assert table.count(f"| `{mechanism_id}` |") == 1


def test_docgen_with_table_replaces_between_markers(tmp_path: Path) -> None:
    document = f"# Doc\n\n{START}\nold\n{END}\nafter\n"
    assert with_table(document, "new") == f"# Doc\n\n{START}\nnew\n{END}\nafter\n"
