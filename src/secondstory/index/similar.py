"""`secondstory similar`: the past postmortems most like a given one, and why.

Candidates come from the index (postings of the query's weightiest words, plus incidents on
the same services); the ranking itself is a pure function over those records.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.errors import NotFound, UsageError
from secondstory.index.build import open_synced
from secondstory.index.db import CHUNKS_PER_DOC, IndexDB
from secondstory.index.extract import extract_postmortem
from secondstory.index.lexical import Ranked, SimilarDoc, idf_table, rank_lexical
from secondstory.index.text import term_counts, words
from secondstory.model.records import Postmortem
from secondstory.store.library import POSTMORTEM_FILE, Library
from secondstory.store.loader import load_postmortem

QUERY_TERMS = 30
CANDIDATES = 300
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(slots=True)
class Passage:
    section: str
    heading: str
    file: str
    line: int
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "section": self.section,
            "heading": self.heading,
            "file": self.file,
            "line": self.line,
            "text": self.text,
        }


@dataclass(slots=True)
class Match:
    pm_id: str
    title: str
    path: str
    day: str
    score: float
    shared_services: list[str] = field(default_factory=list)
    shared_factor_kinds: list[str] = field(default_factory=list)
    shared_tags: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    def reasons(self) -> list[str]:
        out = []
        if self.shared_services:
            out.append("services: " + ", ".join(self.shared_services))
        if self.shared_factor_kinds:
            out.append("factor kinds: " + ", ".join(self.shared_factor_kinds))
        if self.shared_tags:
            out.append("tags: " + ", ".join(self.shared_tags))
        if self.shared_terms:
            out.append("terms: " + ", ".join(self.shared_terms))
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.pm_id,
            "title": self.title,
            "path": self.path,
            "date": self.day or None,
            "score": round(self.score, 4),
            "reasons": {
                "services": self.shared_services,
                "factor_kinds": self.shared_factor_kinds,
                "tags": self.shared_tags,
                "terms": self.shared_terms,
                "passages": [p.to_json() for p in self.passages],
            },
        }


def _doc_from_features(pm_id: str, title: str, day: str, features: dict[str, object]) -> SimilarDoc:
    def strings(key: str) -> frozenset[str]:
        value = features.get(key, [])
        return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()

    terms = features.get("terms", {})
    return SimilarDoc(
        pm_id,
        title,
        strings("services"),
        strings("factor_kinds"),
        strings("tags"),
        terms if isinstance(terms, dict) else {},
        day,
    )


def query_from_postmortem(pm: Postmortem, root: Path) -> SimilarDoc:
    item = extract_postmortem(pm, root, pm.id, "", "")
    return _doc_from_features(pm.id, pm.title, item.day, item.features)


def query_from_text(text: str) -> SimilarDoc:
    if not words(text):
        raise UsageError(
            "the text has no words to compare",
            hint='describe the incident: --text "checkout 502s after deploy"',
        )
    return SimilarDoc("", terms=term_counts(text))


def resolve_query(library: Library, db: IndexDB, target: str) -> SimilarDoc:
    """A postmortem id from the index, a postmortem folder or file, or any text file."""
    row = db.conn.execute(
        "SELECT pm_id, title, day, features FROM docs WHERE pm_id = ? LIMIT 1", (target,)
    ).fetchone()
    if row is not None:
        return _doc_from_features(row[0], row[1], row[2], json.loads(row[3]))
    path = Path(target)
    folder = path if path.is_dir() else path.parent
    if folder.name == "accounts":
        folder = folder.parent
    if (folder / POSTMORTEM_FILE).is_file():
        loaded = load_postmortem(folder, library.root)
        if loaded.postmortem is not None:
            return query_from_postmortem(loaded.postmortem, library.root)
    if path.is_file():
        from secondstory.store.files import read_text

        return query_from_text(read_text(path))
    raise NotFound(
        f"'{target}' is neither a postmortem id nor a file",
        hint="give an id from 'secondstory list', a path, or --text \"...\"",
    )


def _idf(conn: sqlite3.Connection, terms: list[str]) -> dict[str, float]:
    total = int(conn.execute("SELECT count(*) FROM docs").fetchone()[0])
    marks = ", ".join("?" * len(terms))
    df = dict(
        conn.execute(
            f"SELECT term, count(*) FROM postings WHERE term IN ({marks}) GROUP BY term", terms
        )
    )
    return idf_table({t: int(df.get(t, 0)) for t in terms}, total)


def _candidate_ids(conn: sqlite3.Connection, query: SimilarDoc, idf: dict[str, float]) -> list[int]:
    weights = sorted(((n * idf[t], t) for t, n in query.terms.items() if t in idf), reverse=True)[
        :QUERY_TERMS
    ]
    ids: list[int] = []
    if weights:
        values = ", ".join("(?, ?)" for _ in weights)
        params: list[object] = [x for w, t in weights for x in (t, w)]
        ids = [
            int(r[0])
            for r in conn.execute(
                f"WITH w(term, weight) AS (VALUES {values}) SELECT p.doc_id"
                " FROM postings p JOIN w ON p.term = w.term"
                " GROUP BY p.doc_id ORDER BY sum(p.tf * w.weight) DESC LIMIT ?",
                [*params, CANDIDATES],
            )
        ]
    if query.services:
        marks = ", ".join("?" * len(query.services))
        ids += [
            int(r[0])
            for r in conn.execute(
                "SELECT DISTINCT doc_id FROM facets WHERE facet = 'service'"
                f" AND value IN ({marks}) LIMIT ?",
                [*sorted(query.services), CANDIDATES],
            )
        ]
    return list(dict.fromkeys(ids))


def _corpus(
    conn: sqlite3.Connection, doc_ids: list[int]
) -> tuple[list[SimilarDoc], dict[str, tuple[int, str]]]:
    docs, where = [], {}
    for start in range(0, len(doc_ids), 500):
        part = doc_ids[start : start + 500]
        marks = ", ".join("?" * len(part))
        for doc_id, pm_id, title, day, path, features in conn.execute(
            f"SELECT doc_id, pm_id, title, day, path, features FROM docs WHERE doc_id IN ({marks})",
            part,
        ):
            docs.append(_doc_from_features(pm_id, title, day, json.loads(features)))
            where[pm_id] = (int(doc_id), path)
    return docs, where


def _passages(
    conn: sqlite3.Connection, doc_id: int, terms: list[str], count: int = 2
) -> list[Passage]:
    """The sentences of a document that hold the most of the shared words."""
    wanted = set(terms)
    scored = []
    low = doc_id * CHUNKS_PER_DOC
    rows = conn.execute(
        "SELECT section, heading, file, line, body FROM chunks WHERE rowid BETWEEN ? AND ?",
        (low, low + CHUNKS_PER_DOC - 1),
    )
    for section, heading, file, line, body in rows:
        for sentence in _SENTENCE.split(body or ""):
            hits = len(wanted & set(words(sentence)))
            if hits:
                text = " ".join(sentence.split())
                scored.append(
                    (hits, -len(text), Passage(section, heading, file, int(line), text[:280]))
                )
    scored.sort(key=lambda s: (-s[0], -s[1]))
    return [p for _, _, p in scored[:count]]


def rank_in_index(conn: sqlite3.Connection, query: SimilarDoc, limit: int) -> list[Match]:
    """The `limit` indexed postmortems most like `query`, with reasons and matching passages."""
    idf = _idf(conn, list(query.terms)) if query.terms else {}
    corpus, where = _corpus(conn, _candidate_ids(conn, query, idf))
    ranked: list[Ranked] = rank_lexical(query, corpus, limit, idf)
    matches = []
    for r in ranked:
        doc_id, path = where[r.doc.pm_id]
        matches.append(
            Match(
                r.doc.pm_id,
                r.doc.title,
                path,
                r.doc.day,
                r.score,
                r.shared_services,
                r.shared_factor_kinds,
                r.shared_tags,
                r.shared_terms,
                _passages(conn, doc_id, r.shared_terms),
            )
        )
    return matches


def find_similar(
    library: Library, db: IndexDB, target: str = "", text: str = "", limit: int = 5
) -> list[Match]:
    """`secondstory similar`: by postmortem id or path (`target`) or by free `text`."""
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    if bool(target) == bool(text):
        raise UsageError(
            "give either a postmortem (id or path) or --text, not both",
            hint="secondstory similar ID",
        )
    query = query_from_text(text) if text else resolve_query(library, db, target)
    return rank_in_index(db.conn, query, limit)


def suggest_similar(library: Library, pm: Postmortem, limit: int = 5) -> list[Match]:
    """Past incidents most like `pm`, for its Systemic section (called by `new` and by review)."""
    db, _ = open_synced(library)
    try:
        return rank_in_index(db.conn, query_from_postmortem(pm, library.root), limit)
    finally:
        db.close()
