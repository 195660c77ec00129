"""A zipped Slack export (as Slack delivers it), unpacked safely into a temporary folder.

Only the files the importer reads are taken: users.json, channels.json, groups.json and
the day files of the wanted channel. Member names that would leave the folder, and members
over the size limit, are refused.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from secondstory.importers.imported import ImportRefused
from secondstory.store.files import MAX_FILE_BYTES

TOP_LEVEL = frozenset({"users.json", "channels.json", "groups.json"})


@contextmanager
def unpacked(archive: Path, channel: str) -> Iterator[tuple[Path, list[str]]]:
    """The export's folder (`archive` itself, or its unpacked copy) and what was left out."""
    if archive.is_dir():
        yield archive, []
        return
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(
            f"{archive}: neither a folder nor a zip file ({exc})",
            hint="give the Slack export's folder or its .zip",
        ) from None
    target = Path(tempfile.mkdtemp(prefix="secondstory-slack-"))
    notes: list[str] = []
    try:
        with bundle:
            for member in bundle.infolist():
                _extract(bundle, member, channel.lstrip("#"), target, notes)
        yield target, notes
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _extract(
    bundle: zipfile.ZipFile, member: zipfile.ZipInfo, channel: str, target: Path, notes: list[str]
) -> None:
    name = PurePosixPath(member.filename)
    if member.is_dir() or name.is_absolute() or ".." in name.parts:
        return
    wanted = str(name) in TOP_LEVEL or (len(name.parts) == 2 and name.parts[0] == channel)
    if not wanted:
        return
    if member.file_size > MAX_FILE_BYTES:
        notes.append(
            f"{name}: skipped, {member.file_size:,} bytes is over the limit of {MAX_FILE_BYTES:,}"
        )
        return
    (target / name).parent.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(bundle.read(member))
