"""Import every report of the real corpora and print coverage, agreement and accuracy.

    python bench/import_corpus.py [CORPORA_DIR]

Per organisation: reports imported without error (written and loaded back with zero
errors), with at least one timeline entry (of those that have a timeline), with started
and resolved, with action items. Then: computed durations against the durations the
reports state (dfds Stats, moj Time to repair/resolve), and started/detected/resolved
against the hand-checked truth in tests/data/import_truth.json (within one minute).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from secondstory.importers.corpus import (  # noqa: E402
    accuracy,
    agreement,
    coverage_rows,
    import_corpus,
)


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpora"
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        reports = import_corpus(corpora, Path(scratch) / "library")
        elapsed = time.perf_counter() - started
    print(
        f"imported {len(reports)} files in {elapsed:.2f} s "
        f"(median {statistics.median(r.seconds for r in reports) * 1000:.1f} ms per file)\n"
    )
    header = ("organisation", "reports", "imported", "timeline", "started+resolved", "actions")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in coverage_rows(reports):
        print("| " + " | ".join(row) + " |")
    print("\nStated durations vs computed (within 1 minute / within 10%):")
    for line in agreement(reports):
        print("  " + line)
    truth = REPO / "tests" / "data" / "import_truth.json"
    if truth.is_file():
        print("\nHand-checked truth (within 1 minute):")
        for line in accuracy(reports, truth)[0]:
            print("  " + line)


if __name__ == "__main__":
    main()
