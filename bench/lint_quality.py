"""Precision and recall of the blame and counterfactual rules on labelled real postmortems.

    python bench/lint_quality.py [--corpora ../shared/corpora] [--show]

Labels: tests/data/lint_labels.jsonl (file under the corpora + line + 0/1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from secondstory.review.quality import evaluate, read_labels

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument(
        "--labels", type=Path, default=REPO / "tests" / "data" / "lint_labels.jsonl"
    )
    parser.add_argument(
        "--show", action="store_true", help="print every false positive and false negative"
    )
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"skipped: no corpora at {args.corpora}")
        return 0
    labels = read_labels(args.labels)
    for families in (("blame",), ("counterfactual",), ("blame", "counterfactual")):
        quality = evaluate(labels, args.corpora, families)
        print(f"{' + '.join(families):<26} {quality.summary()}")
    if args.show:
        for kind, label in evaluate(labels, args.corpora).errors:
            line = (
                (args.corpora / label.path)
                .read_text(encoding="utf-8", errors="replace")
                .splitlines()[label.line - 1]
            )
            print(f"{kind} {label.path}:{label.line}: {line.strip()[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
