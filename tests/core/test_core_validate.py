from __future__ import annotations

import json
from pathlib import Path

import pytest

from secondstory.store.catalog import validate_library
from secondstory.store.library import open_library
from secondstory.store.writer import NewPostmortem, init_library, new_postmortem

from clirun import run

GOOD_FRONT = """---
id: pm-1
title: Checkout down
status: published
severity: SEV2
started: 2025-03-14T09:02:00+01:00
detected: 2025-03-14T09:20:00+01:00
review_date: 2025-03-17
facilitator: Priya Raman
participants:
  - name: Priya Raman
    role: facilitator
  - name: Tom Okafor
---

## Facts
Checkout failed for 49 minutes.
"""


def _pm(tmp_path: Path, front: str = GOOD_FRONT, **files: str) -> Path:
    root = tmp_path / "lib"
    if not root.exists():
        init_library(root)
    folder = root / "postmortems" / "pm-1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "postmortem.md").write_text(front)
    for name, text in files.items():
        (folder / name.replace("_", ".", 1)).write_text(text)
    return root


def _rendered(root: Path) -> list[str]:
    return [p.render(root) for p in validate_library(open_library(root))]


def test_validate_good_postmortem_has_no_problems(tmp_path: Path) -> None:
    assert _rendered(_pm(tmp_path)) == []


def test_validate_malformed_yaml_names_line(tmp_path: Path) -> None:
    root = _pm(tmp_path, timeline_yaml="- time: 2025-03-14T09:02:00+01:00\n  event: [unclosed\n")
    assert _rendered(root) == [
        "postmortems/pm-1/timeline.yaml:3:1: error SS002 YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 2, column 10)"
    ]


def test_validate_wrong_type_and_not_a_date(tmp_path: Path) -> None:
    root = _pm(
        tmp_path,
        GOOD_FRONT.replace("review_date: 2025-03-17", "review_date: next week").replace(
            "severity: SEV2", "severity: [SEV2]"
        ),
    )
    assert _rendered(root) == [
        "postmortems/pm-1/postmortem.md:5:11: error SS010 'severity' must be a single value, got a list",
        "postmortems/pm-1/postmortem.md:8:14: error SS016 'review_date' is not a date: 'next week' (write YYYY-MM-DD)",
    ]


def test_validate_time_without_zone(tmp_path: Path) -> None:
    root = _pm(tmp_path, GOOD_FRONT.replace("09:20:00+01:00", "09:20:00"))
    assert _rendered(root) == [
        "postmortems/pm-1/postmortem.md:7:11: error SS015 'detected' has no time zone: '2025-03-14T09:20:00' (add the UTC offset: 2025-03-14T09:20:00+00:00 in UTC, the library's timezone)"
    ]


def test_validate_time_without_zone_hint_gives_the_library_timezone_offset(
    tmp_path: Path,
) -> None:
    timeline = "- time: 2025-03-14 09:40\n  event: Rolled back\n"
    root = _pm(tmp_path, GOOD_FRONT.replace("09:20:00+01:00", "09:20:00"), timeline_yaml=timeline)
    config = root / "secondstory.toml"
    config.write_text(config.read_text().replace('"UTC"', '"Europe/Amsterdam"'))
    assert _rendered(root) == [
        "postmortems/pm-1/postmortem.md:7:11: error SS015 'detected' has no time zone: '2025-03-14T09:20:00' (add the UTC offset: 2025-03-14T09:20:00+01:00 in Europe/Amsterdam, the library's timezone)",
        "postmortems/pm-1/timeline.yaml:1:9: error SS015 'time' has no time zone: '2025-03-14 09:40' (add the UTC offset: 2025-03-14T09:40:00+01:00 in Europe/Amsterdam, the library's timezone)",
    ]
    config.write_text(config.read_text().replace('timezone = "Europe/Amsterdam"', ""))
    assert _rendered(root)[0].endswith(
        "(add the UTC offset, e.g. 2025-03-14T09:20:00+00:00 for UTC)"
    )


