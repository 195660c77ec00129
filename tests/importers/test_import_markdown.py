"""Converting free-form reports: sections, timeline, timestamps, actions, warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from secondstory.importers.markdown import convert_markdown, fallback_zone
from secondstory.importers.sections import meaning

ZONE = fallback_zone("UTC")
CET = timezone(timedelta(hours=1))
TODAY = date(2026, 1, 2)

TABLE_REPORT = """# Checkout returned 503 for all users

## Summary

Checkout failed for twenty minutes.

## Timeline

All times in CET.

| Time             | Event                                   |
| :--------------- | --------------------------------------- |
| 2024-03-05 10:00 | Deploy of the new proxy config started  |
| 2024-03-05 10:04 | Alert fired for checkout error rate     |
| 2024-03-05 10:15 | Config rolled back, service restored    |
| 2024-03-05 ?     | Follow-up meeting                       |
| N/A              | Somebody wrote notes                    |
| 2024-03-05 10:30 | Extra | cells | in | a ragged row       |
| 2024-03-05 10:31

## Action Items

- Add a canary stage for proxy config (owner: Dana Smith, due 2024-03-19) https://tracker.example.com/browse/OPS-12
- [x] Document the rollback. DONE

## Stats

- Time to detection: 4 minutes
- Time to recovery: 15 minutes
"""


def convert(text: str, name: str = "report.md"):  # type: ignore[no-untyped-def]
    return convert_markdown(
        text, f"/reports/{name}", name=name, zone=ZONE, taken=set(), today=TODAY
    )


def test_markdown_table_timeline_in_stated_zone() -> None:
    result = convert(TABLE_REPORT)
    pm = result.postmortem
    assert [e.time for e in pm.timeline][:3] == [
        datetime(2024, 3, 5, 10, 0, tzinfo=CET),
        datetime(2024, 3, 5, 10, 4, tzinfo=CET),
        datetime(2024, 3, 5, 10, 15, tzinfo=CET),
    ]
    assert [e.phase for e in pm.timeline][:3] == ["", "detection", "resolution"]
    assert (pm.started, pm.detected, pm.resolved) == (
        datetime(2024, 3, 5, 10, 0, tzinfo=CET),
        datetime(2024, 3, 5, 10, 4, tzinfo=CET),
        datetime(2024, 3, 5, 10, 15, tzinfo=CET),
    )


def test_markdown_unreadable_times_are_warned_and_kept() -> None:
    result = convert(TABLE_REPORT)
    assert "line 16: time '2024-03-05 ?' not understood; entry kept as text" in result.warnings
    assert "line 17: time 'N/A' not understood; entry kept as text" in result.warnings
    assert "| N/A              | Somebody wrote notes" in result.postmortem.body
    ragged = [
        e.event
        for e in result.postmortem.timeline
        if e.time == datetime(2024, 3, 5, 10, 30, tzinfo=CET)
    ]
    assert ragged == ["Extra | cells | in | a ragged row"]


def test_markdown_actions_with_owner_due_and_tracker() -> None:
    result = convert(TABLE_REPORT)
    first, second = result.postmortem.actions
    assert (first.id, first.owner, first.due, first.tracker) == (
        "A1",
        "Dana Smith",
        date(2024, 3, 19),
        "https://tracker.example.com/browse/OPS-12",
    )
    assert (second.what, second.status) == ("Document the rollback. DONE", "open")
    assert any("A2 is marked done in the report" in w for w in result.warnings)


def test_markdown_title_id_and_provenance() -> None:
    pm = convert(TABLE_REPORT, "2024-03-05-checkout.md").postmortem
    assert pm.title == "Checkout returned 503 for all users"
    assert pm.id == "2024-03-05-checkout-returned-503-for-all-users"
    assert pm.status == "published"
    assert pm.provenance is not None
    assert (pm.provenance.source, pm.provenance.importer, pm.provenance.imported) == (
        "/reports/2024-03-05-checkout.md",
        "markdown",
        TODAY,
    )


def test_markdown_body_keeps_every_original_line() -> None:
    pm = convert(TABLE_REPORT).postmortem
    body_lines = set(pm.body.splitlines())
    assert all(line in body_lines for line in TABLE_REPORT.splitlines() if line.strip())


HEADINGS_REPORT = """# Hub outage

## Timeline

All times in PST (UTC-7)

### 2018-07-30 23:40

Launch success drops to zero.

### 23:55

A user reported the hub was down on the forum.

- extra detail under the heading

### 00:20

Restarted the proxy, service restored.
"""


def test_markdown_heading_timeline_carries_date_past_midnight() -> None:
    pm = convert(HEADINGS_REPORT).postmortem
    minus7 = timezone(timedelta(hours=-7))
    assert [e.time for e in pm.timeline] == [
        datetime(2018, 7, 30, 23, 40, tzinfo=minus7),
        datetime(2018, 7, 30, 23, 55, tzinfo=minus7),
        datetime(2018, 7, 31, 0, 20, tzinfo=minus7),
    ]
    assert (
        pm.timeline[1].event
        == "A user reported the hub was down on the forum.\n- extra detail under the heading"
    )
    assert (pm.started, pm.detected, pm.resolved) == tuple(e.time for e in pm.timeline)


KEY_EVENTS_REPORT = """---
title: Incident on 2023-05-02 - Ingress down
weight: 12
---

