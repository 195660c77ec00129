"""Click's usage errors in the project's format, and one --jobs for every command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clirun import run
from conftest import EXAMPLE_LIBRARY

PM = "2025-07-29-search-nodes-disk-full"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(EXAMPLE_LIBRARY, target, ignore=shutil.ignore_patterns(".secondstory"))
    return target


def test_usage_error_bad_option_value_is_one_line_and_a_help_hint(library: Path) -> None:
    result = run(library, "action", "add", PM, "--what", "Alert on disk", "--due", "soon")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "secondstory: error: invalid value for --due: 'soon' is not a date; write YYYY-MM-DD\n"
        "  hint: see 'secondstory action add --help'\n"
    )


def test_usage_error_unknown_option_missing_argument_and_command(library: Path) -> None:
    assert run(library, "list", "--sevrity", "SEV1").err == (
        "secondstory: error: no such option '--sevrity'. (Did you mean one of: '--service', '--severity'?)\n"
        "  hint: see 'secondstory list --help'\n"
    )
    assert run(library, "action", "add").err == (
        "secondstory: error: missing argument 'POSTMORTEM_ID'\n"
        "  hint: see 'secondstory action add --help'\n"
    )
    result = run(library, "lsit")
    assert (result.code, result.err) == (
        2,
        "secondstory: error: no such command 'lsit'\n  hint: see 'secondstory --help'\n",
    )


def test_usage_error_group_without_subcommand_still_shows_its_help(library: Path) -> None:
    result = run(library, "action")
    assert result.code == 2
    assert result.err.startswith("Usage: secondstory action [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("command", ["validate", "index", "lint"])
def test_jobs_option_refuses_a_negative_number_everywhere(library: Path, command: str) -> None:
    result = run(library, command, "--jobs", "-3")
    assert (result.code, result.err) == (
        2,
        "secondstory: error: invalid value for '-j' / '--jobs': -3 is not a number of "
        "processes: give 1 or more, or 0 for one per core\n"
        f"  hint: see 'secondstory {command} --help'\n",
    )


@pytest.mark.parametrize("command", ["validate", "index"])
def test_jobs_option_zero_means_one_per_core(library: Path, command: str) -> None:
    result = run(library, command, "-j", "0", "--format", "json")
    assert result.code == 0, result.err