def test_validate_unknown_field_suggests_nearest(tmp_path: Path) -> None:
    root = _pm(tmp_path, GOOD_FRONT.replace("severity: SEV2", "severty: SEV2"))
    assert _rendered(root) == [
        "postmortems/pm-1/postmortem.md:5:1: warning SS012 unknown field 'severty' in postmortem; did you mean 'severity'?"
    ]


def test_validate_cross_references(tmp_path: Path) -> None:
    factors = "- id: F1\n  kind: technical\n  summary: Cert issued by hand\n"
    actions = (
        "- id: A1\n  what: Alert\n  owner: Sam Nobody\n  addresses: [F1, F7]\n  status: done\n"
        "- id: A1\n  what: Again\n  status: open\n"
    )
    timeline = (
        "- time: 2025-03-14T09:30:00+01:00\n  event: later\n"
        "- time: 2025-03-14T09:10:00+01:00\n  event: earlier\n"
    )
    root = _pm(tmp_path, factors_yaml=factors, actions_yaml=actions, timeline_yaml=timeline)
    assert _rendered(root) == [
        "postmortems/pm-1/actions.yaml:3:3: error SS023 action A1 is owned by 'Sam Nobody', who is not a participant; add them to participants",
        "postmortems/pm-1/actions.yaml:4:3: error SS021 action A1 addresses factor 'F7', which does not exist (factors: F1)",
        "postmortems/pm-1/actions.yaml:5:3: error SS026 action A1 has status 'done' but no 'done:' record with a date",
        "postmortems/pm-1/actions.yaml:6:3: error SS020 action item id 'A1' is used twice",
        "postmortems/pm-1/timeline.yaml:3:3: error SS022 timeline goes backwards: 2025-03-14T09:10:00+01:00 comes after 2025-03-14T09:30:00+01:00",
    ]


def test_validate_team_owner_is_not_told_to_join_the_participants(tmp_path: Path) -> None:
    actions = (
        "- id: A1\n  what: Alert\n  owner: '@platform-team'\n  status: open\n"
        "- id: A2\n  what: Page\n  owner: TBD\n  status: open\n"
    )
    root = _pm(tmp_path, actions_yaml=actions)
    assert _rendered(root) == [
        "postmortems/pm-1/actions.yaml:3:3: error SS023 action A1 is owned by '@platform-team', "
        "who is not a participant and does not look like one person; name one person who took "
        "part as the owner",
    ]


def test_validate_timestamps_out_of_order(tmp_path: Path) -> None:
    root = _pm(
        tmp_path,
        GOOD_FRONT.replace(
            "detected: 2025-03-14T09:20:00+01:00", "detected: 2025-03-14T08:20:00+01:00"
        ),
    )
    assert _rendered(root) == [
        "postmortems/pm-1/postmortem.md:7:1: error SS027 'detected' (2025-03-14T08:20:00+01:00) is before 'started'"
    ]


def test_validate_review_and_due_dates_before_started(tmp_path: Path) -> None:
    actions = (
        "- id: A1\n  what: Alert\n  status: open\n  due: 2025-03-13\n"
        "- id: A2\n  what: Page\n  status: open\n  due: 2025-03-14\n"
    )
    root = _pm(
        tmp_path,
        GOOD_FRONT.replace("review_date: 2025-03-17", "review_date: 2025-02-17"),
        actions_yaml=actions,
    )
    assert _rendered(root) == [
        "postmortems/pm-1/actions.yaml:4:3: warning SS031 action A1 is due 2025-03-13, before 'started' (2025-03-14)",
        "postmortems/pm-1/postmortem.md:8:1: warning SS031 'review_date' (2025-02-17) is before 'started' (2025-03-14)",
    ]


