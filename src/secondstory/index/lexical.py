"""A plain lexical similarity ranking: tf-idf cosine over content words plus shared fields.

Pure functions over in-memory records, so the ranking can be measured on its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TERM_WEIGHT, SERVICE_WEIGHT, KIND_WEIGHT, TAG_WEIGHT = 0.7, 0.15, 0.05, 0.1


@dataclass(slots=True)
class SimilarDoc:
    pm_id: str
    title: str = ""
    services: frozenset[str] = frozenset()
    factor_kinds: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    terms: Mapping[str, int] = field(default_factory=dict)
    day: str = ""


@dataclass(slots=True)
class Ranked:
    doc: SimilarDoc
    score: float
    shared_services: list[str]
    shared_factor_kinds: list[str]
    shared_tags: list[str]
    shared_terms: list[str]  # the words that contribute most, best first


def idf_table(df: Mapping[str, int], total: int) -> dict[str, float]:
    return {term: math.log((total + 1) / (count + 0.5)) for term, count in df.items()}


def _vector(terms: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    return {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in terms.items() if n > 0}


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def rank_lexical(
    query: SimilarDoc, corpus: Sequence[SimilarDoc], limit: int, idf: Mapping[str, float]
) -> list[Ranked]:
    """The `limit` documents of `corpus` most like `query`, best first (never the query itself)."""
    q_vec = _vector(query.terms, idf)
    q_norm = _norm(q_vec)
    ranked = []
    for doc in corpus:
        if doc.pm_id == query.pm_id:
            continue
        d_vec = _vector(doc.terms, idf)
        contributions = {t: w * d_vec[t] for t, w in q_vec.items() if t in d_vec}
        cosine = sum(contributions.values()) / (q_norm * _norm(d_vec))
        score = (
            TERM_WEIGHT * cosine
            + SERVICE_WEIGHT * jaccard(query.services, doc.services)
            + KIND_WEIGHT * jaccard(query.factor_kinds, doc.factor_kinds)
            + TAG_WEIGHT * jaccard(query.tags, doc.tags)
        )
        if score <= 0:
            continue
        shared_terms = sorted(contributions, key=lambda t: (-contributions[t], t))[:8]
        ranked.append(
            Ranked(
                doc,
                score,
                sorted(query.services & doc.services),
                sorted(query.factor_kinds & doc.factor_kinds),
                sorted(query.tags & doc.tags),
                shared_terms,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.doc.pm_id))
    return ranked[:limit]
