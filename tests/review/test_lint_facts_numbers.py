"""FA502: what counts as a number in the facts and the impact."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_fixtures import write_postmortem

from secondstory.review.config import ReviewConfig
from secondstory.review.postmortem import lint_postmortem
from secondstory.review.structured import has_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 1,200 customers could not check out for 49 minutes.", True),
        ("Between 09:12 and 10:47 UTC checkout failed.", True),
        ("38% of requests failed.", True),
        ("Forty minutes of errors for hundreds of users.", True),
        ("The disk failed early on 16 November and writes went on for a while.", False),
        ("Customers on EU-2 saw stale tracking.", False),
        ("On 2026-11-16 the db-1 host failed; no one was paged.", False),
        ("Many customers could not check out for a while.", False),
    ],
)
def test_has_quantity_counts_amounts_not_dates_or_names(text: str, expected: bool) -> None:
    assert has_quantity(text) is expected


def test_fa502_empty_facts_section_says_it_is_empty(tmp_path: Path) -> None:
    body = "\n## Facts\n\n## Impact\nCustomers on EU-2 saw stale tracking.\n"
    folder = write_postmortem(tmp_path / "pm", body=body, timeline="[]\n")
    findings, _ = lint_postmortem(folder, ReviewConfig(select=("FA502",)))
    assert [f.message.split(":")[0] for f in findings] == [
        "'Facts' is empty",
        "'Impact' states no number (duration, users, requests)",
    ]
