"""No pattern of the linter backtracks without bound on a long run of one character.

A run of spaces before a match once made one expression try every way of sharing the run
among its parts: 90 s for a line of 400 spaces. Each pattern here reads runs of 1,000
characters under an alarm of a few seconds; a quadratic pattern takes milliseconds, a
runaway one minutes.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from secondstory.review import context, hindsight, slips, subjects, verdicts
from secondstory.review.ruleset import all_rules

RUNS = (" ", "-", "- ", "1 ", "\n", "a ", "a, ", "@a ", "the ")
LIMIT_SECONDS = 5


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for rule in all_rules():
        for name in ("pattern", "unless_before", "unless_after"):
            compiled = getattr(rule, name, None)
            if isinstance(compiled, re.Pattern):
                yield f"{rule.code}.{name}", compiled
    for module in (subjects, context, slips, hindsight, verdicts):
        for name, value in vars(module).items():
            if isinstance(value, subjects.LazyPattern):
                yield f"{module.__name__}.{name}", re.compile(value._args[0], value._args[1])
            elif isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{module.__name__}.{name}", value


class _Runaway(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Runaway


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX interval timers")
def test_review_backtracking_is_bounded_on_long_runs() -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    runaway = []
    try:
        for name, pattern in _patterns():
            for run in RUNS:
                text = run * (1000 // len(run)) + "x"
                signal.setitimer(signal.ITIMER_REAL, LIMIT_SECONDS)
                try:
                    pattern.match(text)
                    pattern.search(text)
                except _Runaway:
                    runaway.append((name, run))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert runaway == []
