"""Action items across the whole library: collecting, judging and filtering them.

An action item's user-facing id is `POSTMORTEM_ID/A1`; a bare `A1` is accepted when only
one postmortem has it. Every judgement that depends on the date takes `today`, so
reports are reproducible.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from secondstory.errors import NotFound, UsageError
from secondstory.model.fields import ACTION_KINDS, ACTION_STATUSES
from secondstory.model.owners import owner_is_person
from secondstory.model.records import ActionItem, Postmortem, is_placeholder

ACTION_WINDOW_DAYS = 14
CLOSED_STATUSES = ("done", "verified")


@dataclass(frozen=True, slots=True)
class TrackedAction:
    """One action item with the postmortem it belongs to."""

    postmortem: Postmortem
    item: ActionItem
    team_words: tuple[str, ...] = ()  # the library's `[review] team_words`, as lint reads them

    @property
    def ref(self) -> str:
        return f"{self.postmortem.id}/{self.item.id}"

    @property
    def is_open(self) -> bool:
        return self.item.status == "open"

    @property
    def is_closed(self) -> bool:
        return self.item.status in CLOSED_STATUSES

    @property
    def is_verified(self) -> bool:
        return self.item.status == "verified" and self.item.verified is not None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.item.due is not None and self.item.due < today

    def has_person_owner(self) -> bool:
        return owner_is_person(self.item.owner, self.team_words)

    def due_beyond_window(self, window_days: int = ACTION_WINDOW_DAYS) -> bool:
        """Due more than `window_days` after the review without being marked a project."""
        review = self.postmortem.review_date
        if self.item.project or review is None or self.item.due is None:
            return False
        return self.item.due > review + timedelta(days=window_days)

    def verified_on(self) -> date | None:
        if self.item.status != "verified" or self.item.verified is None:
            return None
        return self.item.verified.date


def owner_warnings(owner: str, pm: Postmortem, team_words: Iterable[str] = ()) -> list[str]:
    """What lint and validate would say about `owner` of an item of `pm`: none or a
    placeholder (AI601), not one person (AI602, with lint's `team_words`), not a
    participant (SS023). `action add` and `action reassign` both warn with these."""
    owner = owner.strip()
    if is_placeholder(owner):
        written = f" ('{owner}' is a placeholder)" if owner else ""
        return [f"no owner{written}: name one person who owns it"]
    people = pm.participant_names()
    outsider = bool(people) and owner not in people
    if not owner_is_person(owner, team_words):
        if outsider:
            return [
                f"'{owner}' does not look like one person, nor is it a participant: "
                "name one person who took part as the owner"
            ]
        return [f"'{owner}' does not look like one person: an item needs one owner"]
    if outsider:
        return [
            f"'{owner}' is not a participant of {pm.id}: add them with "
            f"secondstory participant add {pm.id} {shlex.quote(owner)} --role ROLE"
        ]
    return []


def collect_actions(
    postmortems: Iterable[Postmortem], team_words: Sequence[str] = ()
) -> list[TrackedAction]:
    """Every action item of `postmortems`, in postmortem id then file order; an owner is
    one person unless a built-in team word or one of `team_words` names a team."""
    ordered = sorted(postmortems, key=lambda pm: pm.id)
    words = tuple(team_words)
    return [TrackedAction(pm, item, words) for pm in ordered for item in pm.actions]


@dataclass(slots=True)
class ActionFilter:
    """The filters of `secondstory actions`; empty fields match everything."""

    owner: str = ""
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    postmortem: str = ""
    overdue: bool = False
    unverified: bool = False
    due_within: int | None = None

    def check(self) -> None:
        for status in self.statuses:
            if status not in ACTION_STATUSES:
                raise UsageError(
                    f"unknown status '{status}'", hint=f"use one of {', '.join(ACTION_STATUSES)}"
                )
        for kind in self.kinds:
            if kind not in ACTION_KINDS:
                raise UsageError(
                    f"unknown kind '{kind}'", hint=f"use one of {', '.join(ACTION_KINDS)}"
                )
        if self.due_within is not None and self.due_within < 0:
            raise UsageError(
                "--due-within must be zero or more days", hint="e.g. --due-within 7 for a week"
            )

    def matches(self, action: TrackedAction, today: date) -> bool:
        item = action.item
        checks = (
            not self.owner or item.owner.casefold() == self.owner.casefold(),
            not self.statuses or item.status in self.statuses,
            not self.kinds or item.kind in self.kinds,
            not self.postmortem or action.postmortem.id == self.postmortem,
            not self.overdue or action.is_overdue(today),
            not self.unverified or (item.status == "done"),
            self.due_within is None or _due_within(action, today, self.due_within),
        )
        return all(checks)


def _due_within(action: TrackedAction, today: date, days: int) -> bool:
    due = action.item.due
    return action.is_open and due is not None and today <= due <= today + timedelta(days=days)


def filter_actions(
    actions: Iterable[TrackedAction], chosen: ActionFilter, today: date
) -> list[TrackedAction]:
    chosen.check()
    return [a for a in actions if chosen.matches(a, today)]


def resolve_ref(postmortems: Sequence[Postmortem], ref: str) -> TrackedAction:
    """The action named `POSTMORTEM_ID/A1`, or a bare `A1` that only one postmortem has."""
    ref = ref.strip()
    if "/" in ref:
        pm_id, _, action_id = ref.rpartition("/")
        pm = next((p for p in postmortems if p.id == pm_id), None)
        if pm is None:
            raise NotFound(f"no postmortem '{pm_id}'", hint="see 'secondstory list' for the ids")
        item = pm.action(action_id)
        if item is None:
            ids = ", ".join(a.id for a in pm.actions) or "none"
            raise NotFound(
                f"postmortem {pm_id} has no action item '{action_id}'",
                hint=f"its action items: {ids}",
            )
        return TrackedAction(pm, item)
    found = [a for a in collect_actions(postmortems) if a.item.id == ref]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            f"no action item '{ref}' in the library",
            hint="use POSTMORTEM_ID/ACTION_ID; see 'secondstory actions'",
        )
    candidates = ", ".join(a.ref for a in found)
    raise UsageError(
        f"'{ref}' is ambiguous: {len(found)} postmortems have it", hint=f"name one of: {candidates}"
    )
