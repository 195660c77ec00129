"""`secondstory import pagerduty`: PagerDuty postmortem exports and incident log entries."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import FORMAT_OPTION, library_from
from secondstory.importers.timeline_cli import report_outcomes


@click.command(
    "pagerduty",
    epilog=examples(
        "secondstory import pagerduty postmortem-export.txt --dry-run",
        "secondstory import pagerduty exports/*.txt --timezone Europe/Amsterdam --commit",
        "secondstory import pagerduty log_entries.json --to 2025-07-29-search-nodes-disk-full \\",
        "    --notifications",
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--to", "target", default="", help="Merge into this postmortem (default: create one per file)."
)
@click.option("--notifications", is_flag=True, help="Keep notify_log_entry entries from log JSON.")
@click.option(
    "--timezone",
    default="",
    help="Zone for exports that do not state one (default: the library's).",
)
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the written files with git.")
@FORMAT_OPTION
@click.pass_context
def pagerduty_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    target: str,
    notifications: bool,
    timezone: str,
    dry_run: bool,
    do_commit: bool,
    output_format: str,
) -> None:
    """Import PagerDuty postmortem exports (the PDF's text) or log-entries JSON (FILES).

    Each file becomes a new postmortem, or with --to ID is merged into that one's timeline,
    action items and empty timestamps. Entries already imported are not added twice.
    """
    from secondstory.importers.timeline_run import RunOptions, read_pagerduty, run_import

    library = library_from(ctx)
    options = RunOptions(target, dry_run, do_commit, notifications, timezone)
    outcomes = run_import(library, list(files), read_pagerduty, options)
    sys.exit(report_outcomes(outcomes, output_format))
