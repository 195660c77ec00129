"""What to lint: loose files and postmortem folders, from paths, a library or git changes."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from secondstory.errors import UsageError
from secondstory.store.files import present
from secondstory.store.library import ACCOUNTS_DIR, POSTMORTEM_FILE, Library, holds_postmortem

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".erb", ".mdx", ".rst")
POSTMORTEM_FILES = (POSTMORTEM_FILE, "timeline.yaml", "factors.yaml", "actions.yaml")


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # "file" or "postmortem"
    path: Path  # the file, or the postmortem folder

    def files(self) -> list[Path]:
        if self.kind == "file":
            return [self.path]
        found = [self.path / n for n in POSTMORTEM_FILES if os.path.lexists(self.path / n)]
        from secondstory.store.loader import markdown_files

        return found + markdown_files(self.path / ACCOUNTS_DIR)


def postmortem_of(path: Path) -> Path | None:
    """The postmortem folder `path` is one of the files of (it need not exist), if any."""
    folder = path.parent
    if folder.name == ACCOUNTS_DIR:
        folder = folder.parent
    named = path.name in POSTMORTEM_FILES or path.parent.name == ACCOUNTS_DIR
    return folder if named and holds_postmortem(folder) else None  # names first: no stat


def _walk(folder: Path) -> list[Target]:
    if holds_postmortem(folder):
        return [Target("postmortem", folder)]
    targets: list[Target] = []

    def unreadable(error: OSError) -> None:  # a folder that cannot be listed: reported
        targets.append(Target("file", Path(error.filename)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
        here = Path(dirpath)
        if (POSTMORTEM_FILE in filenames or POSTMORTEM_FILE in dirnames) and here != folder:
            targets.append(Target("postmortem", here))
            dirnames[:] = []
            continue
        targets += [
            Target("file", here / n) for n in sorted(filenames) if n.lower().endswith(TEXT_SUFFIXES)
        ]
    return targets


def targets_for(paths: list[Path]) -> list[Target]:
    """Targets named by paths: files as they are (inside a postmortem: the postmortem), folders walked."""
    chosen: list[Target] = []
    for path in paths:
        if os.path.isdir(path):
            chosen += _walk(path)
        elif present(path):  # a file that cannot be read is reported as such
            folder = postmortem_of(path)
            chosen.append(Target("postmortem", folder) if folder else Target("file", path))
        elif str(path) == "-":
            raise UsageError(
                "lint reads files, not standard input ('-')",
                hint="save the text to a file and name that file",
            )
        else:
            raise UsageError(
                f"{path}: no such file or folder",
                hint="check the path or postmortem id ('secondstory list'); with no PATHS, "
                "lint reads every postmortem of the library",
            )
    return list(dict.fromkeys(chosen))


def ids_as_folders(paths: list[Path], library: Library) -> list[Path]:
    """`paths` as given, except that a name that is no file or folder but a postmortem id
    of `library` (as every other command takes one) gives that postmortem's folder."""
    from secondstory.errors import NotFound
    from secondstory.store.writer import find_postmortem_dir

    out = []
    for path in paths:
        if len(path.parts) == 1 and not present(path):
            with contextlib.suppress(NotFound):  # else reported as a missing path
                path = find_postmortem_dir(library, str(path))
        out.append(path)
    return out


def library_targets(library: Library) -> list[Target]:
    return [Target("postmortem", d) for d in library.postmortem_dirs()]


def changed_lintable(ref: str, cwd: Path, within: list[Path]) -> list[Path]:
    """The files changed against `ref` that lint reads (and, with paths, only inside those
    paths). A file deleted from a postmortem gives the postmortem's folder: what the
    deletion breaks (an account gone, CO704) shows in the files that remain."""
    from secondstory.store.git import changed_files  # subprocess: only for --changed

    changed = changed_files(ref, cwd)
    bases = [w.resolve() for w in within]
    if bases:
        changed = [f for f in changed if any(f.resolve().is_relative_to(b) for b in bases)]
    files = [
        f
        for f in changed
        if os.path.isfile(f) and (f.name.lower().endswith(TEXT_SUFFIXES) or postmortem_of(f))
    ]
    gone = [folder for f in changed if not os.path.lexists(f) and (folder := postmortem_of(f))]
    return files + list(dict.fromkeys(gone))
