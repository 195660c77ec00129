"""Precision and recall of the blame and counterfactual rules on labelled lines of the real
corpora (labels in tests/data/lint_labels.jsonl; the prose itself is read from ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secondstory.review.lint import lint_text
from secondstory.review.quality import FAMILIES, evaluate, read_labels

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


WRITTEN = REPO_ROOT / "tests" / "data" / "lint_sentences_written.jsonl"


def _written() -> list[tuple[str, int]]:
    rows = [json.loads(line) for line in WRITTEN.read_text(encoding="utf-8").splitlines()]
    return [(row["text"], int(row["label"])) for row in rows]


def test_lint_quality_written_sentences_are_well_formed() -> None:
    rows = _written()
    assert len(rows) == 368
    assert sum(label for _, label in rows) == 200
    assert len({text for text, _ in rows}) == len(rows)


def test_lint_quality_written_sentences_one_by_one() -> None:
    """Sentences written for this project in the phrasings postmortems use (blame and
    hindsight, and innocent uses of the same words), each linted on its own. Only the
    known miss stays missed: an omission told as a plain sequence of acts."""
    flagged = {text: any(f.category in FAMILIES for f in lint_text(text)) for text, _ in _written()}
    missed = sorted(text for text, label in _written() if label and not flagged[text])
    false = sorted(text for text, label in _written() if not label and flagged[text])
    assert missed == [
        "The administrator had disabled the alert weeks earlier and never re-enabled it.",
    ]
    assert false == []


BLAMELESS = REPO_ROOT / "tests" / "data" / "lint_sentences_blameless.jsonl"


def test_lint_quality_blameless_review_sentences_pass() -> None:
    """601 sentences written for this project the way a blameless review is written (facts,
    timelines, each responder's account, sentences that clear people, blame words mentioned
    rather than used, innocent "should", "failed to", "just"), each linted on its own: the
    ones still flagged are listed, so a new false alarm, or a fixed one, shows here. Most of
    those left are a responder's own slip in the first person, which passes in an account
    file (test_lint_phrases) and is a self-verdict in loose text."""
    rows = [json.loads(line) for line in BLAMELESS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 601
    assert {row["label"] for row in rows} == {0}
    flagged = sorted(
        row["text"] for row in rows if any(f.category in FAMILIES for f in lint_text(row["text"]))
    )
    assert flagged == [
        "According to its configuration, the rate limit should have paused the job after 10,000 deletions, but it counts API calls, and each call deletes up to 1,000 objects.",
        "I made a typo in the bucket name, and the tool accepted it because it matched a prefix.",
        "I made a typo in the hostname at 14:12 UTC, saw it in the error message, and reran the command.",
        "I made an error in the first version of the rollback command; the dry run showed it, and I fixed it before running it for real.",
        "I misread the graph's y-axis as seconds when it was milliseconds; the panel has no unit label.",
        'I misread the region in the alert because both regions\' names start with "eu-".',
        "I missed the first alert in the flood of 30 others that fired in the same minute.",
        "I missed the second page because my phone had switched to do-not-disturb at 23:00, which the paging app does not override.",
        "I ran the wrong command at first, saw the output, and stopped it within seconds; nothing changed.",
        "If only a single pod had restarted, the cache stampede would not have happened, since each pod warms its own cache.",
        "If only one region had been affected, the rollback would have looked successful and we might never have found the cache behaviour.",
        'Marco wrote in chat at 14:12 UTC: "my mistake, that was the replica, not the primary", and corrected the hostname in his next message.',
        "My mistake in the chat, I typed replica when I meant primary, was corrected a minute later and had no effect.",
        "Outages caused by a person's action are almost always enabled by conditions that made the action look safe.",
        "The vendor's report lists human error as the cause; we asked for what made that error possible.",
    ]


BLAME_PROBE = REPO_ROOT / "tests" / "data" / "lint_sentences_blame_probe.jsonl"
REVIEW_CATEGORIES = ("blame", "counterfactual", "judgment", "root-cause", "action-item")


def test_lint_quality_blame_probe_sentences_caught() -> None:
    """492 blaming and hindsight sentences in the styles incident reports use, written for
    this project by a helper who never read the rules: 282 were caught at the start of
    session 9, 334 at its end, 336 in session 10, 340 in session 11, 354 in session 12,
    373 in session 13, 403 in session 14, 406 in session 15 (most of the rest are lines whose blame is in
    their meaning, not in a phrase: "the contractor left the bucket publicly readable")."""
    rows = [json.loads(line) for line in BLAME_PROBE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 492
    assert {row["label"] for row in rows} == {1}
    caught = [
        row["text"]
        for row in rows
        if any(f.category in REVIEW_CATEGORIES for f in lint_text(row["text"]))
    ]
    assert len(caught) == 406
