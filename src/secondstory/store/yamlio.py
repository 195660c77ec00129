"""Fast YAML reading that keeps line numbers.

libyaml composes the node tree (C speed); we turn nodes into plain values ourselves,
keeping every key's position, so messages can name file:line:column. Scalars stay
strings: the format's field table decides what each one means (a time, a date...).
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Loader: Any = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.BaseLoader

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class YMap(dict[str, Any]):
    """A mapping that remembers where its keys are (1-based line, column)."""

    __slots__ = ("column", "line", "positions")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.positions: dict[str, tuple[int, int]] = {}


class YList(list[Any]):
    """A sequence that remembers where each item starts."""

    __slots__ = ("column", "line", "positions")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.positions: list[tuple[int, int]] = []


class YStr(str):
    """A scalar string with its position and whether it was quoted."""

    __slots__ = ("column", "line", "quoted")
    line: int
    column: int
    quoted: bool


def _scalar(node: yaml.ScalarNode, line_offset: int) -> Any:
    value = node.value
    quoted = node.style in ("'", '"')
    if not quoted and value in NULLS and node.style not in ("|", ">"):
        return None
    s = YStr(value)
    s.line = node.start_mark.line + 1 + line_offset
    s.column = node.start_mark.column + 1
    s.quoted = quoted
    return s


def _convert(node: yaml.Node, line_offset: int) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, line_offset)
    line = node.start_mark.line + 1 + line_offset
    column = node.start_mark.column + 1
    if isinstance(node, yaml.SequenceNode):
        seq = YList(line, column)
        for item in node.value:
            seq.append(_convert(item, line_offset))
            seq.positions.append(
                (item.start_mark.line + 1 + line_offset, item.start_mark.column + 1)
            )
        return seq
    mapping = YMap(line, column)
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        if key == "<<":
            merged = _convert(value_node, line_offset)
            if isinstance(merged, YMap):
                for k, v in merged.items():
                    mapping.setdefault(k, v)
                    mapping.positions.setdefault(k, merged.positions[k])
            continue
        mapping[key] = _convert(value_node, line_offset)
        mapping.positions[key] = (
            key_node.start_mark.line + 1 + line_offset,
            key_node.start_mark.column + 1,
        )
    return mapping


def load(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; raise YamlSyntaxError with a 1-based position."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(problem, line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], 1 + line_offset, 1) from None
    if node is None:
        return None
    return _convert(node, line_offset)
