"""Dates, times, time zones and durations as people write them in incident reports.

The public API, shared by every importer:

- `zone_named(name)` -> Zone | None: "PST", "UTC+1", "GMT+2", "+02:00", "Europe/Berlin".
- `find_zone(text)` -> Zone | None: the zone a sentence states ("All times in PST (UTC-7)").
- `parse_date(text, year)` / `parse_time(text)` / `parse_duration(text)`: whole strings.
- `leading_stamp(text, year)` -> Stamp | None: a date and/or time at the start of a line
  ("2021-06-22 08:21 | ...", "[08:47] ...", "**16:58 UTC** - ...", "Jan 14, 10:18 AM").
- `find_stamp(text, year)` -> Stamp | None: the first date/time anywhere in a line.
- `Clock`: turns stamps into aware datetimes, carrying the date over from the last full
  date (or the report's date) and applying the stated zone, with a warning for each guess
  it refuses to make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Abbreviations as written (standard meaning: PST is UTC-8 even when written in summer).
ZONE_ABBREVIATIONS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "IST": 5.5,
    "CET": 1,
    "CEST": 2,
    "MET": 1,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AEST": 10,
    "AEDT": 11,
    "JST": 9,
    "SGT": 8,
    "HKT": 8,
    "NZST": 12,
    "NZDT": 13,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}
ZONE_WORDS: dict[str, str] = {
    "pacific": "America/Los_Angeles",
    "us/pacific": "America/Los_Angeles",
    "uc/pacific": "America/Los_Angeles",
    "eastern": "America/New_York",
    "us/eastern": "America/New_York",
    "central european": "Europe/Berlin",
    "zurich": "Europe/Zurich",
    "london": "Europe/London",
    "berlin": "Europe/Berlin",
    "copenhagen": "Europe/Copenhagen",
    "amsterdam": "Europe/Amsterdam",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?(?![\d:])"
_DATE_PATTERNS = (
    re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])"),
    re.compile(
        _WEEKDAY
        + _MONTH
        + r"\s+(?P<d>\d{1,2})"
        + _ORD
        + r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?(?![\d:])",
        re.I,
    ),
    re.compile(
        _WEEKDAY
        + r"(?P<d>\d{1,2})"
        + _ORD
        + r"(?:\s+of)?\s+"
        + _MONTH
        + r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?(?![\d:])",
        re.I,
    ),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{2}|\d{4})(?![\d/])"),
)
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?)?"
    r"(?:\s*(?P<ap>[ap]\.?m\b\.?))?(?!\w|:\d|\.\d)",
    re.I,
)
_COMPACT_TIME = re.compile(r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?!\d)")
_ZONE_TOKEN = re.compile(
    r"\(?\s*(?P<zone>(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|"
    + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True))
    + r")\b\s*\)?"
)
_OPEN = re.compile(r"^[\s*_\[(`~>|]*(?:(?:ca\.?|approx\.?|approximately|around|about|at|~)\s*)?")
_CLOSE = re.compile(r"[\s*_\])`~]*")
_SEPARATOR = re.compile(r"\s*(?:[-–—:|,]+\s*)?")
_RANGE = re.compile(r"\s*(?:-|–|—|to|until)\s*")
_GAP = re.compile(r"(?:\s*,\s*|\s+at\s+|\s*T|\s+)(?:(?:ca\.?|approx\.?|~)\s*)?", re.I)
_DURATION_PART = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>d(?:ays?)?|h(?:(?:ou)?rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Zone:
    """A time zone as a report states it: the label written and the tzinfo it means."""

    label: str
    tz: tzinfo


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date and/or time found in a line; `end` is where the rest of the line starts."""

    day: date | None
    clock: time | None
    zone: Zone | None
    approximate: bool
    start: int
    end: int
    text: str


def _fixed(hours: float, label: str) -> Zone:
    return Zone(label, timezone(timedelta(minutes=round(hours * 60))))


def zone_named(name: str) -> Zone | None:
    """The zone for a name or offset: PST, CEST, UTC+1, GMT-7, +02:00, Europe/Berlin."""
    text = name.strip().strip("()").replace("−", "-")
    upper = text.upper()
    if upper in ZONE_ABBREVIATIONS:
        return _fixed(ZONE_ABBREVIATIONS[upper], upper)
    offset = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", upper)
    if offset:
        hours = int(offset.group(2)) + int(offset.group(3) or 0) / 60
        if hours > 14:
            return None
        return _fixed(hours if offset.group(1) == "+" else -hours, text.replace(" ", ""))
    lowered = text.lower()
    if lowered in ZONE_WORDS:
        return Zone(text, ZoneInfo(ZONE_WORDS[lowered]))
    if "/" in text:
        try:
            return Zone(text, ZoneInfo(text))
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


