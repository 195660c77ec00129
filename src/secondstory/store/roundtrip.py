"""Edit the YAML list files (timeline, factors, actions) without disturbing the user's text.

Only the item being changed is rewritten: its text is cut out of the file, edited through
ruamel.yaml's round-trip mode (which keeps its comments, key order and quoting), and put
back at the same place at the same indentation. Every other byte of the file is unchanged.
New items are rendered in the file's own indentation style and spliced in as text.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from secondstory.errors import UsageError
from secondstory.store.files import read_text, write_atomic

Mutation = Callable[[CommentedMap], None]


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # first line of the item (0-based, the line with its '-')
    end: int  # one past its last line
    dash_column: int


class RoundTripError(UsageError):
    """The file is not a YAML list we can edit in place."""


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def item_spans(text: str, path: Path) -> list[Span]:
    """The line span of every item of the top-level block sequence."""
    try:
        node = yaml.compose(
            text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
        )
    except yaml.YAMLError as exc:
        raise RoundTripError(f"{path}: cannot edit, the YAML does not parse: {exc}") from None
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        raise RoundTripError(f"{path}: expected a block list ('- ' items) at the top level")
    lines = _lines(text)
    starts = []
    for item in node.value:
        line = item.start_mark.line
        dash = lines[line].find("-")
        while dash < 0 or lines[line][:dash].strip():
            line -= 1
            dash = lines[line].find("-")
        starts.append((line, dash))
    spans = []
    for index, (line, dash) in enumerate(starts):
        end = (
            starts[index + 1][0]
            if index + 1 < len(starts)
            else _content_end(lines, node.end_mark.line)
        )
        spans.append(Span(line, end, dash))
    return spans


def _content_end(lines: list[str], end_line: int) -> int:
    """One past the last non-blank, non-comment line at or before end_line."""
    end = min(end_line + 1, len(lines))
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _represent_datetime(representer: Any, value: datetime) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _yaml(dash_column: int, nested_offset: int) -> YAML:
    rt = YAML(typ="rt")
    rt.representer.add_representer(datetime, _represent_datetime)
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=nested_offset + 2, offset=nested_offset)
    return rt


def _nested_offset(chunk: str) -> int:
    """How this item indents nested lists under a key: 2 ('key:\\n  - x') or 0 ('key:\\n- x')."""
    lines = chunk.splitlines()
    for before, after in itertools.pairwise(lines):
        if before.rstrip().endswith(":") and after.lstrip().startswith("- "):
            key_indent = len(before) - len(before.lstrip())
            return max(0, (len(after) - len(after.lstrip())) - key_indent)
    return 2


def _dump(rt: YAML, data: Any) -> str:
    buffer = io.StringIO()
    rt.dump(data, buffer)
    return buffer.getvalue()


def shift(text: str, by: int) -> str:
    """Move every line `by` columns right (or left when negative, removing spaces only)."""
    if by == 0:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        if by > 0:
            out.append(" " * by + line if line.strip() else line)
        else:
            spaces = len(line) - len(line.lstrip(" "))
            out.append(line[min(spaces, -by) :])
    return "".join(out)


def _render_item(item: dict[str, Any] | CommentedMap, dash_column: int, nested_offset: int) -> str:
    text = _dump(_yaml(dash_column, nested_offset), [item])
    return shift(text, dash_column - nested_offset)


def _without_bom(text: str) -> tuple[str, str]:
    """Split off a byte-order mark, to be written back unchanged."""
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _newlines(rendered: str, original: str) -> str:
    """Use the file's own line endings (CRLF files stay CRLF)."""
    return rendered.replace("\n", "\r\n") if "\r\n" in original else rendered


def edit_item(path: Path, index: int, mutate: Mutation) -> None:
    """Apply `mutate` to item `index` of the list in `path`, rewriting only that item."""
    bom, text = _without_bom(read_text(path))
    lines = _lines(text)
    spans = item_spans(text, path)
    if not 0 <= index < len(spans):
        raise RoundTripError(f"{path}: there is no item {index + 1} (the file has {len(spans)})")
    span = spans[index]
    end = _content_end(lines, span.end - 1)
    chunk = shift("".join(lines[span.start : end]), -span.dash_column)
    offset = _nested_offset(chunk)
    rt = _yaml(0, offset)
    data = rt.load(shift(chunk, offset))
    if not isinstance(data, list) or not data or not isinstance(data[0], CommentedMap):
        raise RoundTripError(f"{path}:{span.start + 1}: item {index + 1} is not a mapping")
    mutate(data[0])
    new_chunk = _newlines(shift(_dump(rt, data), span.dash_column - offset), text)
    write_atomic(path, bom + "".join(lines[: span.start]) + new_chunk + "".join(lines[end:]))


def _style(text: str, path: Path) -> tuple[list[Span], int, int]:
    spans = item_spans(text, path)
    if not spans:
        return spans, 0, 2
    lines = _lines(text)
    first = "".join(lines[spans[0].start : spans[0].end])
    return spans, spans[0].dash_column, _nested_offset(shift(first, -spans[0].dash_column))


def insert_items(path: Path, placements: list[tuple[int, dict[str, Any]]]) -> None:
    """Insert each (index, item) before existing item `index` (len = at the end), in one write.

    Items are rendered in the file's own indentation style and spliced in as text; items
    with the same index keep their given order. Nothing else in the file changes.
    """
    if not placements:
        return
    bom, text = _without_bom(read_text(path) if path.exists() else "")
    spans, dash, offset = _style(text, path)
    lines = _lines(text)
    end = spans[-1].end if spans else len(lines)
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\r\n" if "\r\n" in text else "\n"
    rendered: dict[int, list[str]] = {}
    for index, item in placements:
        if not 0 <= index <= len(spans):
            raise RoundTripError(
                f"{path}: cannot insert at position {index + 1} (the file has {len(spans)} items)"
            )
        at = spans[index].start if index < len(spans) else end
        rendered.setdefault(at, []).append(_newlines(_render_item(item, dash, offset), text))
    for at in sorted(rendered, reverse=True):
        lines[at:at] = rendered[at]
    write_atomic(path, bom + "".join(lines))


def insert_item(path: Path, index: int, item: dict[str, Any]) -> None:
    """Insert `item` before item `index` (or at the end when index == len), as text."""
    insert_items(path, [(index, item)])


def append_items(path: Path, items: list[dict[str, Any]]) -> None:
    """Append `items` after the last item, in the file's own style."""
    text = _without_bom(read_text(path) if path.exists() else "")[1]
    count = len(item_spans(text, path))
    insert_items(path, [(count, item) for item in items])


def edit_front_matter(path: Path, mutate: Mutation) -> None:
    """Apply `mutate` to the YAML front matter of a Markdown file; the body is untouched."""
    bom, text = _without_bom(read_text(path))
    lines = _lines(text)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise RoundTripError(f"{path}:1: no front matter to edit")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in ("---", "...")), None)
    if end is None:
        raise RoundTripError(f"{path}:1: the front matter is not closed with '---'")
    front = "".join(lines[1:end])
    rt = _yaml(0, _nested_offset(front))
    data = rt.load(front)
    if not isinstance(data, CommentedMap):
        raise RoundTripError(f"{path}:2: the front matter is not a mapping")
    mutate(data)
    write_atomic(path, bom + lines[0] + _newlines(_dump(rt, data), text) + "".join(lines[end:]))
