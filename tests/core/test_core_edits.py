from __future__ import annotations

from pathlib import Path

from secondstory.store.library import open_library
from secondstory.store.loader import load_postmortem
from secondstory.store.writer import NewPostmortem, init_library, new_postmortem

from clirun import run

PM = "2025-03-14-checkout-down"


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    init_library(root)
    new_postmortem(
        open_library(root), NewPostmortem("Checkout down", severity="SEV2", pm_id=PM), set()
    )
    return root


def test_factor_add_numbers_and_appends(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert (
        run(root, "factor", "add", PM, "--kind", "technical", "--summary", "Issued by hand").out
        == f"{PM}/F1\n"
    )
    assert (
        run(
            root,
            "factor",
            "add",
            PM,
            "--kind",
            "knowledge",
            "--summary",
            "Believed: auto-renewed",
            "--phase",
            "diagnosis",
        ).out
        == f"{PM}/F2\n"
    )
    pm = load_postmortem(root / "postmortems" / PM, root).postmortem
    assert pm is not None
    assert [(f.id, f.kind, f.summary, f.phase) for f in pm.factors] == [
        ("F1", "technical", "Issued by hand", ""),
        ("F2", "knowledge", "Believed: auto-renewed", "diagnosis"),
    ]


def test_timeline_add_inserts_in_time_order(tmp_path: Path) -> None:
    root = _library(tmp_path)
    for when, event in (
        ("2025-03-14T09:20:00+01:00", "Paged"),
        ("2025-03-14T09:02:00+01:00", "Expired"),
        ("2025-03-14T09:30:00+01:00", "Rolled back"),
    ):
        assert (
            run(
                root, "timeline", "add", PM, "--time", when, "--event", event, "--known", "then"
            ).code
            == 0
        )
    pm = load_postmortem(root / "postmortems" / PM, root).postmortem
    assert pm is not None
    assert [e.event for e in pm.timeline] == ["Expired", "Paged", "Rolled back"]
    assert (
        pm.timeline[0].time is not None
        and pm.timeline[0].time.isoformat() == "2025-03-14T09:02:00+01:00"
    )


def test_timeline_add_rejects_time_without_zone(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "timeline", "add", PM, "--time", "2025-03-14T09:02", "--event", "x")
    assert result.code == 2
    assert "has no time zone" in result.err


def test_set_field_edits_only_that_line(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    assert run(root, "set", PM, "resolved", "2025-03-14T11:30:00+01:00").code == 0
    assert run(root, "set", PM, "tags", "tls, certificate-expiry").code == 0
    assert main.read_text() == before.replace(
        "resolved:\n", "resolved: 2025-03-14T11:30:00+01:00\n"
    ).replace("tags: []", "tags: [tls, certificate-expiry]")


def test_set_field_rejects_bad_values(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert (
        run(root, "set", PM, "status", "finished").err
        == "secondstory: error: 'status' is 'finished', not one of: draft, in-review, published; did you mean 'published'?\n"
    )
    assert "not one of" in run(root, "set", PM, "severity", "SEV9").err
    assert run(root, "set", PM, "review_date", "tomorrow").code == 2
