"""Merge imported entries into an existing postmortem without disturbing what is there.

Timeline entries go in time order among the existing ones (after entries at the same
time), skipping any whose source id (the first word of `source:`) is already present, or
whose time and text equal an existing entry's. Empty timestamps in the front matter are
filled; timestamps the user wrote are kept. Action items are appended with fresh ids,
skipping those already there (same tracker link or same text).

All edits go through store.roundtrip (comment- and layout-preserving) on temporary copies
beside the real files; the real files are replaced only once every edit has succeeded.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from secondstory.errors import FileProblem, SecondstoryError, UsageError
from secondstory.importers.imported import TIMESTAMPS, ImportedAction, ImportedEntry, ImportResult
from secondstory.store import yamlio
from secondstory.store.files import editable, read_text
from secondstory.store.library import ACTIONS_FILE, POSTMORTEM_FILE, TIMELINE_FILE
from secondstory.store.roundtrip import (
    append_items,
    edit_front_matter,
    insert_items,
    item_spans,
)

_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class MergeReport:
    directory: Path
    added: int = 0
    duplicates: int = 0
    timestamps_set: dict[str, datetime] = field(default_factory=dict)
    timestamps_kept: dict[str, str] = field(default_factory=dict)  # name -> the user's value
    timestamps_out_of_order: dict[str, str] = field(default_factory=dict)  # name -> why not set
    actions_added: int = 0
    participants_added: list[str] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class _Existing:
    time: datetime | None
    source_id: str
    event: str


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _load_items(path: Path) -> list[Any]:
    if not path.exists():
        return []
    try:
        data = yamlio.load(read_text(path))
    except yamlio.YamlSyntaxError as exc:
        raise UsageError(
            f"{path}:{exc.line}:{exc.column}: cannot merge into it, YAML syntax: {exc.message}",
            hint="fix the file (see 'secondstory validate') and import again",
        ) from None
    return list(data) if isinstance(data, list) else []


def existing_entries(path: Path) -> list[_Existing]:
    items = _load_items(path)
    out = []
    for item in items:
        item = item if isinstance(item, dict) else {}
        source = str(item.get("source") or "")
        out.append(
            _Existing(
                _parse_time(item.get("time")),
                source.split(" ", 1)[0],
                _key(str(item.get("event") or "")),
            )
        )
    return out


def plan_timeline(
    existing: list[_Existing], entries: list[ImportedEntry]
) -> tuple[list[tuple[int, ImportedEntry]], int]:
    """(index among the existing items, entry) for every new entry, in time order; and the
    number of duplicates skipped."""
    seen_ids = {e.source_id for e in existing if e.source_id}
    seen_text = {(e.time, e.event) for e in existing if e.time is not None}
    plan: list[tuple[int, ImportedEntry]] = []
    duplicates = 0
    for entry in sorted(entries, key=lambda e: e.time):
        if entry.source_id in seen_ids or (entry.time, _key(entry.event)) in seen_text:
            duplicates += 1
            continue
        seen_ids.add(entry.source_id)
        seen_text.add((entry.time, _key(entry.event)))
        index = next(
            (i for i, old in enumerate(existing) if old.time is not None and old.time > entry.time),
            len(existing),
        )
        plan.append((index, entry))
    return plan, duplicates


def apply_timeline(path: Path, plan: list[tuple[int, ImportedEntry]], total: int) -> None:
    """Splice every planned entry in before existing item `index`, in one write."""
    if not plan:
        return
    text = read_text(path) if path.exists() else ""
    if len(item_spans(text.removeprefix("\ufeff"), path)) != total:
        raise UsageError(f"{path}: the timeline changed while importing; run the import again")
    insert_items(path, [(index, entry.as_item()) for index, entry in plan])


def _next_action_ids(items: list[Any]) -> tuple[int, set[str], set[str]]:
    numbers = [0]
    trackers, texts = set(), set()
    for item in items:
        if not isinstance(item, dict):
            continue
        match = re.fullmatch(r"A(\d+)", str(item.get("id") or ""))
        if match:
            numbers.append(int(match.group(1)))
        trackers.add(str(item.get("tracker") or ""))
        texts.add(_key(str(item.get("what") or "")))
    return max(numbers) + 1, trackers - {""}, texts


def new_actions(path: Path, actions: list[ImportedAction]) -> list[dict[str, object]]:
    number, trackers, texts = _next_action_ids(_load_items(path))
    out = []
    for action in actions:
        if (action.tracker and action.tracker in trackers) or _key(action.what) in texts:
            continue
        trackers.add(action.tracker)
        texts.add(_key(action.what))
        out.append(action.as_item(f"A{number}"))
        number += 1
    return out


def front_matter_edit(result: ImportResult, report: MergeReport) -> Any:
    """A roundtrip mutation: fill empty timestamps, add missing participants."""

    def mutate(data: CommentedMap) -> None:
        for name in TIMESTAMPS:
            value = getattr(result, name)
            if value is None:
                continue
            current = data.get(name)
            if current in (None, ""):
                clash = _out_of_order(data, name, value)
                if clash:
                    report.timestamps_out_of_order[name] = clash
                    continue
                data[name] = value
                report.timestamps_set[name] = value
            elif _parse_time(str(current).replace(" ", "T", 1)) != value:
                report.timestamps_kept[name] = str(current)
        people = data.get("participants")
        if not isinstance(people, list):
            return
        names = {p.get("name") for p in people if isinstance(p, dict)}
        for person, role in result.participants:
            if person not in names:
                people.append(CommentedMap([("name", person), ("role", role)]))
                report.participants_added.append(person)

    return mutate


def _out_of_order(data: CommentedMap, name: str, value: datetime) -> str:
    """Which of the user's timestamps `value` would contradict ('' when none)."""
    position = TIMESTAMPS.index(name)
    for other in TIMESTAMPS:
        theirs = _parse_time(str(data.get(other) or "").replace(" ", "T", 1))
        if other == name or theirs is None:
            continue
        if (TIMESTAMPS.index(other) < position and value < theirs) or (
            TIMESTAMPS.index(other) > position and value > theirs
        ):
            return f"{value.isoformat()} would put it on the wrong side of your {other} ({theirs.isoformat()})"
    return ""


