"""How two `provenance.source` values are compared: a path resolved (a relative one is
relative to the library), anything else (`slack:#channel`, a URL) as written; so `./x.md`,
`../lib/x.md` and `/home/ana/lib/x.md` are one source. The importers use it to refuse a
second copy of a report; `validate` to find the copies made before they did (SS030)."""

from __future__ import annotations

import re
from pathlib import Path

_NOT_A_PATH = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # slack:#c, https://..., pagerduty:...


def source_key(source: str, root: Path) -> str:
    """What two sources of the library at `root` are compared by."""
    if _NOT_A_PATH.match(source):
        return source
    path = Path(source)
    return (path if path.is_absolute() else root / path).resolve().as_posix()
