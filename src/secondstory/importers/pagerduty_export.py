"""The text of a PagerDuty postmortem export (the PDF, as text), split into its parts.

An export reads, top to bottom: OWNER OF REVIEW PROCESS, IMPACT TIME ("Aug 30 at 11:15 to
Aug 30 at 12:13", no year), DURATION ("2h 13m 22s"), the time zone sentence, the title,
"Status: ...", then sections (Overview, What Happened, Resolution, Where we got lucky,
What Went Well?, What Didn't Go So Well?, Action Items, Additional Notes, Timeline).
Page footers ("Postmortem Report - ... - PagerDuty URL", "1 of 3 20.02.2026, 14:50") are
dropped wherever they fall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

SECTION_HEADINGS = {
    "overview": "overview",
    "what happened": "what_happened",
    "resolution": "resolution",
    "where we got lucky": "lucky",
    "what went well?": "went_well",
    "what didn't go so well?": "went_badly",
    "what didn’t go so well?": "went_badly",
    "action items": "action_items",
    "additional notes": "notes",
    "timeline": "timeline",
}
HEADER_LABELS = ("OWNER OF REVIEW PROCESS", "IMPACT TIME", "DURATION")
EMPTY_TEXT = frozenset({"no comments added", "n/a", "none", "-", "?"})

_FOOTER_TITLE = re.compile(r"^Postmortem Report - .* - PagerDuty\s*(https?://\S+)?\s*$")
_FOOTER_PAGE = re.compile(r"^\d+ of \d+ \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\s*$")
_ZONE_SENTENCE = re.compile(r"\*?All times listed in this report are in\s+(.+?)\.?\s*$", re.S)
_WINDOW_POINT = r"([A-Za-z]{3,9})\.? (\d{1,2}) at (\d{1,2}):(\d{2})"
_WINDOW = re.compile(rf"^{_WINDOW_POINT} to {_WINDOW_POINT}$")
_DURATION_PART = re.compile(r"(\d+)\s*([dhms])")
_DURATION = re.compile(r"^(\d+\s*[dhms]\s*)+$")


@dataclass(slots=True)
class ExportParts:
    owner: str = ""
    impact_text: str = ""
    duration_text: str = ""
    zone_name: str = ""
    title: str = ""
    status: str = ""
    origin_url: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)
    recognised: int = 0  # how many of the export's landmarks were found


def clean_lines(text: str) -> tuple[list[str], str]:
    """The lines of the export without page footers; also the export URL if a footer had one."""
    url = ""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u00a0", " ").rstrip()
        footer = _FOOTER_TITLE.match(line)
        if footer:
            url = url or (footer.group(1) or "")
            continue
        if _FOOTER_PAGE.match(line):
            continue
        lines.append(line)
    return lines, url


def split_export(text: str) -> ExportParts:
    lines, url = clean_lines(text)
    parts = ExportParts(origin_url=url)
    index = _read_header(lines, parts)
    current = ""
    for line in lines[index:]:
        key = SECTION_HEADINGS.get(line.strip().lower())
        if key is not None and key not in parts.sections:
            current = key
            parts.sections[key] = []
            parts.recognised += 1
            continue
        if current:
            parts.sections[current].append(line)
        elif line.strip():
            parts.sections.setdefault("preamble", []).append(line)
    return parts


def _read_header(lines: list[str], parts: ExportParts) -> int:
    """Read the labelled header, the zone sentence, title and status; returns the next line."""
    index = 0
    label = ""
    values: dict[str, list[str]] = {}
    while index < len(lines) and index < 40:
        line = lines[index].strip()
        if line in HEADER_LABELS:
            label = line
            values[label] = []
            parts.recognised += 1
        elif line.startswith("*All times") or line.startswith("All times"):
            label = "ZONE"
            values[label] = [line]
        elif line.lower().startswith("status:") and "TITLE" in values:
            parts.status = line.split(":", 1)[1].strip()
            parts.recognised += 1
            index += 1
            break
        elif line.lower() in SECTION_HEADINGS:
            break
        elif label == "ZONE" and values["ZONE"][-1].rstrip().endswith("."):
            label = "TITLE"
            values[label] = [line]
        elif label:
            values[label].append(line)
        index += 1
    if "TITLE" not in values:
        return 0
    parts.owner = " ".join(values.get("OWNER OF REVIEW PROCESS", [])).strip()
    parts.impact_text = " ".join(values.get("IMPACT TIME", [])).strip()
    parts.duration_text = " ".join(values.get("DURATION", [])).strip()
    zone = _ZONE_SENTENCE.search(" ".join(values.get("ZONE", [])))
    parts.zone_name = zone.group(1).strip() if zone else ""
    parts.title = " ".join(values.get("TITLE", [])).strip()
    return index


def parse_duration(text: str) -> timedelta | None:
    """'4d 1h 30m', '13m 46s' -> timedelta; None when it is not a duration."""
    if not _DURATION.match(text.strip()):
        return None
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    return timedelta(seconds=sum(int(n) * units[u] for n, u in _DURATION_PART.findall(text)))


def month_number(name: str) -> int | None:
    return MONTHS.get(name[:3].lower())


def parse_window(text: str, year: int) -> tuple[datetime, datetime] | None:
    """'Aug 29 at 09:00 to Sep 2 at 10:30' in `year` (naive); None when unreadable."""
    match = _WINDOW.match(text.strip())
    if not match:
        return None
    m1, d1, h1, n1, m2, d2, h2, n2 = match.groups()
    month1, month2 = month_number(m1), month_number(m2)
    if month1 is None or month2 is None:
        return None
    try:
        start = datetime(year, month1, int(d1), int(h1), int(n1))
        end = datetime(year, month2, int(d2), int(h2), int(n2))
        if end < start:  # the window crosses new year
            end = end.replace(year=year + 1)
    except ValueError:
        return None
    return start, end


def section_text(lines: list[str]) -> str:
    """A section's prose with PDF line wraps joined; '' for 'No comments added'."""
    items: list[list[str]] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not items or _LIST_ITEM.match(line):
            items.append([line])
        else:
            items[-1].append(line)
    text = "\n".join(join_wrapped(item) for item in items)
    return "" if text.strip().lower() in EMPTY_TEXT else text


_LIST_ITEM = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s")
_URL_TAIL = re.compile(r"\S*https?://\S*$")


def join_wrapped(lines: list[str]) -> str:
    """Join lines broken by the PDF's layout, gluing URLs split across lines back together."""
    out = ""
    for line in lines:
        if not out:
            out = line
            continue
        inside_url = bool(_URL_TAIL.search(out))
        glue = inside_url and (
            out.endswith(("/", "-", "://", "?", "=", "&", "%"))
            or line.startswith(("/", "?", "&", "#"))
        )
        out += ("" if glue else " ") + line
    return out
