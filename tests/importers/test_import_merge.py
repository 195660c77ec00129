"""Merging imported entries into a real postmortem in a real git repository."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from secondstory.errors import UsageError
from secondstory.importers.create import create_postmortem
from secondstory.importers.imported import ImportedAction, ImportedEntry, ImportResult
from secondstory.importers.merge import merge_into
from secondstory.store.checks import check_postmortem
from secondstory.store.library import open_library
from secondstory.store.loader import load_postmortem
from secondstory.store.writer import NewPostmortem, init_library, new_postmortem

HAND_WRITTEN = """# our own header comment
- time: 2025-03-14T10:02:00+01:00
  actor: edge-proxy   # system
  event: The certificate expired
  known: later

# notes from the call
- time: 2025-03-14T10:30:00+01:00
  actor: Mira Okonkwo
  event: Declared an incident
  known: then
"""


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _library(tmp_path: Path) -> Path:
    init_library(tmp_path / "lib")
    library = open_library(tmp_path / "lib")
    spec = NewPostmortem("Checkout down", pm_id="chk", started=_time("2025-03-14T10:02:00+01:00"))
    folder = new_postmortem(library, spec, set()).parent
    (folder / "timeline.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    return folder


def _result() -> ImportResult:
    result = ImportResult(source="x", importer="slack")
    result.timeline = [
        ImportedEntry(_time("2025-03-14T10:40:00+01:00"), "Renewed it", "slack:#c/3", actor="Mira"),
        ImportedEntry(_time("2025-03-14T10:20:00+01:00"), "Paged", "slack:#c/1", actor="Mira"),
        ImportedEntry(
            _time("2025-03-14T10:30:00+01:00"), "Same time as a hand entry", "slack:#c/2"
        ),
    ]
    result.detected = _time("2025-03-14T10:20:00+01:00")
    result.started = _time("2025-03-14T09:00:00+01:00")
    result.actions = [ImportedAction("Alert before expiry", "https://t.example/1")]
    result.participants = [("Mira Okonkwo", "responder")]
    return result


def test_merge_puts_entries_in_time_order_and_keeps_the_users_text(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    report = merge_into(folder, _result())
    text = (folder / "timeline.yaml").read_text(encoding="utf-8")
    assert report.added == 3 and report.duplicates == 0
    assert text == HAND_WRITTEN.replace(
        "# notes from the call\n",
        "# notes from the call\n- time: 2025-03-14T10:20:00+01:00\n  actor: Mira\n"
        "  event: Paged\n  known: then\n  source: slack:#c/1\n",
    ) + (
        "- time: 2025-03-14T10:30:00+01:00\n  event: Same time as a hand entry\n  known: then\n"
        "  source: slack:#c/2\n- time: 2025-03-14T10:40:00+01:00\n  actor: Mira\n"
        "  event: Renewed it\n  known: then\n  source: slack:#c/3\n"
    )
    loaded = load_postmortem(folder)
    assert loaded.postmortem is not None
    assert [e.event for e in loaded.postmortem.timeline] == [
        "The certificate expired", "Paged", "Declared an incident", "Same time as a hand entry", "Renewed it",
    ]  # fmt: skip
    assert check_postmortem(loaded.postmortem) == [] and loaded.problems == []


def test_merge_twice_adds_nothing(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    merge_into(folder, _result())
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    report = merge_into(folder, _result())
    assert (report.added, report.duplicates, report.actions_added) == (0, 3, 0)
    assert report.changed == []
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_merge_fills_empty_timestamps_and_keeps_the_users(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    report = merge_into(folder, _result())
    assert sorted(report.timestamps_set) == ["detected"]
    assert report.timestamps_kept == {"started": "2025-03-14T10:02:00+01:00"}
    loaded = load_postmortem(folder).postmortem
    assert loaded is not None
    assert loaded.detected == _time("2025-03-14T10:20:00+01:00")
    assert loaded.started == _time("2025-03-14T10:02:00+01:00")
    assert [a.id for a in loaded.actions] == ["A1"]
    assert [p.name for p in loaded.participants] == ["Mira Okonkwo"]


def test_merge_into_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    (folder / "actions.yaml").write_text("- id: A1\n  what: [unclosed\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(UsageError, match=r"actions.yaml:\d+:\d+: cannot merge into it"):
        merge_into(folder, _result())
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert not list(folder.glob(".*.import"))


def test_create_writes_a_valid_postmortem_in_one_step(tmp_path: Path) -> None:
    init_library(tmp_path / "lib")
    library = open_library(tmp_path / "lib")
    result = _result()
    result.title = "Checkout down"
    result.sections = {"facts": "It broke.", "resolution": "We renewed it."}
    folder = create_postmortem(library, result, "exports/x.txt")
    assert folder.name == "2025-03-14-checkout-down"
    assert sorted(p.name for p in library.postmortems_path.iterdir()) == [".gitkeep", folder.name]
    loaded = load_postmortem(folder)
    assert loaded.problems == []
    pm = loaded.postmortem
    assert pm is not None and check_postmortem(pm) == []
    assert pm.provenance is not None and pm.provenance.importer == "slack"
    assert pm.tags == []  # provenance.importer says it was imported; no `imported` tag
    assert [s.heading for s in pm.sections][:4] == ["Facts", "Impact", "Narrative", "Resolution"]
    assert [e.source for e in pm.timeline] == ["slack:#c/1", "slack:#c/2", "slack:#c/3"]


def test_merge_does_not_set_a_timestamp_that_contradicts_the_users(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    result = _result()
    result.detected = _time("2025-03-14T09:30:00+01:00")  # before the user's started (10:02)
    report = merge_into(folder, result)
    assert report.timestamps_set == {}
    assert report.timestamps_out_of_order == {
        "detected": "2025-03-14T09:30:00+01:00 would put it on the wrong side of your started "
        "(2025-03-14T10:02:00+01:00)"
    }
    loaded = load_postmortem(folder).postmortem
    assert loaded is not None and loaded.detected is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]\n", "timeline.yaml: expected a block list ('- ' items) at the top level"),
    ],
)
def test_merge_refuses_timelines_it_cannot_edit_in_place(
    tmp_path: Path, content: str, message: str
) -> None:
    folder = _library(tmp_path)
    (folder / "timeline.yaml").write_text(content, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        merge_into(folder, _result())
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert not list(folder.glob(".*.import"))
