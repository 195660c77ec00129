"""Timeline entries from a report's blocks: tables, lists, `### HH:MM` headings, bare lines.

Dates carry over from the last full date (or the report's date); the zone the report
states applies from where it is stated (a zone stated anywhere applies before that too).
A line that tries to give a time but cannot be read is kept as text with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from secondstory.importers.sections import _ITEM, Block
from secondstory.importers.timeparse import Clock, Stamp, Zone, find_stamp, find_zone, leading_stamp

TIMELINE_SECTIONS = frozenset({"timeline", "key_events"})
MAX_ENTRIES = 2000  # a log, not a report: the rest stays in the body
_ZONE_STATEMENT = re.compile(
    r"\btimes?\b[^.\n]{0,40}?\b(in|are|:)\b|time ?zone|\((?:utc|gmt)\)|^time \(|times in|all times\b",
    re.I,
)
_TIME_HEADER = re.compile(r"time|date|when|hour", re.I)
_ATTEMPT = re.compile(r"^\s*[*_\[(~]*\s*(\d|\?|n/?a\b|tbc|tbd|hh:mm|xx:xx|--:--)", re.I)


@dataclass(slots=True)
class RawEntry:
    time: datetime
    event: str
    line: int
    approximate: bool = False
    key_event: bool = False
    indent: int = 0


@dataclass(slots=True)
class TimelineResult:
    entries: list[RawEntry] = field(default_factory=list)
    key_events: list[RawEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def stated_zone(blocks: list[Block]) -> Zone | None:
    """The first zone the report states ("All times in PST", "| Time (UTC) |")."""
    for block in blocks:
        zone = zone_statement(block)
        if zone is not None:
            return zone
    return None


def zone_statement(block: Block) -> Zone | None:
    if block.kind == "row" and not block.header:
        for cell in block.cells:
            if _TIME_HEADER.search(cell):
                zone = find_zone(cell)
                if zone is not None:
                    return zone
        return None
    statement = block.kind in ("para", "heading", "pseudo") and len(block.text) < 200
    if statement and _ZONE_STATEMENT.search(block.text) and leading_stamp(block.text) is None:
        return find_zone(block.text)
    return None


def _item_text(block: Block) -> str:
    match = _ITEM.match(block.text.split("\n", 1)[0])
    first = match.group(3) if match else block.text
    rest = [line.strip() for line in block.text.split("\n")[1:]]
    return "\n".join([first, *rest]).strip()


def _dense(blocks: list[Block], year: int | None) -> set[str]:
    """Sections (by heading) that are not called timeline but read like one."""
    counts: dict[str, int] = {}
    for block in blocks:
        if block.kind in ("item", "para", "row") and block.section not in TIMELINE_SECTIONS:
            text = _item_text(block) if block.kind == "item" else block.text
            if block.kind == "row":
                text = block.cells[0] if block.cells else ""
            stamp = leading_stamp(text, year)
            if stamp is not None and stamp.clock is not None:
                counts[block.heading] = counts.get(block.heading, 0) + 1
    return {heading for heading, count in counts.items() if count >= 3}


class _Walker:
    def __init__(self, clock: Clock, year: int | None) -> None:
        self.clock = clock
        self.year = year
        self.result = TimelineResult()
        self.current: RawEntry | None = None

    def warn(self, block: Block, message: str) -> None:
        self.result.warnings.append(f"line {block.line}: {message}")

    def start(self, block: Block, stamp: Stamp, event: str, indent: int = 0) -> None:
        when = self.clock.resolve(stamp, f"line {block.line}")
        if when is None:
            self.current = None
            if stamp.clock is None and event.strip():
                self.warn(
                    block, f"timeline entry without a time of day kept as text: '{_short(event)}'"
                )
            return
        entry = RawEntry(when, event.strip(), block.line, stamp.approximate, indent=indent)
        self.result.entries.append(entry)
        self.current = entry

    def extend(self, text: str) -> None:
        if self.current is not None and text.strip():
            joined = f"{self.current.event}\n{text.strip()}" if self.current.event else text.strip()
            self.current.event = joined.strip()

    def heading(self, block: Block) -> None:
        stamp = leading_stamp(block.text, self.year)
        if stamp is None:
            self.current = None
            return
        rest = block.text[stamp.end :]
        if stamp.clock is None:
            self.clock.resolve(stamp)
            self.current = None
            return
        self.start(block, stamp, rest, -1)

    def row(self, block: Block) -> None:
        if not block.header:
            return
        column = next((i for i, h in enumerate(block.header) if _TIME_HEADER.search(h)), 0)
        cells = block.cells + [""] * (len(block.header) - len(block.cells))
        when = cells[column] if column < len(cells) else ""
        event = " | ".join(c for i, c in enumerate(cells) if i != column and c)
        stamp = leading_stamp(when, self.year)
        if stamp is None or (stamp.clock is None and when[stamp.end :].strip()):
            if when.strip() and event:
                self.warn(block, f"time '{when.strip()}' not understood; entry kept as text")
            self.current = None
            return
        self.start(block, stamp, event)

    def line(self, block: Block, text: str, indent: int) -> None:
        stamp = leading_stamp(text, self.year)
        if stamp is not None and (stamp.clock is not None or not text[stamp.end :].strip()):
            self.start(block, stamp, text[stamp.end :], indent)
            return
        if stamp is not None and stamp.clock is None and block.kind == "item":
            self.start(block, stamp, text[stamp.end :], indent)
            return
        if self.current is not None and (block.kind == "para" or indent > self.current.indent):
            raw = "\n".join(line.strip() for line in block.text.split("\n"))
            self.extend(raw if block.kind == "item" else text)
            return
        if _ATTEMPT.match(text) and block.kind == "item":
            self.warn(
                block, f"timeline item without a readable time kept as text: '{_short(text)}'"
            )
        self.current = None

    def key_event(self, block: Block, text: str) -> None:
        stamp = find_stamp(text, self.year)
        if stamp is None or stamp.clock is None:
            if stamp is not None or _ATTEMPT.search(text):
                self.warn(block, f"key event without a readable time: '{_short(text)}'")
            return
        saved = (self.clock.day, self.clock.previous)
        when = self.clock.resolve(stamp, f"line {block.line}")
        self.clock.day, self.clock.previous = saved  # key events summarise; they do not carry dates
        if when is not None:
            label = (text[: stamp.start] + text[stamp.end :]).strip(" :-–*")
            self.result.key_events.append(RawEntry(when, label, block.line, key_event=True))


def _short(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 70 else first[:67] + "..."


def extract_timeline(blocks: list[Block], clock: Clock, year: int | None) -> TimelineResult:
    """Every timestamped event of the report, in the order written."""
    walker = _Walker(clock, year)
    dense = _dense(blocks, year)
    for block in blocks:
        zone = zone_statement(block)
        if zone is not None:
            clock.zone = zone
            _carry_date(block, clock, year)
            continue
        in_timeline = block.section in TIMELINE_SECTIONS or block.heading in dense
        if not in_timeline:
            if block.kind == "heading":
                walker.current = None
                _carry_date(block, clock, year)
            continue
        _visit(walker, block, block.section == "key_events")
    walker.result.warnings += clock.warnings
    entries = walker.result.entries
    if len(entries) > MAX_ENTRIES:
        walker.result.warnings.append(
            f"{len(entries)} timestamped lines: this reads like a log; the first {MAX_ENTRIES} "
            f"became timeline entries, the rest stay in the body only (from line {entries[MAX_ENTRIES].line})"
        )
        del entries[MAX_ENTRIES:]
    _drop_outliers(walker.result)
    return walker.result


def _drop_outliers(result: TimelineResult) -> None:
    """Entries dated far from the rest are most likely typos: keep them as text only.

    Far means over 180 days from the median, or (for entries written in time order) over
    two days before an entry written above them.
    """
    for name in ("entries", "key_events"):
        entries: list[RawEntry] = getattr(result, name)
        if len(entries) < 3:
            continue
        ordered = sorted(e.time for e in entries)
        median = ordered[len(ordered) // 2]
        kept: list[RawEntry] = []
        for entry in entries:
            latest = max((e.time for e in kept), default=entry.time)
            if abs(entry.time - median) > timedelta(days=180) or latest - entry.time > timedelta(
                days=2
            ):
                result.warnings.append(
                    f"line {entry.line}: {entry.time.date().isoformat()} is far from the other dates "
                    "(a typo?); entry kept as text only"
                )
            else:
                kept.append(entry)
        setattr(result, name, kept)


def _carry_date(block: Block, clock: Clock, year: int | None) -> None:
    stamp = find_stamp(block.text, year) if block.kind != "row" else None
    if stamp is not None and stamp.day is not None and stamp.clock is None:
        clock.day = stamp.day


def _visit(walker: _Walker, block: Block, key_events: bool) -> None:
    if block.kind == "heading":
        walker.heading(block)
    elif block.kind == "pseudo":
        walker.current = None
    elif block.kind == "row":
        walker.row(block)
    elif block.kind == "item":
        text = _item_text(block)
        if key_events:
            walker.key_event(block, text)
        else:
            walker.line(block, text, block.level)
    elif block.kind == "para":
        walker.line(block, block.text, 0)
    elif block.kind == "fence":
        walker.extend(block.text)


def has_timeline(blocks: list[Block]) -> bool:
    """Whether the report has a timeline: a section called so, or lines that read like one."""
    return any(b.section in TIMELINE_SECTIONS for b in blocks) or bool(_dense(blocks, 2000))
