# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from track_fixture_library import TODAY, track_library  # noqa: F401  (a fixture)

from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.actions import TrackedAction, collect_actions
from secondstory.track.exports import (
    ics_escape,
    ics_fold,
    to_csv,
    to_ics,
    to_jira_csv,
    to_json,
    to_table,
)

STAMP = datetime(2025, 10, 1, 8, 30, tzinfo=UTC)


def _actions(root: Path) -> list[TrackedAction]:
    return collect_actions(load_catalog(open_library(root)).postmortems)


def parse_ics(text: str) -> list[dict[str, str]]:
    """A strict reader: CRLF only, folded lines <= 75 octets, BEGIN/END nesting."""
    assert text.endswith("\r\n")
    raw = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            assert name not in current
            current[name] = value
    assert current is None
    return events


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            assert value[i] not in ";,", f"unescaped {value[i]!r} in {value!r}"
            out.append(value[i])
            i += 1
    return "".join(out)


def test_to_ics_has_one_event_per_open_item_with_stable_uids(track_library: Path) -> None:
    events = parse_ics(to_ics("Acme", _actions(track_library), STAMP))
    assert [e["DTSTART;VALUE=DATE"] for e in events] == ["20250330", "20250612", "20251008"]
    assert [e["DTEND;VALUE=DATE"] for e in events] == ["20250331", "20250613", "20251009"]
    assert {e["DTSTAMP"] for e in events} == {"20251001T083000Z"}
    assert _unescape(events[2]["SUMMARY"]) == "Due: A1 Renew edge certificates with the ACME job"
    assert _unescape(events[2]["DESCRIPTION"]).splitlines() == [
        "Owner: Sam Lee",
        "Postmortem: Edge certificate expired on a holiday",
        "Done when: The edge uses ACME certificates",
        "Verify: Let a staging certificate reach 30 days and see it renewed",
        "secondstory id: 2025-09-20-cert-expired-edge/A1",
    ]
    again = parse_ics(to_ics("Acme", _actions(track_library), datetime(2026, 1, 1, tzinfo=UTC)))
    assert [e["UID"] for e in again] == [e["UID"] for e in events]
    assert len({e["UID"] for e in events}) == 3
    assert all(e["UID"].endswith("@secondstory") for e in events)
    other = parse_ics(to_ics("Other library", _actions(track_library), STAMP))
    assert not {e["UID"] for e in other} & {e["UID"] for e in events}


def test_ics_fold_keeps_multibyte_characters_whole() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert [len(p.encode("utf-8")) for p in parts] == [74, 75, 61]
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_ics_escape_escapes_text_specials() -> None:
    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_to_jira_csv_reads_back_with_mapped_users(track_library: Path) -> None:
    text = to_jira_csv(_actions(track_library)[3:4], {"Priya Raman": "priya.raman"})
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "Summary",
        "Description",
        "Assignee",
        "Due Date",
        "Labels",
        "Labels",
        "Labels",
        "Issue Type",
    ]
    assert rows[1][0] == "A2: Alert on internal certificates too"
    assert rows[1][2:] == [
        "priya.raman",
        "2025-06-12",
        "postmortem-action",
        "kind-detect",
        "2025-06-02-cert-expired-api",
        "Task",
    ]
    assert rows[1][1].splitlines() == [
        "Alert on internal certificates too",
        "",
        "From postmortem: API errors after an internal certificate expired (2025-06-02-cert-expired-api)",
        "",
        "Done when:",
        "* Internal certificates are in the inventory",
        "",
        "Verify: Expiring test certificate pages",
        "",
        "secondstory id: 2025-06-02-cert-expired-api/A2",
    ]


def test_to_json_and_csv_carry_every_item(track_library: Path) -> None:
    actions = _actions(track_library)
    data = json.loads(to_json(actions, TODAY, track_library))
    assert data["count"] == 5
    first = data["actions"][0]
    assert first["verified"] == {
        "date": "2025-01-27",
        "evidence": "Staging drill: paged in 2 minutes",
    }
    assert (first["path"], first["line"]) == (
        "postmortems/2025-01-10-cert-expired-checkout/actions.yaml",
        2,
    )
    assert [a["overdue"] for a in data["actions"]] == [False, True, False, True, False]
    rows = list(csv.reader(io.StringIO(to_csv(actions), newline="")))
    assert rows[2] == [
        "2025-01-10-cert-expired-checkout/A2",
        "open",
        "Platform team",
        "2025-03-30",
        "prevent",
        "Move every certificate to automatic renewal",
    ]


def test_to_table_marks_overdue_items(track_library: Path) -> None:
    lines = to_table(_actions(track_library), TODAY).splitlines()
    assert lines[0].split() == ["REF", "STATUS", "OWNER", "DUE", "KIND", "WHAT"]
    assert "2025-03-30 !" in lines[2]
    assert lines[-1] == "5 items, 2 overdue (marked !)"


def test_to_ics_closed_items_become_cancelled_events_with_a_later_sequence(
    track_library: Path,
) -> None:
    later = datetime(2025, 10, 2, 8, 30, tzinfo=UTC)
    events = parse_ics(to_ics("Acme", _actions(track_library), later, closed=True))
    assert [e["STATUS"] for e in events] == [
        "CANCELLED",
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
        "CONFIRMED",
    ]
    first = parse_ics(to_ics("Acme", _actions(track_library), STAMP))
    assert int(events[1]["SEQUENCE"]) - int(first[0]["SEQUENCE"]) == 24 * 60
    assert events[1]["UID"] == first[0]["UID"]
