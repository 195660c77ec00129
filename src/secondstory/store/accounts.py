"""File names of responders' accounts: one file per person, named after them in any script.

`Tom Okafor` writes accounts/tom-okafor.md, `李雷` accounts/李雷.md and `José Núñez`
accounts/josé-núñez.md: letters and digits of every script are kept (lower-cased where
the script has case), so two people never share a file because their names have no Latin
letters. Two different people whose names still give the same file name get `-2`, `-3`...
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from secondstory.errors import UsageError
from secondstory.store.library import ACCOUNTS_DIR

MAX_NAME = 60  # characters of the name kept in the file name (up to 240 bytes in UTF-8)
FALLBACK = "responder"  # for a name with no letter or digit at all


def name_slug(name: str) -> str:
    """Lower-cased letters, digits and combining marks of `name` (any script); every run of
    anything else becomes one '-'."""
    kept = []
    for char in unicodedata.normalize("NFC", name).lower():
        word_char = char.isalnum() or unicodedata.category(char).startswith("M")
        kept.append(char if word_char else "-")
    slug = "-".join(part for part in "".join(kept).split("-") if part)
    return slug[:MAX_NAME].strip("-")


def file_names(authors: Iterable[str]) -> list[str]:
    """A distinct account file name (`NAME.md`) for each author, in order."""
    taken: set[str] = set()
    names = []
    for author in authors:
        base = name_slug(author) or FALLBACK
        name, n = f"{base}.md", 2
        while name in taken:
            name, n = f"{base}-{n}.md", n + 1
        taken.add(name)
        names.append(name)
    return names


def new_account_path(pm_directory: Path, author: str, root: Path | None = None) -> Path:
    """Where `author`'s new account goes; refuses when they already have one."""
    from secondstory.store.loader import load_account

    folder = pm_directory / ACCOUNTS_DIR
    wanted = " ".join(author.split()).casefold()
    existing = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for path in existing:
        account = load_account(path, root, [])
        if account is not None and " ".join(account.author.split()).casefold() == wanted:
            raise UsageError(
                f"{path} already exists: it is {account.author}'s account",
                hint="each responder edits their own account file",
            )
    base = name_slug(author) or FALLBACK
    path, n = folder / f"{base}.md", 2
    while path.exists():  # another person's file with the same name
        path, n = folder / f"{base}-{n}.md", n + 1
    return path
