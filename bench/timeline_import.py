"""Speed of the Slack import and of merging into a timeline.

    python bench/timeline_import.py [MESSAGES]

Writes a synthetic Slack export (one channel, MESSAGES messages over 10 days, invented
text) to a temporary folder, then times, median of 3 runs each:
- reading the export (import_slack),
- merging every message into an empty timeline (one append),
- merging a second channel's messages interleaved with the first (inserts in the middle),
- re-importing (all duplicates).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from secondstory.importers.merge import merge_into
from secondstory.importers.slack import SlackOptions, import_slack
from secondstory.store.library import open_library
from secondstory.store.writer import NewPostmortem, init_library, new_postmortem

START = 1741942800  # 2025-03-14T09:00:00Z


def write_export(root: Path, channel: str, count: int, offset: int) -> None:
    (root / channel).mkdir(parents=True)
    users = [
        {"id": f"U{i}", "name": f"user{i}", "profile": {"real_name": f"User {i}"}}
        for i in range(20)
    ]
    (root / "users.json").write_text(json.dumps(users))
    days: dict[int, list[dict[str, object]]] = {}
    for n in range(count):
        ts = START + offset + n * (864000 // count) * 2
        days.setdefault((ts - START) // 86400, []).append(
            {
                "type": "message",
                "user": f"U{n % 20}",
                "text": f"message {n} in {channel}",
                "ts": f"{ts}.000100",
            }
        )
    for day, messages in days.items():
        (root / channel / f"2025-03-{14 + day:02d}.json").write_text(json.dumps(messages))


def median_of(runs: int, setup: Callable[[], object], work: Callable[[object], object]) -> float:
    times = []
    for _ in range(runs):
        state = setup()
        begin = time.perf_counter()
        work(state)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main(count: int) -> None:
    scratch = Path(tempfile.mkdtemp())
    try:
        export = scratch / "export"
        write_export(export, "a", count, 0)
        write_export(export / "b-root", "b", count // 10, 3600)
        shutil.move(str(export / "b-root" / "b"), str(export / "b"))
        init_library(scratch / "lib")
        library = open_library(scratch / "lib")
        folder = new_postmortem(library, NewPostmortem("Bench", pm_id="bench"), set()).parent
        pristine = (folder / "timeline.yaml").read_text()
        options = SlackOptions(zone=UTC)
        read = median_of(3, lambda: None, lambda _: import_slack(export, "a", options))
        a = import_slack(export, "a", options)
        b = import_slack(export, "b", options)

        def fresh() -> None:
            (folder / "timeline.yaml").write_text(pristine)

        def filled() -> None:
            fresh()
            merge_into(folder, a)

        append = median_of(3, fresh, lambda _: merge_into(folder, a))
        interleave = median_of(3, filled, lambda _: merge_into(folder, b))
        again = median_of(3, filled, lambda _: merge_into(folder, a))
        print(f"{count} messages; {len(b.timeline)} interleaved")
        print(f"read export          {read * 1000:9.1f} ms")
        print(f"merge (append all)   {append * 1000:9.1f} ms")
        print(
            f"merge (interleave)   {interleave * 1000:9.1f} ms  ({interleave / max(len(b.timeline), 1) * 1000:.2f} ms/entry)"
        )
        print(f"re-import (dupes)    {again * 1000:9.1f} ms")
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
