"""Edits keep the user's layout: indentation style, spacing, comments and their columns."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from secondstory.store.roundtrip import append_items, edit_front_matter, edit_item

FOUR_SPACE = (
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
    "    status: open\n"
    "    # tracker to be filed\n"
)

FRONT = (
    "---\n"
    "id: pm1\n"
    "status: draft\n"
    "tags: [certificate-expiry, tls]   # see tag list in wiki\n"
    "detected:    # fill in\n"
    "participants:\n"
    "  - name: Sam Lee\n"
    "    role:   platform engineer\n"
    "---\n"
    "\n"
    "# Body\n"
)


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _done(item: CommentedMap) -> None:
    event = CommentedMap([("date", date(2026, 11, 25)), ("evidence", "PR #812")])
    event.fa.set_flow_style()
    item["status"] = "done"
    item.insert(list(item).index("status") + 1, "done", event)


def test_roundtrip_four_space_item_edit_changes_only_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(FOUR_SPACE)
    edit_item(path, 0, _done)
    assert path.read_text() == FOUR_SPACE.replace(
        "    status: open      # TODO: flip when PR lands\n",
        "    status: done      # TODO: flip when PR lands\n"
        "    done: {date: 2026-11-25, evidence: 'PR #812'}\n",
    )


def test_roundtrip_longer_value_keeps_comment_column_while_it_fits(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(FOUR_SPACE)
    edit_item(path, 0, lambda item: item.update(status="verified"))
    edit_item(path, 0, lambda item: item.insert(2, "owner", "Ana Ruiz"))
    assert path.read_text() == FOUR_SPACE.replace(
        "    status: open      # TODO", "    status: verified  # TODO"
    ).replace("expires\n", "expires\n    owner: Ana Ruiz\n", 1)


def test_roundtrip_nested_list_append_follows_four_space_style(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    text = "-   id: A1\n    done_when:\n        -   one   # why\n    status: open\n"
    path.write_text(text)
    edit_item(path, 0, lambda item: item["done_when"].append("two"))
    assert path.read_text() == text.replace("# why\n", "# why\n        -   two\n")


def test_roundtrip_append_in_four_space_style_after_the_items_comment(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(FOUR_SPACE + "\n# end of list\n")
    new = {"id": "A3", "what": "Inventory", "done_when": ["a", "b"], "status": "open"}
    append_items(path, [new])
    assert path.read_text() == FOUR_SPACE + (
        "-   id: A3\n"
        "    what: Inventory\n"
        "    done_when:\n"
        "        -   a\n"
        "        -   b\n"
        "    status: open\n"
        "\n"
        "# end of list\n"
    )


def test_roundtrip_front_matter_edit_leaves_other_lines_alone(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    path.write_text(FRONT)
    edit_front_matter(path, lambda data: data.update(status="published"))
    assert path.read_text() == FRONT.replace("status: draft", "status: published")


def test_roundtrip_longer_flow_list_keeps_the_comments_gap(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    path.write_text(FRONT)
    edit_front_matter(path, lambda d: d.update(tags=_flow(["certificate-expiry", "tls", "edge"])))
    assert path.read_text() == FRONT.replace(
        "tags: [certificate-expiry, tls]   # see",
        "tags: [certificate-expiry, tls, edge]   # see",
    )
    path.write_text(FRONT)
    edit_front_matter(path, lambda d: d.update(tags=_flow(["x"])))
    assert path.read_text() == FRONT.replace(
        "tags: [certificate-expiry, tls]   # see", "tags: [x]                         # see"
    )


def test_roundtrip_empty_value_filled_in_keeps_its_comment(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    path.write_text(FRONT)
    detected = datetime(2025, 3, 14, 9, 20, tzinfo=timezone(timedelta(hours=1)))
    edit_front_matter(path, lambda data: data.update(detected=detected))
    assert path.read_text() == FRONT.replace(
        "detected:    # fill in", "detected: 2025-03-14T09:20:00+01:00    # fill in"
    )


def test_roundtrip_participant_appended_in_the_lists_style(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    path.write_text(FRONT)
    person = CommentedMap([("name", "Kim Park"), ("role", "sre")])
    edit_front_matter(path, lambda data: data["participants"].append(person))
    assert path.read_text() == FRONT.replace(
        "    role:   platform engineer\n",
        "    role:   platform engineer\n  - name: Kim Park\n    role: sre\n",
    )


def test_roundtrip_unchanged_front_matter_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    path.write_text(FRONT)
    inode = path.stat().st_ino  # a write renames a new file over it
    edit_front_matter(path, lambda data: data.update(status="draft"))
    assert (path.read_text(), path.stat().st_ino) == (FRONT, inode)


def test_roundtrip_value_rewritten_whole_keeps_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    text = "---\nservices:   # ours\n  - a  # why a\n  # more\n  - b\nstatus: draft\n---\n"
    path.write_text(text)
    edit_front_matter(path, lambda data: data.update(services="none"))
    assert path.read_text() == (
        "---\nservices: none   # ours\n# why a\n# more\nstatus: draft\n---\n"
    )


def test_roundtrip_alias_elsewhere_does_not_stop_a_minimal_edit(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    text = "---\nbase: &b\n  x: 1\nother: *b\nstatus: draft  # c\n---\n"
    path.write_text(text)
    edit_front_matter(path, lambda data: data.update(status="published"))
    assert path.read_text() == text.replace("draft  # c", "published  # c")
