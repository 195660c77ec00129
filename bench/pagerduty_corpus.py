"""Coverage and accuracy of the PagerDuty export importer on the 2i2c exports.

    python bench/pagerduty_corpus.py [CORPORA_DIR]

For every *.pdf.txt: which of started/detected/mitigated/resolved, timeline entries and
action items were found; the impact window against the stated DURATION; and, against the
hand-checked tests/data/pagerduty_truth.json, how many values agree (times within one
minute, counts exactly). Prints the median import time per export.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from secondstory.importers.imported import ImportRefused, ImportResult
from secondstory.importers.pagerduty import import_pagerduty_text

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "pagerduty_truth.json"
FIELDS = ("started", "detected", "mitigated", "resolved")


def agrees(found: datetime | None, truth: str | None) -> bool:
    if truth is None or found is None:
        return truth is None and found is None
    return abs(found - datetime.fromisoformat(truth)) < timedelta(minutes=1)


def run(corpora: Path) -> int:
    files = sorted((corpora / "2i2c").glob("*.pdf.txt"))
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    found = {f: 0 for f in (*FIELDS, "timeline", "actions")}
    agree = {f: 0 for f in (*FIELDS, "timeline", "actions")}
    checked, durations_ok, durations, spans_ok = 0, 0, 0, 0
    timings = []
    print(f"{'export':58} S D M R  tl  ai  window-vs-DURATION")
    for path in files:
        text = path.read_text(encoding="utf-8")
        begin = time.perf_counter()
        try:
            result = import_pagerduty_text(text, path.name)
        except ImportRefused as exc:
            print(f"{path.name[:58]:58} refused: {exc.message}")
            continue
        timings.append(time.perf_counter() - begin)
        marks = " ".join("x" if getattr(result, f) else "." for f in FIELDS)
        found.update({f: found[f] + (getattr(result, f) is not None) for f in FIELDS})
        found["timeline"] += bool(result.timeline)
        found["actions"] += bool(result.actions)
        print(
            f"{path.name[:58]:58} {marks} {len(result.timeline):3} {len(result.actions):3}",
            _window(result),
        )
        if result.stated_duration is not None and result.impact_start and result.impact_end:
            durations += 1
            minute, stated = timedelta(minutes=1), result.stated_duration
            durations_ok += abs(result.impact_end - result.impact_start - stated) < minute
            if result.started and result.mitigated:
                spans_ok += abs(result.mitigated - result.started - stated) < minute
        expected = truth.get(path.name)
        if expected is not None:
            checked += 1
            for f in FIELDS:
                agree[f] += agrees(getattr(result, f), expected[f])
            agree["timeline"] += len(result.timeline) == expected["timeline_entries"]
            agree["actions"] += len(result.actions) == expected["action_items"]
    total = len(files)
    print(
        f"\nexports: {total}; found (of {total}): "
        + ", ".join(f"{k} {v}" for k, v in found.items())
    )
    print(f"impact window within 1 min of stated DURATION: {durations_ok}/{durations}")
    print(f"mitigated - started within 1 min of stated DURATION: {spans_ok}/{durations}")
    print(
        f"agreement with hand-checked truth ({checked} exports): "
        + ", ".join(f"{k} {v}/{checked}" for k, v in agree.items())
    )
    if timings:
        print(f"median import time per export: {statistics.median(timings) * 1000:.2f} ms")
    return 0


def _window(result: ImportResult) -> str:
    if not (result.impact_start and result.impact_end):
        return "no window"
    computed = result.impact_end - result.impact_start
    stated = result.stated_duration
    if stated is None:
        return f"{computed} (no DURATION)"
    mark = "ok" if abs(computed - stated) < timedelta(minutes=1) else "DIFFERS"
    return f"{computed} vs {stated} {mark}"


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "corpora"
    sys.exit(run(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
