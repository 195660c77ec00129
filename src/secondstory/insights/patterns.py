"""`secondstory patterns`: what recurs across the library and over time.

Counts (with the incidents and dates behind every number) of contributing-factor kinds,
services and tags; themes of the Surprises sections; and classes: groups of incidents
that are alike by the same lexical similarity `secondstory similar` uses.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from secondstory.index.lexical import (
    KIND_WEIGHT,
    SERVICE_WEIGHT,
    TAG_WEIGHT,
    TERM_WEIGHT,
    SimilarDoc,
    idf_table,
    jaccard,
)
from secondstory.index.text import words
from secondstory.insights.terms import STOPWORDS, stem

CLASS_THRESHOLD = 0.25
_TITLE_WORD = re.compile(r"[a-z][a-z0-9]+")
THEME_LIFT = 1.5  # a single-word theme is this many times as common in Surprises as overall
# the words Surprises sections are framed in, not what they are about
_NOT_THEMES = STOPWORDS | {
    "believed",
    "assumed",
    "expected",
    "thought",
    "surprised",
    "surprise",
    "surprising",
    "nothing",
    "nobody",
    "everyone",
    "anyone",
    "something",
    "actually",
    "turned",
    "knew",
}
CLASS_TERMS = 20
MAX_CLASS_DOCS = 2000  # classes are computed over the most recent incidents up to this many
NEIGHBOURS = 2


@dataclass(slots=True)
class Incident:
    pm_id: str
    title: str
    day: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.pm_id, "title": self.title, "date": self.day or None}


@dataclass(slots=True)
class Recurring:
    """One recurring thing (a factor kind, a service, a theme, a class) and where it recurs."""

    name: str
    incidents: list[Incident]
    by_period: dict[str, int] = field(default_factory=dict)
    label: str = ""  # for classes: the words its incidents share

    @property
    def count(self) -> int:
        return len(self.incidents)

    @property
    def first(self) -> str:
        return min((i.day for i in self.incidents if i.day), default="")

    @property
    def last(self) -> str:
        return max((i.day for i in self.incidents if i.day), default="")

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "count": self.count,
            "first": self.first or None,
            "last": self.last or None,
            "by_period": self.by_period,
            "incidents": [i.to_json() for i in self.incidents],
        }
        if self.label:
            out["label"] = self.label
        return out


@dataclass(slots=True)
class Patterns:
    total: int
    period: str  # "year", "quarter" or "month": the unit of by_period
    periods: dict[str, int]  # incidents per period
    factor_kinds: list[Recurring]
    services: list[Recurring]
    tags: list[Recurring]
    surprise_themes: list[Recurring]
    mechanisms: list[Recurring]  # by each incident's dominant failure mechanism
    classes: list[Recurring]

    def to_json(self) -> dict[str, object]:
        return {
            "postmortems": self.total,
            "period": self.period,
            "incidents_per_period": self.periods,
            **{
                name: [r.to_json() for r in getattr(self, name)]
                for name in (
                    "factor_kinds",
                    "services",
                    "tags",
                    "surprise_themes",
                    "mechanisms",
                    "classes",
                )
            },
        }


@dataclass(slots=True)
class _Row:
    incident: Incident
    features: dict[str, object]

    def strings(self, key: str) -> list[str]:
        value = self.features.get(key, [])
        return [str(v) for v in value] if isinstance(value, list) else []


def _period_unit(days: list[str]) -> str:
    years = {d[:4] for d in days if d}
    return "month" if len(years) <= 1 else "quarter" if len(years) <= 3 else "year"


def period_of(day: str, unit: str) -> str:
    if not day:
        return "undated"
    if unit == "year":
        return day[:4]
    if unit == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"
    return day[:7]


def _recurring(
    groups: dict[str, list[Incident]], unit: str, minimum: int, top: int
) -> list[Recurring]:
    items = []
    for name, incidents in groups.items():
        if len(incidents) < minimum:
            continue
        ordered = sorted(incidents, key=lambda i: (i.day, i.pm_id))
        by_period = Counter(period_of(i.day, unit) for i in ordered)
        items.append(Recurring(name, ordered, dict(sorted(by_period.items()))))
    items.sort(key=lambda r: (-r.count, r.name))
    return items[:top]


def _grouped(rows: list[_Row], key: str) -> dict[str, list[Incident]]:
    groups: dict[str, list[Incident]] = defaultdict(list)
    for row in rows:
        for value in row.strings(key):
            groups[value].append(row.incident)
    return groups


def _surprise_themes(rows: list[_Row], unit: str, top: int) -> list[Recurring]:
    """Words and two-word phrases that recur in the Surprises sections of several incidents
    and are more common there than in the postmortems as a whole."""
    groups: dict[str, list[Incident]] = defaultdict(list)
    for row in rows:
        text = row.features.get("surprises", "")
        tokens = [w for w in words(text) if w not in _NOT_THEMES] if isinstance(text, str) else []
        found = set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
        for theme in found:
            groups[theme].append(row.incident)
    total = len(rows)
    overall = Counter(t for row in rows for t in _sim_terms(row))
    with_surprises = sum(1 for row in rows if row.features.get("surprises")) or 1

    def distinctive(theme: str, incidents: list[Incident]) -> bool:
        if not 2 <= len(incidents) <= max(2, total // 2):
            return False  # once is not a pattern; in nearly every Surprises it says nothing
        if " " in theme:
            return True
        share_overall = overall.get(stem(theme), 0) / total
        return len(incidents) / with_surprises >= THEME_LIFT * share_overall

    kept = {k: v for k, v in groups.items() if distinctive(k, v)}
    return _merge_same_incidents(_recurring(kept, unit, 2, top * 20), rows)[:top]


def _sim_terms(row: _Row) -> list[str]:
    sim = row.features.get("sim", {})
    terms = sim.get("terms", {}) if isinstance(sim, dict) else {}
    return list(terms) if isinstance(terms, dict) else []


def _merge_same_incidents(themes: list[Recurring], rows: list[_Row]) -> list[Recurring]:
    """Words and phrases found in exactly the same incidents become one theme (in text order)."""
    by_set: dict[frozenset[str], list[Recurring]] = defaultdict(list)
    for theme in themes:
        by_set[frozenset(i.pm_id for i in theme.incidents)].append(theme)
    texts = {r.incident.pm_id: r.features.get("surprises", "") for r in rows}
    merged = []
    for same in by_set.values():
        first = same[0]
        text = texts.get(first.incidents[0].pm_id, "")
        order = {
            w: n for n, w in reversed(list(enumerate(words(text if isinstance(text, str) else ""))))
        }
        names = dict.fromkeys(w for t in same for w in t.name.split())
        first.name = " ".join(sorted(names, key=lambda w: order.get(w, len(order)))[:8])
        merged.append(first)
    return merged


def _unit_vectors(docs: list[SimilarDoc], idf: dict[str, float]) -> list[dict[str, float]]:
    vectors = []
    for d in docs:
        weights = {t: (1 + math.log(max(n, 1))) * idf[t] for t, n in d.terms.items() if n > 0}
        top = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:CLASS_TERMS])
        norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
        vectors.append({t: w / norm for t, w in top.items()})
    return vectors


def _nearest(vectors: list[dict[str, float]], cap: int) -> list[list[tuple[float, int]]]:
    """Each document's nearest neighbours by cosine, via an inverted index of distinctive words."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for n, vec in enumerate(vectors):
        for t, w in vec.items():
            postings[t].append((n, w))
    nearest = []
    for n, vec in enumerate(vectors):
        acc: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            entries = postings[t]
            if len(entries) <= cap:
                for m, w2 in entries:
                    acc[m] += w * w2
        acc.pop(n, None)
        nearest.append(sorted(((s, m) for m, s in acc.items()), reverse=True)[:NEIGHBOURS])
    return nearest


