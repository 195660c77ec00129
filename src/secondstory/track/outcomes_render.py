"""The outcome test as text and JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from secondstory.plural import plural
from secondstory.track.outcomes import METRICS, Incident, OutcomeClass, Outcomes

MISSING = "missing"
SHOWN_REFS = 4
STEP_MARKS = {"improving": "↓", "worsening": "↑", "flat": "=", "unknown": "?"}


def format_duration(value: timedelta | None) -> str:
    if value is None:
        return MISSING
    minutes = int(value.total_seconds() // 60)
    if minutes < 0:
        return f"-{format_duration(-value)}"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {mins:02d}m" if hours else f"{mins}m"


def _verified_text(incident: Incident, first: bool) -> str:
    if first:
        return "-"
    if incident.verified_before is None:
        return "unknown (no start time)"
    refs = sorted(f"{a.postmortem.id[:10]}/{a.item.id}" for a in incident.verified_before)
    more = f", +{len(refs) - SHOWN_REFS} more" if len(refs) > SHOWN_REFS else ""
    shown = f" ({', '.join(refs[:SHOWN_REFS])}{more})" if refs else ""
    return f"{len(incident.verified_before)} of {incident.earlier_count}{shown}"


def _cell(incident: Incident, metric: str, step: str | None) -> str:
    text = format_duration(incident.durations[metric])
    return f"{text} {STEP_MARKS[step]}" if step else text


def render_class(item: OutcomeClass) -> list[str]:
    trends = ", ".join(f"{m} {item.trend[m]}" for m in METRICS)
    out = [f"{item.name} ({plural(len(item.incidents), 'incident')}): {trends}"]
    header = ["started", "postmortem", "detect", "mitigate", "resolve", "verified before"]
    rows = []
    for index, incident in enumerate(item.incidents):
        start = incident.started.date().isoformat() if incident.started else MISSING
        steps = {m: (item.steps[m][index - 1] if index else None) for m in METRICS}
        rows.append(
            [
                start,
                incident.postmortem.id,
                *(_cell(incident, m, steps[m]) for m in METRICS),
                _verified_text(incident, index == 0),
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        out.append(
            "  "
            + "  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True))
            + "  "
            + row[-1]
        )
    return out


def render_outcomes(outcomes: Outcomes) -> str:
    if not outcomes.classes:
        lines = [f"No class of incident (by {outcomes.by}) has two or more incidents yet."]
    else:
        lines = [
            f"Outcomes by {outcomes.by}: {plural(len(outcomes.classes), 'recurring class')}",
            "(durations from 'started'; ↓ shorter than the incident before, ↑ longer, = about the same,"
            " ? a time is missing)",
            "",
        ]
        for item in outcomes.classes:
            lines += [*render_class(item), ""]
    if outcomes.note:
        lines.append(f"note: {outcomes.note}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 60, 1)


def outcomes_to_dict(outcomes: Outcomes) -> dict[str, Any]:
    return {
        "by": outcomes.by,
        "note": outcomes.note or None,
        "classes": [
            {
                "name": item.name,
                "incidents": [
                    _incident(inc, index == 0) for index, inc in enumerate(item.incidents)
                ],
                "steps": item.steps,
                "trend": item.trend,
            }
            for item in outcomes.classes
        ],
    }


def _incident(incident: Incident, first: bool) -> dict[str, Any]:
    pm = incident.postmortem
    verified = (
        None
        if first or incident.verified_before is None
        else [a.ref for a in incident.verified_before]
    )
    return {
        "postmortem": pm.id,
        "title": pm.title,
        "severity": pm.severity or None,
        "started": pm.started.isoformat() if pm.started else None,
        "detected": pm.detected.isoformat() if pm.detected else None,
        "mitigated": pm.mitigated.isoformat() if pm.mitigated else None,
        "resolved": pm.resolved.isoformat() if pm.resolved else None,
        "minutes_to": {m: _minutes(incident.durations[m]) for m in METRICS},
        "verified_before": verified,
        "earlier_outcome_items": incident.earlier_count,
    }
