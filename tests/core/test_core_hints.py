"""Every error is one line and a hint saying what to do, naming the real ids and values."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondstory.model.choices import nearest_choice
from secondstory.model.fields import ACTION_STATUSES, PHASES, STATUSES, VISIBILITIES

from clirun import run

PM = "2025-07-29-search-nodes-disk-full"


def _error(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert (result.code, result.out) == (2, ""), result
    return result.err


def test_hint_factor_id_taken_names_the_next_free_one(example_library: Path) -> None:
    err = _error(
        example_library, "factor", "add", PM, "--kind", "process", "--summary", "x", "--id", "F1"
    )
    assert err == (
        f"secondstory: error: factor id 'F1' already exists in {PM}\n"
        "  hint: leave out --id to get the next free one (F5), or give another id\n"
    )


def test_hint_severity_not_in_the_library(example_library: Path) -> None:
    assert _error(example_library, "set", PM, "severity", "SEV9") == (
        "secondstory: error: severity 'SEV9' is not one of: SEV1, SEV2, SEV3, SEV4\n"
        "  hint: use one of them, or add the level to [library] severities in secondstory.toml\n"
    )
    assert _error(example_library, "set", PM, "severity", "sev2").endswith(
        "  hint: did you mean SEV2? (the levels are [library] severities in secondstory.toml)\n"
    )


def test_hint_status_moves_name_the_real_item(example_library: Path) -> None:
    assert _error(example_library, "action", "verify", f"{PM}/A3", "--evidence", "x") == (
        f"secondstory: error: {PM}/A3 is dropped: cannot verify it\n"
        f"  hint: it was dropped; to take it up again, add a new item: "
        f"secondstory action add {PM} --what ...\n"
    )
    assert _error(example_library, "action", "drop", f"{PM}/A3", "--why", "x") == (
        f"secondstory: error: {PM}/A3 is dropped: cannot drop it\n"
        "  hint: it is already dropped; nothing to do\n"
    )
    assert _error(example_library, "action", "done", f"{PM}/A2", "--evidence", "x") == (
        f"secondstory: error: {PM}/A2 is done: cannot mark it done\n"
        "  hint: it is already done; to record that it works: "
        f"secondstory action verify {PM}/A2 --evidence ...\n"
    )


def test_hint_digest_since_that_is_neither_span_nor_date(example_library: Path) -> None:
    assert _error(example_library, "digest", "--since", "3x") == (
        "secondstory: error: --since '3x' is neither a span like 7d / 2w nor a date YYYY-MM-DD\n"
        "  hint: write days or weeks back (--since 10d, --since 2w) or a day "
        "(--since 2025-06-01)\n"
    )


def test_hint_lint_changed_against_a_ref_that_does_not_exist(example_library: Path) -> None:
    assert _error(example_library, "lint", "--changed", "nosuchref") == (
        "secondstory: error: --changed nosuchref: git knows no commit, branch or tag of "
        "that name\n"
        "  hint: name one that exists ('git log --oneline -1 nosuchref' checks it; "
        "fetch a remote branch first)\n"
    )


def test_hint_validate_path_that_does_not_exist(example_library: Path) -> None:
    result = run(example_library, "validate", "postmortems/no-such-incident")
    assert (result.code, result.err) == (
        3,
        "secondstory: error: postmortems/no-such-incident: no such file or folder\n"
        "  hint: name postmortem folders or files, e.g. postmortems/ID; "
        "'secondstory list' shows the ids\n",
    )


def test_hint_edit_of_a_yaml_file_with_a_tab_reports_it_as_validate_does(
    example_library: Path,
) -> None:
    factors = example_library / "postmortems" / PM / "factors.yaml"
    factors.write_text("- id: F1\n\tkind: process\n", encoding="utf-8")
    err = _error(example_library, "factor", "add", PM, "--kind", "timing", "--summary", "x")
    problem = (
        f"postmortems/{PM}/factors.yaml:2:1: error SS002 YAML syntax: found a tab character "
        "that violates indentation (while scanning a plain scalar that starts at line 1, column 7)"
    )
    assert err == (
        f"secondstory: error: cannot edit: {problem}\n"
        "  hint: indent with spaces, not tabs, then run the command again; nothing was written\n"
    )
    assert problem in run(example_library, "validate", f"postmortems/{PM}").out
    assert factors.read_text(encoding="utf-8") == "- id: F1\n\tkind: process\n"


@pytest.mark.parametrize(
    ("when", "offset"), [("2026-11-20T09:30:00", "+01:00"), ("2026-06-20T09:30:00", "+02:00")]
)
def test_hint_time_without_offset_uses_the_library_timezone(
    example_library: Path, when: str, offset: str
) -> None:
    err = _error(example_library, "timeline", "add", PM, "--time", when, "--event", "x")
    assert err == (
        f"secondstory: error: --time {when} has no time zone\n"
        f"  hint: add the UTC offset: {when}{offset} in Europe/Amsterdam, the library's timezone\n"
    )
    assert _error(example_library, "set", PM, "resolved", when) == (
        f"secondstory: error: 'resolved' has no time zone: '{when}'\n"
        f"  hint: add the UTC offset: {when}{offset} in Europe/Amsterdam, the library's timezone\n"
    )


def test_hint_time_without_offset_in_a_library_without_timezone(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    config = root / "secondstory.toml"
    config.write_text(config.read_text().replace('timezone = "UTC"', ""))
    err = _error(root, "new", "Checkout down", "--started", "2026-11-20T09:30:00")
    assert err == (
        "secondstory: error: --started 2026-11-20T09:30:00 has no time zone\n"
        "  hint: add the UTC offset, e.g. 2026-11-20T09:30:00+00:00 for UTC\n"
    )


def test_choices_nearest_by_meaning_before_spelling() -> None:
    assert [
        nearest_choice(word, ACTION_STATUSES)
        for word in ("finished", "complete", "completed", "closed", "Done", "cancelled", "xyz")
    ] == ["done", "done", "done", "done", "done", "dropped", None]
    assert nearest_choice("triage", PHASES) == "diagnosis"
    assert nearest_choice("mitigation", PHASES) == "containment"
    assert nearest_choice("trigered", PHASES) == "trigger"
    assert nearest_choice("finished", STATUSES) == "published"
    assert nearest_choice("secret", VISIBILITIES) == "restricted"


def test_choices_validate_and_options_suggest_by_meaning(example_library: Path) -> None:
    folder = example_library / "postmortems" / PM
    actions = folder / "actions.yaml"
    actions.write_text(actions.read_text().replace("status: done", "status: finished"))
    factors = folder / "factors.yaml"
    factors.write_text(factors.read_text().replace("phase: detection", "phase: triage", 1))
    out = run(example_library, "validate", f"postmortems/{PM}").out
    assert (
        "actions.yaml:22:11: error SS013 'status' is 'finished', not one of: open, done, "
        "verified, dropped; did you mean 'done'?"
    ) in out
    assert (
        "factors.yaml:12:10: error SS013 'phase' is 'triage', not one of: trigger, detection, "
        "diagnosis, containment, resolution; did you mean 'diagnosis'?"
    ) in out
    err = _error(example_library, "actions", "--status", "closed")
    assert err == (
        "secondstory: error: invalid value for '--status': 'closed' is not one of: open, done, "
        "verified, dropped; did you mean 'done'?\n  hint: see 'secondstory actions --help'\n"
    )
