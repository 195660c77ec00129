"""Classify postmortems by failure mechanism.

    vocab = load_vocabulary(library)                 # built-in rules + the library's own
    hits = classify_postmortem(vocab, pm)            # [MechanismHit(id, score, evidence...)]
    hits = classify(vocab, {"title": ..., "facts": ...}, tags=["dns"])

A mechanism's score is the sum over its cues of cue weight x section weight (the title,
facts and conditions count more than the timeline), with repeated matches of one cue
counting less and less. Mechanisms scoring at least `vocab.threshold` are reported.
Tags override: a tag naming a mechanism (its id or one of its tags) forces it; a tag
`not-<id>` (or `not-<tag>`) removes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from secondstory.insights.vocabulary import (
    Family,
    Mechanism,
    Vocabulary,
    load_vocabulary,
)
from secondstory.model.records import Postmortem
from secondstory.store.markdown import strip_guidance

__all__ = [
    "Evidence",
    "Family",
    "Mechanism",
    "MechanismHit",
    "Vocabulary",
    "classify",
    "classify_postmortem",
    "load_vocabulary",
    "postmortem_sections",
]

_TOKEN = re.compile(r"[a-z0-9]+")
_REPEAT_FACTORS = (1.0, 0.5, 0.25)  # the best match of a cue counts fully, then less
MAX_EVIDENCE = 6


@dataclass(frozen=True, slots=True)
class Evidence:
    """A matched phrase: where it is (section key, character offsets) and what it added."""

    section: str
    start: int
    end: int
    text: str
    weight: float  # cue weight x section weight (negative for negative cues)

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "weight": round(self.weight, 3),
        }


@dataclass(slots=True)
class MechanismHit:
    id: str
    family: str
    score: float
    forced: bool = False  # set by a tag rather than found in the text
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "family": self.family,
            "score": round(self.score, 3),
            "forced": self.forced,
            "evidence": [e.to_dict() for e in self.evidence],
        }


# cue index -> matches as (section weight x cue weight, section, start, end)
_Found = dict[int, list[tuple[float, str, int, int]]]


def classify(
    vocab: Vocabulary, text_by_section: dict[str, str], tags: list[str] | tuple[str, ...] = ()
) -> list[MechanismHit]:
    """The mechanisms the text (section key -> text) and tags point to, best first."""
    found: _Found = defaultdict(list)
    for section, text in text_by_section.items():
        weight = vocab.section_weight(section)
        if text and weight > 0:
            _match_section(vocab, section, _lower(text), weight, found)
    scores, best = _score(vocab, found)
    forced, excluded = _tag_overrides(vocab, tags)
    hits: list[MechanismHit] = []
    for mechanism_id in vocab.mechanisms.keys() & (scores.keys() | forced):
        score = scores.get(mechanism_id, 0.0)
        if mechanism_id in excluded or (mechanism_id not in forced and score < vocab.threshold):
            continue
        if mechanism_id in forced:
            score = max(score, vocab.tag_score)
        strongest = sorted(best.get(mechanism_id, []), key=lambda m: -m[0])[:MAX_EVIDENCE]
        evidence = [
            Evidence(section, start, end, text_by_section[section][start:end], weight)
            for weight, section, start, end in strongest
        ]
        family = vocab.family_of(mechanism_id)
        hits.append(MechanismHit(mechanism_id, family, score, mechanism_id in forced, evidence))
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits


def _score(
    vocab: Vocabulary, found: _Found
) -> tuple[dict[str, float], dict[str, list[tuple[float, str, int, int]]]]:
    """Each mechanism's score and its best match per cue.

    Where several cues of one mechanism match overlapping text ("no space left" and
    "no space"), only the strongest counts. Then each cue's best match counts fully and
    its next two a half and a quarter.
    """
    by_mechanism: dict[str, list[tuple[float, str, int, int, int]]] = defaultdict(list)
    for position, cue_matches in found.items():
        mechanism_id = vocab.cue_table[position][0]
        by_mechanism[mechanism_id].extend((*m, position) for m in cue_matches)
    scores: dict[str, float] = {}
    best: dict[str, list[tuple[float, str, int, int]]] = {}
    for mechanism_id, candidates in by_mechanism.items():
        candidates.sort(key=lambda m: -abs(m[0]))
        taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
        per_cue: dict[int, list[tuple[float, str, int, int]]] = defaultdict(list)
        for weight, section, start, end, position in candidates:
            spans = taken[section]
            if any(start < e and s < end for s, e in spans):
                continue
            spans.append((start, end))
            per_cue[position].append((weight, section, start, end))
        scores[mechanism_id] = sum(
            m[0] * f
            for kept in per_cue.values()
            for m, f in zip(kept, _REPEAT_FACTORS, strict=False)
        )
        best[mechanism_id] = [kept[0] for kept in per_cue.values() if kept[0][0] > 0]
    return scores, best


def _match_section(
    vocab: Vocabulary, section: str, lowered: str, weight: float, found: _Found
) -> None:
    table = vocab.cue_table
    cache = vocab.word_cache
    cold = vocab.cold_words
    seen_end: dict[int, int] = {}
    contains: dict[str, bool] = {}
    for token in _TOKEN.finditer(lowered):
        word = token.group()
        if word in cold:
            continue
        entry = cache.get(word)
        if entry is None:
            entry = vocab.word_cues(word)
        inside, phrases = entry
        start = token.start()
        for position, length in inside:
            found[position].append(
                (table[position][1].weight * weight, section, start, start + length)
            )
        for position in phrases:
            if seen_end.get(position, -1) > start:
                continue
            cue = table[position][1]
            if cue.required:
                present = contains.get(cue.required)
                if present is None:
                    present = contains[cue.required] = cue.required in lowered
                if not present:
                    seen_end[position] = len(lowered)
                    continue
            match = cue.regex.match(lowered, start)
            if match is None or match.end() == start:
                continue
            seen_end[position] = match.end()
            found[position].append((cue.weight * weight, section, start, match.end()))
    for position in vocab.ungated:
        cue = table[position][1]
        for match in cue.regex.finditer(lowered):
            begin = match.start()
            if match.end() > begin and not (begin and lowered[begin - 1].isalnum()):
                found[position].append((cue.weight * weight, section, begin, match.end()))


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters (such as "İ") lower-case to two; keep offsets into the original exact
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _tag_overrides(
    vocab: Vocabulary, tags: list[str] | tuple[str, ...]
) -> tuple[set[str], set[str]]:
    forced: set[str] = set()
    excluded: set[str] = set()
    for raw in tags:
        tag = raw.strip().lower()
        if tag.startswith("not-") and tag[4:] in vocab.tag_map:
            excluded.add(vocab.tag_map[tag[4:]])
        elif tag in vocab.tag_map:
            forced.add(vocab.tag_map[tag])
    return forced - excluded, excluded


# ----------------------------------------------------------------------------- postmortems


def postmortem_sections(pm: Postmortem) -> dict[str, str]:
    """The text of a postmortem by section key, as `classify` (and term weighting) read it.

    Keys: `title`, every `## ` section's key, `factors` (factors.yaml), `timeline`,
    `actions` and `accounts`. Template guidance comments are left out.
    """
    parts: dict[str, list[str]] = defaultdict(list)
    if pm.title:
        parts["title"].append(pm.title)
    for section in pm.sections:
        text = strip_guidance(section.text)
        if text:
            parts[section.key].append(text)
    for factor in pm.factors:
        parts["factors"].append("\n".join(t for t in (factor.summary, factor.detail) if t))
    for entry in pm.timeline:
        fields = (entry.event, entry.outcome, entry.expectation, entry.assumption)
        parts["timeline"].append("\n".join(t for t in fields if t))
    for action in pm.actions:
        parts["actions"].append(action.what)
    for account in pm.accounts:
        parts["accounts"].append(strip_guidance(account.body))
    return {key: "\n\n".join(t for t in texts if t) for key, texts in parts.items() if any(texts)}


def classify_postmortem(vocab: Vocabulary, pm: Postmortem) -> list[MechanismHit]:
    """classify() over a loaded postmortem's sections, factors, timeline and tags."""
    return classify(vocab, postmortem_sections(pm), pm.tags)
