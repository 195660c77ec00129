"""AI601 and AI602 judge an owner as `action add` does (model.owners): team aliases
("@platform-team", "sre-oncall") and several people are not one person; a placeholder
("TBD") is no owner."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_fixtures import ACTIONS, write_postmortem

from secondstory.model.owners import owner_is_person
from secondstory.review.config import ReviewConfig
from secondstory.review.postmortem import lint_postmortem

OWNER = "  owner: Priya Raman\n"


def _owner_findings(tmp_path: Path, owner_line: str) -> list[tuple[int, int, str, str]]:
    folder = write_postmortem(tmp_path / "pm", actions=ACTIONS.replace(OWNER, owner_line))
    findings, errors = lint_postmortem(folder, ReviewConfig())
    assert errors == []
    return [(f.line, f.column, f.code, f.message.split(": ")[0]) for f in findings]


@pytest.mark.parametrize(
    "owner",
    [
        "'@platform-team'",
        "platform-team",
        "sre-oncall",
        "Katja and Ravi",
        "Katja Berg / Ravi Menon",
    ],
)
def test_action_owner_team_flags_aliases_that_action_add_warns_about(
    tmp_path: Path, owner: str
) -> None:
    found = _owner_findings(tmp_path, f"  owner: {owner}\n")
    assert found == [(3, 3, "AI602", "action A1")]


def test_action_owner_team_message_names_the_owner(tmp_path: Path) -> None:
    folder = write_postmortem(
        tmp_path / "pm", actions=ACTIONS.replace(OWNER, "  owner: sre-oncall\n")
    )
    findings, _ = lint_postmortem(folder, ReviewConfig())
    assert [f.message.split(": When")[0] for f in findings] == [
        "action A1: owner 'sre-oncall' is not one person (a team, a role or several)"
    ]


@pytest.mark.parametrize("owner", ["TBD", "n/a", "'?'"])
def test_action_owner_placeholder_is_no_owner_not_a_team(tmp_path: Path, owner: str) -> None:
    folder = write_postmortem(
        tmp_path / "pm", actions=ACTIONS.replace(OWNER, f"  owner: {owner}\n")
    )
    findings, _ = lint_postmortem(folder, ReviewConfig())
    written = owner.strip("'")
    assert [(f.line, f.code, f.message.split(": An")[0]) for f in findings] == [
        (3, "AI601", f"action A1: no owner ('{written}' is a placeholder)")
    ]


def test_action_owner_team_reads_review_team_words(tmp_path: Path) -> None:
    folder = write_postmortem(
        tmp_path / "pm", actions=ACTIONS.replace(OWNER, "  owner: webhooks-guild\n")
    )
    config = ReviewConfig(team_words=("webhooks",))
    findings, _ = lint_postmortem(folder, config)
    assert [f.code for f in findings] == ["AI602"]
    assert _owner_findings(tmp_path / "other", "  owner: Priya Raman\n") == []


@pytest.mark.parametrize(
    ("name", "words", "expected"),
    [
        ("@platform-team", (), False),
        ("sre-oncall", (), False),
        ("Katja Berg / Ravi Menon", (), False),
        ("Sam Nobody", (), True),
        ("Sam Nobody", ("nobody",), False),
        ("payments-webhooks", ("webhooks",), False),
        ("Anne-Marie Weber", ("webhooks",), True),
    ],
)
def test_owner_is_person_reads_hyphenated_aliases_and_team_words(
    name: str, words: tuple[str, ...], expected: bool
) -> None:
    assert owner_is_person(name, words) is expected


def test_large_review_counts_people_not_team_aliases(tmp_path: Path) -> None:
    names = ["Priya Raman", "Tom Okafor", "Ana Lima", "Ben Cole", "Eva Roth"]
    people = [{"name": n, "role": "responder"} for n in names]
    aliases = [{"name": "@platform-team", "role": "team"}, {"name": "sre-oncall", "role": "team"}]
    select = ReviewConfig(select=("PR802",))
    five = write_postmortem(tmp_path / "a", front={"participants": people + aliases})
    assert lint_postmortem(five, select)[0] == []
    six = write_postmortem(tmp_path / "b", front={"participants": [*people, *people[:1]]})
    assert [f.message.split(":")[0] for f in lint_postmortem(six, select)[0]] == [
        "6 people in the review (more than 5)"
    ]


def test_due_too_late_waits_for_a_review_date_after_the_incident(tmp_path: Path) -> None:
    select = ReviewConfig(select=("AI604",))
    before = write_postmortem(tmp_path / "pm", front={"review_date": "2025-01-02"})
    assert lint_postmortem(before, select)[0] == []
