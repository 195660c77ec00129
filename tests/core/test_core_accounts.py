"""Account files are named after their author in any script, and never shared by two people."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondstory.store.accounts import file_names, name_slug
from secondstory.store.loader import load_postmortem

from clirun import run
from conftest import git

PM = "pm"


def _library(tmp_path: Path) -> Path:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", PM, "--no-similar").code == 0
    return root


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Tom Okafor", "tom-okafor"),
        ("  O'Brien,  Siobhán ", "o-brien-siobhán"),
        ("José Núñez", "josé-núñez"),
        ("李雷", "李雷"),
        ("ΑΝΝΑ Παπαδοπούλου", "αννα-παπαδοπούλου"),
        ("प्रिया शर्मा", "प्रिया-शर्मा"),
        ("🙂", ""),
    ],
)
def test_accounts_name_slug_keeps_letters_of_every_script(name: str, slug: str) -> None:
    assert name_slug(name) == slug


def test_accounts_file_names_are_distinct() -> None:
    assert file_names(["李雷", "王芳", "🙂", "😀", "Ana Ruiz", "Ana-Ruiz"]) == [
        "李雷.md",
        "王芳.md",
        "responder.md",
        "responder-2.md",
        "ana-ruiz.md",
        "ana-ruiz-2.md",
    ]


def test_accounts_of_non_latin_authors_do_not_collide(tmp_path: Path) -> None:
    root = _library(tmp_path)
    first = run(root, "account", "add", PM, "--author", "李雷", "--role", "on-call")
    second = run(root, "account", "add", PM, "--author", "王芳")
    folder = root / "postmortems" / PM
    assert (first.code, first.out, second.code, second.out) == (
        0,
        f"{folder}/accounts/李雷.md\n",
        0,
        f"{folder}/accounts/王芳.md\n",
    )
    pm = load_postmortem(folder, root).postmortem
    assert pm is not None
    assert [(p.name, p.role) for p in pm.participants] == [("李雷", "on-call"), ("王芳", "")]
    assert sorted(a.author for a in pm.accounts) == ["李雷", "王芳"]
    assert run(root, "validate").code == 0  # each author is a participant (no SS024)


def test_accounts_same_person_twice_is_refused(tmp_path: Path) -> None:
    root = _library(tmp_path)
    folder = root / "postmortems" / PM
    legacy = folder / "accounts" / "responder.md"  # named before names kept their letters
    legacy.parent.mkdir()
    legacy.write_text("---\nauthor: 李雷\n---\n", encoding="utf-8")
    main = (folder / "postmortem.md").read_text()
    again = run(root, "account", "add", PM, "--author", "李雷")
    assert (again.code, again.out, again.err) == (
        2,
        "",
        f"secondstory: error: {legacy} already exists: it is 李雷's account\n"
        "  hint: each responder edits their own account file\n",
    )
    assert (folder / "postmortem.md").read_text() == main
    assert sorted(p.name for p in legacy.parent.iterdir()) == ["responder.md"]


def test_accounts_different_people_with_the_same_file_name(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert run(root, "account", "add", PM, "--author", "Ana-Ruiz").code == 0
    other = run(root, "account", "add", PM, "--author", "Ana Ruiz")
    assert (other.code, other.out.strip().rsplit("/", 1)[1]) == (0, "ana-ruiz-2.md")


def test_accounts_add_commit_includes_the_new_participant(tmp_path: Path) -> None:
    root = _library(tmp_path)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    assert run(root, "account", "add", PM, "--author", "王芳", "--commit").code == 0
    assert git(root, "status", "--porcelain") == ""
    changed = git(root, "-c", "core.quotepath=off", "show", "--name-only", "--format=", "HEAD")
    assert changed.splitlines() == [
        f"postmortems/{PM}/accounts/王芳.md",
        f"postmortems/{PM}/postmortem.md",
    ]


def test_accounts_add_to_an_unreadable_postmortem_writes_nothing(tmp_path: Path) -> None:
    root = _library(tmp_path)
    main = root / "postmortems" / PM / "postmortem.md"
    main.write_bytes(main.read_bytes() + b"caf\xe9\n")
    lines = main.read_bytes().count(b"\n")
    result = run(root, "account", "add", PM, "--author", "王芳")
    assert (result.code, result.err) == (
        3,
        f"secondstory: error: {main}:{lines}:4: is not UTF-8 (byte 0xe9)\n"
        "  hint: re-save the file as UTF-8\n",
    )
    assert not (root / "postmortems" / PM / "accounts").exists()
