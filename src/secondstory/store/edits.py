"""Programmatic edits of a postmortem's structured parts: factors, timeline, front matter.

Each edit changes only what it must (store.roundtrip) and checks its input against the
format's field table first, so a command can never write what `validate` would reject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from secondstory.errors import UsageError
from secondstory.model.choices import nearest_choice
from secondstory.model.fields import FACTOR_KINDS, KNOWN, PHASES, RECORDS, Field
from secondstory.model.owners import owner_is_person
from secondstory.model.records import Postmortem, TimelineEntry
from secondstory.store.advice import review_config, wording_warnings
from secondstory.store.coerce import Coercer
from secondstory.store.files import refuse_unreadable
from secondstory.store.library import FACTORS_FILE, POSTMORTEM_FILE, TIMELINE_FILE, Library
from secondstory.store.loader import load_postmortem, unusable
from secondstory.store.roundtrip import append_items, edit_front_matter, insert_item
from secondstory.store.setcheck import check_change
from secondstory.store.writer import ensure_participant, find_postmortem_dir


def _load(library: Library, pm_id: str, *files: str) -> Postmortem:
    """The postmortem, refusing it when it or one of `files` (names) cannot be read."""
    folder = find_postmortem_dir(library, pm_id)
    loaded = load_postmortem(folder, library.root)
    refuse_unreadable(loaded.problems, (POSTMORTEM_FILE, *files), library.root)
    if loaded.postmortem is None:
        raise unusable(f"cannot edit {pm_id}", loaded.problems, library.root)
    return loaded.postmortem


def _choice(value: str, choices: tuple[str, ...], option: str) -> None:
    if value and value not in choices:
        meant = nearest_choice(value, choices)
        raise UsageError(
            f"{option} '{value}' is not one of: {', '.join(choices)}",
            hint=f"did you mean {option} {meant}?" if meant else f"give {option} one of them",
        )


@dataclass(frozen=True, slots=True)
class AddedFactor:
    path: Path
    factor_id: str
    warnings: list[str]  # what lint's blame and counterfactual rules say of the summary


def add_factor(
    library: Library, pm_id: str, kind: str, summary: str, phase: str = "", factor_id: str = ""
) -> AddedFactor:
    """Append a contributing factor (next id F<n>); its summary is written even when lint's
    phrase rules find blame or hindsight in it, and their findings come back as warnings."""
    _choice(kind, FACTOR_KINDS, "--kind")
    _choice(phase, PHASES, "--phase")
    if not summary.strip():
        raise UsageError("--summary is empty", hint="state the condition, not a culprit")
    pm = _load(library, pm_id, FACTORS_FILE)
    existing = [f.id for f in pm.factors]
    numbers = [int(i[1:]) for i in existing if i[:1] == "F" and i[1:].isdigit()]
    new_id = factor_id or f"F{max(numbers, default=0) + 1}"
    if new_id in existing:
        free = f"F{max(numbers, default=0) + 1}"
        raise UsageError(
            f"factor id '{new_id}' already exists in {pm.id}",
            hint=f"leave out --id to get the next free one ({free}), or give another id",
        )
    item: dict[str, Any] = {"id": new_id, "kind": kind, "summary": summary.strip()}
    if phase:
        item["phase"] = phase
    config, warnings = review_config(library)
    warnings += wording_warnings(config, pm, [("--summary", summary, False)])
    path = pm.directory / FACTORS_FILE
    append_items(path, [item])
    return AddedFactor(path, new_id, warnings)


@dataclass(frozen=True, slots=True)
class AddedParticipant:
    path: Path
    added: bool  # False: they were a participant already, and nothing changed
    role: str  # the role now written for them
    warnings: list[str] = field(default_factory=list)


def add_participant(library: Library, pm_id: str, name: str, role: str = "") -> AddedParticipant:
    """Add `name` (with `role`) to the participants in the front matter; only the lines
    of the new entry are written. Someone already listed is left as they are."""
    name, role = name.strip(), role.strip()
    if not name:
        raise UsageError("the name is empty", hint="name the person as the postmortem does")
    pm = _load(library, pm_id)
    main = pm.directory / POSTMORTEM_FILE
    listed = next((p for p in pm.participants if p.name == name), None)
    if listed is not None:
        return AddedParticipant(main, False, listed.role)
    ensure_participant(main, name, role)
    config, warnings = review_config(library)
    if not owner_is_person(name, config.team_words):  # added anyway, as `action add` does
        warnings.append(
            f"'{name}' does not look like one person: participants are the people who took "
            "part; name each of them (a team cannot own an action item or write an account)"
        )
    return AddedParticipant(main, True, role, warnings)


def add_timeline_entry(library: Library, pm_id: str, entry: TimelineEntry) -> tuple[Path, int]:
    """Insert a timeline entry at its place in time order; returns the file and its 1-based position."""
    if entry.time is None:
        raise UsageError(
            "--time is missing", hint="say when, e.g. --time 2025-06-03T10:01:00+02:00"
        )
    if entry.time.tzinfo is None:
        raise UsageError(
            f"--time {entry.time.isoformat()} has no time zone",
            hint=library.offset_hint(entry.time),
        )
    if not entry.event.strip():
        raise UsageError("--event is empty", hint="say what happened or what was done")
    _choice(entry.known, KNOWN, "--known")
    _choice(entry.phase, PHASES, "--phase")
    pm = _load(library, pm_id, TIMELINE_FILE)
    position = sum(1 for e in pm.timeline if e.time is not None and e.time <= entry.time)
    item: dict[str, Any] = {"time": entry.time}
    for name in (
        "actor",
        "event",
        "outcome",
        "expectation",
        "assumption",
        "known",
        "phase",
        "source",
    ):
        value = getattr(entry, name)
        if value:
            item[name] = value
    path = pm.directory / TIMELINE_FILE
    insert_item(path, position, item)
    return path, position + 1


SETTABLE = (
    "title",
    "status",
    "severity",
    "services",
    "tags",
    "started",
    "detected",
    "mitigated",
    "resolved",
    "review_date",
    "facilitator",
    "visibility",
    "related",
)


def set_field(library: Library, pm_id: str, name: str, value: str) -> tuple[Path, list[str], bool]:
    """Set one front-matter field from text (lists comma-separated; empty clears it).

    Refuses a value `validate` would reject; returns the file, the warnings it gives and
    whether the file changed (the field may already have the value)."""
    if name not in SETTABLE:
        raise UsageError(
            f"'{name}' is not a field 'secondstory set' can change",
            hint=_unsettable_hint(pm_id, name),
        )
    spec = next(f for f in RECORDS["postmortem"] if f.name == name)
    pm = _load(library, pm_id)
    main = pm.directory / POSTMORTEM_FILE
    coercer = Coercer(main)
    parsed: Any = None
    if value.strip():
        raw: Any = (
            [v.strip() for v in value.split(",") if v.strip()]
            if spec.kind == "strlist"
            else value.strip()
        )
        parsed = coercer.value(spec, _ylist(raw) if isinstance(raw, list) else raw, 1, 1)
    if coercer.problems:  # its own example gives way to the hint's, which is for this library
        message = coercer.problems[0].message.partition(" (")[0].partition("; did you mean")[0]
        raise UsageError(message, hint=_set_hint(library, pm.id, spec, value))
    if name == "severity" and parsed and parsed not in library.severities:
        raise UsageError(
            f"severity '{parsed}' is not one of: {', '.join(library.severities)}",
            hint=severity_hint(parsed, library.severities),
        )
    warnings = check_change(library, pm, spec, parsed)

    def mutate(data: CommentedMap) -> None:
        if isinstance(parsed, list):
            seq = CommentedSeq(parsed)
            seq.fa.set_flow_style()
            data[name] = seq
        else:
            data[name] = parsed

    changed = edit_front_matter(main, mutate)
    return main, warnings, changed


def _unsettable_hint(pm_id: str, name: str) -> str:
    if name == "participants":
        return f"add someone with: secondstory participant add {pm_id} NAME --role ROLE"
    meant = nearest_choice(name, SETTABLE)
    settable = f"the fields it can change: {', '.join(SETTABLE)}"
    return f"did you mean '{meant}'? {settable}" if meant else settable


def _set_hint(library: Library, pm_id: str, spec: Field, value: str) -> str:
    """What to write instead of a value of `spec` that does not parse."""
    text = value.strip()
    if spec.kind == "enum":
        meant = nearest_choice(text, spec.choices) or spec.choices[0]
        return f"write one of them, e.g. secondstory set {pm_id} {spec.name} {meant}"
    if spec.kind == "datetime":
        try:
            return library.offset_hint(datetime.fromisoformat(text.replace(" ", "T", 1)))
        except ValueError:
            return "write an ISO 8601 time with its UTC offset, e.g. 2025-06-03T09:13:41+02:00"
    if spec.kind == "date":
        return "write the day as YYYY-MM-DD, e.g. 2025-06-05"
    return f"see docs/format.md for what '{spec.name}' holds"


def severity_hint(value: str, severities: tuple[str, ...]) -> str:
    """Which severity was meant, or how to add a level to the library."""
    meant = next((s for s in severities if s.lower() == value.strip().lower()), None)
    if meant:
        return f"did you mean {meant}? (the levels are [library] severities in secondstory.toml)"
    return "use one of them, or add the level to [library] severities in secondstory.toml"


def _ylist(items: list[str]) -> Any:
    from secondstory.store.yamlio import YList

    out = YList(1, 1)
    for item in items:
        out.append(item)
        out.positions.append((1, 1))
    return out
