"""Every real report in ../shared/corpora imports, loads back cleanly, and the timestamps
match the hand-checked truth (tests/data/import_truth.json) for at least 85% of reports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from secondstory.importers.corpus import (
    CorpusReport,
    accuracy,
    coverage_rows,
    import_corpus,
    scratch_library,
)
from secondstory.store.catalog import validate_library

LIBRARIES: dict[int, Path] = {}
TRUTH = Path(__file__).resolve().parent.parent / "data" / "import_truth.json"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusReport]:
    override = os.environ.get("SECONDSTORY_CORPORA")
    corpora = (
        Path(override) if override else Path(__file__).resolve().parents[3] / "shared" / "corpora"
    )
    if not corpora.is_dir():
        pytest.skip(f"the real postmortem corpora are not at {corpora}")
    library = tmp_path_factory.mktemp("corpus") / "library"
    found = import_corpus(corpora, library)
    LIBRARIES[id(found)] = library
    return found


def test_import_corpus_every_covered_report_imports_and_loads(reports: list[CorpusReport]) -> None:
    covered = [r for r in reports if r.covered]
    assert len(covered) >= 140
    failed = [
        (r.file, r.result.reason, r.load_errors)
        for r in covered
        if r.result.status != "imported" or r.load_errors
    ]
    assert failed == []


def test_import_corpus_timelines_where_reports_have_them(reports: list[CorpusReport]) -> None:
    with_timeline = [r for r in reports if r.covered and r.has_timeline]
    found = [r for r in with_timeline if r.result.timeline > 0]
    assert len(found) / len(with_timeline) >= 0.9


def test_import_corpus_coverage_table_has_every_organisation(reports: list[CorpusReport]) -> None:
    assert [row[0] for row in coverage_rows(reports)] == [
        "2i2c",
        "dfds",
        "k8s-test-infra",
        "learningequality",
        "moj-cloud-platform",
        "mybinder",
        "posthog",
        "pypi-blog",
        "rust-blog",
    ]


def test_import_corpus_timestamps_match_hand_checked_truth(reports: list[CorpusReport]) -> None:
    lines, rates = accuracy(reports, TRUTH)
    assert min(rates.values()) >= 0.85, "\n".join(lines)


def test_import_corpus_library_validates_without_problems(reports: list[CorpusReport]) -> None:
    library = scratch_library(LIBRARIES[id(reports)])
    assert [str(p) for p in validate_library(library)] == []
