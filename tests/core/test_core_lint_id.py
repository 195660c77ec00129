"""`secondstory lint ID` lints the postmortem with that id, as every other command takes one."""

from __future__ import annotations

from pathlib import Path

from clirun import run

PM = "2025-07-29-search-nodes-disk-full"


def test_lint_postmortem_id_lints_its_folder(example_library: Path) -> None:
    by_id = run(example_library, "lint", PM, "--format", "json")
    by_path = run(example_library, "lint", f"postmortems/{PM}", "--format", "json")
    assert (by_id.code, by_id.out, by_id.err) == (by_path.code, by_path.out, by_path.err)
    assert f'"path": "postmortems/{PM}/postmortem.md"' in by_id.out


def test_lint_postmortem_id_unknown_is_a_missing_path(example_library: Path) -> None:
    result = run(example_library, "lint", "2025-07-29-no-such-incident")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "secondstory: error: 2025-07-29-no-such-incident: no such file or folder\n"
        "  hint: check the path or postmortem id ('secondstory list'); with no PATHS, "
        "lint reads every postmortem of the library\n",
    )
