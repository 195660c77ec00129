"""`secondstory patterns`: print what recurs; optionally write a chart."""

from __future__ import annotations

from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import FORMAT_OPTION, echo_json, library_from
from secondstory.index.build import open_synced
from secondstory.index.cli import warn
from secondstory.index.extract import vocabulary_for
from secondstory.index.query import partial_date
from secondstory.insights.patterns import Patterns, Recurring, find_patterns
from secondstory.insights.svg_charts import Panel, check_chart_path, write_chart
from secondstory.plural import plural


def patterns_panels(patterns: Patterns) -> list[Panel]:
    def bars(items: list[Recurring]) -> list[tuple[str, int]]:
        return [
            (r.label or r.name if r.name.startswith("class ") else r.name, r.count) for r in items
        ]

    return [
        Panel(f"Incidents per {patterns.period}", list(patterns.periods.items())),
        Panel("Contributing-factor kinds (incidents)", bars(patterns.factor_kinds)),
        Panel("Services (incidents)", bars(patterns.services)),
        Panel("Tags (incidents)", bars(patterns.tags)),
        Panel("Themes in the Surprises sections (incidents)", bars(patterns.surprise_themes)),
        Panel(
            "Failure mechanisms (incidents)",
            [(r.label or r.name, r.count) for r in patterns.mechanisms],
        ),
        Panel("Classes of similar incidents (incidents)", bars(patterns.classes)),
    ]


def _print_group(title: str, items: list[Recurring], unit: str) -> None:
    click.echo(f"\n{title}")
    if not items:
        click.echo("  (nothing recurs)")
    for item in items:
        name = f"{item.name}: {item.label}" if item.label else item.name
        span = f"{item.first} .. {item.last}" if item.first else "undated"
        click.echo(f"  {item.count:5}  {name}  ({span})")
        trend = ", ".join(f"{p} {n}" for p, n in item.by_period.items())
        click.echo(f"         per {unit}: {trend}")
        shown = ", ".join(i.pm_id for i in item.incidents[-3:])
        more = f" and {item.count - 3} more" if item.count > 3 else ""
        click.echo(f"         latest: {shown}{more}")


def print_patterns(patterns: Patterns) -> None:
    per_period = ", ".join(f"{p} {n}" for p, n in patterns.periods.items())
    click.echo(
        f"{plural(patterns.total, 'postmortem')}; incidents per {patterns.period}: {per_period}"
        if per_period
        else f"{plural(patterns.total, 'postmortem')}"
        + ("" if patterns.total else " (write one with 'secondstory new TITLE')")
    )
    for title, items in (
        ("Contributing-factor kinds", patterns.factor_kinds),
        ("Services", patterns.services),
        ("Tags", patterns.tags),
        ("Themes in the Surprises sections", patterns.surprise_themes),
        ("Failure mechanisms (the dominant one of each incident)", patterns.mechanisms),
        ("Classes of similar incidents", patterns.classes),
    ):
        _print_group(title, items, patterns.period)


@click.command(
    "patterns",
    epilog=examples(
        "secondstory patterns",
        "secondstory patterns --since 2025-06 --top 5",
        "secondstory patterns --chart patterns.svg --format json",
    ),
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="At most this many of each.",
)
@click.option(
    "--since",
    default="",
    help="Only incidents on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option(
    "--chart",
    "chart",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the patterns as a chart: PATH.svg (or PATH.png with Pillow installed).",
)
@FORMAT_OPTION
@click.pass_context
def patterns_command(
    ctx: click.Context, top: int, since: str, chart: Path | None, output_format: str
) -> None:
    """What recurs across the library and over time.

    Contributing-factor kinds, services, tags, Surprises themes and classes of similar incidents.
    """
    library = library_from(ctx)
    if since:
        partial_date(f"--since {since}", since, "--since ")
    if chart is not None:
        check_chart_path(chart)
    db, report = open_synced(library)
    try:
        names = {m.id: m.name for m in vocabulary_for(library.root).mechanisms.values()}
        patterns = find_patterns(db.conn, top=top, since=since, names=names)
    finally:
        db.close()
    warn(report.notices)
    if chart is not None:
        write_chart(chart, f"Patterns in {library.name}", patterns_panels(patterns))
    if output_format == "json":
        echo_json(patterns.to_json())
    else:
        print_patterns(patterns)
    if chart is not None:
        click.echo(f"chart written to {chart}", err=True)
