"""A cache of validation results, so an unchanged postmortem is not checked twice.

Keyed per postmortem folder by a stat signature of its files (names, sizes, modification
times) and, for the whole cache, by the secondstory version and the library settings the
checks depend on. Stored as JSON under .secondstory/; deleting it loses nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secondstory import __version__
from secondstory.model.problems import Problem
from secondstory.store.files import write_atomic
from secondstory.store.library import Library

CACHE_FILE = "validate-cache.json"
CACHE_FORMAT = 3  # 2: summaries carry the line of `related:`; 3: the provenance source
# what the library-wide checks need of one postmortem: id, file, line of `id:`, related ids,
# line of `related:`, the key of `provenance.source` ("" when not imported), its line
Summary = tuple[str, Path, int, list[str], int, str, int]


def folder_signature(folder: Path) -> str:
    """Names, sizes and modification times of every file of a postmortem folder."""
    parts = []
    for base in (folder, folder / "accounts"):
        try:
            entries = sorted(os.scandir(base), key=lambda e: e.name)
        except OSError:  # absent, not a folder, not readable: the loader reports it
            continue
        for entry in entries:
            if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                try:  # a link: its target's size and time, so an edit through it counts
                    stat = entry.stat()
                except OSError:  # a broken link or a loop
                    stat = entry.stat(follow_symlinks=False)
                parts.append(f"{base.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


@dataclass(slots=True)
class ValidateCache:
    path: Path
    key: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, library: Library) -> ValidateCache:
        key = json.dumps(
            [
                __version__,
                CACHE_FORMAT,
                list(library.severities),
                library.postmortems_dir,
                library.zone_name,  # (in the SS015 hint)
            ]
        )
        cache = cls(library.cache_path / CACHE_FILE, key)
        try:
            data = json.loads(cache.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if (
            isinstance(data, dict)
            and data.get("key") == key
            and isinstance(data.get("entries"), dict)
        ):
            cache.entries = data["entries"]
        return cache

    def get(self, folder: Path, signature: str) -> tuple[Summary | None, list[Problem]] | None:
        entry = self.entries.get(str(folder))
        if entry is None or entry.get("signature") != signature:
            return None
        summary = entry["summary"]
        problems = [Problem(Path(p[0]), p[1], p[2], p[3], p[4], p[5]) for p in entry["problems"]]
        if summary is None:
            return None, problems
        return (
            summary[0],
            Path(summary[1]),
            summary[2],
            summary[3],
            summary[4],
            summary[5],
            summary[6],
        ), problems

    def put(
        self, folder: Path, signature: str, summary: Summary | None, problems: list[Problem]
    ) -> None:
        self.entries[str(folder)] = {
            "signature": signature,
            "summary": None if summary is None else [summary[0], str(summary[1]), *summary[2:]],
            "problems": [
                [str(p.path), p.line, p.column, p.code, p.message, p.severity] for p in problems
            ],
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                write_atomic(gitignore, "*\n")
            write_atomic(self.path, json.dumps({"key": self.key, "entries": self.entries}))
        except OSError:
            pass  # a cache that cannot be written only costs time
