"""A field that holds only a placeholder ("none", "n/a", "-", "TBD") says nothing: AI605 and
AI606 read it as left out, and so do the action report and `action add`'s warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lint_fixtures import ACTIONS, write_postmortem

from secondstory.model.records import ActionItem, Postmortem, is_placeholder
from secondstory.review.runner import LintRequest, run_lint
from secondstory.track.report import build_report

VERIFY = "  verify: Install a certificate with 20 days left in staging and see the page arrive\n"
DONE = "    - The alert exists for every certificate in the edge inventory\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "-",
        "none",
        "None.",
        "N/A",
        "n/a",
        "TBD",
        "todo",
        "TODO:",
        "none yet",
        "?",
        "(none)",
    ],
)
def test_is_placeholder_true_for_words_that_stand_in_for_text(text: str) -> None:
    assert is_placeholder(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "None of the replicas lags by over 5 s",
        "Todo: run a failover drill in staging",
        "n/a - covered by the drill of A1",
        "Unknown hosts are rejected in staging",
    ],
)
def test_is_placeholder_false_for_written_text(text: str) -> None:
    assert is_placeholder(text) is False


def _findings(tmp_path: Path, verify: str, done: str) -> list[tuple[int, int, str, str]]:
    actions = ACTIONS.replace(VERIFY, verify).replace(DONE, done)
    folder = write_postmortem(tmp_path / "pm", actions=actions)
    report = run_lint(LintRequest(paths=(folder,), use_cache=False))
    return [
        (f.line, f.column, f.code, ": ".join(f.message.split(": ")[:2])) for f in report.findings
    ]


def test_lint_placeholder_verify_and_done_when_are_missing(tmp_path: Path) -> None:
    found = _findings(tmp_path, "  verify: n/a\n", "    - TBD\n    - '-'\n")
    assert found == [
        (5, 3, "AI605", "action A1: no done_when ('TBD', '-' are placeholders)"),
        (8, 3, "AI606", "action A1: no verify step ('n/a' is a placeholder)"),
    ]


def test_lint_placeholder_next_to_a_written_condition_passes(tmp_path: Path) -> None:
    assert _findings(tmp_path, "  verify: none yet\n", "    - TBD\n" + DONE) == [
        (8, 3, "AI606", "action A1: no verify step ('none yet' is a placeholder)")
    ]


def test_build_report_counts_placeholder_fields_as_missing() -> None:
    items = [
        ActionItem(id="A1", owner="Priya Raman", due=date(2025, 3, 28), done_when=["tbd"]),
        ActionItem(id="A2", owner="Priya Raman", due=date(2025, 3, 28), done_when=["It alerts"]),
    ]
    items[0].verify, items[1].verify = "N/A", "Expire a staging certificate"
    pm = Postmortem(id="2025-03-14-tls", review_date=date(2025, 3, 15), actions=items)
    lines = {line.key: line for line in build_report([pm], date(2025, 3, 20)).lines}
    assert [a.ref for a in lines["open_done_when"].items] == ["2025-03-14-tls/A2"]
    assert [a.ref for a in lines["open_ready"].items] == ["2025-03-14-tls/A2"]
    assert [a.ref for a in lines["no_verify"].items] == ["2025-03-14-tls/A1"]
