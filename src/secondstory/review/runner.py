"""Run the linter over many targets: cache, parallel workers, one report."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from secondstory.errors import EXIT_OK, EXIT_PROBLEMS, ConfigError, UsageError
from secondstory.review.config import (
    Origins,
    ReviewConfig,
    located,
    no_rule_left,
    parse_config,
    unknown_code,
)
from secondstory.review.documents import Result, lint_file
from secondstory.review.finding import FileError, Finding
from secondstory.review.ruleset import ruleset_fingerprint
from secondstory.review.targets import (
    TEXT_SUFFIXES,
    Target,
    changed_lintable,
    library_targets,
    postmortem_of,
    targets_for,
)
from secondstory.store.library import CONFIG_NAME, Library, find_root, load_config, open_library

if TYPE_CHECKING:
    from secondstory.review.cache import LintCache


@dataclass(slots=True)
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    targets: int = 0
    cached: int = 0
    config: ReviewConfig = field(default_factory=ReviewConfig)
    root: Path | None = None  # the source root SARIF's uris are relative to

    @property
    def exit_code(self) -> int:
        failing = any(self.config.fails(f.severity) for f in self.findings)
        return EXIT_PROBLEMS if failing or self.errors else EXIT_OK


@dataclass(frozen=True, slots=True)
class LintRequest:
    paths: tuple[Path, ...] = ()
    library: str | None = None
    changed: str | None = None  # a git ref
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    config_file: Path | None = None
    jobs: int | None = None  # None: one per core for large runs, else 1; 0: one per core
    use_cache: bool = True
    output: Path | None = None  # the report's file: never one of the files linted


_DOT_PARTS = re.compile(r"(?:^|/)\.\.?(?:/|$)|//")


def _display(path: Path, cwd: str) -> str:
    """`path` relative to the working directory when it is below it, else as given."""
    text = str(path)
    if not text.startswith("/") and os.sep == "/" and not _DOT_PARTS.search(text):
        return text  # relative and plain: already below the working directory
    absolute = os.path.abspath(path)
    if absolute.startswith(cwd + os.sep):
        return absolute[len(cwd) + 1 :].replace(os.sep, "/")
    return path.as_posix()


Task = tuple[str, str, str | None, ReviewConfig, str]  # kind, path, library root, config, shown


def _lint_one(task: Task) -> Result:
    """Lint one target; a loose file's findings carry its shown path, a postmortem's are
    relative to its folder."""
    kind, path, root, config, shown = task
    root_path = Path(root) if root else None
    if kind == "postmortem":
        from secondstory.review.postmortem import lint_postmortem  # only when there is one

        return lint_postmortem(Path(path), config, root_path)
    return lint_file(path, config, shown, root_path)


def _relocate(result: Result, target: Target, shown: str) -> Result:
    """Findings with the paths shown to the user (no copies when they already are)."""
    findings, errors = result
    if target.kind == "file":
        if all(f.path == shown for f in findings) and all(e.path == shown for e in errors):
            return result
        return [replace(f, path=shown) for f in findings], [replace(e, path=shown) for e in errors]
    prefix = shown.rstrip("/") + "/"
    return [replace(f, path=prefix + f.path) for f in findings], [
        replace(e, path=prefix + e.path) for e in errors
    ]


Progress = Callable[[int, int], None]  # (targets done, targets in all)
PROGRESS_AT = 200  # targets from which a run shows its progress (when asked to)
AUTO_PARALLEL = 200  # files to lint at or above which the default uses every core
# Postmortems in a run up to which CO707 names similar past incidents from the index (each
# look-up ranks the library: about 20 ms in 1,000 postmortems); above it, the finding says
# how to list them. Part of the configuration, so the lint cache keeps the two apart.
SUGGEST_AT_MOST = 20


def _run(tasks: list[Task], jobs: int) -> Iterator[Result]:
    if jobs <= 1 or len(tasks) < 2:
        yield from map(_lint_one, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor  # imported only when it is used

    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    from secondstory.review.regexcache import save_when_worker_exits

    with ProcessPoolExecutor(max_workers=jobs, initializer=save_when_worker_exits) as pool:
        yield from pool.map(_lint_one, tasks, chunksize=chunk)


def lint_targets(
    targets: list[Target],
    config: ReviewConfig,
    *,
    library: Library | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = 1,
    cwd: Path | None = None,
    progress: Progress | None = None,
) -> LintReport:
    """Lint `targets` (cached results first, the rest in `jobs` processes); `progress`
    is told how many of them are done."""
    where = os.path.abspath(cwd or Path.cwd())
    config = _with_suggestions(config, targets, library)
    report = LintReport(targets=len(targets), config=config)
    root = str(library.root) if library else None
    cache: LintCache | None = None
    if cache_dir is None:
        pending = [(target, "") for target in targets]
    else:
        from secondstory.review.cache import LintCache  # sqlite3: only when used

        cache = LintCache(cache_dir)
        pending = _from_cache(targets, cache, config, report, where)
    shown = [_display(t.path, where) for t, _ in pending]
    tasks = [
        (t.kind, str(t.path), root, config, name)
        for (t, _), name in zip(pending, shown, strict=True)
    ]
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(tasks) >= AUTO_PARALLEL else 1
    done, total = report.cached, len(targets)
    for (target, key), name, result in zip(pending, shown, _run(tasks, jobs), strict=True):
        if cache:
            cache.put(key, *result)
        _add(report, _relocate(result, target, name))
        done += 1
        if progress is not None:
            progress(done, total)
    if cache:
        cache.close()
    report.findings.sort()
    report.errors.sort()
    return report


def _with_suggestions(
    config: ReviewConfig, targets: list[Target], library: Library | None
) -> ReviewConfig:
    """CO707's look-ups off for a run over many postmortems; on, the configuration carries
    the state of the index they read, so a cached finding never names older suggestions."""
    if not config.suggest_similar:
        return config
    if sum(t.kind == "postmortem" for t in targets) > SUGGEST_AT_MOST:
        return replace(config, suggest_similar=False)
    if library is None:
        return config
    from secondstory.index.db import index_path

    try:
        stat = index_path(library).stat()
    except OSError:
        return config
    return replace(config, index_stamp=f"{stat.st_size}:{stat.st_mtime_ns}")


def _from_cache(
    targets: list[Target], cache: LintCache, config: ReviewConfig, report: LintReport, where: str
) -> list[tuple[Target, str]]:
    """Report the cached results; return the targets still to lint, with their cache keys."""
    from secondstory.review.cache import target_key

    salt = ruleset_fingerprint() + config.fingerprint()
    pending: list[tuple[Target, str]] = []
    for target in targets:
        key = target_key(
            target.files(),
            target.path if target.kind == "postmortem" else target.path.parent,
            salt + target.kind,
        )
        hit = cache.get(key)
        if hit is not None:
            report.cached += 1
            _add(report, _relocate(hit, target, _display(target.path, where)))
        else:
            pending.append((target, key))
    return pending


def _add(report: LintReport, result: Result) -> None:
    report.findings += result[0]
    report.errors += result[1]


def _config_table(request: LintRequest, library: Library | None) -> dict[str, object]:
    if request.config_file is not None:
        try:
            raw = tomllib.loads(request.config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"{request.config_file}: cannot read the configuration: {exc}"
            ) from None
        if "review" not in raw:
            from secondstory.model.choices import nearest_choice

            near = nearest_choice("review", list(raw))
            typo = f" (it has [{near}]: a typo?)" if near else ""
            raise ConfigError(
                f"{request.config_file}: no [review] table{typo}",
                hint="put the lint settings under [review] (docs/review.md lists the keys)",
            )
        table = raw["review"]
        if not isinstance(table, dict):
            raise ConfigError(f"{request.config_file}: [review] must be a table")
        return table
    if library is None:
        return {}
    if not isinstance(library.config.get("review", {}), dict):  # `review = 3`: no table
        raise ConfigError(
            f"{library.root / CONFIG_NAME}: review must be a table, not "
            f"{type(library.config['review']).__name__}",
            hint="write the lint settings as a [review] table (docs/review.md lists the keys)",
        )
    return library.section("review")


def _find_library(request: LintRequest) -> Library | None:
    if request.library is not None:
        return open_library(request.library)
    start = request.paths[0] if request.paths else Path.cwd()
    root = find_root(start if os.path.isdir(start) else start.parent)
    return load_config(root) if root else None


def resolve_config(request: LintRequest, library: Library | None) -> ReviewConfig:
    config = _parsed_config(request, library)
    origins = Origins(
        select="--select" if request.select else "[review] select",
        config_ignore=config.ignore,
        cli_ignore=request.ignore,
    )
    if request.select:
        config = replace(config, select=request.select)
    if request.ignore:
        config = replace(config, ignore=config.ignore + request.ignore)
    if request.fail_on:
        config = replace(config, fail_on=request.fail_on)
    _check_codes(replace(config, select=request.select, ignore=request.ignore, severity={}))
    empty = no_rule_left(config, origins)
    if empty is not None:
        raise UsageError(empty[0], hint=empty[1])
    return config


def _parsed_config(request: LintRequest, library: Library | None) -> ReviewConfig:
    """The [review] table read and its codes checked; an error in it names the file and
    the key's line."""
    table = _config_table(request, library)
    try:
        config = parse_config(table)
        _check_codes(config, prefix="[review] ")
        return config
    except UsageError as exc:
        path = request.config_file or (library.root / CONFIG_NAME if library else None)
        if path is None:
            raise
        raise ConfigError(
            located(path, exc.message),
            hint=exc.hint or "fix the value in the [review] table (docs/review.md lists the keys)",
        ) from None


