"""Bringing the index up to date with the files, incrementally.

A postmortem folder is re-read only when its files changed: a stat signature (names, sizes,
modification times) is the fast path; when it differs, the content hash decides. Folders
that disappeared are dropped; a renamed folder is dropped at its old path and read at its new.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.index.db import (
    CHUNKS_PER_DOC,
    IndexDB,
    get_setting,
    is_corruption,
    open_index,
    recover,
    set_setting,
)
from secondstory.index.extract import (
    READER_VERSION,
    Extracted,
    content_hash,
    extract,
    scan_postmortems,
    vocabulary_for,
)
from secondstory.insights import embeddings
from secondstory.insights.vocabulary import BUILTIN_PATH, LIBRARY_FILE
from secondstory.store.library import Library

Progress = Callable[[int, int], None]
PARALLEL_THRESHOLD = 200
BULK = 200  # postmortems changed at once beyond which term counts are recomputed whole


@dataclass(slots=True)
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0  # (readable postmortems only: those not loaded are in `unreadable`)
    # folders whose postmortem.md could not be loaded: not indexed, nor counted above
    unreadable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + self.unchanged

    def to_json(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "unreadable": self.unreadable,
            "seconds": round(self.seconds, 3),
            "notices": self.notices,
        }


@dataclass(slots=True)
class _Stored:
    doc_id: int
    stat_sig: str
    content_hash: str
    loaded: bool = True  # False: kept only to notice when its files change


def _stored(conn: sqlite3.Connection) -> dict[str, _Stored]:
    rows = conn.execute("SELECT path, doc_id, stat_sig, content_hash FROM docs")
    stored = {path: _Stored(doc_id, sig, digest) for path, doc_id, sig, digest in rows}
    # a folder that could not be loaded is kept with no title and no features (few rows)
    for (path,) in conn.execute(
        "SELECT d.path FROM docs d JOIN features f ON f.doc_id = d.doc_id"
        " WHERE d.title = '' AND f.json = '{}'"
    ):
        stored[path].loaded = False
    return stored


def _plan(
    library: Library, stored: dict[str, _Stored], report: SyncReport
) -> tuple[list[Path], dict[str, str], set[str]]:
    """Folders to (re-)read, folders touched but unchanged in content, and every folder present."""
    to_read: list[Path] = []
    touched: dict[str, str] = {}
    present: set[str] = set()
    prefix = len(str(library.root)) + 1
    for folder, sig in scan_postmortems(library.postmortems_path):
        rel = folder[prefix:].replace(os.sep, "/")
        present.add(rel)
        known = stored.get(rel)
        if known is not None and sig == known.stat_sig:
            _unchanged(report, rel, known)
        elif known is not None and content_hash(Path(folder)) == known.content_hash:
            touched[rel] = sig
            _unchanged(report, rel, known)
        else:
            to_read.append(Path(folder))
    return to_read, touched, present


def _unchanged(report: SyncReport, rel: str, known: _Stored) -> None:
    if known.loaded:
        report.unchanged += 1
    else:
        report.unreadable.append(rel)


def _extract_all(dirs: list[Path], root: Path, jobs: int | None) -> Iterator[Extracted]:
    tasks = [(str(d), str(root)) for d in dirs]
    workers = (
        jobs if jobs else (min(os.cpu_count() or 1, 8) if len(tasks) >= PARALLEL_THRESHOLD else 1)
    )
    if workers <= 1:
        yield from map(extract, tasks)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(extract, tasks, chunksize=max(1, min(64, len(tasks) // (workers * 8))))


def _delete_doc(conn: sqlite3.Connection, doc_id: int, count_terms: bool) -> None:
    if count_terms:
        conn.execute(
            "UPDATE term_df SET df = df - 1 WHERE term IN (SELECT term FROM postings WHERE doc_id = ?)",
            (doc_id,),
        )
    low = doc_id * CHUNKS_PER_DOC
    conn.execute("DELETE FROM chunks WHERE rowid BETWEEN ? AND ?", (low, low + CHUNKS_PER_DOC - 1))
    for table in ("facets", "postings", "features", "docs"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))


def _delete_path(conn: sqlite3.Connection, path: str, count_terms: bool) -> int | None:
    """Remove the postmortem indexed at `path`, if any; returns its doc_id."""
    row = conn.execute("SELECT doc_id FROM docs WHERE path = ?", (path,)).fetchone()
    if row is None:
        return None
    _delete_doc(conn, int(row[0]), count_terms)
    return int(row[0])


def _insert_doc(conn: sqlite3.Connection, item: Extracted, count_terms: bool) -> int:
    cursor = conn.execute(
        "INSERT INTO docs (path, pm_id, title, status, severity, day, stat_sig, content_hash,"
        " imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            item.path,
            item.pm_id,
            item.title,
            item.status,
            item.severity,
            item.day,
            item.stat_sig,
            item.content_hash,
            int(item.imported),
        ),
    )
    doc_id = int(cursor.lastrowid or 0)
    conn.execute("INSERT INTO features VALUES (?, ?)", (doc_id, item.features_json))
    base = doc_id * CHUNKS_PER_DOC
    conn.executemany(
        "INSERT INTO chunks (rowid, title, heading, body, doc_id, section, file, line)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                base + n,
                c.text if c.section == "title" else "",
                c.heading,
                "" if c.section == "title" else c.text,
                doc_id,
                c.section,
                c.file,
                c.line,
            )
            for n, c in enumerate(item.chunks)
        ],
    )
    conn.executemany(
        "INSERT INTO facets VALUES (?, ?, ?)", [(doc_id, f, v) for f, v in item.facets]
    )
    conn.executemany(
        "INSERT INTO postings VALUES (?, ?, ?)", [(t, doc_id, w) for t, w in item.postings]
    )
    if count_terms:
        conn.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
            [(t,) for t, _ in item.postings],
        )
    return doc_id


def _write(
    db: IndexDB,
    items: Iterable[Extracted],
    gone: list[str],
    touched: dict[str, str],
    report: SyncReport,
    progress: Progress | None,
    total: int,
) -> None:
    conn = db.conn
    bulk = total + len(gone) > BULK  # then count the documents of each term once, at the end
    conn.execute("PRAGMA synchronous = OFF")
    if bulk:
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB of pages while writing thousands
    conn.execute("BEGIN IMMEDIATE")
    try:
        # an empty index filled in bulk: build the secondary B-trees once, after the rows
        deferred = _drop_secondary_indexes(conn) if bulk and _is_empty(conn) else []
        for rel in gone:
            _delete_path(conn, rel, not bulk)
        conn.executemany(
            "UPDATE docs SET stat_sig = ? WHERE path = ?", [(s, p) for p, s in touched.items()]
        )
        for done, item in enumerate(items, 1):
            # read again inside the transaction: another process may have indexed it meanwhile
            known = None if deferred else _delete_path(conn, item.path, not bulk)
            _insert_doc(conn, item, not bulk)
            if not item.loaded:  # kept to notice changes, but not indexed
                report.unreadable.append(item.path)
            else:
                (report.updated if known is not None else report.added).append(item.path)
            if progress is not None:
                progress(done, total)
        for sql in deferred:
            conn.execute(sql)
        if bulk:
            conn.execute("DELETE FROM term_df")
            conn.execute("INSERT INTO term_df SELECT term, count(*) FROM postings GROUP BY term")
        conn.execute("DELETE FROM term_df WHERE df <= 0")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -2000")


DEFERRED_TABLES = ("postings", "facets")


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None


def _drop_secondary_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the postings and facets indexes; returns the SQL that creates them again."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' for _ in DEFERRED_TABLES)})",
        DEFERRED_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in rows]


def _vocabulary_key(library: Library) -> str:
    """A cheap key of the files and settings the mechanism vocabulary is read from."""
    table = library.section("mechanisms")
    files = [BUILTIN_PATH, library.root / str(table.get("file", LIBRARY_FILE))]
    parts = [json.dumps(table, sort_keys=True, default=str)]
    for path in files:
        try:
            st = path.stat()
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:-")
    return "|".join(parts)


def _check_vocabulary(library: Library, db: IndexDB) -> None:
    """Read everything again when the failure-mechanism rules or the reader itself changed."""
    # installing or removing the semantic extra changes every similarity doc (embeddings)
    key = f"{READER_VERSION}|embeddings={embeddings.available()}|{_vocabulary_key(library)}"
    if get_setting(db.conn, "vocabulary-key") == key:
        return  # nothing the vocabulary is read from changed: no need to load it
    fingerprint = (
        f"{READER_VERSION}:{embeddings.available()}:{vocabulary_for(library.root).fingerprint}"
    )
    if get_setting(db.conn, "vocabulary") != fingerprint:
        db.needs_full_sync = True
        set_setting(db.conn, "vocabulary", fingerprint)
    set_setting(db.conn, "vocabulary-key", key)


def _sync_once(
    library: Library, db: IndexDB, progress: Progress | None, jobs: int | None
) -> SyncReport:
    started = time.perf_counter()
    report = SyncReport()
    _check_vocabulary(library, db)
    if db.needs_full_sync:
        db.conn.execute("UPDATE docs SET stat_sig = '', content_hash = ''")
        db.needs_full_sync = False
    stored = _stored(db.conn)
    to_read, touched, present = _plan(library, stored, report)
    gone = sorted(set(stored) - present)
    if to_read or gone or touched:
        if progress is not None and to_read:
            progress(0, len(to_read))
        items = _extract_all(to_read, library.root, jobs)
        _write(db, items, gone, touched, report, progress, len(to_read))
        report.removed = gone
        if len(to_read) > 100 or gone:
            db.conn.execute("INSERT INTO chunks(chunks) VALUES ('optimize')")
            db.conn.execute("ANALYZE")
    report.unreadable.sort()
    report.seconds = time.perf_counter() - started
    return report


def sync(
    library: Library, db: IndexDB, progress: Progress | None = None, jobs: int | None = None
) -> tuple[IndexDB, SyncReport]:
    """Bring an open index up to date; a corrupt file is rebuilt once. Returns the (new) db."""
    try:
        report = _sync_once(library, db, progress, jobs)
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise
        db = recover(db, library)
        report = _sync_once(library, db, progress, jobs)
    report.notices = list(db.notices)
    return db, report


def open_synced(
    library: Library,
    progress: Progress | None = None,
    rebuild: bool = False,
    jobs: int | None = None,
) -> tuple[IndexDB, SyncReport]:
    """Open the index and bring it up to date: what every reading command does first."""
    return sync(library, open_index(library, rebuild=rebuild), progress, jobs)


def build_index(
    library: Library,
    rebuild: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> SyncReport:
    """`secondstory index`: build or update the index and report what changed."""
    db, report = open_synced(library, progress, rebuild, jobs)
    db.close()
    return report
