"""Measure the importers on a folder of real reports (one sub-folder per organisation).

Used by bench/import_corpus.py and the corpus test: import everything into a scratch
library, load every written postmortem back, and tabulate coverage, agreement with the
durations the reports state, and accuracy against hand-checked truth.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from secondstory.importers.markdown_library import (
    ImportOptions,
    ImportResult,
    expand_paths,
    import_markdown,
)
from secondstory.importers.markdown_timeline import has_timeline
from secondstory.importers.markdown_times import DURATION_ANCHORS
from secondstory.importers.sections import parse_blocks
from secondstory.store.library import CONFIG_NAME, Library, load_config
from secondstory.store.loader import load_postmortem

PAGERDUTY_SUFFIX = ".pdf.txt"


@dataclass(slots=True)
class CorpusReport:
    organisation: str
    file: str  # relative to the corpora folder
    result: ImportResult
    has_timeline: bool
    seconds: float
    load_errors: list[str] = field(default_factory=list)
    covered: bool = True  # False: no importer for this kind of file is available


def scratch_library(folder: Path) -> Library:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(
        '[library]\nname = "corpus"\ntimezone = "UTC"\n', encoding="utf-8"
    )
    return load_config(folder)


Importer = Callable[[Library, list[Path], ImportOptions], list[ImportResult]]


def _pagerduty_importer() -> Importer:
    """The PagerDuty export importer, adapted to the Markdown importer's results."""
    from secondstory.importers.timeline_run import RunOptions, read_pagerduty, run_import

    def importer(library: Library, paths: list[Path], options: ImportOptions) -> list[ImportResult]:
        outcomes = run_import(library, paths, read_pagerduty, RunOptions())
        return [_from_outcome(outcome) for outcome in outcomes]

    return importer


def _from_outcome(outcome: Any) -> ImportResult:
    status = {"created": "imported", "merged": "updated"}.get(outcome.status, outcome.status)
    if status not in ("imported", "updated", "checked"):
        status = "refused"
    result = ImportResult(str(outcome.source), status, reason=str(outcome.reason))
    directory = getattr(outcome, "directory", None)
    if directory is not None:
        result.id, result.path = directory.name, directory
    found = getattr(outcome, "result", None)
    if found is not None:
        result.timeline, result.actions = len(found.timeline), len(found.actions)
        result.timestamps = {k: v.isoformat() for k, v in found.timestamps().items()}
        result.warnings = list(found.warnings)
        if found.stated_duration is not None:
            result.stated["impact"] = found.stated_duration.total_seconds() / 60
    return result


def import_corpus(corpora: Path, library_dir: Path) -> list[CorpusReport]:
    library = scratch_library(library_dir)
    options = ImportOptions()
    pagerduty = _pagerduty_importer()
    reports = []
    for org in sorted(p for p in corpora.iterdir() if p.is_dir()):
        paths = expand_paths([org])
        pdfs = [p for p in paths if p.name.endswith(PAGERDUTY_SUFFIX)]
        markdown = [p for p in paths if p not in pdfs]
        batches: list[tuple[list[Path], Importer]] = [
            (markdown, import_markdown),
            (pdfs, pagerduty),
        ]
        for batch, importer in batches:
            if not batch:
                continue
            started = time.perf_counter()
            results = importer(library, batch, options)
            if importer is not import_markdown:
                results = _markdown_fallback(library, batch, results, options)
            seconds = (time.perf_counter() - started) / len(batch)
            for path, result in zip(batch, results, strict=True):
                reports.append(_report(corpora, org.name, path, result, seconds, library))
    return reports


def _markdown_fallback(
    library: Library, paths: list[Path], results: list[ImportResult], options: ImportOptions
) -> list[ImportResult]:
    """A file the PagerDuty importer refuses is still a plain-text report."""
    out = []
    for path, result in zip(paths, results, strict=True):
        if result.status == "refused":
            [retry] = import_markdown(library, [path], options)
            retry.warnings.insert(
                0, f"not a PagerDuty export ({result.reason.splitlines()[0]}); read as text"
            )
            result = retry
        out.append(result)
    return out


