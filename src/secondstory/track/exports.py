"""Action items out of the library: a table, CSV, JSON, iCalendar and a Jira CSV import.

iCalendar follows RFC 5545: CRLF line ends, lines folded at 75 octets, TEXT escaped, and
one all-day event per open item with a due date. The UID is a hash of the library name,
the postmortem id and the action id, so importing a fresh export updates the events
instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from secondstory.model.records import StatusEvent
from secondstory.plural import plural
from secondstory.track.actions import TrackedAction

LIST_COLUMNS = ("ref", "status", "owner", "due", "kind", "what")
JIRA_COLUMNS = (
    "Summary",
    "Description",
    "Assignee",
    "Due Date",
    "Labels",
    "Labels",
    "Labels",
    "Issue Type",
)
JIRA_SUMMARY_MAX = 255
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def _event(event: StatusEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    out: dict[str, Any] = {"date": event.date.isoformat() if event.date else None}
    for name in ("evidence", "why", "by"):
        if getattr(event, name):
            out[name] = getattr(event, name)
    return out


def action_to_dict(action: TrackedAction, today: date, root: Path | None = None) -> dict[str, Any]:
    item = action.item
    return {
        "ref": action.ref,
        "postmortem": action.postmortem.id,
        "postmortem_title": action.postmortem.title,
        "id": item.id,
        "what": item.what,
        "owner": item.owner or None,
        "owner_is_person": action.has_person_owner(),
        "due": item.due.isoformat() if item.due else None,
        "overdue": action.is_overdue(today),
        "done_when": list(item.done_when),
        "verify": item.verify or None,
        "kind": item.kind or None,
        "addresses": list(item.addresses),
        "status": item.status,
        "done": _event(item.done),
        "verified": _event(item.verified),
        "dropped": _event(item.dropped),
        "tracker": item.tracker or None,
        "project": item.project,
        "path": _relative(item.path, root),
        "line": item.line,
    }


def _relative(path: Path, root: Path | None) -> str:
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.as_posix()


def to_json(actions: Sequence[TrackedAction], today: date, root: Path | None = None) -> str:
    """The items as JSON; file paths relative to `root` (the library) when given."""
    data = {
        "today": today.isoformat(),
        "count": len(actions),
        "actions": [action_to_dict(a, today, root) for a in actions],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _row(action: TrackedAction) -> list[str]:
    item = action.item
    return [
        action.ref,
        item.status,
        item.owner,
        item.due.isoformat() if item.due else "",
        item.kind,
        item.what,
    ]


def to_csv(actions: Sequence[TrackedAction]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(LIST_COLUMNS)
    writer.writerows(_row(a) for a in actions)
    return buffer.getvalue()


def to_table(actions: Sequence[TrackedAction], today: date, width: int = 60) -> str:
    if not actions:
        return "no action items match\n"
    rows = []
    for action in actions:
        row = _row(action)
        if action.is_overdue(today):
            row[3] += " !"
        row[5] = _clip(row[5], width)
        rows.append(row)
    header = [c.upper() for c in LIST_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        for r in [header, *rows]
    ]
    overdue = sum(a.is_overdue(today) for a in actions)
    lines.append(
        plural(len(actions), "item") + (f", {overdue} overdue (marked !)" if overdue else "")
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- Jira -----------------------------------------------------------------------------


def _jira_description(action: TrackedAction) -> str:
    item = action.item
    parts = [item.what, "", f"From postmortem: {action.postmortem.title} ({action.postmortem.id})"]
    if item.done_when:
        parts += ["", "Done when:", *[f"* {c}" for c in item.done_when]]
    if item.verify:
        parts += ["", f"Verify: {item.verify}"]
    parts += ["", f"secondstory id: {action.ref}"]
    return "\n".join(parts)


def to_jira_csv(actions: Sequence[TrackedAction], users: Mapping[str, str] | None = None) -> str:
    """CSV for Jira's CSV importer: one Task per item; map owners to Jira users with `users`."""
    users = users or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(JIRA_COLUMNS)
    for action in actions:
        item = action.item
        writer.writerow(
            [
                _clip(f"{item.id}: {item.what}", JIRA_SUMMARY_MAX),
                _jira_description(action),
                users.get(item.owner, item.owner),
                item.due.isoformat() if item.due else "",
                "postmortem-action",
                f"kind-{item.kind}" if item.kind else "",
                action.postmortem.id,
                "Task",
            ]
        )
    return buffer.getvalue()


# --- iCalendar (RFC 5545) -------------------------------------------------------------


def ics_uid(library_name: str, action: TrackedAction) -> str:
    key = "\x1f".join((library_name, action.postmortem.id, action.item.id))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@secondstory"


def ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line into chunks of at most `limit` octets, never splitting a character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        room = limit if not out else limit - 1  # continuation lines start with a space
        if size + octets > room:
            out.append(current)
            current, size = "", 0
        current += char
        size += octets
    out.append(current)
    return "\r\n ".join(out)


def _sequence(stamp: datetime) -> int:
    """Minutes since 2020 at export: a later export always carries a higher SEQUENCE, so a
    calendar that imported an earlier one accepts the changes (new due date, cancelled)."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def _vevent(library_name: str, action: TrackedAction, stamp: datetime) -> list[str]:
    item = action.item
    assert item.due is not None
    description = [f"Owner: {item.owner or 'nobody'}", f"Postmortem: {action.postmortem.title}"]
    description += [f"Done when: {c}" for c in item.done_when]
    if item.verify:
        description.append(f"Verify: {item.verify}")
    description.append(f"secondstory id: {action.ref}")
    status = "CONFIRMED" if action.is_open else "CANCELLED"
    return [
        "BEGIN:VEVENT",
        f"UID:{ics_uid(library_name, action)}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"SEQUENCE:{_sequence(stamp)}",
        f"STATUS:{status}",
        f"DTSTART;VALUE=DATE:{item.due.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(item.due + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{ics_escape(f'Due: {item.id} {item.what}')}",
        f"DESCRIPTION:{ics_escape(chr(10).join(description))}",
        f"CATEGORIES:{ics_escape(action.postmortem.id)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def to_ics(
    library_name: str, actions: Sequence[TrackedAction], stamp: datetime, closed: bool = False
) -> str:
    """A calendar of the due dates of the open items among `actions` (stamp: UTC now).

    With `closed`, items that are done, verified or dropped are included as cancelled
    events, so a calendar that imported an earlier export takes them off.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//secondstory//action items//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(f'{library_name}: action items')}",
    ]
    for action in actions:
        if action.item.due is not None and (action.is_open or closed):
            lines += _vevent(library_name, action, stamp)
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
