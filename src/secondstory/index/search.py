"""`secondstory search`: ranked full-text search over sections, with field filters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from secondstory.index.db import CHUNKS_PER_DOC, IndexDB
from secondstory.index.lines import FileLines
from secondstory.index.query import Query, parse_query

MARK_START, MARK_END = "\x02", "\x03"  # around highlighted words in snippets; see render_snippet
# bm25 weights of the FTS columns: title (title, id, services, tags), heading, body
WEIGHTS = "8.0, 3.0, 1.0"
RANK_ALL = 2000  # rank every matching section up to this many; beyond, titles first then newest
DOC_OF_ROW = f"(rowid / {CHUNKS_PER_DOC})"
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
    any_term: bool = False  # no single section held every word: fell back to any word
    notices: tuple[str, ...] = ()
    crowded: int = 0  # when more than this many sections matched: titles ranked first, then newest

    def to_json(self) -> dict[str, object]:
        return {
            "query": {
                "terms": self.query.terms,
                "filters": self.query.filters,
                "after": self.query.after or None,
                "before": self.query.before or None,
            },
            "matched": "any word" if self.any_term else "all words",
            "ranked": "titles first, then newest" if self.crowded else "all",
            "sections_matched": f"more than {self.crowded}" if self.crowded else None,
            "hits": [h.to_json() for h in self.hits],
        }


def render_snippet(snippet: str, start: str, end: str) -> str:
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


def _filter_sql(query: Query, column: str = "doc_id") -> tuple[str, list[object]]:
    """A `<column> IN (...)` condition for the field filters, or '' when there are none."""
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
    return f"{column} IN (" + " INTERSECT ".join(clauses) + ")", params


def _ranked_all(
    conn: sqlite3.Connection, match: str, query: Query, limit: int
) -> list[tuple[int, int, float]]:
    """(doc_id, rowid of the chunk to show, bm25) for the best `limit` documents.

    Documents rank by their best chunk; the chunk shown is their best section other than
    the title (the title is shown anyway), or the title when nothing else matched. A chunk's
    document is its rowid // CHUNKS_PER_DOC and chunk 0 is the title, so no stored column is
    read while ranking."""
    condition, params = _filter_sql(query, DOC_OF_ROW)
    where = "chunks MATCH ?" + (f" AND {condition}" if condition else "")
    sql = (
        f"WITH m AS MATERIALIZED (SELECT {DOC_OF_ROW} AS doc_id, rowid AS rid,"
        f" bm25(chunks, {WEIGHTS}) AS score FROM chunks WHERE {where}),"
        " best AS (SELECT doc_id, min(score) AS score FROM m GROUP BY doc_id ORDER BY score LIMIT ?),"
        f" prose AS (SELECT doc_id, rid, min(score) FROM m WHERE rid % {CHUNKS_PER_DOC} != 0"
        " AND doc_id IN (SELECT doc_id FROM best) GROUP BY doc_id)"
        f" SELECT best.doc_id, coalesce(prose.rid, best.doc_id * {CHUNKS_PER_DOC}), best.score"
        " FROM best LEFT JOIN prose ON prose.doc_id = best.doc_id ORDER BY best.score, best.doc_id"
    )
    return [(int(d), int(r), float(s)) for d, r, s in conn.execute(sql, [match, *params, limit])]


def _newest(
    conn: sqlite3.Connection, match: str, query: Query, limit: int, skip: set[int]
) -> list[tuple[int, int, float]]:
    """Matching documents, most recently indexed first (no ranking: cheap at any size)."""
    condition, params = _filter_sql(query, DOC_OF_ROW)
    where = "chunks MATCH ?" + (f" AND {condition}" if condition else "")
    found: dict[int, int] = {}
    sql = f"SELECT rowid FROM chunks WHERE {where} ORDER BY rowid DESC LIMIT ?"
    for (rowid,) in conn.execute(sql, [match, *params, (limit + len(skip)) * 40]):
        doc_id = int(rowid) // CHUNKS_PER_DOC
        if doc_id not in skip:
            found.setdefault(doc_id, int(rowid))
        if len(found) >= limit:
            break
    return [(doc_id, rowid, 0.0) for doc_id, rowid in found.items()]


def _ranked(
    conn: sqlite3.Connection, match: str, query: Query, limit: int
) -> tuple[list[tuple[int, int, float]], int]:
    """The best documents, and how many sections match when there are too many to rank all.

    Ranking every section of a word found in tens of thousands of them would take longer than
    a search should; then the sections whose title or headings hold the words are ranked and
    the rest follow newest first."""
    if not _more_than(conn, match, RANK_ALL):
        return _ranked_all(conn, match, query, limit), 0
    titled = "{title heading} : (" + match + ")"
    ranked = [] if _more_than(conn, titled, RANK_ALL) else _ranked_all(conn, titled, query, limit)
    if len(ranked) < limit:
        ranked += _newest(conn, match, query, limit - len(ranked), {d for d, _, _ in ranked})
    return ranked, RANK_ALL


def _more_than(conn: sqlite3.Connection, match: str, count: int) -> bool:
    """Whether more than `count` sections match (stops reading at the first one past it)."""
    sql = "SELECT 1 FROM chunks WHERE chunks MATCH ? LIMIT 1 OFFSET ?"
    return conn.execute(sql, (match, count)).fetchone() is not None


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


def run_search(conn: sqlite3.Connection, query: Query, limit: int) -> tuple[list[Hit], bool, int]:
    """Hits for a parsed query: all words in one section first, any word when none has all.

    Also says whether it fell back to any word, and how many sections matched when there
    were too many to rank them all (0 when all were ranked)."""
    if not query.terms:
        return _filtered_only(conn, query, limit), False, 0
    match = query.match_expression()
    ranked, crowd = _ranked(conn, match, query, limit)
    hits = _hits(conn, match, ranked)
    if hits or len(query.terms) == 1:
        return hits, False, crowd
    match = query.match_expression(any_term=True)
    ranked, crowd = _ranked(conn, match, query, limit)
    return _hits(conn, match, ranked), True, crowd


def search(db: IndexDB, text: str, limit: int = 20, root: Path | None = None) -> SearchResult:
    """Search an up-to-date index (see build.open_synced) with a user's query; with the
    library's `root`, each hit's line is the one its snippet's words are on."""
    query = parse_query(text)
    hits, any_term, crowd = run_search(db.conn, query, limit)
    if root is not None:
        files = FileLines(root)
        hits = [replace(h, line=files.locate_snippet(h.file, h.line, h.snippet)) for h in hits]
    return SearchResult(query, hits, any_term, tuple(db.notices), crowd)
