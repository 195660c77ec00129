"""PagerDuty incident log entries (the REST API's `GET /incidents/{id}/log_entries`).

    {"log_entries": [{"id": "Q02J...", "type": "trigger_log_entry", "created_at": "...",
      "summary": "Triggered through the website", "agent": {"summary": "Earline"},
      "channel": {"type": "web_trigger", "summary": "..."}, "incident": {"id": "PT4KHLK",
      "summary": "[#1234] The server is on fire."}, "html_url": "..."}], "more": false}

Each entry becomes a timeline entry citing `pagerduty:INCIDENT/LOG-ENTRY-ID` and its
html_url. Notification entries (who was texted or called) are left out unless asked for:
they say nothing about the incident itself. The first trigger gives `detected`, the last
resolve `resolved`; a log alone cannot say when impact started or stopped.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from secondstory.importers.imported import ImportedEntry, ImportRefused, ImportResult
from secondstory.plural import plural

NOISE = frozenset({"notify_log_entry"})
PHASES = {
    "trigger_log_entry": "detection",
    "acknowledge_log_entry": "detection",
    "escalate_log_entry": "detection",
    "annotate_log_entry": "",
    "resolve_log_entry": "resolution",
}
_TITLE = re.compile(r"^\[#(\d+)\]\s*")
MAX_EVENT = 1000


def import_pagerduty_log(
    data: Any, source: str, include_notifications: bool = False, zone: tzinfo = UTC
) -> ImportResult:
    """Turn the parsed JSON of a log-entries response into an ImportResult."""
    entries = _entries(data, source)
    result = ImportResult(source=source, importer="pagerduty")
    if isinstance(data, dict) and data.get("more") is True:
        result.warn("the response says more entries exist ('more': true); fetch every page")
    skipped: dict[str, int] = {}
    kinds: list[tuple[str, ImportedEntry]] = []
    for raw in entries:
        added = _read_one(raw, result, include_notifications)
        if isinstance(added, str):
            skipped[added] = skipped.get(added, 0) + 1
        else:
            kinds.append(added)
    for reason, count in skipped.items():
        result.warn(f"{plural(count, 'log entry')} skipped: {reason}")
    for entry in result.timeline:
        entry.time = entry.time.astimezone(zone)
    result.timeline.sort(key=lambda e: e.time)
    result.timezone = getattr(zone, "key", "UTC")
    triggers = sorted(e.time for kind, e in kinds if kind == "trigger_log_entry")
    resolves = sorted(e.time for kind, e in kinds if kind == "resolve_log_entry")
    result.detected = triggers[0] if triggers else None
    result.resolved = resolves[-1] if resolves else None
    if not result.timeline:
        result.warn("no usable log entries")
    return result


def _entries(data: Any, source: str) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("log_entries"), list):
        return list(data["log_entries"])
    if isinstance(data, list):
        return data
    raise ImportRefused(
        f"{source}: not PagerDuty log entries (expected an object with a 'log_entries' list)",
        hint="save the response of GET /incidents/{id}/log_entries as JSON",
    )


def _object(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _read_one(
    raw: Any, result: ImportResult, include_notifications: bool
) -> str | tuple[str, ImportedEntry]:
    """Add one entry to `result` and return (type, entry), or say why it was skipped."""
    if not isinstance(raw, dict):
        return "not an object"
    kind = _text(raw.get("type"))
    if kind in NOISE and not include_notifications:
        return "notifications (use --notifications to keep them)"
    when = _time(raw.get("created_at"))
    if when is None:
        return "no usable created_at time"
    entry_id = _text(raw.get("id"))
    if not entry_id:
        return "no id"
    incident = _object(raw, "incident")
    incident_id = _text(incident.get("id")) or "incident"
    _title(result, _text(incident.get("summary")), incident_id)
    agent = _object(raw, "agent")
    event = _event(raw, kind)
    if not event:
        return "no summary"
    url = _text(raw.get("html_url"))
    entry = ImportedEntry(
        when,
        event[:MAX_EVENT],
        f"pagerduty:{incident_id}/{entry_id}" + (f" {url}" if url else ""),
        actor=_text(agent.get("summary")),
        phase=PHASES.get(kind, ""),
    )
    result.timeline.append(entry)
    people = {name for name, _ in result.participants}
    if agent.get("type") == "user_reference" and entry.actor and entry.actor not in people:
        result.participants.append((entry.actor, "responder"))
    return kind, entry


def _title(result: ImportResult, summary: str, incident_id: str) -> None:
    if summary and not result.title:
        number = _TITLE.match(summary)
        result.title = _TITLE.sub("", summary)
        result.incident = number.group(1) if number else incident_id


def _event(raw: dict[str, Any], kind: str) -> str:
    summary = _text(raw.get("summary"))
    channel = _object(raw, "channel")
    note = (
        _text(channel.get("summary")) if kind in ("annotate_log_entry", "trigger_log_entry") else ""
    )
    details = _text(channel.get("details")) if isinstance(channel.get("details"), str) else ""
    parts = [summary]
    if note and note != summary:
        parts.append(note)
    if details and details not in parts:
        parts.append(details)
    return ": ".join(p for p in parts if p)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
