# ruff: noqa: F811  (the track_library fixture is imported by name; tests take it as an argument)
from __future__ import annotations

from pathlib import Path

import pytest
from track_fixture_library import TODAY, track_library  # noqa: F401  (a fixture)

from secondstory.errors import NotFound, UsageError
from secondstory.store.catalog import load_catalog
from secondstory.store.library import open_library
from secondstory.track.actions import (
    ActionFilter,
    TrackedAction,
    collect_actions,
    filter_actions,
    owner_is_person,
    resolve_ref,
)


def _actions(root: Path) -> list[TrackedAction]:
    return collect_actions(load_catalog(open_library(root)).postmortems)


def _refs(actions: list[TrackedAction]) -> list[str]:
    return [a.ref for a in actions]


def test_collect_actions_orders_by_postmortem_then_file(track_library: Path) -> None:
    assert _refs(_actions(track_library)) == [
        "2025-01-10-cert-expired-checkout/A1",
        "2025-01-10-cert-expired-checkout/A2",
        "2025-06-02-cert-expired-api/A1",
        "2025-06-02-cert-expired-api/A2",
        "2025-09-20-cert-expired-edge/A1",
    ]


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (
            ActionFilter(owner="priya raman"),
            ["2025-01-10-cert-expired-checkout/A1", "2025-06-02-cert-expired-api/A2"],
        ),
        (
            ActionFilter(statuses=["open"], kinds=["prevent"]),
            ["2025-01-10-cert-expired-checkout/A2", "2025-09-20-cert-expired-edge/A1"],
        ),
        (
            ActionFilter(overdue=True),
            ["2025-01-10-cert-expired-checkout/A2", "2025-06-02-cert-expired-api/A2"],
        ),
        (ActionFilter(unverified=True), ["2025-06-02-cert-expired-api/A1"]),
        (ActionFilter(due_within=7), ["2025-09-20-cert-expired-edge/A1"]),
        (ActionFilter(due_within=6), []),
        (
            ActionFilter(postmortem="2025-06-02-cert-expired-api"),
            ["2025-06-02-cert-expired-api/A1", "2025-06-02-cert-expired-api/A2"],
        ),
    ],
)
def test_filter_actions_selects_exactly(
    track_library: Path, chosen: ActionFilter, expected: list[str]
) -> None:
    assert _refs(filter_actions(_actions(track_library), chosen, TODAY)) == expected


def test_filter_actions_rejects_unknown_status(track_library: Path) -> None:
    with pytest.raises(UsageError, match="unknown status 'closed'"):
        filter_actions(_actions(track_library), ActionFilter(statuses=["closed"]), TODAY)


def test_resolve_ref_accepts_full_and_unambiguous_bare_ids(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    assert (
        resolve_ref(pms, "2025-06-02-cert-expired-api/A2").item.what
        == "Alert on internal certificates too"
    )
    with pytest.raises(UsageError) as excinfo:
        resolve_ref(pms, "A1")
    assert excinfo.value.message == "'A1' is ambiguous: 3 postmortems have it"
    assert excinfo.value.hint == (
        "name one of: 2025-01-10-cert-expired-checkout/A1, 2025-06-02-cert-expired-api/A1, "
        "2025-09-20-cert-expired-edge/A1"
    )


def test_resolve_ref_bare_id_unique_in_library(tmp_path: Path, track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    only = [pm for pm in pms if pm.id == "2025-06-02-cert-expired-api"]
    assert resolve_ref(only, "A2").ref == "2025-06-02-cert-expired-api/A2"


def test_resolve_ref_names_what_exists_when_missing(track_library: Path) -> None:
    pms = load_catalog(open_library(track_library)).postmortems
    with pytest.raises(NotFound) as excinfo:
        resolve_ref(pms, "2025-06-02-cert-expired-api/A9")
    assert excinfo.value.hint == "its action items: A1, A2"
    with pytest.raises(NotFound, match="no postmortem 'nope'"):
        resolve_ref(pms, "nope/A1")
    with pytest.raises(NotFound, match="no action item 'A7' in the library"):
        resolve_ref(pms, "A7")


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("Priya Raman", True),
        ("priya", True),
        ("Platform team", False),
        ("SRE", False),
        ("", False),
        ("Ana and Bo", False),
        ("TBD", False),
        ("Ana/Bo", False),
        ("on-call", False),
    ],
)
def test_owner_is_person_rejects_groups_and_nobody(owner: str, expected: bool) -> None:
    assert owner_is_person(owner) is expected


def test_owner_is_person_even_a_listed_team_is_a_team(track_library: Path) -> None:
    pm = load_catalog(open_library(track_library)).postmortems[1]
    pm.participants[0].name = "Warehouse team"
    action = TrackedAction(pm, pm.actions[0])
    action.item.owner = "Warehouse team"
    assert action.has_person_owner() is False
