"""The few git operations secondstory needs, through the git command line."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from secondstory.errors import SecondstoryError


class GitError(SecondstoryError):
    """git failed or is missing."""


def run_git(
    args: Sequence[str], cwd: Path, check: bool = True, hint: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run git; a failure is a GitError with git's first line of complaint and `hint`
    (by default: run the same git command to see all of it)."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed", hint="install git and try again") from None
    if check and result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise GitError(
            f"git {' '.join(args)} failed: {said[0] if said else f'exit {result.returncode}'}",
            hint=hint or f"run 'git {' '.join(args)}' in {cwd} to see all git says",
        )
    return result


def is_inside_repo(path: Path) -> bool:
    return run_git(["rev-parse", "--is-inside-work-tree"], path, check=False).returncode == 0


def init_repo(path: Path) -> None:
    run_git(["init", "-q"], path)


def commit(paths: Sequence[Path], message: str, cwd: Path) -> str:
    """Stage exactly `paths` and commit them; returns the new commit id. A symbolic link
    stands for its target: edits write through links in the library, not over them."""
    paths = [path.resolve() if path.is_symlink() else path for path in paths]
    written = "the change is written but not committed: commit it with git yourself"
    run_git(["add", "--", *[str(p) for p in paths]], cwd, hint=written)
    run_git(["commit", "-q", "-m", message, "--", *[str(p) for p in paths]], cwd, hint=written)
    return run_git(["rev-parse", "HEAD"], cwd).stdout.strip()


def changed_files(ref: str, cwd: Path) -> list[Path]:
    """Files changed since `ref` forked from HEAD (the merge base: a branch behind `ref`
    is not shown what changed on `ref` since), committed, staged, unstaged, deleted and
    untracked. Names are read NUL-separated, so no name is lost to git's quoting."""
    outside = "--changed compares with git: run it inside a git repository, or name the files"
    top = Path(run_git(["rev-parse", "--show-toplevel"], cwd, hint=outside).stdout.strip())
    _check_ref(ref, top)
    hint = f"name a commit, branch or tag that exists ('git log --oneline -1 {ref}' checks it)"
    fork = run_git(["merge-base", ref, "HEAD"], cwd, check=False)
    base = fork.stdout.strip() if fork.returncode == 0 and fork.stdout.strip() else ref
    diff = run_git(["diff", "--name-only", "-z", base, "--"], top, hint=hint).stdout
    untracked = run_git(["ls-files", "--others", "--exclude-standard", "-z"], top).stdout
    names = set(diff.split("\0")) | set(untracked.split("\0"))
    return sorted(top / n for n in names if n)


def _check_ref(ref: str, top: Path) -> None:
    """`ref` names a commit: never an option for git to obey (`--output=FILE` would have
    `git diff` write a file), and a repository without commits is said to have none."""
    if not ref or ref.startswith("-"):
        raise GitError(
            f"--changed {ref!r}: not a git ref",
            hint="name a commit, branch or tag (--changed origin/main); a ref never starts with '-'",
        )
    found = run_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, check=False)
    if found.returncode == 0:
        return
    head = run_git(["rev-parse", "--verify", "--quiet", "HEAD"], top, check=False)
    if head.returncode != 0:
        raise GitError(
            f"--changed {ref}: the repository at {top} has no commits yet, so nothing to compare with",
            hint="commit once first, or name the files to lint (secondstory lint PATHS)",
        )
    raise GitError(
        f"--changed {ref}: git knows no commit, branch or tag of that name",
        hint=f"name one that exists ('git log --oneline -1 {ref}' checks it; "
        "fetch a remote branch first)",
    )
