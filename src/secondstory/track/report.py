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


def build_report(
    postmortems: Sequence[Postmortem],
    today: date,
    last: int | None = None,
    window_days: int = ACTION_WINDOW_DAYS,
) -> ActionReport:
    chosen = recent_postmortems(postmortems, last)
    actions = collect_actions(chosen)
    report = ActionReport(today, chosen, actions, window_days)
    live = [a for a in actions if a.item.status != "dropped"]
    closed = [a for a in actions if a.is_closed]
    opened = [a for a in actions if a.is_open]

    def add(
        key: str,
        label: str,
        base: list[TrackedAction],
        base_label: str,
        test: Callable[[TrackedAction], bool],
    ) -> None:
        report.lines.append(ReportLine(key, label, [a for a in base if test(a)], base, base_label))

    add("closed", "Closed (done or verified)", actions, "items", lambda a: a.is_closed)
    add(
        "verified",
        "Verified to prevent the failure mode",
        closed,
        "closed",
        lambda a: a.is_verified,
    )
    add("dropped", "Dropped, with a reason", actions, "items", lambda a: a.item.status == "dropped")
    add("open", "Open", actions, "items", lambda a: a.is_open)
    add(
        "open_owner",
        "Open, with one person as owner",
        opened,
        "open",
        lambda a: a.has_person_owner(),
    )
    add(
        "open_done_when",
        "Open, with a definition of done",
        opened,
        "open",
        lambda a: bool(a.item.done_when),
    )
    add(
        "open_due",
        "Open, with a due date not passed",
        opened,
        "open",
        lambda a: _due_ahead(a, today),
    )
    add("open_ready", "Open, with all three", opened, "open", lambda a: _ready(a, today))
    add(
        "beyond_window",
        f"Due over {window_days} days after review, not a project",
        live,
        "live items",
        lambda a: a.due_beyond_window(window_days),
    )
    add(
        "no_verify", "No verification step", live, "live items", lambda a: not a.item.verify.strip()
    )
    return report


def _due_ahead(action: TrackedAction, today: date) -> bool:
    return action.item.due is not None and action.item.due >= today


def _ready(action: TrackedAction, today: date) -> bool:
    return action.has_person_owner() and bool(action.item.done_when) and _due_ahead(action, today)


# Lines whose useful list is what is left out (the open items that fail the test).
SHOW_MISSING = frozenset({"verified", "open_owner", "open_done_when", "open_due", "open_ready"})


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
    out = [
        f"Action items of the last {len(report.postmortems)} postmortems, as of {report.today.isoformat()}"
    ]
    out += [f"  {pm.id}" for pm in report.postmortems]
    out.append("")
    for line in report.lines:
        pct = line.percent()
        share = f" ({pct}%)" if pct is not None else ""
        out.append(f"{line.label:<56} {line.count:>3} of {len(line.base)} {line.base_label}{share}")
        listed = line.missing if line.key in SHOW_MISSING else line.items
        prefix = "without: " if line.key in SHOW_MISSING else ""
        for action in listed:
            out.append(f"    {prefix}{_describe(action)}")
    return "\n".join(out) + "\n"


def _describe(action: TrackedAction) -> str:
    item = action.item
    owner = item.owner or "no owner"
    due = f"due {item.due.isoformat()}" if item.due else "no due date"
    return f"{action.ref}  [{item.status}] {owner}, {due}: {_short(item.what)}"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
