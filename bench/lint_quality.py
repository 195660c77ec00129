"""Precision and recall of the blame and counterfactual rules on labelled real postmortems.

    python bench/lint_quality.py [--corpora ../shared/corpora] [--labels FILE] [--show]

Labels (file under the corpora + line + 0/1), three sets by default:
- tests/data/lint_labels.jsonl: lines sampled by trigger words and labelled while the
  rules were written (optimistic);
- tests/data/lint_labels_independent_a.jsonl, _b, _c: every line of three disjoint sets of
  reports (45, 45, 71), labelled by readers who had not seen the rules (see
  tests/data/README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from secondstory.review.quality import evaluate, read_labels

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = [
    REPO / "tests" / "data" / name
    for name in (
        "lint_labels.jsonl",
        "lint_labels_independent_a.jsonl",
        "lint_labels_independent_b.jsonl",
        "lint_labels_independent_c.jsonl",
    )
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument(
        "--labels",
        type=Path,
        action="append",
        help="a labels file (repeatable; default: the three sets in tests/data)",
    )
    parser.add_argument(
        "--show", action="store_true", help="print every false positive and false negative"
    )
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"skipped: no corpora at {args.corpora}")
        return 0
    for path in args.labels or DEFAULT_LABELS:
        print(f"== {path.name}")
        _report(path, args.corpora, args.show)
    return 0


def _report(path: Path, corpora: Path, show: bool) -> None:
    labels = read_labels(path)
    for families in (("blame",), ("counterfactual",), ("blame", "counterfactual")):
        quality = evaluate(labels, corpora, families)
        print(f"{' + '.join(families):<26} {quality.summary()}")
    if show:
        for kind, label in evaluate(labels, corpora).errors:
            line = (
                (corpora / label.path)
                .read_text(encoding="utf-8", errors="replace")
                .splitlines()[label.line - 1]
            )
            print(f"{kind} {label.path}:{label.line}: {line.strip()[:160]}")


if __name__ == "__main__":
    sys.exit(main())
