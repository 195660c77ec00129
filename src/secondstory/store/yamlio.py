"""YAML reading that keeps line numbers.

Plain block YAML is read by store/fastyaml.py; anything else by libyaml
(store/libyaml.py: libyaml composes the node tree, we turn nodes into plain values),
keeping every key's position, so messages can name file:line:column. Scalars stay
strings: the format's field table decides what each one means (a time, a date...).
"""

from __future__ import annotations

from typing import Any

from secondstory.store.fastyaml import Unsupported, load_fast
from secondstory.store.yamlmodel import NULLS, YList, YMap

__all__ = ["NULLS", "YList", "YMap", "YamlSyntaxError", "load", "load_slow"]


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; raise YamlSyntaxError with a 1-based position. Plain
    block YAML is read by store/fastyaml.py, the rest by libyaml."""
    try:
        return load_fast(text, line_offset)
    except Unsupported:
        return load_slow(text, line_offset)


def load_slow(text: str, line_offset: int = 0) -> Any:
    """`load` through libyaml alone."""
    from secondstory.store.libyaml import load_libyaml

    return load_libyaml(text, line_offset)
