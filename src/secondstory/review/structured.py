"""Logic rules over a loaded secondstory postmortem: action items, completeness, process.

Each rule function yields (path, line, column, detail) for the rule named by `logic:` in
the rule data; the caller turns them into findings.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from secondstory.model.fields import KNOWN
from secondstory.model.owners import owner_is_person
from secondstory.model.problems import Problem
from secondstory.model.records import Account, ActionItem, Postmortem, is_placeholder
from secondstory.plural import plural
from secondstory.review.actors import account_is_empty, looks_like_person, participant_by_first_name
from secondstory.review.config import ReviewConfig
from secondstory.store.library import FACTORS_FILE, Library
from secondstory.store.markdown import strip_guidance

Place = tuple[Path, int, int, str]
QUESTION_SECTIONS = (
    ("surprises", "Surprises"),
    ("conditions", "Conditions"),
    ("response", "Response"),
    ("systemic", "Systemic"),
)
_DIGIT = re.compile(r"\d")


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _action_place(item: ActionItem, name: str, detail: str) -> Place:
    line, column = item.where(name)
    return item.path, line, column, f"action {item.id or '?'}: {detail}"


def live_actions(pm: Postmortem) -> list[ActionItem]:
    """The action items the action-item rules judge: not the dropped ones (dropping a weak
    item is the right answer to these rules, so it ends their findings)."""
    return [item for item in pm.actions if item.status != "dropped"]


def action_owner_missing(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for item in live_actions(pm):
        if not item.owner.strip():
            yield _action_place(item, "id", "no owner")
        elif is_placeholder(item.owner):  # "TBD": pointed at where it is written
            yield _action_place(item, "owner", f"no owner ({_placeholders([item.owner])})")


def action_owner_team(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    """The check `action add` warns with (model.owners); a placeholder is AI601's."""
    for item in live_actions(pm):
        owner = item.owner.strip()
        if not is_placeholder(owner) and not owner_is_person(owner, config.team_words):
            yield _action_place(
                item, "owner", f"owner '{owner}' is not one person (a team, a role or several)"
            )


