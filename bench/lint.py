"""Lint throughput: secondstory vs proselint, alex and write-good on the same files.

    python bench/lint.py [--corpus-mb 50] [--library 10000] [--peer-mb 5] [--peers proselint,alex,write-good]
                         [--repeat 3] [--keep DIR]

Inputs (built in a temporary folder):
  corpus   the real postmortems of ../shared/corpora (Markdown, text, ERB), copied again and
           again until the copy holds --corpus-mb megabytes;
  library  a synthetic secondstory library of --library postmortems (bench/make_library.py).

secondstory lints all of both, through its command line (`--no-cache`), in one process
(`-j 1`) and with every core (`-j 0`), then once more with its cache warm. The peers are
far slower, so they lint a fixed sample of the same files (the first --peer-mb megabytes,
the same files secondstory is also timed on in this run; for the library, whole
postmortems, their Markdown and YAML alike, since secondstory lints a postmortem whole);
every tool reads the same files and MB/s is computed from their bytes. Every tool gets the same command lines: as many
paths per invocation as the OS allows, so each pays its start-up once per command line, as
a user linting those files would; secondstory's own start-up (one short file) is printed
too. Python tools keep their bytecode caches (.pyc), as an installation does, and one
untimed run writes secondstory's before timing. A peer that is not installed is skipped with a
message: proselint comes from PyPI (pip install proselint), alex and write-good from npm
(npm install --prefix bench/node alex write-good).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = REPO.parent / "shared" / "corpora"
SUFFIXES = (".md", ".txt", ".erb")
NODE_BIN = BENCH / "node" / "node_modules" / ".bin"
# Every tool gets the fewest invocations the OS allows: as many paths per command line as
# fit in half of ARG_MAX (the rest is left for the environment).
ARG_BUDGET = (os.sysconf("SC_ARG_MAX") if hasattr(os, "sysconf") else 131072) // 2
CPU_SECONDS: list[float] = []  # CPU time of each command run, appended by timed()


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))


def replicate_corpus(target: Path, megabytes: float) -> list[Path]:
    sources = corpus_files()
    written: list[Path] = []
    total, copy = 0, 0
    while total < megabytes * 1e6:
        folder = target / f"copy{copy:03d}"
        for source in sources:
            dest = folder / source.relative_to(CORPORA)
            dest = dest.with_name(dest.name.replace(" ", "_"))
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
            written.append(dest)
            total += dest.stat().st_size
        copy += 1
    return written


def make_synthetic_library(target: Path, count: int) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        from make_library import make_library  # type: ignore[import-not-found]
    except ImportError:
        print("bench/make_library.py is missing: using a simple stand-in library")
        return _stand_in_library(target, count)
    return Path(make_library(count, target, seed=7))


def _stand_in_library(target: Path, count: int) -> Path:
    (target / "postmortems").mkdir(parents=True)
    (target / "secondstory.toml").write_text('[library]\nname = "bench"\n', encoding="utf-8")
    for index in range(count):
        folder = target / "postmortems" / f"2025-01-01-incident-{index:05d}"
        folder.mkdir()
        (folder / "postmortem.md").write_text(
            f"---\nid: 2025-01-01-incident-{index:05d}\ntitle: Incident {index}\n---\n\n## Facts\n"
            f"Between 09:02 and 09:51, {index % 97}% of requests failed. The engineer should have "
            "checked the dashboard.\n\n## Impact\nAbout 1,200 customers could not check out.\n",
            encoding="utf-8",
        )
    return target


def size_of(files: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in files)


def timed(command: Sequence[str], cwd: Path) -> float:
    """Seconds to run `command`; a linter exits non-zero when it finds something (write-good
    exits with the number of suggestions), so only a crash (signal, 126, 127, 2 for us) fails."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    ours = command[0] == sys.executable
    if (
        result.returncode < 0
        or result.returncode in (126, 127)
        or (ours and result.returncode not in (0, 1))
    ):
        raise RuntimeError(f"{command[0]} failed ({result.returncode}): {result.stderr[-400:]}")
    return elapsed


