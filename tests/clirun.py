"""Run the real `secondstory` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(cwd: Path, *args: str) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_env(cwd: Path, env: dict[str, str], *args: str) -> Result:
    """`run` with more environment, its output read as bytes (a name that is not UTF-8)
    and a time limit (a run that hangs fails instead of stopping the suite)."""
    proc = subprocess.run(
        [sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
        timeout=60,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return Result(proc.returncode, proc.stdout.decode("utf-8"), err)
