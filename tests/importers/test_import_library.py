"""Importing into a real library: writing, round trip, re-import, bad input, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from secondstory.errors import SecondstoryError
from secondstory.importers.markdown_library import ImportOptions, import_markdown
from secondstory.model.records import (
    ActionItem,
    Factor,
    Participant,
    Postmortem,
    Provenance,
    TimelineEntry,
)
from secondstory.store.library import load_config
from secondstory.store.loader import load_postmortem
from secondstory.store.render import write_postmortem

from conftest import REPO_ROOT

PAGERDUTY_EXPORT = REPO_ROOT / "tests" / "data" / "pagerduty_export.pdf.txt"

REPORT = """# Queue stalled

## Timeline

All times in UTC.

| Time | Event |
| --- | --- |
| 2024-04-01 09:00 | Broker upgrade started, consumers stall (problem started) |
| 2024-04-01 09:07 | Alert fired for queue depth |
| 2024-04-01 09:30 | Broker rolled back, service restored |

## Action items

- Add a consumer lag alert (owner: Sam Lee)
"""


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    root.mkdir()
    (root / "secondstory.toml").write_text(
        '[library]\nname = "t"\ntimezone = "UTC"\n', encoding="utf-8"
    )
    return load_config(root)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_import_library_writes_a_postmortem_that_loads_cleanly(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "in", "2024-04-01-queue.md", REPORT)
    [result] = import_markdown(library, [source], ImportOptions(today=date(2026, 1, 2)))
    assert (result.status, result.id, result.timeline, result.actions) == (
        "imported",
        "2024-04-01-queue-stalled",
        3,
        1,
    )
    assert result.timestamps == {
        "started": "2024-04-01T09:00:00+00:00",
        "detected": "2024-04-01T09:07:00+00:00",
        "resolved": "2024-04-01T09:30:00+00:00",
    }
    loaded = load_postmortem(library.postmortems_path / result.id, library.root)
    assert loaded.problems == []
    pm = loaded.postmortem
    assert pm is not None
    assert pm.provenance is not None and pm.provenance.source == source.resolve().as_posix()
    assert [a.owner for a in pm.actions] == ["Sam Lee"]
    assert pm.section("facts") is None and "| 2024-04-01 09:07 | Alert fired" in pm.body


def test_import_library_skips_then_updates_the_same_source(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "in", "2024-04-01-queue.md", REPORT)
    import_markdown(library, [source], ImportOptions())
    [again] = import_markdown(library, [source], ImportOptions())
    assert (again.status, again.reason) == (
        "skipped",
        "already imported; pass --update to import it again",
    )
    source.write_text(
        REPORT.replace("Queue stalled", "Queue stalled for everyone"), encoding="utf-8"
    )
    [updated] = import_markdown(library, [source], ImportOptions(update=True))
    assert (updated.status, updated.id) == ("updated", "2024-04-01-queue-stalled")
    assert [p.name for p in library.postmortems_path.iterdir()] == ["2024-04-01-queue-stalled"]
    pm = load_postmortem(library.postmortems_path / updated.id).postmortem
    assert pm is not None and pm.title == "Queue stalled for everyone"


def test_import_library_bad_files_are_refused_and_the_run_goes_on(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    write(folder, "a-empty.md", "  \n")
    write(folder, "b-binary.md", b"\x89PNG\x00\x00\x01")
    write(folder, "c-latin1.txt", "caf\xe9 down".encode("latin-1"))
    huge = write(folder, "d-huge.log.txt", "")
    os.truncate(huge, 50 * 1024 * 1024)
    write(folder, "e-good.md", REPORT)
    write(folder, "LICENSE", "MIT")
    write(folder, "picture.png", b"\x89PNG")
    results = import_markdown(library, [folder], ImportOptions())
    assert [(Path(r.source).name, r.status) for r in results] == [
        ("a-empty.md", "refused"),
        ("b-binary.md", "refused"),
        ("c-latin1.txt", "refused"),
        ("d-huge.log.txt", "refused"),
        ("e-good.md", "imported"),
    ]
    assert [r.reason for r in results[:3]] == [
        "is empty",
        "is binary, not text; it must be a text file; restore it from git if it was overwritten",
        "line 1, column 4: is not UTF-8 (byte 0xe9); re-save the file as UTF-8",
    ]
    assert results[3].reason.startswith("is 52,428,800 bytes, over the limit")
    assert sorted(p.name for p in library.postmortems_path.iterdir()) == [results[4].id]


def test_import_library_refuses_a_pagerduty_export_naming_its_importer(
    library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in folder"
    export = write(folder, "2025-03-14-checkout.pdf.txt", PAGERDUTY_EXPORT.read_text())
    write(folder, "2024-04-01-queue.md", REPORT)
    write(folder, "write-up.txt", "Checkout outage\nOverview\nIt broke.\nTimeline\n- 09:00 Paged\n")
    results = import_markdown(library, [folder], ImportOptions())
    assert [(Path(r.source).name, r.status) for r in results] == [
        ("2024-04-01-queue.md", "imported"),
        ("2025-03-14-checkout.pdf.txt", "refused"),
        ("write-up.txt", "imported"),
    ]
    assert results[1].reason == (
        "is a PagerDuty postmortem export (read as text it would have no timeline); "
        f"import it with: secondstory import pagerduty '{export}'"
    )
    assert sorted(p.name for p in library.postmortems_path.iterdir()) == sorted(
        [results[0].id, results[2].id]
    )
    quiet = run_cli("-L", str(library.root), "import", "markdown", "-q", str(export), cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout) == (1, "1 file: 1 refused\n")
    assert quiet.stderr.splitlines()[0] == f"refused  {export.resolve()}: {results[1].reason}"


def test_import_sources_are_compared_as_resolved_paths(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from secondstory.importers.sources import source_key, source_name

    inside = library.root / "reports" / "a.md"
    assert source_name(library.root / "reports" / ".." / "reports" / "a.md", library) == (
        "reports/a.md"
    )
    assert source_name(tmp_path / "x" / ".." / "b.md", library) == (
        (tmp_path / "b.md").resolve().as_posix()
    )
    assert {
        source_key("reports/a.md", library),
        source_key(str(library.root / "x" / ".." / "reports" / "a.md"), library),
    } == {inside.resolve().as_posix()}
    assert source_key("slack:#inc-checkout", library) == "slack:#inc-checkout"


def test_import_library_dry_run_writes_nothing(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "in", "r.md", REPORT)
    [result] = import_markdown(library, [source], ImportOptions(dry_run=True))
    assert (result.status, library.postmortems_path.exists()) == ("checked", False)


def full_postmortem() -> Postmortem:
    tz = UTC
    return Postmortem(
        id="2025-01-01-x",
        title="A: title with # and 'quotes'",
        status="published",
        severity="SEV2",
        services=["api", "@edge"],
        tags=["yes"],
        started=datetime(2025, 1, 1, 9, 0, tzinfo=tz),
        resolved=datetime(2025, 1, 1, 10, 0, tzinfo=tz),
        review_date=date(2025, 1, 3),
        participants=[Participant(name="Ana", role="on-call")],
        provenance=Provenance(
            source="x.md",
            origin_url="https://example.com/x",
            importer="markdown",
            imported=date(2025, 1, 4),
        ),
        body="# A\n\n## Facts\n\nText.\n",
        timeline=[
            TimelineEntry(
                time=datetime(2025, 1, 1, 9, 0, tzinfo=tz),
                event="line one\n  indented\nnull",
                phase="trigger",
                source="report line 3",
            )
        ],
        factors=[Factor(id="F1", kind="process", summary="no: review", detail="- a\n- b")],
        actions=[
            ActionItem(id="A1", what="true", owner="Ana", due=date(2025, 1, 10), status="open")
        ],
    )


def test_import_render_round_trips_every_field(tmp_path: Path) -> None:
    folder = tmp_path / "pm"
    write_postmortem(full_postmortem(), folder)
    loaded = load_postmortem(folder)
    assert loaded.problems == []
    pm = loaded.postmortem
    assert pm is not None
    assert (pm.title, pm.services, pm.tags, pm.severity) == (
        "A: title with # and 'quotes'",
        ["api", "@edge"],
        ["yes"],
        "SEV2",
    )
    assert pm.timeline[0].event == "line one\n  indented\nnull"
    assert (pm.factors[0].summary, pm.factors[0].detail) == ("no: review", "- a\n- b")
    assert (pm.actions[0].what, pm.actions[0].due) == ("true", date(2025, 1, 10))
    assert pm.provenance is not None and pm.provenance.origin_url == "https://example.com/x"


def test_import_render_refused_check_leaves_nothing(tmp_path: Path) -> None:
    def refuse(folder: Path) -> None:
        raise SecondstoryError("no")

    with pytest.raises(SecondstoryError):
        write_postmortem(full_postmortem(), tmp_path / "pm", check=refuse)
    assert list(tmp_path.iterdir()) == []


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "secondstory", *args], cwd=cwd, capture_output=True, text=True
    )


def test_import_cli_json_and_exit_codes(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path / "in", "2024-04-01-queue.md", REPORT)
    empty = write(tmp_path / "in", "empty.md", "")
    done = run_cli(
        "-L",
        str(library.root),
        "import",
        "markdown",
        "--format",
        "json",
        str(good),
        str(empty),
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr == "secondstory: error: 1 of 2 files refused (see above)\n"
    data = json.loads(done.stdout)
    assert [(d["status"], d["id"]) for d in data] == [
        ("imported", "2024-04-01-queue-stalled"),
        ("refused", ""),
    ]
    assert data[0]["extracted"] == {
        "timeline_entries": 3,
        "action_items": 1,
        "factors": 0,
        "timestamps": ["started", "detected", "resolved"],
    }
    again = run_cli("-L", str(library.root), "import", "markdown", str(good), cwd=tmp_path)
    assert again.returncode == 0
    assert "skipped" in again.stdout


def test_import_cli_bad_timezone_is_a_usage_error(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path / "in", "r.md", REPORT)
    done = run_cli(
        "-L",
        str(library.root),
        "import",
        "markdown",
        "--timezone",
        "Mars/Base",
        str(good),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "time zone 'Mars/Base' is not known" in done.stderr
