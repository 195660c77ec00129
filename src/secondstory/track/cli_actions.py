"""`secondstory actions`, `secondstory outcomes`, `secondstory digest`: thin commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from secondstory.cli.help import examples
from secondstory.cli.output import (
    Choice,
    Choices,
    echo_json,
    library_from,
    split_choices,
    warn_library_errors,
)
from secondstory.errors import NotFound
from secondstory.model.fields import ACTION_KINDS, ACTION_STATUSES
from secondstory.model.records import Postmortem
from secondstory.store.catalog import load_catalog
from secondstory.store.files import check_output_path, write_output
from secondstory.store.library import Library
from secondstory.track import exports
from secondstory.track.actions import (
    ActionFilter,
    TrackedAction,
    collect_actions,
    filter_actions,
)
from secondstory.track.charts_svg import outcomes_svg
from secondstory.track.digest import build_digest, parse_since, render_digest
from secondstory.track.load import load_tracking_set
from secondstory.track.outcomes import GROUPINGS, build_outcomes
from secondstory.track.outcomes_render import outcomes_to_dict, render_outcomes
from secondstory.track.report import build_report, render_report, report_to_dict
from secondstory.track.settings import TrackSettings, track_settings

F = TypeVar("F", bound=Callable[..., Any])


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date; write YYYY-MM-DD", param_hint="--today"
        ) from None


TODAY_OPTION = click.option(
    "--today", "today", default=None, hidden=True, help="Pretend today is YYYY-MM-DD."
)


def filter_options(func: F) -> F:
    options = [
        click.option("--owner", default="", help="Only items owned by this person."),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=Choices(ACTION_STATUSES),
            callback=split_choices,
            help="Only items with this status (repeatable or comma-separated).",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=Choices(ACTION_KINDS),
            callback=split_choices,
            help="Only items of this kind (repeatable or comma-separated).",
        ),
        click.option("--postmortem", default="", help="Only the items of this postmortem."),
        click.option("--overdue", is_flag=True, help="Only open items past their due date."),
        click.option("--unverified", is_flag=True, help="Only items done but not verified."),
        click.option(
            "--due-within",
            "due_within",
            type=click.IntRange(min=0),
            default=None,
            help="Only open items due in the next N days.",
        ),
        TODAY_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _postmortems(library: Library, full: bool = False) -> list[Postmortem]:
    """The library's postmortems: all of each (full) or just what tracking reads."""
    loaded = load_catalog(library) if full else load_tracking_set(library)
    warn_library_errors(len(loaded.errors), "items")
    return loaded.postmortems


def _outcome_tags(library: Library) -> list[str]:
    """[track] outcome_tags: the tags that name classes of incident (all tags when unset)."""
    configured = library.section("track").get("outcome_tags", [])
    return [str(tag) for tag in configured] if isinstance(configured, list) else []


def _check_output(output: str | None) -> None:
    """Refuse, before any work, an output file whose folder does not exist."""
    if output and output != "-":
        check_output_path(Path(output))


