"""`secondstory import markdown`: files and folders into a library, one result per input.

Each report is converted, rendered into a temporary folder, loaded back and checked, and
only then renamed into place: a refused or failed input never leaves a half-written
postmortem, and the run goes on with the other files. Re-importing a source (matched by
provenance.source) is skipped unless `update` is set.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from secondstory.errors import SecondstoryError
from secondstory.importers.markdown import Conversion, convert_markdown, fallback_zone
from secondstory.importers.markdown_times import FIELDS
from secondstory.importers.pagerduty import is_postmortem_export
from secondstory.importers.sources import existing_sources, source_key, source_name
from secondstory.importers.timeparse import Zone
from secondstory.store.files import UnreadableFile, read_text
from secondstory.store.library import Library
from secondstory.store.loader import load_postmortem
from secondstory.store.render import write_postmortem

SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".erb", ".mdx")
NOT_REPORTS = (
    "license",
    "readme",
    "changelog",
    "copying",
    "notice",
    "contributing",
    "code_of_conduct",
)


@dataclass(slots=True)
class ImportOptions:
    update: bool = False
    dry_run: bool = False
    timezone: str | None = None
    origin_url: str = ""
    today: date | None = None


@dataclass(slots=True)
class ImportResult:
    source: str
    status: str  # imported | updated | skipped | refused | checked (dry run)
    id: str = ""
    path: Path | None = None
    timeline: int = 0
    actions: int = 0
    factors: int = 0
    timestamps: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    stated: dict[str, float | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "status": self.status,
            "id": self.id,
            "path": str(self.path) if self.path else None,
            "extracted": {
                "timeline_entries": self.timeline,
                "action_items": self.actions,
                "factors": self.factors,
                "timestamps": sorted(self.timestamps, key=FIELDS.index),
            },
            "timestamps": self.timestamps,
            "how": self.how,
            "stated_durations_minutes": self.stated,
            "warnings": self.warnings,
            "reason": self.reason,
        }


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched for report-like files (Markdown, text, no suffix)."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not candidate.is_file():
                continue
            lowered = candidate.name.lower()
            if lowered.startswith(NOT_REPORTS):
                continue
            if lowered.endswith(SUFFIXES) or "." not in candidate.name:
                found.append(candidate)
    return found


def import_markdown(
    library: Library, paths: Iterable[Path], options: ImportOptions
) -> list[ImportResult]:
    """Import every report under `paths`; one result per file, in order."""
    zone = fallback_zone(options.timezone or library.timezone)
    sources, taken = existing_sources(library)
    results = []
    for path in expand_paths(paths):
        results.append(_import_one(library, path, options, zone, sources, taken))
    return results


def _import_one(
    library: Library,
    path: Path,
    options: ImportOptions,
    zone: Zone,
    sources: dict[str, Path],
    taken: set[str],
) -> ImportResult:
    source = source_name(path, library)
    result = ImportResult(source, "refused")
    existing = sources.get(source_key(source, library))
    if existing is not None and not options.update:
        result.status, result.id, result.path = "skipped", existing.name, existing
        result.reason = "already imported; pass --update to import it again"
        return result
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        where = f"line {exc.line}, column {exc.column}: " if exc.line > 1 or exc.column > 1 else ""
        result.reason = f"{where}{exc.reason}{'; ' + exc.hint if exc.hint else ''}"
        return result
    if not text.strip():
        result.reason = "is empty"
        return result
    if is_postmortem_export(text):
        result.reason = (
            "is a PagerDuty postmortem export (read as text it would have no timeline); "
            f"import it with: secondstory import pagerduty {shlex.quote(str(path))}"
        )
        return result
    own_ids = taken - ({existing.name} if existing is not None else set())
    conversion = convert_markdown(
        text,
        source,
        name=path.name,
        zone=zone,
        taken=own_ids,
        origin_url=options.origin_url,
        today=options.today,
    )
    _describe(result, conversion)
    if existing is not None:
        conversion.postmortem.id = existing.name
    folder = (
        existing if existing is not None else library.postmortems_path / conversion.postmortem.id
    )
    result.id, result.path = conversion.postmortem.id, folder
    if options.dry_run:
        result.status = "checked"
        return result
    try:
        write_postmortem(
            conversion.postmortem, folder, replace=existing is not None, check=_check(library)
        )
    except SecondstoryError as exc:
        result.status, result.path, result.reason = "refused", None, exc.message
        return result
    result.status = "updated" if existing is not None else "imported"
    taken.add(conversion.postmortem.id)
    sources[source_key(source, library)] = folder
    return result


def _describe(result: ImportResult, conversion: Conversion) -> None:
    pm = conversion.postmortem
    result.timeline, result.actions, result.factors = (
        len(pm.timeline),
        len(pm.actions),
        len(pm.factors),
    )
    result.timestamps = {
        name: value.isoformat() for name in FIELDS if (value := getattr(pm, name)) is not None
    }
    result.warnings = conversion.warnings
    result.how = dict(conversion.timestamps.how)
    result.stated = {
        s.kind: (s.value.total_seconds() / 60 if s.value is not None else None)
        for s in conversion.timestamps.stated
    }


class RenderRefused(SecondstoryError):
    """The rendered postmortem did not load back cleanly (an importer bug; nothing written)."""


def _check(library: Library) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        loaded = load_postmortem(folder, None)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if loaded.postmortem is None or errors:
            first = errors[0] if errors else None
            detail = f"{first.code} {first.message} (line {first.line})" if first else "unreadable"
            raise RenderRefused(f"the converted postmortem would not load: {detail}")

    return check
