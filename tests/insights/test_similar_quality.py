"""Retrieval quality on the real corpora: recall@5 of the hand-judged groups."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
GROUPS = Path(__file__).resolve().parents[1] / "data" / "similar_groups.json"


def _bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("similar_quality", BENCH / "similar_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["similar_quality"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_similar_groups_are_real_and_span_organisations(corpora: Path) -> None:
    groups = json.loads(GROUPS.read_text(encoding="utf-8"))["groups"]
    members = [m for g in groups for m in g["members"]]
    assert len(groups) >= 12 and len(members) >= 50
    assert len(members) == len(set(members))
    assert all((corpora / m).is_file() for m in members)
    assert sum(len({m.split("/")[0] for m in g["members"]}) > 1 for g in groups) >= 12


@pytest.mark.slow
def test_similar_recall_at_5_beats_half_and_bm25(corpora: Path) -> None:
    bench = _bench()
    ours, bm25, _ = bench.rankers(corpora)
    groups = bench.load_groups()
    mine = bench.evaluate(ours, groups).recall
    baseline = bench.evaluate(bm25, groups).recall
    assert mine["all"] >= 0.5
    for split in ("tune", "holdout", "holdout2"):
        assert mine[split] > baseline[split]
