"""Postmortems as plain JSON-ready dicts: the shape of `show --format json` and `export`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from secondstory import FORMAT_VERSION
from secondstory.model.fields import RECORDS
from secondstory.model.records import Account, Located, Postmortem, Section

EXPORT_SCHEMA = "https://secondstory.dev/schema/export-v1.json"


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Located):
        return None  # nested records are handled by _record
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _record(obj: Located | None, record: str) -> dict[str, Any] | None:
    if obj is None:
        return None
    out: dict[str, Any] = {}
    for spec in RECORDS[record]:
        value = getattr(obj, spec.name, None)
        if spec.kind == "record":
            out[spec.name] = _record(value, spec.record)
        elif spec.kind == "records":
            out[spec.name] = [_record(v, spec.record) for v in value or []]
        else:
            out[spec.name] = _value(value)
    return out


def _sections(sections: list[Section]) -> list[dict[str, Any]]:
    """Each section's text as people wrote it: the template's `<!-- guidance -->` comments
    are prompts, not content (show leaves them out too)."""
    from secondstory.store.markdown import strip_guidance

    return [
        {"key": s.key, "heading": s.heading, "text": strip_guidance(s.text), "line": s.line}
        for s in sections
    ]


def account_to_dict(account: Account, root: Path | None = None) -> dict[str, Any]:
    data = _record(account, "account") or {}
    data["path"] = _relative(account.path, root)
    data["sections"] = _sections(account.sections)
    return data


def postmortem_to_dict(pm: Postmortem, root: Path | None = None) -> dict[str, Any]:
    data = _record(pm, "postmortem") or {}
    data["format"] = pm.format or str(FORMAT_VERSION)
    data["path"] = _relative(pm.directory, root)
    data["sections"] = _sections(pm.sections)
    data["timeline"] = [_record(e, "timeline_entry") for e in pm.timeline]
    data["factors"] = [_record(f, "factor") for f in pm.factors]
    actions = []
    for action in pm.actions:
        item = _record(action, "action_item") or {}
        item["dropped"] = _record(action.dropped, "dropped_event")
        actions.append(item)
    data["actions"] = actions
    data["accounts"] = [account_to_dict(a, root) for a in pm.accounts]
    return data


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def export_document(postmortems: list[Postmortem], root: Path, name: str) -> dict[str, Any]:
    from secondstory import __version__

    return {
        "$schema": EXPORT_SCHEMA,
        "export_version": 1,
        "format": FORMAT_VERSION,
        "generator": f"secondstory {__version__}",
        "library": name,
        "postmortems": [postmortem_to_dict(pm, root) for pm in postmortems],
    }
