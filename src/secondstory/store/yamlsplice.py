"""Turn a YAML node's text into the text of a changed value by the smallest edits.

`splice` compares the value as loaded (`old`) with the value after a command changed it
(`new`), key by key and item by item, and edits the text only where they differ: a
changed scalar or flow collection is replaced where it stands (the rest of its line, the
spacing after its key and its trailing comment stay; the comment keeps its column when
the new value leaves room, else its gap), a new key goes after the key it follows in
`new`, a new list item after the last one, each in the file's own style
(store.yamlstyle). Every other character is unchanged. Comments inside a value that must
be rewritten as a whole are kept as comment lines after it. When the text cannot be
matched to the value (aliases, merge keys, reordered keys), `Misaligned` is raised and
the caller rewrites the value instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from secondstory.store.yamlstyle import (
    Style,
    column,
    dash_before,
    nodes,
    render_body,
    render_entry,
    render_item,
)

_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")
_OPENS_BLOCK = re.compile(r"(?:^-|:)(?:[ \t]+[|>][-+0-9]*)?$")
_COMMENT_GAP = re.compile(r"[ \t]+(?=#)")
_KINDS = (bool, int, float, str, date, type(None))


class Misaligned(Exception):
    """The text and the loaded value do not line up: no minimal edit is possible."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a value sits: after `key:` (a mapping entry) or after a list item's dash."""

    start: int  # the index of the key, or of the dash
    key: Any = None
    key_end: int = -1  # entries: one past the key; -1 for list items
    item_offset: int = 2  # list items: from the dash to the content


