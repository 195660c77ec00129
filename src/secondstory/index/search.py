"""`secondstory search`: ranked full-text search over sections, with field filters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from secondstory.index.db import CHUNKS_PER_DOC, IndexDB
from secondstory.index.query import Query, parse_query

MARK_START, MARK_END = "\x02", "\x03"  # around highlighted words in snippets; see render_snippet
# bm25 weights of the FTS columns: title (title, id, services, tags), heading, body
WEIGHTS = "8.0, 3.0, 1.0"
SNIPPET_WORDS = 18


@dataclass(slots=True)
class Hit:
    pm_id: str
    title: str
    path: str  # the postmortem folder, relative to the library root
    severity: str
    status: str
    day: str
    score: float  # higher is better
    section: str  # key of the section the best match came from
    heading: str
    file: str
    line: int
    snippet: str  # with MARK_START / MARK_END around matched words

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.pm_id,
            "title": self.title,
            "path": self.path,
            "severity": self.severity,
            "status": self.status,
            "date": self.day or None,
            "score": round(self.score, 4),
            "section": self.section,
            "heading": self.heading,
            "file": self.file,
            "line": self.line,
            "snippet": render_snippet(self.snippet, "**", "**"),
        }


@dataclass(slots=True)
class SearchResult:
    query: Query
    hits: list[Hit]
    any_term: bool = (
        False  # True when no single section held every word and the search fell back to OR
    )
    notices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "query": {
                "terms": self.query.terms,
                "filters": self.query.filters,
                "after": self.query.after or None,
                "before": self.query.before or None,
            },
            "matched": "any word" if self.any_term else "all words",
            "hits": [h.to_json() for h in self.hits],
        }


def render_snippet(snippet: str, start: str, end: str) -> str:
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


def _filter_sql(query: Query) -> tuple[str, list[object]]:
    """A `doc_id IN (...)` condition for the field filters, or '' when there are none."""
    clauses: list[str] = []
    params: list[object] = []
    for name, values in query.filters.items():
        marks = ", ".join("?" * len(values))
        if name in ("severity", "status"):
            clauses.append(f"SELECT doc_id FROM docs WHERE lower({name}) IN ({marks})")
        else:
            clauses.append(f"SELECT doc_id FROM facets WHERE facet = ? AND value IN ({marks})")
            params.append(name)
        params.extend(values)
    if query.after:
        clauses.append("SELECT doc_id FROM docs WHERE day != '' AND day >= ?")
        params.append(query.after)
    if query.before:
        clauses.append("SELECT doc_id FROM docs WHERE day != '' AND day < ?")
        params.append(query.before)
    if not clauses:
        return "", []
    return "doc_id IN (" + " INTERSECT ".join(clauses) + ")", params


def _ranked(
    conn: sqlite3.Connection, match: str, query: Query, limit: int
) -> list[tuple[int, int, float]]:
    """(doc_id, rowid of the chunk to show, bm25) for the best `limit` documents.

    Documents rank by their best chunk; the chunk shown is their best section other than
    the title (the title is shown anyway), or the title when nothing else matched."""
    condition, params = _filter_sql(query)
    where = "chunks MATCH ?" + (f" AND {condition}" if condition else "")
    sql = (
        "WITH m AS MATERIALIZED (SELECT doc_id, rowid AS rid, section,"
        f" bm25(chunks, {WEIGHTS}) AS score FROM chunks WHERE {where}),"
        " best AS (SELECT doc_id, min(score) AS score FROM m GROUP BY doc_id ORDER BY score LIMIT ?),"
        " prose AS (SELECT doc_id, rid, min(score) FROM m WHERE section != 'title'"
        " AND doc_id IN (SELECT doc_id FROM best) GROUP BY doc_id)"
        f" SELECT best.doc_id, coalesce(prose.rid, best.doc_id * {CHUNKS_PER_DOC}), best.score"
        " FROM best LEFT JOIN prose ON prose.doc_id = best.doc_id ORDER BY best.score, best.doc_id"
    )
    return [(int(d), int(r), float(s)) for d, r, s in conn.execute(sql, [match, *params, limit])]


def _hits(conn: sqlite3.Connection, match: str, ranked: list[tuple[int, int, float]]) -> list[Hit]:
    if not ranked:
        return []
    rowids = [r for _, r, _ in ranked]
    marks = ", ".join("?" * len(rowids))
    snippets = {
        int(rowid): (section, heading, file, int(line), snippet)
        for rowid, section, heading, file, line, snippet in conn.execute(
            "SELECT rowid, section, heading, file, line,"
            f" snippet(chunks, -1, '{MARK_START}', '{MARK_END}', '…',"
            f" {SNIPPET_WORDS}) FROM chunks WHERE chunks MATCH ? AND rowid IN ({marks})",
            [match, *rowids],
        )
    }
    docs = _docs(conn, [d for d, _, _ in ranked])
    hits = []
    for doc_id, rowid, score in ranked:
        section, heading, file, line, snippet = snippets[rowid]
        heading = "Title" if section == "title" else heading
        pm_id, title, path, severity, status, day = docs[doc_id]
        hits.append(
            Hit(
                pm_id,
                title,
                path,
                severity,
                status,
                day,
                -score,
                section,
                heading,
                file,
                line,
                snippet,
            )
        )
    return hits


def _docs(
    conn: sqlite3.Connection, doc_ids: list[int]
) -> dict[int, tuple[str, str, str, str, str, str]]:
    marks = ", ".join("?" * len(doc_ids))
    rows = conn.execute(
        "SELECT doc_id, pm_id, title, path, severity, status, day FROM docs"
        f" WHERE doc_id IN ({marks})",
        doc_ids,
    )
    return {int(row[0]): row[1:] for row in rows}


def _filtered_only(conn: sqlite3.Connection, query: Query, limit: int) -> list[Hit]:
    condition, params = _filter_sql(query)
    rows = conn.execute(
        f"SELECT pm_id, title, path, severity, status, day FROM docs WHERE {condition}"
        " ORDER BY day DESC, pm_id LIMIT ?",
        [*params, limit],
    )
    return [
        Hit(p, t, path, sev, st, day, 0.0, "title", "Title", f"{path}/postmortem.md", 1, t)
        for p, t, path, sev, st, day in rows
    ]


def run_search(conn: sqlite3.Connection, query: Query, limit: int) -> tuple[list[Hit], bool]:
    """Hits for a parsed query: all words in one section first, any word when none has all."""
    if not query.terms:
        return _filtered_only(conn, query, limit), False
    match = query.match_expression()
    hits = _hits(conn, match, _ranked(conn, match, query, limit))
    if hits or len(query.terms) == 1:
        return hits, False
    match = query.match_expression(any_term=True)
    return _hits(conn, match, _ranked(conn, match, query, limit)), True


def search(db: IndexDB, text: str, limit: int = 20) -> SearchResult:
    """Search an up-to-date index (see build.open_synced) with a user's query."""
    query = parse_query(text)
    hits, any_term = run_search(db.conn, query, limit)
    return SearchResult(query, hits, any_term, tuple(db.notices))
