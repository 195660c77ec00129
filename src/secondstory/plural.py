"""Counted nouns in what secondstory prints: `plural(1, "item")` is "1 item",
`plural(2, "timeline entry")` is "2 timeline entries"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str = "") -> str:
    """`count` and `noun`, in the plural unless count is 1; `many` for an irregular plural."""
    return f"{count} {noun if count == 1 else many or plural_of(noun)}"


def plural_of(noun: str) -> str:
    """The plural of a regular English noun (or of a phrase ending in one)."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"
