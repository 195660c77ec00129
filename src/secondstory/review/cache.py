"""A cache of lint results keyed by the content of a target's files and the rule set.

One SQLite file: under the library's .secondstory/ folder, or a user cache folder
($XDG_CACHE_HOME/secondstory, ~/.cache/secondstory) when linting loose files.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from secondstory.review.finding import FileError, Finding
from secondstory.review.kept import blake2b

CACHE_FILE = "lint-cache.sqlite"
ENGINE_VERSION = "3"  # 3: errors carry a hint


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "secondstory"


def target_key(files: list[Path], base: Path, salt: str) -> str:
    digest = blake2b(f"{ENGINE_VERSION}\0{salt}".encode(), digest_size=20)
    from secondstory.store.files import UnreadableFile, read_bytes

    for path in files:
        digest.update(b"\0" + os.fsencode(path.relative_to(base).as_posix()) + b"\0")
        try:  # as lint reads it: never a FIFO waited on, never more than the size limit
            digest.update(read_bytes(path))
        except UnreadableFile as exc:
            digest.update(b"\0unreadable\0" + os.fsencode(exc.reason))
    return digest.hexdigest()


class LintCache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, data TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error):
            self._db = None  # a cache that cannot be opened is no cache, never an error

    def get(self, key: str) -> tuple[list[Finding], list[FileError]] | None:
        if self._db is None:
            return None
        row = self._db.execute("SELECT data FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        return [Finding.from_json(f) for f in data["findings"]], [
            FileError(**e) for e in data["errors"]
        ]

    def put(self, key: str, findings: list[Finding], errors: list[FileError]) -> None:
        if self._db is None:
            return
        data = json.dumps(
            {"findings": [f.to_json() for f in findings], "errors": [e.to_json() for e in errors]}
        )
        with contextlib.suppress(sqlite3.Error):
            self._db.execute(
                "INSERT OR REPLACE INTO results (key, data) VALUES (?, ?)", (key, data)
            )

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()
            self._db = None
