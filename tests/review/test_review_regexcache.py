"""Kept regular-expression programs (review/regexcache.py) compile what `re` compiles."""

from __future__ import annotations

import marshal
import multiprocessing
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from secondstory.review import context, hindsight, regexcache, slips, subjects, verdicts
from secondstory.review.ruleset import all_rules
from secondstory.review.text import prepare


def _patterns() -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for rule in all_rules():
        if rule.pattern_text is not None:
            found.append((rule.pattern_text, int(re.M) if rule.multiline else 0))
        found += [(text, 0) for text in (rule.before_text, rule.after_text) if text is not None]
    modules: list[ModuleType] = [subjects, context, slips, hindsight, verdicts]
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, subjects.LazyPattern):
                found.append((value._args[0], value._args[1]))
    found += [(r"(?P<word>\w+)(?:-(?P=word))?", re.I), (r"^\s*$", re.M), (r"[\u00e9x]{2,}", 0)]
    return found


def _texts(corpora: Path) -> list[str]:
    files = sorted(p for p in corpora.rglob("*.md"))[:40]
    texts = []
    for path in files:
        flat = prepare(path.read_text(encoding="utf-8", errors="replace")).flat
        texts += [flat[i : i + 400] for i in range(0, min(len(flat), 4000), 400)]
    return [*texts, "Word-word WORD", "", "\n\n  \n", "\u00e9\u00e9x"]


def test_review_regexcache_programs_match_as_re_compile_does(corpora: Path) -> None:
    texts = _texts(corpora)
    patterns = _patterns()
    assert len(patterns) > 100
    for pattern, flags in patterns:
        expected = re.compile(pattern, flags)
        stored = marshal.loads(
            marshal.dumps(regexcache._storable(regexcache._program(pattern, flags)))
        )
        assert isinstance(stored[1], bytes)  # kept as one object, read as numbers when used
        kept = regexcache._sre.compile(pattern, *regexcache._runnable(stored))
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (
            expected.pattern,
            expected.flags,
            expected.groups,
            expected.groupindex,
        )
        for text in texts:
            assert [m.span() for m in kept.finditer(text)] == [
                m.span() for m in expected.finditer(text)
            ]
            at, there = kept.match(text, 3), expected.match(text, 3)
            assert (at and at.span()) == (there and there.span())


def test_review_regexcache_compile_reuses_a_kept_program_and_reports_bad_patterns() -> None:
    first = regexcache.compile(r"\bkept (?:program|code)s?\b", re.M)
    again = regexcache.compile(r"\bkept (?:program|code)s?\b", re.M)
    assert (r"\bkept (?:program|code)s?\b", int(re.M)) in regexcache._PROGRAMS
    assert again.findall("kept programs, kept code") == first.findall("kept programs, kept code")
    assert again.findall("kept programs, kept code") == ["kept programs", "kept code"]
    with pytest.raises(re.error):
        regexcache.compile(r"(unclosed")


def test_review_regexcache_saves_and_loads_the_programs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "__pycache__" / "regex.test.marshal"
    monkeypatch.setattr(regexcache, "cache_file", lambda: kept)
    monkeypatch.setattr(regexcache, "_PROGRAMS", {})
    monkeypatch.setattr(regexcache, "_STATE", {"loaded": True, "added": False})
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    regexcache.compile(r"\bsaved (?:once)\b")
    regexcache.save()
    assert not kept.exists()  # Python told not to write bytecode: nothing written
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    regexcache.save()
    assert kept.exists()
    monkeypatch.setattr(regexcache, "_PROGRAMS", {})
    regexcache._load()
    assert list(regexcache._PROGRAMS) == [(r"\bsaved (?:once)\b", 0)]
    assert regexcache.compile(r"\bsaved (?:once)\b").findall("saved once, saved twice") == [
        "saved once"
    ]


_POOL_RUN = """
import sys
from pathlib import Path
from secondstory.review import regexcache
from secondstory.review.config import ReviewConfig
from secondstory.review.runner import lint_targets
from secondstory.review.targets import Target

kept = Path(sys.argv[1])
regexcache.cache_file = lambda: kept
regexcache._STATE.update(loaded=True, added=False)
regexcache._PROGRAMS.clear()
sys.dont_write_bytecode = False
targets = [Target("file", Path(name)) for name in sys.argv[2:]]
report = lint_targets(targets, ReviewConfig(), jobs=2)
print(len(report.findings), kept.exists(), regexcache._STATE["added"])
"""


def test_review_regexcache_pool_workers_keep_what_they_compile(tmp_path: Path) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers inherit the patched cache file only when forked")
    kept = tmp_path / "__pycache__" / "regex.test.marshal"
    files = []
    for number in range(4):
        files.append(tmp_path / f"note{number}.md")
        files[-1].write_text("The engineer forgot to renew it. It should have been caught.\n")
    command = [sys.executable, "-c", _POOL_RUN, str(kept), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    # 8 findings; the kept file written by the workers (this process compiled nothing)
    assert done.stdout.split() == ["8", "True", "False"]
    programs = marshal.loads(kept.read_bytes())
    assert any("forg(?:ot" in pattern for pattern, _ in programs)
