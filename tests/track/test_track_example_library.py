"""The track commands on the bundled example library (skipped until it exists)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from secondstory.cli import main
from secondstory.store.library import open_library
from secondstory.track.charts_svg import outcomes_svg
from secondstory.track.load import load_tracking_set
from secondstory.track.outcomes import build_outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = "--today=2026-11-27"
RECURRING = {
    "bad-config-push": 2,
    "capacity": 2,
    "certificate-expiry": 3,
    "config-change-wrong-target": 3,
    "connection-pool-exhaustion": 3,
    "daylight-saving": 2,
    "dependency-outage": 2,
    "disk-full": 3,
    "name-resolution": 3,
    "queue-backlog": 2,
}


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["secondstory", *args])
    with pytest.raises(SystemExit) as excinfo:
        main()
    return int(excinfo.value.code or 0), capsys.readouterr().out


def _outcomes(example_library: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    library = open_library(example_library)
    tags = library.section("track").get("outcome_tags", [])
    outcomes = build_outcomes(load_tracking_set(library).postmortems, "tag", classes=tags)
    return {c.name: c for c in outcomes.classes}  # type: ignore[misc]


def test_example_library_recurring_classes_and_their_sizes(example_library: Path) -> None:
    classes = _outcomes(example_library)
    assert {name: len(c.incidents) for name, c in classes.items()} == RECURRING


def test_example_library_certificate_expiry_is_detected_sooner_each_time(
    example_library: Path,
) -> None:
    cert = _outcomes(example_library)["certificate-expiry"]
    minutes = [int(i.durations["detect"].total_seconds() // 60) for i in cert.incidents]
    assert minutes == [47, 14, 2]
    assert cert.trend["detect"] == "improving"
    assert all(i.verified_before for i in cert.incidents[1:])


def test_example_library_report_of_the_last_five(
    example_library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [
        "-L",
        str(example_library),
        "actions",
        "report",
        "--last",
        "5",
        "--format",
        "json",
        TODAY,
    ]
    code, out = run(args, capsys, monkeypatch)
    data = json.loads(out)
    assert (code, len(data["postmortems"]), data["items"]) == (0, 5, 20)
    assert {key: (n["count"], n["of"]) for key, n in data["numbers"].items()} == {
        "closed": (8, 20),
        "verified": (3, 8),
        "dropped": (0, 20),
        "open": (12, 20),
        "open_owner": (9, 12),
        "open_done_when": (8, 12),
        "open_due": (3, 12),
        "open_ready": (2, 12),
        "beyond_window": (0, 20),
        "no_verify": (5, 20),
    }


def test_example_library_outcomes_show_a_missing_time_as_missing(example_library: Path) -> None:
    last = _outcomes(example_library)["bad-config-push"].incidents[-1]
    assert (last.postmortem.resolved, last.durations["resolve"]) == (None, None)
    assert int(last.durations["detect"].total_seconds() // 60) == 36


def test_example_library_commands_all_run(
    example_library: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    lib = ["-L", str(example_library)]
    for args in (
        ["actions", TODAY],
        ["actions", "--overdue", TODAY],
        ["outcomes", "--by", "service"],
        ["digest", "--since", "30d", TODAY],
        ["actions", "export", "--to", "ics", "-o", str(tmp_path / "a.ics")],
        ["actions", "export", "--to", "jira", "--status", "open"],
    ):
        assert run([*lib, *args], capsys, monkeypatch)[0] == 0, args


def test_readme_chart_is_current(example_library: Path) -> None:
    library = open_library(example_library)
    tags = library.section("track").get("outcome_tags", [])
    outcomes = build_outcomes(load_tracking_set(library).postmortems, "tag", classes=tags)
    chart = REPO_ROOT / "docs" / "images" / "outcomes.svg"
    expected = outcomes_svg(outcomes, f"{library.name}: recurring incidents by tag")
    assert chart.read_text(encoding="utf-8") == expected, (
        "regenerate: secondstory -L examples/library outcomes --chart docs/images/outcomes.svg"
    )
