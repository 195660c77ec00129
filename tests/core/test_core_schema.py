"""`secondstory schema` against the files secondstory itself writes, read as editors read them.

Editors' YAML language servers read YAML 1.2 (core schema): `format: 1` is a number,
`2025-03-14` and `2025-03-14T09:02:00+01:00` are strings, `yes` is a string. The files
are read that way here and checked with `jsonschema`, so the schema a user points their
editor at accepts every file that `new`, the edit commands, the importers and the example
library write.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from secondstory.model.schema import json_schema
from secondstory.store.markdown import split_front_matter

from clirun import run
from conftest import EXAMPLE_LIBRARY, REPO_ROOT, git


class _Core12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's implicit types: no timestamps, only
    true/false as booleans."""


_Core12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Core12Loader)  # a SafeLoader


def _front(path: Path) -> Any:
    front = split_front_matter(path.read_text(encoding="utf-8")).front_matter
    assert front is not None, path
    return _yaml(front)


def _documents(library: Path) -> Iterator[tuple[str, Path, Any]]:
    """(part, file, data) for every file of every postmortem of `library`."""
    for main in sorted((library / "postmortems").glob("*/postmortem.md")):
        yield "postmortem", main, _front(main)
        for part in ("timeline", "factors", "actions"):
            path = main.parent / f"{part}.yaml"
            if path.is_file():
                yield part, path, _yaml(path.read_text(encoding="utf-8"))
        for account in sorted((main.parent / "accounts").glob("*.md")):
            yield "account", account, _front(account)


def _schema_errors(library: Path) -> list[str]:
    validators = {
        part: jsonschema.Draft202012Validator(json_schema(part))
        for part in ("postmortem", "timeline", "factors", "actions", "account")
    }
    errors = []
    for part, path, data in _documents(library):
        for error in validators[part].iter_errors(data):
            where = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{path.relative_to(library)}: {where}: {error.message}")
    return errors


def test_schema_accepts_every_file_of_the_example_library(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(EXAMPLE_LIBRARY, library)
    assert len(list(_documents(library))) > 100
    assert _schema_errors(library) == []


def test_schema_accepts_what_new_and_the_edit_commands_write(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    assert run(tmp_path, "init", "lib").code == 0
    pm = "2025-03-14-checkout-down"
    steps = [
        ("new", "Checkout down", "--severity", "SEV2", "--service", "checkout", "--tag", "tls"),
        ("new", "Bare", "--id", "bare", "--no-similar"),
        ("account", "add", pm, "--author", "Tom Okafor", "--role", "on-call"),
        ("factor", "add", pm, "--kind", "technical", "--summary", "Issued by hand"),
        ("timeline", "add", pm, "--time", "2025-03-14T09:20:00+01:00", "--event", "Paged"),
        ("action", "add", pm, "--what", "Alert on expiry", "--owner", "Tom Okafor"),
        ("action", "add", pm, "--what", "Renew by job", "--addresses", "F1", "--project"),
        ("action", "done", f"{pm}/A1", "--evidence", "PR 12"),
        ("action", "verify", f"{pm}/A1", "--evidence", "drill"),
        ("action", "drop", f"{pm}/A2", "--why", "replaced"),
        ("set", pm, "related", "bare"),
        ("set", pm, "review_date", "2025-03-17"),
    ]
    for step in steps:
        if step[0] == "new" and len(step) > 4:
            step = (*step, "--started", "2025-03-14T09:02:00+01:00", "--facilitator", "Priya")
        assert run(root, *step).code == 0, step
    assert _schema_errors(root) == []


def test_schema_accepts_what_the_importers_write(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    assert run(tmp_path, "init", "lib").code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    report = tmp_path / "report.md"
    report.write_text(
        "# Search returned stale results\n\n## Summary\nSearch served results from a stale"
        " replica for 40 minutes.\n\n## Timeline\n- 2024-05-02 10:00 UTC: replica lag alert\n"
        "- 2024-05-02 10:40 UTC: replica rebuilt\n\n## Action items\n- [ ] Alert on lag (@ana)\n",
        encoding="utf-8",
    )
    data = REPO_ROOT / "tests" / "data"
    assert run(root, "import", "markdown", str(report)).code == 0
    assert run(root, "import", "pagerduty", str(data / "pagerduty_log_entries.json")).code == 0
    target = sorted(p.name for p in (root / "postmortems").iterdir() if p.is_dir())[0]
    slack = ("import", "slack", str(data / "slack_export"), "--channel", "inc-checkout")
    assert run(root, *slack, "--to", target).code == 0
    assert len(list((root / "postmortems").glob("*/postmortem.md"))) == 2
    assert _schema_errors(root) == []


@pytest.mark.parametrize(
    ("front", "valid"),
    [
        ("format: 1", True),
        ('format: "1"', True),
        ("format:", True),
        ("format: 2", False),
        ("provenance:", True),
        ("participants:", True),
    ],
)
def test_schema_postmortem_format_and_empty_fields(front: str, valid: bool) -> None:
    data = _yaml(f"id: x\ntitle: T\nstatus: draft\n{front}\n")
    validator = jsonschema.Draft202012Validator(json_schema("postmortem"))
    assert validator.is_valid(data) is valid


def test_schema_command_types_format_as_the_version_number(tmp_path: Path) -> None:
    schema = json.loads(run(tmp_path, "schema", "--part", "postmortem").out)
    assert schema["$defs"]["postmortem"]["properties"]["format"] == {
        "anyOf": [{"enum": [1, "1"]}, {"type": "null"}],
        "description": "Format version of this file: 1.",
    }