def same(a: Any, b: Any) -> bool:
    """Equal as YAML values: same keys in the same order, same kinds (1 is not true)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and list(a) == list(b)
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    kind_a = next((k for k in _KINDS if isinstance(a, k)), type(a))
    kind_b = next((k for k in _KINDS if isinstance(b, k)), type(b))
    return bool(kind_a is kind_b and a == b)


def splice(
    text: str, node: yaml.Node, old: Any, new: Any, style: Style, slot: Slot | None = None
) -> str:
    """`text` with `node` (loaded as `old`) turned into `new`; `slot` None: `node` is the
    whole document, which is edited but never replaced."""
    shared: set[int] = set()
    for _ in nodes(node, shared):
        pass
    splicer = _Splicer(text, style, shared)
    splicer.value(node, old, new, slot)
    return splicer.result()


class _Splicer:
    def __init__(self, text: str, style: Style, shared: set[int]) -> None:
        self.text = text
        self.shared = shared  # nodes an alias repeats: their text is elsewhere too
        self.style = style
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, int, str]] = []  # start, end, order, replacement

    def end(self, node: yaml.Node) -> int:
        """One past the node's last character (a block collection: its last child's)."""
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
            last = node.value[-1] if node.value else None
            if last is None:
                return int(node.start_mark.index)
            return self.end(last[1] if isinstance(last, tuple) else last)
        start, stop = node.start_mark.index, node.end_mark.index
        return int(start + len(self.text[start:stop].rstrip()))

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Just past the newline that ends the line of `index` (or the end of the text)."""
        at = self.text.find("\n", index)
        return len(self.text) if at < 0 else at + 1

    def edit(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, len(self.edits), replacement))

    def result(self) -> str:
        out, position = [], 0
        for start, end, _, replacement in sorted(
            self.edits, key=lambda e: (e[0], e[1] > e[0], e[2])
        ):
            if start < position:
                raise Misaligned("two edits overlap")
            out += [self.text[position:start], replacement]
            position = end
        return "".join(out) + self.text[position:]

    def lines(self, rendered: list[str], indent: int, at: int) -> str:
        """Rendered lines indented by `indent`, to insert at `at` (the start of a line)."""
        body = "".join((" " * indent + line if line else line) + self.newline for line in rendered)
        return body if at == 0 or self.text[at - 1] == "\n" else self.newline + body

    # -- walking old and new together ------------------------------------------------

    def value(self, node: yaml.Node, old: Any, new: Any, slot: Slot | None) -> None:
        if same(old, new):
            return
        if id(node) in self.shared:
            raise Misaligned("an anchored value changed: its text is shared by an alias")
        block = isinstance(node, yaml.CollectionNode) and not node.flow_style
        maps = isinstance(old, dict) and isinstance(new, dict)
        lists = isinstance(old, list) and isinstance(new, list) and bool(new)
        if block and isinstance(node, yaml.MappingNode) and maps:
            self.mapping(node, old, new)
        elif block and isinstance(node, yaml.SequenceNode) and lists:
            self.sequence(node, old, new)
        elif slot is None:
            raise Misaligned("the document itself would be replaced")
        else:
            self.replace(node, new, slot)

    def mapping(self, node: yaml.MappingNode, old: dict[Any, Any], new: dict[Any, Any]) -> None:
        pairs = node.value
        keys = list(old)
        if len(pairs) != len(keys) or any(
            not isinstance(k, yaml.ScalarNode) or k.value != str(key)
            for (k, _), key in zip(pairs, keys, strict=False)
        ):
            raise Misaligned("the keys do not match the text")
        if [k for k in new if k in old] != [k for k in keys if k in new]:
            raise Misaligned("keys were reordered")
        for (knode, vnode), key in zip(pairs, keys, strict=True):
            if key in new:
                slot = Slot(knode.start_mark.index, key, int(self.end(knode)))
                self.value(vnode, old[key], new[key], slot)
            else:
                self.delete(knode.start_mark.index, self.end(vnode))
        anchors: dict[int, list[Any]] = {}
        previous = -1
        for key in new:
            if key in old:
                previous = keys.index(key)
            else:
                anchors.setdefault(previous, []).append(key)
        for anchor, added in anchors.items():
            rendered = [line for k in added for line in render_entry(k, new[k], self.style)]
            self.insert_entries(pairs, anchor, rendered)

    def insert_entries(self, pairs: list[Any], anchor: int, rendered: list[str]) -> None:
        first = pairs[0][0].start_mark.index
        indent = column(self.text, first)
        if anchor >= 0:
            at = self.line_end(self.end(pairs[anchor][1]))
            self.edit(at, at, self.lines(rendered, indent, at))
            return
        # before the first key, whose line may start with its list item's dash
        start = self.line_start(first)
        body = self.lines(rendered[1:], indent, start)
        self.edit(
            start, first, self.text[start:first] + rendered[0] + self.newline + body + " " * indent
        )

    def sequence(self, node: yaml.SequenceNode, old: list[Any], new: list[Any]) -> None:
        items = node.value
        if len(items) != len(old):
            raise Misaligned("the items do not match the text")
        dashes = [dash_before(self.text, item.start_mark.index) for item in items]
        if min(dashes) < 0:
            raise Misaligned("a list item without its dash")
        first = items[0].start_mark.index
        offset = column(self.text, first) - column(self.text, dashes[0])
        if self.line_start(first) != self.line_start(dashes[0]):
            offset = self.style.seq_indent - self.style.seq_offset
        for index, (item, dash) in enumerate(zip(items, dashes, strict=True)):
            if index < len(new):
                self.value(item, old[index], new[index], Slot(dash, item_offset=offset))
            else:
                self.delete(dash, self.end(item))
        if len(new) > len(old):
            dash_column = column(self.text, dashes[0])
            rendered = [
                line
                for value in new[len(old) :]
                for line in render_item(value, self.style, dash_column, offset)
            ]
            at = self.line_end(self.end(items[-1]))
            self.edit(at, at, self.lines(rendered, 0, at))

    def delete(self, start: int, end: int) -> None:
        line = self.line_start(start)
        if self.text[line:start].strip():
            raise Misaligned("the first key of a list item cannot be removed in place")
        self.edit(line, self.line_end(end), "")

    # -- replacing one value ---------------------------------------------------------

    def replace(self, node: yaml.Node, new: Any, slot: Slot) -> None:
        start, end = node.start_mark.index, self.end(node)
        if slot.key_end >= 0:
            body = render_entry("k", new, self.style)
            inline = body[0][2:] if len(body) == 1 and body[0].startswith("k:") else None
        else:
            body = render_body(new, self.style)
            inline = body[0] if len(body) == 1 else None
        if inline is None or "\n" in self.text[slot.start : end]:
            self.replace_lines(node, new, slot)
            return
        if slot.key_end >= 0 and (not inline or start == end):
            while not inline and self.text[start - 1] in " \t":
                start -= 1  # no value left: no space after the colon either
        else:
            inline = inline.lstrip(" ") if start < end else " " + inline
        self.replace_keeping_comment(start, end, inline)

    def replace_keeping_comment(self, start: int, end: int, replacement: str) -> None:
        gap = _COMMENT_GAP.match(self.text, end, self.line_end(end))
        if gap is None or len(replacement) == end - start:
            self.edit(start, end, replacement)
            return
        pad = self.comment_pad(column(self.text, start) + len(replacement), gap.end())
        self.edit(start, gap.end(), replacement + pad)

    def comment_pad(self, width: int, comment: int) -> str:
        """The space before the comment at `comment` on a line now `width` long: to the
        comment's old column when there is room, else the gap it had."""
        gap_start = comment
        while self.text[gap_start - 1] in " \t":
            gap_start -= 1
        room = column(self.text, comment) - width
        return " " * room if room > 0 else self.text[gap_start:comment] or " "

    def replace_lines(self, node: yaml.Node, new: Any, slot: Slot) -> None:
        first, stop = self.line_start(slot.start), self.line_end(self.end(node))
        if slot.key_end >= 0:
            rendered = render_entry(slot.key, new, self.style)
        else:
            rendered = render_item(new, self.style, 0, slot.item_offset)
        indent = column(self.text, slot.start)
        head = self.text[first : slot.start] + rendered[0]
        comments = self.comments(node, slot, first, stop)
        opens = len(rendered) == 1 or _OPENS_BLOCK.search(rendered[0]) is not None
        if comments and opens and comments[0].start() < self.line_end(first):
            head += self.comment_pad(len(head), comments[0].start()) + comments.pop(0).group()
        out = [head] + [" " * indent + line if line else line for line in rendered[1:]]
        out += [" " * indent + comment.group() for comment in comments]
        ending = self.newline if self.text[stop - 1 : stop] == "\n" else ""
        self.edit(first, stop, self.newline.join(out) + ending)

    def comments(self, node: yaml.Node, slot: Slot, first: int, stop: int) -> list[re.Match[str]]:
        """The comments between `first` and `stop`: each '#' after a space or at the start
        of a line that is not inside a scalar."""
        spans = self.scalar_spans(node) + (
            [(slot.start, slot.key_end)] if slot.key_end >= 0 else []
        )
        found = []
        for match in re.finditer(r"(?:(?<=[ \t])|^)#[^\r\n]*", self.text[first:stop], re.M):
            at = first + match.start()
            if not any(a <= at < b for a, b in spans):
                found.append(re.compile(r"#[^\r\n]*").match(self.text, at))
        return [m for m in found if m is not None]

    def scalar_spans(self, node: yaml.Node) -> list[tuple[int, int]]:
        spans = []
        for scalar in nodes(node):
            if not isinstance(scalar, yaml.ScalarNode):
                continue
            start, end = scalar.start_mark.index, self.end(scalar)
            if scalar.style in ("|", ">"):  # the header line may carry a comment
                header = _BLOCK_HEADER.search(self.text, start, self.line_end(start))
                spans.append((start, header.end() if header else start))
                start = self.line_end(start)
            spans.append((start, end))
        return spans
