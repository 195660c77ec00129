"""The outcome test: does a class of incident recur, and does each recurrence go better?

For each class (a tag, a service, a failure mechanism, or a group of similar incidents)
with at least two incidents: the incidents in time order with time to detect, mitigate
and resolve (each measured from `started`), the action items of earlier incidents in the
class that were verified before the recurrence started, and the trend of each duration.
Missing timestamps stay missing; every incident counts the same, whatever its severity.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from secondstory.errors import UsageError
from secondstory.model.fields import incident_tags
from secondstory.model.records import Postmortem
from secondstory.store.library import Library
from secondstory.track.actions import TrackedAction, collect_actions

METRICS = ("detect", "mitigate", "resolve")
METRIC_FIELDS = {"detect": "detected", "mitigate": "mitigated", "resolve": "resolved"}
OUTCOME_KINDS = frozenset({"detect", "contain", "resolve", "prevent"})
GROUPINGS = ("tag", "service", "mechanism", "similar")
FLAT_FRACTION = 0.10
FLAT_MINIMUM = timedelta(minutes=1)


@dataclass(slots=True)
class Incident:
    postmortem: Postmortem
    durations: dict[str, timedelta | None]
    # Items of earlier incidents in the class verified before this one started;
    # None when this incident has no start time (so the question cannot be answered).
    verified_before: list[TrackedAction] | None = None
    earlier_count: int = 0  # outcome items (not dropped) of the earlier incidents

    @property
    def started(self) -> datetime | None:
        return self.postmortem.started


@dataclass(slots=True)
class OutcomeClass:
    name: str
    by: str
    incidents: list[Incident]
    # metric -> one verdict per recurrence (improving, worsening, flat, unknown)
    steps: dict[str, list[str]] = field(default_factory=dict)
    # metric -> the verdict over the known values (also mixed)
    trend: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Outcomes:
    by: str
    classes: list[OutcomeClass]
    note: str = ""


def duration(pm: Postmortem, metric: str) -> timedelta | None:
    end = getattr(pm, METRIC_FIELDS[metric])
    if pm.started is None or end is None:
        return None
    try:
        return end - pm.started  # type: ignore[no-any-return]
    except TypeError:  # one time has an offset, the other not: not comparable
        return None


def step_verdict(before: timedelta | None, after: timedelta | None) -> str:
    if before is None or after is None:
        return "unknown"
    if abs(after - before) <= max(FLAT_MINIMUM, before * FLAT_FRACTION):
        return "flat"
    return "improving" if after < before else "worsening"


def overall_trend(values: Sequence[timedelta | None]) -> str:
    """Over the known values in order: improving, worsening, flat, mixed, or unknown."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return "unknown"
    verdicts = {step_verdict(a, b) for a, b in itertools.pairwise(known)}
    if verdicts == {"flat"}:
        return "flat"
    for direction in ("improving", "worsening"):
        if verdicts <= {direction, "flat"}:
            return direction
    return "mixed"


def _order(pm: Postmortem) -> tuple[str, str]:
    when = pm.started or pm.detected
    day = when.isoformat() if when else (pm.review_date.isoformat() if pm.review_date else "")
    return (day, pm.id)


def classifier(
    by: str, library: Library | None = None
) -> tuple[Callable[[Postmortem], Iterable[str]], str]:
    """How postmortems fall into classes for `by`, and a note when a fallback was used.

    By mechanism, each postmortem joins the class of its best-scoring mechanism from the
    mechanism vocabulary (secondstory.insights.mechanisms).
    """
    if by == "tag":
        return (lambda pm: incident_tags(pm.tags)), ""
    if by == "service":
        return (lambda pm: pm.services), ""
    if by == "mechanism":
        from secondstory.insights.mechanisms import classify_postmortem, load_vocabulary

        vocab = load_vocabulary(library)
        return (lambda pm: [hit.id for hit in classify_postmortem(vocab, pm)[:1]]), ""
    if by == "similar":
        return _similar_classes(library)
    raise UsageError(f"unknown grouping '{by}'", hint=f"use one of {', '.join(GROUPINGS)}")


def _similar_classes(library: Library | None) -> tuple[Callable[[Postmortem], Iterable[str]], str]:
    """Classes of similar incidents from the library index (secondstory.index, insights)."""
    from secondstory.index import build
    from secondstory.insights import patterns

    if library is None:
        raise UsageError(
            "--by similar needs the library's index",
            hint="pass library= so that its index can be read",
        )
    db, _ = build.open_synced(library)
    try:
        found = patterns.find_patterns(db.conn, top=1_000_000)
    finally:
        db.close()
    names: dict[str, list[str]] = {}
    for group in found.classes:
        for incident in group.incidents:
            names.setdefault(incident.pm_id, []).append(group.label or group.name)
    return (lambda pm: names.get(pm.id, [])), ""


def _mark_verified_before(incidents: Sequence[Incident]) -> None:
    """For each incident, the outcome items of the earlier ones verified before it started."""
    earlier = 0
    verified: list[tuple[date, int, TrackedAction]] = []  # sorted by verified date
    for incident in incidents:
        incident.earlier_count = earlier
        start = incident.started
        if start is not None:
            cut = bisect.bisect_left(verified, (start.date(),), key=lambda v: v[:1])
            incident.verified_before = [v[2] for v in verified[:cut]]
        items = [a for a in collect_actions([incident.postmortem]) if a.item.kind in OUTCOME_KINDS]
        items = [a for a in items if a.item.status != "dropped"]
        earlier += len(items)
        for action in items:
            day = action.verified_on()
            if day is not None:
                bisect.insort(verified, (day, len(verified), action), key=lambda v: v[:2])


def build_class(name: str, by: str, postmortems: Sequence[Postmortem]) -> OutcomeClass:
    ordered = sorted(postmortems, key=_order)
    incidents = [Incident(pm, {m: duration(pm, m) for m in METRICS}) for pm in ordered]
    _mark_verified_before(incidents)
    result = OutcomeClass(name, by, incidents)
    for metric in METRICS:
        values = [i.durations[metric] for i in incidents]
        result.steps[metric] = [step_verdict(a, b) for a, b in itertools.pairwise(values)]
        result.trend[metric] = overall_trend(values)
    return result


def build_outcomes(
    postmortems: Sequence[Postmortem],
    by: str = "tag",
    only: str = "",
    minimum: int = 2,
    library: Library | None = None,
    classes: Sequence[str] = (),
) -> Outcomes:
    """Every class with at least `minimum` incidents (or just the class `only`), by name.

    `classes`, when given, limits the classes to those names (e.g. the tags that name
    incident classes, leaving out tags like `mobile` or `human-error`).
    """
    names_of, note = classifier(by, library)
    members: dict[str, list[Postmortem]] = {}
    for pm in postmortems:
        for name in dict.fromkeys(names_of(pm)):
            members.setdefault(name, []).append(pm)
    if only and only not in members:
        raise UsageError(
            f"no incidents in class '{only}' (by {by})",
            hint="see 'secondstory outcomes' for the classes",
        )
    allowed = set(classes) or set(members)
    recurring = (n for n, pms in members.items() if len(pms) >= minimum and n in allowed)
    chosen = [only] if only else sorted(recurring)
    return Outcomes(by, [build_class(n, by, members[n]) for n in chosen], note)
