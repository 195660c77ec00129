"""Values kept between runs beside the bytecode, as Python keeps compiled modules (.pyc).

Every lint run used to parse the rule files (13 ms) and lay out the anchor search (13 ms)
before reading a line of the user's text: a third of the time a one-file run spends on its
own work. `kept(name, key, build)` returns the value stored under `name` when it was built
for the same `key` (a digest of everything the value is made from: the rule files and the
code that reads them), and otherwise builds it and stores it for the next run. Values are
plain data that `marshal` writes (no code, no objects). Nothing is written when Python is
told not to write bytecode; a missing, unreadable, stale or unwritable file only means
building the value as before.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

try:  # built into CPython: no OpenSSL to load (hashlib's import is 3 ms of every run)
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b as blake2b

T = TypeVar("T")

HERE = Path(__file__).parent  # the values are kept in its __pycache__
PACKAGE = HERE.parent


def kept_file(name: str) -> Path:
    tag = sys.implementation.cache_tag or "python"
    return HERE / "__pycache__" / f"{name}.{tag}.marshal"


def digest(parts: Iterable[str | bytes]) -> str:
    """A key for `kept`: the digest of the parts, each length-prefixed (so that moving text
    from one part to the next changes it)."""
    hasher = blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def source_of(*modules: str) -> tuple[bytes, ...]:
    """The source files of these modules of the package (part of a key: a value built by
    other code is built again)."""
    return tuple((PACKAGE / module).read_bytes() for module in modules)


def unmarshal(data: bytes) -> Any:
    """`marshal.loads(data)` with the cyclic collector paused: kept values are hundreds of
    thousands of tuples and strings, long-lived and without cycles, and collections
    started while they are read would trace them all for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if enabled:
            gc.enable()


def kept(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored as `name` for `key`, or `build()` (then stored for next time)."""
    path = kept_file(name)
    try:
        stored: Any = unmarshal(path.read_bytes())
    except (OSError, TypeError, ValueError, EOFError):
        stored = None
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        value: T = stored[1]
        return value
    value = build()
    if not sys.dont_write_bytecode:
        _store(path, (key, value))
    return value


def _store(path: Path, entry: tuple[str, Any]) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        data = marshal.dumps(entry)
        path.parent.mkdir(exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # read-only install, or a value marshal cannot write
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
