"""Patterns across the library, as data, text, JSON and charts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from learn_fixtures import WritePM, make_library, make_writer, write_three

from secondstory.cli import cli
from secondstory.errors import UsageError
from secondstory.index.build import open_synced
from secondstory.insights.cli import patterns_panels
from secondstory.insights.patterns import Patterns, find_patterns, period_of
from secondstory.insights.svg_charts import Panel, render_svg, write_chart
from secondstory.store.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path)


@pytest.fixture
def write_pm(library: Library) -> WritePM:
    return make_writer(library)


@pytest.fixture
def three(write_pm: WritePM) -> None:
    write_three(write_pm)


def patterns(library: Library) -> Patterns:
    db, _ = open_synced(library)
    try:
        return find_patterns(db.conn)
    finally:
        db.close()


@pytest.mark.usefixtures("three")
def test_patterns_counts_with_incidents_and_periods(library: Library) -> None:
    found = patterns(library)
    assert (found.total, found.period) == (3, "quarter")
    assert found.periods == {"2024-Q2": 1, "2025-Q1": 2}
    assert [(r.name, r.count) for r in found.factor_kinds] == [
        ("technical", 2),
        ("knowledge", 1),
        ("process", 1),
    ]
    technical = found.factor_kinds[0]
    assert [i.pm_id for i in technical.incidents] == [
        "2025-01-20-orders-failover",
        "2025-03-14-checkout-cert",
    ]
    assert (technical.first, technical.last, technical.by_period) == (
        "2025-01-20",
        "2025-03-14",
        {"2025-Q1": 2},
    )
    assert [(r.name, r.count) for r in found.services] == [("edge-proxy", 2)]
    assert [(r.name, r.count) for r in found.tags] == [("tls", 2)]


@pytest.mark.usefixtures("three")
def test_patterns_surprise_themes_and_classes(library: Library, write_pm) -> None:  # type: ignore[no-untyped-def]
    write_pm(
        "2025-05-02-replica-lag",
        "Replica lag hid stale reads",
        day="2025-05-02",
        services=["orders-db"],
        sections={"Surprises": "Replica lag was invisible again; the dashboard showed averages."},
    )
    found = patterns(library)
    themes = {t.name: [i.pm_id for i in t.incidents] for t in found.surprise_themes}
    assert themes["replica lag invisible dashboard"] == [
        "2025-01-20-orders-failover",
        "2025-05-02-replica-lag",
    ]
    members = [sorted(i.pm_id for i in c.incidents) for c in found.classes]
    assert ["2024-06-02-api-cert", "2025-03-14-checkout-cert"] in members


def test_patterns_period_of() -> None:
    assert [period_of("2025-08-14", u) for u in ("year", "quarter", "month")] == [
        "2025",
        "2025-Q3",
        "2025-08",
    ]
    assert period_of("", "month") == "undated"


def test_svg_chart_is_well_formed_and_escaped() -> None:
    svg = render_svg(
        "Patterns <&>", [Panel("Services", [("a&b", 3), ("c", 1)]), Panel("Empty", [])]
    )
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) == 3
    assert "a&amp;b" in svg and "(none)" in svg


def test_chart_refuses_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"name the file \.svg or \.png"):
        write_chart(tmp_path / "chart.gif", "x", [])


@pytest.mark.usefixtures("three")
def test_patterns_command_text_json_and_chart(library: Library, tmp_path: Path) -> None:
    runner = CliRunner()
    chart = tmp_path / "out" / "patterns.svg"
    chart.parent.mkdir()  # (a missing folder is refused: tests/core/test_core_output.py)
    text = runner.invoke(cli, ["-L", str(library.root), "patterns", "--chart", str(chart)])
    as_json = runner.invoke(
        cli, ["-L", str(library.root), "patterns", "--format", "json", "--since", "2025"]
    )
    assert text.exit_code == 0 and as_json.exit_code == 0
    assert (
        text.stdout.splitlines()[0] == "3 postmortems; incidents per quarter: 2024-Q2 1, 2025-Q1 2"
    )
    assert "Contributing-factor kinds" in text.stdout
    assert ET.parse(chart).getroot().tag.endswith("svg")
    data = json.loads(as_json.stdout)
    assert data["postmortems"] == 2
    assert data["services"] == []


def test_patterns_tags_leave_out_the_bookkeeping_tag_imported(
    library: Library, write_pm: WritePM
) -> None:
    write_pm("2025-01-02-a", "Certificate expired", day="2025-01-02", tags=["imported", "tls"])
    write_pm("2025-02-03-b", "Certificate expired again", day="2025-02-03", tags=["Imported"])
    write_pm("2025-03-04-c", "TLS handshakes failed", day="2025-03-04", tags=["tls"])
    found = patterns(library)
    assert [(r.name, r.count) for r in found.tags] == [("tls", 2)]


@pytest.mark.usefixtures("three")
def test_patterns_panels_each_group_once(library: Library) -> None:
    panels = patterns_panels(patterns(library))
    assert [p.title for p in panels] == [
        "Incidents per quarter",
        "Contributing-factor kinds (incidents)",
        "Services (incidents)",
        "Tags (incidents)",
        "Themes in the Surprises sections (incidents)",
        "Failure mechanisms (incidents)",
        "Classes of similar incidents (incidents)",
    ]
    assert panels[0].bars == [("2024-Q2", 1), ("2025-Q1", 2)]
    assert panels[3].bars == [("tls", 2)]


@pytest.mark.usefixtures("three")
def test_patterns_dominant_mechanisms_named(library: Library) -> None:
    db, _ = open_synced(library)
    try:
        found = find_patterns(db.conn, names={"certificate-expiry": "Certificate expiry"})
    finally:
        db.close()
    certificate = next(m for m in found.mechanisms if m.name == "certificate-expiry")
    assert certificate.label == "Certificate expiry"
    assert [i.pm_id for i in certificate.incidents] == [
        "2024-06-02-api-cert",
        "2025-03-14-checkout-cert",
    ]


def test_chart_png_without_pillow_is_refused_before_any_work(tmp_path: Path) -> None:
    import importlib.util

    from secondstory.insights.svg_charts import check_chart_path

    check_chart_path(tmp_path / "ok.svg")
    if importlib.util.find_spec("PIL") is not None:
        pytest.skip("Pillow is installed here")
    with pytest.raises(UsageError, match="PNG charts need Pillow"):
        check_chart_path(tmp_path / "chart.png")


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2024-13", "--since 2024-13 is not a date: there is no month 13"),
        ("2024-02-30", "--since 2024-02-30 is not a date: 2024-02 has no day 30"),
        ("2024-1x", "--since 2024-1x is not a date"),
    ],
)
def test_patterns_since_not_in_the_calendar_is_refused(
    library: Library, since: str, message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["-L", str(library.root), "patterns", "--since", since], standalone_mode=False
    )
    assert isinstance(result.exception, UsageError)
    assert (result.exception.message, result.exception.hint) == (
        message,
        "write --since YYYY, --since YYYY-MM or --since YYYY-MM-DD",
    )


def test_patterns_of_an_empty_library_say_so_in_one_line(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    result = CliRunner().invoke(cli, ["-L", str(library.root), "patterns"])
    assert (result.exit_code, result.output.splitlines()[0]) == (
        0,
        "0 postmortems (write one with 'secondstory new TITLE')",
    )
