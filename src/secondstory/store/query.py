"""Listing, finding, showing and exporting postmortems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from secondstory.errors import UsageError
from secondstory.model.choices import did_you_mean
from secondstory.model.fields import STATUSES
from secondstory.model.problems import Problem
from secondstory.model.records import Postmortem
from secondstory.model.serialize import export_document
from secondstory.plural import plural
from secondstory.store.catalog import load_catalog
from secondstory.store.library import Library
from secondstory.store.loader import load_postmortem, unusable
from secondstory.store.markdown import strip_guidance
from secondstory.store.writer import find_postmortem_dir


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None
    severity: str | None = None
    service: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def parse(
        cls,
        status: str | None,
        severity: str | None,
        service: str | None,
        tag: str | None,
        since: str | None,
        until: str | None,
        severities: tuple[str, ...] = (),
    ) -> Filters:
        """The filters of `secondstory list`; a status or severity that no postmortem can
        have is a usage error (a typo would list nothing and pass)."""
        return cls(
            _choice(status, STATUSES, "--status"),
            _choice(severity, severities, "--severity") if severities else severity,
            service,
            tag,
            _date(since, "--since"),
            _date(until, "--until"),
        )

    def match(self, pm: Postmortem) -> bool:
        day = pm.started.date() if pm.started else None
        return (
            (self.status is None or pm.status == self.status)
            and (self.severity is None or pm.severity == self.severity)
            and (self.service is None or self.service in pm.services)
            and (self.tag is None or self.tag in pm.tags)
            and (self.since is None or (day is not None and day >= self.since))
            and (self.until is None or (day is not None and day <= self.until))
        )


def _choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """`value` as one of `choices` (letter case aside), or a usage error naming the nearest."""
    if value is None or value in choices:
        return value
    same = [choice for choice in choices if choice.lower() == value.lower()]
    if same:
        return same[0]
    raise UsageError(
        f"{option} '{value}' is not one of: {', '.join(choices)}{did_you_mean(value, choices)}",
        hint="secondstory list --help shows the filters",
    )


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} '{value}' is not a date", hint="write YYYY-MM-DD") from None


def _sort_key(pm: Postmortem) -> str:
    return pm.started.isoformat() if pm.started else pm.id


def list_postmortems(
    library: Library, filters: Filters
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The postmortems `filters` chooses, newest first; and, when some postmortems could
    not be read (and so are not listed), the library's errors, for the caller to say so."""
    catalog = load_catalog(library)
    left_out = len(library.postmortem_dirs()) > len(catalog.postmortems)
    chosen = sorted(
        (pm for pm in catalog.postmortems if filters.match(pm)), key=_sort_key, reverse=True
    )
    rows = [
        {
            "id": pm.id,
            "title": pm.title,
            "status": pm.status,
            "severity": pm.severity,
            "services": pm.services,
            "tags": pm.tags,
            "started": pm.started.isoformat() if pm.started else None,
            "path": pm.directory.relative_to(library.root).as_posix(),
            "actions": len(pm.actions),
            "open_actions": sum(1 for a in pm.actions if a.status == "open"),
        }
        for pm in chosen
    ]
    return rows, catalog.errors if left_out else []


def get_postmortem(library: Library, pm_id: str) -> tuple[Postmortem, list[Problem]]:
    """The postmortem and the errors found loading it (what they concern may be missing:
    a timeline that is not UTF-8 is shown empty, so the caller says so)."""
    folder = find_postmortem_dir(library, pm_id)
    loaded = load_postmortem(folder, library.root)
    if loaded.postmortem is None:
        raise unusable(f"postmortem '{pm_id}' cannot be read", loaded.problems, library.root)
    return loaded.postmortem, [p for p in loaded.problems if p.severity == "error"]


def _given(pm: Postmortem, name: str) -> str:
    """A required field's value as the file gives it; "missing" when the file leaves it
    out (the default the model fills in would read as what the team wrote)."""
    return str(getattr(pm, name)) if name in pm.lines else "missing"


def _duration(pm: Postmortem, start: str, end: str) -> str:
    a, b = getattr(pm, start), getattr(pm, end)
    if a is None or b is None:
        return "missing"
    minutes = int((b - a).total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def render_text(pm: Postmortem, root: Path) -> str:
    lines = [
        f"{pm.id}: {pm.title}",
        f"  status {_given(pm, 'status')}, severity {pm.severity or '-'}, "
        f"visibility {pm.visibility}",
    ]
    lines.append(f"  services: {', '.join(pm.services) or '-'}; tags: {', '.join(pm.tags) or '-'}")
    for name in ("started", "detected", "mitigated", "resolved"):
        value = getattr(pm, name)
        lines.append(f"  {name:<9} {value.isoformat() if value else 'missing'}")
    lines.append(
        f"  time to detect {_duration(pm, 'started', 'detected')}, mitigate "
        f"{_duration(pm, 'started', 'mitigated')}, resolve {_duration(pm, 'started', 'resolved')}"
    )
    lines.append(
        f"  review {pm.review_date or '-'} facilitated by {pm.facilitator or '-'}; "
        f"participants: {', '.join(p.name for p in pm.participants) or '-'}"
    )
    for section in pm.sections:
        text = strip_guidance(section.text)
        if text:
            lines += ["", f"## {section.heading}", text]
    lines += ["", f"Timeline ({plural(len(pm.timeline), 'entry')})"]
    for entry in pm.timeline:
        when = entry.time.isoformat() if entry.time else "?"
        lines.append(
            f"  {when}  {entry.actor or '-'}: {entry.event}  [{entry.phase or '-'}, known {entry.known or '?'}]"
        )
    lines += ["", f"Contributing factors ({len(pm.factors)})"]
    lines += [f"  {f.id} [{f.kind}] {f.summary}" for f in pm.factors]
    lines += ["", f"Action items ({len(pm.actions)})"]
    for action in pm.actions:
        lines.append(
            f"  {action.id} [{action.status}] {action.what} (owner {action.owner or '-'}, due {action.due or '-'})"
        )
    lines += ["", f"Accounts ({len(pm.accounts)})"]
    lines += [
        f"  {a.author} ({a.role or '-'}): {a.path.relative_to(root).as_posix()}"
        for a in pm.accounts
    ]
    return "\n".join(lines)


def export_library(library: Library) -> tuple[dict[str, Any], list[Problem]]:
    """The whole library as one JSON-ready document, plus the postmortems that could not be read."""
    catalog = load_catalog(library)
    unreadable = [p for p in catalog.errors if p.code in ("SS001", "SS002", "SS003", "SS010")]
    postmortems = sorted(catalog.postmortems, key=_sort_key)
    return export_document(postmortems, library.root, library.name), unreadable
