"""The synthetic library generator used by the benchmarks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from secondstory.store.catalog import validate_library
from secondstory.store.library import open_library
from secondstory.store.loader import load_postmortem

BENCH = Path(__file__).resolve().parents[2] / "bench" / "make_library.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_library", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_library", module)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_make_library_fifty_postmortems_load_without_problems(tmp_path: Path) -> None:
    _generator().make_library(50, tmp_path / "lib", seed=11)
    library = open_library(tmp_path / "lib")
    assert len(library.postmortem_dirs()) == 50
    assert [p.render() for p in validate_library(library, jobs=1)] == []


def test_make_library_fills_every_part_of_a_postmortem(tmp_path: Path) -> None:
    _generator().make_library(50, tmp_path / "lib", seed=11)
    loaded = [
        load_postmortem(d).postmortem for d in open_library(tmp_path / "lib").postmortem_dirs()
    ]
    pms = [pm for pm in loaded if pm is not None]
    assert len(pms) == 50
    assert all(len(pm.sections) == 9 for pm in pms)
    assert all(5 <= len(pm.timeline) <= 30 for pm in pms)
    assert all(2 <= len(pm.factors) <= 6 for pm in pms)
    assert all(1 <= len(pm.actions) <= 8 for pm in pms)
    assert all(1 <= len(pm.accounts) <= 4 for pm in pms)
    statuses = {a.status for pm in pms for a in pm.actions}
    assert statuses == {"open", "done", "verified", "dropped"}


def test_make_library_same_seed_same_files(tmp_path: Path) -> None:
    make = _generator().make_library
    make(20, tmp_path / "a", seed=5)
    make(20, tmp_path / "b", seed=5)
    make(20, tmp_path / "c", seed=6)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_make_library_some_postmortems_carry_blame_phrases(tmp_path: Path) -> None:
    _generator().make_library(50, tmp_path / "lib", seed=11)
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "lib").rglob("postmortem.md")]
    flagged = [t for t in texts if "should have" in t or "human error" in t or "obviously" in t]
    assert 0 < len(flagged) < 50
