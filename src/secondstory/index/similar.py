"""`secondstory similar`: the past postmortems most like a given one, and why.

Candidates come from the index (postings of the query's weightiest words, plus incidents on
the same services); the ranking itself is a pure function over those records.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.errors import NotFound, UsageError
from secondstory.index.build import open_synced
from secondstory.index.db import IndexDB, index_path
from secondstory.index.extract import (
    MECHANISM_PREFIX,
    similarity_doc,
    vocabulary_for,
)
from secondstory.index.passages import Passage, located, matching_passages
from secondstory.index.query import check_similar_args
from secondstory.index.text import words
from secondstory.insights import embeddings
from secondstory.insights.mechanisms import classify
from secondstory.insights.similarity import SimilarityDoc, SimilarityIndex, build_doc
from secondstory.model.fields import incident_tags
from secondstory.model.records import Postmortem
from secondstory.store.files import read_text
from secondstory.store.library import POSTMORTEM_FILE, Library
from secondstory.store.loader import load_postmortem, unusable

EXACT_UP_TO = 200  # libraries up to this size are ranked whole; larger ones from candidates
QUERY_TERMS = 30
CANDIDATES = 120
CANDIDATE_DF_FLOOR = 50  # a word in up to this many postmortems always helps find candidates
MECHANISM_BOOST = 3.0  # a shared failure mechanism counts like this many shared words


@dataclass(slots=True)
class Match:
    pm_id: str
    title: str
    path: str
    day: str
    score: float
    reasons: list[str] = field(default_factory=list)  # in words: "same mechanism: ...", ...
    shared_mechanisms: list[str] = field(default_factory=list)
    shared_services: list[str] = field(default_factory=list)
    shared_factor_kinds: list[str] = field(default_factory=list)
    shared_tags: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.pm_id,
            "title": self.title,
            "path": self.path,
            "date": self.day or None,
            "score": round(self.score, 4),
            "reasons": self.reasons,
            "shared": {
                "mechanisms": self.shared_mechanisms,
                "services": self.shared_services,
                "factor_kinds": self.shared_factor_kinds,
                "tags": self.shared_tags,
                "terms": self.shared_terms,
            },
            "passages": [p.to_json() for p in self.passages],
        }


@dataclass(slots=True)
class _Query:
    doc: SimilarityDoc
    tags: frozenset[str] = frozenset()


def query_from_postmortem(pm: Postmortem, root: Path) -> _Query:
    doc, _ = similarity_doc(pm, vocabulary_for(root))
    return _Query(doc, frozenset(t.lower() for t in incident_tags(pm.tags)))


def query_from_text(text: str, root: Path) -> _Query:
    if not words(text):
        raise UsageError(
            "the text has no words to compare",
            hint='describe the incident: --text "checkout 502s after deploy"',
        )
    vocab = vocabulary_for(root)
    sections = {"facts": text}
    vectors = embeddings.embed([sections]) if embeddings.available() else None
    doc = build_doc(
        "", vocab, sections, classify(vocab, sections), embedding=vectors[0] if vectors else ()
    )
    return _Query(doc)


def resolve_query(library: Library, db: IndexDB, target: str) -> _Query:
    """A postmortem id from the index, a postmortem folder or file, or any text file."""
    row = db.conn.execute(
        "SELECT f.json, d.path FROM docs d JOIN features f ON f.doc_id = d.doc_id"
        " WHERE d.pm_id = ? LIMIT 1",
        (target,),
    ).fetchone()
    if row is not None:
        features = json.loads(row[0])
        if "sim" in features:
            tags = frozenset(features.get("tags", []))
            return _Query(SimilarityDoc.from_dict(features["sim"]), tags)
        # indexed as unreadable: say why, as the commands that read it do
        loaded = load_postmortem(library.root / row[1], library.root)
        if loaded.postmortem is None:
            raise unusable(f"postmortem '{target}' cannot be read", loaded.problems, library.root)
        return query_from_postmortem(loaded.postmortem, library.root)
    path = Path(target)
    folder = path if path.is_dir() else path.parent
    if folder.name == "accounts":
        folder = folder.parent
    if (folder / POSTMORTEM_FILE).is_file():
        loaded = load_postmortem(folder, library.root)
        if loaded.postmortem is not None:
            return query_from_postmortem(loaded.postmortem, library.root)
        if not path.is_file():  # (a file is still compared as text)
            raise unusable(f"postmortem '{target}' cannot be read", loaded.problems, library.root)
    if path.is_file():
        return query_from_text(read_text(path), library.root)
    raise NotFound(
        f"'{target}' is neither a postmortem id nor a file",
        hint="give an id from 'secondstory list', a path, or --text \"...\"",
    )


def _candidate_ids(conn: sqlite3.Connection, query: SimilarityDoc) -> list[int] | None:
    """Documents worth ranking: all of them in a small library (exact), else those that share
    the query's distinctive words and failure mechanisms, by one weighted sum over postings.

    Words (and mechanisms) found in more than a twentieth of the library are left out of the
    candidate search: they would bring thousands of rows and decide little."""
    total = int(conn.execute("SELECT count(*) FROM docs").fetchone()[0])
    if total <= EXACT_UP_TO:
        return None
    strongest = max(query.mechanisms.values(), default=0.0) or 1.0
    wanted = sorted(query.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:QUERY_TERMS]
    top = wanted[0][1] if wanted else 1.0
    weights = {t: w / top for t, w in wanted}
    weights.update(
        {MECHANISM_PREFIX + m: MECHANISM_BOOST * w / strongest for m, w in query.mechanisms.items()}
    )
    if not weights:
        return []
    marks = ", ".join("?" * len(weights))
    df = dict(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", list(weights)))
    cap = max(CANDIDATE_DF_FLOOR, total // 20)
    chosen = [
        (t, w * math.log((total + 1) / (df[t] + 1)))
        for t, w in weights.items()
        if 0 < df.get(t, 0) <= cap
    ]
    ids: list[int] = []
    if chosen:
        values = ", ".join("(?, ?)" for _ in chosen)
        ids = [
            int(r[0])
            for r in conn.execute(
                f"WITH w(term, weight) AS (VALUES {values}) SELECT p.doc_id"
                " FROM w JOIN postings p ON p.term = w.term"
                " GROUP BY p.doc_id ORDER BY sum(p.tf * w.weight) DESC LIMIT ?",
                [*[x for pair in chosen for x in pair], CANDIDATES],
            )
        ]
    if len(ids) < CANDIDATES and query.services:
        marks = ", ".join("?" * len(query.services))
        ids += [
            int(r[0])
            for r in conn.execute(
                f"SELECT doc_id FROM facets WHERE facet = 'service' AND value IN ({marks}) LIMIT ?",
                [*sorted(query.services), CANDIDATES - len(ids)],
            )
        ]
    return list(dict.fromkeys(ids))


@dataclass(slots=True)
class _Stored:
    doc_id: int
    path: str
    day: str
    tags: frozenset[str]


def _corpus(
    conn: sqlite3.Connection, doc_ids: list[int] | None
) -> tuple[list[SimilarityDoc], dict[str, _Stored]]:
    docs: list[SimilarityDoc] = []
    stored: dict[str, _Stored] = {}
    sql = "SELECT d.doc_id, pm_id, path, day, f.json FROM docs d JOIN features f ON f.doc_id = d.doc_id"
    batches: list[list[int] | None] = (
        [None] if doc_ids is None else [doc_ids[n : n + 500] for n in range(0, len(doc_ids), 500)]
    )
    for part in batches:
        query = sql if part is None else f"{sql} WHERE d.doc_id IN ({', '.join('?' * len(part))})"
        for doc_id, pm_id, path, day, features in conn.execute(query, part or []):
            data = json.loads(features)
            if "sim" not in data:
                continue
            docs.append(SimilarityDoc.from_dict(data["sim"]))
            stored[pm_id] = _Stored(int(doc_id), path, day, frozenset(data.get("tags", [])))
    return docs, stored


def _readable(reasons: list[str], written: dict[str, str]) -> list[str]:
    """'shared words: certificat, renew' -> 'shared words: certificate, renewal'."""
    out = []
    for reason in reasons:
        label, sep, values = reason.partition(": ")
        if label == "shared words" and sep:
            reason = label + sep + ", ".join(written.get(v, v) for v in values.split(", "))
        out.append(reason)
    return out


def rank_in_index(
    conn: sqlite3.Connection,
    query: _Query,
    limit: int,
    root: Path | None = None,
    passages: bool = True,
) -> list[Match]:
    """The `limit` indexed postmortems most like `query`, with reasons and matching passages
    (pointing at their lines when the library's `root` is given; none with `passages`
    false)."""
    corpus, stored = _corpus(conn, _candidate_ids(conn, query.doc))
    ranked = SimilarityIndex(corpus).rank(query.doc, limit)
    by_id = {d.id: d for d in corpus}
    matches = []
    for r in ranked:
        doc, where = by_id[r.id], stored[r.id]
        tags = sorted(query.tags & where.tags)
        shown, written = (
            matching_passages(conn, where.doc_id, list(r.terms)) if passages else ([], {})
        )
        shown = located(shown, root)
        matches.append(
            Match(
                pm_id=r.id,
                title=doc.title,
                path=where.path,
                day=where.day,
                score=r.score,
                reasons=_readable(
                    [*r.reasons, *(["same tags: " + ", ".join(tags)] if tags else [])], written
                ),
                shared_mechanisms=list(r.mechanisms),
                shared_services=sorted(set(query.doc.services) & set(doc.services)),
                shared_factor_kinds=sorted(set(query.doc.factor_kinds) & set(doc.factor_kinds)),
                shared_tags=tags,
                shared_terms=[written.get(t, t) for t in r.terms],
                passages=shown,
            )
        )
    return matches


def find_similar(
    library: Library, db: IndexDB, target: str = "", text: str | None = None, limit: int = 5
) -> list[Match]:
    """`secondstory similar`: by postmortem id or path (`target`) or by free `text`."""
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    check_similar_args(target, text)
    query = (
        query_from_text(text, library.root)
        if text is not None
        else resolve_query(library, db, target)
    )
    return rank_in_index(db.conn, query, limit, library.root)


_READ_ONLY: dict[Path, sqlite3.Connection] = {}


def similar_in_index_as_is(library: Library, pm: Postmortem, limit: int = 5) -> list[Match]:
    """Past incidents most like `pm` from the library's index as it is, without passages:
    opened read-only once per process, never brought up to date nor written (for lint, whose
    runs over many postmortems must not sync the index for each one)."""
    conn = _READ_ONLY.get(library.root)
    if conn is None:
        if len(_READ_ONLY) >= 8:
            for old in _READ_ONLY.values():
                old.close()
            _READ_ONLY.clear()
        uri = index_path(library).resolve().as_uri() + "?mode=ro"
        conn = _READ_ONLY[library.root] = sqlite3.connect(uri, uri=True)
    query = query_from_postmortem(pm, library.root)
    return rank_in_index(conn, query, limit, passages=False)


def suggest_similar(library: Library, pm: Postmortem, limit: int = 5) -> list[Match]:
    """Past incidents most like `pm`, for its Systemic section (called by `new` and by review)."""
    db, _ = open_synced(library)
    try:
        return rank_in_index(db.conn, query_from_postmortem(pm, library.root), limit, library.root)
    finally:
        db.close()


def suggestion_lines(matches: list[Match]) -> list[str]:
    """One Markdown list item per match, for a postmortem's Systemic section:
    `- [ID](../ID/postmortem.md): TITLE (same mechanism: ...; same services: ...)`."""
    lines = []
    for match in matches:
        folder = match.path.rsplit("/", 1)[-1]
        why = "; ".join(r for r in match.reasons if not r.startswith("shared words"))
        lines.append(
            f"- [{match.pm_id}](../{folder}/postmortem.md): {match.title}"
            + (f" ({why})" if why else "")
        )
    return lines
