"""The structure of a regular expression's source: its groups and top-level alternatives.

Shared by the classifier's cue gates (insights/cuegates.py) and the linter's rule
patterns (review/ruleset.py).
"""

from __future__ import annotations

from collections.abc import Iterator


def structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth after it) for each `(`, `)` and `|` outside escapes and
    character classes (a `]` first in a class, after any `^`, is a literal)."""
    depth = 0
    in_class = False
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 2 if pattern.startswith("^", i + 1) else 1
            i += 1 if pattern.startswith("]", i) else 0
            continue
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth
        i += 1


def split_top(pattern: str) -> list[str]:
    """The alternatives of `pattern` at the top level (outside any group or class)."""
    parts: list[str] = []
    start = 0
    for i, char, depth in structure(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts
