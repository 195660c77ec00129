"""A Markdown digest for a team channel or mail: a reason to open the library.

New postmortems (started in the window), recently published ones (published, reviewed
in the window), overdue and unverified action items, recurrences (an incident in the
window whose class has happened before) and one older postmortem on its anniversary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from secondstory.errors import UsageError
from secondstory.model.records import Postmortem
from secondstory.plural import plural
from secondstory.track.actions import TrackedAction, collect_actions
from secondstory.track.outcomes import build_outcomes
from secondstory.track.outcomes_render import format_duration

SINCE_PATTERN = re.compile(r"^(\d+)([dw])$")
EXCERPT_CHARS = 280
LIST_MAX = 10  # items per list in a digest; the rest are one command away


def parse_since(text: str, today: date) -> date:
    """`7d`, `2w` or a date `YYYY-MM-DD` -> the first day of the window."""
    text = text.strip()
    match = SINCE_PATTERN.match(text)
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return today - timedelta(days=days)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since '{text}' is neither a span like 7d / 2w nor a date YYYY-MM-DD",
            hint="write days or weeks back (--since 10d, --since 2w) or a day (--since 2025-06-01)",
        ) from None
    if day > today:
        raise UsageError(
            f"--since {day.isoformat()} is after today ({today.isoformat()})",
            hint="give a day on or before today, or a span such as 7d or 2w",
        )
    return day


@dataclass(slots=True)
class Recurrence:
    postmortem: Postmortem
    name: str
    earlier: list[Postmortem]
    detect: list[str] = field(default_factory=list)  # time to detect of each incident, oldest first


@dataclass(slots=True)
class Digest:
    library: str
    since: date
    today: date
    new: list[Postmortem] = field(default_factory=list)
    published: list[Postmortem] = field(default_factory=list)
    overdue: list[TrackedAction] = field(default_factory=list)
    unverified: list[TrackedAction] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)
    anniversary: tuple[Postmortem, int] | None = None  # the postmortem, years ago


def _in_window(day: date | None, since: date, today: date) -> bool:
    return day is not None and since <= day <= today


def build_digest(
    library: str,
    postmortems: Sequence[Postmortem],
    today: date,
    since: date,
    classes: Sequence[str] = (),
) -> Digest:
    digest = Digest(library, since, today)
    ordered = sorted(postmortems, key=lambda pm: pm.id)
    digest.new = [
        pm for pm in ordered if _in_window(pm.started.date() if pm.started else None, since, today)
    ]
    digest.published = [
        pm
        for pm in ordered
        if pm.status == "published"
        and pm not in digest.new
        and _in_window(pm.review_date, since, today)
    ]
    actions = collect_actions(ordered)
    digest.overdue = sorted(
        (a for a in actions if a.is_overdue(today)), key=lambda a: (a.item.due, a.ref)
    )
    done = [a for a in actions if a.item.status == "done"]
    digest.unverified = sorted(
        done, key=lambda a: (a.item.done.date if a.item.done and a.item.done.date else today, a.ref)
    )
    digest.recurrences = _recurrences(ordered, since, today, classes)
    digest.anniversary = _anniversary(ordered, since, today)
    return digest


def _recurrences(
    postmortems: Sequence[Postmortem], since: date, today: date, classes: Sequence[str]
) -> list[Recurrence]:
    found = []
    for item in build_outcomes(postmortems, "tag", classes=classes).classes:
        for index, incident in enumerate(item.incidents):
            start = incident.started.date() if incident.started else None
            if index and _in_window(start, since, today):
                earlier = [i.postmortem for i in item.incidents[:index]]
                detect = [
                    format_duration(i.durations["detect"]) for i in item.incidents[: index + 1]
                ]
                found.append(Recurrence(incident.postmortem, item.name, earlier, detect))
    return sorted(found, key=lambda r: (r.postmortem.id, r.name))


def _anniversary(
    postmortems: Sequence[Postmortem], since: date, today: date
) -> tuple[Postmortem, int] | None:
    """The older postmortem whose anniversary fell in the window most recently, and how many
    years ago it happened (the oldest wins a tie)."""
    best: tuple[date, int, str] | None = None
    chosen = None
    for pm in postmortems:
        if pm.started is None:
            continue
        start = pm.started.date()
        for year in range(start.year + 1, today.year + 1):
            leap_day = (start.month, start.day) == (2, 29)
            day = date(year, 3, 1) if leap_day else start.replace(year=year)
            key = (day, year - start.year, pm.id)
            if _in_window(day, since, today) and (best is None or key > best):
                best, chosen = key, (pm, year - start.year)
    return chosen


def _link(pm: Postmortem, root_relative: str) -> str:
    return f"[{pm.title or pm.id}]({root_relative})"


def _excerpt(pm: Postmortem) -> str:
    for key in ("lessons", "facts"):
        section = pm.section(key)
        text = " ".join(section.text.split()) if section else ""
        text = re.sub(r"<!--.*?-->", "", text).strip()
        if text:
            return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"
    return ""


def render_digest(digest: Digest, paths: dict[str, str]) -> str:
    """The digest as Markdown; `paths` maps postmortem ids to links (relative paths)."""
    window = f"{digest.since.isoformat()} to {digest.today.isoformat()}"
    out = [f"# {digest.library}: postmortem digest, {window}", ""]
    out += _pm_section("New postmortems", digest.new, paths, "No new incidents written up.")
    out += _pm_section(
        "Recently published", digest.published, paths, "Nothing published in this window."
    )
    out += _action_section(
        "Overdue action items",
        digest.overdue,
        digest.today,
        "Nothing overdue.",
        "secondstory actions --overdue",
    )
    out += _action_section(
        "Done but not verified, longest waiting first",
        digest.unverified,
        digest.today,
        "Every closed item is verified.",
        "secondstory actions --unverified",
    )
    out += _recurrence_section(digest.recurrences, paths)
    out += _anniversary_section(digest, paths)
    return "\n".join(out).rstrip() + "\n"


def _recurrence_section(recurrences: Sequence[Recurrence], paths: dict[str, str]) -> list[str]:
    out = ["## Recurrences", ""]
    if not recurrences:
        out.append("No class of incident recurred in this window.")
    for rec in recurrences:
        link = _link(rec.postmortem, paths[rec.postmortem.id])
        times = " → ".join(rec.detect)
        out.append(
            f"- **{rec.name}** happened again: {link} (incident {len(rec.earlier) + 1}; time to detect {times})"
        )
    return [*out, ""]


def _anniversary_section(digest: Digest, paths: dict[str, str]) -> list[str]:
    out = ["## On this day", ""]
    if digest.anniversary is None:
        return [*out, "No anniversary in this window."]
    pm, years = digest.anniversary
    assert pm.started is not None
    ago = f"{plural(years, 'year')} ago"
    out.append(f"{ago}: {_link(pm, paths[pm.id])} ({pm.started.date().isoformat()})")
    if excerpt := _excerpt(pm):
        out += ["", f"> {excerpt}"]
    return out


def _pm_section(
    title: str, pms: Sequence[Postmortem], paths: dict[str, str], empty: str
) -> list[str]:
    out = [f"## {title}", ""]
    if not pms:
        out.append(empty)
    for pm in pms:
        detail = ", ".join(x for x in (pm.severity, pm.status, ", ".join(pm.services)) if x)
        out.append(f"- {_link(pm, paths[pm.id])}" + (f" ({detail})" if detail else ""))
    return [*out, ""]


def _action_section(
    title: str, actions: Sequence[TrackedAction], today: date, empty: str, more: str
) -> list[str]:
    out = [f"## {title}", ""]
    if not actions:
        out.append(empty)
    for action in actions[:LIST_MAX]:
        item = action.item
        when = ""
        if item.due is not None and action.is_overdue(today):
            when = f", {plural((today - item.due).days, 'day')} overdue"
        elif item.done is not None and item.done.date is not None:
            when = f", done {item.done.date.isoformat()}"
        out.append(f"- `{action.ref}` {item.what} ({item.owner or 'no owner'}{when})")
    if len(actions) > LIST_MAX:
        out.append(f"- and {len(actions) - LIST_MAX} more: `{more}`")
    return [*out, ""]
