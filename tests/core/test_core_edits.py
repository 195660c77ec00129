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
    assert run(root, "set", PM, "status", "finished").err == (
        "secondstory: error: 'status' is 'finished', not one of: draft, in-review, published\n"
        f"  hint: write one of them, e.g. secondstory set {PM} status published\n"
    )
    assert run(root, "set", PM, "severity", "SEV9").err == (
        "secondstory: error: severity 'SEV9' is not one of: SEV1, SEV2, SEV3, SEV4, SEV5\n"
        "  hint: use one of them, or add the level to [library] severities in secondstory.toml\n"
    )
    assert run(root, "set", PM, "visibility", "secret").err == (
        "secondstory: error: 'visibility' is 'secret', not one of: internal, restricted, public\n"
        f"  hint: write one of them, e.g. secondstory set {PM} visibility restricted\n"
    )
    review = run(root, "set", PM, "review_date", "tomorrow")
    assert (review.code, review.err) == (
        2,
        "secondstory: error: 'review_date' is not a date: 'tomorrow'\n"
        "  hint: write the day as YYYY-MM-DD, e.g. 2025-06-05\n",
    )


def test_set_field_refuses_times_out_of_order_as_validate_would(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    assert run(root, "set", PM, "started", "2026-11-20T09:00:00+01:00").code == 0
    assert run(root, "set", PM, "mitigated", "2026-11-20T10:00:00+01:00").code == 0
    before = main.read_text()
    early = run(root, "set", PM, "resolved", "2026-11-20T08:00:00+01:00")
    late_start = run(root, "set", PM, "started", "2026-11-20T11:00:00+01:00")
    hint = (
        "  hint: started, detected, mitigated and resolved must follow each other in that "
        "order; nothing was written\n"
    )
    assert (early.code, early.out, early.err) == (
        2,
        "",
        "secondstory: error: 'resolved' (2026-11-20T08:00:00+01:00) is before 'mitigated'\n" + hint,
    )
    assert (late_start.code, late_start.err) == (
        2,
        "secondstory: error: 'mitigated' (2026-11-20T10:00:00+01:00) is before 'started'\n" + hint,
    )
    assert main.read_text() == before
    assert run(root, "validate").code == 0


def test_set_field_refuses_to_empty_a_required_field(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    title = run(root, "set", PM, "title", "")
    status = run(root, "set", PM, "status", " ")
    assert (title.code, title.err) == (
        2,
        "secondstory: error: postmortem field 'title' must not be empty\n"
        f"  hint: give a value: secondstory set {PM} title VALUE\n",
    )
    assert (status.code, status.err) == (
        2,
        "secondstory: error: postmortem field 'status' must not be empty\n"
        f"  hint: give a value: secondstory set {PM} status draft|in-review|published\n",
    )
    assert main.read_text() == before


def test_set_field_warns_of_a_related_postmortem_that_does_not_exist(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "set", PM, "related", f"2025-01-01-nonexistent, {PM}")
    assert (result.code, result.out, result.err) == (
        0,
        f"{PM}: related = 2025-01-01-nonexistent, {PM}\n",
        "warning: related postmortem '2025-01-01-nonexistent' does not exist in this library\n",
    )
    assert run(root, "set", PM, "related", PM).err == ""


def test_set_field_refuses_a_facilitator_change_that_orphans_an_owner(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert run(root, "set", PM, "facilitator", "Ana Ruiz").code == 0
    assert (
        run(root, "action", "add", PM, "--what", "Alert on expiry", "--owner", "Ana Ruiz").code == 0
    )
    result = run(root, "set", PM, "facilitator", "Bo Chen")
    assert (result.code, result.err) == (
        2,
        "secondstory: error: action A1 is owned by 'Ana Ruiz', who is not a participant; "
        "add them to participants\n"
        "  hint: nothing was written; 'secondstory validate' would report this\n",
    )


def test_factor_add_warns_of_a_bad_review_setting_with_its_line(tmp_path: Path) -> None:
    root = _library(tmp_path)
    config = root / "secondstory.toml"
    config.write_text(config.read_text().replace("[review]\n", '[review]\nfail_on = "loud"\n'))
    line = config.read_text().splitlines().index('fail_on = "loud"') + 1
    result = run(root, "factor", "add", PM, "--kind", "technical", "--summary", "Issued by hand")
    assert result.code == 0
    assert result.err == (
        f"warning: {config}:{line}: [review] fail_on must be one of error, warning, info "
        "(not 'loud'); the checks below use lint's defaults\n"
    )
