"""Classification speed: classify the real corpora's reports many times over.

Scales the 162 reports to N postmortems (default 10,000) and prints the median time per
postmortem over several rounds, and the projected time for N.

    .venv/bin/python bench/classify_speed.py [--count 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_reader import read_corpus
from secondstory.insights.mechanisms import classify, load_vocabulary
from secondstory.insights.similarity import SimilarityIndex, build_doc

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    vocab = load_vocabulary(None)
    load_seconds = time.perf_counter() - started
    docs = read_corpus(args.corpora)
    chars = sum(len(t) for d in docs for t in d.sections.values()) / len(docs)
    per_doc = []
    cpu_per_doc = []
    for _ in range(args.rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        for doc in docs:
            classify(vocab, doc.sections)
        per_doc.append((time.perf_counter() - started) / len(docs))
        cpu_per_doc.append((time.process_time() - cpu_started) / len(docs))
    median = statistics.median(per_doc)
    cpu = statistics.median(cpu_per_doc)
    sims = [
        build_doc(d.id, vocab, d.sections, classify(vocab, d.sections), source=d.source)
        for d in docs
    ]
    started = time.perf_counter()
    index = SimilarityIndex(sims)
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in sims:
        index.rank(doc, 5)
    rank_seconds = (time.perf_counter() - started) / len(sims)
    cues = len(vocab.cue_table)
    print(
        f"vocabulary: {len(vocab.mechanisms)} mechanisms, {cues} cues, {load_seconds:.3f} s to load"
    )
    print(f"classify: median {median * 1000:.3f} ms per postmortem ({chars:.0f} chars on average)")
    print(f"  CPU time: median {cpu * 1000:.3f} ms per postmortem (the machine may be shared)")
    print(
        f"  projected for {args.count}: {median * args.count:.2f} s ({cpu * args.count:.2f} s CPU)"
    )
    print(f"similarity index of {len(sims)}: {index_seconds * 1000:.1f} ms")
    print(f"rank: {rank_seconds * 1000:.2f} ms per query")


if __name__ == "__main__":
    main()
