"""`secondstory import slack`: a Slack export's channel into a postmortem's timeline."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import FORMAT_OPTION, library_from
from secondstory.importers.timeline_cli import report_outcomes


def parse_when(value: str | None, zone: tzinfo, option: str, end: bool = False) -> datetime | None:
    """An ISO 8601 time (the library's zone when it has no offset) or a day (YYYY-MM-DD)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a time like 2025-03-14T09:00 or a day like 2025-03-14",
            param_hint=option,
        ) from None
    if len(value.strip()) == 10 and end:
        moment += timedelta(days=1)  # --until DAY includes that whole day
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


@click.command(
    "slack",
    epilog=examples(
        "secondstory import slack slack-export --channel inc-checkout \\",
        "    --to 2025-07-29-search-nodes-disk-full --dry-run",
        "secondstory import slack slack-export --channel inc-checkout \\",
        "    --to 2025-07-29-search-nodes-disk-full --pinned --reaction pushpin \\",
        "    --workspace https://larkspur.slack.com --commit",
        "secondstory import slack slack-export.zip --channel inc-checkout \\",
        "    --to 2025-07-29-search-nodes-disk-full --since 2025-06-03T09:00 --until 2025-06-03",
    ),
)
@click.argument("export_dir", type=click.Path(path_type=Path))
@click.option("--channel", required=True, help="The channel's name, e.g. inc-checkout.")
@click.option("--to", "target", required=True, help="The postmortem to add the entries to.")
@click.option("--pinned", is_flag=True, help="Only pinned messages (or-ed with --reaction).")
@click.option(
    "--reaction", "reactions", multiple=True, help="Only messages with this reaction (repeatable)."
)
@click.option(
    "--since", default=None, help="Only messages at or after this time (ISO 8601 or a day)."
)
@click.option("--until", default=None, help="Only messages before this time (a day counts whole).")
@click.option(
    "--workspace", default="", help="Workspace URL for permalinks, e.g. https://acme.slack.com."
)
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the changed files with git.")
@FORMAT_OPTION
@click.pass_context
def slack_command(
    ctx: click.Context,
    export_dir: Path,
    channel: str,
    target: str,
    pinned: bool,
    reactions: tuple[str, ...],
    since: str | None,
    until: str | None,
    workspace: str,
    dry_run: bool,
    do_commit: bool,
    output_format: str,
) -> None:
    """Add the messages of one channel of a Slack export (EXPORT_DIR) to a timeline.

    Each message becomes an entry known at the time, citing slack:#CHANNEL/TS and its
    permalink when the workspace URL is given (or set as [import.slack] workspace).
    """
    from secondstory.importers.timeline_run import RunOptions, run_import, slack_reader

    library = library_from(ctx)
    read = slack_reader(library, channel, pinned, tuple(r.strip(":") for r in reactions), workspace)
    read.options.since = parse_when(since, read.options.zone, "--since")
    read.options.until = parse_when(until, read.options.zone, "--until", end=True)
    options = RunOptions(target, dry_run, do_commit)
    outcomes = run_import(library, [export_dir], read, options)
    sys.exit(report_outcomes(outcomes, output_format))
