"""`lint` and `validate` with hostile options and settings: git refs that are options, a
repository without commits, output that cannot be written, settings out of range, paths
that give nothing to lint. Each is one clear error with its exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from secondstory.errors import ConfigError
from secondstory.review.config import parse_config
from secondstory.store.git import GitError, changed_files

GOOD = "# Summary\n\nThe on-call engineer should have checked the dashboard.\n"


def _run(cwd: Path, *args: str, stdout: int | None = subprocess.PIPE) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "SECONDSTORY_DEBUG"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=a@b.c", "-c", "user.name=A", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_changed_files_refuses_a_ref_that_is_a_git_option(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text(GOOD)
    _git(tmp_path, "add", "a.md")
    _git(tmp_path, "commit", "-qm", "a")
    with pytest.raises(GitError) as caught:
        changed_files(f"--output={tmp_path / 'written'}", tmp_path)
    assert caught.value.message == f"--changed '--output={tmp_path / 'written'}': not a git ref"
    assert not (tmp_path / "written").exists()


def test_changed_files_says_a_repository_has_no_commits(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text(GOOD)
    code, err = _run(tmp_path, "lint", "--changed")
    assert (code, err) == (
        2,
        f"secondstory: error: --changed HEAD: the repository at {tmp_path.resolve()} has no "
        "commits yet, so nothing to compare with\n"
        "  hint: commit once first, or name the files to lint (secondstory lint PATHS)\n",
    )


def test_lint_cli_changed_outside_a_repository_says_what_to_do(tmp_path: Path) -> None:
    code, err = _run(tmp_path, "lint", "--changed")
    assert code == 2
    assert err.endswith(
        "  hint: --changed compares with git: run it inside a git repository, or name the files\n"
    )


@pytest.mark.parametrize("command", [("lint", "a.md"), ("lint", "--format", "json", "a.md")])
def test_lint_cli_output_that_cannot_be_written_exits_3(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    with open("/dev/full", "w") as full:
        code, err = _run(tmp_path, *command, stdout=full.fileno())
    assert (code, err) == (
        3,
        "secondstory: error: cannot write the output: No space left on device\n"
        "  hint: free space where the output goes, or write the report with -o FILE\n",
    )


def test_parse_config_refuses_a_window_too_large_for_a_date() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"action_window_days": 10**20})
    assert caught.value.message == (
        "[review] action_window_days must be at most 36,500, not 100,000,000,000,000,000,000"
    )
    assert caught.value.hint == (
        'a limit that high is no limit: turn the rule off instead (severity = { AI604 = "off" })'
    )


def test_lint_cli_refuses_review_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "secondstory.toml").write_text('review = 3\n[library]\nname = "x"\n')
    code, err = _run(tmp_path, "lint")
    assert (code, err) == (
        2,
        f"secondstory: error: {tmp_path / 'secondstory.toml'}: review must be a table, not int\n"
        "  hint: write the lint settings as a [review] table (docs/review.md lists the keys)\n",
    )


def test_lint_cli_a_folder_with_nothing_to_lint_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").mkdir()
    (tmp_path / "notes.md" / "data.json").write_text("{}")
    code, err = _run(tmp_path, "lint", "notes.md")
    assert (code, err) == (
        2,
        "secondstory: error: notes.md: no file to lint there\n"
        "  hint: lint reads .md, .markdown, .txt, .erb, .mdx, .rst files and postmortem "
        "folders; name a folder that has them\n",
    )


def test_lint_cli_says_it_does_not_read_standard_input(tmp_path: Path) -> None:
    code, err = _run(tmp_path, "lint", "-")
    assert (code, err) == (
        2,
        "secondstory: error: lint reads files, not standard input ('-')\n"
        "  hint: save the text to a file and name that file\n",
    )
