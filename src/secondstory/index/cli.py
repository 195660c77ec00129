"""Commands: `secondstory index`, `search`, `similar` (thin: parse, call one function, print)."""

from __future__ import annotations

import sys

import click

from secondstory.cli.help import examples
from secondstory.cli.output import (
    FORMAT_OPTION,
    echo_json,
    jobs_option,
    library_from,
    progress_bar,
    progress_option,
)
from secondstory.index.build import SyncReport, build_index, open_synced
from secondstory.index.query import check_similar_args
from secondstory.index.search import SearchResult, render_snippet, search
from secondstory.index.similar import Match, find_similar
from secondstory.plural import plural

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def warn(notices: list[str] | tuple[str, ...]) -> None:
    for notice in notices:
        click.echo(f"secondstory: warning: {notice}", err=True)


@click.command(
    "index",
    epilog=examples(
        "secondstory index",
        "secondstory index --rebuild --progress",
        "secondstory index -j 4 --format json",
    ),
)
@click.option("--rebuild", is_flag=True, help="Delete the index and build it again from the files.")
@progress_option("")
@jobs_option("one per core, at most 8, for 200 or more postmortems to load; else 1")
@FORMAT_OPTION
@click.pass_context
def index_command(
    ctx: click.Context, rebuild: bool, progress: bool | None, jobs: int | None, output_format: str
) -> None:
    """Build or update the search index (.secondstory/index.sqlite, a cache)."""
    library = library_from(ctx)
    show = sys.stderr.isatty() if progress is None else progress
    report = build_index(
        library, rebuild=rebuild, progress=progress_bar(show, "indexing"), jobs=jobs
    )
    warn(report.notices)
    if output_format == "json":
        echo_json(report.to_json())
        return
    click.echo(_summary(report))
    for path in report.unreadable:
        click.echo(f"  not indexed (postmortem.md unusable, see 'secondstory validate'): {path}")


def _summary(report: SyncReport) -> str:
    return (
        f"indexed {plural(report.total, 'postmortem')} in {report.seconds:.2f} s: "
        f"{len(report.added)} added, "
        f"{len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged"
    )


@click.command(
    "search",
    epilog=examples(
        "secondstory search certificate renewal",
        "secondstory search service:checkout after:2024-06 severity:SEV1",
        "secondstory search '\"replica lag\"' factor:technical before:2026",
        "secondstory search disk tag:disk-full status:published --limit 5 --format json",
    ),
)
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many results.",
)
@FORMAT_OPTION
@click.pass_context
def search_command(
    ctx: click.Context, query: tuple[str, ...], limit: int, output_format: str
) -> None:
    """Search the library: words, "quoted phrases" and field filters.

    Words must all be in one section. The same filter twice matches either value;
    different filters must all match; values match in any case.

    \b
    Filters:
      service:NAME    postmortems listing that service
      tag:NAME        postmortems with that tag
      severity:SEV1   that severity
      status:draft    that status (draft, in-review, published)
      factor:KIND     a contributing factor of that kind (technical, process, ...)
      after:DATE      started on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD
      before:DATE     started before DATE
    """
    library = library_from(ctx)
    db, report = open_synced(library)
    try:
        result = search(db, " ".join(query), limit, library.root)
    finally:
        db.close()
    warn(report.notices)
    if output_format == "json":
        echo_json(result.to_json())
        return
    _print_hits(result, library.root.name)


def _print_hits(result: SearchResult, _: str) -> None:
    if not result.hits:
        click.echo("no postmortem matches")
        return
    if result.any_term:
        click.echo("(no single section holds every word; showing sections with any of them)")
    if result.crowded:
        click.echo(
            f"(more than {result.crowded} sections match: those with the words in a title or"
            " heading come first, then the newest; add words or filters to narrow it)"
        )
    start, end = (BOLD, RESET) if sys.stdout.isatty() else ("**", "**")
    for hit in result.hits:
        click.echo(
            f"{hit.pm_id}  {hit.title}  "
            f"[{' '.join(x for x in (hit.severity, hit.status, hit.day) if x)}]"
        )
        click.echo(f"  {hit.heading} ({hit.file}:{hit.line})")
        click.echo(f"  {' '.join(render_snippet(hit.snippet, start, end).split())}")


@click.command(
    "similar",
    epilog=examples(
        "secondstory similar 2025-07-29-search-nodes-disk-full",
        'secondstory similar --text "checkout 502s after a deploy" --limit 3',
        "secondstory similar postmortems/2025-07-29-search-nodes-disk-full/postmortem.md --format json",
    ),
)
@click.argument("target", required=False, default="")
@click.option("--text", default=None, help="Describe an incident instead of naming a postmortem.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=5, show_default=True, help="At most this many."
)
@FORMAT_OPTION
@click.pass_context
def similar_command(
    ctx: click.Context, target: str, text: str | None, limit: int, output_format: str
) -> None:
    """Past postmortems most like TARGET (an id or a path) or --text, with the reasons."""
    check_similar_args(target, text)  # before the index is brought up to date
    library = library_from(ctx)
    db, report = open_synced(library)
    try:
        matches = find_similar(library, db, target=target, text=text, limit=limit)
    finally:
        db.close()
    warn(report.notices)
    if output_format == "json":
        echo_json({"query": target or text, "similar": [m.to_json() for m in matches]})
        return
    print_matches(matches)


def compact_reasons(reasons: list[str]) -> list[str]:
    """'same mechanism: a', 'same mechanism: b' -> 'same mechanisms: a, b' (likewise families)."""
    grouped: dict[str, list[str]] = {}
    for reason in reasons:
        label, _, value = reason.partition(": ")
        grouped.setdefault(label, []).append(value)
    out = []
    for label, values in grouped.items():
        plural = (
            label + "s" if len(values) > 1 and label in ("same mechanism", "same family") else label
        )
        out.append(f"{plural}: {', '.join(values)}" if values != [""] else label)
    return out


def print_matches(matches: list[Match]) -> None:
    if not matches:
        click.echo("no similar postmortem found")
        return
    for match in matches:
        click.echo(f"{match.score:.2f}  {match.pm_id}  {match.title}")
        for reason in compact_reasons(match.reasons):
            click.echo(f"      {reason}")
        for passage in match.passages:
            click.echo(f"      > {passage.text}  ({passage.file}:{passage.line})")
