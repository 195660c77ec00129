"""Rank postmortems by how alike their failures are.

Pure functions over `SimilarityDoc`s (no storage): the learn commands build one doc per
postmortem, keep them in their index, and call `rank_similar` (or build a
`SimilarityIndex` once and rank many queries).

What makes two incidents alike is the failure mechanism, so the score is dominated by
mechanism overlap; the family of the mechanisms, the words of the text (TF-IDF) and shared
services add to it. Words shared by accident are discounted: template and report words
are stopwords, and words typical of one source (an organisation's product, cluster and
team names, its template's headings) count little when comparing documents of that source.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from secondstory.insights.embeddings import cosine
from secondstory.insights.mechanisms import (
    MechanismHit,
    Vocabulary,
    classify,
    postmortem_sections,
)
from secondstory.insights.terms import content_terms
from secondstory.model.records import Postmortem

# how much each part counts in the final score (they sum to 1)
WEIGHTS = {"mechanism": 0.5, "family": 0.1, "lexical": 0.4, "service": 0.0}
# when both documents have an embedding, this share of the lexical weight goes to it
SEMANTIC_SHARE = 0.5
CONTRIBUTING_FACTOR = 0.3  # a contributing mechanism (e.g. a detection gap) counts this much
SOURCE_TYPICAL_SHARE = 0.3  # a word in this share of one source's documents...
SOURCE_TYPICAL_RATIO = 3.0  # ...and this many times as common there as elsewhere is typical
SOURCE_TYPICAL_DISCOUNT = 0.15
MAX_REASON_MECHANISMS = 3  # the strongest shared mechanisms are the reason; weak ones are noise
MAX_REASON_TERMS = 5


@dataclass(slots=True)
class SimilarityDoc:
    """What the ranking knows about one postmortem."""

    id: str
    mechanisms: dict[str, float] = field(default_factory=dict)  # mechanism id -> weight
    families: dict[str, float] = field(default_factory=dict)  # family id -> weight
    services: tuple[str, ...] = ()
    factor_kinds: tuple[str, ...] = ()
    terms: dict[str, float] = field(default_factory=dict)  # content word -> weighted count
    source: str = ""  # the organisation or collection it came from ("" = this library)
    title: str = ""
    embedding: tuple[float, ...] = ()  # unit vector from insights.embeddings, when installed

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mechanisms": self.mechanisms,
            "families": self.families,
            "services": list(self.services),
            "factor_kinds": list(self.factor_kinds),
            "terms": self.terms,
            "source": self.source,
            "title": self.title,
            "embedding": [round(x, 5) for x in self.embedding],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SimilarityDoc:
        return cls(
            id=str(data["id"]),
            mechanisms={str(k): float(v) for k, v in data.get("mechanisms", {}).items()},
            families={str(k): float(v) for k, v in data.get("families", {}).items()},
            services=tuple(data.get("services", ())),
            factor_kinds=tuple(data.get("factor_kinds", ())),
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            source=str(data.get("source", "")),
            title=str(data.get("title", "")),
            embedding=tuple(float(x) for x in data.get("embedding", ())),
        )


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    reasons: tuple[str, ...]  # human-readable: "same mechanism: certificate-expiry", ...
    mechanisms: tuple[str, ...] = ()  # shared mechanism ids
    terms: tuple[str, ...] = ()  # the shared words that counted most

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "mechanisms": list(self.mechanisms),
            "terms": list(self.terms),
        }


def build_doc(
    doc_id: str,
    vocab: Vocabulary,
    text_by_section: Mapping[str, str],
    hits: Iterable[MechanismHit],
    *,
    services: Iterable[str] = (),
    factor_kinds: Iterable[str] = (),
    source: str = "",
    title: str = "",
    embedding: Sequence[float] = (),
) -> SimilarityDoc:
    """A SimilarityDoc from a postmortem's text (as `postmortem_sections` gives it) and hits."""
    mechanisms: dict[str, float] = {}
    families: dict[str, float] = defaultdict(float)
    for hit in hits:
        mechanism = vocab.mechanisms.get(hit.id)
        role = CONTRIBUTING_FACTOR if mechanism and mechanism.role == "contributing" else 1.0
        weight = role * hit.score / vocab.threshold  # linear: the dominant mechanism dominates
        mechanisms[hit.id] = weight
        families[hit.family] = max(families[hit.family], weight)
    terms: dict[str, float] = defaultdict(float)
    for section, text in text_by_section.items():
        weight = vocab.section_weight(section)
        for term, count in content_terms(text).items():
            terms[term] += count * weight
    return SimilarityDoc(
        id=doc_id,
        mechanisms=mechanisms,
        families=dict(families),
        services=tuple(sorted({s.lower() for s in services})),
        factor_kinds=tuple(sorted(set(factor_kinds))),
        terms={t: round(c, 3) for t, c in terms.items()},
        source=source,
        title=title,
        embedding=tuple(embedding),
    )


def doc_from_postmortem(
    vocab: Vocabulary,
    pm: Postmortem,
    *,
    source: str = "",
    hits: Iterable[MechanismHit] | None = None,
    embedding: Sequence[float] = (),
) -> SimilarityDoc:
    """The SimilarityDoc of a loaded postmortem (classified here unless `hits` is given)."""
    sections = postmortem_sections(pm)
    found = classify(vocab, sections, pm.tags) if hits is None else hits
    return build_doc(
        pm.id,
        vocab,
        sections,
        found,
        services=pm.services,
        factor_kinds=[f.kind for f in pm.factors if f.kind],
        source=source,
        title=pm.title,
        embedding=embedding,
    )


