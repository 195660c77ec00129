"""The honest report on action items: numbers, and the items behind every number.

Of the items of the last N postmortems: how many are closed, how many of those were
verified to work; of the open ones, how many have one person as owner, a concrete
definition of done and a due date that has not passed; which are due far beyond the
review without being called a project; which have no verification step at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from secondstory.model.records import Postmortem
from secondstory.plural import plural
from secondstory.track.actions import ACTION_WINDOW_DAYS, TrackedAction, collect_actions


@dataclass(slots=True)
class ReportLine:
    """One number of the report: `items` out of `base`, and the ones of `base` left out."""

    key: str
    label: str
    items: list[TrackedAction]
    base: list[TrackedAction]
    base_label: str

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def missing(self) -> list[TrackedAction]:
        chosen = {id(a.item) for a in self.items}
        return [a for a in self.base if id(a.item) not in chosen]

    def percent(self) -> int | None:
        return round(100 * self.count / len(self.base)) if self.base else None


@dataclass(slots=True)
class ActionReport:
    today: date
    postmortems: list[Postmortem]
    actions: list[TrackedAction]
    window_days: int = ACTION_WINDOW_DAYS
    lines: list[ReportLine] = field(default_factory=list)

    def line(self, key: str) -> ReportLine:
        return next(line for line in self.lines if line.key == key)


def recent_postmortems(postmortems: Sequence[Postmortem], last: int | None) -> list[Postmortem]:
    """The `last` postmortems by review date (else start date), newest first; all when None."""
    ordered = sorted(postmortems, key=_when, reverse=True)
    return ordered if last is None else ordered[: max(last, 0)]


def _when(pm: Postmortem) -> tuple[str, str]:
    day = pm.review_date or (pm.started.date() if pm.started else None)
    return (day.isoformat() if day else "", pm.id)


Test = Callable[[TrackedAction], bool]


def _lines(today: date, window_days: int) -> list[tuple[str, str, str, Test]]:
    """key, label, which items it is counted among, and the test; in report order."""
    return [
        ("closed", "Closed (done or verified)", "items", lambda a: a.is_closed),
        ("verified", "Verified to prevent the failure mode", "closed", lambda a: a.is_verified),
        ("dropped", "Dropped, with a reason", "items", lambda a: a.item.status == "dropped"),
        ("open", "Open", "items", lambda a: a.is_open),
        ("open_owner", "Open, with one person as owner", "open", lambda a: a.has_person_owner()),
        (
            "open_done_when",
            "Open, with a definition of done",
            "open",
            lambda a: bool(a.item.done_conditions()),
        ),
        ("open_due", "Open, with a due date not passed", "open", lambda a: _due_ahead(a, today)),
        ("open_ready", "Open, with all three", "open", lambda a: _ready(a, today)),
        (
            "beyond_window",
            f"Due over {plural(window_days, 'day')} after review, not a project",
            "live items",
            lambda a: a.due_beyond_window(window_days),
        ),
        ("no_verify", "No verification step", "live items", lambda a: not a.item.has_verify()),
    ]


def build_report(
    postmortems: Sequence[Postmortem],
    today: date,
    last: int | None = None,
    window_days: int = ACTION_WINDOW_DAYS,
    team_words: Sequence[str] = (),
) -> ActionReport:
    """The report on the items of the last `last` postmortems (all when None); an owner
    named by one of `team_words` is a team, as lint's AI602 reads it."""
    chosen = recent_postmortems(postmortems, last)
    actions = collect_actions(chosen, team_words)
    report = ActionReport(today, chosen, actions, window_days)
    bases = {
        "items": actions,
        "closed": [a for a in actions if a.is_closed],
        "open": [a for a in actions if a.is_open],
        "live items": [a for a in actions if a.item.status != "dropped"],
    }
    for key, label, base_label, test in _lines(today, window_days):
        base = bases[base_label]
        report.lines.append(ReportLine(key, label, [a for a in base if test(a)], base, base_label))
    return report


def _due_ahead(action: TrackedAction, today: date) -> bool:
    return action.item.due is not None and action.item.due >= today


def _ready(action: TrackedAction, today: date) -> bool:
    return (
        action.has_person_owner()
        and bool(action.item.done_conditions())
        and _due_ahead(action, today)
    )


# key -> (label in the summary, title of its list; the list is of the items left out
# when the title starts with "-")
TEXT_LINES = {
    "closed": ("Closed (done or verified)", "Closed"),
    "verified": ("  verified to prevent the failure mode", "-Closed but not verified"),
    "dropped": ("Dropped, with a reason", "Dropped"),
    "open": ("Open", "Open"),
    "open_owner": ("  with one person as owner", "-Open without one person as owner"),
    "open_done_when": ("  with a definition of done", "-Open without a definition of done"),
    "open_due": ("  with a due date not passed", "-Open with the due date passed or missing"),
    "open_ready": ("  with all three", ""),
    "beyond_window": (
        "Due over {window} days after review, not a project",
        "Due over {window} days after review",
    ),
    "no_verify": ("No verification step", "No verification step"),
}


def action_brief(action: TrackedAction) -> dict[str, Any]:
    item = action.item
    return {
        "ref": action.ref,
        "postmortem": action.postmortem.id,
        "id": item.id,
        "what": item.what,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "status": item.status,
        "kind": item.kind or None,
    }


def report_to_dict(report: ActionReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "postmortems": [pm.id for pm in report.postmortems],
        "items": len(report.actions),
        "window_days": report.window_days,
        "numbers": {
            line.key: {
                "label": line.label,
                "count": line.count,
                "of": len(line.base),
                "of_what": line.base_label,
                "percent": line.percent(),
                "items": [a.ref for a in line.items],
                "missing": [a.ref for a in line.missing],
            }
            for line in report.lines
        },
        "actions": [action_brief(a) for a in report.actions],
    }


def render_report(report: ActionReport) -> str:
    count = len(report.postmortems)
    out = [
        f"Action items of the last {plural(count, 'postmortem')}, as of "
        f"{report.today.isoformat()}: {plural(len(report.actions), 'item')}",
        *[f"  {pm.id}" for pm in report.postmortems],
        "",
    ]
    for line in report.lines:
        label = TEXT_LINES[line.key][0].format(window=report.window_days)
        pct = line.percent()
        share = f"{pct:>4}%" if pct is not None else "    -"
        out.append(
            f"{label:<52} {line.count:>4} of {len(line.base):<4} {line.base_label:<10} {share}"
        )
    out += ["", "The items behind the numbers", ""]
    for line in report.lines:
        title = TEXT_LINES[line.key][1].format(window=report.window_days)
        listed = line.missing if title.startswith("-") else line.items
        if not title or not listed:
            continue
        out.append(f"{title.lstrip('-')} ({len(listed)}):")
        out += _rows(listed)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _rows(actions: list[TrackedAction]) -> list[str]:
    cells = [
        [
            a.ref,
            a.item.status,
            a.item.owner or "no owner",
            a.item.due.isoformat() if a.item.due else "no due date",
        ]
        for a in actions
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    return [
        "  "
        + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
        + "  "
        + _short(a.item.what)
        for row, a in zip(cells, actions, strict=True)
    ]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
