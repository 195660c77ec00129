"""Running a timeline import against a library: one outcome per input, the run goes on.

Each input is read and parsed completely before anything is written. A refused or
unreadable input is reported and the next one is tried. With a target postmortem the
result is merged into it (`merge.merge_into`); without one a new postmortem is created
(`create.create_postmortem`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from secondstory.errors import EXIT_IO, EXIT_OK, EXIT_PROBLEMS, SecondstoryError, UsageError
from secondstory.importers.create import create_postmortem
from secondstory.importers.imported import ImportRefused, ImportResult
from secondstory.importers.merge import (
    MergeReport,
    existing_entries,
    merge_into,
    plan_timeline,
    refuse_links_out,
)
from secondstory.importers.pagerduty import import_pagerduty_text
from secondstory.importers.pagerduty_log import import_pagerduty_log
from secondstory.importers.slack import SlackOptions, import_slack
from secondstory.importers.slack_zip import unpacked
from secondstory.importers.sources import existing_sources, source_key, source_name
from secondstory.store import git
from secondstory.store.files import UnreadableFile, json_error, read_text
from secondstory.store.library import ACTIONS_FILE, POSTMORTEM_FILE, TIMELINE_FILE, Library
from secondstory.store.loader import load_postmortem, unusable
from secondstory.store.writer import find_postmortem_dir


@dataclass(slots=True)
class Outcome:
    source: str
    status: str  # created | merged | checked (dry run) | refused | unreadable | failed
    result: ImportResult | None = None
    directory: Path | None = None
    merge: MergeReport | None = None
    reason: str = ""

    @property
    def exit_code(self) -> int:
        if self.status == "unreadable":
            return EXIT_IO
        return EXIT_PROBLEMS if self.status in ("refused", "failed") else EXIT_OK

    def as_dict(self) -> dict[str, object]:
        if self.result is None:
            return {"source": self.source, "status": self.status, "reason": self.reason}
        out = self.result.as_dict(
            self.status, self.directory.name if self.directory else "", self.reason
        )
        if self.merge is not None:
            out["merge"] = {
                "added": self.merge.added,
                "duplicates": self.merge.duplicates,
                "timestamps_set": sorted(self.merge.timestamps_set),
                "timestamps_kept": self.merge.timestamps_kept,
                "timestamps_out_of_order": self.merge.timestamps_out_of_order,
                "actions_added": self.merge.actions_added,
                "participants_added": self.merge.participants_added,
            }
        return out


@dataclass(slots=True)
class RunOptions:
    target: str = ""  # a postmortem id; empty: create a new postmortem per input
    dry_run: bool = False
    commit: bool = False
    include_notifications: bool = False
    timezone: str = ""  # for exports that do not say their zone (default: the library's)
    changed: list[Path] = field(default_factory=list)


def read_pagerduty(path: Path, library: Library, options: RunOptions) -> ImportResult:
    """One PagerDuty input: log-entries JSON (by suffix or a leading '{') or export text."""
    text = read_text(path)
    source = source_name(path, library)
    if not text.strip():
        raise ImportRefused(
            f"{path}: the file is empty", hint="give a PagerDuty export or log-entries JSON"
        )
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRefused(
                f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {json_error(exc)}",
                hint="save the API response as it came",
            ) from None
        return import_pagerduty_log(
            data, source, options.include_notifications, library_zone(library)
        )
    return import_pagerduty_text(text, source, options.timezone or library.timezone)


def run_import(
    library: Library,
    inputs: list[Path],
    read: Callable[[Path, Library, RunOptions], ImportResult],
    options: RunOptions,
) -> list[Outcome]:
    """Read every input, then write each result; commit the changed files when asked."""
    target_dir = find_postmortem_dir(library, options.target) if options.target else None
    if target_dir is not None:
        refuse_links_out(target_dir)  # before any input is read: nothing is written
        check_target(library, options.target, target_dir)
    sources = existing_sources(library)[0] if target_dir is None else {}
    outcomes = []
    for path in inputs:
        outcome = _one(library, path, read, options, target_dir, sources)
        outcomes.append(outcome)
    if options.commit and options.changed and not options.dry_run:
        names = ", ".join(o.directory.name for o in outcomes if o.directory)
        git.commit(options.changed, f"Import timeline into {names}", library.root)
    return outcomes


MERGED_FILES = frozenset({POSTMORTEM_FILE, TIMELINE_FILE, ACTIONS_FILE})


def check_target(library: Library, pm_id: str, directory: Path) -> None:
    """Refuse, before any input is read, a target whose files a merge cannot read: exit 3
    when a file cannot be read (not UTF-8...), exit 2 when postmortem.md cannot be used."""
    loaded = load_postmortem(directory, library.root, parts=frozenset({"timeline", "actions"}))
    unreadable = [p for p in loaded.problems if p.code == "SS001" and p.path.name in MERGED_FILES]
    if loaded.postmortem is None or unreadable:
        raise unusable(f"cannot import into {pm_id}", unreadable or loaded.problems, library.root)


def _one(
    library: Library,
    path: Path,
    read: Callable[[Path, Library, RunOptions], ImportResult],
    options: RunOptions,
    target_dir: Path | None,
    sources: dict[str, Path],
) -> Outcome:
    """Read one input, then merge it into `target_dir` or create a postmortem for it unless
    one from the same source is in `sources` (source key -> folder, kept up to date)."""
    source = str(path)
    try:
        result = read(path, library, options)
    except UnreadableFile as exc:
        return Outcome(source, "unreadable", reason=str(exc))
    except SecondstoryError as exc:
        return Outcome(source, "refused", reason=str(exc))
    except Exception as exc:  # a reader bug must not stop the run or print a traceback
        return Outcome(source, "failed", reason=_internal(path, exc))
    twin = sources.get(source_key(result.source, library)) if target_dir is None else None
    if twin is not None:
        return Outcome(source, "refused", reason=_already_imported(path, twin))
    if options.dry_run:
        preview = preview_merge(target_dir, result) if target_dir is not None else None
        return Outcome(source, "checked", result, target_dir, preview)
    try:
        if target_dir is not None:
            report = merge_into(target_dir, result)
            options.changed += report.changed
            return Outcome(source, "merged", result, target_dir, report)
        created = create_postmortem(library, result, result.source)
        options.changed.append(created)
        sources[source_key(result.source, library)] = created
        return Outcome(source, "created", result, created)
    except (SecondstoryError, OSError) as exc:
        return Outcome(source, "failed", result, target_dir, reason=str(exc))
    except Exception as exc:  # nothing was written: merge and create are all-or-nothing
        return Outcome(source, "failed", result, target_dir, reason=_internal(path, exc))


def _already_imported(path: Path, twin: Path) -> str:
    refusal = ImportRefused(
        f"{path}: already imported: postmortem {twin.name} has this file as its "
        "provenance.source; nothing written",
        hint=f"to add what is new in it to that postmortem, pass --to {twin.name}",
    )
    return str(refusal)


def _internal(path: Path, exc: Exception) -> str:
    return (
        f"{path}: could not be imported because of an error in secondstory "
        f"({type(exc).__name__}: {exc}); nothing was written — please report it"
    )


def preview_merge(directory: Path, result: ImportResult) -> MergeReport:
    """What merging would add, without writing: entries new and already there."""
    report = MergeReport(directory)
    existing = existing_entries(directory / TIMELINE_FILE)
    plan, report.duplicates = plan_timeline(existing, result.timeline)
    report.added = len(plan)
    return report


@dataclass(slots=True)
class SlackReader:
    """Reads one channel of a Slack export with fixed options (a `read` for run_import)."""

    channel: str
    options: SlackOptions

    def __call__(self, path: Path, library: Library, run: RunOptions) -> ImportResult:
        with unpacked(path, self.channel) as (root, notes):
            result = import_slack(root, self.channel, self.options)
        result.warnings[:0] = notes
        return result


def library_zone(library: Library) -> tzinfo:
    try:
        return ZoneInfo(library.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"[library] timezone '{library.timezone}' is not a known time zone",
            hint="use an IANA name such as Europe/Berlin, or UTC",
        ) from None


def slack_reader(
    library: Library, channel: str, pinned: bool, reactions: tuple[str, ...], workspace: str
) -> SlackReader:
    configured = library.section("import").get("slack", {})
    if not workspace and isinstance(configured, dict):
        workspace = str(configured.get("workspace", ""))
    options = SlackOptions(pinned, reactions, workspace=workspace, zone=library_zone(library))
    return SlackReader(channel, options)