def _check_codes(config: ReviewConfig, prefix: str = "") -> None:
    """Every code in select, ignore and severity names a rule or a prefix of one: a typo
    in `--select` would otherwise check nothing and pass."""
    problem = unknown_code(config)
    if problem is not None:
        message, hint = problem
        raise UsageError(prefix + message, hint=hint)


def run_lint(
    request: LintRequest, progress: Progress | None = None, progress_at: int = PROGRESS_AT
) -> LintReport:
    """The whole `secondstory lint`: find the library and config, choose targets, lint."""
    library = _find_library(request)
    config = resolve_config(request, library)
    cwd = Path.cwd()
    changed: list[Path] | None = None
    if request.changed is not None:
        changed = changed_lintable(
            request.changed, library.root if library else cwd, list(request.paths)
        )
        # shown as git shows them: relative to the working directory, "../" included
        changed = [Path(os.path.relpath(path, cwd)) for path in changed]
        targets = targets_for(changed)
    elif request.paths:
        targets = targets_for(list(request.paths))
        if not targets:  # folders with no file lint reads: a run that checks nothing
            raise UsageError(
                f"{', '.join(str(p) for p in request.paths)}: no file to lint there",
                hint=f"lint reads {', '.join(TEXT_SUFFIXES)} files and postmortem folders; "
                "name a folder that has them",
            )
    elif library is not None:
        targets = library_targets(library)
    else:
        raise UsageError(
            "no files given and no library here",
            hint="pass files or folders, or run inside a library",
        )
    if request.output is not None:
        _check_output_not_linted(request.output, targets)
    cache_dir = None
    if request.use_cache:
        from secondstory.review.cache import user_cache_dir

        cache_dir = library.cache_path if library else user_cache_dir()
    jobs = (os.cpu_count() or 1) if request.jobs == 0 else request.jobs
    report = lint_targets(
        targets,
        config,
        library=library,
        cache_dir=cache_dir,
        jobs=jobs,
        cwd=cwd,
        progress=progress if len(targets) >= progress_at else None,
    )
    report.root = source_root(cwd, library)
    if changed is not None:
        _only_in(report, changed, cwd)
    elif any(postmortem_of(p) and not os.path.isdir(p) for p in request.paths):
        _only_in(report, list(request.paths), cwd)  # a file of a postmortem: its findings
    return report


