"""CO704: every person who acts in the timeline has an account with something written in
it. An account that holds only the template's prompts is no account; a name that is
plainly a person's but not a participant is a responder, not a system."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_fixtures import TIMELINE, write_postmortem

from secondstory.review.actors import looks_like_person
from secondstory.review.config import ReviewConfig
from secondstory.review.postmortem import lint_postmortem

TEMPLATE = Path(__file__).parents[2] / "src/secondstory/store/templates/account.md"
FRONT = "---\nauthor: Priya Raman\nwritten: 2025-03-15\n---\n\n"


def _co704(folder: Path) -> list[tuple[str, int, int, str]]:
    findings, errors = lint_postmortem(folder, ReviewConfig())
    assert errors == []
    return [
        (Path(f.path).name, f.line, f.column, f.message.split(": Each responder")[0])
        for f in findings
        if f.code == "CO704"
    ]


def test_responder_accounts_account_of_only_prompts_is_empty(tmp_path: Path) -> None:
    folder = write_postmortem(tmp_path / "pm")
    account = folder / "accounts" / "priya-raman.md"
    account.write_text(FRONT + TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    assert _co704(folder) == [
        ("priya-raman.md", 6, 1, "Priya Raman's account is empty: only the prompts")
    ]


def test_responder_accounts_one_written_line_among_prompts_counts(tmp_path: Path) -> None:
    folder = write_postmortem(tmp_path / "pm")
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "## What I saw\n", "## What I saw\nThe success rate fell to 0% at 09:02.\n"
    )
    (folder / "accounts" / "priya-raman.md").write_text(FRONT + text, encoding="utf-8")
    assert _co704(folder) == []


def test_responder_accounts_person_who_is_not_a_participant(tmp_path: Path) -> None:
    timeline = TIMELINE + (
        "- time: 2025-03-14T09:30:00+01:00\n  actor: Elif Demir\n  event: Approved the rollback\n"
    )
    folder = write_postmortem(tmp_path / "pm", timeline=timeline)
    assert _co704(folder) == [
        (
            "timeline.yaml",
            12,
            3,
            "Elif Demir acts in the timeline but is not a participant and has no account: add "
            "them (secondstory participant add 2025-03-14-checkout-tls 'Elif Demir'), or, if it "
            "is a system, put '# secondstory: disable-next-line=CO704' above the actor",
        )
    ]


def test_responder_accounts_given_name_of_a_participant_asks_for_the_full_name(
    tmp_path: Path,
) -> None:
    timeline = TIMELINE.replace("actor: Priya Raman", "actor: Priya")
    folder = write_postmortem(tmp_path / "pm", timeline=timeline)
    assert _co704(folder) == [
        (
            "timeline.yaml",
            7,
            3,
            "Priya acts in the timeline but is not a participant: write the name as the "
            "participants have it (Priya Raman)",
        )
    ]


def test_responder_accounts_system_marked_by_a_suppression_comment_passes(tmp_path: Path) -> None:
    timeline = TIMELINE.replace(
        "  actor: edge-proxy\n", "  # secondstory: disable-next-line=CO704\n  actor: Customs Link\n"
    )
    folder = write_postmortem(tmp_path / "pm", timeline=timeline)
    assert _co704(folder) == []
    unmarked = timeline.replace("  # secondstory: disable-next-line=CO704\n", "")
    flagged = _co704(write_postmortem(tmp_path / "unmarked", timeline=unmarked))
    assert [(name, line) for name, line, _, _ in flagged] == [("timeline.yaml", 2)]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("Elif Demir", True),
        ("Bram de Vries", True),
        ("Lucía Fernández", True),
        ("Anne-Marie O'Brien", True),
        ("Piotr", True),
        ("Tom B.", True),
        ("PagerDuty", False),
        ("Alertmanager", False),
        ("deploy bot", False),
        ("Deploy Bot", False),
        ("Customs Portal", False),
        ("GitHub Actions", False),
        ("SRE on-call", False),
        ("Platform Team", False),
        ("edge-proxy", False),
        ("PSP", False),
        ("db-1", False),
        ("", False),
    ],
)
def test_looks_like_person_names_and_systems(actor: str, expected: bool) -> None:
    assert looks_like_person(actor) is expected