_STATED_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?(?!\d)")
_STATED_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(" + "|".join(a for a in ZONE_ABBREVIATIONS if a != "Z") + r")(?![A-Za-z])"
)
_STATED_IANA = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b")
_STATED_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in ZONE_WORDS) + r")\b", re.I)


def find_zone(text: str) -> Zone | None:
    """The zone a statement names: an explicit offset wins over an abbreviation."""
    for pattern in (_STATED_OFFSET, _STATED_IANA, _STATED_ABBREVIATION, _STATED_WORD):
        match = pattern.search(text)
        if match:
            zone = zone_named(match.group(0))
            if zone is not None:
                return zone
    return None


def _year(text: str | None, default_year: int | None) -> int | None:
    if text is None:
        return default_year
    value = int(text)
    return value + 2000 if value < 100 else value


def _match_date(
    text: str, pos: int, default_year: int | None, anchored: bool
) -> tuple[date, int, int] | None:
    best: tuple[date, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text, pos) if anchored else pattern.search(text, pos)
        if match is None:
            continue
        groups = match.groupdict()
        month = (
            int(groups["m"])
            if groups.get("m")
            else MONTHS.get((groups.get("mon") or "").lower().rstrip("."))
        )
        year = _year(groups.get("y"), default_year)
        if month is None or year is None:
            continue
        try:
            day = date(year, month, int(groups["d"]))
        except ValueError:
            continue
        if best is None or match.start() < best[1]:
            best = (day, match.start(), match.end())
    return best


def _make_time(groups: dict[str, str | None]) -> time | None:
    hour = int(groups["h"] or 0)
    minute = int(groups["mi"] or 0)
    second = int(groups.get("s") or 0)
    meridiem = (groups.get("ap") or "").lower().replace(".", "")
    if groups.get("mi") is None and not meridiem:
        return None
    if meridiem and hour <= 12:
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _match_time(text: str, pos: int, after_date: bool) -> tuple[time, int] | None:
    match = _TIME.match(text, pos)
    if match:
        groups = match.groupdict()
        dotted = groups.get("sep") == "." and not after_date and groups.get("ap") is None
        # "1.27" is more likely a version than a time unless a date precedes it
        if dotted and not re.match(r"\d{1,2}\.\d{2}\s*(?:[-–—:|]|UTC|GMT|$)", text[pos:]):
            return None
        value = _make_time(groups)
        if value is not None:
            return value, match.end()
    if after_date:
        compact = _COMPACT_TIME.match(text, pos)
        if compact:
            return time(int(compact.group("h")), int(compact.group("mi"))), compact.end()
    return None


def _match_zone(text: str, pos: int) -> tuple[Zone, int] | None:
    match = re.compile(r"\s*").match(text, pos)
    start = match.end() if match else pos
    zone_match = _ZONE_TOKEN.match(text, start)
    if zone_match is None:
        return None
    zone = zone_named(zone_match.group("zone"))
    return (zone, zone_match.end()) if zone is not None else None


def _stamp_at(text: str, pos: int, default_year: int | None, anchored: bool) -> Stamp | None:
    found = _match_date(text, pos, default_year, anchored)
    day, start, cursor = found if found else (None, pos, pos)
    clock_found = None
    if day is not None:
        gap = _GAP.match(text, cursor)
        if gap:
            clock_found = _match_time(text, gap.end(), True)
    elif anchored:
        clock_found = _match_time(text, pos, False)
    if day is None and clock_found is None:
        return None
    clock = None
    if clock_found is not None:
        clock, cursor = clock_found
        if day is None:
            start = pos
    zone = None
    cursor = _skip_range(text, cursor) if clock is not None else cursor
    zone_found = _match_zone(text, cursor) if clock is not None else None
    if zone_found is not None:
        zone, cursor = zone_found
    return Stamp(day, clock, zone, False, start, cursor, text[start:cursor])


def _skip_range(text: str, cursor: int) -> int:
    """Skip the end of a range ("08:20 - 08:24", "13:30-13:45 UTC"): the stamp is its start."""
    match = _RANGE.match(text, cursor)
    if match is None:
        return cursor
    end = _match_time(text, match.end(), False)
    return cursor if end is None else end[1]


