"""Safe reading and atomic writing of the user's files."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from secondstory.errors import FileProblem
from secondstory.model.problems import Problem

MAX_FILE_BYTES = 8 * 1024 * 1024


class UnreadableFile(FileProblem):
    """A file that cannot be used; carries the line (1-based) where that is known."""

    def __init__(
        self, path: Path, message: str, line: int = 1, column: int = 1, hint: str = ""
    ) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}", hint=hint)
        self.path = path
        self.reason = message
        self.line = line
        self.column = column


def read_text(path: Path | str, root: Path | None = None, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing links out of `root`, huge and binary files."""
    try:
        try:
            data = _read_bytes(path, max_bytes, follow=root is None)
        except OSError as exc:
            if exc.errno != errno.ELOOP or root is None:
                raise
            _check_link(Path(path), root)  # a symbolic link inside a library: where to?
            data = _read_bytes(path, max_bytes)
    except FileNotFoundError:
        raise UnreadableFile(Path(path), "does not exist") from None
    except IsADirectoryError:
        raise UnreadableFile(Path(path), "is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile(Path(path), "cannot be read (permission denied)") from None
    if b"\x00" in data[:8192]:
        raise UnreadableFile(Path(path), "is binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableFile(
            Path(path),
            f"is not UTF-8 (byte 0x{data[exc.start]:02x})",
            line,
            column,
            hint="re-save the file as UTF-8",
        ) from None


def _check_link(path: Path, root: Path) -> None:
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise UnreadableFile(
            path, f"is a link to {target}, outside the library", hint="copy the file in"
        )


def json_error(exc: ValueError) -> str:
    """A JSON parse error as a whole clause with its place: json's own message stops short
    ('Unterminated string starting at'); this says 'unterminated string starting at line
    1, column 49'."""
    import json

    if not isinstance(exc, json.JSONDecodeError):
        return str(exc)
    message = exc.msg[:1].lower() + exc.msg[1:]
    joint = " " if message.endswith(" at") else " at "
    return f"{message}{joint}line {exc.lineno}, column {exc.colno}"


def library_root(path: Path) -> Path | None:
    """The library `path` is in: the nearest folder above it with secondstory.toml."""
    from secondstory.store.library import CONFIG_NAME

    for folder in path.absolute().parents:
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def editable(path: Path) -> Path:
    """The file an edit of `path` reads and writes: `path`, or the target of a symbolic
    link that stays in its library (the link is kept). A link out of the library is
    refused with the problem `validate` reports for it (SS001), before anything is read."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    root = library_root(path)
    if root is not None and not target.is_relative_to(root.resolve()):
        message = f"is a link to {target}, outside the library"
        raise refusal(Problem(path, 1, 1, "SS001", message), root)
    return target


def refuse_unreadable(problems: Iterable[Problem], names: Iterable[str], root: Path) -> None:
    """Stop an edit of the files named `names` when `problems` says one is a link out of
    the library (the loader saw nothing there; the write would replace the link) or is
    not valid YAML: the error as `validate` reports it (SS002), exit 2. Other files that
    cannot be read are refused by the caller with their own hint (store.loader.unusable)."""
    wanted = set(names)
    for problem in problems:
        if problem.path.name not in wanted:
            continue
        if problem.code == "SS001" and problem.message.startswith("is a link to"):
            raise refusal(problem, root)
        if problem.code == "SS002":  # the edit could not find its place in the file
            from secondstory.store.roundtrip import RoundTripError, indent_hint

            raise RoundTripError(
                f"cannot edit: {problem.render(root)}", hint=indent_hint(problem.message)
            )


def refusal(unreadable: Problem, root: Path | None) -> FileProblem:
    """The error of an edit stopped by a file that cannot be read (SS001): the problem as
    `validate` reports it, exit 3 as for any file that cannot be read."""
    link = unreadable.message.startswith("is a link to")
    return FileProblem(
        f"cannot edit: {unreadable.render(root)}",
        hint="copy the file into the library in place of the link; nothing was written"
        if link
        else "fix the file first (see secondstory validate); nothing was written",
    )


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_bytes(path: Path | str, max_bytes: int, follow: bool = True) -> bytes:
    """The file's bytes through one descriptor (open, fstat, read: no separate stat call).
    With `follow` false a symbolic link fails to open (ELOOP) instead of being followed."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (0 if follow else _NO_FOLLOW)
    fd = os.open(path, flags)
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise UnreadableFile(
                Path(path),
                f"is {size:,} bytes, over the limit of {max_bytes:,}",
                hint="split it or trim it",
            )
        chunks = [os.read(fd, size + 1)]
        total = len(chunks[0])
        while total > size and chunks[-1]:  # it grew, or its size was not known (a pipe)
            if total > max_bytes:
                raise UnreadableFile(
                    Path(path),
                    f"is over the limit of {max_bytes:,} bytes",
                    hint="split it or trim it",
                )
            chunks.append(os.read(fd, 1 << 16))
            total += len(chunks[-1])
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def check_output_path(path: Path) -> None:
    """Refuse a file named by the user (-o, --chart) whose folder does not exist: a typo in
    a path must not create folders anywhere. Checked before the work, so none is wasted."""
    folder = path.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise FileProblem(
            f"cannot write {path}: {folder} is a file, not a folder",
            hint="write the file into a folder",
        )
    raise FileProblem(
        f"cannot write {path}: the folder {folder} does not exist",
        hint=f"create the folder first (mkdir -p {folder}), or write the file elsewhere",
    )


def write_output(path: Path, text: str) -> None:
    """Write a file the user named (-o, --chart): into an existing folder only, and any
    failure to write is a FileProblem (exit 3) naming the file."""
    check_output_path(path)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise FileProblem(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="check the folder's permissions and free space, or write the file elsewhere",
        ) from None


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file.

    A path that exists but is not a regular file (a device such as /dev/null or /dev/stdout,
    a FIFO) is written to directly: renaming over it would replace the device itself.
    """
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    import tempfile  # only writers need it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