def _report(
    corpora: Path, org: str, path: Path, result: ImportResult, seconds: float, library: Library
) -> CorpusReport:
    relative = path.relative_to(corpora).as_posix()
    text = path.read_text(encoding="utf-8", errors="replace")
    report = CorpusReport(org, relative, result, has_timeline(parse_blocks(text)), seconds)
    if result.path is not None and result.status in ("imported", "updated"):
        loaded = load_postmortem(result.path, library.root)
        report.load_errors = [
            f"{p.code} {p.message}" for p in loaded.problems if p.severity == "error"
        ]
    return report


def _ok(report: CorpusReport) -> bool:
    return report.result.status in ("imported", "updated") and not report.load_errors


def coverage_rows(reports: list[CorpusReport]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for org in sorted({r.organisation for r in reports}):
        mine = [r for r in reports if r.organisation == org]
        covered = [r for r in mine if r.covered]
        ok = [r for r in covered if _ok(r)]
        with_timeline = [r for r in ok if r.has_timeline]
        note = f" ({len(mine) - len(covered)} not covered)" if len(covered) < len(mine) else ""
        rows.append(
            (
                org,
                f"{len(mine)}{note}",
                f"{len(ok)}/{len(covered)}",
                f"{sum(r.result.timeline > 0 for r in with_timeline)}/{len(with_timeline)}",
                f"{sum({'started', 'resolved'} <= set(r.result.timestamps) for r in ok)}/{len(ok)}",
                f"{sum(r.result.actions > 0 for r in ok)}/{len(ok)}",
            )
        )
    return rows


def _minutes(result: ImportResult, first: str, second: str) -> float | None:
    if first not in result.timestamps or second not in result.timestamps:
        return None
    delta = datetime.fromisoformat(result.timestamps[second]) - datetime.fromisoformat(
        result.timestamps[first]
    )
    return delta.total_seconds() / 60


def agreement(reports: list[CorpusReport]) -> list[str]:
    """Computed durations against the stated ones, per organisation and kind."""
    tally: dict[tuple[str, str], list[int]] = {}
    for report in reports:
        result = report.result
        for kind, stated in result.stated.items():
            anchor, target = {**DURATION_ANCHORS, "impact": ("started", "resolved")}.get(
                kind, ("", "")
            )
            if stated is None or not anchor or result.how.get(target, "").find("stated") >= 0:
                continue
            if kind.startswith("recover") and "mitigated" in result.timestamps:
                target = "mitigated"
            computed = _minutes(result, anchor, target)
            counts = tally.setdefault((report.organisation, kind), [0, 0, 0, 0])
            counts[0] += 1
            if computed is None:
                continue
            counts[1] += 1
            counts[2] += abs(computed - stated) <= 1
            counts[3] += abs(computed - stated) <= max(1.0, 0.1 * stated)
    lines = []
    for (org, kind), (stated_n, compared, exact, close) in sorted(tally.items()):
        lines.append(
            f"{org:20} {'impact duration' if kind == 'impact' else 'time to ' + kind:18} stated {stated_n:3}, computable {compared:3}, "
            f"agree within 1 min {exact:3} ({exact / compared if compared else 0:.0%}), "
            f"within 10% {close:3}"
        )
    return lines


def accuracy(reports: list[CorpusReport], truth_path: Path) -> tuple[list[str], dict[str, float]]:
    """started/detected/resolved within one minute of the hand-checked truth, per field."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))["reports"]
    by_file = {r.file: r for r in reports}
    lines, rates = [], {}
    for name in ("started", "detected", "resolved"):
        stated = [t for t in truth if t.get(name)]
        hits, misses = 0, []
        for item in stated:
            report = by_file.get(item["file"])
            value = report.result.timestamps.get(name) if report else None
            expected = datetime.fromisoformat(item[name])
            if (
                value is not None
                and abs((datetime.fromisoformat(value) - expected).total_seconds()) <= 60
            ):
                hits += 1
            else:
                misses.append(f"{item['file']} ({value} vs {item[name]})")
        rates[name] = hits / len(stated) if stated else 1.0
        lines.append(f"{name:9} {hits}/{len(stated)} = {rates[name]:.0%}")
        lines += [f"   miss: {m}" for m in misses]
    return lines, rates
