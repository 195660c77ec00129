"""Programmatic edits of action items, round-tripping the user's files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from secondstory.errors import UsageError
from secondstory.model.fields import ACTION_KINDS
from secondstory.model.records import Postmortem, is_placeholder
from secondstory.store.advice import review_config, wording_warnings
from secondstory.store.files import refuse_unreadable
from secondstory.store.library import ACTIONS_FILE, POSTMORTEM_FILE, Library
from secondstory.store.loader import load_postmortem, unusable
from secondstory.store.roundtrip import append_items
from secondstory.store.writer import find_postmortem_dir
from secondstory.track.actions import owner_warnings


@dataclass(slots=True)
class NewAction:
    what: str
    owner: str = ""
    due: date | None = None
    done_when: list[str] = field(default_factory=list)
    verify: str = ""
    kind: str = ""
    addresses: list[str] = field(default_factory=list)
    tracker: str = ""
    project: bool = False
    action_id: str = ""


@dataclass(slots=True)
class AddedAction:
    path: Path
    action_id: str
    warnings: list[str]


def next_action_id(existing: list[str]) -> str:
    numbers = [int(i[1:]) for i in existing if i[:1] == "A" and i[1:].isdigit()]
    return f"A{max(numbers, default=0) + 1}"


def _item(spec: NewAction, action_id: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": action_id, "what": spec.what.strip()}
    optional: dict[str, Any] = {
        "owner": spec.owner,
        "due": spec.due,
        "done_when": spec.done_when,
        "verify": spec.verify,
        "kind": spec.kind,
        "addresses": spec.addresses,
    }
    item.update({k: v for k, v in optional.items() if v})
    item["status"] = "open"
    if spec.tracker:
        item["tracker"] = spec.tracker
    if spec.project:
        item["project"] = True
    return item


def add_action(
    library: Library, pm_id: str, spec: NewAction, today: date | None = None
) -> AddedAction:
    """Append an action item to a postmortem's actions.yaml; returns where, its id and the
    warnings lint and validate would later give about it (the item is added regardless)."""
    if not spec.what.strip():
        raise UsageError("--what is empty", hint="say concretely what will change")
    if spec.kind and spec.kind not in ACTION_KINDS:
        raise UsageError(
            f"--kind must be one of: {', '.join(ACTION_KINDS)}",
            hint="detect: see it sooner; contain: limit it; resolve: end it; prevent: stop it",
        )
    folder = find_postmortem_dir(library, pm_id)
    loaded = load_postmortem(folder, library.root)
    refuse_unreadable(loaded.problems, (POSTMORTEM_FILE, ACTIONS_FILE), library.root)
    pm = loaded.postmortem
    if pm is None:
        raise unusable(f"cannot add to {pm_id}", loaded.problems, library.root)
    existing = [a.id for a in pm.actions]
    action_id = spec.action_id or next_action_id(existing)
    if action_id in existing:
        raise UsageError(
            f"action id '{action_id}' already exists in {pm.id}",
            hint=f"leave out --id to get the next free one ({next_action_id(existing)}), "
            "or give another id",
        )
    _check_addresses(spec, {f.id for f in pm.factors})
    config, warnings = review_config(library)
    warnings += owner_warnings(spec.owner, pm, config.team_words)
    warnings += _missing(spec)
    warnings += due_warnings(spec, pm, config.action_window_days, today or date.today())
    texts = [("--what", spec.what, True), ("--verify", spec.verify, False)]
    texts += [("--done-when", text, False) for text in spec.done_when]
    warnings += wording_warnings(config, pm, texts)
    path = folder / ACTIONS_FILE
    append_items(path, [_item(spec, action_id)])
    return AddedAction(path, action_id, warnings)


def _check_addresses(spec: NewAction, factors: set[str]) -> None:
    unknown = [f for f in spec.addresses if f not in factors]
    if unknown:
        raise UsageError(
            f"--addresses names factors that do not exist: {', '.join(unknown)}",
            hint=f"known factors: {', '.join(sorted(factors)) or 'none yet'}",
        )


def _missing(spec: NewAction) -> list[str]:
    warnings = []
    if all(is_placeholder(text) for text in spec.done_when):
        warnings.append(_lacking("--done-when", spec.done_when, "say concretely when it is done"))
    if is_placeholder(spec.verify):
        warnings.append(_lacking("--verify", [spec.verify], "say how you will check that it works"))
    return warnings


def _lacking(option: str, texts: list[str], advice: str) -> str:
    """A missing option, or one that holds only a placeholder ("n/a", "TBD"), which lint
    (AI605, AI606) reads as nothing written."""
    written = next((text.strip() for text in texts if text.strip()), "")
    if written:
        return f"{option} '{written}' is a placeholder: {advice}"
    return f"no {option}: {advice}"


def due_warnings(spec: NewAction, pm: Postmortem, window: int, today: date) -> list[str]:
    """What lint (AI604) would say about the due date, and a date already gone: past, or
    before the incident started."""
    due = spec.due
    if due is None:
        return []
    started = pm.started.date() if pm.started else None
    if started is not None and due < started:
        return [f"due {due} is before the incident started ({started}): is the year right?"]
    warnings = []
    if due < today:
        warnings.append(f"due {due} is already past (today is {today})")
    start = pm.review_date or (pm.resolved.date() if pm.resolved else None)
    if start is not None and not spec.project and (due - start).days > window:
        since = "the review" if pm.review_date else "the resolution"
        warnings.append(
            f"due {(due - start).days} days after {since} ({start}), over the {window}-day "
            "window ([review] action_window_days): split it, or mark it --project"
        )
    return warnings
