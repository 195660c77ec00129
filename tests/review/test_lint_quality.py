"""Precision and recall of the blame and counterfactual rules on labelled lines of the real
corpora (labels in tests/data/lint_labels.jsonl; the prose itself is read from ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondstory.review.quality import evaluate, read_labels

REPO_ROOT = Path(__file__).resolve().parents[2]
LABELS = REPO_ROOT / "tests" / "data" / "lint_labels.jsonl"
CORPORA = REPO_ROOT.parent / "shared" / "corpora"


def test_lint_quality_labels_are_well_formed() -> None:
    labels = read_labels(LABELS)
    assert len(labels) >= 150
    assert {label.label for label in labels} == {0, 1}
    assert len({(label.path, label.line) for label in labels}) == len(labels)


def test_lint_quality_blame_and_counterfactual_on_real_postmortems() -> None:
    if not CORPORA.is_dir():
        pytest.skip(f"the real postmortem corpora are not at {CORPORA}")
    quality = evaluate(read_labels(LABELS), CORPORA)
    print(quality.summary())
    assert quality.missing == 0
    assert quality.precision >= 0.9
    assert quality.recall >= 0.85


INDEPENDENT = [
    REPO_ROOT / "tests" / "data" / f"lint_labels_independent_{name}.jsonl" for name in "abc"
]


@pytest.mark.parametrize("path", INDEPENDENT, ids=lambda p: p.stem)
def test_lint_quality_independent_labels_are_well_formed(path: Path) -> None:
    labels = read_labels(path)
    assert len(labels) >= 500
    assert len({(label.path, label.line) for label in labels}) == len(labels)
    assert {label.family for label in labels if label.label} == {"blame", "counterfactual"}


@pytest.mark.parametrize("path", INDEPENDENT, ids=lambda p: p.stem)
def test_lint_quality_does_not_regress_on_independent_labels(path: Path) -> None:
    """Regression floors below the figures measured on 27 November 2026 (precision 0.920,
    0.958, 1.000; recall 0.676, 0.852, 0.769), not the target (0.9 and 0.85), which recall
    does not meet on these sets: see docs/review.md."""
    if not CORPORA.is_dir():
        pytest.skip(f"the real postmortem corpora are not at {CORPORA}")
    quality = evaluate(read_labels(path), CORPORA)
    assert quality.missing == 0
    assert quality.precision >= 0.85
    assert quality.recall >= 0.65
