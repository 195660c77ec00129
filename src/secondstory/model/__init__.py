"""The postmortem format: field specifications (data) and typed records."""

from secondstory.model.records import (
    Account,
    ActionItem,
    Factor,
    Participant,
    Postmortem,
    Provenance,
    Section,
    StatusEvent,
    TimelineEntry,
)

__all__ = [
    "Account",
    "ActionItem",
    "Factor",
    "Participant",
    "Postmortem",
    "Provenance",
    "Section",
    "StatusEvent",
    "TimelineEntry",
]
