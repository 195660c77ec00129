"""Cross-reference checks inside one postmortem and across the library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from secondstory.model.owners import owner_is_person
from secondstory.model.problems import Problem
from secondstory.model.records import ActionItem, Located, Postmortem, is_placeholder

TIMESTAMP_ORDER = ("started", "detected", "mitigated", "resolved")


def _problem(obj: Located, name: str, code: str, message: str, severity: str = "error") -> Problem:
    line, column = obj.where(name)
    return Problem(obj.path, line, column, code, message, severity)


def check_postmortem(pm: Postmortem, severities: Iterable[str] = ()) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_header(pm, tuple(severities))
    problems += _check_dates(pm)
    problems += _check_ids(pm)
    problems += _check_actions(pm)
    problems += _check_timeline(pm)
    problems += _check_accounts(pm)
    return problems


def _check_header(pm: Postmortem, severities: tuple[str, ...]) -> list[Problem]:
    problems = []
    if severities and pm.severity and pm.severity not in severities:
        problems.append(
            _problem(
                pm,
                "severity",
                "SS029",
                f"severity '{pm.severity}' is not one of the library's: {', '.join(severities)}",
            )
        )
    previous: tuple[str, datetime] | None = None
    for name in TIMESTAMP_ORDER:
        value = getattr(pm, name)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            problems.append(
                _problem(
                    pm, name, "SS027", f"'{name}' ({value.isoformat()}) is before '{previous[0]}'"
                )
            )
        previous = (name, value)
    return problems


def _check_dates(pm: Postmortem) -> list[Problem]:
    """SS031: a review date or a due date before the day the incident started (a wrong
    year or month, which lint would otherwise read as action items due too late)."""
    if pm.started is None:
        return []
    day = pm.started.date()
    problems = []
    if pm.review_date is not None and pm.review_date < day:
        message = f"'review_date' ({pm.review_date}) is before 'started' ({day})"
        problems.append(_problem(pm, "review_date", "SS031", message, "warning"))
    for action in pm.actions:
        if action.due is not None and action.due < day:
            message = f"action {action.id} is due {action.due}, before 'started' ({day})"
            problems.append(_problem(action, "due", "SS031", message, "warning"))
    return problems


def _check_ids(pm: Postmortem) -> list[Problem]:
    problems = []
    for kind, items in (("factor", pm.factors), ("action item", pm.actions)):
        seen: set[str] = set()
        for item in items:
            item_id = item.id
            if item_id in seen:
                problems.append(
                    _problem(item, "id", "SS020", f"{kind} id '{item_id}' is used twice")
                )
            seen.add(item_id)
    return problems


def _check_actions(pm: Postmortem) -> list[Problem]:
    problems = []
    factor_ids = {f.id for f in pm.factors}
    people = pm.participant_names() | {a.author for a in pm.accounts}
    for action in pm.actions:
        for ref in action.addresses:
            if ref not in factor_ids:
                known = ", ".join(sorted(factor_ids)) or "none defined"
                problems.append(
                    _problem(
                        action,
                        "addresses",
                        "SS021",
                        f"action {action.id} addresses factor '{ref}', which does not exist (factors: {known})",
                    )
                )
        if not is_placeholder(action.owner) and people and action.owner not in people:
            problems.append(_problem(action, "owner", "SS023", _outside_owner(action)))
        for status in ("done", "verified", "dropped"):
            if action.status == status and getattr(action, status) is None:
                problems.append(
                    _problem(
                        action,
                        "status",
                        "SS026",
                        f"action {action.id} has status '{status}' but no '{status}:' record with a date",
                    )
                )
        if action.status == "verified" and action.done is None:
            problems.append(
                _problem(
                    action,
                    "status",
                    "SS026",
                    f"action {action.id} is verified but has no 'done:' record",
                    "warning",
                )
            )
    return problems


def _outside_owner(action: ActionItem) -> str:
    """SS023's message: a person is added to the participants; a team is not (AI602)."""
    said = f"action {action.id} is owned by '{action.owner}', who is not a participant"
    if owner_is_person(action.owner):
        return f"{said}; add them to participants"
    return f"{said} and does not look like one person; name one person who took part as the owner"


def _check_timeline(pm: Postmortem) -> list[Problem]:
    problems = []
    previous = None
    for entry in pm.timeline:
        if entry.time is None:
            continue
        if previous is not None and entry.time < previous:
            problems.append(
                _problem(
                    entry,
                    "time",
                    "SS022",
                    f"timeline goes backwards: {entry.time.isoformat()} comes after {previous.isoformat()}",
                )
            )
        previous = entry.time
    return problems


def _check_accounts(pm: Postmortem) -> list[Problem]:
    people = pm.participant_names()
    problems = []
    for account in pm.accounts:
        if people and account.author not in people:
            problems.append(
                _problem(
                    account,
                    "author",
                    "SS024",
                    f"account author '{account.author}' is not a participant; add them to participants",
                )
            )
    return problems


def check_library(
    postmortems: Iterable[tuple[str, Path, int, list[str], int, str, int]],
    root: Path | None = None,
) -> list[Problem]:
    """Library-wide checks over (id, path, id_line, related, related_line, source key,
    source_line) tuples; paths in messages are shown relative to the library's `root`
    like the problems' own paths."""
    items = list(postmortems)
    seen: dict[str, Path] = {}
    problems = []
    for pm_id, path, line, *_ in items:
        if pm_id in seen:
            message = f"postmortem id '{pm_id}' is also used by {_shown(seen[pm_id], root)}"
            problems.append(Problem(path, line, 1, "SS028", message))
        else:
            seen[pm_id] = path
    for _, path, _, related, related_line, *_ in items:
        for ref in related:
            if ref not in seen:
                message = f"related postmortem '{ref}' does not exist in this library"
                problems.append(Problem(path, related_line, 1, "SS025", message, "warning"))
    return problems + _same_source(items, root)


def _same_source(
    items: list[tuple[str, Path, int, list[str], int, str, int]], root: Path | None
) -> list[Problem]:
    """SS030: two postmortems imported from one source (a report imported twice before the
    importers refused it): the later in path order is named, with the first."""
    first: dict[str, Path] = {}
    problems = []
    for _, path, _, _, _, source, line in sorted(items, key=lambda item: item[1]):
        if not source:
            continue
        if source in first:
            message = (
                f"imported from the same source as {_shown(first[source], root)} "
                f"({_shown(Path(source), root)}): the same report twice; keep one folder "
                "and delete the other (git rm -r), or merge what was added to it by hand"
            )
            problems.append(Problem(path, line, 1, "SS030", message, "warning"))
        else:
            first[source] = path
    return problems


def _shown(path: Path, root: Path | None) -> str:
    return (
        path.relative_to(root) if root is not None and path.is_relative_to(root) else path
    ).as_posix()
