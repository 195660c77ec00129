"""The Timeline section of a PagerDuty postmortem export, as dated entries.

The section is a run of date lines ("Aug 30, 2022") and entries that start with a
12-hour time ("11:15 AM ..."). An entry is either written by a person (a headline and
detail lines), a PagerDuty log line (Triggered / Acknowledged / Resolved by ... through
..., with Description and INCIDENT #N), or a message from the incident's Slack channel
("Sarah Gibson #managed_jupyte_inc_36" then the message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from secondstory.importers.pagerduty_export import join_wrapped, month_number
from secondstory.plural import plural

_DATE_LINE = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})$")
_TIME_LINE = re.compile(r"^(\d{1,2}):(\d{2})\s*([AaPp][Mm])\b\s*(.*)$")
_GLUED = re.compile(r"\b(Triggered|Resolved|Acknowledged|Reassigned|Escalated)by\b")
_QUOTE_BY = re.compile(r"([”\"])by\b")
PD_ACTION = re.compile(
    r"^(Triggered|Resolved|Acknowledged|Reassigned|Escalated)(?: by (?P<agent>.+?))?"
    r"(?: through (?P<via>.+?))?\.?\s*$"
)
_INCIDENT = re.compile(r"^INCIDENT #(\d+)\s*$")
_SLACK_LINE = re.compile(r"^(?P<who>[^#\s][^#]{0,60}?)\s?#(?P<channel>[a-z0-9][a-z0-9_-]*)\s*$")
_STRUCTURED = re.compile(
    r"^(Description:|Note added by |Resolution Note:|Message:|Priority set to |Assigned to |"
    r"Alert .* was automatically added|.* updated the status of the incident)"
)
WRAP_WIDTH = 95
MAX_DETAIL = 700


@dataclass(slots=True)
class RawEntry:
    day: date
    hour: int
    minute: int
    lines: list[str] = field(default_factory=list)
    line_number: int = 0


@dataclass(slots=True)
class ParsedEntry:
    when: datetime  # naive, in the export's zone
    event: str
    actor: str = ""
    phase: str = ""
    action: str = ""  # Triggered / Resolved / Acknowledged ... for PagerDuty log lines
    incident: str = ""
    headline: str = ""
    text: str = ""  # everything, for keyword searches


def normalise(line: str) -> str:
    line = _GLUED.sub(r"\1 by", line)
    return _QUOTE_BY.sub(r"\1 by", line)


def raw_entries(lines: list[str], warnings: list[str]) -> list[RawEntry]:
    """Group the section's lines into entries; text before any date or time is reported."""
    day: date | None = None
    entries: list[RawEntry] = []
    skipped = 0
    for number, line in enumerate(lines, start=1):
        stripped = normalise(line.strip())
        dated = _DATE_LINE.match(stripped)
        if dated and month_number(dated.group(1)):
            try:
                day = date(
                    int(dated.group(3)), month_number(dated.group(1)) or 1, int(dated.group(2))
                )
            except ValueError:
                warnings.append(
                    f"timeline: '{stripped}' is not a real date; entries under it were skipped"
                )
                day = None
            continue
        timed = _TIME_LINE.match(stripped)
        if timed and day is not None and _valid_time(timed):
            hour = int(timed.group(1)) % 12 + (12 if timed.group(3).lower() == "pm" else 0)
            entries.append(
                RawEntry(day, hour, int(timed.group(2)), [timed.group(4).strip()], number)
            )
        elif entries and day is not None:
            entries[-1].lines.append(stripped)
        elif stripped:
            skipped += 1
    if skipped:
        warnings.append(
            f"timeline: {plural(skipped, 'line')} outside any dated entry "
            f"{'was' if skipped == 1 else 'were'} skipped"
        )
    return entries


def _valid_time(match: re.Match[str]) -> bool:
    return 1 <= int(match.group(1)) <= 12 and int(match.group(2)) < 60


def parse_entry(raw: RawEntry) -> ParsedEntry:
    when = datetime(raw.day.year, raw.day.month, raw.day.day, raw.hour, raw.minute)
    lines = [line for line in raw.lines if line]
    first_is_text = bool(raw.lines and raw.lines[0]) and not _is_structured(raw.lines[0])
    headline_lines: list[str] = []
    if first_is_text:
        headline_lines = [lines.pop(0)]
        while lines and len(headline_lines[-1]) + 9 >= WRAP_WIDTH and not _is_structured(lines[0]):
            headline_lines.append(lines.pop(0))
    entry = ParsedEntry(when, "", headline=join_wrapped(headline_lines))
    details = _read_structured(lines, entry)
    entry.text = " ".join([entry.headline, *details, *raw.lines])
    entry.event = _compose_event(entry, details)
    return entry


def _is_structured(line: str) -> bool:
    return bool(
        PD_ACTION.match(line)
        or _INCIDENT.match(line)
        or _SLACK_LINE.match(line)
        or _STRUCTURED.match(line)
    )


def _read_structured(lines: list[str], entry: ParsedEntry) -> list[str]:
    """Pick actor, action and incident out of PagerDuty's own lines; return the detail text."""
    details: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        action = PD_ACTION.match(line)
        incident = _INCIDENT.match(line)
        slack = _SLACK_LINE.match(line)
        if incident:
            entry.incident = incident.group(1)
            break  # what follows is the incident's title, repeated
        if action and not entry.action:
            entry.action = action.group(1)
            entry.actor = entry.actor or _agent(action.group("agent"), action.group("via"))
            details.append(line)
        elif slack and not details and not entry.actor:
            entry.actor = slack.group("who").strip()
        elif line.startswith("Description:"):
            details.append(line.removesuffix("(View Message)").strip())
        else:
            details.append(line)
        index += 1
    if entry.action == "Triggered" or entry.action == "Acknowledged":
        entry.phase = "detection"
    elif entry.action == "Resolved":
        entry.phase = "resolution"
    return details


def _agent(agent: str | None, via: str | None) -> str:
    if agent:
        return agent.strip()
    return "PagerDuty integration" if via and "api" in via.lower() else ""


def _compose_event(entry: ParsedEntry, details: list[str]) -> str:
    detail = join_wrapped(details)
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL].rsplit(" ", 1)[0] + " […]"
    if entry.headline:
        return f"{entry.headline}\n\n{detail}" if detail else entry.headline
    return detail or "(no text)"
