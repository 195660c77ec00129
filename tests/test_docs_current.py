"""Docs are checked against the code: every command documented, references generated."""

from __future__ import annotations

import re

from secondstory.cli.registry import COMMANDS
from secondstory.model.docgen import updated

from conftest import REPO_ROOT


def _docs() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "docs").glob("*.md"))
    )


def test_docs_every_command_has_a_heading() -> None:
    headings = re.findall(r"^#+ .*`secondstory ([a-z-]+)", _docs(), flags=re.M)
    assert sorted(set(COMMANDS) - set(headings)) == []


def test_docs_field_reference_is_current() -> None:
    path = REPO_ROOT / "docs" / "format.md"
    text = path.read_text(encoding="utf-8")
    assert text == updated(text), "run: python -m secondstory.model.docgen"


def test_docs_readme_gives_two_setup_commands() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [
        line for line in block.splitlines()[1:] if line.strip() and not line.startswith("#")
    ]
    assert commands == ["make demo", "make test"]
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