def leading_stamp(text: str, default_year: int | None = None) -> Stamp | None:
    """A date and/or time at the start of `text`, after markup like `**`, `[`, `~`, `ca.`."""
    opening = _OPEN.match(text)
    pos = opening.end() if opening else 0
    approximate = bool(re.search(r"ca\.?|approx|around|about|~", text[:pos], re.I))
    stamp = _stamp_at(text, pos, default_year, anchored=True)
    if stamp is None:
        return None
    close = _CLOSE.match(text, stamp.end)
    end = close.end() if close else stamp.end
    if re.match(r"~", text[stamp.end : end]) or re.search(r"ca\.|~|approx", stamp.text, re.I):
        approximate = True
    separator = _SEPARATOR.match(text, end)
    end = separator.end() if separator else end
    return Stamp(stamp.day, stamp.clock, stamp.zone, approximate, 0, end, text[:end])


def find_stamp(text: str, default_year: int | None = None) -> Stamp | None:
    """The first date (with its time when one follows) or time anywhere in `text`."""
    stamp = _stamp_at(text, 0, default_year, anchored=False)
    if stamp is not None:
        return stamp
    for match in re.finditer(r"(?<![\d.:/-])\d{1,2}[:.]\d{2}", text):
        found = _stamp_at(text, match.start(), default_year, anchored=True)
        if found is not None:
            return found
    return None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """A date that is the whole of `text` ("2025-03-14", "March 14, 2025", "14/03/25")."""
    stripped = text.strip()
    found = _match_date(stripped, 0, default_year, anchored=True)
    if found is None or stripped[found[2] :].strip(" ,."):
        return None
    return found[0]


def parse_time(text: str) -> time | None:
    """A time of day that is the whole of `text` ("09:02", "5:00 PM", "17:14")."""
    stripped = text.strip()
    found = _match_time(stripped, 0, False)
    if found is None or stripped[found[1] :].strip():
        return None
    return found[0]


def parse_duration(text: str) -> timedelta | None:
    """A stated duration: "8 minutes", "0h 07m", "1d 5h 47m", "1 hour and 48 minutes"."""
    head = re.split(r"[(\[]", text, maxsplit=1)[0]
    parts = list(_DURATION_PART.finditer(head))
    if not parts:
        return None
    total = timedelta()
    for part in parts:
        amount = float(part.group("n"))
        unit = part.group("unit").lower()[0]
        total += {
            "d": timedelta(days=amount),
            "h": timedelta(hours=amount),
            "m": timedelta(minutes=amount),
            "s": timedelta(seconds=amount),
        }[unit]
    return total


def stamp_datetime(day: date, clock: time, zone: Zone) -> datetime:
    """An aware datetime; for IANA zones the offset in force on that day."""
    return datetime.combine(day, clock).replace(tzinfo=zone.tz)


@dataclass(slots=True)
class Clock:
    """Turns a sequence of stamps into aware datetimes, carrying date and zone over.

    `zone` is the zone the report states (None when it states none); `fallback` is used
    when no zone is known at all (the library's), with one warning. `day` starts as the
    report's date and follows every full date seen. A time-only stamp that falls more than
    twelve hours before the previous one is taken to be on the next day (past midnight).
    """

    zone: Zone | None
    fallback: Zone
    day: date | None = None
    previous: datetime | None = None
    warnings: list[str] = field(default_factory=list)
    _warned_zone: bool = False

    def resolve(self, stamp: Stamp, where: str = "") -> datetime | None:
        """The datetime of `stamp`, or None (with a warning) when it has no time of day."""
        prefix = f"{where}: " if where else ""
        if stamp.day is not None:
            self.day = stamp.day
        if stamp.clock is None:
            return None
        if self.day is None:
            self.warnings.append(f"{prefix}'{stamp.text.strip()}' has a time but no date is known")
            return None
        if stamp.zone is not None and self.zone is None:
            self.zone = stamp.zone  # a zone written on one stamp carries over to the next
        zone = stamp.zone or self.zone
        if zone is None:
            zone = self.fallback
            if not self._warned_zone:
                self.warnings.append(
                    f"{prefix}the report states no time zone; times taken as {self.fallback.label}"
                )
                self._warned_zone = True
        value = stamp_datetime(self.day, stamp.clock, zone)
        if (
            stamp.day is None
            and self.previous is not None
            and self.previous - value > timedelta(hours=12)
        ):
            self.day = self.day + timedelta(days=1)
            value = stamp_datetime(self.day, stamp.clock, zone)
        self.previous = value
        return value
