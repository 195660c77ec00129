"""Benchmark the library index: build, incremental re-index, search, similar; beside git grep.

    python bench/index.py   # 10,000 synthetic postmortems in /tmp/secondstory-bench-10000
    python bench/index.py --n 2000 --queries 30

Targets (issue 5): full build < 30 s, one changed postmortem re-indexed < 1 s, search p95
< 20 ms, similar p95 < 100 ms. Peak memory is the maximum resident set of this process
and of the worker processes. `git grep` runs over the same files for the same words.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_library import make_library
from secondstory.index.build import build_index, open_synced
from secondstory.index.search import search
from secondstory.index.similar import find_similar
from secondstory.store.library import Library, open_library

WORDS = (
    "certificate",
    "failover",
    "replica lag",
    "dns",
    "timeout",
    "rollback",
    "disk",
    "canary",
    "queue",
    "kafka",
    "deadlock",
    "throttled",
    "quota",
    "cache",
    "expired",
    "runbook",
    "idempotency",
    "retry storm",
    "memory",
    "leader election",
    "clock",
    "daylight saving",
    "pager",
    "vendor outage",
    "load balancer",
    "migration",
    "schema",
    "feature flag",
    "secret",
    "connection pool",
)
FILTERS = (
    "",
    "",
    "",
    "service:checkout",
    "severity:SEV1",
    "factor:knowledge",
    "after:2023-01",
    "tag:database before:2022",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


CPU: list[float] = []  # CPU seconds of every timed call, beside its wall time


def timed(action: Callable[[], object]) -> float:
    began, cpu = time.perf_counter(), time.process_time()
    action()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - began


def git(root: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "b@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "b@example.invalid",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    ).stdout


def ensure_library(n: int, out: Path) -> Library:
    if not (out / "secondstory.toml").is_file():
        began = time.perf_counter()
        make_library(n, out, seed=7)
        print(f"generated {n} postmortems in {time.perf_counter() - began:.1f} s")
    if not (out / ".git").is_dir():
        began = time.perf_counter()
        git(out, "init", "-q")
        git(out, "add", "-A")
        git(out, "commit", "-q", "-m", "synthetic library")
        print(f"committed them to git in {time.perf_counter() - began:.1f} s")
    return open_library(out)


def bench_build(library: Library) -> None:
    cpu = time.process_time()
    began = time.perf_counter()
    report = build_index(library, rebuild=True)
    wall = time.perf_counter() - began
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"full build        {wall:7.2f} s   ({report.total} postmortems; CPU: this process "
        f"{time.process_time() - cpu:.1f} s, workers {children.ru_utime + children.ru_stime:.1f} s)"
        f"   target < 30 s"
    )


def bench_reindex(library: Library, rounds: int = 5) -> None:
    folders = library.postmortem_dirs()
    times, nothing, cpus = [], [], []
    for n in range(rounds):
        main = folders[(n * 7919) % len(folders)] / "postmortem.md"
        text = main.read_text(encoding="utf-8")
        main.write_text(text + f"\nA line added by the benchmark, round {n}.\n", encoding="utf-8")
        try:
            began, cpu = time.perf_counter(), time.process_time()
            report = build_index(library)
            times.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
            assert len(report.updated) == 1, report.to_json()
        finally:
            main.write_text(text, encoding="utf-8")
        build_index(library)
        CPU.clear()
        nothing.append(timed(lambda: build_index(library)))
    print(
        f"re-index 1 change {statistics.median(times):7.3f} s   median of {rounds} (max "
        f"{max(times):.3f} s; CPU {statistics.median(cpus):.3f} s)   target < 1 s"
    )
    print(
        f"check, no change  {statistics.median(nothing):7.3f} s   (paid by every reading command)"
    )


def queries(count: int, rng: random.Random) -> list[str]:
    return [f"{rng.choice(WORDS)} {rng.choice(FILTERS)}".strip() for _ in range(count)]


def bench_search(library: Library, texts: list[str], repeat: int) -> list[float]:
    db, _ = open_synced(library)
    times = []
    try:
        for _ in range(repeat):
            for text in texts:
                times.append(timed(lambda text=text: search(db, text, limit=20)))  # type: ignore[misc]
    finally:
        db.close()
    return times


def bench_similar(library: Library, count: int, rng: random.Random) -> list[float]:
    db, _ = open_synced(library)
    ids = [row[0] for row in db.conn.execute("SELECT pm_id FROM docs ORDER BY doc_id")]
    times = []
    try:
        for pm_id in rng.sample(ids, min(count, len(ids))):
            times.append(
                timed(lambda pm_id=pm_id: find_similar(library, db, target=pm_id, limit=5))
            )  # type: ignore[misc]
    finally:
        db.close()
    return times


def bench_git_grep(root: Path, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        words = [w for w in text.split() if ":" not in w]
        args = ["grep", "-l", "-i", "-F", "--all-match"]
        for word in words:
            args += ["-e", word]
        times.append(timed(lambda args=args: git(root, *args, "--", "postmortems")))  # type: ignore[misc]
    return times


def line(name: str, times: list[float], target: str, cpu: list[float] | None = None) -> None:
    ms = [t * 1000 for t in times]
    cpu_p95 = f"; CPU p95 {percentile([c * 1000 for c in cpu], 0.95):.2f} ms" if cpu else ""
    print(
        f"{name:<17} p50 {percentile(ms, 0.5):7.2f} ms   p95 {percentile(ms, 0.95):7.2f} ms   "
        f"({len(ms)} runs{cpu_p95})   {target}"
    )


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--skip-build", action="store_true", help="reuse the existing index")
    args = parser.parse_args(argv)
    library = ensure_library(args.n, args.out or Path(f"/tmp/secondstory-bench-{args.n}"))
    print(f"{os.cpu_count()} CPUs, load average {load()} (other processes slow every figure)")
    rng = random.Random(5)
    if not args.skip_build:
        bench_build(library)
    bench_reindex(library)
    texts = queries(args.queries, rng)
    CPU.clear()
    search_times = bench_search(library, texts, repeat=3)
    search_cpu = list(CPU)
    CPU.clear()
    similar_times = bench_similar(library, args.queries, rng)
    similar_cpu = list(CPU)
    grep_times = bench_git_grep(library.root, texts)
    line("search", search_times, "target p95 < 20 ms", search_cpu)
    line("similar", similar_times, "target p95 < 100 ms", similar_cpu)
    line("git grep -l", grep_times, "same words, same files (no ranking, no snippets)")
    ratio = statistics.median(grep_times) / statistics.median(search_times)
    print(f"search is {ratio:.0f}x faster than git grep (medians)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory       {own:7.0f} MB this process, {workers:.0f} MB largest worker or child")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
