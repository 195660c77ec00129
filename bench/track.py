"""Time the track commands on a synthetic library, against loading it.

python bench/track.py [N]      # default 2000 postmortems

In one process, on the same library: load the full catalog, load what tracking reads,
then each track computation on the loaded postmortems; medians of 5 runs and the ratio
to the load. Then end to end through the CLI: `actions report` against `validate` (the
peer that reads the same files), and `action done` on a full ref (loads one postmortem).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 27)


def _median(func: Callable[[], object], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _cli(args: list[str], cwd: Path, runs: int = 3) -> float:
    exe = [sys.executable, "-m", "secondstory"]
    return _median(
        lambda: subprocess.run([*exe, *args], cwd=cwd, capture_output=True, check=False), runs
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sys.path.insert(0, str(HERE))
    from make_library import make_library
    from secondstory.store.catalog import load_catalog
    from secondstory.store.library import open_library
    from secondstory.track import exports
    from secondstory.track.actions import collect_actions
    from secondstory.track.charts_svg import outcomes_svg
    from secondstory.track.digest import build_digest
    from secondstory.track.load import load_tracking_set
    from secondstory.track.outcomes import build_outcomes
    from secondstory.track.report import build_report

    with tempfile.TemporaryDirectory() as tmp:
        root = make_library(count, Path(tmp) / "lib", 1)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        library = open_library(root)
        load = _median(lambda: load_catalog(library, jobs=1))
        light = _median(lambda: load_tracking_set(library))
        pms = load_catalog(library, jobs=1).postmortems
        actions = collect_actions(pms)
        outcomes = build_outcomes(pms, "tag")
        steps = {
            "actions report (all)": lambda: build_report(pms, TODAY),
            "outcomes --by tag": lambda: build_outcomes(pms, "tag"),
            "outcomes --by service": lambda: build_outcomes(pms, "service"),
            "outcomes chart (SVG)": lambda: outcomes_svg(outcomes),
            "export --to ics": lambda: exports.to_ics("bench", actions, datetime.now(UTC)),
            "export --to jira": lambda: exports.to_jira_csv(actions),
            "digest --since 30d": lambda: build_digest("bench", pms, TODAY, date(2026, 10, 28)),
        }
        print(
            f"postmortems {count}, action items {len(actions)}, recurring tag classes {len(outcomes.classes)}"
        )
        print(f"{'load catalog (jobs=1)':28} {load * 1000:9.1f} ms  1.00x")
        print(
            f"{'load for tracking':28} {light * 1000:9.1f} ms  {light / load:.2f}x (main + actions only)"
        )
        for name, func in steps.items():
            took = _median(func)
            print(f"{name:28} {took * 1000:9.1f} ms  {took / load:.2f}x of the load")
        validate = _cli(["validate"], root)
        report = _cli(["actions", "report"], root)
        ref = actions[len(actions) // 2]
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        done = _cli(["action", "reassign", ref.ref, "--owner", "Bench Person"], root)
        print(f"{'CLI validate':28} {validate:9.2f} s   (median of 3)")
        print(f"{'CLI actions report':28} {report:9.2f} s   {report / validate:.2f}x of validate")
        print(f"{'CLI action reassign REF':28} {done:9.2f} s   (loads one postmortem)")


if __name__ == "__main__":
    main()
