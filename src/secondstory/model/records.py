"""Typed records for a loaded postmortem.

Every record remembers where it came from (`path`, `line`) so that tools built on top
(validate, lint, track) can point at the exact place in the user's files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Located:
    path: Path = field(default_factory=Path)
    line: int = 0
    # field name -> (line, column), 1-based, for precise messages
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, name: str) -> tuple[int, int]:
        return self.lines.get(name, (self.line, 1))


@dataclass(slots=True)
class Participant(Located):
    name: str = ""
    role: str = ""


@dataclass(slots=True)
class Provenance(Located):
    source: str = ""
    origin_url: str = ""
    importer: str = ""
    imported: date | None = None


@dataclass(slots=True)
class TimelineEntry(Located):
    time: datetime | None = None
    actor: str = ""
    event: str = ""
    outcome: str = ""
    expectation: str = ""
    assumption: str = ""
    known: str = ""
    phase: str = ""
    source: str = ""


@dataclass(slots=True)
class Factor(Located):
    id: str = ""
    kind: str = ""
    summary: str = ""
    phase: str = ""
    detail: str = ""


@dataclass(slots=True)
class StatusEvent(Located):
    date: date | None = None
    evidence: str = ""
    by: str = ""
    why: str = ""


# What stands in for text not written yet: "none", "n/a", "-", "TBD", "todo", "none yet",
# "?" (a word or two, with any punctuation around).
_PLACEHOLDER = re.compile(
    r"[\W_]*(?:(?:none|nothing|nil|no|n/?a|not applicable|tbd|tbc|tba|to ?do|to be (?:decided|"
    r"defined|determined|done|written)|unknown|pending|not (?:yet|known|decided|defined))"
    r"(?:\W+yet)?[\W_]*)?",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """Empty, or only a placeholder for text not written yet ("none", "n/a", "-", "TBD",
    "todo", "none yet"): a field that says nothing, as if it were left out."""
    text = text.strip()
    if len(text) > 40:  # the longest placeholder ("-- to be determined yet --") is shorter
        return False
    return _PLACEHOLDER.fullmatch(text) is not None


@dataclass(slots=True)
class ActionItem(Located):
    id: str = ""
    what: str = ""
    owner: str = ""
    due: date | None = None
    done_when: list[str] = field(default_factory=list)
    verify: str = ""
    kind: str = ""
    addresses: list[str] = field(default_factory=list)
    status: str = "open"
    done: StatusEvent | None = None
    verified: StatusEvent | None = None
    dropped: StatusEvent | None = None
    tracker: str = ""
    project: bool = False

    def has_verify(self) -> bool:
        """A verification step is written (not left out, not a placeholder such as "n/a")."""
        return not is_placeholder(self.verify)

    def done_conditions(self) -> list[str]:
        """The `done_when` conditions that say something (placeholders such as "TBD" left out)."""
        return [c for c in self.done_when if not is_placeholder(c)]


@dataclass(slots=True)
class Section:
    """A `## Heading` of a Markdown document and the text under it."""

    key: str  # canonical key (facts, impact, ...) or the slugified heading when unknown
    heading: str
    text: str
    line: int  # line of the heading, 1-based
    body_line: int  # first line of the text


@dataclass(slots=True)
class Account(Located):
    author: str = ""
    role: str = ""
    written: date | None = None
    sections: list[Section] = field(default_factory=list)
    body: str = ""
    body_line: int = 1

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(slots=True)
class Postmortem(Located):
    """One postmortem: the main document plus its structured files and accounts."""

    directory: Path = field(default_factory=Path)
    format: str = "1"
    id: str = ""
    title: str = ""
    status: str = "draft"
    severity: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    started: datetime | None = None
    detected: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    review_date: date | None = None
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    visibility: str = "internal"
    related: list[str] = field(default_factory=list)
    provenance: Provenance | None = None
    sections: list[Section] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    timeline: list[TimelineEntry] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def participant_names(self) -> set[str]:
        names = {p.name for p in self.participants}
        if self.facilitator:
            names.add(self.facilitator)
        return names

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)

    def action(self, action_id: str) -> ActionItem | None:
        return next((a for a in self.actions if a.id == action_id), None)
