"""Editing commands refuse a file that is a link out of the library, as `validate` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from conftest import REPO_ROOT, git

PM = "pm1"
ACTIONS = "- id: A1\n  what: Alert before expiry\n  status: open\n"
SLACK = str(REPO_ROOT / "tests" / "data" / "slack_export")

EDITS = {
    "action add": ("actions.yaml", ["action", "add", PM, "--what", "X", "--owner", "Sam"]),
    "action done": ("actions.yaml", ["action", "done", f"{PM}/A1", "--evidence", "PR 1"]),
    "action verify": ("actions.yaml", ["action", "verify", f"{PM}/A1", "--evidence", "drill"]),
    "action drop": ("actions.yaml", ["action", "drop", f"{PM}/A1", "--why", "replaced"]),
    "action reassign": ("actions.yaml", ["action", "reassign", f"{PM}/A1", "--owner", "Sam"]),
    "action done (main file)": ("postmortem.md", ["action", "done", f"{PM}/A1", "--evidence", "x"]),
    "set": ("postmortem.md", ["set", PM, "status", "published"]),
    "account add": ("postmortem.md", ["account", "add", PM, "--author", "Kim Park"]),
    "timeline add": (
        "timeline.yaml",
        ["timeline", "add", PM, "--time", "2025-03-14T09:20:00+00:00", "--event", "Paged"],
    ),
    "factor add": ("factors.yaml", ["factor", "add", PM, "--kind", "technical", "--summary", "x"]),
    "import slack": ("timeline.yaml", ["import", "slack", SLACK, "--channel", "inc-checkout", "--to", PM]),
}  # fmt: skip


def _library(tmp_path: Path, linked: str) -> tuple[Path, Path]:
    """A committed library whose postmortem's file `linked` is a link to a file outside it."""
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Edge certificate expired", "--id", PM).code == 0
    folder = root / "postmortems" / PM
    (folder / "actions.yaml").write_text(ACTIONS)
    outside = tmp_path / f"outside-{linked}"
    outside.write_bytes((folder / linked).read_bytes())
    (folder / linked).unlink()
    (folder / linked).symlink_to(outside)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "linked")
    return root, outside


@pytest.mark.parametrize("command", sorted(EDITS))
def test_edit_refuses_link_out_of_library_and_writes_nothing(tmp_path: Path, command: str) -> None:
    linked, args = EDITS[command]
    root, outside = _library(tmp_path, linked)
    before = outside.read_bytes()
    result = run(root, *args)
    shown = (
        f"postmortems/{PM}/{linked}:1:1: error SS001 is a link to {outside}, outside the library"
    )
    assert (result.code, result.err.splitlines()) == (
        3,
        [
            f"secondstory: error: cannot edit: {shown}",
            "  hint: copy the file into the library in place of the link; nothing was written",
        ],
    )
    assert run(root, "validate").out.splitlines()[0] == shown
    assert outside.read_bytes() == before
    assert (root / "postmortems" / PM / linked).is_symlink()
    assert git(root, "status", "--porcelain") == ""


def test_edit_through_link_inside_library_writes_its_target(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Edge certificate expired", "--id", PM).code == 0
    shared = root / "shared-actions.yaml"
    shared.write_text(ACTIONS)
    link = root / "postmortems" / PM / "actions.yaml"
    link.unlink()
    link.symlink_to("../../shared-actions.yaml")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "shared")
    result = run(root, "action", "done", f"{PM}/A1", "--evidence", "PR 1", "--date", "2025-03-20")
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert shared.read_text() == ACTIONS.replace(
        "  status: open\n", "  status: done\n  done: {date: 2025-03-20, evidence: PR 1}\n"
    )
    result = run(root, "action", "reassign", f"{PM}/A1", "--owner", "Sam Lee", "--commit")
    assert result.code == 0, result.err
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["shared-actions.yaml"]
