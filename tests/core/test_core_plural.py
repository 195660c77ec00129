"""Counted nouns: one helper, so nothing prints "1 items" or "timeline entrys"."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondstory.plural import plural, plural_of
from secondstory.store.loader import load_postmortem

from clirun import run


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "item", "0 items"),
        (1, "item", "1 item"),
        (2, "timeline entry", "2 timeline entries"),
        (1, "timeline entry", "1 timeline entry"),
        (3, "day", "3 days"),
        (2, "recurring class", "2 recurring classes"),
        (2, "box", "2 boxes"),
    ],
)
def test_plural_counts_nouns(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_plural_of_irregular_is_given() -> None:
    assert (plural(2, "person", "people"), plural_of("action item")) == ("2 people", "action items")


def test_plural_cli_messages_for_one(example_library: Path) -> None:
    pm = sorted((example_library / "postmortems").iterdir())[0].name
    report = run(example_library, "actions", "report", "--last", "1", "--today", "2026-11-27")
    assert report.out.splitlines()[0].startswith("Action items of the last 1 postmortem, as of ")
    listed = run(example_library, "list", "--until", "2025-06-03")
    assert (listed.out.split()[0], listed.err) == (pm, "1 postmortem\n")
    checked = run(example_library, "validate", f"postmortems/{pm}")
    assert checked.err == "0 errors, 0 warnings in 1 postmortem\n"


def test_plural_one_action_item_and_a_timeline_that_is_not_a_list(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", "pm", "--no-similar").code == 0
    assert run(root, "action", "add", "pm", "--what", "Alert on expiry").code == 0
    assert run(root, "actions").out.splitlines()[-1] == "1 item"
    (root / "postmortems" / "pm" / "timeline.yaml").write_text("time: 2025-03-14T09:00:00Z\n")
    loaded = load_postmortem(root / "postmortems" / "pm", root)
    assert [p.message for p in loaded.problems] == [
        "timeline.yaml must be a YAML list of timeline entries"
    ]


def test_plural_markdown_import_of_one_file(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    report = tmp_path / "report.md"
    report.write_text("# Search was stale\n\n## Summary\nStale for 40 minutes.\n")
    assert run(root, "import", "markdown", str(report)).out.splitlines()[-1] == "1 file: 1 imported"
    again = run(root, "import", "markdown", str(report))
    assert again.out.splitlines()[-1] == "1 file: 1 skipped"
