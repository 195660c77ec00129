from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from secondstory.store.roundtrip import (
    RoundTripError,
    append_items,
    edit_front_matter,
    edit_item,
    insert_item,
    insert_items,
)

STYLES = {
    "flush": (
        "# header comment\n"
        "- id: A1   # aligned comment\n"
        "  what: 'Quoted: text'\n"
        "  done_when:\n"
        "    - first   # why\n"
        "  status: open\n"
        "\n"
        "# between items\n"
        "- id: A2\n"
        "  what: >-\n"
        "    folded text\n"
        "    over lines\n"
        "  addresses: [F1, F2]\n"
        '  done: {date: 2025-03-25, evidence: "PR #1"}\n'
        "  status: done\n"
        "# tail\n"
    ),
    "indented": (
        "  - id: A1\n"
        "    what: Indented list\n"
        "    done_when:\n"
        "    - zero offset\n"
        "    status: open\n"
        "  - id: A2\n"
        '    what: "Second"\n'
        "    status: open\n"
    ),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_roundtrip_noop_edit_is_byte_identical(tmp_path: Path, style: str) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(STYLES[style])
    for index in range(2):
        edit_item(path, index, lambda item: None)
        assert path.read_text() == STYLES[style]


def test_roundtrip_edit_changes_only_that_item(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(STYLES["flush"])

    def verify(item: dict[str, object]) -> None:
        item["status"] = "verified"
        item["verified"] = {"date": date(2025, 4, 2), "evidence": "drill"}

    edit_item(path, 1, verify)
    assert path.read_text() == STYLES["flush"].replace(
        "  status: done\n# tail\n",
        "  status: verified\n  verified:\n    date: 2025-04-02\n    evidence: drill\n# tail\n",
    )


def test_roundtrip_edit_first_item_keeps_trailing_comment_in_place(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(STYLES["flush"])
    edit_item(path, 0, lambda item: item.update(owner="Priya Raman"))
    assert path.read_text() == STYLES["flush"].replace(
        "  status: open\n\n# between", "  status: open\n  owner: Priya Raman\n\n# between"
    )


def test_roundtrip_indented_style_edit(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(STYLES["indented"])
    edit_item(path, 0, lambda item: item["done_when"].append("second"))
    assert path.read_text() == STYLES["indented"].replace(
        "    - zero offset\n", "    - zero offset\n    - second\n"
    )


def test_roundtrip_append_uses_file_style(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(STYLES["indented"])
    append_items(path, [{"id": "A3", "what": "Third", "done_when": ["x"], "status": "open"}])
    assert path.read_text() == STYLES["indented"] + (
        "  - id: A3\n    what: Third\n    done_when:\n    - x\n    status: open\n"
    )


def test_roundtrip_insert_before_item(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text("# t\n- time: 2025-01-01T10:00:00Z\n  event: b\n")
    insert_item(path, 0, {"time": datetime(2025, 1, 1, 9, tzinfo=UTC), "event": "a"})
    assert path.read_text() == (
        "# t\n- time: 2025-01-01T09:00:00+00:00\n  event: a\n- time: 2025-01-01T10:00:00Z\n  event: b\n"
    )


def test_roundtrip_append_to_comment_only_file(tmp_path: Path) -> None:
    path = tmp_path / "factors.yaml"
    path.write_text("# only comments\n")
    append_items(path, [{"id": "F1", "kind": "technical", "summary": "x: y"}])
    assert path.read_text() == "# only comments\n- id: F1\n  kind: technical\n  summary: 'x: y'\n"


def test_roundtrip_refuses_flow_list(tmp_path: Path) -> None:
    path = tmp_path / "factors.yaml"
    path.write_text("[{id: F1}]\n")
    with pytest.raises(RoundTripError, match="expected a block list") as refused:
        edit_item(path, 0, lambda item: None)
    assert refused.value.hint.startswith("the editing commands write block lists: rewrite")
    assert path.read_text() == "[{id: F1}]\n"


def test_roundtrip_front_matter_edit_keeps_body(tmp_path: Path) -> None:
    path = tmp_path / "postmortem.md"
    text = "---\nid: x  # stable\ntags: [a, b]\n---\n\n## Facts\n---\nbody stays\n"
    path.write_text(text)
    edit_front_matter(path, lambda data: data["tags"].append("c"))
    assert path.read_text() == text.replace("[a, b]", "[a, b, c]")


def test_roundtrip_crlf_file_stays_crlf(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_bytes(b"- id: A1\r\n  what: x\r\n  status: open\r\n")
    edit_item(path, 0, lambda item: item.update(status="done"))
    append_items(path, [{"id": "A2", "what": "y", "status": "open"}])
    assert path.read_bytes() == (
        b"- id: A1\r\n  what: x\r\n  status: done\r\n- id: A2\r\n  what: y\r\n  status: open\r\n"
    )


def test_roundtrip_file_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text("\ufeff- time: 2025-01-01T10:00:00Z\n  event: b\n", encoding="utf-8")
    edit_item(path, 0, lambda item: item.update(event="c"))
    assert path.read_text(encoding="utf-8") == "\ufeff- time: 2025-01-01T10:00:00Z\n  event: c\n"


def test_roundtrip_insert_items_in_one_write(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text("- event: b\n- event: d\n")
    insert_items(
        path, [(0, {"event": "a"}), (1, {"event": "c"}), (2, {"event": "e"}), (2, {"event": "f"})]
    )
    assert (
        path.read_text()
        == "- event: a\n- event: b\n- event: c\n- event: d\n- event: e\n- event: f\n"
    )
