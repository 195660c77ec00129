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
from secondstory.model.records import ActionItem, Postmortem
from secondstory.store import loader
from secondstory.store.library import ACTIONS_FILE, POSTMORTEM_FILE, Library


@dataclass(slots=True)
class TrackingSet:
    postmortems: list[Postmortem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_for_tracking(directory: Path, root: Path, problems: list[Problem]) -> Postmortem | None:
    main = directory / POSTMORTEM_FILE
    text = loader._read(main, root, problems)
    if text is None:
        return None
    pm = loader._load_main(main, text, problems)
    if pm is None:
        return None
    pm.directory = directory
    items = loader._load_list(directory / ACTIONS_FILE, "action_item", ActionItem, root, problems)
    pm.actions = [loader._action(a) for a in items]
    return pm


def load_tracking_set(library: Library) -> TrackingSet:
    """Every postmortem of the library with its action items (no timeline, factors, accounts)."""
    found = TrackingSet()
    for directory in library.postmortem_dirs():
        pm = load_for_tracking(directory, library.root, found.problems)
        if pm is not None:
            found.postmortems.append(pm)
    return found
