"""The fast YAML reader gives exactly what libyaml gives, or steps aside.

`yamlio.load` tries store/fastyaml.py first and falls back to libyaml (`load_slow`). For
every text the fast reader accepts, the value, every key's and item's position and the
absence of an error must match libyaml's; texts outside its subset must raise Unsupported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondstory.store import yamlio
from secondstory.store.fastyaml import Unsupported, load_fast
from secondstory.store.markdown import split_front_matter
from secondstory.store.yamlmodel import YList, YMap

from conftest import EXAMPLE_LIBRARY, REPO_ROOT


def _shape(value: Any) -> Any:
    """Values and positions as plain data, so a difference shows in the assertion."""
    if isinstance(value, YMap):
        return {
            "at": (value.line, value.column),
            "keys": {
                key: (value.positions[key], value.value_positions[key], _shape(item))
                for key, item in value.items()
            },
        }
    if isinstance(value, YList):
        return {
            "at": (value.line, value.column),
            "items": [(p, _shape(i)) for p, i in zip(value.positions, value, strict=True)],
        }
    return value


def _slow(text: str, offset: int = 0) -> Any:
    try:
        return _shape(yamlio.load_slow(text, offset))
    except yamlio.YamlSyntaxError:
        return "error"


def _agrees(text: str, offset: int = 0) -> bool:
    """True when the fast reader read `text`, False when it stepped aside; fails on a
    difference."""
    try:
        fast = _shape(load_fast(text, offset))
    except Unsupported:
        return False
    assert fast == _slow(text, offset), text
    return True


def _documents(root: Path) -> list[tuple[str, int]]:
    documents = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".yaml":
            documents.append((path.read_text(encoding="utf-8"), 0))
        elif path.suffix == ".md":
            split = split_front_matter(path.read_text(encoding="utf-8"))
            if split.front_matter is not None:
                documents.append((split.front_matter, split.front_matter_line - 1))
    return documents


def test_fastyaml_reads_every_file_of_the_example_library_as_libyaml_does() -> None:
    documents = _documents(EXAMPLE_LIBRARY)
    assert len(documents) > 100
    assert [_agrees(text, offset) for text, offset in documents] == [True] * len(documents)


def test_fastyaml_reads_a_synthetic_library_as_libyaml_does(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        from make_library import make_library
    finally:
        sys.path.pop(0)
    make_library(60, tmp_path, seed=3)
    documents = _documents(tmp_path)
    assert len(documents) >= 60 * 4
    assert [_agrees(text, offset) for text, offset in documents] == [True] * len(documents)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  c: x # note\n  d: [p, 'q''r', \"s\"]\n",
        "- id: A1\n  what: x\n  done_when:\n    - one\n    - two\n- id: A2\n",
        "k:\n- x\n- y\nz: 1\n",
        "k: |\n  line1\n\n  line2\n\n\nz: 2\n",
        "k: |-\n   x\n   y\n",
        "- >\n plain text",
        "k: |\n  last line without a break",
        "k: >\n  a\n  b\n\n  c\n",
        "k: >-\n  a  \n  b\n\n\n  c\n\nz: 1\n",
        "- |\n x\n- y\n",
        "a:\n\n# c\nb: null\nc: ~\nd: 'null'\n",
        'done: {date: 2019-01-09, evidence: "PR #8059"}\n',
        "é: ü\nb: [x, é, y]\n",
        "a: b # c: d\n",
        "# only a comment\n",
        "",
        "- a:\n  - x\n  b: 2\n",
    ],
)
def test_fastyaml_reads_common_shapes_as_libyaml_does(text: str) -> None:
    assert _agrees(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "a: b: c\n",  # an error libyaml reports
        "a: first\n  continued\n",  # a multi-line plain scalar
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !tag x\n",
        "a: >\n  folded\n    more indented\n",
        "a: |+\n  kept\n\n",
        'a: "esc\\u00e9"\n',
        "a:\tb\n",
        "a: b\r\n",
        "---\na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "  a: 1\n",
        "a: 1\na: 2\n",  # a key given twice: libyaml's reading reports it (SS002)
        "a: {b: 1, b: 2}\n",
        "a: [x, [y]]\n",
        "a: [x,]\n",
        "? a\n: b\n",
        "<<: {a: 1}\n",
        "- - a\n",
        "-\n  a: 1\n",
        "a: 1\n b: 2\n",
        "- k: |\n  x\n",
        "a: |\n",
        "plain\n",
        "a: '\n  multi'\n",
    ],
)
def test_fastyaml_steps_aside_outside_its_subset(text: str) -> None:
    assert _agrees(text) is False


def test_fastyaml_load_falls_back_to_libyaml_with_the_same_error() -> None:
    with pytest.raises(yamlio.YamlSyntaxError) as caught:
        yamlio.load("a: b: c\n", line_offset=4)
    assert (caught.value.line, caught.value.column) == (5, 5)
    assert caught.value.message == "mapping values are not allowed in this context"


_KEYS = st.sampled_from(["a", "id", "due", "done_when", "é", "2019", "x.y", "a-b"])
_VALUES = st.sampled_from(
    [
        "",
        "plain text",
        "a: b",
        "x #c",
        "x#y",
        "'q''s'",
        "'open",
        '"dq"',
        '"a\\"b"',
        '"x\\ny \\\\ z"',
        '"x\\qy"',
        '["a]b", c]',
        '{a: "}", b: x}',
        "[a, b]",
        "[a, 'b, c']",
        "[]",
        "{a: 1, b: x}",
        "{a: '}'}",
        "|",
        "|-",
        "|2",
        ">",
        ">-",
        "null",
        "~",
        "-1",
        "- x",
        "*alias",
        "&a x",
        "!t x",
        "# comment",
        "ü",
        "a]",
        "[a",
        "x:",
        "http://x",
        "10:30",
        "@x",
    ]
)
_LINES = st.one_of(
    st.tuples(
        st.integers(0, 6),
        st.sampled_from(["", "- ", "-  ", "- - "]),
        st.one_of(st.none(), _KEYS),
        st.sampled_from([": ", ":", ":  ", " : "]),
        _VALUES,
    ).map(lambda p: " " * p[0] + p[1] + (p[2] + p[3] if p[2] is not None else "") + p[4]),
    st.sampled_from(["", "  ", "# c", "---", "...", "%TAG", "\t- a", "  text", "-"]),
)


_TREES = st.recursive(
    _VALUES,
    lambda children: st.one_of(
        st.dictionaries(_KEYS, children, min_size=1, max_size=4),
        st.lists(children, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


@st.composite
def _documents_of_trees(draw: st.DrawFn) -> str:
    """A tree written out as block YAML with varied indentation, sometimes with one
    random line slipped in."""
    lines: list[str] = []

    def write(node: Any, indent: int, lead: str) -> None:
        # `lead` is the start of the first line ("key:" or "-"), already indented
        if isinstance(node, dict):
            items = list(node.items())
            if lead.endswith("-"):
                first, *items = items
                write(first[1], indent + 2, lead + " " + first[0] + ":")
            elif lead:
                lines.append(lead)
                indent += draw(st.integers(1, 3))
            for key, value in items:
                write(value, indent, " " * indent + key + ":")
        elif isinstance(node, list):
            if lead:
                lines.append(lead)
                same = lead.endswith(":") and draw(st.booleans())
                indent = indent - 2 if same and indent >= 2 else indent + draw(st.integers(1, 3))
            for item in node:
                write(item, indent + 2, " " * indent + "-")
        elif node.startswith(("|", ">")):
            lines.append(f"{lead} {node}")
            lines.extend(" " * (indent + 1) + w for w in ("body", "", "more # text"))
        else:
            lines.append(f"{lead} {node}".rstrip() if lead else node)

    write(draw(_TREES), 0, "")
    if draw(st.integers(0, 3)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(_LINES))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, min_size=1, max_size=12), st.booleans())
def test_fastyaml_agrees_with_libyaml_on_generated_lines(lines: list[str], newline: bool) -> None:
    _agrees("\n".join(lines) + ("\n" if newline else ""))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents_of_trees())
def test_fastyaml_agrees_with_libyaml_on_generated_documents(text: str) -> None:
    _agrees(text)
