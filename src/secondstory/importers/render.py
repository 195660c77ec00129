"""Compose an imported postmortem: the verbatim body, ids, timeline entries as records."""

from __future__ import annotations

import re
from datetime import date

from secondstory.importers.markdown_timeline import RawEntry
from secondstory.importers.markdown_times import PHASES, label_of
from secondstory.model.fields import ORIGINAL_FRONT_MATTER
from secondstory.model.records import TimelineEntry
from secondstory.store.markdown import slugify
from secondstory.store.writer import make_id

_TITLE_NOISE = re.compile(
    r"^(?:incident(?: report)?(?: on)?|post-?mortem(?: of| for)?|title)\s*:?\s*", re.I
)
_DATE_NOISE = re.compile(
    r"\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+(?:19|20)\d{2})?\b",
    re.I,
)


def title_for_slug(title: str) -> str:
    """The title without leading "Incident on 2021-07-12 -" noise, for the id's slug."""
    text = _DATE_NOISE.sub(" ", title)
    text = _TITLE_NOISE.sub("", text.strip(" -–:,"))
    text = re.sub(r"^[\s,:–-]+", "", text)
    return text if slugify(text) else title


def postmortem_id(title: str, day: date | None, taken: set[str]) -> str:
    if day is not None:
        return make_id(title_for_slug(title), day, taken)
    words = slugify(title_for_slug(title)).split("-")[:7]
    base = "undated-" + ("-".join(w for w in words if w) or "incident")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


_FENCE = re.compile(r"^\s{0,3}(`{3,}(?=[^`]*$)|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(\s+.*|)$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def _headings(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(line index, level, setext) of every heading outside code fences."""
    found: list[tuple[int, int, bool]] = []
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if opening:
            marker = opening.group(1)[0]
            fence = "" if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        atx = _ATX.match(line)
        if atx:
            found.append((index, len(atx.group(1)), False))
        elif (
            index > 0
            and _SETEXT.match(line)
            and lines[index - 1].strip()
            and not _ATX.match(lines[index - 1])
            and (line.strip()[0] == "=" or len(line.strip()) >= 3)
            and (index < 2 or not lines[index - 2].strip())
        ):
            found.append((index - 1, 1 if line.strip()[0] == "=" else 2, True))
    return found


def normalise_headings(text: str) -> tuple[str, int]:
    """When a body has no `## ` sections, shift its headings so the top sections are `## `.

    The first heading stays when it is the title (level 1). Setext headings become ATX
    headings. Returns the text and how many headings changed (0: unchanged).
    """
    lines = text.split("\n")
    headings = _headings(lines)
    if any(level == 2 and not setext for _, level, setext in headings):
        return text, 0
    sections = headings[1:] if headings and headings[0][1] == 1 else headings
    if not sections:
        return text, 0
    shift = min(level for _, level, _ in sections) - 2
    changed = 0
    for index, level, setext in reversed(sections):
        new_level = min(6, max(2, level - shift))
        if setext:
            lines[index : index + 2] = [f"{'#' * new_level} {lines[index].strip()}"]
        elif new_level != level:
            lines[index] = re.sub(r"^\s{0,3}#{1,6}", "#" * new_level, lines[index], count=1)
        else:
            continue
        changed += 1
    return "\n".join(lines), changed


def compose_body(body: str, title: str, front_matter_raw: str | None) -> str:
    """The original body verbatim; a `# title` first when it has none; front matter kept.

    `front_matter_raw` is the original front matter text, passed when some of it has no
    home in the postmortem's own front matter (it is then kept verbatim at the end).
    """
    text = body.replace("\r\n", "\n").strip("\n")
    first = next((line for line in text.split("\n") if line.strip()), "")
    parts = []
    if not re.match(r"^\s{0,3}#\s", first) and not _setext_title(text):
        parts.append(f"# {title}")
    if text:
        parts.append(text)
    if front_matter_raw is not None and front_matter_raw.strip():
        fence = "````" if "```" in front_matter_raw else "```"
        parts.append(
            f"## {ORIGINAL_FRONT_MATTER}\n\n{fence}\n{front_matter_raw.strip(chr(10))}\n{fence}"
        )
    return "\n\n".join(parts) + "\n"


def _setext_title(text: str) -> bool:
    lines = [line for line in text.split("\n")[:3]]
    return (
        len(lines) >= 2 and bool(lines[0].strip()) and bool(re.match(r"^\s{0,3}=+\s*$", lines[1]))
    )


def timeline_records(entries: list[RawEntry]) -> tuple[list[TimelineEntry], bool]:
    """Entries as records, sorted by time (stable); True when sorting changed the order."""
    ordered = sorted(entries, key=lambda e: e.time)
    records = []
    for entry in ordered:
        label = label_of(entry.event)
        event = entry.event if not entry.approximate else f"(approximate time) {entry.event}"
        records.append(
            TimelineEntry(
                time=entry.time,
                event=event or "(no description in the report)",
                phase=PHASES.get(label, ""),
                source=f"report line {entry.line}",
            )
        )
    return records, [e.line for e in ordered] != [e.line for e in entries]