def test_validate_not_utf8_names_line(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    (root / "postmortems/pm-1/factors.yaml").write_bytes(b"- id: F1\n  summary: caf\xe9\n")
    assert _rendered(root) == [
        "postmortems/pm-1/factors.yaml:2:15: error SS001 is not UTF-8 (byte 0xe9)"
    ]


def test_validate_huge_and_binary_files_refused(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    (root / "postmortems/pm-1/timeline.yaml").write_bytes(b"\x00\x01binary")
    (root / "postmortems/pm-1/factors.yaml").write_text("#" * (9 * 1024 * 1024))
    assert _rendered(root) == [
        "postmortems/pm-1/factors.yaml:1:1: error SS001 is 9,437,184 bytes, over the limit of 8,388,608",
        "postmortems/pm-1/timeline.yaml:1:1: error SS001 is binary, not text",
    ]


def test_validate_symlink_out_of_library_refused(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text("- id: F1\n")
    (root / "postmortems/pm-1/factors.yaml").symlink_to(outside)
    assert _rendered(root) == [
        f"postmortems/pm-1/factors.yaml:1:1: error SS001 is a link to {outside}, outside the library"
    ]


def test_validate_symlink_inside_library_is_read(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    shared = root / "shared-timeline.yaml"
    shared.write_text("- time: 2025-03-01T10:00:00Z\n  event: Paged.\n  colour: red\n")
    (root / "postmortems/pm-1/timeline.yaml").symlink_to(shared)
    assert [line.split(";")[0] for line in _rendered(root)] == [
        "postmortems/pm-1/timeline.yaml:3:3: warning SS012 unknown field 'colour' in timeline_entry"
    ]


def test_validate_duplicate_postmortem_ids(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    twin = root / "postmortems" / "pm-1-copy"
    twin.mkdir()
    (twin / "postmortem.md").write_text(GOOD_FRONT)
    assert _rendered(root) == [
        "postmortems/pm-1-copy/postmortem.md:2:1: error SS028 postmortem id 'pm-1' is also used by "
        "postmortems/pm-1/postmortem.md"
    ]


def _imported(root: Path, pm_id: str, source: str) -> None:
    folder = root / "postmortems" / pm_id
    folder.mkdir()
    front = GOOD_FRONT.replace("id: pm-1", f"id: {pm_id}").replace(
        "---\n\n", f"provenance:\n  source: {source}\n  importer: markdown\n---\n\n", 1
    )
    (folder / "postmortem.md").write_text(front)


def test_validate_two_postmortems_imported_from_one_source(tmp_path: Path) -> None:
    """A report imported twice before the importers refused a second copy: the same file
    written two ways (relative to the library, absolute) is one source."""
    root = _pm(tmp_path)
    (root / "reports").mkdir()
    (root / "reports" / "db.md").write_text("# DB outage\n")
    _imported(root, "pm-2", "reports/db.md")
    _imported(root, "pm-3", f"{root}/reports/db.md")
    _imported(root, "pm-4", "slack:#inc-42")
    assert _rendered(root) == [
        "postmortems/pm-3/postmortem.md:15:1: warning SS030 imported from the same source as "
        "postmortems/pm-2/postmortem.md (reports/db.md): the same report twice; keep one "
        "folder and delete the other (git rm -r), or merge what was added to it by hand"
    ]


def test_validate_cli_exit_codes_and_json(tmp_path: Path) -> None:
    root = _pm(tmp_path)
    assert run(root, "validate").code == 0
    (root / "postmortems/pm-1/factors.yaml").write_text(
        "- id: F1\n  kind: techincal\n  summary: x\n"
    )
    result = run(root, "validate")
    assert result.code == 1
    assert (
        result.out
        == "postmortems/pm-1/factors.yaml:2:9: error SS013 'kind' is 'techincal', not one of: technical, process, knowledge, timing, organisational, external; did you mean 'technical'?\n"
    )
    data = json.loads(run(root, "validate", "--format", "json").out)
    assert data["valid"] is False
    assert data["problems"][0] == {
        "path": "postmortems/pm-1/factors.yaml",
        "line": 2,
        "column": 9,
        "code": "SS013",
        "severity": "error",
        "message": data["problems"][0]["message"],
    }
    assert run(root, "validate", "no/such/path").code == 3


def test_validate_parallel_matches_serial(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    init_library(root)
    library = open_library(root)
    for n in range(6):
        path = new_postmortem(library, NewPostmortem(f"Incident {n}"), {f"x{n}"})
        if n % 2:
            path.write_text(path.read_text().replace("severity:", "severity: SEV9"))
    serial = validate_library(library, jobs=1)
    parallel = validate_library(library, jobs=2)
    assert serial == parallel
    assert len(serial) == 3


@pytest.mark.parametrize("part", ["postmortem", "timeline", "factors", "actions", "account"])
def test_schema_command_prints_valid_json_schema(tmp_path: Path, part: str) -> None:
    import jsonschema

    schema = json.loads(run(tmp_path, "schema", "--part", part).out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_validate_warns_when_hash_swallows_value(tmp_path: Path) -> None:
    timeline = (
        "- time: 2025-03-14T09:30:00+01:00\n  event: Opened #inc-12 and paged Tom\n"
        "- time: 2025-03-14T09:31:00+01:00\n  event: 'Asked in #ops'  # fine: quoted\n"
        "  source: slack   # a real comment\n"
    )
    root = _pm(tmp_path, timeline_yaml=timeline)
    assert _rendered(root) == [
        "postmortems/pm-1/timeline.yaml:2:17: warning SS019 ' #' starts a YAML comment, so the rest of this value is lost; put the value in quotes"
    ]


def test_validate_cache_answers_unchanged_and_rechecks_changed(tmp_path: Path) -> None:
    root = _pm(tmp_path, factors_yaml="- id: F1\n  kind: technical\n  summary: x\n")
    library = open_library(root)
    assert validate_library(library) == []
    assert (root / ".secondstory" / "validate-cache.json").is_file()
    (root / "postmortems/pm-1/factors.yaml").write_text("- id: F1\n  kind: techie\n  summary: x\n")
    cached_run = [p.code for p in validate_library(library)]
    assert cached_run == ["SS013"]
    assert [p.code for p in validate_library(library)] == cached_run
    assert [p.code for p in validate_library(library, use_cache=False)] == cached_run


def test_validate_missing_related_points_at_the_related_line(tmp_path: Path) -> None:
    front = GOOD_FRONT.replace("---\n\n", "related:\n  - pm-1\n  - 2025-01-01-nonexistent\n---\n\n")
    root = _pm(tmp_path, front)
    expected = [
        "postmortems/pm-1/postmortem.md:14:1: warning SS025 related postmortem "
        "'2025-01-01-nonexistent' does not exist in this library"
    ]
    assert _rendered(root) == expected
    assert _rendered(root) == expected  # answered from the cache: the same line


def test_validate_cache_of_an_older_layout_is_not_used(tmp_path: Path) -> None:
    root = _pm(tmp_path, GOOD_FRONT.replace("---\n\n", "related: [gone]\n---\n\n"))
    folder = root / "postmortems" / "pm-1"
    from secondstory import __version__
    from secondstory.store.validate_cache import folder_signature

    old_key = json.dumps([__version__, ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"], "postmortems"])
    entry = {"signature": folder_signature(folder), "summary": ["pm-1", "x", 2, ["gone"]]}
    (root / ".secondstory").mkdir(exist_ok=True)
    (root / ".secondstory" / "validate-cache.json").write_text(
        json.dumps({"key": old_key, "entries": {str(folder): {**entry, "problems": []}}})
    )
    assert [p.line for p in validate_library(open_library(root))] == [14]
