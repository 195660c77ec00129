"""Safe reading and atomic writing of the user's files."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

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
    """Read a UTF-8 text file, refusing links out of `root`, huge and binary files, and
    anything that is not a regular file (a FIFO is never waited on)."""
    data = read_bytes(path, root, max_bytes)
    at = data.find(b"\x00")
    if at != -1:
        _refuse_binary(Path(path), data, *_place(data, at))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(data, exc.start)
        raise UnreadableFile(
            Path(path),
            f"is not UTF-8 (byte 0x{data[exc.start]:02x})",
            line,
            column,
            hint="re-save the file as UTF-8",
        ) from None


def read_bytes(
    path: Path | str, root: Path | None = None, max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; every failure (missing, a folder,
    a FIFO or device, a link loop, a link out of `root`, no permission) an UnreadableFile."""
    try:
        try:
            return _read_bytes(path, max_bytes, follow=root is None)
        except OSError as exc:
            if exc.errno != errno.ELOOP or root is None or not os.path.islink(path):
                raise
            _check_link(Path(path), root)  # a symbolic link inside a library: where to?
            return _read_bytes(path, max_bytes)
    except OSError as exc:
        raise _unreadable(Path(path), exc) from None


_OS_REASONS = {
    errno.ENOENT: "does not exist",
    errno.EISDIR: "is a folder, not a file",
    errno.EACCES: "cannot be read (permission denied)",
    errno.EPERM: "cannot be read (permission denied)",
    errno.ELOOP: "is a symbolic link in a loop (it leads back to itself)",
}
_OS_HINTS = {
    errno.EISDIR: "a file of that name is expected here; move the folder away",
    errno.EACCES: "make it readable (chmod u+r)",
    errno.EPERM: "make it readable (chmod u+r)",
    errno.ELOOP: "point the link at a file, or replace it with the file",
}


def _unreadable(path: Path, exc: OSError) -> UnreadableFile:
    code = exc.errno or 0
    if code == errno.ENOENT and os.path.islink(path):
        target = os.readlink(path)
        return UnreadableFile(
            path,
            f"is a link to {target}, which does not exist",
            hint="point the link at an existing file, or delete it",
        )
    reason = _OS_REASONS.get(code) or f"cannot be read ({exc.strerror or exc})"
    return UnreadableFile(path, reason, hint=_OS_HINTS.get(code, ""))


def _place(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of `offset` in `data`."""
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _refuse_binary(path: Path, data: bytes, line: int, column: int) -> NoReturn:
    """A file with a NUL byte: UTF-16 or UTF-32 text (by its byte order mark), binary (a
    NUL in its first 8 KB, as git decides), or text with a NUL byte further on (where)."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is not None:
        raise UnreadableFile(
            path, f"is {encoding} text, not UTF-8", hint="re-save the file as UTF-8"
        )
    if b"\x00" in data[:8192]:
        raise UnreadableFile(
            path,
            "is binary, not text",
            hint="it must be a text file; restore it from git if it was overwritten",
        )
    raise UnreadableFile(
        path,
        "has a NUL byte (binary data in text)",
        line,
        column,
        hint="delete the NUL byte (a text file has none), or restore the file from git",
    )


def present(path: Path) -> bool:
    """`path` is there, as a file, folder or link (a broken one too), or may be: a folder
    on the way to it cannot be searched (no permission), which reading it then reports.
    Unlike Path.exists, never raises (Python 3.11 raises PermissionError)."""
    try:
        os.lstat(path)
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False
    return True


def _check_link(path: Path, root: Path) -> None:
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13)
        raise OSError(errno.ELOOP, "symbolic link loop", str(path)) from None
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
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _read_bytes(path: Path | str, max_bytes: int, follow: bool = True) -> bytes:
    """The file's bytes through one descriptor (open, fstat, read: no separate stat call).
    With `follow` false a symbolic link fails to open (ELOOP) instead of being followed.
    Opened without blocking, so a FIFO with no writer is refused, never waited on."""
    flags = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else _NO_FOLLOW)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(Path(path), status.st_mode)
        size = status.st_size
        if size > max_bytes:
            raise UnreadableFile(
                Path(path),
                f"is {size:,} bytes, over the limit of {max_bytes:,}",
                hint="split it or trim it",
            )
        chunks = [os.read(fd, size + 1)]
        total = len(chunks[0])
        while total > size and chunks[-1]:  # it grew while being read
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


def _not_regular(path: Path, mode: int) -> OSError | UnreadableFile:
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    return UnreadableFile(
        path,
        f"is {kind}, not a regular file",
        hint="name a regular file; secondstory reads files, not pipes or devices",
    )


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
