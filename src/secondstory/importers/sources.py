"""Where an imported postmortem came from (`provenance.source`), and which sources a library
already holds, so that no importer makes a second copy of the same report.

A source that is a path is written relative to the library when the file is inside it, else
as the absolute path; sources are compared as resolved paths, so `./x.md`, `../lib/x.md`
and `/home/ana/lib/x.md` are one source. A source that is not a path (`slack:#channel`, a
URL) is compared as written.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from secondstory.store.files import UnreadableFile, read_text
from secondstory.store.library import POSTMORTEM_FILE, Library
from secondstory.store.libyaml import safe_load_bounded
from secondstory.store.markdown import split_front_matter
from secondstory.store.provenance import source_key as key_of


def source_name(path: Path, library: Library) -> str:
    """`provenance.source` for the file at `path`."""
    resolved = path.resolve()
    root = library.root.resolve()
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return resolved.as_posix()


def source_key(source: str, library: Library) -> str:
    """What two sources are compared by (store/provenance.py)."""
    return key_of(source, library.root)


def existing_sources(library: Library) -> tuple[dict[str, Path], set[str]]:
    """The source key of every imported postmortem -> its folder, and every id in the
    library (front matter only)."""
    sources: dict[str, Path] = {}
    ids: set[str] = set()
    for folder in library.postmortem_dirs():
        ids.add(folder.name)
        try:
            doc = split_front_matter(read_text(folder / POSTMORTEM_FILE))
            data = safe_load_bounded(doc.front_matter or "", fast=True)
        except (UnreadableFile, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        ids.add(str(data.get("id", "")))
        provenance = data.get("provenance")
        if isinstance(provenance, dict) and provenance.get("source"):
            sources.setdefault(source_key(str(provenance["source"]), library), folder)
    return sources, ids