def source_root(cwd: Path, library: Library | None) -> Path:
    """The top level of the git repository around `cwd` (what code scanning maps SARIF's
    uris to); outside one, the library's root, or `cwd`."""
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return library.root if library else cwd


def _check_output_not_linted(output: Path, targets: list[Target]) -> None:
    """`-o` naming one of the files to lint would replace it with the report. Files are
    compared by identity (device and inode: links and other spellings of the path too),
    one `stat` a target: resolving every path cost a tenth of a run over 10,000 files."""
    try:
        written = os.stat(output)
    except OSError:
        return  # not written yet: not among the files read
    if not stat.S_ISREG(written.st_mode):
        return  # /dev/null and the like
    report = (written.st_dev, written.st_ino)
    folders = {_identity(folder) for folder in output.resolve().parents}
    for target in targets:
        if target.kind == "postmortem" and _identity(target.path) not in folders:
            continue  # the report is not inside this postmortem's folder
        if any(_identity(path) == report for path in target.files()):
            raise UsageError(
                f"-o {output}: that file is one of the files being linted; the report would replace it",
                hint="write the report outside the folders being linted (or to a name git ignores)",
            )


def _identity(path: Path) -> tuple[int, int]:
    """(device, inode) of what `path` names, links followed; (-1, -1) when it is gone."""
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1)
    return (found.st_dev, found.st_ino)


def _only_in(report: LintReport, paths: list[Path], cwd: Path) -> None:
    """Keep the findings and errors of `paths` (files, or folders: all of theirs): a file
    inside a postmortem lints the postmortem whole (its structure rules need every file),
    but shows only what is in the files named or changed."""
    wanted = {p.resolve() for p in paths}
    folders = [p for p in wanted if os.path.isdir(p)]

    def kept(shown: str) -> bool:
        path = (cwd / shown).resolve()
        return path in wanted or any(path.is_relative_to(folder) for folder in folders)

    report.findings = [f for f in report.findings if kept(f.path)]
    report.errors = [e for e in report.errors if kept(e.path)]
