"""Convert one free-form report (Markdown, Jekyll/ERB/TOML front matter, plain text).

`convert_markdown(text, source, ...)` -> Conversion: a Postmortem record (not yet written)
with what was extracted and the warnings. It never raises on odd content: what cannot be
understood stays in the body verbatim and is named in a warning.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from secondstory.errors import UsageError
from secondstory.importers.markdown_actions import extract_actions
from secondstory.importers.markdown_timeline import extract_timeline, stated_zone
from secondstory.importers.markdown_times import FIELDS, Timestamps, compute_timestamps
from secondstory.importers.render import (
    compose_body,
    normalise_headings,
    postmortem_id,
    timeline_records,
)
from secondstory.importers.sections import Block, meaning, parse_blocks
from secondstory.importers.timeparse import Clock, Zone, find_stamp, parse_date, zone_named
from secondstory.model.records import Postmortem, Provenance
from secondstory.plural import plural
from secondstory.store.libyaml import safe_load_bounded

_URL_KEYS = ("origin_url", "url", "canonical_url", "permalink", "source_url", "link")
_MAPPED_KEYS = frozenset({"title", "date", "tags", *_URL_KEYS})
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")


@dataclass(slots=True)
class Conversion:
    postmortem: Postmortem
    timestamps: Timestamps
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, Any]
    raw: str | None  # the original text, when any of it has no home
    body: str
    body_line: int


def fallback_zone(name: str) -> Zone:
    zone = zone_named(name)
    if zone is None:
        raise UsageError(
            f"time zone '{name}' is not known", hint="use e.g. UTC, Europe/Berlin, +02:00"
        )
    return zone


def split_front(text: str, warnings: list[str]) -> FrontMatter:
    """YAML (`---`) or TOML (`+++`) front matter; unreadable front matter stays as text."""
    lines = text.split("\n")
    marker = lines[0].strip() if lines else ""
    if marker not in ("---", "+++") or len(lines) < 2:
        return FrontMatter({}, None, text, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in (marker, "...")), None)
    if end is None:
        return FrontMatter({}, None, text, 1)
    raw = "\n".join(lines[1:end])
    data: Any
    try:
        data = tomllib.loads(raw) if marker == "+++" else safe_load_bounded(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        problem = getattr(exc, "problem", None)  # YAML's reason, when it gives one
        reason = f"{type(exc).__name__}: {problem}" if problem else type(exc).__name__
        warnings.append(f"line 1: front matter could not be read ({reason}); kept as text")
        return FrontMatter({}, raw, "\n".join(lines[end + 1 :]), end + 2)
    if not isinstance(data, dict):
        data = {}
    leftover = set(map(str, data)) - _MAPPED_KEYS
    return FrontMatter(data, raw if leftover else None, "\n".join(lines[end + 1 :]), end + 2)


def _title(front: dict[str, Any], blocks: list[Block], stem: str) -> str:
    value = front.get("title")
    if isinstance(value, str) and value.strip():
        return value.strip()
    headings = [b for b in blocks if b.kind == "heading" and _clean(b.text)]
    top = [b for b in headings if b.level == 1][:1]
    if top and not _generic(top[0].text):
        return _clean(top[0].text)
    from_name = (
        re.sub(r"^\d+\b", "", _FILE_DATE.sub("", stem)).replace("-", " ").replace("_", " ").strip()
    )
    if len(from_name.split()) >= 2:
        return from_name[:1].upper() + from_name[1:]
    if headings:
        return _clean(headings[0].text)
    para = next((b for b in blocks if b.kind == "para" and _clean(b.text)), None)
    if para is not None:
        text = _clean(para.text)
        return text if len(text) <= 100 else text[:97].rsplit(" ", 1)[0] + "..."
    return from_name or "Imported incident"


def _generic(heading: str) -> bool:
    """A heading that names a section ("Overview", "Title:") rather than the incident."""
    text = _clean(heading).lower().strip(":")
    return (
        not text
        or text in ("title", "overview", "summary", "postmortem", "post-mortem")
        or bool(meaning(heading) and len(text.split()) <= 3)
    )


def _clean(text: str) -> str:
    return re.sub(r"[*_`]|^title\s*:\s*", "", text.strip(), flags=re.I).strip()


def _report_date(front: dict[str, Any], name: str, title: str, blocks: list[Block]) -> date | None:
    value = front.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and find_stamp(value) is not None:
        stamp = find_stamp(value)
        if stamp is not None and stamp.day is not None:
            return stamp.day
    match = _FILE_DATE.search(name)
    if match:
        parsed = parse_date("-".join(match.groups()))
        if parsed is not None:
            return parsed
    for text in [
        title,
        *(b.text for b in blocks[:60] if b.kind in ("para", "heading", "row", "item")),
    ]:
        stamp = find_stamp(text)
        if stamp is not None and stamp.day is not None:
            return stamp.day
    return None


def convert_markdown(
    text: str,
    source: str,
    *,
    name: str,
    zone: Zone,
    taken: set[str],
    origin_url: str = "",
    today: date | None = None,
) -> Conversion:
    warnings: list[str] = []
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = split_front(text, warnings)
    blocks = parse_blocks(front.body, front.body_line)
    stem = Path(name).name.split(".")[0]  # "2020-04-15-nginx-tls" of "...html.md.erb"
    title = _title(front.data, blocks, stem)
    day = _report_date(front.data, Path(name).name, title, blocks)
    year = day.year if day else None
    stated = stated_zone(blocks)
    clock = Clock(zone=stated, fallback=zone, day=day)
    found = extract_timeline(blocks, clock, year)
    times = compute_timestamps(found.entries, found.key_events, blocks, clock, year)
    extracted = extract_actions(blocks, year)
    entries = found.entries or found.key_events
    timeline, reordered = timeline_records(entries)
    warnings += found.warnings + [w for w in clock.warnings if w not in found.warnings]
    if reordered:
        warnings.append("timeline entries were not in time order in the report; sorted by time")
    warnings += extracted.warnings + times.notes
    if day is None:
        day = times.values["started"].date() if "started" in times.values else None
        if day is None:
            warnings.append(
                "no incident date found (front matter, file name, title or text); id is 'undated-...'"
            )
    body, shifted = normalise_headings(front.body)
    if shifted:
        warnings.append(
            f"{plural(shifted, 'heading')} moved to '## ' level (the report has no '## ' sections) "
            "so that its sections are found; their text is unchanged"
        )
    pm = Postmortem(
        id=postmortem_id(title, day, taken),
        title=title,
        status="published",
        tags=_tags(front.data),
        timeline=timeline,
        actions=extracted.actions,
        factors=extracted.factors,
        body=compose_body(body, title, front.raw),
        provenance=Provenance(
            source=source,
            origin_url=origin_url or _origin(front.data),
            importer="markdown",
            imported=today or date.today(),
        ),
    )
    for name_ in FIELDS:
        setattr(pm, name_, times.values.get(name_))
    return Conversion(pm, times, warnings)


def _tags(front: dict[str, Any]) -> list[str]:
    value = front.get("tags")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(tag).strip() for tag in value if str(tag).strip()]


def _origin(front: dict[str, Any]) -> str:
    for key in _URL_KEYS:
        value = front.get(key)
        if isinstance(value, str) and re.match(r"https?://", value):
            return value
    return ""
