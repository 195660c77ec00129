"""Small lexical helpers for grouping incidents (patterns' classes): records, idf, jaccard,
and the weights that blend word similarity with shared services, tags and factor kinds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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


def idf_table(df: Mapping[str, int], total: int) -> dict[str, float]:
    return {term: math.log((total + 1) / (count + 0.5)) for term, count in df.items()}


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