def batches(files: Sequence[Path]) -> list[list[str]]:
    """The paths split into command lines that fit ARG_BUDGET."""
    chunks: list[list[str]] = [[]]
    size = 0
    for path in map(str, files):
        if chunks[-1] and size + len(path) + 1 > ARG_BUDGET:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += len(path) + 1
    return chunks


def timed_batches(command: Sequence[str], files: Sequence[Path], cwd: Path) -> float:
    return sum(timed([*command, *chunk], cwd) for chunk in batches(files))


WARM: list[Path] = []  # the input files, read (untimed) before every timed run


def warm_page_cache() -> None:
    """Read every input file, so each timed run starts with them in memory: this machine's
    kernel reclaims idle page cache, and a run that reads from disk measures the disk."""
    for path in WARM:
        path.read_bytes()


def median_time(run: object, repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds (user + system of the child processes)."""
    assert callable(run)
    walls, cpus = [], []
    for _ in range(repeat):
        warm_page_cache()
        mark = len(CPU_SECONDS)
        walls.append(run())
        cpus.append(sum(CPU_SECONDS[mark:]))
    return statistics.median(walls), statistics.median(cpus)


REPORT = Path(tempfile.gettempdir()) / f"secondstory-lint-bench-{os.getpid()}.json"


def secondstory_command() -> list[str]:
    """The JSON report goes to a scratch file (the cost of writing it is part of the run)."""
    return [sys.executable, "-m", "secondstory", "lint", "--format", "json", "-o", str(REPORT)]


PEERS = ("proselint", "alex", "write-good")
CHOSEN: list[str] = list(PEERS)  # --peers


def peers() -> dict[str, list[str]]:
    return {name: command for name, command in _installed_peers().items() if name in CHOSEN}


def _installed_peers() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    proselint = shutil.which("proselint") or shutil.which(
        "proselint", path=str(Path(sys.executable).parent)
    )
    if proselint:
        found["proselint"] = [proselint, "check"]
    else:
        print("skipped proselint: not installed (pip install proselint)")
    for name in ("alex", "write-good"):
        binary = NODE_BIN / name
        if binary.exists() and shutil.which("node"):
            found[name] = [str(binary)]
        else:
            print(
                f"skipped {name}: not installed (npm install --prefix bench/node alex write-good)"
            )
    return found


def report(
    label: str,
    megabytes: float,
    times: tuple[float, float],
    base: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """Print wall and CPU throughput (and secondstory's speed-up over this tool); return the rates."""
    wall, cpu = megabytes / times[0], megabytes / max(times[1], 1e-9)
    ratio = f"   x{base[0] / wall:,.1f} wall, x{base[1] / cpu:,.1f} cpu" if base else ""
    print(
        f"  {label:<32} {megabytes:7.2f} MB {times[0]:8.2f} s {wall:8.2f} MB/s wall {cpu:8.2f} MB/s cpu{ratio}"
    )
    return wall, cpu


def bench_input(
    name: str, root: Path, files: list[Path], sample: list[Path], repeat: int, peer_repeat: int
) -> None:
    mb, sample_mb = size_of(files) / 1e6, size_of(sample) / 1e6
    WARM[:] = files
    cache = root / ".bench-cache"
    env_cmd = secondstory_command()
    print(
        f"\n{name}: {len(files):,} files, {mb:.1f} MB; peer sample {len(sample):,} files, {sample_mb:.2f} MB"
    )
    timed([*env_cmd, "--no-cache", "-j", "1", str(files[0])], root)  # writes the .pyc files
    one = median_time(lambda: timed([*env_cmd, "--no-cache", "-j", "1", str(root)], root), repeat)
    report("secondstory -j 1 (all)", mb, one)
    every = median_time(lambda: timed([*env_cmd, "--no-cache", "-j", "0", str(root)], root), repeat)
    report(f"secondstory -j {os.cpu_count()} (all)", mb, every)
    os.environ["XDG_CACHE_HOME"] = str(cache)
    timed([*env_cmd, str(root)], root)
    warm = median_time(lambda: timed([*env_cmd, str(root)], root), repeat)
    report("secondstory, cache warm (all)", mb, warm)
    ours = median_time(
        lambda: timed_batches([*env_cmd, "--no-cache", "-j", "1"], sample, root), repeat
    )
    base = report("secondstory -j 1 (peer sample)", sample_mb, ours)
    default = median_time(lambda: timed_batches([*env_cmd, "--no-cache"], sample, root), repeat)
    as_run = report("secondstory as run (peer sample)", sample_mb, default)
    smallest = min(sample, key=lambda p: p.stat().st_size)
    start = median_time(
        lambda: timed([*env_cmd, "--no-cache", "-j", "1", str(smallest)], root), repeat
    )
    print(f"  {'secondstory start-up (one file)':<32} {start[0]:27.3f} s")
    rates = {}
    for peer, command in peers().items():
        seconds = median_time(
            lambda command=command: timed_batches(command, sample, root), peer_repeat
        )
        rates[peer] = report(f"{peer} (peer sample)", sample_mb, seconds, base)
    all_rate = mb / one[0]
    for peer, (wall, _) in rates.items():
        print(
            f"  secondstory vs {peer}: x{base[0] / wall:,.1f} on the same command lines "
            f"(-j 1; x{as_run[0] / wall:,.1f} as run by default, one worker per core for 200 "
            f"files or more), x{all_rate / wall:,.1f} for -j 1 over all {mb:.1f} MB"
        )


def library_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "postmortems").rglob("*") if p.is_file())


