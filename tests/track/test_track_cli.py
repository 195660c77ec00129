# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from track_fixture_library import track_library  # noqa: F401  (a fixture)

from secondstory.cli import main

TODAY = "--today=2025-10-01"


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["secondstory", *args])
    with pytest.raises(SystemExit) as excinfo:
        main()
    out = capsys.readouterr()
    return int(excinfo.value.code or 0), out.out, out.err


@pytest.fixture
def cli(track_library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return lambda *args: run(["-L", str(track_library), *args], capsys, monkeypatch)


def test_actions_command_filters_and_formats(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("actions", "--overdue", "--format", "csv", TODAY)
    assert code == 0
    assert out.splitlines() == [
        "ref,status,owner,due,kind,what",
        "2025-01-10-cert-expired-checkout/A2,open,Platform team,2025-03-30,prevent,Move every certificate to automatic renewal",
        "2025-06-02-cert-expired-api/A2,open,Priya Raman,2025-06-12,detect,Alert on internal certificates too",
    ]
    code, out, _ = cli("actions", "--owner", "Sam Lee", "--format", "json", TODAY)
    assert [a["ref"] for a in json.loads(out)["actions"]] == ["2025-09-20-cert-expired-edge/A1"]


def test_actions_command_status_and_kind_take_comma_lists(cli) -> None:  # type: ignore[no-untyped-def]
    _, repeated, _ = cli("actions", "--status", "open", "--status", "done", "--format", "csv")
    _, listed, _ = cli("actions", "--status", "open, DONE", "--format", "csv")
    assert listed == repeated
    assert [line.split(",")[0] for line in listed.splitlines()[1:]] == [
        "2025-01-10-cert-expired-checkout/A2",
        "2025-06-02-cert-expired-api/A1",
        "2025-06-02-cert-expired-api/A2",
        "2025-09-20-cert-expired-edge/A1",
    ]
    code, _, err = cli("actions", "--kind", "detect,prevnt")
    assert (code, err) == (
        2,
        "secondstory: error: invalid value for '--kind': 'prevnt' is not one of: "
        "detect, contain, resolve, prevent; did you mean 'prevent'?\n"
        "  hint: see 'secondstory actions --help'\n",
    )


def test_actions_report_command_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("actions", "report", "--last", "5", "--format", "json", TODAY)
    assert (code, err) == (0, "")
    numbers = json.loads(out)["numbers"]
    assert {k: v["count"] for k, v in numbers.items()} == {
        "closed": 2,
        "verified": 1,
        "dropped": 0,
        "open": 3,
        "open_owner": 2,
        "open_done_when": 2,
        "open_due": 1,
        "open_ready": 1,
        "beyond_window": 1,
        "no_verify": 1,
    }


def test_actions_export_writes_calendar_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "due.ics"
    code, out, err = cli(
        "actions", "export", "--to", "ics", "-o", str(target), "--owner", "Sam Lee"
    )
    assert (code, out, err.splitlines()[-1]) == (0, "", f"wrote {target}")
    assert target.read_bytes().count(b"BEGIN:VEVENT\r\n") == 1


def test_action_done_verify_drop_reassign_commands(cli, track_library: Path) -> None:  # type: ignore[no-untyped-def]
    ref = "2025-06-02-cert-expired-api/A2"
    assert cli("action", "done", ref, "--evidence", "PR 9", "--date", "2025-10-02")[:2] == (
        0,
        f"{ref}: open -> done\n",
    )
    assert cli("action", "verify", ref, "--evidence", "drill")[:2] == (
        0,
        f"{ref}: done -> verified\n",
    )
    code, out, err = cli(
        "action", "reassign", "2025-09-20-cert-expired-edge/A1", "--owner", "Tom Okafor"
    )
    assert (code, out) == (0, "2025-09-20-cert-expired-edge/A1: owner Sam Lee -> Tom Okafor\n")
    assert err == (
        "warning: 'Tom Okafor' is not a participant of 2025-09-20-cert-expired-edge: add them "
        "with secondstory participant add 2025-09-20-cert-expired-edge 'Tom Okafor' --role ROLE\n"
    )
    code, out, err = cli(
        "action", "drop", "2025-01-10-cert-expired-checkout/A2", "--why", "not needed"
    )
    assert (code, out) == (0, "2025-01-10-cert-expired-checkout/A2: open -> dropped\n")


def test_action_errors_exit_2_with_a_hint(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("action", "done", "A1", "--evidence", "x")
    assert (code, out) == (2, "")
    assert err.startswith(
        "secondstory: error: 'A1' is ambiguous: 3 postmortems have it\n  hint: name one of: "
    )
    code, _, err = cli(
        "action", "done", "2025-06-02-cert-expired-api/A2", "--evidence", "x", "--date", "soon"
    )
    assert code == 2 and "'soon' is not a date" in err


def test_outcomes_command_writes_chart_and_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = tmp_path / "chart.svg"
    code, out, _ = cli("outcomes", "--format", "json", "--chart", str(chart))
    assert code == 0
    assert [c["name"] for c in json.loads(out)["classes"]] == ["certificate-expiry"]
    assert chart.read_text(encoding="utf-8").startswith("<svg ")


def test_digest_command_prints_markdown(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("digest", "--since", "2w", TODAY)
    assert code == 0
    assert out.startswith("# Acme: postmortem digest, 2025-09-17 to 2025-10-01\n")


def test_digest_command_refuses_a_since_after_today(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("digest", "--since", "2025-10-02", TODAY)
    assert (code, out, err) == (
        2,
        "",
        "secondstory: error: --since 2025-10-02 is after today (2025-10-01)\n"
        "  hint: give a day on or before today, or a span such as 7d or 2w\n",
    )
    code, out, _ = cli("digest", "--since", "2025-10-01", TODAY)
    assert (code, out.splitlines()[0]) == (0, "# Acme: postmortem digest, 2025-10-01 to 2025-10-01")


def test_actions_command_warns_about_unreadable_files(cli, track_library: Path) -> None:  # type: ignore[no-untyped-def]
    broken = track_library / "postmortems" / "2025-06-02-cert-expired-api" / "actions.yaml"
    broken.write_text("- id: A1\n  what: [unclosed\n", encoding="utf-8")
    code, out, err = cli("actions", "--format", "csv", TODAY)
    assert code == 0
    assert err == (
        "warning: the library has 1 error (see 'secondstory validate'); "
        "items that could not be read are left out\n"
    )
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == [
        "2025-01-10-cert-expired-checkout/A1",
        "2025-01-10-cert-expired-checkout/A2",
        "2025-09-20-cert-expired-edge/A1",
    ]


def test_outcomes_command_reads_outcome_tags_from_settings(cli, track_library: Path) -> None:  # type: ignore[no-untyped-def]
    config = track_library / "secondstory.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[track]\noutcome_tags = ["tls"]\n', encoding="utf-8"
    )
    code, out, _ = cli("outcomes")
    assert (code, out) == (0, "No class of incident (by tag) has two or more incidents yet.\n")


def test_actions_report_command_reads_review_window_and_team_words(
    cli, track_library: Path
) -> None:  # type: ignore[no-untyped-def]
    """The report counts with lint's settings: an owner named by one of `[review]
    team_words` is a team (AI602), and the window is `[review] action_window_days` (AI604)."""
    actions = track_library / "postmortems" / "2025-09-20-cert-expired-edge" / "actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8").replace("Sam Lee", "Falcons"), encoding="utf-8"
    )
    config = track_library / "secondstory.toml"
    before = {k: v["count"] for k, v in _report_numbers(cli).items()}
    config.write_text(
        config.read_text(encoding="utf-8")
        + '[review]\naction_window_days = 80\nteam_words = ["falcons"]\n',
        encoding="utf-8",
    )
    after = {k: v["count"] for k, v in _report_numbers(cli).items()}
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == {"open_owner": (2, 1), "open_ready": (1, 0), "beyond_window": (1, 0)}
    _, out, _ = cli("actions", "--owner", "Falcons", "--format", "json", TODAY)
    assert [a["owner_is_person"] for a in json.loads(out)["actions"]] == [False]


def test_actions_report_command_refuses_a_wrong_track_window(cli, track_library: Path) -> None:  # type: ignore[no-untyped-def]
    config = track_library / "secondstory.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[track]\naction_window_days = "two weeks"\n',
        encoding="utf-8",
    )
    code, out, err = cli("actions", "report", TODAY)
    assert (code, out) == (2, "")
    assert err == (
        f"secondstory: error: {config}:4: [track] action_window_days must be a whole number "
        "of days, 1 or more (found 'two weeks')\n"
        "  hint: remove it to use [review] action_window_days (14 by default)\n"
    )


def _report_numbers(cli) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    code, out, err = cli("actions", "report", "--format", "json", TODAY)
    assert (code, err) == (0, "")
    numbers: dict[str, dict[str, object]] = json.loads(out)["numbers"]
    return numbers