def action_due_missing(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for item in live_actions(pm):
        if item.due is None:
            yield _action_place(item, "id", "no due date")


def action_due_too_late(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    start = pm.review_date or (pm.resolved.date() if pm.resolved else None)
    if start is None or (pm.started is not None and start < pm.started.date()):
        return  # a review date before the incident is the error (validate's SS031), not the items
    after = "the review" if pm.review_date else "the resolution (no review date yet)"
    limit = start + timedelta(days=config.action_window_days)
    for item in live_actions(pm):
        if item.due is not None and item.due > limit and not item.project:
            days = (item.due - start).days
            yield _action_place(
                item,
                "due",
                f"due {item.due.isoformat()}, {days} days after {after} (window: {config.action_window_days})",
            )


def action_done_when_missing(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for item in live_actions(pm):
        if item.done_conditions():
            continue
        written = [c.strip() for c in item.done_when if c.strip()]
        if written:  # only placeholders: pointed at where they are written
            yield _action_place(item, "done_when", f"no done_when ({_placeholders(written)})")
        else:
            yield _action_place(item, "id", "no done_when")


def action_verify_missing(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for item in live_actions(pm):
        if item.has_verify():
            continue
        if item.verify.strip():
            yield _action_place(item, "verify", f"no verify step ({_placeholders([item.verify])})")
        else:
            yield _action_place(item, "id", "no verify step")


def _placeholders(texts: list[str]) -> str:
    quoted = ", ".join(f"'{text.strip()}'" for text in texts)
    return f"{quoted} {'is a placeholder' if len(texts) == 1 else 'are placeholders'}"


def _section_text(pm: Postmortem, key: str) -> str | None:
    section = pm.section(key)
    return None if section is None else strip_guidance(section.text)


def facts_without_numbers(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for key in ("facts", "impact"):
        section = pm.section(key)
        if section is None:
            continue
        text = strip_guidance(section.text)
        if not text.strip():
            yield pm.path, section.line, 1, f"'{section.heading}' is empty"
        elif not has_quantity(text):
            message = f"'{section.heading}' states no number (duration, users, requests)"
            yield pm.path, section.line, 1, message


# A number on its own (not inside a name such as "EU-2", "db-1" or "v2.3", nor a date such
# as "2026-11-16" or "16th"), with an attached unit at most ("38%", "5x", "49min", "10k").
_NUMBER = re.compile(
    r"(?<![\w.-])\d[\d,.:]*(?:%|x|k|m|ms|s|h|min|mins|gb|mb|tb|kb)?(?![\w-])", re.IGNORECASE
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_MONTH_AFTER = re.compile(rf"\s(?:of\s)?{_MONTH}\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\s$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|ninety|hundreds?|thousands?|millions?|dozens?|half|a third|"
    r"a quarter)\b",
    re.IGNORECASE,
)


def has_quantity(text: str) -> bool:
    """A count, duration or share in `text`: a number that is not part of a date or a
    name, or a number word ("forty minutes", "hundreds of users")."""
    for number in _NUMBER.finditer(text):
        start, end = number.span()
        if _YEAR.fullmatch(number.group()):
            continue
        if _MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text, max(0, start - 12), start):
            continue  # "16 November", "November 16"
        return True
    return _NUMBER_WORDS.search(text) is not None


def question_sections(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for key, heading in QUESTION_SECTIONS:
        section = pm.section(key)
        if section is None:
            yield pm.path, pm.body_line, 1, f"no '## {heading}' section"
        elif not strip_guidance(section.text):
            yield pm.path, section.line, 1, f"'## {section.heading}' is empty"


def factor_kinds(pm: Postmortem, config: ReviewConfig, problems: list[Problem]) -> Iterator[Place]:
    kinds = {f.kind for f in pm.factors if f.kind}
    if len(kinds) < 2:
        path = pm.directory / FACTORS_FILE
        where = path if path.is_file() else pm.path
        found = ", ".join(sorted(kinds)) or "none"
        yield (
            where,
            1,
            1,
            f"contributing factors of {plural(len(kinds), 'kind')} ({found}); look for at least two",
        )


def no_surprise(pm: Postmortem, config: ReviewConfig, problems: list[Problem]) -> Iterator[Place]:
    if _section_text(pm, "surprises"):
        return
    if any(e.assumption.strip() or e.expectation.strip() for e in pm.timeline):
        return
    section = pm.section("surprises")
    yield (
        pm.path,
        section.line if section else pm.body_line,
        1,
        "no surprise or mistaken belief is recorded",
    )


def responder_accounts(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    """Each person who acts in the timeline has an account with something written in it.
    A participant's account that holds only the template's prompts is reported on the
    account; a name that is plainly a person's but no participant, on the actor."""
    people = {name.lower(): name for name in pm.participant_names()}
    written: set[str] = set()
    empty: dict[str, Account] = {}
    for account in pm.accounts:
        keys = {account.author.strip().lower(), account.path.stem.lower()}
        if account_is_empty(account):
            empty.update(dict.fromkeys(keys, account))
        else:
            written |= keys
    reported: set[str] = set()
    for entry in pm.timeline:
        actor = entry.actor.strip()
        keys = {actor.lower(), _NON_SLUG.sub("-", actor.lower()).strip("-")}
        if not actor or keys & (written | reported):
            continue
        reported |= keys
        if actor.lower() in people:
            found = next((empty[k] for k in keys if k in empty), None)
            if found is None:
                line, column = entry.where("actor")
                detail = f"{people[actor.lower()]} acts in the timeline but has no account"
                yield entry.path, line, column, detail
            else:
                line = found.sections[0].line if found.sections else found.body_line
                yield (
                    found.path,
                    line,
                    1,
                    f"{found.author or actor}'s account is empty: only the prompts",
                )
        elif looks_like_person(actor, config.team_words):
            line, column = entry.where("actor")
            yield entry.path, line, column, _not_a_participant(pm, actor)


def _not_a_participant(pm: Postmortem, actor: str) -> str:
    said = f"{actor} acts in the timeline but is not a participant"
    named = participant_by_first_name(actor, pm.participant_names())
    if named:
        return f"{said}: write the name as the participants have it ({named})"
    return (
        f"{said} and has no account: add them (secondstory participant add {pm.id} "
        f"{shlex.quote(actor)}), or, if it is a system, put "
        "'# secondstory: disable-next-line=CO704' above the actor"
    )


def timeline_order(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    previous: datetime | None = None
    for entry in pm.timeline:
        if entry.time is None:
            continue
        if previous is not None and entry.time < previous:
            line, column = entry.where("time")
            yield (
                entry.path,
                line,
                column,
                f"{entry.time.isoformat()} comes after {previous.isoformat()}",
            )
        previous = entry.time


def timeline_without_sources(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    """Once for the entries without a `source` (how many of how many, at the first), once
    for a timeline where no entry says whether it was `known` then or learned later."""
    entries = pm.timeline
    unsourced = [e for e in entries if is_placeholder(e.source)]
    if unsourced:
        first = unsourced[0]
        line, column = first.where("time")
        count = f"{len(unsourced)} of {plural(len(entries), 'timeline entry')}"
        verb = "has" if len(unsourced) == 1 else "have"
        at = f" (the first: {first.time.isoformat()})" if first.time and len(unsourced) > 1 else ""
        yield first.path, line, column, f"{count} {verb} no source{at}"
    if entries and not any(e.known.strip() in KNOWN for e in entries):
        line, column = entries[0].where("time")
        yield (
            entries[0].path,
            line,
            column,
            "no timeline entry says what was known at the time (known: then) "
            "and what was learned later (known: later)",
        )


def timeline_timezone(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    for problem in problems:
        if problem.code == "SS015" and problem.path.name == "timeline.yaml":
            # the loader's hint: the offset of the library's timezone at that time
            hint = (
                problem.message.rpartition(" (")[2].rstrip(")") if " (" in problem.message else ""
            )
            said = f" ({hint})" if hint.startswith("add ") else ""
            yield (
                problem.path,
                problem.line,
                problem.column,
                f"a timeline time has no time zone{said}",
            )


def late_review(pm: Postmortem, config: ReviewConfig, problems: list[Problem]) -> Iterator[Place]:
    if pm.resolved is None or pm.review_date is None:
        return
    review = datetime.combine(pm.review_date, time(0), tzinfo=pm.resolved.tzinfo)
    hours = (review - pm.resolved).total_seconds() / 3600
    if hours > config.review_window_hours:
        line, column = pm.where("review_date")
        yield (
            pm.path,
            line,
            column,
            f"review held {hours:.0f} hours after resolution (window: {config.review_window_hours})",
        )


def large_review(pm: Postmortem, config: ReviewConfig, problems: list[Problem]) -> Iterator[Place]:
    """More people than the window; a team alias among the participants ("@platform-team")
    is not a person and does not count."""
    people = [p for p in pm.participants if owner_is_person(p.name, config.team_words)]
    if len(people) > config.max_review_participants:
        line, column = pm.where("participants")
        yield (
            pm.path,
            line,
            column,
            f"{len(people)} people in the review (more than {config.max_review_participants})",
        )


_EARLIER = re.compile(r"\]\((?:\.\./)+[^)]*\)|\b\d{4}-\d{2}-\d{2}-[a-z0-9-]+|\bPM\d{4}-\d+", re.I)


def systemic_without_history(
    pm: Postmortem, config: ReviewConfig, problems: list[Problem]
) -> Iterator[Place]:
    """SYSTEMIC asks what similar incidents we have had: offer them from the library's index."""
    section = pm.section("systemic")
    text = _section_text(pm, "systemic")
    if section is None or not text or pm.related or _EARLIER.search(text):
        return
    yield (
        pm.path,
        section.line,
        1,
        "'## Systemic' names no earlier incident" + _offered(pm, config.suggest_similar),
    )


def _offered(pm: Postmortem, look_up: bool) -> str:
    """Similar past incidents from an existing index, as it is (lint never builds or updates
    one), when the run looks them up (`ReviewConfig.suggest_similar`)."""
    from secondstory.index.db import index_path

    library = _library_of(str(pm.directory.parent))
    if library is None:
        return ""
    if not look_up or not index_path(library).exists():
        return f"; `secondstory similar {pm.id}` lists candidates"
    from secondstory.index.similar import similar_in_index_as_is

    try:
        day = pm.started.date().isoformat() if pm.started else "9999"
        found = similar_in_index_as_is(library, pm, limit=5)
        # a named link (a mechanism or a service in common), not a family alone: in a small
        # library the nearest incident may share nothing that matters
        matches = [
            m
            for m in found
            if m.pm_id != pm.id and m.day < day and (m.shared_mechanisms or m.shared_services)
        ][:3]
    except Exception:  # an index that cannot answer only costs the suggestion
        return ""
    return f"; similar past incidents: {', '.join(m.pm_id for m in matches)}" if matches else ""


@lru_cache(maxsize=64)
def _library_of(folder: str) -> Library | None:
    """The library a folder of postmortems belongs to (looked up once per folder)."""
    from secondstory.store.library import find_root, load_config

    root = find_root(Path(folder))
    return load_config(root) if root is not None else None


LogicRule = Callable[[Postmortem, ReviewConfig, list[Problem]], Iterator[Place]]
LOGIC: dict[str, LogicRule] = {
    name: function
    for name, function in list(globals().items())
    if callable(function)
    and getattr(function, "__module__", "") == __name__
    and not name.startswith("_")
}