def link_score(a: SimilarDoc, b: SimilarDoc, cosine: float) -> float:
    """The lexical ranking's blend: word cosine plus shared services, tags and factor kinds."""
    return (
        TERM_WEIGHT * cosine
        + SERVICE_WEIGHT * jaccard(a.services, b.services)
        + TAG_WEIGHT * jaccard(a.tags, b.tags)
        + KIND_WEIGHT * jaccard(a.factor_kinds, b.factor_kinds)
    )


def _as_written(texts: list[str]) -> dict[str, str]:
    """Stem -> the word as written in `texts` ('certificat' -> 'certificate')."""
    return {stem(w): w for text in texts for w in _TITLE_WORD.findall(text.lower())}


def _classes(rows: list[_Row], unit: str, top: int) -> list[Recurring]:
    """Groups of alike incidents: linked when each is among the other's nearest neighbours."""
    recent = sorted(rows, key=lambda r: r.incident.day, reverse=True)[:MAX_CLASS_DOCS]
    docs = [_similar_doc(r) for r in recent]
    idf = idf_table(Counter(t for d in docs for t in d.terms), len(docs))
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    nearest = _nearest(_unit_vectors(docs, idf), max(20, len(docs) // 20))
    neighbours = [{m for _, m in near} for near in nearest]
    for n, near in enumerate(nearest):
        for cosine, m in near:
            mutual = n in neighbours[m]
            if mutual and link_score(docs[n], docs[m], cosine) >= CLASS_THRESHOLD:
                parent[find(n)] = find(m)
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(docs)):
        members[find(n)].append(n)
    groups = {}
    for group in (g for g in members.values() if len(g) >= 2):
        shared = Counter(t for m in group for t in docs[m].terms)
        common = [t for t, c in shared.most_common(40) if c >= len(group) * 0.6 and idf[t] > 1.0]
        texts = [str(recent[m].features.get("surprises", "")) for m in group]
        written = {**_as_written(texts), **_as_written([recent[m].incident.title for m in group])}
        # words found as written first (titles win over Surprises), then the other stems
        label = sorted(common, key=lambda t: t not in written)[:5]
        name = ", ".join(written.get(t, t) for t in label) or docs[group[0]].title
        groups[name] = [recent[m].incident for m in group]
    classes = _recurring(groups, unit, 2, top)
    for n, c in enumerate(classes, 1):
        c.label, c.name = c.name, f"class {n}"
    return classes


def _similar_doc(row: _Row) -> SimilarDoc:
    sim = row.features.get("sim", {})
    terms = sim.get("terms", {}) if isinstance(sim, dict) else {}
    return SimilarDoc(
        row.incident.pm_id,
        row.incident.title,
        frozenset(row.strings("services")),
        frozenset(row.strings("factor_kinds")),
        frozenset(row.strings("tags")),
        terms if isinstance(terms, dict) else {},
        row.incident.day,
    )


def _mechanisms(rows: list[_Row], unit: str, top: int, names: Mapping[str, str]) -> list[Recurring]:
    groups: dict[str, list[Incident]] = defaultdict(list)
    for row in rows:
        found = row.features.get("mechanisms", [])
        if isinstance(found, list) and found:
            groups[str(found[0][0])].append(row.incident)
    items = _recurring(groups, unit, 1, top)
    for item in items:
        item.label = names.get(item.name, "")
    return items


def find_patterns(
    conn: sqlite3.Connection, top: int = 10, since: str = "", names: Mapping[str, str] | None = None
) -> Patterns:
    """Patterns across the indexed postmortems (those dated on or after `since`, if given).

    `names` maps failure-mechanism ids to their names (from the vocabulary).
    """
    rows = [
        _Row(Incident(pm_id, title, day), json.loads(features))
        for pm_id, title, day, features in conn.execute(
            "SELECT pm_id, title, day, f.json FROM docs d JOIN features f ON f.doc_id = d.doc_id"
            " WHERE (? = '' OR day >= ?) ORDER BY day, pm_id",
            (since, since),
        )
    ]
    unit = _period_unit([r.incident.day for r in rows])
    periods = Counter(period_of(r.incident.day, unit) for r in rows)
    return Patterns(
        total=len(rows),
        period=unit,
        periods=dict(sorted(periods.items())),
        factor_kinds=_recurring(_grouped(rows, "factor_kinds"), unit, 1, top),
        services=_recurring(_grouped(rows, "services"), unit, 2, top),
        tags=_recurring(_grouped(rows, "tags"), unit, 2, top),
        surprise_themes=_surprise_themes(rows, unit, top),
        mechanisms=_mechanisms(rows, unit, top, names or {}),
        classes=_classes(rows, unit, top),
    )
