"""Edits warn at once of what lint and validate would say later; participants can be added."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from secondstory.store.library import open_library
from secondstory.track.edit import NewAction, add_action

from clirun import run
from conftest import git

PM = "2025-07-29-search-nodes-disk-full"  # started 2025-07-29, review 2025-07-31
TODAY = date(2025, 8, 5)
WHAT = "Alert when a data node's disk passes 75%"


def _warnings(root: Path, due: date, project: bool = False) -> list[str]:
    spec = NewAction(WHAT, "Elif Demir", due, ["The alert exists"], "Fill a disk", project=project)
    return add_action(open_library(root), PM, spec, today=TODAY).warnings


def test_action_add_team_owner_warns_as_reassign_does(example_library: Path) -> None:
    result = run(example_library, "action", "add", PM, "--what", WHAT, "--owner", "Platform team")
    assert (result.code, result.out) == (0, f"{PM}/A5\n")
    team = (
        "warning: 'Platform team' does not look like one person, nor is it a participant: "
        "name one person who took part as the owner\n"
    )
    assert result.err.startswith(team)
    reassign = run(example_library, "action", "reassign", f"{PM}/A1", "--owner", "Platform team")
    assert reassign.err == team


def test_action_add_due_over_the_review_window_warns(example_library: Path) -> None:
    assert _warnings(example_library, date(2025, 8, 14)) == []
    assert _warnings(example_library, date(2025, 8, 15)) == [
        "due 15 days after the review (2025-07-31), over the 14-day window "
        "([review] action_window_days): split it, or mark it --project"
    ]
    assert _warnings(example_library, date(2025, 8, 15), project=True) == []


def test_action_add_due_window_is_the_review_setting(example_library: Path) -> None:
    config = example_library / "secondstory.toml"
    config.write_text(
        config.read_text().replace("# action_window_days = 14", "action_window_days = 30")
    )
    assert _warnings(example_library, date(2025, 8, 30)) == []
    assert _warnings(example_library, date(2025, 9, 1))[0].startswith(
        "due 32 days after the review (2025-07-31), over the 30-day window"
    )


def test_action_add_due_counts_from_the_resolution_without_review_date(
    example_library: Path,
) -> None:
    assert run(example_library, "set", PM, "review_date", "").code == 0
    assert _warnings(example_library, date(2025, 8, 13)) == [
        "due 15 days after the resolution (2025-07-29), over the 14-day window "
        "([review] action_window_days): split it, or mark it --project"
    ]


def test_action_add_due_past_or_before_the_incident_warns(example_library: Path) -> None:
    assert _warnings(example_library, date(2025, 8, 1)) == [
        "due 2025-08-01 is already past (today is 2025-08-05)"
    ]
    assert _warnings(example_library, date(2024, 8, 1)) == [
        "due 2024-08-01 is before the incident started (2025-07-29): is the year right?"
    ]


def test_set_review_date_before_started_warns_as_validate(example_library: Path) -> None:
    result = run(example_library, "set", PM, "review_date", "2025-07-01")
    assert (result.code, result.out, result.err) == (
        0,
        f"{PM}: review_date = 2025-07-01\n",
        "warning: 'review_date' (2025-07-01) is before 'started' (2025-07-29)\n",
    )
    validate = run(example_library, "validate", f"postmortems/{PM}")
    assert validate.out == (
        f"postmortems/{PM}/postmortem.md:13:1: warning SS031 "
        "'review_date' (2025-07-01) is before 'started' (2025-07-29)\n"
    )


def test_action_add_placeholder_verify_and_done_when_warn_as_missing(
    example_library: Path,
) -> None:
    spec = NewAction(WHAT, "Elif Demir", date(2025, 8, 8), ["TBD"], "n/a")
    assert add_action(open_library(example_library), PM, spec, today=TODAY).warnings == [
        "--done-when 'TBD' is a placeholder: say concretely when it is done",
        "--verify 'n/a' is a placeholder: say how you will check that it works",
    ]


def test_action_add_wording_warns_as_lint_would(example_library: Path) -> None:
    result = run(
        example_library,
        "action",
        "add",
        PM,
        "--what",
        "Investigate the reindex",
        "--owner",
        "Elif Demir",
        "--done-when",
        "Nobody noticed the disks any more",
        "--verify",
        "Run a reindex in staging",
    )
    assert result.code == 0
    assert result.err.splitlines() == [
        'warning: --what: AI607 "Investigate": "Investigate", "improve", "ensure" name a wish,'
        " not a change (secondstory rules explain AI607)",
        'warning: --done-when: CF205 "Nobody noticed": "Nobody noticed", "it was overlooked"'
        " judge attention with hindsight: the signal is obvious only once you know it mattered"
        " (secondstory rules explain CF205)",
    ]


def test_factor_add_summary_with_blame_warns_and_is_added(example_library: Path) -> None:
    summary = "The engineer forgot to renew the certificate"
    result = run(example_library, "factor", "add", PM, "--kind", "process", "--summary", summary)
    assert (result.code, result.out) == (0, f"{PM}/F5\n")
    assert result.err == (
        'warning: --summary: BL102 "forgot": "Forgot" puts the outcome on one person\'s memory'
        " (secondstory rules explain BL102)\n"
    )
    factors = (example_library / "postmortems" / PM / "factors.yaml").read_text()
    assert factors.endswith(f"- id: F5\n  kind: process\n  summary: {summary}\n")
    clean = run(example_library, "factor", "add", PM, "--kind", "timing", "--summary", "Quiet")
    assert clean.err == ""


def test_participant_add_writes_only_its_lines_and_makes_an_owner_valid(
    example_library: Path,
) -> None:
    add = run(example_library, "action", "add", PM, "--what", WHAT, "--owner", "Sam Lee")
    assert add.err.startswith(
        f"warning: 'Sam Lee' is not a participant of {PM}: add them with "
        f"secondstory participant add {PM} 'Sam Lee' --role ROLE\n"
    )
    assert run(example_library, "validate").code == 1  # SS023
    git(example_library, "commit", "-qam", "owner")
    result = run(
        example_library, "participant", "add", PM, "Sam Lee", "--role", "search on-call", "--commit"
    )
    head = git(example_library, "rev-parse", "HEAD").strip()
    assert (result.code, result.out) == (
        0,
        f"{PM}: participant Sam Lee added (commit {head[:12]})\n",
    )
    diff = git(example_library, "diff", "HEAD~1", "--unified=0", "--", f"postmortems/{PM}")
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"
    ] == [
        "+  - name: Sam Lee",
        "+    role: search on-call",
    ]
    assert run(example_library, "validate").code == 0
    again = run(example_library, "participant", "add", PM, "Sam Lee")
    assert (again.code, again.out) == (
        0,
        f"{PM}: nothing changed: Sam Lee is already a participant\n",
    )


def test_reassign_to_the_same_owner_says_nothing_changed(example_library: Path) -> None:
    actions = example_library / "postmortems" / PM / "actions.yaml"
    before = actions.read_text()
    result = run(
        example_library, "action", "reassign", f"{PM}/A2", "--owner", "Elif Demir", "--commit"
    )
    assert (result.code, result.out, result.err) == (
        0,
        f"{PM}/A2: nothing changed: Elif Demir owns it already\n",
        "",
    )
    assert actions.read_text() == before
    assert git(example_library, "log", "--format=%s").splitlines() == ["example library"]


def test_set_commit_prints_the_commit(example_library: Path) -> None:
    result = run(example_library, "set", PM, "severity", "SEV2", "--commit")
    head = git(example_library, "rev-parse", "HEAD").strip()
    assert result.out == f"{PM}: severity = SEV2 (commit {head[:12]})\n"


def test_set_the_value_a_field_has_changes_and_commits_nothing(example_library: Path) -> None:
    assert run(example_library, "set", PM, "severity", "SEV2", "--commit").code == 0
    again = run(example_library, "set", PM, "severity", "SEV2", "--commit")
    assert (again.code, again.out) == (0, f"nothing changed: {PM}'s severity is already 'SEV2'\n")
    assert len(git(example_library, "log", "--format=%s").splitlines()) == 2


def test_set_help_lists_every_field_it_can_change_readably(example_library: Path) -> None:
    from secondstory.store.edits import SETTABLE

    text = run(example_library, "set", "--help").out
    assert text.startswith("Usage: secondstory set [OPTIONS] POSTMORTEM_ID FIELD VALUE\n")
    listed = text.split("FIELD is one of:\n", 1)[1].split("\n\n", 1)[0]
    names = [w.strip(",") for line in listed.splitlines() for w in line.split("(")[0].split()]
    assert sorted(names) == sorted(SETTABLE)
    refused = run(example_library, "set", PM, "participants", "Sam Lee")
    assert (refused.code, refused.err) == (
        2,
        "secondstory: error: 'participants' is not a field 'secondstory set' can change\n"
        f"  hint: add someone with: secondstory participant add {PM} NAME --role ROLE\n",
    )


def test_participant_add_warns_that_a_team_alias_is_not_one_person(
    example_library: Path,
) -> None:
    result = run(example_library, "participant", "add", PM, "@platform-team")
    assert (result.code, result.out, result.err) == (
        0,
        f"{PM}: participant @platform-team added\n",
        "warning: '@platform-team' does not look like one person: participants are the people "
        "who took part; name each of them (a team cannot own an action item or write an account)\n",
    )
    assert run(example_library, "participant", "add", PM, "Sam Lee").err == ""


def test_participant_add_reads_the_library_team_words(example_library: Path) -> None:
    """`[review] team_words` names teams for `participant add` as it does for lint (AI602)."""
    config = example_library / "secondstory.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[review]\n", '[review]\nteam_words = ["falcons"]\n'
        ),
        encoding="utf-8",
    )
    result = run(example_library, "participant", "add", PM, "Falcons")
    assert result.err == (
        "warning: 'Falcons' does not look like one person: participants are the people "
        "who took part; name each of them (a team cannot own an action item or write an account)\n"
    )


def test_action_add_placeholder_owner_warns_of_no_owner(example_library: Path) -> None:
    result = run(example_library, "action", "add", PM, "--what", WHAT, "--owner", "TBD")
    assert result.err.startswith(
        "warning: no owner ('TBD' is a placeholder): name one person who owns it\n"
    )
