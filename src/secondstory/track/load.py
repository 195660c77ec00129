"""Load what tracking needs: each postmortem's main document and its action items.

Tracking never reads timelines, factors or accounts, which are most of a library's
bytes; skipping them makes `actions`, `outcomes --by tag|service` and `digest` about
three times faster than a full catalog load. Only reading problems are collected (the
format checks are `secondstory validate`'s job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from secondstory.model.problems import Problem
from secondstory.model.records import Postmortem
from secondstory.store.library import Library
from secondstory.store.loader import load_postmortem


@dataclass(slots=True)
class TrackingSet:
    postmortems: list[Postmortem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_for_tracking(directory: Path, root: Path, problems: list[Problem]) -> Postmortem | None:
    loaded = load_postmortem(directory, root, parts=frozenset({"actions"}))
    problems.extend(loaded.problems)
    return loaded.postmortem


def load_tracking_set(library: Library) -> TrackingSet:
    """Every postmortem of the library with its action items (no timeline, factors, accounts)."""
    found = TrackingSet()
    for directory in library.postmortem_dirs():
        pm = load_for_tracking(directory, library.root, found.problems)
        if pm is not None:
            found.postmortems.append(pm)
    return found
