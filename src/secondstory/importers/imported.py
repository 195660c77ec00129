"""What an importer produces before anything is written: entries, actions, timestamps.

`ImportResult` is the common shape of the timeline importers (Slack, PagerDuty). It is
plain data: the library is only touched by `merge` (existing postmortem) or `create`
(new postmortem), after the whole import has been read and checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ruamel.yaml.scalarstring import LiteralScalarString

from secondstory.errors import EXIT_PROBLEMS, SecondstoryError

TIMESTAMPS = ("started", "detected", "mitigated", "resolved")


@dataclass(slots=True)
class ImportedEntry:
    """One timeline entry, marked as known at the time and citing where it came from."""

    time: datetime
    event: str
    source: str  # "<source id> [permalink]"; the first word is the de-duplication key
    actor: str = ""
    phase: str = ""
    known: str = "then"

    @property
    def source_id(self) -> str:
        return self.source.split(" ", 1)[0]

    def as_item(self) -> dict[str, object]:
        """The entry as a timeline.yaml item, fields in the format's order."""
        item: dict[str, object] = {"time": self.time}
        if self.actor:
            item["actor"] = self.actor
        item["event"] = LiteralScalarString(self.event) if "\n" in self.event else self.event
        item["known"] = self.known
        if self.phase:
            item["phase"] = self.phase
        item["source"] = self.source
        return item


@dataclass(slots=True)
class ImportedAction:
    what: str
    tracker: str = ""
    status: str = "open"

    def as_item(self, action_id: str) -> dict[str, object]:
        item: dict[str, object] = {"id": action_id, "what": self.what, "status": self.status}
        if self.tracker:
            item["tracker"] = self.tracker
        return item


@dataclass(slots=True)
class ImportResult:
    """Everything read from one source; `warnings` say what was skipped or guessed."""

    source: str
    importer: str
    title: str = ""
    source_status: str = ""  # the source's own status (Draft, Reviewed, Closed)
    started: datetime | None = None
    detected: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    timeline: list[ImportedEntry] = field(default_factory=list)
    actions: list[ImportedAction] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # canonical section key -> text
    participants: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    facilitator: str = ""
    origin_url: str = ""
    incident: str = ""
    timezone: str = ""
    impact_start: datetime | None = None
    impact_end: datetime | None = None
    stated_duration: timedelta | None = None
    warnings: list[str] = field(default_factory=list)

    def timestamps(self) -> dict[str, datetime]:
        return {name: value for name in TIMESTAMPS if (value := getattr(self, name)) is not None}

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def as_dict(
        self, status: str = "checked", pm_id: str = "", reason: str = ""
    ) -> dict[str, object]:
        """The per-input report shape shared with the Markdown importer."""
        stamps = {name: value.isoformat() for name, value in self.timestamps().items()}
        return {
            "source": self.source,
            "status": status,
            "id": pm_id,
            "title": self.title,
            "extracted": {
                "timeline_entries": len(self.timeline),
                "action_items": len(self.actions),
                "factors": 0,
                "timestamps": list(stamps),
            },
            "timestamps": stamps,
            "stated_duration": self.stated_duration.total_seconds()
            if self.stated_duration
            else None,
            "warnings": list(self.warnings),
            "reason": reason,
        }


class ImportRefused(SecondstoryError):
    """The input cannot be imported at all (not the expected kind of file, unreadable)."""

    exit_code = EXIT_PROBLEMS