# Incident on 2023-05-02 - Ingress down

- **Key events**
  - First detected 2023-05-02 10:10
  - Incident declared 2023-05-02 10:20
  - Resolved 2023-05-02 11:40

- **Time to repair**: 0h 30m

- **Review actions**:
  - Alert on certificate expiry
"""


def test_markdown_key_events_front_matter_and_derived_repair() -> None:
    result = convert(KEY_EVENTS_REPORT, "2023-05-02-ingress.html.md.erb")
    pm = result.postmortem
    assert (pm.detected, pm.mitigated, pm.resolved) == (
        datetime(2023, 5, 2, 10, 10, tzinfo=UTC),
        datetime(2023, 5, 2, 10, 40, tzinfo=UTC),
        datetime(2023, 5, 2, 11, 40, tzinfo=UTC),
    )
    assert pm.started is None
    assert "mitigated derived: detected + time to repair '0h 30m' (line 13)" in result.warnings
    assert "line 9: the report states no time zone; times taken as UTC" in result.warnings
    assert pm.id == "2023-05-02-ingress-down"
    assert (
        "## Original front matter\n\n```\ntitle: Incident on 2023-05-02 - Ingress down\nweight: 12\n```"
        in pm.body
    )
    assert [a.what for a in pm.actions] == ["Alert on certificate expiry"]


def test_markdown_prose_window_gives_start_and_end() -> None:
    text = "# Flags down\n\nOn 28 February 2024 flags were down from 15:30 to 18:10 UTC.\n"
    pm = convert(text).postmortem
    assert (pm.started, pm.resolved) == (
        datetime(2024, 2, 28, 15, 30, tzinfo=UTC),
        datetime(2024, 2, 28, 18, 10, tzinfo=UTC),
    )


def test_markdown_plain_text_without_structure() -> None:
    result = convert("something broke\nwe fixed it\n", "notes.txt")
    pm = result.postmortem
    assert (pm.title, pm.id, pm.timeline, pm.actions) == (
        "something broke",
        "undated-something-broke",
        [],
        [],
    )
    assert pm.body == "# something broke\n\nsomething broke\nwe fixed it\n"
    assert any("no incident date found" in w for w in result.warnings)


def test_markdown_toml_front_matter() -> None:
    text = '+++\ntitle = "Registry outage"\ndate = 2023-05-01\n+++\n\nText.\n'
    pm = convert(text).postmortem
    assert (pm.title, pm.id) == ("Registry outage", "2023-05-01-registry-outage")


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Lessons Learned", "lessons"),
        ("What went well", "went_well"),
        ("What Didn't Go So Well?", "went_wrong"),
        ("Where we got lucky", "lucky"),
        ("Root Cause", "causes"),
        ("Contributing Factors", "causes"),
        ("Follow-up improvements", "actions"),
        ("Review actions", "actions"),
        ("Timeline (times in BST)", "timeline"),
        ("Key events", "key_events"),
        ("Impact on users", "impact"),
        ("Incident Summary", "summary"),
        ("Detection", "detection"),
        ("Resolution", "resolution"),
        ("Time to repair", "stats"),
        ("Appendix", ""),
    ],
)
def test_markdown_sections_mapped_by_meaning(heading: str, key: str) -> None:
    assert meaning(heading) == key


def test_markdown_log_like_file_keeps_a_bounded_timeline() -> None:
    lines = [
        f"2024-01-01 10:{i // 60 % 60:02d}:{i % 60:02d} INFO job {i} done" for i in range(2100)
    ]
    result = convert("\n".join(lines) + "\n", "worker.log.txt")
    assert len(result.postmortem.timeline) == 2000
    assert (
        "2100 timestamped lines: this reads like a log; the first 2000 became timeline entries, "
        "the rest stay in the body only (from line 2001)"
    ) in result.warnings
    assert result.postmortem.body.count("INFO job") == 2101  # the title repeats the first line


def test_markdown_headings_moved_to_sections_only_when_there_are_none() -> None:
    text = (
        "# Build broke\n\n# Cause\n\nA bad image.\n\n### Detail\n\nMore.\n\nFix\n---\n\nRevert.\n"
    )
    result = convert(text)
    assert result.postmortem.body == (
        "# Build broke\n\n## Cause\n\nA bad image.\n\n#### Detail\n\nMore.\n\n### Fix\n\nRevert.\n"
    )
    assert (
        "3 headings moved to '## ' level (the report has no '## ' sections) so that its sections "
        "are found; their text is unchanged"
    ) in result.warnings
    assert convert(TABLE_REPORT).postmortem.body.startswith(
        "# Checkout returned 503 for all users\n\n## Summary"
    )