def whole_postmortems(files: list[Path], megabytes: float) -> list[Path]:
    """Every file of the first postmortems that add up to `megabytes`: the peers get the
    same Markdown and YAML that secondstory reads for them (a file inside a postmortem
    makes secondstory lint the whole postmortem, so a sample of single files would not be
    the same work)."""
    chosen: list[Path] = []
    total = 0
    folder: Path | None = None
    for path in files:
        here = path.parent if path.parent.name != "accounts" else path.parent.parent
        if here != folder:
            if total >= megabytes * 1e6:
                break
            folder = here
        chosen.append(path)
        total += path.stat().st_size
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-mb", type=float, default=50.0)
    parser.add_argument("--library", type=int, default=10_000)
    parser.add_argument(
        "--peer-mb", type=float, default=5.0, help="corpus sample for the peers (0: all of it)"
    )
    parser.add_argument(
        "--library-peer-mb",
        type=float,
        default=5.0,
        help="library sample for the peers: whole postmortems, Markdown and YAML",
    )
    parser.add_argument(
        "--peers", default=",".join(PEERS), help="which peers to run (comma-separated)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    args = parser.parse_args()
    # Python tools run as installed ones do, with their bytecode cached (.pyc): a shell
    # that sets PYTHONDONTWRITEBYTECODE would make every secondstory run compile its
    # sources again, which no user's installation does (proselint's .pyc come with it).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    CHOSEN[:] = [name.strip() for name in args.peers.split(",") if name.strip()]
    if not CORPORA.is_dir():
        print(f"skipped: no corpora at {CORPORA}")
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="secondstory-lint-bench-"))
    try:
        corpus_root = work / "corpus"
        files = (
            replicate_corpus(corpus_root, args.corpus_mb)
            if not corpus_root.exists()
            else sorted(
                p for p in corpus_root.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)
            )
        )
        bench_input(
            "corpus (real postmortems, replicated)",
            corpus_root,
            files,
            _sample(files, args.peer_mb),
            args.repeat,
            args.peer_repeat,
        )
        if args.library <= 0:
            return 0
        library_root = work / "library"
        if not library_root.exists():
            make_synthetic_library(library_root, args.library)
        every = library_files(library_root)
        bench_input(
            f"synthetic library ({args.library:,} postmortems)",
            library_root,
            every,
            whole_postmortems(every, args.library_peer_mb),
            args.repeat,
            args.peer_repeat,
        )
    finally:
        REPORT.unlink(missing_ok=True)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _sample(files: list[Path], megabytes: float) -> list[Path]:
    if megabytes <= 0:
        return list(files)
    chosen, total = [], 0
    for path in files:
        if total >= megabytes * 1e6:
            break
        chosen.append(path)
        total += path.stat().st_size
    return chosen


if __name__ == "__main__":
    sys.exit(main())
