"""`secondstory lint` on the bundled example library: the postmortems written badly on
purpose are caught, the ones written well pass the blame and hindsight rules."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from secondstory.review.runner import LintRequest, run_lint

BAD = {
    "2025-07-15-feature-flag-change-hit-production",
    "2025-10-21-storefront-outage-after-cache-flush",
    "2026-07-07-migration-ran-against-production",
}


def test_lint_library_finds_the_bad_postmortems_and_passes_the_good(example_library: Path) -> None:
    report = run_lint(LintRequest(library=str(example_library), use_cache=False))
    assert report.errors == []
    families: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        folder = (
            Path(finding.path).parts[-2]
            if "accounts" not in finding.path
            else Path(finding.path).parts[-3]
        )
        families[folder].add(finding.category)
    present = {p.name for p in (example_library / "postmortems").iterdir()}
    for folder in BAD & present:
        assert {"blame", "counterfactual", "action-item"} <= families[folder], folder
    flagged = {folder for folder, found in families.items() if found & {"blame", "counterfactual"}}
    assert flagged <= BAD
    assert report.exit_code == 1
