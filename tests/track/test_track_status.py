# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from track_fixture_library import track_library  # noqa: F401  (a fixture)

from secondstory.errors import UsageError
from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.status import drop_action, mark_done, mark_verified, reassign

API = "2025-06-02-cert-expired-api"
CHECKOUT = "2025-01-10-cert-expired-checkout"
DAY = date(2025, 10, 2)


def _file(root: Path, pm_id: str) -> Path:
    return root / "postmortems" / pm_id / "actions.yaml"


def test_mark_done_then_verified_edits_only_that_item(track_library: Path) -> None:
    path = _file(track_library, API)
    before = path.read_text(encoding="utf-8")
    library = open_library(track_library)
    change = mark_done(library, f"{API}/A2", 'PR #9, "merged"', DAY)
    assert (change.summary, change.warnings) == ("open -> done", [])
    mark_verified(library, f"{API}/A2", "Drill: paged", date(2025, 10, 3), by="Priya Raman")
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "  status: open\n",
        "  status: verified\n"
        "  done: {date: 2025-10-02, evidence: 'PR #9, \"merged\"'}\n"
        "  verified: {date: 2025-10-03, evidence: 'Drill: paged', by: Priya Raman}\n",
    )
    pm = load_catalog(library).by_id(API)
    assert pm is not None
    item = pm.action("A2")
    assert item is not None and item.verified is not None
    assert (item.status, item.verified.date, item.verified.by) == (
        "verified",
        date(2025, 10, 3),
        "Priya Raman",
    )


def test_drop_keeps_comments_and_other_items(track_library: Path) -> None:
    path = _file(track_library, CHECKOUT)
    before = path.read_text(encoding="utf-8")
    drop_action(open_library(track_library), f"{CHECKOUT}/A2", "Replaced by the ACME project", DAY)
    assert path.read_text(encoding="utf-8") == before.replace(
        "  status: open\n",
        "  status: dropped\n"
        + "  dropped: {date: 2025-10-02, why: Replaced by the ACME project}\n",
    )
    assert "# Reviewed 2025-01-14" in before and "# she wrote the alert rules" in before


def test_reassign_changes_owner_and_due_and_warns_about_groups(track_library: Path) -> None:
    path = _file(track_library, API)
    before = path.read_text(encoding="utf-8")
    change = reassign(open_library(track_library), f"{API}/A1", "SRE team", date(2025, 10, 20))
    assert change.summary == "owner Tom Okafor -> SRE team, due 2025-06-19 -> 2025-10-20"
    assert change.warnings == [
        "'SRE team' does not look like one person, nor is it a participant: "
        "name one person who took part as the owner"
    ]
    expected = before.replace(
        "  owner: Tom Okafor\n  due: 2025-06-19\n", "  owner: SRE team\n  due: 2025-10-20\n"
    )
    assert path.read_text(encoding="utf-8") == expected


def test_status_moves_that_make_no_sense_are_refused(track_library: Path) -> None:
    library = open_library(track_library)
    with pytest.raises(UsageError) as excinfo:
        mark_verified(library, f"{API}/A2", "drill", DAY)
    assert excinfo.value.message == f"{API}/A2 is open: cannot verify it"
    assert (
        excinfo.value.hint
        == f"record it done first: secondstory action done {API}/A2 --evidence ..."
    )
    with pytest.raises(UsageError, match="is verified: cannot mark it done") as excinfo:
        mark_done(library, f"{CHECKOUT}/A1", "again", DAY)
    assert excinfo.value.hint == "it is already done and verified; nothing to do"
    with pytest.raises(UsageError, match="--evidence is required"):
        mark_done(library, f"{API}/A2", "  ", DAY)
    with pytest.raises(UsageError, match="--why is required"):
        drop_action(library, f"{API}/A2", "", DAY)
    assert "status: open" in _file(track_library, API).read_text(encoding="utf-8")


def test_mark_done_commit_records_exactly_the_file(track_library: Path) -> None:
    change = mark_done(open_library(track_library), f"{API}/A2", "PR 9", DAY, commit=True)
    log = subprocess.run(
        ["git", "log", "-1", "--name-only", "--format=%s"],
        cwd=track_library,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert log[:3] == [f"{API}/A2: done (PR 9)", "", f"postmortems/{API}/actions.yaml"]
    assert len(change.commit) == 40


def test_status_edit_names_the_broken_file(track_library: Path) -> None:
    path = _file(track_library, API)
    path.write_text("- id: A1\n  what: [unclosed\n", encoding="utf-8")
    with pytest.raises(UsageError) as excinfo:
        mark_done(open_library(track_library), f"{API}/A2", "PR 9", DAY)
    assert excinfo.value.message == (
        f"cannot edit: postmortems/{API}/actions.yaml:3:1: error SS002 YAML syntax: did not find"
        " expected ',' or ']' (while parsing a flow sequence that starts at line 2, column 9)"
    )
    assert excinfo.value.hint == (
        "fix the YAML there first (secondstory validate lists every problem); nothing was written"
    )
    assert path.read_text(encoding="utf-8") == "- id: A1\n  what: [unclosed\n"


def test_status_dates_that_look_wrong_are_recorded_with_warnings(track_library: Path) -> None:
    library = open_library(track_library)
    done = mark_done(library, f"{API}/A2", "PR #9", date(2020, 1, 1))
    started = load_catalog(library).by_id(API)
    assert started is not None and started.started is not None
    assert done.warnings == [
        f"{API}/A2: --date 2020-01-01 is before the incident started ({started.started.date()})"
    ]
    verified = mark_verified(library, f"{API}/A2", "Drill", date(2099, 1, 1))
    assert verified.warnings == [f"{API}/A2: --date 2099-01-01 is after today ({date.today()})"]
