"""Search: free text, phrases, filters, sections and snippets; FTS syntax is searched literally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from learn_fixtures import WritePM, make_library, make_writer, write_queue_stall, write_three

from secondstory.cli import cli
from secondstory.errors import UsageError
from secondstory.index.build import open_synced
from secondstory.index.query import parse_query
from secondstory.index.search import SearchResult, render_snippet, search
from secondstory.store.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path)


@pytest.fixture
def write_pm(library: Library) -> WritePM:
    return make_writer(library)


@pytest.fixture
def three(write_pm: WritePM) -> None:
    write_three(write_pm)


def run(library: Library, text: str) -> SearchResult:
    db, _ = open_synced(library)
    try:
        return search(db, text)
    finally:
        db.close()


def hit_ids(library: Library, text: str) -> list[str]:
    return [h.pm_id for h in run(library, text).hits]


def test_query_parse_fields_phrases_and_unbalanced_quote() -> None:
    query = parse_query(
        'service:Checkout "renewal job" after:2025-01 before:2026 lag "unbalanced phrase'
    )
    assert query.terms == ["renewal job", "lag", "unbalanced phrase"]
    assert query.filters == {"service": ["checkout"]}
    assert (query.after, query.before) == ("2025-01", "2026")
    assert query.match_expression() == '"renewal job" "lag" "unbalanced phrase"'


def test_query_parse_quotes_inside_terms_are_escaped() -> None:
    assert parse_query('it"s').match_expression() == '"it s"'
    assert parse_query("NEAR(a b)").match_expression() == '"NEAR(a" "b)"'


@pytest.mark.parametrize("text", ["*", "   ", '"', "AND", "( )"])
def test_query_parse_nothing_to_search_is_refused(text: str) -> None:
    if text == "AND":
        assert parse_query(text).terms == ["AND"]
        return
    with pytest.raises(UsageError, match="nothing to search for"):
        parse_query(text)


def test_query_parse_bad_date_is_refused() -> None:
    with pytest.raises(UsageError, match="after:last-week is not a date"):
        parse_query("after:last-week")


@pytest.mark.usefixtures("three")
def test_search_ranks_and_reports_section_and_snippet(library: Library) -> None:
    hits = run(library, "renewed automatically").hits
    assert [(h.pm_id, h.section, h.heading, h.line) for h in hits] == [
        ("2025-03-14-checkout-cert", "surprises", "Surprises", 18)
    ]
    assert (
        render_snippet(hits[0].snippet, "[", "]")
        == "We believed every certificate [renewed] [automatically]."
    )
    assert hits[0].file == "postmortems/2025-03-14-checkout-cert/postmortem.md"


@pytest.mark.usefixtures("three")
def test_search_title_words_rank_first_and_show_a_section(library: Library) -> None:
    hits = run(library, "certificate").hits
    assert sorted(h.pm_id for h in hits) == ["2024-06-02-api-cert", "2025-03-14-checkout-cert"]
    assert [h.section for h in hits] == ["surprises", "surprises"]
    assert hits[0].score >= hits[1].score > 0
    assert [h.section for h in run(library, "expired").hits] == ["title", "title"]


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("certificate service:checkout", ["2025-03-14-checkout-cert"]),
        ("service:edge-proxy", ["2025-03-14-checkout-cert", "2024-06-02-api-cert"]),
        ("tag:database", ["2025-01-20-orders-failover"]),
        ("severity:sev3", ["2024-06-02-api-cert"]),
        ("status:draft", ["2025-01-20-orders-failover"]),
        ("factor:process", ["2024-06-02-api-cert"]),
        ("factor:technical after:2025-02", ["2025-03-14-checkout-cert"]),
        ("before:2025", ["2024-06-02-api-cert"]),
        ("certificate service:orders-db", []),
    ],
)
def test_search_filters(library: Library, query: str, expected: list[str]) -> None:
    assert hit_ids(library, query) == expected


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(
    "text", ['"unbalanced', "AND OR", "NEAR(", "a* OR b", "^col:x", "NEAR(minutes", "'; DROP TABLE"]
)
def test_search_fts_syntax_is_literal(library: Library, text: str) -> None:
    assert run(library, text).hits == []


@pytest.mark.usefixtures("three")
def test_search_fts_syntax_matches_literal_words(library: Library) -> None:
    assert hit_ids(library, '"replica lag') == ["2025-01-20-orders-failover"]
    assert sorted(hit_ids(library, "minutes)")) == [
        "2025-01-20-orders-failover",
        "2025-03-14-checkout-cert",
    ]
    assert len(hit_ids(library, "(handshake*")) == 2


@pytest.mark.usefixtures("three")
def test_search_falls_back_to_any_word(library: Library) -> None:
    result = run(library, "replica handshake")
    assert result.any_term is True
    assert sorted(h.pm_id for h in result.hits) == [
        "2024-06-02-api-cert",
        "2025-01-20-orders-failover",
        "2025-03-14-checkout-cert",
    ]


@pytest.mark.usefixtures("three")
def test_search_command_json(library: Library) -> None:
    result = CliRunner().invoke(
        cli, ["-L", str(library.root), "search", "replica", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["hits"][0]["id"] == "2025-01-20-orders-failover"
    assert data["hits"][0]["section"] == "surprises"
    assert data["hits"][0]["snippet"] == "**Replica** lag was invisible on the dashboard."


@pytest.mark.usefixtures("three")
def test_search_command_refuses_empty_query_with_exit_2(library: Library) -> None:
    from secondstory.cli import main

    runner = CliRunner()
    result = runner.invoke(cli, ["-L", str(library.root), "search", "*"], standalone_mode=False)
    assert isinstance(result.exception, UsageError)
    assert result.exception.exit_code == 2
    assert main is not None


@pytest.mark.usefixtures("three")
def test_search_crowded_query_ranks_titles_then_newest(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondstory.index import search as search_module

    monkeypatch.setattr(search_module, "RANK_ALL", 2)
    result = run(library, "certificate")
    assert result.crowded == 2
    assert sorted(h.pm_id for h in result.hits) == [
        "2024-06-02-api-cert",
        "2025-03-14-checkout-cert",
    ]
    newest = run(library, "minutes")
    assert (newest.crowded, [h.score for h in newest.hits]) == (0, [h.score for h in newest.hits])
    assert json.loads(json.dumps(result.to_json()))["ranked"] == "titles first, then newest"


def test_search_finds_text_before_the_first_section(library: Library, write_pm: WritePM) -> None:
    folder = write_pm("2025-02-02-intro-only", "Imported report", sections={"Facts": "Short."})
    main = folder / "postmortem.md"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace(
            "# Imported report\n", "# Imported report\n\nThe zeppelin gateway fell over.\n"
        ),
        encoding="utf-8",
    )
    hits = run(library, "zeppelin").hits
    assert [(h.pm_id, h.section, h.heading, h.line) for h in hits] == [
        ("2025-02-02-intro-only", "preamble", "Introduction", 15)
    ]


def test_search_hit_line_is_the_line_of_its_words(write_pm: WritePM, library: Library) -> None:
    write_queue_stall(
        write_pm, "Consumers stopped at 09:12.\n\nLater the broker disk watermark paused them."
    )
    db, _ = open_synced(library)
    try:
        plain = search(db, "watermark")
        located = search(db, "watermark", root=library.root)
    finally:
        db.close()
    hit = located.hits[0]
    lines = (library.root / hit.file).read_text(encoding="utf-8").splitlines()
    assert "watermark" in lines[hit.line - 1]
    assert lines[plain.hits[0].line - 1] == "## Facts"  # what the index keeps: the heading


def test_search_line_of_falls_back_to_the_first_line() -> None:
    from secondstory.index.lines import line_of

    lines = ["## Facts", "The disk filled", "up at noon."]
    assert line_of(lines, 1, "…the **disk** filled up at noon…") == 2
    assert line_of(lines, 1, "words that are nowhere in the file") == 1
    assert line_of(lines, 3, "The disk filled up") == 3  # not before the chunk's first line


def test_search_snippet_line_reads_from_the_first_highlight() -> None:
    from secondstory.index.lines import HIGHLIGHT, snippet_line
    from secondstory.index.search import MARK_END, MARK_START

    assert HIGHLIGHT == MARK_START
    lines = [
        "## Facts",
        "Consumers stopped at 09:12.",
        "",
        "Later the broker disk watermark paused them.",
    ]
    snippet = f"Consumers stopped at 09:12. Later the broker disk {MARK_START}watermark{MARK_END} paused them."
    assert snippet_line(lines, 1, snippet) == 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("after:2024-13", "after:2024-13 is not a date: there is no month 13"),
        ("after:2024-00-10", "after:2024-00-10 is not a date: there is no month 00"),
        ("after:2024-02-30", "after:2024-02-30 is not a date: 2024-02 has no day 30"),
        ("before:2023-02-29", "before:2023-02-29 is not a date: 2023-02 has no day 29"),
        ("before:0000", "before:0000 is not a date: there is no year 0000"),
    ],
)
def test_search_filter_date_not_in_the_calendar_is_refused(query: str, message: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        parse_query(query)
    name = query.partition(":")[0]
    assert (excinfo.value.message, excinfo.value.hint) == (
        message,
        f"write {name}:YYYY, {name}:YYYY-MM or {name}:YYYY-MM-DD",
    )


def test_search_filter_dates_of_the_calendar_are_kept() -> None:
    query = parse_query("after:2024-02-29 before:2025-12")
    assert (query.after, query.before) == ("2024-02-29", "2025-12")
