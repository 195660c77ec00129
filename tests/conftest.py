"""Shared fixtures: real temporary libraries in real git repositories, the real corpora."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_LIBRARY = REPO_ROOT / "examples" / "library"


def corpora_path() -> Path:
    override = os.environ.get("SECONDSTORY_CORPORA")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "corpora"


@pytest.fixture
def corpora() -> Path:
    path = corpora_path()
    if not path.is_dir():
        pytest.skip(f"the real postmortem corpora are not at {path} (set SECONDSTORY_CORPORA)")
    return path


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(name, "Test")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "t@example.invalid")


@pytest.fixture
def example_library(tmp_path: Path) -> Path:
    """A copy of the bundled example library in a fresh git repository."""
    if not (EXAMPLE_LIBRARY / "secondstory.toml").is_file():
        pytest.skip("the example library is not written yet")
    target = tmp_path / "library"
    shutil.copytree(EXAMPLE_LIBRARY, target, ignore=shutil.ignore_patterns(".secondstory"))
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "example library")
    return target
