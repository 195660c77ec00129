"""The editing commands, run as a user runs them, change only the lines they must."""

from __future__ import annotations

from pathlib import Path

from clirun import run
from conftest import REPO_ROOT, git

PM = "pm1"
ACTIONS = (
    "# Action items\n"
    "-   id: A1     # the important one\n"
    "    what: Alert 21 days before any edge certificate expires\n"
    "    done_when: [The alert covers every certificate in the edge inventory]   # flow list on purpose\n"
    "    verify: >-\n"
    "      Install a 20-day certificate in staging\n"
    "    status: open      # TODO: flip when PR lands\n"
    "\n"
    "-   id: A2\n"
    "    what: Document the renewal runbook\n"
    "    owner: Sam Lee\n"
    "    status: open\n"
    "    # tracker to be filed\n"
)


def _library(tmp_path: Path) -> Path:
    """A library whose postmortem was written by hand, in a 4-space style, and committed."""
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Edge certificate expired", "--id", PM).code == 0
    folder = root / "postmortems" / PM
    (folder / "actions.yaml").write_text(ACTIONS)
    main = folder / "postmortem.md"
    text = main.read_text().replace(
        "tags: []", "tags: [certificate-expiry, tls]   # see tag list in wiki"
    )
    main.write_text(
        text.replace(
            "participants: []",
            "participants:\n  - name: Sam Lee\n    role:   platform engineer",
        )
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "by hand")
    return root


def _numstat(root: Path) -> list[str]:
    return git(root, "diff", "--numstat").splitlines()


def test_action_done_on_four_space_item_changes_status_and_adds_done(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(
        root, "action", "done", f"{PM}/A1", "--evidence", "PR #812", "--date", "2026-11-25"
    )
    assert result.code == 0, result.err
    assert (root / "postmortems" / PM / "actions.yaml").read_text() == ACTIONS.replace(
        "    status: open      # TODO: flip when PR lands\n",
        "    status: done      # TODO: flip when PR lands\n"
        "    done: {date: 2026-11-25, evidence: 'PR #812'}\n",
    )
    assert _numstat(root) == [f"2\t1\tpostmortems/{PM}/actions.yaml"]


def test_action_verify_and_reassign_keep_four_space_layout(tmp_path: Path) -> None:
    root = _library(tmp_path)
    ref = f"{PM}/A1"
    assert run(root, "action", "done", ref, "--evidence", "PR 8", "--date", "2026-11-25").code == 0
    assert (
        run(root, "action", "verify", ref, "--evidence", "drill", "--date", "2026-11-26").code == 0
    )
    assert (
        run(root, "action", "reassign", ref, "--owner", "Sam Lee", "--due", "2026-12-01").code == 0
    )
    assert (root / "postmortems" / PM / "actions.yaml").read_text() == ACTIONS.replace(
        "    status: open      # TODO: flip when PR lands\n",
        "    status: verified  # TODO: flip when PR lands\n"
        "    done: {date: 2026-11-25, evidence: PR 8}\n"
        "    verified: {date: 2026-11-26, evidence: drill}\n",
    ).replace("expires\n", "expires\n    owner: Sam Lee\n    due: 2026-12-01\n", 1)


def test_action_add_writes_four_space_item_after_the_last_items_comment(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(
        root, "action", "add", PM, "--what", "Inventory every certificate", "--owner", "Sam Lee",
        "--done-when", "the inventory lists the edge", "--verify", "compare with the load balancer",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert (root / "postmortems" / PM / "actions.yaml").read_text() == ACTIONS + (
        "-   id: A3\n"
        "    what: Inventory every certificate\n"
        "    owner: Sam Lee\n"
        "    done_when:\n"
        "        -   the inventory lists the edge\n"
        "    verify: compare with the load balancer\n"
        "    status: open\n"
    )


def test_set_status_changes_only_the_status_line(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    assert run(root, "set", PM, "status", "published").code == 0
    assert main.read_text() == before.replace("status: draft\n", "status: published\n")
    assert _numstat(root) == [f"1\t1\tpostmortems/{PM}/postmortem.md"]


def test_set_tags_keeps_the_comment_gap_and_other_lines(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    assert run(root, "set", PM, "tags", "certificate-expiry,tls,edge").code == 0
    assert main.read_text() == before.replace(
        "tags: [certificate-expiry, tls]   # see tag list in wiki\n",
        "tags: [certificate-expiry, tls, edge]   # see tag list in wiki\n",
    )


def test_account_add_leaves_front_matter_alone_or_appends_one_participant(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    assert run(root, "account", "add", PM, "--author", "Sam Lee").code == 0
    assert main.read_text() == before
    assert run(root, "account", "add", PM, "--author", "Kim Park", "--role", "sre").code == 0
    assert main.read_text() == before.replace(
        "    role:   platform engineer\n",
        "    role:   platform engineer\n  - name: Kim Park\n    role: sre\n",
    )


def test_import_slack_into_postmortem_leaves_its_front_matter_alone(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    before = main.read_text()
    export = REPO_ROOT / "tests" / "data" / "slack_export"
    result = run(root, "import", "slack", str(export), "--channel", "inc-checkout", "--to", PM)
    assert result.code == 0, result.err
    assert main.read_text() == before
    assert [line.split("\t")[2] for line in _numstat(root)] == [f"postmortems/{PM}/timeline.yaml"]
