"""CO708: a timeline says where each entry is recorded (`source`) and what was known at
the time against what was learned later (`known`); once per postmortem for each."""

from __future__ import annotations

from pathlib import Path

from lint_fixtures import TIMELINE, write_postmortem

from secondstory.review.config import ReviewConfig
from secondstory.review.postmortem import lint_postmortem

ENTRY = "- time: 2025-03-14T{}:00+01:00\n  actor: edge-proxy\n  event: Handshakes failed\n"


def _co708(tmp_path: Path, timeline: str) -> list[tuple[int, int, str]]:
    folder = write_postmortem(tmp_path / "pm", timeline=timeline)
    findings, errors = lint_postmortem(folder, ReviewConfig())
    assert errors == []
    return [
        (f.line, f.column, f.message.split(": A timeline is")[0])
        for f in findings
        if f.code == "CO708"
    ]


def test_timeline_without_sources_counts_entries_and_points_at_the_first(tmp_path: Path) -> None:
    timeline = TIMELINE + ENTRY.format("09:30") + ENTRY.format("09:40")
    assert _co708(tmp_path, timeline) == [
        (11, 3, "2 of 4 timeline entries have no source (the first: 2025-03-14T09:30:00+01:00)")
    ]


def test_timeline_without_sources_one_entry_without_source(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("  source: pagerduty:INC-4411\n", "  source: n/a\n")
    assert _co708(tmp_path, timeline) == [(6, 3, "1 of 2 timeline entries has no source")]


def test_timeline_without_known_anywhere_is_reported_once(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("  known: later\n", "").replace("  known: then\n", "")
    assert _co708(tmp_path, timeline) == [
        (
            1,
            3,
            "no timeline entry says what was known at the time (known: then) and what was "
            "learned later (known: later)",
        )
    ]


def test_timeline_without_sources_or_known_gives_both(tmp_path: Path) -> None:
    timeline = ENTRY.format("09:30")
    assert [message[:30] for _, _, message in _co708(tmp_path, timeline)] == [
        "1 of 1 timeline entry has no s",
        "no timeline entry says what wa",
    ]


def test_timeline_without_sources_empty_timeline_passes(tmp_path: Path) -> None:
    assert _co708(tmp_path, "[]\n") == []
    assert _co708(tmp_path / "full", TIMELINE) == []


def test_timeline_time_without_zone_says_which_offset(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("time: 2025-03-14T09:02:00+01:00", "time: 2025-03-14T09:02:00", 1)
    folder = write_postmortem(tmp_path / "pm", timeline=timeline)
    findings, _ = lint_postmortem(folder, ReviewConfig(select=("CO706",)))
    assert [f.message.split(": ")[0] for f in findings] == [
        "a timeline time has no time zone (add the UTC offset, e.g. 2025-03-14T09:02:00+00:00 for UTC)"
    ]
