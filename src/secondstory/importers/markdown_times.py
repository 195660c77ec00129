"""started / detected / mitigated / resolved from what a report states.

In order of trust: labelled key events ("First detected 2021-07-12 15:44"), labelled
timeline events ("Outage begins", "Issue detected", "Incident resolved"), an impact window
stated in prose ("from 15:30 to 18:10 UTC"), and the first timeline entry for `started`.
Stated durations ("Time to detection: 8 minutes") fill a missing value only when anchored
on a known one. Every choice that is not a plain reading is recorded as a note.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from secondstory.importers.markdown_timeline import RawEntry
from secondstory.importers.sections import Block
from secondstory.importers.timeparse import Clock, leading_stamp, parse_duration

FIELDS = ("started", "detected", "mitigated", "resolved")
PHASES = {
    "started": "trigger",
    "detected": "detection",
    "mitigated": "containment",
    "resolved": "resolution",
}
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NOT = r"(?<!not )(?<!n't )(?<!un)"
LABELS: dict[str, re.Pattern[str]] = {
    "started": re.compile(
        r"outage (begins|starts|started|began)|start of (the )?(incident|outage|impact|problem)"
        r"|incident (starts?|begins|began)|problem (starts?|started|begins)"
        r"|\((problem|incident|outage|impact) started\)|(impact|outage|downtime) (starts|begins|began)"
        r"|\bimpact start|drops? to (zero|0)\b|reaches 0 ?%|starts? degrading",
        re.I,
    ),
    "detected": re.compile(
        r"first detected|fault detected|\bdetected\b|\*\*detection|^detection\b|\bdetects\b"
        r"|\bfirst\b[^.]{0,30}\b(instance|report|sign|alert|page|noticed)|\bnotic(e|es|ed|ing)\b"
        r"|alerts? (fired|fires|triggered)|alerted|became aware|\breali[sz](e|es|ed)\b"
        r"|\b(was|were|is|first) (noticed|reported|discovered)|^(noticed|discovered)|paged\b"
        r"|received (an |a )?(alert|report)|\breport(s|ed)? (on|in|via|to|by|that)\b"
        r"|\b(user|customer|developer)s? (reported|reports?|reporting)\b|\breports?\b[^\n]{0,80}\b(issue|outage|error|down)"
        r"|incident (is )?declared|^\*\*discovery|problem (is )?identified|\bwitnessed\b"
        r"|ticket\b[^\n]{0,80}\bopened|\bopened\b[^\n]{0,80}\bticket|\b(informed|notified) (of|about|us)\b"
        r"|\breach(ed|ing|es)? out\b",
        re.I,
    ),
    "mitigated": re.compile(
        _NOT + r"\brepaired\b|\bmitigated\b|service resumes|workaround (applied|in place)"
        r"|impact (ends|ended|mitigated)|solved the issue",
        re.I,
    ),
    "resolved": re.compile(
        _NOT
        + r"\bresolved\b|outage ends|incident (ends|ended|over|closed)|end of (the )?(incident|outage)"
        r"|fully (recovered|restored|operational|functional)|back to normal|returns? to normal"
        r"|(incident|outage) to an end"
        r"|all systems (verified )?operational|service (is |was )?(fully )?restored|\*\*recovery"
        r"|confirmed to be functional|(services?|site|hub) (is |are )?back (up|online)"
        r"|working as intended|service operational|permanently fixed|resolution (is )?(confirmed|complete)"
        r"|\b(is|are) healthy\b|\b(goes|went) away\b|once again (merging|working|running|serving)"
        r"|\b(now|again)\b[^.]{0,40}\b(fine|working)\b|\b(fine|working|works) again\b",
        re.I,
    ),
}
KEY_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("detected", re.compile(r"detected", re.I)),
    ("mitigated", re.compile(r"repaired|mitigated", re.I)),
    ("resolved", re.compile(r"resolved", re.I)),
    ("started", re.compile(r"start|began|begin", re.I)),
    ("declared", re.compile(r"declared", re.I)),
)
_STATED = re.compile(
    r"time to (detection|detect|recovery|recover|repair|resolve|resolution|mitigat\w*)\W*\s*(.*)$",
    re.I,
)
_WINDOW = re.compile(
    r"\b(?:from|between)\s+(?P<a>[^.;]{1,40}?)\s+(?:to|and|until|through)\s+(?P<b>[^.;]{1,40}?)"
    r"(?=[.,;)]|\s+(?:UTC|GMT)?\s*(?:\.|,|$)|$)",
    re.I,
)
DURATION_ANCHORS = {
    "detection": ("started", "detected"),
    "detect": ("started", "detected"),
    "recovery": ("started", "resolved"),
    "recover": ("started", "resolved"),
    "repair": ("detected", "mitigated"),
    "resolve": ("detected", "resolved"),
    "resolution": ("detected", "resolved"),
    "mitigation": ("detected", "mitigated"),
}


@dataclass(slots=True)
class StatedDuration:
    kind: str  # detection, recovery, repair, resolve...
    value: timedelta | None
    text: str
    line: int

    @property
    def anchors(self) -> tuple[str, str]:
        return DURATION_ANCHORS.get(self.kind.lower(), ("detected", "mitigated"))


@dataclass(slots=True)
class Timestamps:
    values: dict[str, datetime] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    stated: list[StatedDuration] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)
def label_of(event: str) -> str:
    """Which of the four moments an event's wording marks, or "" (its first 1500 characters,
    links reduced to their text)."""
    head = _LINK.sub(r"\1", event[:3000])[:1500]
    for name in ("resolved", "started", "mitigated", "detected"):
        if LABELS[name].search(head):
            return name
    return ""


def stated_durations(blocks: list[Block]) -> list[StatedDuration]:
    found = []
    for block in blocks:
        if block.kind not in ("item", "para", "pseudo"):
            continue
        text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", block.text.split("\n", 1)[0]).replace(
            "*", ""
        )
        match = _STATED.match(text.strip())
        if match:
            kind = match.group(1).lower()
            kind = "mitigation" if kind.startswith("mitigat") else kind
            found.append(
                StatedDuration(
                    kind, parse_duration(match.group(2)), match.group(2).strip(), block.line
                )
            )
    return found


def compute_timestamps(
    entries: list[RawEntry],
    key_events: list[RawEntry],
    blocks: list[Block],
    clock: Clock,
    year: int | None,
) -> Timestamps:
    result = Timestamps(stated=stated_durations(blocks))
    _from_key_events(result, key_events)
    _from_entries(result, entries)
    _from_window(result, blocks, clock, year)
    _first_entry_start(result, entries, key_events)
    _start_from_durations(result, entries)
    _from_durations(result)
    _drop_late_start(result, entries, key_events)
    _enforce_order(result)
    return result


def _drop_late_start(
    result: Timestamps, entries: list[RawEntry], key_events: list[RawEntry]
) -> None:
    """A labelled start after detection is the wrong event: fall back to the first entry."""
    started, detected = result.values.get("started"), result.values.get("detected")
    if started is None or detected is None or started <= detected:
        return
    result.notes.append(
        f"the event labelled as the start ({result.how['started']}) comes after detection; not used"
    )
    del result.values["started"], result.how["started"]
    _first_entry_start(result, entries, key_events)


def _set(result: Timestamps, name: str, value: datetime, how: str) -> None:
    if name in FIELDS and name not in result.values:
        result.values[name] = value
        result.how[name] = how


def _from_key_events(result: Timestamps, key_events: list[RawEntry]) -> None:
    declared = None
    for event in key_events:
        name = next((n for n, pattern in KEY_LABELS if pattern.search(event.event)), "")
        if name == "declared":
            declared = declared or event
        elif name:
            _set(result, name, event.time, f"key event on line {event.line}: '{event.event}'")
    if declared is not None and "detected" not in result.values:
        _set(result, "detected", declared.time, f"incident declared (line {declared.line})")
        result.notes.append(
            f"detected taken from when the incident was declared (line {declared.line})"
        )


def _from_entries(result: Timestamps, entries: list[RawEntry]) -> None:
    for index, entry in enumerate(entries):
        name = label_of(entry.event)
        if name == "resolved" and (
            "resolved" in result.values or (index == 0 and len(entries) > 1)
        ):
            continue  # the first event of a timeline is not its resolution
        if name:
            _set(result, name, entry.time, f"timeline line {entry.line}")
    if "detected" not in result.values:
        for entry in entries:
            if LABELS["detected"].search(entry.event):
                _set(result, "detected", entry.time, f"timeline line {entry.line}")
                break


def _from_window(result: Timestamps, blocks: list[Block], clock: Clock, year: int | None) -> None:
    if "started" in result.values and "resolved" in result.values:
        return
    for block in blocks:
        if block.kind not in ("para", "item") or block.section not in ("", "summary", "impact"):
            continue
        for match in _WINDOW.finditer(block.text):
            start = leading_stamp(match.group("a"), year)
            end = leading_stamp(match.group("b"), year)
            if not (start and end and start.clock and end.clock):
                continue
            probe = Clock(clock.zone, clock.fallback, clock.day)
            first, last = probe.resolve(start), probe.resolve(end)
            if first is None or last is None or last < first:
                continue
            how = f"impact window stated on line {block.line}: '{match.group(0).strip()}'"
            _set(result, "started", first, how)
            _set(result, "resolved", last, how)
            clock.warnings += [w for w in probe.warnings if w not in clock.warnings]
            return


def _first_entry_start(
    result: Timestamps, entries: list[RawEntry], key_events: list[RawEntry]
) -> None:
    if "started" in result.values:
        return
    times = [e for e in entries if not e.approximate] or entries
    if not times:
        return
    first = min(times, key=lambda e: e.time)
    known = [v for v in result.values.values()]
    if known and min(known) < first.time:
        return
    _set(result, "started", first.time, f"first timeline entry (line {first.line})")
    result.notes.append(
        f"started taken from the first timeline entry (line {first.line}); no start is labelled"
    )


def _start_from_durations(result: Timestamps, entries: list[RawEntry]) -> None:
    """A start taken from the first entry gives way to the entry a stated duration points at."""
    if not result.how.get("started", "").startswith("first timeline entry"):
        return
    for stated in result.stated:
        anchor, target = stated.anchors
        if anchor != "started" or stated.value is None:
            continue
        for name in ("mitigated", "resolved") if target == "resolved" else (target,):
            known = result.values.get(name)
            if known is None:
                continue
            candidate = known - stated.value
            entry = next(
                (e for e in entries if abs(e.time - candidate) <= timedelta(minutes=1)), None
            )
            if entry is None or entry.time == result.values["started"]:
                continue
            result.values["started"] = entry.time
            result.how["started"] = (
                f"timeline line {entry.line}, where the stated time to {stated.kind} points"
            )
            result.notes.append(
                f"started is the entry on line {entry.line}: {name} minus the stated time to "
                f"{stated.kind} '{stated.text}' (line {stated.line})"
            )
            return


def _from_durations(result: Timestamps) -> None:
    for stated in result.stated:
        anchor, target = stated.anchors
        if stated.value is None or target in result.values or anchor not in result.values:
            continue
        if "support hours" in stated.text.lower():
            continue
        value = result.values[anchor] + stated.value
        _set(
            result,
            target,
            value,
            f"{anchor} + stated time to {stated.kind} ({stated.text}, line {stated.line})",
        )
        result.notes.append(
            f"{target} derived: {anchor} + time to {stated.kind} '{stated.text}' (line {stated.line})"
        )


def _enforce_order(result: Timestamps) -> None:
    kept: tuple[str, datetime] | None = None
    for name in FIELDS:
        value = result.values.get(name)
        if value is None:
            continue
        if kept is not None and value < kept[1]:
            del result.values[name]
            result.notes.append(
                f"{name} {value.isoformat()} is before {kept[0]} {kept[1].isoformat()} in the report; left empty"
            )
            continue
        kept = (name, value)
