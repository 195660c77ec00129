"""The index: built from the files, incremental, migrated, rebuilt when corrupt."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from learn_fixtures import WritePM, make_library, make_writer, write_three

from secondstory.cli import cli
from secondstory.index.build import build_index, open_synced
from secondstory.index.db import MIGRATIONS, index_path, open_index
from secondstory.index.search import search
from secondstory.store.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path)


@pytest.fixture
def write_pm(library: Library) -> WritePM:
    return make_writer(library)


@pytest.fixture
def three(write_pm: WritePM) -> None:
    write_three(write_pm)


def ids(library: Library, query: str) -> list[str]:
    db, _ = open_synced(library)
    try:
        return sorted(h.pm_id for h in search(db, query).hits)
    finally:
        db.close()


@pytest.mark.usefixtures("three")
def test_index_build_counts_and_second_run_unchanged(library: Library) -> None:
    first = build_index(library)
    second = build_index(library)
    assert (len(first.added), first.unchanged) == (3, 0)
    assert (len(second.added), len(second.updated), len(second.removed), second.unchanged) == (
        0,
        0,
        0,
        3,
    )
    assert index_path(library).is_file()
    assert (library.cache_path / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


@pytest.mark.usefixtures("three")
def test_index_reindexes_only_changed_postmortem(library: Library) -> None:
    build_index(library)
    main = library.postmortems_path / "2025-01-20-orders-failover" / "postmortem.md"
    main.write_text(
        main.read_text(encoding="utf-8") + "\n## Lessons\nWatch the zeppelin metric.\n",
        encoding="utf-8",
    )
    report = build_index(library)
    assert (report.updated, report.unchanged) == (["postmortems/2025-01-20-orders-failover"], 2)
    assert ids(library, "zeppelin") == ["2025-01-20-orders-failover"]


@pytest.mark.usefixtures("three")
def test_index_touched_but_same_content_is_not_reread(library: Library) -> None:
    build_index(library)
    main = library.postmortems_path / "2024-06-02-api-cert" / "postmortem.md"
    main.write_text(main.read_text(encoding="utf-8"), encoding="utf-8")
    report = build_index(library)
    assert (report.updated, report.unchanged) == ([], 3)


@pytest.mark.usefixtures("three")
def test_index_follows_deletion_and_rename(library: Library) -> None:
    build_index(library)
    shutil.rmtree(library.postmortems_path / "2024-06-02-api-cert")
    old = library.postmortems_path / "2025-01-20-orders-failover"
    old.rename(library.postmortems_path / "2025-01-20-orders-db-failover")
    report = build_index(library)
    assert report.removed == [
        "postmortems/2024-06-02-api-cert",
        "postmortems/2025-01-20-orders-failover",
    ]
    assert report.added == ["postmortems/2025-01-20-orders-db-failover"]
    db, _ = open_synced(library)
    hits = search(db, "stalled").hits
    db.close()
    assert [(h.pm_id, h.path) for h in hits] == [
        ("2025-01-20-orders-failover", "postmortems/2025-01-20-orders-db-failover")
    ]
    assert ids(library, "gateway") == []


@pytest.mark.usefixtures("three")
def test_index_corrupt_file_rebuilt_with_warning(library: Library) -> None:
    build_index(library)
    path = index_path(library)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database at all \x00\xff" * 200)
    report = build_index(library)
    assert len(report.added) == 3
    assert len(report.notices) == 1
    assert "unreadable" in report.notices[0] and "rebuilt" in report.notices[0]
    assert ids(library, "certificate") == ["2024-06-02-api-cert", "2025-03-14-checkout-cert"]


@pytest.mark.usefixtures("three")
def test_index_corrupt_file_warns_on_cli(library: Library) -> None:
    build_index(library)
    index_path(library).write_bytes(b"\x00garbage" * 500)
    Path(f"{index_path(library)}-wal").unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["--library", str(library.root), "search", "handshake"])
    assert result.exit_code == 0
    assert "secondstory: warning: the index" in result.stderr
    assert "2025-03-14-checkout-cert" in result.stdout


@pytest.mark.usefixtures("three")
def test_index_old_schema_is_migrated_and_reread(library: Library) -> None:
    path = index_path(library)
    library.cache_path.mkdir(exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for name, sql, _ in MIGRATIONS[:2]:
        conn.executescript(sql)
        conn.execute("INSERT INTO migrations VALUES (?, '2025-01-01')", (name,))
    conn.execute(
        "INSERT INTO docs (path, pm_id, stat_sig, content_hash) VALUES "
        "('postmortems/2025-03-14-checkout-cert', '2025-03-14-checkout-cert', 'stale', 'stale')"
    )
    conn.commit()
    conn.close()
    report = build_index(library)
    later = ", ".join(name for name, _, _ in MIGRATIONS[2:])
    assert report.notices == [f"migrated the index {path}: {later}"]
    assert later.startswith("0003-similarity-features, 0004-settings")
    assert (len(report.added), len(report.updated)) == (2, 1)
    db = open_index(library)
    names = [row[0] for row in db.conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    db.close()
    assert names == [name for name, _, _ in MIGRATIONS]


@pytest.mark.usefixtures("three")
def test_index_pre_migration_or_newer_file_is_rebuilt(library: Library) -> None:
    library.cache_path.mkdir(exist_ok=True)
    conn = sqlite3.connect(index_path(library))
    conn.execute("CREATE TABLE docs (whatever TEXT)")
    conn.commit()
    conn.close()
    report = build_index(library)
    assert report.notices == [
        f"the index {index_path(library)} is from an older secondstory; "
        "rebuilding it from the postmortems"
    ]
    assert len(report.added) == 3


def test_index_unloadable_postmortem_is_listed(library: Library) -> None:
    folder = library.postmortems_path / "broken"
    folder.mkdir(parents=True)
    (folder / "postmortem.md").write_text("no front matter here\n", encoding="utf-8")
    report = build_index(library)
    assert report.unreadable == ["postmortems/broken"]


@pytest.mark.usefixtures("three")
def test_index_unloadable_postmortems_are_not_counted_as_indexed(library: Library) -> None:
    for name in ("broken-a", "broken-b"):
        folder = library.postmortems_path / name
        folder.mkdir(parents=True)
        (folder / "postmortem.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    broken = ["postmortems/broken-a", "postmortems/broken-b"]
    runner = CliRunner()
    args = ["-L", str(library.root), "index", "--format", "json"]
    rebuilt = runner.invoke(cli, [*args, "--rebuild"])
    assert '"added": 3,' in rebuilt.stdout and '"unchanged": 0,' in rebuilt.stdout
    again = build_index(library)
    assert (len(again.added), again.unchanged, again.total, again.unreadable) == (0, 3, 3, broken)
    text = runner.invoke(cli, ["-L", str(library.root), "index"])
    assert text.stdout.splitlines()[1:] == [
        f"  not indexed (postmortem.md unusable, see 'secondstory validate'): {path}"
        for path in broken
    ]
    assert "indexed 3 postmortems in " in text.stdout
    fixed = library.postmortems_path / "broken-a" / "postmortem.md"
    fixed.write_text("---\nid: broken-a\ntitle: Cafe\nstatus: draft\n---\n", encoding="utf-8")
    repaired = build_index(library)
    assert (len(repaired.updated), repaired.unchanged, repaired.unreadable) == (1, 3, broken[1:])


@pytest.mark.usefixtures("three")
def test_index_command_json_and_rebuild(library: Library) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["-L", str(library.root), "index", "--format", "json"])
    again = runner.invoke(cli, ["-L", str(library.root), "index", "--rebuild", "--progress"])
    assert first.exit_code == 0 and '"added": 3' in first.stdout
    assert again.exit_code == 0
    assert again.stdout.startswith("indexed 3 postmortems in ")
    assert "3 added, 0 updated, 0 removed, 0 unchanged" in again.stdout
    assert "indexing [" in again.stderr


@pytest.mark.usefixtures("three")
def test_index_term_counts_follow_incremental_changes(library: Library) -> None:
    build_index(library)
    shutil.rmtree(library.postmortems_path / "2024-06-02-api-cert")
    main = library.postmortems_path / "2025-01-20-orders-failover" / "postmortem.md"
    main.write_text(
        main.read_text(encoding="utf-8") + "\n## Lessons\nCertificates too.\n", encoding="utf-8"
    )
    build_index(library)
    db = open_index(library)
    kept = sorted(db.conn.execute("SELECT term, df FROM term_df"))
    recount = sorted(db.conn.execute("SELECT term, count(*) FROM postings GROUP BY term"))
    db.close()
    assert kept == recount
    assert ("~certificate-expiry", 1) in kept


def test_index_two_builds_at_once_agree(library: Library, write_pm: WritePM) -> None:
    import threading

    for n in range(30):
        write_pm(f"2025-01-{n + 1:02d}-incident-{n}", f"Incident number {n} with a queue backlog")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            build_index(library)
        except BaseException as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = open_index(library)
    count = db.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    db.close()
    assert (errors, count) == ([], 30)
