"""Retrieval quality of `secondstory similar` on an imported library of the real corpora.

Imports every report of ../shared/corpora with the real importers into a scratch library,
builds its index, and for every report in tests/data/similar_groups.json asks
`find_similar` (the command's function) for its 5 nearest: recall@5 is the share of its
group-mates among them (divided by min(group size - 1, 5)), for the tuning and the held-out
groups. bench/similar_quality.py measures the same ranking on the raw files; the two should
agree, which says the index hands the ranking what it needs.

    .venv/bin/python bench/similar_library.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from secondstory.importers.corpus import import_corpus
from secondstory.index.build import build_index, open_synced
from secondstory.index.similar import find_similar
from secondstory.store.library import open_library

REPO = Path(__file__).resolve().parent.parent


def recall_at_5(found: list[str], mates: set[str]) -> float:
    return len(set(found[:5]) & mates) / min(len(mates), 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    args = parser.parse_args()
    groups = json.loads((REPO / "tests" / "data" / "similar_groups.json").read_text())["groups"]
    with tempfile.TemporaryDirectory() as scratch:
        began = time.perf_counter()
        import_corpus(args.corpora, Path(scratch) / "library")
        library = open_library(Path(scratch) / "library")
        report = build_index(library)
        print(f"imported and indexed {report.total} reports in {time.perf_counter() - began:.1f} s")
        db, _ = open_synced(library)
        by_source: dict[str, str] = {}
        paths = dict(db.conn.execute("SELECT path, pm_id FROM docs"))
        for folder in library.postmortem_dirs():
            text = (folder / "postmortem.md").read_text(encoding="utf-8")
            for line in text.splitlines():
                if line.strip().startswith("source:"):
                    source = Path(line.split(":", 1)[1].strip())
                    rel = folder.relative_to(library.root).as_posix()
                    by_source[f"{source.parent.name}/{source.name}"] = paths[rel]
                    break
        scores: dict[str, list[float]] = defaultdict(list)
        times = []
        missing = 0
        try:
            for group in groups:
                members = [by_source.get(m) for m in group["members"]]
                missing += sum(1 for m in members if m is None)
                present = {m for m in members if m is not None}
                for member in present:
                    began = time.perf_counter()
                    found = [m.pm_id for m in find_similar(library, db, target=member, limit=5)]
                    times.append(time.perf_counter() - began)
                    scores[group["split"]].append(recall_at_5(found, present - {member}))
        finally:
            db.close()
    for split, values in sorted(scores.items()):
        print(f"recall@5 {split:<8} {statistics.mean(values):.3f}  ({len(values)} queries)")
    every = [v for values in scores.values() for v in values]
    print(f"recall@5 {'all':<8} {statistics.mean(every):.3f}  ({len(every)} queries)")
    median = statistics.median(times) * 1000
    print(f"similar: median {median:.1f} ms per query; {missing} judged reports not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
