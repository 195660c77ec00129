"""PagerDuty postmortem exports: the real 2i2c exports and hand-made bad input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from secondstory.importers.imported import ImportRefused
from secondstory.importers.pagerduty import import_pagerduty_text
from secondstory.importers.pagerduty_export import join_wrapped, parse_duration, parse_window
from secondstory.importers.timeline_run import RunOptions, read_pagerduty
from secondstory.store.library import open_library
from secondstory.store.writer import init_library

from conftest import REPO_ROOT

TRUTH = json.loads((REPO_ROOT / "tests" / "data" / "pagerduty_truth.json").read_text())


def _read(corpora: Path, name: str) -> str:
    return (corpora / "2i2c" / name).read_text(encoding="utf-8")


def test_pagerduty_export_reads_header_window_and_zone(corpora: Path) -> None:
    name = "2025-08-29-ucmerced-too-many-users-throttled.pdf.txt"
    result = import_pagerduty_text(_read(corpora, name), name)
    assert result.title == "UCMerced: Too Many Users Starting up at the same time"
    assert result.facilitator == "Yuvi Panda"
    assert result.timezone == "America/Los_Angeles"
    assert result.incident == "1317"
    assert result.started == datetime.fromisoformat("2025-08-29T09:00:00-07:00")
    assert result.detected == datetime.fromisoformat("2025-08-29T15:33:00-07:00")
    assert result.mitigated == datetime.fromisoformat("2025-09-02T10:30:00-07:00")
    assert result.resolved == datetime.fromisoformat("2025-09-02T10:30:00-07:00")
    assert result.stated_duration == timedelta(days=4, hours=1, minutes=30)
    assert [a.tracker for a in result.actions][
        1
    ] == "https://github.com/2i2c-org/infrastructure/pull/6674"
    assert result.warnings == []


def test_pagerduty_export_entries_cite_the_incident(corpora: Path) -> None:
    name = "2025-10-16-invalid-nfs-configuration.pdf.txt"
    result = import_pagerduty_text(_read(corpora, name), name)
    first, last = result.timeline[0], result.timeline[-1]
    assert first.actor == "PagerDuty integration"
    assert first.phase == "detection"
    assert first.source.startswith("pagerduty:1566/pm-20251016T2126-")
    assert last.event == "Resolved by Angus through Slack."
    assert last.phase == "resolution"
    assert [e.known for e in result.timeline] == ["then"] * 5
    assert first.time.utcoffset() == timedelta(hours=1)


def test_pagerduty_export_moves_a_window_whose_date_disagrees(corpora: Path) -> None:
    name = "2022-09-06-utoronto-500.pdf.txt"
    result = import_pagerduty_text(_read(corpora, name), name)
    assert result.started == datetime.fromisoformat("2022-09-07T05:25:00-07:00")
    assert result.warnings[0].startswith("IMPACT TIME starts Sep 06 05:25, but no timeline entry")


def test_pagerduty_export_glues_urls_split_by_the_pdf(corpora: Path) -> None:
    name = "2025-08-20-temple.2i2c.cloud-unreachable.pdf.txt"
    result = import_pagerduty_text(_read(corpora, name), name)
    assert result.actions[0].tracker == "https://github.com/2i2c-org/infrastructure/issues/6487"


def test_pagerduty_export_agrees_with_the_hand_checked_truth(corpora: Path) -> None:
    disagreements = []
    for name, truth in sorted(TRUTH.items()):
        try:
            result = import_pagerduty_text(_read(corpora, name), name)
        except ImportRefused:
            assert truth["started"] is None and truth["timeline_entries"] == 0
            continue
        for field in ("started", "detected", "mitigated", "resolved"):
            found, expected = getattr(result, field), truth[field]
            if abs(found - datetime.fromisoformat(expected)) >= timedelta(minutes=1):
                disagreements.append((name, field))
        assert len(result.timeline) == truth["timeline_entries"], name
        assert len(result.actions) == truth["action_items"], name
        assert result.stated_duration == parse_duration(truth["duration"]), name
    assert disagreements == [
        ("2025-10-03-utoronto-new-server-startup.pdf.txt", "started"),
        ("2025-10-15-earthscope-admin-start-failure.pdf.txt", "started"),
    ]


def test_pagerduty_export_refuses_a_write_up_without_header_or_timeline(corpora: Path) -> None:
    name = "2025-11-26-earthscope-provisioning-deeper-dive.pdf.txt"
    with pytest.raises(ImportRefused, match="no IMPACT TIME, no OWNER OF REVIEW PROCESS"):
        import_pagerduty_text(_read(corpora, name), name)


@pytest.mark.parametrize("text", ["", "\x00\x01binary", "just some words\n" * 1000, "Timeline\n"])
def test_pagerduty_export_refuses_text_that_is_not_an_export(text: str) -> None:
    with pytest.raises(ImportRefused, match="not a PagerDuty postmortem export"):
        import_pagerduty_text(text, "odd.txt")


ODD = """OWNER OF REVIEW PROCESS
Someone
IMPACT TIME
?
DURATION
N/A
*All times listed in this report are in
Atlantis Standard Time.
A ragged export
Status: Draft
Action Items
No comments added
Timeline
N/A
Feb 30, 2025
10:00 AM on a day that does not exist
Mar 1, 2025
13:99 PM not a time
9:05 AM Something happened
"""


def test_pagerduty_export_imports_ragged_values_with_warnings() -> None:
    result = import_pagerduty_text(ODD, "odd.txt", default_zone="Europe/Berlin")
    assert result.title == "A ragged export"
    assert [e.event for e in result.timeline] == ["Something happened"]
    assert result.timeline[0].time == datetime.fromisoformat("2025-03-01T09:05:00+01:00")
    assert result.actions == []
    assert result.started is None and result.mitigated is None
    assert result.warnings == [
        "the time zone 'Atlantis Standard Time' is not known; times are read as Europe/Berlin — check them",
        "timeline: 'Feb 30, 2025' is not a real date; entries under it were skipped",
        "timeline: 3 lines outside any dated entry were skipped",
        "DURATION 'N/A' is not a duration like '2h 13m'; ignored",
        "IMPACT TIME '?' could not be read (or no year is known); ignored",
    ]


def test_pagerduty_window_crossing_new_year() -> None:
    start, end = parse_window("Dec 31 at 23:30 to Jan 1 at 00:15", 2024) or (None, None)
    assert (start, end) == (datetime(2024, 12, 31, 23, 30), datetime(2025, 1, 1, 0, 15))


def test_pagerduty_join_wrapped_keeps_words_and_glues_urls() -> None:
    lines = ["see https://github.com/2i2c-", "org/infrastructure", "/issues/1 and", "more"]
    assert join_wrapped(lines) == "see https://github.com/2i2c-org/infrastructure/issues/1 and more"


def test_pagerduty_export_without_a_zone_uses_the_given_one(tmp_path: Path) -> None:
    init_library(tmp_path / "lib")
    (tmp_path / "odd.txt").write_text(ODD.replace("Atlantis Standard Time.", "nowhere."))
    library = open_library(tmp_path / "lib")
    result = read_pagerduty(tmp_path / "odd.txt", library, RunOptions(timezone="Asia/Tokyo"))
    assert result.timeline[0].time.isoformat() == "2025-03-01T09:05:00+09:00"
    assert result.source == str(tmp_path / "odd.txt")
