"""Edit the YAML list files (timeline, factors, actions) without disturbing the user's text.

An edit loads the item (or the front matter) twice through ruamel.yaml's round-trip mode,
lets the command change one copy, and writes back only the difference (store.yamlsplice):
a changed value is replaced where it stands, a new key or list item is added in the
file's own indentation style (store.yamlstyle). Every other byte of the file, comments
and spacing included, is unchanged; a file nothing changed in is not written. New items
are rendered in the file's style and spliced in as text, after the comments that end
the item before them. Files are read and written through store.files.editable, which
refuses a link out of the library.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap

from secondstory.errors import UsageError
from secondstory.store.files import editable, read_text, write_atomic
from secondstory.store.yamlsplice import Misaligned, Slot, splice
from secondstory.store.yamlstyle import (
    Style,
    column,
    dash_before,
    detect_style,
    render_item,
    round_trip_yaml,
)

Mutation = Callable[[CommentedMap], None]


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # first line of the item (0-based, the line with its '-')
    end: int  # one past its last line
    dash_column: int


class RoundTripError(UsageError):
    """The file is not a YAML list we can edit in place."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(
            message,
            hint=hint or "fix the file first (see secondstory validate); nothing was written",
        )


def indent_hint(message: str) -> str:
    """What to do about a YAML syntax error in a file an edit was to change."""
    if "tab character" in message:
        return "indent with spaces, not tabs, then run the command again; nothing was written"
    return (
        "fix the YAML there first (secondstory validate lists every problem); nothing was written"
    )


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _compose(text: str, path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(
            text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
        )
    except yaml.YAMLError as exc:
        from secondstory.store.libyaml import syntax_error

        error = syntax_error(exc)
        raise RoundTripError(
            f"cannot edit: {path}:{error.line}:{error.column}: YAML syntax: {error.message}",
            hint=indent_hint(error.message),
        ) from None


def item_spans(text: str, path: Path) -> list[Span]:
    """The line span of every item of the top-level block sequence."""
    return _spans(_compose(text, path), text, path)


def _spans(node: yaml.Node | None, text: str, path: Path) -> list[Span]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        raise RoundTripError(
            f"{path}: expected a block list ('- ' items) at the top level",
            hint="the editing commands write block lists: rewrite the file with one '- ' item"
            " per entry (validate reads both forms); nothing was written",
        )
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


def _own_comments_end(lines: list[str], end: int, dash_column: int) -> int:
    """Past the comment lines after an item's content that are indented into the item."""
    last = end
    for at in range(end, len(lines)):
        stripped = lines[at].strip()
        if stripped.startswith("#") and len(lines[at]) - len(lines[at].lstrip()) > dash_column:
            last = at + 1
        elif stripped:
            break
    return last


def _dump(style: Style, data: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml(style).dump(data, buffer)
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


def _without_bom(text: str) -> tuple[str, str]:
    """Split off a byte-order mark, to be written back unchanged."""
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _newlines(rendered: str, original: str) -> str:
    """Use the file's own line endings (CRLF files stay CRLF)."""
    return rendered.replace("\n", "\r\n") if "\r\n" in original else rendered


def _read(path: Path, missing_ok: bool = False) -> tuple[Path, str, str]:
    """The file to write (a link in the library: its target), its byte-order mark, its text."""
    target = editable(path)
    if missing_ok and not target.exists():
        return target, "", ""
    return (target, *_without_bom(read_text(target)))


def _write(target: Path, bom: str, before: str, after: str) -> bool:
    """Write `after` when it differs from `before`; whether it did."""
    if after == before:
        return False
    write_atomic(target, bom + after)
    return True


def _item_slot(text: str, item: yaml.Node) -> Slot:
    dash = dash_before(text, item.start_mark.index)
    return Slot(dash, item_offset=max(2, column(text, item.start_mark.index) - column(text, dash)))


def edit_item(path: Path, index: int, mutate: Mutation) -> None:
    """Apply `mutate` to item `index` of the list in `path`, rewriting only what changed."""
    target, bom, text = _read(path)
    node = _compose(text, path)
    spans = _spans(node, text, path)
    if not 0 <= index < len(spans) or not isinstance(node, yaml.SequenceNode):
        raise RoundTripError(f"{path}: there is no item {index + 1} (the file has {len(spans)})")
    span, style, lines = spans[index], detect_style(text, node, list_file=True), _lines(text)
    end = _content_end(lines, span.end - 1)
    chunk = shift("".join(lines[span.start : end]), style.seq_offset - span.dash_column)
    old, data = (round_trip_yaml(style).load(chunk) for _ in range(2))
    if not isinstance(data, list) or not data or not isinstance(data[0], CommentedMap):
        raise RoundTripError(f"{path}:{span.start + 1}: item {index + 1} is not a mapping")
    mutate(data[0])
    item = node.value[index]
    try:
        edited = splice(text, item, old[0], data[0], style, _item_slot(text, item))
    except Misaligned:  # rewrite the whole item, its comments kept by ruamel.yaml
        rewritten = shift(_dump(style, data), span.dash_column - style.seq_offset)
        edited = "".join(lines[: span.start]) + _newlines(rewritten, text) + "".join(lines[end:])
    _write(target, bom, text, edited)


def insert_items(path: Path, placements: list[tuple[int, dict[str, Any]]]) -> None:
    """Insert each (index, item) before existing item `index` (len = at the end), in one write.

    Items are rendered in the file's own indentation style and spliced in as text; items
    with the same index keep their given order; items at the end go after the comment
    lines indented into the last item. Nothing else in the file changes.
    """
    if not placements:
        return
    target, bom, text = _read(path, missing_ok=True)
    node = _compose(text, path)
    spans = _spans(node, text, path)
    style = detect_style(text, node, list_file=True)
    lines = _lines(text)
    end = _own_comments_end(lines, spans[-1].end, style.dash_column) if spans else len(lines)
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\r\n" if "\r\n" in text else "\n"
    rendered: dict[int, list[str]] = {}
    for index, item in placements:
        if not 0 <= index <= len(spans):
            raise RoundTripError(
                f"{path}: cannot insert at position {index + 1} (the file has {len(spans)} items)"
            )
        at = spans[index].start if index < len(spans) else end
        text_lines = render_item(item, style, style.dash_column, style.item_offset)
        rendered.setdefault(at, []).append(_newlines("\n".join(text_lines) + "\n", text))
    for at in sorted(rendered, reverse=True):
        lines[at:at] = rendered[at]
    _write(target, bom, text, "".join(lines))


def insert_item(path: Path, index: int, item: dict[str, Any]) -> None:
    """Insert `item` before item `index` (or at the end when index == len), as text."""
    insert_items(path, [(index, item)])


def append_items(path: Path, items: list[dict[str, Any]]) -> None:
    """Append `items` after the last item, in the file's own style."""
    text = _read(path, missing_ok=True)[2]
    count = len(item_spans(text, path))
    insert_items(path, [(count, item) for item in items])


def edit_front_matter(path: Path, mutate: Mutation) -> bool:
    """Apply `mutate` to the YAML front matter of a Markdown file, rewriting only what
    changed; the body is untouched. Whether anything changed (else nothing is written)."""
    target, bom, text = _read(path)
    lines = _lines(text)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise RoundTripError(f"{path}:1: no front matter to edit")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in ("---", "...")), None)
    if end is None:
        raise RoundTripError(f"{path}:1: the front matter is not closed with '---'")
    front = "".join(lines[1:end])
    node = _compose(front, path)
    style = detect_style(front, node, list_file=False)
    old, data = (round_trip_yaml(style).load(front) for _ in range(2))
    if not isinstance(data, CommentedMap) or node is None:
        raise RoundTripError(f"{path}:2: the front matter is not a mapping")
    mutate(data)
    try:
        edited = splice(front, node, old, data, style)
    except Misaligned:  # rewrite the whole front matter, its comments kept by ruamel.yaml
        edited = _newlines(_dump(style, data), text)
    return _write(target, bom, text, lines[0] + edited + "".join(lines[end:]))
