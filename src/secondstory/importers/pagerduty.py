"""PagerDuty postmortem exports (the PDF's text) as an ImportResult.

The four timestamps are read as follows (docs/import-timelines.md):
- started: the impact window's start, or the first report or alert when that came earlier;
- detected: the first timeline entry that is a report, a ticket, an alert or a PagerDuty
  trigger, from a day before the impact window to its end; else the first trigger;
- mitigated: the impact window's end;
- resolved: the last "Resolved by/through" log line (else the last entry saying resolved or
  closed), never before mitigated; else the impact window's end.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from secondstory.importers.imported import TIMESTAMPS, ImportedEntry, ImportRefused, ImportResult
from secondstory.importers.pagerduty_export import (
    HEADER_LABELS,
    ExportParts,
    parse_duration,
    parse_window,
    split_export,
)
from secondstory.importers.pagerduty_sections import action_items, prose_sections
from secondstory.importers.pagerduty_timeline import ParsedEntry, parse_entry, raw_entries
from secondstory.importers.zones import zone_for
from secondstory.plural import plural
from secondstory.store.markdown import slugify

_DETECTION = re.compile(
    r"\breport|\bticket|\balert|\btriggered\b|\bemail received|\bcomes in\b|\bpaged\b|\bnoticed?\b",
    re.I,
)
_CLOSING = re.compile(r"\b(resolved|closed)\b", re.I)
_YEAR_IN_NAME = re.compile(r"(?:^|/)(\d{4})-\d{2}-\d{2}")
_VIOLATION = re.compile(r"Violation started: [A-Za-z]+ \d{1,2}, (\d{4})")


def import_pagerduty_text(text: str, source: str, default_zone: str = "UTC") -> ImportResult:
    """Read one export's text. Raises ImportRefused when it is not a postmortem export."""
    parts = split_export(text)
    _check_is_export(parts, source)
    result = ImportResult(
        source=source, importer="pagerduty", title=parts.title, source_status=parts.status
    )
    result.origin_url = parts.origin_url
    result.facilitator = parts.owner
    if not result.title:
        preamble = [line.strip() for line in parts.sections.get("preamble", []) if line.strip()]
        result.title = preamble[0] if preamble else Path(source).name.split(".")[0]
        result.warn(f"no title line after the header; the title is '{result.title}'")
    zone = _zone(parts.zone_name, default_zone, result)
    entries = [
        parse_entry(raw) for raw in raw_entries(parts.sections.get("timeline", []), result.warnings)
    ]
    year = _year(entries, text, source)
    _read_window(parts.impact_text, parts.duration_text, year, entries, zone, result)
    result.incident = next((e.incident for e in entries if e.incident), "")
    result.timeline = _timeline(entries, zone, result)
    _derive_timestamps(entries, zone, result)
    result.actions = action_items(parts.sections.get("action_items", []), result.warnings)
    result.sections = prose_sections(parts.sections)
    if result.impact_start and result.impact_end:
        stated = f"; stated duration {parts.duration_text}" if parts.duration_text else ""
        result.sections["impact"] = (
            f"Impact window (from PagerDuty): {result.impact_start.isoformat()} to "
            f"{result.impact_end.isoformat()} ({result.timezone}){stated}."
        )
    result.participants = _participants(parts.owner, entries)
    _report_missing(parts.sections, result)
    return result


def _check_is_export(parts: ExportParts, source: str) -> None:
    refusal = export_refusal(parts, source)
    if refusal is not None:
        raise refusal


def export_refusal(parts: ExportParts, source: str) -> ImportRefused | None:
    """Why the text split into `parts` is not a postmortem export; None when it is one."""
    if parts.recognised < 2:
        return ImportRefused(
            f"{source}: not a PagerDuty postmortem export: none of its landmarks "
            "(IMPACT TIME, DURATION, Overview, Timeline, Action Items) is there",
            hint="give the text of the export's PDF, e.g. from `pdftotext` or pypdf",
        )
    if not (parts.impact_text or parts.owner or "timeline" in parts.sections):
        return ImportRefused(
            f"{source}: not a PagerDuty postmortem export: it has no IMPACT TIME, no OWNER OF "
            "REVIEW PROCESS and no Timeline section",
            hint="a free-form write-up? use 'secondstory import markdown'",
        )
    return None


def is_postmortem_export(text: str) -> bool:
    """Whether `text` is a PagerDuty postmortem export that this importer reads: it passes
    the importer's own checks and has the export's header (IMPACT TIME or OWNER OF REVIEW
    PROCESS), which a plain-text write-up with an Overview and a Timeline does not."""
    if not any(label in text for label in HEADER_LABELS[:2]):
        return False
    parts = split_export(text)
    return export_refusal(parts, "") is None and bool(parts.impact_text or parts.owner)


def _zone(name: str, default_zone: str, result: ImportResult) -> tzinfo:
    zone = zone_for(name) if name else None
    if zone is None:
        fallback = zone_for(default_zone) or ZoneInfo("UTC")
        said = (
            f"the time zone '{name}' is not known"
            if name
            else "the export does not say its time zone"
        )
        result.warn(f"{said}; times are read as {fallback.key} — check them")
        zone = fallback
    result.timezone = zone.key
    return zone


