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


def test_lint_systemic_offers_similar_past_incidents_from_index(example_library: Path) -> None:
    assert _secondstory(example_library, "index", "--no-progress").returncode == 0
    result = _secondstory(
        example_library, "lint", "--select", "CO707", "--format", "json", "--no-cache"
    )
    messages = {
        Path(f["path"]).parent.name: f["message"] for f in json.loads(result.stdout)["findings"]
    }
    message = messages["2026-01-13-duplicate-card-charges-on-retry"]
    assert message.startswith(
        "'## Systemic' names no earlier incident; similar past incidents: 2025-08-12-payment-provider-webhook-outage"
    )
    assert "2025-10-07-warehouse-api-certificate-expired" not in messages  # it has related:


def test_lint_systemic_without_index_points_to_similar(example_library: Path) -> None:
    result = _secondstory(
        example_library, "lint", "--select", "CO707", "--format", "json", "--no-cache"
    )
    findings = json.loads(result.stdout)["findings"]
    first = findings[2]
    assert first["message"].startswith(
        f"'## Systemic' names no earlier incident; `secondstory similar {Path(first['path']).parent.name}` lists candidates"
    )
