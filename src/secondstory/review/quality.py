"""Measure precision and recall of rule families against labelled lines of real postmortems.

The labels (tests/data/lint_labels.jsonl) point at a file under the corpora folder and a
line, with label 1 (blame or hindsight is there) or 0 (innocent use of a trigger word);
the prose itself stays in the corpora, never in this repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.review.config import ReviewConfig
from secondstory.review.lint import lint_text

FAMILIES = ("blame", "counterfactual")


@dataclass(frozen=True, slots=True)
class Label:
    path: str
    line: int
    label: int
    trigger: str = ""
    family: str = ""  # for positives: blame or counterfactual


@dataclass(slots=True)
class Quality:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    missing: int = 0
    errors: list[tuple[str, Label]] = field(default_factory=list)  # ("fp"|"fn", label)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def summary(self) -> str:
        total = self.tp + self.fp + self.fn + self.tn
        return (
            f"{total} labelled lines ({self.tp + self.fn} positive, {self.fp + self.tn} negative): "
            f"precision {self.precision:.3f} ({self.tp}/{self.tp + self.fp}), "
            f"recall {self.recall:.3f} ({self.tp}/{self.tp + self.fn}); tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn}"
        )


def read_labels(path: Path) -> list[Label]:
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            labels.append(
                Label(
                    data["path"],
                    int(data["line"]),
                    int(data["label"]),
                    data.get("trigger", ""),
                    data.get("family", ""),
                )
            )
    return labels


def flagged_spans(text: str, families: tuple[str, ...] = FAMILIES) -> list[range]:
    """The lines each finding of `families` covers (a phrase can run over a line break)."""
    return [
        range(finding.line, finding.end_line + 1)
        for finding in lint_text(text, config=ReviewConfig())
        if finding.category in families
    ]


def _predicted(label: Label, spans: list[range], positives: set[tuple[str, int]]) -> bool:
    """A finding covers the line. A finding over a line break is one prediction: it is
    not also a false positive on the continuation line of a line labelled positive."""
    covering = [span for span in spans if label.line in span]
    if label.label:
        return bool(covering)
    return any(
        not any((label.path, line) in positives for line in span if line != label.line)
        for span in covering
    )


def evaluate(labels: list[Label], corpora: Path, families: tuple[str, ...] = FAMILIES) -> Quality:
    quality = Quality()
    cache: dict[str, list[range]] = {}
    positives = {(label.path, label.line) for label in labels if label.label}
    for label in labels:
        source = corpora / label.path
        if label.path not in cache:
            if not source.is_file():
                quality.missing += 1
                continue
            cache[label.path] = flagged_spans(
                source.read_text(encoding="utf-8", errors="replace"), families
            )
        predicted = _predicted(label, cache[label.path], positives)
        positive = bool(label.label) and (not label.family or label.family in families)
        if predicted and positive:
            quality.tp += 1
        elif predicted:
            quality.fp += 1
            quality.errors.append(("fp", label))
        elif positive:
            quality.fn += 1
            quality.errors.append(("fn", label))
        else:
            quality.tn += 1
    return quality
