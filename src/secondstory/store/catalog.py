"""Load and validate a whole library, in parallel when it is large."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from secondstory.model.problems import Problem
from secondstory.model.records import Postmortem
from secondstory.store.checks import check_library, check_postmortem
from secondstory.store.library import Library, holds_postmortem
from secondstory.store.loader import load_postmortem
from secondstory.store.provenance import source_key
from secondstory.store.validate_cache import Summary, ValidateCache, folder_signature

PARALLEL_THRESHOLD = 400
Task = tuple[Path, Path, tuple[str, ...], str]  # folder, root, severities, timezone
T = TypeVar("T")
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Catalog:
    postmortems: list[Postmortem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self, pm_id: str) -> Postmortem | None:
        return next((pm for pm in self.postmortems if pm.id == pm_id), None)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _load_checked(args: Task) -> tuple[Postmortem | None, list[Problem]]:
    directory, root, severities, zone_name = args
    loaded = load_postmortem(directory, root, zone_name=zone_name)
    problems = loaded.problems
    if loaded.postmortem is not None:
        problems += check_postmortem(loaded.postmortem, severities)
    return loaded.postmortem, problems


def _summary(args: Task) -> tuple[Summary | None, list[Problem]]:
    pm, problems = _load_checked(args)
    if pm is None:
        return None, problems
    source, source_line = "", 0
    if pm.provenance is not None and pm.provenance.source:
        source = source_key(pm.provenance.source, args[1])
        source_line = pm.provenance.where("source")[0]
    related = (pm.related, pm.where("related")[0])
    return (pm.id, pm.path, pm.where("id")[0], *related, source, source_line), problems


def resolve_dirs(library: Library, paths: Iterable[Path] = ()) -> list[Path]:
    """Postmortem folders named by `paths` (folders or files inside them), or all of them."""
    chosen = []
    for path in paths:
        path = path.resolve()
        if not os.path.isdir(path):  # a file, or one that cannot be read (reported)
            path = path.parent.parent if path.parent.name == "accounts" else path.parent
        if holds_postmortem(path):
            chosen.append(path)
        else:
            chosen.extend(d for d in library.postmortem_dirs() if d.resolve().is_relative_to(path))
    return sorted(set(chosen)) if paths else library.postmortem_dirs()


def _jobs(count: int, jobs: int | None) -> int:
    if jobs is not None and jobs > 0:
        return jobs
    return min(os.cpu_count() or 1, 8) if count >= PARALLEL_THRESHOLD else 1


def validate_library(
    library: Library,
    paths: Iterable[Path] = (),
    jobs: int | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> list[Problem]:
    """Every problem in the named postmortems (all by default), sorted by file and line.

    Unchanged postmortems are answered from .secondstory/validate-cache.json.
    """
    named = list(paths)
    dirs = resolve_dirs(library, named)
    cache = ValidateCache.open(library) if use_cache else None
    summaries: list[Summary] = []
    problems: list[Problem] = []
    todo: list[tuple[Path, str]] = []
    for folder in dirs:
        signature = folder_signature(folder) if cache is not None else ""
        cached = cache.get(folder, signature) if cache is not None else None
        if cached is None:
            todo.append((folder, signature))
            continue
        summaries += [cached[0]] if cached[0] is not None else []
        problems += cached[1]
    tasks = [(folder, library.root, library.severities, library.zone_name) for folder, _ in todo]
    results = _map(_summary, tasks, _jobs(len(tasks), jobs))
    for done, ((folder, signature), (summary, found)) in enumerate(
        zip(todo, results, strict=True), 1
    ):
        problems += found
        if summary is not None:
            summaries.append(summary)
        if cache is not None:
            cache.put(folder, signature, summary, found)
        if progress is not None:
            progress(done, len(tasks))
    if cache is not None:
        cache.save()
    if not named:
        problems += check_library(summaries, library.root)
    return sorted(problems)


def load_catalog(library: Library, paths: Iterable[Path] = (), jobs: int | None = None) -> Catalog:
    """Load the postmortems (all by default) with their problems."""
    dirs = resolve_dirs(library, paths)
    tasks = [(d, library.root, library.severities, library.zone_name) for d in dirs]
    catalog = Catalog()
    for pm, found in _map(_load_checked, tasks, _jobs(len(tasks), jobs)):
        catalog.problems += found
        if pm is not None:
            catalog.postmortems.append(pm)
    return catalog


def _map(func: Callable[[Task], T], tasks: list[Task], jobs: int) -> Iterator[T]:
    if jobs <= 1 or len(tasks) < 2:
        yield from map(func, tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(func, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
