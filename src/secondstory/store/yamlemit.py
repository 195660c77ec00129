"""Writing YAML scalars by hand where we generate text (new files, appended items)."""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"^[A-Za-z0-9_./()][A-Za-z0-9 _./@()'&,+-]*$")
_RESERVED = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"})


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, double-quoted otherwise."""
    if (
        text
        and _PLAIN.match(text)
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
        and ": " not in text
        and " #" not in text
        and not re.fullmatch(r"[-+]?[0-9][0-9_.:eE+-]*", text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)