def _year(entries: list[ParsedEntry], text: str, source: str) -> int | None:
    if entries:
        return entries[0].when.year
    violation = _VIOLATION.search(text)
    if violation:
        return int(violation.group(1))
    named = _YEAR_IN_NAME.search(source)
    return int(named.group(1)) if named else None


def _read_window(
    impact: str,
    duration: str,
    year: int | None,
    entries: list[ParsedEntry],
    zone: tzinfo,
    result: ImportResult,
) -> None:
    result.stated_duration = parse_duration(duration) if duration else None
    if duration and result.stated_duration is None:
        result.warn(f"DURATION '{duration}' is not a duration like '2h 13m'; ignored")
    if not impact:
        result.warn("no IMPACT TIME; started and mitigated come from the timeline only")
        return
    window = parse_window(impact, year) if year is not None else None
    if window is None:
        result.warn(f"IMPACT TIME '{impact}' could not be read (or no year is known); ignored")
        return
    start, end = _repair_window(window, entries, result)
    result.impact_start, result.impact_end = _aware(start, zone), _aware(end, zone)
    computed = result.impact_end - result.impact_start
    if result.stated_duration is not None and abs(computed - result.stated_duration) >= timedelta(
        minutes=1
    ):
        result.warn(f"IMPACT TIME spans {computed}, but DURATION says {result.stated_duration}")


def _repair_window(
    window: tuple[datetime, datetime], entries: list[ParsedEntry], result: ImportResult
) -> tuple[datetime, datetime]:
    """When no entry falls in the window but one sits at its start time a few days away,
    the window's date is the export's mistake: move the window to that day."""
    start, end = window
    if not entries or any(start <= e.when <= end for e in entries):
        return start, end
    for entry in entries:
        shift = entry.when - start
        if shift and shift.seconds == 0 and abs(shift.days) <= 3:
            result.warn(
                f"IMPACT TIME starts {start:%b %d %H:%M}, but no timeline entry falls in the "
                f"window; the entry at {entry.when:%b %d %H:%M} matches its time, so the "
                f"window was moved by {plural(shift.days, 'day')}"
            )
            return start + shift, end + shift
    result.warn("no timeline entry falls in the IMPACT TIME window; check its dates")
    return start, end


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    return moment.replace(tzinfo=zone)


def _timeline(
    entries: list[ParsedEntry], zone: tzinfo, result: ImportResult
) -> list[ImportedEntry]:
    incident = result.incident or slugify(result.title)[:40] or "postmortem"
    out = []
    for entry in entries:
        moment = _aware(entry.when, zone)
        digest = hashlib.sha1(entry.event.encode("utf-8")).hexdigest()[:6]
        source = f"pagerduty:{incident}/pm-{entry.when:%Y%m%dT%H%M}-{digest}"
        out.append(ImportedEntry(moment, entry.event, source, actor=entry.actor, phase=entry.phase))
    backwards = sum(1 for a, b in itertools.pairwise(out) if b.time < a.time)
    if backwards:
        result.warn(
            f"timeline: {plural(backwards, 'entry')} {'goes' if backwards == 1 else 'go'} "
            "back in time; they are sorted by time"
        )
        out.sort(key=lambda e: e.time)
    return out


def _derive_timestamps(entries: list[ParsedEntry], zone: tzinfo, result: ImportResult) -> None:
    timed = [(_aware(e.when, zone), e) for e in entries]
    start, end = result.impact_start, result.impact_end
    lower = start - timedelta(days=1) if start else None
    window = [
        (t, e) for t, e in timed if (lower is None or t >= lower) and (end is None or t <= end)
    ]
    detection = next((t for t, e in window if _DETECTION.search(e.text)), None)
    trigger = next((t for t, e in timed if e.action == "Triggered"), None)
    result.detected = detection or trigger
    result.started = min(filter(None, (start, result.detected)), default=None)
    result.mitigated = end
    closing = [t for t, e in timed if e.action == "Resolved"] or [
        t for t, e in timed if _CLOSING.search(e.headline) and (start is None or t >= start)
    ]
    resolved = closing[-1] if closing else None
    if resolved is not None and end is not None and resolved < end:
        resolved = end
    result.resolved = resolved or end
    if result.detected and result.mitigated and result.detected > result.mitigated:
        result.warn(
            f"the first report ({result.detected.isoformat()}) comes after the impact ended; "
            "detected left empty"
        )
        result.detected = None
    _keep_in_order(result)


def _keep_in_order(result: ImportResult) -> None:
    """started <= detected <= mitigated <= resolved: a value that breaks this is dropped."""
    previous: tuple[str, datetime] | None = None
    for name in TIMESTAMPS:
        value = getattr(result, name)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            result.warn(f"{name} ({value.isoformat()}) would come before {previous[0]}; left empty")
            setattr(result, name, None)
            continue
        previous = (name, value)


def _participants(owner: str, entries: list[ParsedEntry]) -> list[tuple[str, str]]:
    people: list[tuple[str, str]] = [(owner, "owner of the review")] if owner else []
    names = {owner}
    for entry in entries:
        name = entry.actor
        if name and name not in names and name != "PagerDuty integration":
            names.add(name)
            people.append((name, "responder"))
    return people


def _report_missing(sections: dict[str, list[str]], result: ImportResult) -> None:
    if "timeline" not in sections:
        result.warn("no Timeline section; no timeline entries")
    elif not result.timeline:
        result.warn("the Timeline section has no dated entries")
    if "action_items" not in sections:
        result.warn("no Action Items section")
