"""A new postmortem from an ImportResult, written whole or not at all.

The folder is assembled under a hidden temporary name inside the postmortems folder and
renamed into place at the end, so an interrupted import never leaves half a postmortem.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from secondstory.importers.imported import TIMESTAMPS, ImportResult
from secondstory.model.fields import SECTIONS
from secondstory.store.files import write_atomic
from secondstory.store.library import (
    ACTIONS_FILE,
    FACTORS_FILE,
    POSTMORTEM_FILE,
    TIMELINE_FILE,
    Library,
)
from secondstory.store.roundtrip import append_items
from secondstory.store.writer import make_id, template
from secondstory.store.yamlemit import scalar

EXTRA_SECTIONS = {"resolution": "Resolution", "additional-notes": "Additional notes"}


def taken_ids(library: Library) -> set[str]:
    return {folder.name for folder in library.postmortem_dirs()}


def front_matter(result: ImportResult, pm_id: str, source: str, today: date) -> str:
    lines = ["---", "format: 1", f"id: {pm_id}", f"title: {scalar(result.title)}", "status: draft"]
    lines += ["severity:", "services: []", "tags: []"]
    for name in TIMESTAMPS:
        value = getattr(result, name)
        lines.append(f"{name}: {value.isoformat()}" if value else f"{name}:")
    lines.append("review_date:")
    lines.append(
        f"facilitator: {scalar(result.facilitator)}" if result.facilitator else "facilitator:"
    )
    if result.participants:
        lines.append("participants:")
        for name, role in result.participants:
            lines += [f"  - name: {scalar(name)}", f"    role: {scalar(role)}"]
    else:
        lines.append("participants: []")
    lines += ["visibility: internal", "related: []", "provenance:", f"  source: {scalar(source)}"]
    if result.origin_url:
        lines.append(f"  origin_url: {scalar(result.origin_url)}")
    lines += [f"  importer: {result.importer}", f"  imported: {today.isoformat()}", "---", ""]
    return "\n".join(lines)


def body(result: ImportResult) -> str:
    """The canonical sections in order, filled from the import or left with their prompt."""
    out = [f"# {result.title}", ""]
    for key, heading, prompt in SECTIONS:
        out += [f"## {heading}", result.sections.get(key) or f"<!-- {prompt} -->", ""]
        if key == "narrative":
            for extra, extra_heading in EXTRA_SECTIONS.items():
                if result.sections.get(extra):
                    out += [f"## {extra_heading}", result.sections[extra], ""]
    return "\n".join(out)


def create_postmortem(
    library: Library, result: ImportResult, source: str, today: date | None = None
) -> Path:
    """Write a new postmortem folder for `result`; returns the folder."""
    first = (
        result.started or result.detected or min((e.time for e in result.timeline), default=None)
    )
    day = first.date() if first else (today or date.today())
    pm_id = make_id(result.title or "imported incident", day, taken_ids(library))
    base = library.postmortems_path
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=base))
    try:
        text = front_matter(result, pm_id, source, today or date.today()) + "\n" + body(result)
        write_atomic(staging / POSTMORTEM_FILE, text)
        for name in (TIMELINE_FILE, FACTORS_FILE, ACTIONS_FILE):
            write_atomic(staging / name, template(name))
        if result.timeline:
            entries = sorted(result.timeline, key=lambda e: e.time)
            append_items(staging / TIMELINE_FILE, [e.as_item() for e in entries])
        if result.actions:
            items = [a.as_item(f"A{n}") for n, a in enumerate(result.actions, start=1)]
            append_items(staging / ACTIONS_FILE, items)
        target = base / pm_id
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
