"""Similar incidents: by id, path or text, with reasons; suggestions for a new postmortem."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from learn_fixtures import WritePM, make_library, make_writer, write_queue_stall, write_three

from secondstory.cli import cli
from secondstory.errors import NotFound, UsageError
from secondstory.index.build import open_synced
from secondstory.index.search import search
from secondstory.index.similar import Match, find_similar, suggest_similar
from secondstory.store.library import Library
from secondstory.store.loader import load_postmortem


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path)


@pytest.fixture
def write_pm(library: Library) -> WritePM:
    return make_writer(library)


@pytest.fixture
def three(write_pm: WritePM) -> None:
    write_three(write_pm)


def similar(
    library: Library, target: str = "", text: str | None = None, limit: int = 5
) -> list[Match]:
    db, _ = open_synced(library)
    try:
        return find_similar(library, db, target=target, text=text, limit=limit)
    finally:
        db.close()


@pytest.mark.usefixtures("three")
def test_similar_by_id_ranks_the_other_certificate_incident_first(library: Library) -> None:
    matches = similar(library, "2025-03-14-checkout-cert")
    assert matches[0].pm_id == "2024-06-02-api-cert"
    assert "2025-03-14-checkout-cert" not in [m.pm_id for m in matches]
    best = matches[0]
    assert best.shared_services == ["edge-proxy"]
    assert best.shared_tags == ["tls"]
    assert "certificate" in best.shared_terms
    assert best.passages[0].file == "postmortems/2024-06-02-api-cert/postmortem.md"


@pytest.mark.usefixtures("three")
def test_similar_by_text_and_by_path(library: Library) -> None:
    by_text = similar(library, text="replica lag stalled the database writes")
    by_path = similar(
        library, str(library.postmortems_path / "2025-01-20-orders-failover" / "postmortem.md")
    )
    assert by_text[0].pm_id == "2025-01-20-orders-failover"
    assert by_text[0].passages[0].text in {
        "Replica lag was invisible on the dashboard.",
        "Writes to the orders database stalled for 12 minutes during failover.",
    }
    assert "2025-01-20-orders-failover" not in [m.pm_id for m in by_path]


@pytest.mark.usefixtures("three")
def test_similar_limit(library: Library) -> None:
    assert len(similar(library, text="certificate handshake database", limit=1)) == 1


@pytest.mark.usefixtures("three")
def test_similar_bad_targets(library: Library) -> None:
    with pytest.raises(NotFound, match="'nope' is neither a postmortem id nor a file"):
        similar(library, "nope")
    with pytest.raises(UsageError, match="no words to compare"):
        similar(library, text="!!! ...")


@pytest.mark.usefixtures("three")
def test_suggest_similar_for_a_new_postmortem(library: Library, write_pm) -> None:  # type: ignore[no-untyped-def]
    folder = write_pm(
        "2025-04-01-cdn-cert",
        "CDN certificate expired",
        day="2025-04-01",
        services=["edge-proxy"],
        sections={"Facts": "The CDN certificate expired; renewal was manual."},
    )
    pm = load_postmortem(folder, library.root).postmortem
    assert pm is not None
    matches = suggest_similar(library, pm, limit=2)
    assert [m.pm_id for m in matches] == ["2024-06-02-api-cert", "2025-03-14-checkout-cert"] or [
        m.pm_id for m in matches
    ] == ["2025-03-14-checkout-cert", "2024-06-02-api-cert"]
    assert all(m.shared_services == ["edge-proxy"] for m in matches)


@pytest.mark.usefixtures("three")
def test_similar_command_json_and_text(library: Library) -> None:
    runner = CliRunner()
    as_json = runner.invoke(
        cli, ["-L", str(library.root), "similar", "2024-06-02-api-cert", "--format", "json"]
    )
    as_text = runner.invoke(
        cli, ["-L", str(library.root), "similar", "--text", "certificate renewal", "--limit", "1"]
    )
    data = json.loads(as_json.stdout)
    assert as_json.exit_code == 0 and as_text.exit_code == 0
    assert data["similar"][0]["id"] == "2025-03-14-checkout-cert"
    assert data["similar"][0]["shared"]["services"] == ["edge-proxy"]
    assert data["similar"][0]["shared"]["mechanisms"] == ["certificate-expiry"]
    assert "same mechanism: certificate-expiry" in data["similar"][0]["reasons"]
    assert re.match(r"\d\.\d\d  2\d{3}-\d\d-\d\d-", as_text.stdout)
    assert "shared words:" in as_text.stdout


def test_similar_and_search_on_the_imported_corpora(tmp_path: Path, corpora: Path) -> None:
    from secondstory.importers.corpus import import_corpus
    from secondstory.store.library import open_library

    import_corpus(corpora, tmp_path / "corpus")
    library = open_library(tmp_path / "corpus")
    db, report = open_synced(library)
    try:
        imported = db.conn.execute("SELECT count(*) FROM docs WHERE imported = 1").fetchone()[0]
        sushibar = "2018-08-22-sushibar-expired-certificate-postmortem"
        matches = find_similar(library, db, target=sushibar, limit=3)
        hits = [h.pm_id for h in search(db, "certificate expired", limit=5).hits]
    finally:
        db.close()
    assert (len(report.added), imported, report.unreadable) == (162, 162, [])
    assert sum("certificate" in m.title.lower() for m in matches) >= 2
    assert all("same mechanism: certificate-expiry" in m.reasons for m in matches[:2])
    quoted = [p.text for m in matches for p in m.passages]
    assert [t for t in quoted if "```" in t or "weight:" in t] == []  # kept front matter
    assert sushibar in hits


@pytest.mark.usefixtures("three")
def test_semantic_extra_ranks_by_meaning_when_installed(library: Library) -> None:
    from secondstory.insights import embeddings

    if not embeddings.available():
        pytest.skip("the semantic extra is not installed")
    matches = similar(library, text="an expired TLS certificate took the shop offline")
    assert matches[0].pm_id in {"2025-03-14-checkout-cert", "2024-06-02-api-cert"}


def _bag_of_words(documents: list[dict[str, str]]) -> list[tuple[float, ...]]:
    """A stand-in for the MiniLM embedder (an optional extra): hashed words, unit length."""
    vectors = []
    for sections in documents:
        vector = [0.0] * 64
        for word in " ".join(sections.values()).lower().split():
            vector[sum(map(ord, word.strip(".,"))) % 64] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        vectors.append(tuple(v / norm for v in vector))
    return vectors


@pytest.mark.usefixtures("three")
def test_semantic_embeddings_reach_the_ranking(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondstory.insights import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "embed", _bag_of_words)
    matches = similar(library, "2025-03-14-checkout-cert", limit=2)
    db, _ = open_synced(library)
    try:
        stored = [
            json.loads(row[0])["sim"]["embedding"]
            for row in db.conn.execute("SELECT json FROM features")
        ]
    finally:
        db.close()
    assert [len(vector) for vector in stored] == [64, 64, 64]
    assert matches[0].pm_id == "2024-06-02-api-cert"
    by_text = similar(library, text="replica lag on the orders database", limit=1)
    assert by_text[0].pm_id == "2025-01-20-orders-failover"


def test_similar_passage_is_a_whole_wrapped_sentence(write_pm: WritePM, library: Library) -> None:
    write_queue_stall(
        write_pm,
        "At 09:12 the broker paused every consumer because the disk\n"
        "watermark was reached; publishers kept writing.\n",
        factors=[("technical", "No alert on the broker disk watermark"), ("process", "x")],
    )
    matches = similar(library, text="broker disk watermark paused consumers")
    passages = matches[0].passages
    texts = [p.text for p in passages]
    for passage in passages:  # each points at the line its words are on, not its section's
        lines = (library.root / passage.file).read_text(encoding="utf-8").splitlines()
        words = (passage.text.partition("): ")[2] or passage.text).split()[:3]
        assert " ".join(words) in lines[passage.line - 1]
    assert "At 09:12 the broker paused every consumer because the disk watermark was reached;" in (
        " ".join(texts)
    )
    assert all("F2" not in t for t in texts if t.startswith("F1"))  # factors stay apart


def test_similar_long_passage_is_cut_at_a_word() -> None:
    from secondstory.index.passages import PASSAGE_CHARS, clipped

    text = "word " * 100
    cut = clipped(text.strip())
    assert cut.endswith("word…")
    assert len(cut) <= PASSAGE_CHARS
    assert clipped("short text") == "short text"


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            [],
            "nothing to compare with: give a postmortem (id or path) or --text",
            'secondstory similar ID, or secondstory similar --text "checkout 502s after deploy"',
        ),
        (
            ["--text", ""],
            "--text is empty",
            'describe the incident: --text "checkout 502s after deploy"',
        ),
        (
            ["2025-03-14-checkout-cert", "--text", "  "],
            "--text is empty",
            'describe the incident: --text "checkout 502s after deploy"',
        ),
        (
            ["2025-03-14-checkout-cert", "--text", "disk full"],
            "give either a postmortem (id or path) or --text, not both",
            'secondstory similar ID, or secondstory similar --text "checkout 502s after deploy"',
        ),
    ],
)
@pytest.mark.usefixtures("three")
def test_similar_command_says_what_is_wrong_with_its_arguments(
    library: Library, args: list[str], message: str, hint: str
) -> None:
    result = CliRunner().invoke(
        cli, ["-L", str(library.root), "similar", *args], standalone_mode=False
    )
    assert isinstance(result.exception, UsageError)
    assert (result.exception.message, result.exception.hint) == (message, hint)


def test_similar_passages_distinct_and_never_code_or_kept_front_matter(
    write_pm: WritePM, library: Library
) -> None:
    folder = write_queue_stall(
        write_pm,
        "The broker paused every consumer because the disk watermark was reached.\n\n"
        "```\nbroker: disk watermark reached, consumers paused\n```\n",
    )
    with (folder / "postmortem.md").open("a", encoding="utf-8") as out:
        out.write(
            "\n## Original front matter\n\n```\ntitle: Broker disk watermark paused consumers\n"
            "weight: 17\n```\n"
        )
    (folder / "timeline.yaml").write_text(
        "- time: 2025-05-01T09:12:00+00:00\n"
        "  event: The broker paused every consumer because the disk watermark was reached.\n"
        "- time: 2025-05-01T09:20:00+00:00\n"
        "  event: Publishers kept writing while the broker disk filled.\n",
        encoding="utf-8",
    )
    [match] = similar(library, text="broker disk watermark paused consumers")
    assert [(p.file, p.line, p.text) for p in match.passages] == [
        (
            "postmortems/2025-05-01-queue-stall/postmortem.md",
            16,
            "The broker paused every consumer because the disk watermark was reached.",
        ),
        (
            "postmortems/2025-05-01-queue-stall/timeline.yaml",
            4,
            "Publishers kept writing while the broker disk filled.",
        ),
    ]


def test_similar_prose_leaves_out_code_blocks_and_kept_front_matter() -> None:
    from secondstory.index.passages import prose

    text = (
        "Before.\n```sh\nkubectl get pods\n```\nInline ```code``` stays.\n"
        "~~~~\nlog line\n~~~\nstill code\n~~~~\nAfter.\n\n"
        "## Original front matter\n\n```\nweight: 17\n```\n"
    )
    assert prose(text) == "Before.\nInline ```code``` stays.\nAfter.\n\n"


def test_similar_the_tag_imported_is_no_likeness(write_pm: WritePM, library: Library) -> None:
    facts = {"Facts": "The broker paused every consumer when the disk filled."}
    write_pm("2025-05-01-a", "Broker paused", tags=["imported", "kafka"], sections=facts)
    write_pm("2025-05-02-b", "Broker paused again", tags=["imported", "kafka"], sections=facts)
    [match] = similar(library, "2025-05-01-a")
    assert match.pm_id == "2025-05-02-b"
    assert match.shared_tags == ["kafka"]
    assert [r for r in match.reasons if r.startswith("same tags")] == ["same tags: kafka"]
