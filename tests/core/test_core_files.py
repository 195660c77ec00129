from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from secondstory.errors import FileProblem
from secondstory.store.files import write_atomic
from secondstory.store.roundtrip import append_items, edit_item


def test_write_atomic_replaces_regular_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    os.chmod(target, 0o600)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_write_atomic_writes_into_fifo_without_replacing_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert fifo.is_fifo()


def test_roundtrip_edit_refuses_link_out_of_library_before_reading(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    (root / "pm").mkdir(parents=True)
    (root / "secondstory.toml").write_text("")
    outside = tmp_path / "actions.yaml"
    outside.write_text("- id: A1\n  status: open\n")
    (root / "pm" / "actions.yaml").symlink_to(outside)
    with pytest.raises(FileProblem) as excinfo:
        edit_item(root / "pm" / "actions.yaml", 0, lambda item: item.update(status="done"))
    assert (excinfo.value.exit_code, excinfo.value.message) == (
        3,
        f"cannot edit: pm/actions.yaml:1:1: error SS001 is a link to {outside}, outside the library",
    )
    with pytest.raises(FileProblem):
        append_items(root / "pm" / "actions.yaml", [{"id": "A2"}])
    assert outside.read_text() == "- id: A1\n  status: open\n"
    assert (root / "pm" / "actions.yaml").is_symlink()


def test_roundtrip_edit_writes_through_link_inside_library(tmp_path: Path) -> None:
    (tmp_path / "secondstory.toml").write_text("")
    (tmp_path / "shared.yaml").write_text("- id: A1\n  status: open\n")
    (tmp_path / "actions.yaml").symlink_to("shared.yaml")
    edit_item(tmp_path / "actions.yaml", 0, lambda item: item.update(status="done"))
    assert (tmp_path / "actions.yaml").is_symlink()
    assert (tmp_path / "shared.yaml").read_text() == "- id: A1\n  status: done\n"
