"""Moving action items along: done, verified, dropped, reassigned.

Each change edits only the one item in actions.yaml (through store.roundtrip), writes the
file atomically and, when asked, commits it. Evidence is required for done and verify,
a reason for drop: a status without them is a claim nobody can check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from secondstory.errors import NotFound, UsageError
from secondstory.store import git, yamlio
from secondstory.store.advice import review_config
from secondstory.store.files import read_text, refuse_unreadable
from secondstory.store.library import ACTIONS_FILE, POSTMORTEM_FILE, Library
from secondstory.store.loader import load_postmortem, unusable
from secondstory.store.roundtrip import edit_item
from secondstory.store.writer import find_postmortem_dir
from secondstory.track.actions import TrackedAction, owner_warnings, resolve_ref
from secondstory.track.load import load_tracking_set

# verb -> the statuses an item may have for it
ALLOWED = {
    "done": {"open"},
    "verify": {"done"},
    "drop": {"open", "done"},
}
PHRASES = {"done": "mark it done", "verify": "verify it", "drop": "drop it"}
_TAKE_UP = "to take it up again, add a new item: secondstory action add {pm} --what ..."
# (verb, status) -> what to do instead; {ref} is the item, {pm} its postmortem
HINTS = {
    ("verify", "open"): "record it done first: secondstory action done {ref} --evidence ...",
    ("done", "done"): "it is already done; to record that it works: "
    "secondstory action verify {ref} --evidence ...",
    ("done", "verified"): "it is already done and verified; nothing to do",
    ("verify", "verified"): "it is already verified; nothing to do",
    ("drop", "dropped"): "it is already dropped; nothing to do",
    ("drop", "verified"): "a verified item stays on record; if its fix no longer holds, "
    "add a new item: secondstory action add {pm} --what ...",
    ("done", "dropped"): "it was dropped; " + _TAKE_UP,
    ("verify", "dropped"): "it was dropped; " + _TAKE_UP,
}


@dataclass(slots=True)
class Change:
    ref: str
    path: Path
    summary: str  # what changed, e.g. "open -> done" or "owner Sam Lee -> Ana Ruiz"
    commit: str = ""
    warnings: list[str] = field(default_factory=list)


def find_action(library: Library, ref: str) -> TrackedAction:
    """The item `ref` names; a full ref loads just its postmortem, a bare id the library."""
    if "/" not in ref:
        return resolve_ref(load_tracking_set(library).postmortems, ref)
    pm_id = ref.strip().rpartition("/")[0]
    try:
        folder = find_postmortem_dir(library, pm_id)
    except NotFound:
        raise NotFound(
            f"no postmortem '{pm_id}'", hint="see 'secondstory list' for the ids"
        ) from None
    loaded = load_postmortem(folder, library.root)
    refuse_unreadable(loaded.problems, (POSTMORTEM_FILE, ACTIONS_FILE), library.root)
    if loaded.postmortem is None:
        raise unusable(f"cannot edit {pm_id}", loaded.problems, library.root)
    broken = [p for p in loaded.problems if p.path.name == ACTIONS_FILE and p.severity == "error"]
    if broken and loaded.postmortem.action(ref.rpartition("/")[2]) is None:
        raise unusable("cannot edit", broken, None)  # exit 3 when it cannot be read
    return resolve_ref([loaded.postmortem], ref)


def _index(path: Path, action_id: str) -> int:
    data = yamlio.load(read_text(path))
    for index, item in enumerate(data if isinstance(data, list) else []):
        if isinstance(item, dict) and str(item.get("id", "")) == action_id:
            return index
    raise UsageError(f"{path}: no item with id '{action_id}'", hint="run secondstory validate")


def _event(day: date, text_key: str, text: str, by: str) -> CommentedMap:
    event = CommentedMap()
    event["date"] = day
    event[text_key] = text
    if by:
        event["by"] = by
    event.fa.set_flow_style()
    return event


def _set_after(entry: CommentedMap, key: str, value: object, after: str) -> None:
    """Set `key`, keeping its place when present, else placing it right after `after`."""
    if key in entry or after not in entry:
        entry[key] = value
        return
    entry.insert(list(entry.keys()).index(after) + 1, key, value)


def _check_move(action: TrackedAction, verb: str) -> None:
    status = action.item.status
    if status not in ALLOWED[verb]:
        hint = HINTS.get((verb, status), "see 'secondstory actions --postmortem {pm}'")
        raise UsageError(
            f"{action.ref} is {status}: cannot {PHRASES[verb]}",
            hint=hint.format(ref=action.ref, pm=action.postmortem.id),
        )


def _finish(
    library: Library, action: TrackedAction, summary: str, message: str, commit: bool
) -> Change:
    path = action.postmortem.directory / ACTIONS_FILE
    change = Change(action.ref, path, summary)
    if commit:
        change.commit = git.commit([path], message, library.root)
    return change


def _apply(action: TrackedAction, mutate: Callable[[CommentedMap], None]) -> None:
    path = action.postmortem.directory / ACTIONS_FILE
    edit_item(path, _index(path, action.item.id), mutate)


def _need(text: str, option: str, why: str) -> str:
    if not text.strip():
        raise UsageError(f"{option} is required", hint=why)
    return text.strip()


def _move(
    library: Library,
    ref: str,
    verb: str,
    key: str,
    text: tuple[str, str],
    day: date,
    by: str,
    commit: bool,
) -> Change:
    action = find_action(library, ref)
    _check_move(action, verb)
    after = {"done": "done", "verify": "verified", "drop": "dropped"}[verb]

    def mutate(entry: CommentedMap) -> None:
        entry["status"] = after
        anchor = next(k for k in ("verified", "done", "status") if k in entry)
        _set_after(entry, key, _event(day, text[0], text[1], by), anchor)

    _apply(action, mutate)
    summary = f"{action.item.status} -> {after}"
    change = _finish(library, action, summary, f"{action.ref}: {verb} ({text[1]})", commit)
    change.warnings += date_warnings(action, verb, day, date.today())
    return change


def date_warnings(action: TrackedAction, verb: str, day: date, today: date) -> list[str]:
    """What is odd about the date of a done, verify or drop (recorded all the same): a day
    still to come, before the incident began, or a verification before the item was done."""
    found = []
    if day > today:
        found.append(f"{action.ref}: --date {day} is after today ({today})")
    started = action.postmortem.started
    if started is not None and day < started.date():
        found.append(
            f"{action.ref}: --date {day} is before the incident started ({started.date()})"
        )
    done = action.item.done
    if verb == "verify" and done is not None and done.date is not None and day < done.date:
        found.append(f"{action.ref}: verified on {day}, before it was done ({done.date})")
    return found


def mark_done(
    library: Library, ref: str, evidence: str, day: date, by: str = "", commit: bool = False
) -> Change:
    evidence = _need(evidence, "--evidence", "say what shows it is done: a PR, a change, a run")
    return _move(library, ref, "done", "done", ("evidence", evidence), day, by, commit)


def mark_verified(
    library: Library, ref: str, evidence: str, day: date, by: str = "", commit: bool = False
) -> Change:
    evidence = _need(
        evidence, "--evidence", "say how you saw it work: a drill, a test, an alert firing"
    )
    return _move(library, ref, "verify", "verified", ("evidence", evidence), day, by, commit)


def drop_action(
    library: Library, ref: str, why: str, day: date, by: str = "", commit: bool = False
) -> Change:
    why = _need(why, "--why", "say why it will not be done, so the decision can be revisited")
    return _move(library, ref, "drop", "dropped", ("why", why), day, by, commit)


def reassign(
    library: Library, ref: str, owner: str, due: date | None = None, commit: bool = False
) -> Change:
    """Give an item a new owner (and optionally a new due date)."""
    owner = _need(owner, "--owner", "name the one person who owns it now")
    action = find_action(library, ref)
    if action.item.status == "dropped":
        raise UsageError(
            f"{action.ref} is dropped: reassigning it changes nothing",
            hint=_TAKE_UP.format(pm=action.postmortem.id),
        )

    changes = []
    if owner != action.item.owner.strip():
        changes.append(f"owner {action.item.owner or 'none'} -> {owner}")
    if due is not None and due != action.item.due:
        changes.append(f"due {action.item.due or 'none'} -> {due}")
    if not changes:  # nothing to write or commit: say so
        same = f"{owner} owns it" + (f", due {due}" if due is not None else "")
        path = action.postmortem.directory / ACTIONS_FILE
        change = Change(action.ref, path, f"nothing changed: {same} already")
    else:

        def mutate(entry: CommentedMap) -> None:
            _set_after(entry, "owner", owner, "what")
            if due is not None:
                _set_after(entry, "due", due, "owner")

        _apply(action, mutate)
        message = f"{action.ref}: reassign to {owner}"
        change = _finish(library, action, ", ".join(changes), message, commit)
    config, problems = review_config(library)
    change.warnings += problems + owner_warnings(owner, action.postmortem, config.team_words)
    return change
