"""The index database: where it lives, opening it, and its named schema migrations.

The file is a cache: when it is corrupt, from an unknown (newer or pre-migration) version,
or deleted, it is rebuilt from the postmortem files and nothing is lost.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.errors import FileProblem, SecondstoryError
from secondstory.store.library import Library

INDEX_NAME = "index.sqlite"
CHUNKS_PER_DOC = 1024  # a chunk's rowid is doc_id * CHUNKS_PER_DOC + its number

# Named migrations, applied in order and recorded in the `migrations` table. Never edit one
# that has shipped: add a new one. `True` marks a migration after which every postmortem is
# re-read (its stored rows changed shape).
MIGRATIONS: tuple[tuple[str, str, bool], ...] = (
    (
        "0001-documents",
        """
        CREATE TABLE docs (
            doc_id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            pm_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL DEFAULT '',
            day TEXT NOT NULL DEFAULT '',
            stat_sig TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX docs_pm_id ON docs(pm_id);
        CREATE TABLE facets (doc_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
        CREATE INDEX facets_value ON facets(facet, value, doc_id);
        CREATE INDEX facets_doc ON facets(doc_id);
        """,
        False,
    ),
    (
        "0002-section-search",
        """
        CREATE VIRTUAL TABLE chunks USING fts5(
            title, heading, body, doc_id UNINDEXED, section UNINDEXED, file UNINDEXED,
            line UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        """,
        False,
    ),
    (
        "0003-similarity-features",
        """
        ALTER TABLE docs ADD COLUMN features TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE docs ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE postings (term TEXT NOT NULL, doc_id INTEGER NOT NULL, tf REAL NOT NULL);
        CREATE INDEX postings_term ON postings(term, doc_id);
        CREATE INDEX postings_doc ON postings(doc_id);
        """,
        True,
    ),
    (
        "0004-settings",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        False,
    ),
    (
        "0005-term-frequencies",
        "CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;",
        True,
    ),
    (
        # the features JSON moves out of `docs`, whose scans (filters, change checks) it slowed
        "0006-narrow-docs",
        """
        CREATE TABLE features (doc_id INTEGER PRIMARY KEY, json TEXT NOT NULL);
        INSERT INTO features SELECT doc_id, features FROM docs;
        UPDATE docs SET features = '';
        CREATE INDEX docs_day ON docs(day);
        CREATE INDEX docs_severity ON docs(lower(severity));
        CREATE INDEX docs_status ON docs(lower(status));
        """,
        False,
    ),
)
KNOWN_MIGRATIONS = frozenset(name for name, _, _ in MIGRATIONS)


class IndexUnavailable(SecondstoryError):
    """SQLite cannot provide what the index needs (FTS5 missing, folder not writable)."""

    exit_code = 3


@dataclass(slots=True)
class IndexDB:
    """An open index and the notices raised while opening it (shown as warnings)."""

    conn: sqlite3.Connection
    path: Path
    notices: list[str] = field(default_factory=list)
    needs_full_sync: bool = False

    def close(self) -> None:
        self.conn.close()


def index_path(library: Library) -> Path:
    return library.cache_path / INDEX_NAME


def remove_index_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _applied(conn: sqlite3.Connection) -> list[str] | None:
    """Names of the applied migrations; None when the file holds tables but no record of them."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migrations" in tables:
        return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    return [] if not tables else None


def migrate(conn: sqlite3.Connection, applied: list[str]) -> tuple[list[str], bool]:
    """Apply the missing migrations in order; returns their names and whether to re-read all."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
    )
    done, reread = [], False
    for name, sql, needs_reread in MIGRATIONS:
        if name in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")  # another process applied it while we waited
                continue
            for statement in (s for s in sql.split(";") if s.strip()):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(name)
        reread = reread or (needs_reread and bool(applied))
    return done, reread


def _check_fts5() -> None:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        raise IndexUnavailable(
            f"this Python's SQLite {sqlite3.sqlite_version} has no FTS5 full-text search",
            hint="use a Python built with FTS5 (the python.org and distribution builds have it)",
        ) from None
    finally:
        probe.close()


def _prepare_folder(library: Library) -> None:
    folder = library.cache_path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text(
                "# secondstory caches: rebuilt from the files, safe to delete\n*\n",
                encoding="utf-8",
            )
    except OSError as exc:
        raise FileProblem(f"cannot create the index folder {folder}: {exc.strerror}") from None


def _open_checked(path: Path, notices: list[str]) -> tuple[sqlite3.Connection, bool]:
    """Open and migrate; a file that is not a usable index is replaced by a fresh one."""
    conn = _connect(path)
    try:
        applied = _applied(conn)
        unknown = [] if applied is None else [n for n in applied if n not in KNOWN_MIGRATIONS]
        if applied is None or unknown:
            why = "from a newer secondstory" if unknown else "from an older secondstory"
            notices.append(f"the index {path} is {why}; rebuilding it from the postmortems")
            conn.close()
            remove_index_files(path)
            conn = _connect(path)
            applied = []
        done, reread = migrate(conn, applied)
        if done and applied:
            notices.append(f"migrated the index {path}: {', '.join(done)}")
        return conn, reread
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        notices.append(f"the index {path} was unreadable ({exc}); rebuilt it from the postmortems")
        remove_index_files(path)
        conn = _connect(path)
        migrate(conn, [])
        return conn, False


def open_index(library: Library, rebuild: bool = False) -> IndexDB:
    """Open (creating, migrating or rebuilding as needed) the library's index."""
    _check_fts5()
    _prepare_folder(library)
    path = index_path(library)
    if rebuild:
        remove_index_files(path)
    notices: list[str] = []
    try:
        conn, reread = _open_checked(path, notices)
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:
        raise IndexUnavailable(
            f"cannot open the index {path}: {exc}", hint="delete the file; it is a cache"
        ) from None
    return IndexDB(conn, path, notices, needs_full_sync=reread)


def recover(db: IndexDB, library: Library) -> IndexDB:
    """Replace a database found corrupt while in use by a fresh, empty one."""
    db.close()
    remove_index_files(db.path)
    fresh = open_index(library)
    fresh.notices[:0] = [
        *db.notices,
        f"the index {db.path} was corrupt; rebuilt it from the postmortems",
    ]
    return fresh


def is_corruption(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, sqlite3.OperationalError | sqlite3.IntegrityError | sqlite3.ProgrammingError
    )


def get_setting(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else ""


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))
