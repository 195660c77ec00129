"""Precision and recall of the blame and counterfactual rules on labelled sentences.

    python bench/lint_sentences.py LABELS.jsonl [LABELS.jsonl ...] [--show] [--by org]

Each line of a labels file is a JSON object with `text` (one sentence from a real
postmortem), `label` (1: blame or counterfactual/hindsight language, 0: not), and
optionally `family`, `org`, `source` and `borderline`. Every sentence is linted on its own,
as a plain-text document; a sentence counts as flagged when a blame or counterfactual
finding is in it. Held-out sets built from public postmortems stay outside the repository
(their prose is not ours to commit); this script is how they are measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from secondstory.review.config import ReviewConfig
from secondstory.review.lint import lint_text

FAMILIES = ("blame", "counterfactual")


def flagged(text: str, config: ReviewConfig) -> list[str]:
    return [f.code for f in lint_text(text, config=config) if f.category in FAMILIES]


def score(rows: list[tuple[bool, bool]]) -> str:
    tp = sum(1 for truth, guess in rows if truth and guess)
    fp = sum(1 for truth, guess in rows if guess and not truth)
    fn = sum(1 for truth, guess in rows if truth and not guess)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (
        f"{len(rows):5d} sentences {tp + fn:4d} positive: precision {precision:.3f} "
        f"({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every error")
    parser.add_argument("--by", choices=("org", "family", "borderline"), help="break down")
    args = parser.parse_args()
    config = ReviewConfig()
    rows: list[tuple[bool, bool]] = []
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for path in args.labels:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            codes = flagged(item["text"], config)
            truth, guess = bool(item["label"]), bool(codes)
            rows.append((truth, guess))
            if args.by:
                key = item.get(args.by) if args.by != "family" else item.get("family") or "-"
                groups[str(key)].append((truth, guess))
            if args.show and truth != guess:
                kind = "fn" if truth else "fp " + ",".join(codes)
                border = " (borderline)" if item.get("borderline") else ""
                print(f"{kind}{border}: {item['text']}")
    print(f"{'all':<28} {score(rows)}")
    for key in sorted(groups):
        print(f"{key[:28]:<28} {score(groups[key])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
