"""A YAML file's own indentation style, read from its nodes, and new text rendered in it.

Three numbers describe how a file nests blocks under a key written at column 0: the column
of a nested mapping's keys (`mapping`), of a nested list's dashes (`seq_offset`) and of
what follows those dashes (`seq_indent`). A list file adds the column of its top-level
dashes and how far after them each item starts (`-   id:` is 4, `- id:` is 2). What the
file does not show follows what it does: a file written `-   id:` nests by four.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


@dataclass(frozen=True, slots=True)
class Style:
    mapping: int = 2
    seq_offset: int = 2
    seq_indent: int = 4
    dash_column: int = 0  # list files: where the top-level dashes are
    item_offset: int = 2  # list files: from a top-level dash to its item's first key


def dash_before(text: str, index: int) -> int:
    """The index of the '-' that introduces the list item starting at `index` (-1: none)."""
    at = index - 1
    while at >= 0 and text[at] in " \t\r\n":
        at -= 1
    return at if at >= 0 and text[at] == "-" else -1


def column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1)


def nodes(node: yaml.Node, shared: set[int] | None = None) -> Iterator[yaml.Node]:
    """Every node under `node` once; the ids of those met again (aliases) go to `shared`."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        each = stack.pop()
        if id(each) in seen:
            if shared is not None:
                shared.add(id(each))
            continue
        seen.add(id(each))
        yield each
        if isinstance(each, yaml.SequenceNode):
            stack += reversed(each.value)
        elif isinstance(each, yaml.MappingNode):
            stack += [n for pair in reversed(each.value) for n in reversed(pair)]


def _nested(text: str, node: yaml.Node) -> dict[str, int]:
    """The first nesting under a key of each kind: mapping, seq_offset, seq_indent."""
    found: dict[str, int] = {}
    for each in nodes(node):
        if len(found) == 3:
            break
        if not isinstance(each, yaml.MappingNode):
            continue
        for key, value in each.value:
            key_column = column(text, key.start_mark.index)
            below = value.start_mark.line > key.start_mark.line
            if isinstance(value, yaml.MappingNode) and not value.flow_style and below:
                found.setdefault("mapping", column(text, value.start_mark.index) - key_column)
            if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                first = value.value[0]
                dash = dash_before(text, first.start_mark.index)
                if dash >= 0 and first.start_mark.line == value.start_mark.line:
                    found.setdefault("seq_offset", column(text, dash) - key_column)
                    found.setdefault(
                        "seq_indent", column(text, first.start_mark.index) - key_column
                    )
    return found


def detect_style(text: str, node: yaml.Node | None, list_file: bool) -> Style:
    """The style `text` is written in (`node` is its composed document, None when empty)."""
    dash_column, item_offset = 0, 2
    if list_file and isinstance(node, yaml.SequenceNode) and node.value:
        first = node.value[0]
        dash = dash_before(text, first.start_mark.index)
        if dash >= 0 and first.start_mark.line == node.start_mark.line:
            dash_column = column(text, dash)
            item_offset = max(2, column(text, first.start_mark.index) - dash_column)
    found = _nested(text, node) if node is not None else {}
    mapping = max(1, found.get("mapping", item_offset))
    seq_offset = max(0, found.get("seq_offset", mapping))
    seq_indent = max(seq_offset + 2, found.get("seq_indent", seq_offset + item_offset))
    return Style(mapping, seq_offset, seq_indent, dash_column, item_offset)


def _represent_datetime(representer: Any, value: datetime) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def round_trip_yaml(style: Style) -> YAML:
    rt = YAML(typ="rt")
    rt.representer.add_representer(datetime, _represent_datetime)
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=style.mapping, sequence=style.seq_indent, offset=style.seq_offset)
    return rt


def plain(value: Any) -> Any:
    """`value` without the comments ruamel.yaml carries (the text keeps those), flow or
    block style kept."""
    if isinstance(value, dict):
        out: Any = CommentedMap((k, plain(v)) for k, v in value.items())
    elif isinstance(value, list):
        out = CommentedSeq(plain(v) for v in value)
    else:
        return value
    if getattr(value, "fa", None) is not None and value.fa.flow_style():
        out.fa.set_flow_style()
    else:
        out.fa.set_block_style()
    return out


def render_body(value: Any, style: Style) -> list[str]:
    """`value` as the text of one list item, from where its content starts (column 0)."""
    buffer = io.StringIO()
    round_trip_yaml(style).dump([plain(value)], buffer)
    return [line[style.seq_indent :] for line in buffer.getvalue().splitlines()]


def render_entry(key: Any, value: Any, style: Style) -> list[str]:
    """`key: value` at column 0, nested in the file's style."""
    return render_body(CommentedMap([(key, value)]), style)


def render_item(value: Any, style: Style, dash_column: int, item_offset: int) -> list[str]:
    """`value` as a list item with its dash at `dash_column`, its content `item_offset` after."""
    body = render_body(value, style)
    first = "-" + (" " * (item_offset - 1) + body[0] if body[0] else "")
    rest = [" " * item_offset + line if line else line for line in body[1:]]
    return [" " * dash_column + line if line else line for line in [first, *rest]]
