"""The postmortem format: field specifications (data) and typed records.

The records are imported on first use (`secondstory.model.Postmortem`), so commands that only
need the field table, such as `lint` on loose files, start faster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name in __all__:
        from secondstory.model import records

        return getattr(records, name)
    raise AttributeError(f"module 'secondstory.model' has no attribute {name!r}")
