from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from secondstory.index import build
from secondstory.index.db import index_path
from secondstory.index.search import search
from secondstory.store.library import open_library


def _indexes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        )
        return [str(r[0]) for r in rows]
    finally:
        conn.close()


def test_bulk_build_of_empty_index_recreates_secondary_indexes(
    example_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(example_library)
    build.build_index(library, jobs=1)
    expected = _indexes(index_path(library))
    monkeypatch.setattr(build, "BULK", 1)
    report = build.build_index(library, rebuild=True, jobs=1)
    assert (len(report.added), _indexes(index_path(library))) == (28, expected)
    assert {"postings_term", "facets_value"} <= set(expected)
    db, _ = build.open_synced(library)
    try:
        result = search(db, "certificate expired service:checkout", limit=1)
    finally:
        db.close()
    assert result.hits[0].pm_id == "2025-06-03-checkout-tls-certificate-expired"