class SimilarityIndex:
    """Corpus statistics computed once; `rank` answers queries against them."""

    def __init__(self, corpus: Sequence[SimilarityDoc]) -> None:
        self.corpus = list(corpus)
        size = max(len(self.corpus), 1)
        self.term_idf = _idf((d.terms for d in self.corpus), size)
        self.mechanism_idf = _idf((d.mechanisms for d in self.corpus), size)
        self.family_idf = _idf((d.families for d in self.corpus), size)
        self.typical = _source_typical_terms(self.corpus)
        self.vectors = [self._vectors(d) for d in self.corpus]

    def _vectors(self, doc: SimilarityDoc) -> tuple[dict[str, float], ...]:
        typical = self.typical.get(doc.source, frozenset())
        terms = {
            t: (1 + math.log(c))
            * self.term_idf.get(t, self._unseen_idf)
            * (SOURCE_TYPICAL_DISCOUNT if t in typical else 1.0)
            for t, c in doc.terms.items()
            if c >= 1
        }
        mechanisms = {
            m: w * self.mechanism_idf.get(m, self._unseen_idf) for m, w in doc.mechanisms.items()
        }
        families = {
            f: w * self.family_idf.get(f, self._unseen_idf) for f, w in doc.families.items()
        }
        return _normalised(terms), _normalised(mechanisms), _normalised(families)

    @property
    def _unseen_idf(self) -> float:
        return math.log(1 + len(self.corpus))

    def rank(
        self, query: SimilarityDoc, limit: int = 5, exclude: Iterable[str] = ()
    ) -> list[Match]:
        """The `limit` most similar documents to `query` (never itself), best first."""
        skip = {query.id, *exclude}
        q_terms, q_mechanisms, q_families = self._vectors(query)
        scored: list[tuple[float, int]] = []
        for position, doc in enumerate(self.corpus):
            if doc.id in skip:
                continue
            terms, mechanisms, families = self.vectors[position]
            lexical = _dot(q_terms, terms)
            if query.embedding and doc.embedding:
                semantic = cosine(query.embedding, doc.embedding)
                lexical = (1 - SEMANTIC_SHARE) * lexical + SEMANTIC_SHARE * semantic
            score = (
                WEIGHTS["mechanism"] * _dot(q_mechanisms, mechanisms)
                + WEIGHTS["family"] * _dot(q_families, families)
                + WEIGHTS["lexical"] * lexical
                + WEIGHTS["service"] * _jaccard(query.services, doc.services)
            )
            if score > 0:
                scored.append((score, position))
        scored.sort(key=lambda item: (-item[0], self.corpus[item[1]].id))
        return [self._match(query, q_terms, position, score) for score, position in scored[:limit]]

    def _match(
        self, query: SimilarityDoc, q_terms: dict[str, float], position: int, score: float
    ) -> Match:
        doc = self.corpus[position]
        both = query.mechanisms.keys() & doc.mechanisms.keys()
        strength = {m: min(query.mechanisms[m], doc.mechanisms[m]) for m in both}
        shared = tuple(sorted(both, key=lambda m: (-strength[m], m))[:MAX_REASON_MECHANISMS])
        families = [] if shared else sorted(query.families.keys() & doc.families.keys())
        terms_vector = self.vectors[position][0]
        overlap = sorted(
            q_terms.keys() & terms_vector.keys(), key=lambda t: -q_terms[t] * terms_vector[t]
        )
        words = tuple(overlap[:MAX_REASON_TERMS])
        reasons = [f"same mechanism: {m}" for m in shared]
        reasons += [f"same family: {f}" for f in families]
        services = sorted(set(query.services) & set(doc.services))
        if services:
            reasons.append("same services: " + ", ".join(services))
        if words:
            reasons.append("shared words: " + ", ".join(words))
        return Match(doc.id, score, tuple(reasons), shared, words)


def rank_similar(
    query: SimilarityDoc, corpus: Sequence[SimilarityDoc], limit: int = 5
) -> list[Match]:
    """One-off ranking; build a SimilarityIndex to rank many queries against one corpus."""
    return SimilarityIndex(corpus).rank(query, limit)


def _idf(vectors: Iterable[Mapping[str, float]], size: int) -> dict[str, float]:
    df: Counter[str] = Counter()
    for vector in vectors:
        df.update(vector.keys())
    return {key: math.log((1 + size) / (1 + count)) + 1 for key, count in df.items()}


def _source_typical_terms(corpus: Sequence[SimilarityDoc]) -> dict[str, frozenset[str]]:
    """Per source: words in many of its documents and rare elsewhere (names, headings)."""
    by_source: dict[str, list[SimilarityDoc]] = defaultdict(list)
    for doc in corpus:
        by_source[doc.source].append(doc)
    if len(by_source) < 2:
        return {}
    total: Counter[str] = Counter()
    per_source: dict[str, Counter[str]] = {}
    for source, docs in by_source.items():
        counts: Counter[str] = Counter()
        for doc in docs:
            counts.update(doc.terms.keys())
        per_source[source] = counts
        total.update(counts)
    typical: dict[str, frozenset[str]] = {}
    for source, counts in per_source.items():
        size = len(by_source[source])
        rest = max(len(corpus) - size, 1)
        if size < 3:
            continue
        typical[source] = frozenset(
            term
            for term, count in counts.items()
            if count / size >= SOURCE_TYPICAL_SHARE
            and count / size >= SOURCE_TYPICAL_RATIO * ((total[term] - count) / rest)
        )
    return typical


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


__all__ = [
    "Match",
    "SimilarityDoc",
    "SimilarityIndex",
    "build_doc",
    "doc_from_postmortem",
    "rank_similar",
]
