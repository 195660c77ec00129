"""`lint --changed` and named files: which files' findings a run reports, and -o's safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lint_fixtures import write_postmortem
from test_lint_cli import BLAMING, CLEAN, _git, _run

from secondstory.store.git import changed_files

COMMIT = ("-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm")


def _committed(tmp_path: Path) -> None:
    _git(tmp_path, "add", "-A")
    _git(tmp_path, *COMMIT, "base")


def _found(result_stdout: str) -> list[tuple[str, str]]:
    return [(f["path"], f["code"]) for f in json.loads(result_stdout)["findings"]]


def test_changed_files_keeps_names_git_would_quote(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "old.md").write_text(CLEAN, encoding="utf-8")
    _committed(tmp_path)
    (tmp_path / "neü.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / 'a "b" c.md').write_text(BLAMING, encoding="utf-8")
    _git(tmp_path, "add", "neü.md")
    names = [p.name for p in changed_files("HEAD", tmp_path)]
    assert names == ['a "b" c.md', "neü.md"]
    result = _run(tmp_path, "lint", "--changed", "--format", "json")
    assert sorted({p for p, _ in _found(result.stdout)}) == ['a "b" c.md', "neü.md"]


def test_changed_against_a_ref_starts_where_the_branch_forked(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "b.md").write_text(BLAMING, encoding="utf-8")
    _committed(tmp_path)
    _git(tmp_path, "checkout", "-q", "-b", "feature")
    (tmp_path / "c.md").write_text(BLAMING, encoding="utf-8")
    _committed(tmp_path)
    _git(tmp_path, "checkout", "-q", "main")
    (tmp_path / "b.md").write_text(CLEAN, encoding="utf-8")  # fixed on main since the fork
    _committed(tmp_path)
    _git(tmp_path, "checkout", "-q", "feature")
    result = _run(tmp_path, "lint", "--changed", "main", "--format", "json")
    assert _found(result.stdout) == [("c.md", "BL102")]


def test_changed_shows_what_a_deleted_account_breaks(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    folder = write_postmortem(tmp_path / "pm")
    _committed(tmp_path)
    _git(tmp_path, "rm", "-q", "pm/accounts/priya-raman.md")
    result = _run(tmp_path, "lint", "--changed", "--format", "json", "--select", "CO704")
    assert (result.returncode, _found(result.stdout)) == (1, [("pm/timeline.yaml", "CO704")])
    assert folder.is_dir()


def test_named_file_of_a_postmortem_reports_only_that_file(tmp_path: Path) -> None:
    folder = write_postmortem(tmp_path / "pm")
    account = folder / "accounts" / "priya-raman.md"
    account.write_text(account.read_text(encoding="utf-8") + BLAMING, encoding="utf-8")
    (folder / "actions.yaml").write_text(
        (folder / "actions.yaml").read_text(encoding="utf-8")
        + "- id: A2\n  what: Be more careful with certificates\n",
        encoding="utf-8",
    )
    named = _run(tmp_path, "lint", "pm/accounts/priya-raman.md", "--format", "json")
    assert (named.returncode, _found(named.stdout)) == (
        1,
        [("pm/accounts/priya-raman.md", "BL102")],
    )
    whole = _run(tmp_path, "lint", "pm", "--format", "json")
    assert {p for p, _ in _found(whole.stdout)} == {"pm/accounts/priya-raman.md", "pm/actions.yaml"}


def test_output_that_is_a_linted_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    victim = tmp_path / "notes" / "victim.md"
    victim.write_text(BLAMING, encoding="utf-8")
    for args in (("-o", "notes/victim.md", "notes/victim.md"), ("notes", "-o", "notes/victim.md")):
        result = _run(tmp_path, "lint", *args)
        assert result.returncode == 2
        assert "that file is one of the files being linted" in result.stderr
    assert victim.read_text(encoding="utf-8") == BLAMING
    written = _run(tmp_path, "lint", "notes", "-o", "report.txt")
    assert (written.returncode, written.stderr) == (1, "wrote report.txt\n")


def test_output_that_is_a_link_to_a_linted_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    victim = tmp_path / "notes" / "victim.md"
    victim.write_text(BLAMING, encoding="utf-8")
    os.link(victim, tmp_path / "hard.md")
    (tmp_path / "soft.md").symlink_to(victim)
    for name in ("hard.md", "soft.md", "./notes/../notes/victim.md"):
        result = _run(tmp_path, "lint", "notes", "-o", name)
        assert (result.returncode, "one of the files being linted" in result.stderr) == (2, True)
    assert victim.read_text(encoding="utf-8") == BLAMING


def test_changed_from_a_subfolder_shows_paths_from_there_and_sarif_from_the_top(
    tmp_path: Path,
) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "lib" / "postmortems").mkdir(parents=True)
    (tmp_path / "lib" / "notes").mkdir()
    (tmp_path / "lib" / "postmortems" / "old.md").write_text(CLEAN, encoding="utf-8")
    _committed(tmp_path)
    (tmp_path / "lib" / "notes" / "p%1: x.md").write_text(BLAMING, encoding="utf-8")
    (tmp_path / "lib" / "postmortems" / "new.md").write_text(BLAMING, encoding="utf-8")
    here = tmp_path / "lib" / "postmortems"
    result = _run(here, "lint", "--changed", "--format", "json")
    assert sorted(p for p, _ in _found(result.stdout)) == ["../notes/p%1: x.md", "new.md"]
    sarif = json.loads(_run(here, "lint", "--changed", "--format", "sarif").stdout)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ) == ["lib/notes/p%251%3A%20x.md", "lib/postmortems/new.md"]


def test_lint_progress_bar_on_stderr_when_asked(tmp_path: Path) -> None:
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(CLEAN, encoding="utf-8")
    shown = _run(tmp_path, "lint", "--progress", ".")
    # (read as text, each "\r" that redraws the bar reads as a line break)
    assert shown.stderr.split("\n")[-2:] == ["linting [" + "#" * 30 + "] 3/3", ""]
    assert _run(tmp_path, "lint", ".").stderr == ""  # not a terminal: no bar
