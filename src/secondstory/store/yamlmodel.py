"""The values a YAML reader gives: mappings and sequences that remember positions."""

from __future__ import annotations

from typing import Any

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YMap(dict[str, Any]):
    """A mapping that remembers where its keys and values are (1-based line, column)."""

    __slots__ = ("column", "line", "positions", "value_positions")

    def __init__(self, line: int, column: int) -> None:
        # (no super().__init__(): the new dict or list is empty already)
        self.line = line
        self.column = column
        self.positions: dict[str, tuple[int, int]] = {}
        self.value_positions: dict[str, tuple[int, int]] = {}


class YList(list[Any]):
    """A sequence that remembers where each item starts."""

    __slots__ = ("column", "line", "positions")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.positions: list[tuple[int, int]] = []