def _emit(text: str, output: str | None) -> None:
    if output and output != "-":
        write_output(Path(output), text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _selected(
    ctx: click.Context, kwargs: dict[str, Any]
) -> tuple[Library, list[TrackedAction], date]:
    """The library, the items the filter options choose, and today."""
    library = library_from(ctx)
    today = parse_today(kwargs.pop("today"))
    chosen = ActionFilter(**kwargs)
    postmortems = _postmortems(library)
    wanted = kwargs.get("postmortem") or ""
    if wanted and all(pm.id != wanted for pm in postmortems):
        raise NotFound(f"no postmortem '{wanted}'", hint="see 'secondstory list' for the ids")
    team_words = _settings(library).team_words
    actions = filter_actions(collect_actions(postmortems, team_words), chosen, today)
    return library, actions, today


def _settings(library: Library) -> TrackSettings:
    """The window and team words, with a warning on stderr when [review] is broken."""
    settings = track_settings(library)
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return settings


@click.group(
    "actions",
    invoke_without_command=True,
    epilog=examples(
        "secondstory actions --overdue",
        'secondstory actions --owner "Tom Okafor" --status open --format csv',
        "secondstory actions --postmortem 2025-07-29-search-nodes-disk-full --format json",
        "secondstory actions report",
        "secondstory actions export --to ics -o actions.ics",
    ),
)
@filter_options
@click.option(
    "--format",
    "output_format",
    type=Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def actions_group(ctx: click.Context, /, output_format: str, **kwargs: Any) -> None:
    """List the action items of the whole library, with filters.

    Subcommands: `report` (the honest report) and `export` (iCalendar, Jira CSV, JSON).
    """
    if ctx.invoked_subcommand is not None:
        return
    library, actions, today = _selected(ctx, kwargs)
    if output_format == "json":
        click.echo(exports.to_json(actions, today, library.root), nl=False)
    elif output_format == "csv":
        click.echo(exports.to_csv(actions), nl=False)
    else:
        click.echo(exports.to_table(actions, today), nl=False)


@actions_group.command(
    "report",
    epilog=examples(
        "secondstory actions report",
        "secondstory actions report --last 5 --format json",
    ),
)
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=None,
    help="Only the last N postmortems (by review date).",
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@TODAY_OPTION
@click.pass_context
def report_command(
    ctx: click.Context, last: int | None, output_format: str, today: str | None
) -> None:
    """How many items are closed, verified, and open in good shape; and which."""
    library = library_from(ctx)
    settings = _settings(library)
    postmortems = _postmortems(library)
    report = build_report(
        postmortems, parse_today(today), last, settings.window_days, settings.team_words
    )
    if output_format == "json":
        echo_json(report_to_dict(report))
    else:
        click.echo(render_report(report), nl=False)


@actions_group.command(
    "export",
    epilog=examples(
        "secondstory actions export --to ics -o actions.ics",
        "secondstory actions export --to ics --closed -o all-actions.ics",
        "secondstory actions export --to jira --status open -o jira.csv",
        'secondstory actions export --to csv --owner "Tom Okafor" --overdue',
        "secondstory actions export --to json --postmortem 2025-07-29-search-nodes-disk-full",
    ),
)
@click.option(
    "--to",
    "target",
    type=Choice(["ics", "jira", "json", "csv"]),
    required=True,
    help="ics: calendar of due dates; jira: CSV for Jira's importer; json; csv.",
)
@click.option("-o", "--output", default=None, help="Write to this file (default: standard output).")
@click.option(
    "--closed",
    "include_closed",
    is_flag=True,
    help="ics: also closed and dropped items, as cancelled events.",
)
@filter_options
@click.pass_context
def export_command(
    ctx: click.Context, /, target: str, output: str | None, include_closed: bool, **kwargs: Any
) -> None:
    """Export action items (with the same filters as `secondstory actions`)."""
    _check_output(output)
    library, actions, today = _selected(ctx, kwargs)
    if target == "ics":
        text = exports.to_ics(library.name, actions, datetime.now(UTC), include_closed)
    elif target == "jira":
        users = library.section("track").get("jira_users", {})
        text = exports.to_jira_csv(actions, users if isinstance(users, dict) else {})
    elif target == "json":
        text = exports.to_json(actions, today, library.root)
    else:
        text = exports.to_csv(actions)
    _emit(text, output)


@click.command(
    "outcomes",
    epilog=examples(
        "secondstory outcomes",
        "secondstory outcomes --by service --format json",
        "secondstory outcomes --class disk-full --chart disk-full.svg",
    ),
)
@click.option(
    "--by",
    type=Choice(GROUPINGS),
    default="tag",
    show_default=True,
    help="What makes a class of incident.",
)
@click.option("--class", "only", default="", help="Only this class.")
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--chart", default=None, help="Also write an SVG chart to this file.")
@click.pass_context
def outcomes_command(
    ctx: click.Context, by: str, only: str, output_format: str, chart: str | None
) -> None:
    """Does each class of incident recur, and does each recurrence go better?"""
    _check_output(chart)
    library = library_from(ctx)
    classes = _outcome_tags(library) if by == "tag" else []
    postmortems = _postmortems(library, full=by == "mechanism")
    outcomes = build_outcomes(postmortems, by, only, library=library, classes=classes)
    if chart:
        write_output(
            Path(chart), outcomes_svg(outcomes, f"{library.name}: recurring incidents by {by}")
        )
        click.echo(f"wrote {chart}", err=True)
    if output_format == "json":
        echo_json(outcomes_to_dict(outcomes))
    else:
        click.echo(render_outcomes(outcomes), nl=False)


@click.command(
    "digest",
    epilog=examples(
        "secondstory digest",
        "secondstory digest --since 2w -o digest.md",
        "secondstory digest --since 2025-06-01",
    ),
)
@click.option(
    "--since", default="7d", show_default=True, help="Window: 7d, 2w, or a date YYYY-MM-DD."
)
@click.option("-o", "--output", default=None, help="Write to this file (default: standard output).")
@TODAY_OPTION
@click.pass_context
def digest_command(ctx: click.Context, since: str, output: str | None, today: str | None) -> None:
    """A Markdown digest for a team channel: new, overdue, recurring, and one anniversary."""
    _check_output(output)
    library = library_from(ctx)
    day = parse_today(today)
    postmortems = _postmortems(library)
    since_day = parse_since(since, day)
    digest = build_digest(library.name, postmortems, day, since_day, _outcome_tags(library))
    paths = {
        pm.id: (pm.directory / "postmortem.md").relative_to(library.root).as_posix()
        for pm in postmortems
    }
    _emit(render_digest(digest, paths), output)
