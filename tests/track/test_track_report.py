# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

from pathlib import Path

from track_fixture_library import TODAY, track_library  # noqa: F401  (a fixture)

from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.report import build_report, recent_postmortems, render_report, report_to_dict

CHECKOUT = "2025-01-10-cert-expired-checkout"
API = "2025-06-02-cert-expired-api"
EDGE = "2025-09-20-cert-expired-edge"


def _numbers(root: Path, last: int | None = None) -> dict[str, tuple[int, int, list[str]]]:
    report = build_report(load_catalog(open_library(root)).postmortems, TODAY, last)
    return {
        line.key: (line.count, len(line.base), [a.ref for a in line.items]) for line in report.lines
    }


def test_build_report_counts_and_lists_every_number(track_library: Path) -> None:
    assert _numbers(track_library) == {
        "closed": (2, 5, [f"{CHECKOUT}/A1", f"{API}/A1"]),
        "verified": (1, 2, [f"{CHECKOUT}/A1"]),
        "dropped": (0, 5, []),
        "open": (3, 5, [f"{CHECKOUT}/A2", f"{API}/A2", f"{EDGE}/A1"]),
        "open_owner": (2, 3, [f"{API}/A2", f"{EDGE}/A1"]),
        "open_done_when": (2, 3, [f"{API}/A2", f"{EDGE}/A1"]),
        "open_due": (1, 3, [f"{EDGE}/A1"]),
        "open_ready": (1, 3, [f"{EDGE}/A1"]),
        "beyond_window": (1, 5, [f"{CHECKOUT}/A2"]),
        "no_verify": (1, 5, [f"{CHECKOUT}/A2"]),
    }


def test_build_report_last_takes_newest_reviews(track_library: Path) -> None:
    numbers = _numbers(track_library, last=2)
    assert numbers["closed"] == (1, 3, [f"{API}/A1"])
    assert numbers["open_due"] == (1, 2, [f"{EDGE}/A1"])


def test_recent_postmortems_orders_by_review_date(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    assert [pm.id for pm in recent_postmortems(pms, 3)] == [EDGE, API, CHECKOUT]


def test_report_to_dict_gives_missing_items_of_each_number(track_library: Path) -> None:
    report = build_report(load_catalog(open_library(track_library)).postmortems, TODAY)
    data = report_to_dict(report)
    assert data["numbers"]["open_due"] == {
        "label": "Open, with a due date not passed",
        "count": 1,
        "of": 3,
        "of_what": "open",
        "percent": 33,
        "items": [f"{EDGE}/A1"],
        "missing": [f"{CHECKOUT}/A2", f"{API}/A2"],
    }
    assert data["postmortems"] == [EDGE, API, CHECKOUT, "2024-09-28-disk-full-db"]


def test_render_report_lists_the_items_behind_the_numbers(track_library: Path) -> None:
    report = build_report(load_catalog(open_library(track_library)).postmortems, TODAY)
    text = render_report(report).splitlines()
    assert text[0] == "Action items of the last 4 postmortems, as of 2025-10-01: 5 items"
    assert text[7].split() == [
        "verified",
        "to",
        "prevent",
        "the",
        "failure",
        "mode",
        "1",
        "of",
        "2",
        "closed",
        "50%",
    ]
    start = text.index("Closed but not verified (1):")
    assert text[start + 1].split()[:4] == [f"{API}/A1", "done", "Tom", "Okafor"]
    assert "Open with the due date passed or missing (2):" in text
