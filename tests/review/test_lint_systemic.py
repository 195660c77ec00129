from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _secondstory(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


CARD = "2026-01-13-duplicate-card-charges-on-retry"
RELATED = "2025-10-07-warehouse-api-certificate-expired"  # it has related:


def _co707(library: Path, *paths: str) -> dict[str, str]:
    result = _secondstory(
        library, "lint", "--select", "CO707", "--format", "json", "--no-cache", *paths
    )
    return {
        Path(f["path"]).parent.name: f["message"] for f in json.loads(result.stdout)["findings"]
    }


def test_lint_systemic_offers_similar_past_incidents_from_index(example_library: Path) -> None:
    assert _secondstory(example_library, "index", "--no-progress").returncode == 0
    index = example_library / ".secondstory" / "index.sqlite"
    assert index.is_file()
    before = index.read_bytes()
    messages = _co707(example_library, f"postmortems/{CARD}", f"postmortems/{RELATED}")
    assert messages[CARD].startswith(
        "'## Systemic' names no earlier incident; similar past incidents: 2025-08-12-payment-provider-webhook-outage"
    )
    assert RELATED not in messages
    assert index.read_bytes() == before  # read, never written


def test_lint_systemic_run_over_many_postmortems_says_how_to_list_them(
    example_library: Path,
) -> None:
    from secondstory.review.runner import SUGGEST_AT_MOST

    assert _secondstory(example_library, "index", "--no-progress").returncode == 0
    assert len(list((example_library / "postmortems").iterdir())) > SUGGEST_AT_MOST
    messages = _co707(example_library)  # the whole library: no look-up per postmortem
    assert messages[CARD] == (
        f"'## Systemic' names no earlier incident; `secondstory similar {CARD}` lists candidates"
        ": SYSTEMIC asks what similar incidents we have had."
    )


def test_lint_systemic_without_index_points_to_similar(example_library: Path) -> None:
    result = _secondstory(
        example_library, "lint", "--select", "CO707", "--format", "json", "--no-cache"
    )
    findings = json.loads(result.stdout)["findings"]
    first = findings[2]
    assert first["message"].startswith(
        f"'## Systemic' names no earlier incident; `secondstory similar {Path(first['path']).parent.name}` lists candidates"
    )


def test_lint_systemic_cached_result_follows_the_index(example_library: Path) -> None:
    import os

    from secondstory.review.runner import LintRequest, run_lint

    assert _secondstory(example_library, "index", "--no-progress").returncode == 0
    request = LintRequest(paths=(example_library / "postmortems" / CARD,), select=("CO707",))
    assert run_lint(request).cached == 0
    assert run_lint(request).cached == 1  # unchanged postmortem, rules and index
    index = example_library / ".secondstory" / "index.sqlite"
    os.utime(index, ns=(index.stat().st_atime_ns, index.stat().st_mtime_ns + 10**9))
    assert run_lint(request).cached == 0  # the index changed: its suggestions may have too
