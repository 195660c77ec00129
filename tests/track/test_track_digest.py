# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from track_fixture_library import TODAY, track_library  # noqa: F401  (a fixture)

from secondstory.errors import UsageError
from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.digest import build_digest, parse_since, render_digest


def _digest(root: Path, since: date) -> str:
    pms = load_catalog(open_library(root)).postmortems
    paths = {pm.id: f"postmortems/{pm.id}/postmortem.md" for pm in pms}
    return render_digest(build_digest("Acme", pms, TODAY, since), paths)


def test_render_digest_covers_new_overdue_recurrences_and_anniversary(track_library: Path) -> None:
    assert (
        _digest(track_library, date(2025, 9, 17))
        == """\
# Acme: postmortem digest, 2025-09-17 to 2025-10-01

## New postmortems

- [Edge certificate expired on a holiday](postmortems/2025-09-20-cert-expired-edge/postmortem.md) \
(SEV3, in-review, edge-proxy, checkout)

## Recently published

Nothing published in this window.

## Overdue action items

- `2025-01-10-cert-expired-checkout/A2` Move every certificate to automatic renewal \
(Platform team, 185 days overdue)
- `2025-06-02-cert-expired-api/A2` Alert on internal certificates too (Priya Raman, 111 days overdue)

## Done but not verified, longest waiting first

- `2025-06-02-cert-expired-api/A1` Runbook step for replacing an internal certificate (Tom Okafor, done 2025-06-18)

## Recurrences

- **certificate-expiry** happened again: \
[Edge certificate expired on a holiday](postmortems/2025-09-20-cert-expired-edge/postmortem.md) \
(incident 3; time to detect 47m → 14m → 2m)

## On this day

1 year ago: [Database disk filled up](postmortems/2024-09-28-disk-full-db/postmortem.md) (2024-09-28)

> Disks fill up faster than dashboards say.
"""
    )


def test_render_digest_says_so_when_a_window_is_quiet(track_library: Path) -> None:
    text = _digest(track_library, date(2025, 9, 30))
    assert "No new incidents written up." in text
    assert "No class of incident recurred in this window." in text
    assert "No anniversary in this window." in text


@pytest.mark.parametrize(
    ("text", "day"),
    [("7d", date(2025, 9, 24)), ("2w", date(2025, 9, 17)), ("2025-09-01", date(2025, 9, 1))],
)
def test_parse_since_spans_and_dates(text: str, day: date) -> None:
    assert parse_since(text, TODAY) == day


def test_parse_since_rejects_nonsense() -> None:
    with pytest.raises(UsageError, match="--since 'soon' is neither"):
        parse_since("soon", TODAY)


def test_render_digest_caps_long_lists_with_the_command_for_the_rest(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    digest = build_digest("Acme", pms, TODAY, date(2025, 9, 17))
    digest.overdue = digest.overdue[:1] * 12
    paths = {pm.id: pm.id for pm in pms}
    lines = render_digest(digest, paths).splitlines()
    start = lines.index("## Overdue action items")
    assert lines[start + 11] == lines[start + 2]
    assert lines[start + 12] == "- and 2 more: `secondstory actions --overdue`"


def test_render_digest_counts_anniversary_years_across_new_year(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    digest = build_digest("Acme", pms, date(2027, 1, 5), date(2026, 12, 20))
    assert digest.anniversary is None
    digest = build_digest("Acme", pms, date(2026, 1, 12), date(2026, 1, 1))
    assert digest.anniversary is not None
    assert (digest.anniversary[0].id, digest.anniversary[1]) == (
        "2025-01-10-cert-expired-checkout",
        1,
    )


def test_render_digest_recurrences_leave_out_the_tag_imported(track_library: Path) -> None:
    for path in sorted((track_library / "postmortems").glob("*/postmortem.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ntags: [", "\ntags: [Imported, ", 1), encoding="utf-8")
    text = _digest(track_library, date(2025, 9, 17))
    recurrences = text.split("## Recurrences\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert recurrences == (
        "- **certificate-expiry** happened again: "
        "[Edge certificate expired on a holiday](postmortems/2025-09-20-cert-expired-edge/postmortem.md) "
        "(incident 3; time to detect 47m → 14m → 2m)"
    )
