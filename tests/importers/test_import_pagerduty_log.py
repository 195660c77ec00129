"""PagerDuty log entries: tests/data/pagerduty_log_entries.json (the REST API's shape)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from secondstory.importers.imported import ImportRefused
from secondstory.importers.pagerduty_log import import_pagerduty_log

from conftest import REPO_ROOT

DATA = json.loads((REPO_ROOT / "tests" / "data" / "pagerduty_log_entries.json").read_text())


def test_pagerduty_log_entries_become_cited_timeline_entries() -> None:
    result = import_pagerduty_log(DATA, "log.json", zone=ZoneInfo("Europe/Berlin"))
    assert result.title == "Checkout success rate low"
    assert result.incident == "4411"
    assert [e.event for e in result.timeline] == [
        "Triggered through the API: [FIRING:1] CheckoutSuccessRateLow: success rate 41% over 5m",
        "Acknowledged by Mira Okonkwo",
        "Note added: Edge certificate expired; renewing by hand",
        "Resolved by Mira Okonkwo",
    ]
    assert result.timeline[0].source == (
        "pagerduty:Q1CHK7/R2A7QK4VZTX01 "
        "https://acme.pagerduty.com/incidents/Q1CHK7/log_entries/R2A7QK4VZTX01"
    )
    assert result.timeline[0].time.isoformat() == "2025-03-14T10:02:10+01:00"
    assert result.detected == datetime.fromisoformat("2025-03-14T10:02:10+01:00")
    assert result.resolved == datetime.fromisoformat("2025-03-14T11:30:00+01:00")
    assert result.participants == [("Mira Okonkwo", "responder"), ("Jonas Lindqvist", "responder")]
    assert result.warnings == [
        "1 log entry skipped: notifications (use --notifications to keep them)",
        "2 log entries skipped: no usable created_at time",
        "1 log entry skipped: not an object",
        "1 log entry skipped: no id",
    ]


def test_pagerduty_log_keeps_notifications_when_asked() -> None:
    result = import_pagerduty_log(DATA, "log.json", include_notifications=True)
    assert [e.event for e in result.timeline][1] == "Notified Mira Okonkwo by SMS"


@pytest.mark.parametrize("data", [{}, {"log_entries": "x"}, "text", 42, None])
def test_pagerduty_log_refuses_other_json(data: object) -> None:
    with pytest.raises(ImportRefused, match="not PagerDuty log entries"):
        import_pagerduty_log(data, "other.json")