def refuse_links_out(directory: Path) -> None:
    """Refuse a postmortem a merge would edit through a link out of the library (SS001)."""
    for name in (POSTMORTEM_FILE, TIMELINE_FILE, ACTIONS_FILE):
        editable(directory / name)


def merge_into(directory: Path, result: ImportResult) -> MergeReport:
    """Merge `result` into the postmortem in `directory`; all files change, or none."""
    refuse_links_out(directory)
    report = MergeReport(directory)
    staged: dict[Path, Path] = {}
    existing = existing_entries(directory / TIMELINE_FILE)
    plan, report.duplicates = plan_timeline(existing, result.timeline)
    actions = new_actions(directory / ACTIONS_FILE, result.actions)
    try:
        apply_timeline(_stage(directory / TIMELINE_FILE, staged), plan, len(existing))
        report.added = len(plan)
        if actions:
            append_items(_stage(directory / ACTIONS_FILE, staged), actions)
            report.actions_added = len(actions)
        edit_front_matter(
            _stage(directory / POSTMORTEM_FILE, staged), front_matter_edit(result, report)
        )
        _commit_staged(staged, report)
    except SecondstoryError as exc:
        error = FileProblem if isinstance(exc, FileProblem) else UsageError
        raise error(_real_names(str(exc.message), staged), hint=exc.hint) from None
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # an edit the file defeats
        where = ", ".join(p.name for p in staged) or directory.name
        raise UsageError(
            f"{directory}: could not edit {where} in place ({type(exc).__name__}: {exc}); "
            "nothing was changed",
            hint="check the files with 'secondstory validate'; a byte-order mark or unusual "
            "layout at the top of the file can cause this",
        ) from None
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return report


def _real_names(message: str, staged: dict[Path, Path]) -> str:
    for real, temporary in staged.items():
        message = message.replace(str(temporary), str(real))
    return message


def _stage(path: Path, staged: dict[Path, Path]) -> Path:
    path = editable(path)  # a link out of the library is refused; one inside, followed
    temporary = path.with_name(f".{path.name}.import")
    if path.exists():
        shutil.copy2(path, temporary)
    else:
        temporary.write_text("", encoding="utf-8")
    staged[path] = temporary
    return temporary


def _commit_staged(staged: dict[Path, Path], report: MergeReport) -> None:
    for real, temporary in staged.items():
        before = real.read_bytes() if real.exists() else b""
        if temporary.read_bytes() != before:
            os.replace(temporary, real)
            report.changed.append(real)
