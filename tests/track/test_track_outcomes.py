# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from track_fixture_library import track_library  # noqa: F401  (a fixture)

from secondstory.errors import UsageError
from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.charts_svg import outcomes_svg
from secondstory.track.outcomes import build_outcomes, overall_trend, step_verdict
from secondstory.track.outcomes_render import format_duration, outcomes_to_dict, render_outcomes

SVG = "{http://www.w3.org/2000/svg}"
M = timedelta(minutes=1)


def _outcomes(root: Path, by: str = "tag", only: str = ""):  # type: ignore[no-untyped-def]
    return build_outcomes(load_catalog(open_library(root)).postmortems, by, only)


def test_build_outcomes_keeps_classes_with_two_or_more_incidents(track_library: Path) -> None:
    outcomes = _outcomes(track_library)
    assert [c.name for c in outcomes.classes] == ["certificate-expiry"]
    assert [c.name for c in _outcomes(track_library, "service").classes] == ["checkout"]


def test_build_outcomes_measures_durations_and_leaves_missing_missing(track_library: Path) -> None:
    cert = _outcomes(track_library).classes[0]
    assert [i.postmortem.id for i in cert.incidents] == [
        "2025-01-10-cert-expired-checkout",
        "2025-06-02-cert-expired-api",
        "2025-09-20-cert-expired-edge",
    ]
    assert [i.durations for i in cert.incidents] == [
        {"detect": 47 * M, "mitigate": 90 * M, "resolve": 180 * M},
        {"detect": 14 * M, "mitigate": 40 * M, "resolve": 90 * M},
        {"detect": 2 * M, "mitigate": None, "resolve": 50 * M},
    ]
    assert cert.steps == {
        "detect": ["improving", "improving"],
        "mitigate": ["improving", "unknown"],
        "resolve": ["improving", "improving"],
    }
    assert cert.trend == {"detect": "improving", "mitigate": "improving", "resolve": "improving"}


def test_build_outcomes_counts_items_verified_before_each_recurrence(track_library: Path) -> None:
    cert = _outcomes(track_library).classes[0]
    second, third = cert.incidents[1], cert.incidents[2]
    assert second.verified_before is not None and third.verified_before is not None
    assert [a.ref for a in second.verified_before] == ["2025-01-10-cert-expired-checkout/A1"]
    assert second.earlier_count == 2
    assert [a.ref for a in third.verified_before] == ["2025-01-10-cert-expired-checkout/A1"]
    assert third.earlier_count == 4


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (47 * M, 14 * M, "improving"),
        (14 * M, 47 * M, "worsening"),
        (60 * M, 65 * M, "flat"),
        (M, 2 * M, "flat"),
        (None, 2 * M, "unknown"),
    ],
)
def test_step_verdict_compares_consecutive_durations(
    before: timedelta | None, after: timedelta | None, verdict: str
) -> None:
    assert step_verdict(before, after) == verdict


def test_overall_trend_over_known_values() -> None:
    assert overall_trend([10 * M, None, 30 * M]) == "worsening"
    assert overall_trend([10 * M, 30 * M, 5 * M]) == "mixed"
    assert overall_trend([None, 30 * M]) == "unknown"
    assert overall_trend([30 * M, 30 * M]) == "flat"


def test_render_outcomes_shows_missing_and_verified_counts(track_library: Path) -> None:
    lines = render_outcomes(_outcomes(track_library)).splitlines()
    assert lines[0] == "Outcomes by tag: 1 recurring class"
    assert (
        lines[3]
        == "certificate-expiry (3 incidents): detect improving, mitigate improving, resolve improving"
    )
    assert lines[6].split() == [
        "2025-06-02",
        "2025-06-02-cert-expired-api",
        "14m",
        "↓",
        "40m",
        "↓",
        "1h",
        "30m",
        "↓",
        "1",
        "of",
        "2",
        "(2025-01-10/A1)",
    ]
    assert lines[7].split()[4:6] == ["missing", "?"]


def test_outcomes_to_dict_gives_minutes_and_nulls(track_library: Path) -> None:
    data = json.loads(json.dumps(outcomes_to_dict(_outcomes(track_library))))
    third = data["classes"][0]["incidents"][2]
    assert third["minutes_to"] == {"detect": 2.0, "mitigate": None, "resolve": 50.0}
    assert third["mitigated"] is None
    assert third["verified_before"] == ["2025-01-10-cert-expired-checkout/A1"]


def test_build_outcomes_single_class_and_unknown_class(track_library: Path) -> None:
    assert [len(c.incidents) for c in _outcomes(track_library, only="disk-full").classes] == [1]
    with pytest.raises(UsageError, match="no incidents in class 'nope'"):
        _outcomes(track_library, only="nope")


def test_outcomes_svg_draws_three_bars_or_a_missing_mark_per_incident(track_library: Path) -> None:
    root = ET.fromstring(outcomes_svg(_outcomes(track_library), "Acme"))
    assert root.tag == f"{SVG}svg"
    groups = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    assert len(groups) == 3
    filled = [r for r in groups[2].iter(f"{SVG}rect") if r.get("fill") != "none"]
    dashed = [r for r in groups[2].iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert (len(filled), len(dashed)) == (2, 1)
    xs = [float(g.findall(f"{SVG}rect")[0].get("x", "0")) for g in groups]
    assert xs == sorted(xs)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "certificate-expiry" in texts and "47m" in texts and "?" in texts


@pytest.mark.parametrize(
    ("minutes", "text"), [(2, "2m"), (90, "1h 30m"), (1500, "1d 1h"), (None, "missing")]
)
def test_format_duration(minutes: int | None, text: str) -> None:
    assert format_duration(None if minutes is None else minutes * M) == text


def test_build_outcomes_by_mechanism_uses_the_vocabulary(track_library: Path) -> None:
    library = open_library(track_library)
    outcomes = build_outcomes(load_catalog(library).postmortems, "mechanism", library=library)
    assert ([c.name for c in outcomes.classes], outcomes.note) == (["certificate-expiry"], "")


def test_build_outcomes_limits_classes_to_the_configured_tags(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    assert build_outcomes(pms, "tag", classes=["tls", "disk-full"]).classes == []
    chosen = build_outcomes(pms, "tag", classes=["certificate-expiry"])
    assert [c.name for c in chosen.classes] == ["certificate-expiry"]


def test_build_outcomes_by_similar_uses_the_index(track_library: Path) -> None:
    library = open_library(track_library)
    outcomes = build_outcomes(load_catalog(library).postmortems, "similar", library=library)
    assert outcomes.note == ""
    assert all(len(c.incidents) >= 2 for c in outcomes.classes)


def _tag_all_imported(root: Path) -> None:
    """What earlier importers wrote: the bookkeeping tag `imported` on every postmortem."""
    for path in sorted((root / "postmortems").glob("*/postmortem.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ntags: [", "\ntags: [imported, ", 1), encoding="utf-8")


def test_build_outcomes_never_makes_the_tag_imported_a_class(track_library: Path) -> None:
    _tag_all_imported(track_library)
    pms = load_catalog(open_library(track_library)).postmortems
    assert sum("imported" in pm.tags for pm in pms) == 4
    assert [c.name for c in build_outcomes(pms, "tag").classes] == ["certificate-expiry"]
    assert build_outcomes(pms, "tag", classes=["imported"]).classes == []
