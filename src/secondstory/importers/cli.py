"""`secondstory import`: bring existing reports and incident timelines into the library."""

from __future__ import annotations

import click

from secondstory.cli import LazyGroup
from secondstory.cli.help import examples

IMPORTERS: dict[str, tuple[str, str]] = {
    "markdown": (
        "secondstory.importers.markdown_cli:markdown_command",
        "Import free-form Markdown postmortems.",
    ),
    "slack": (
        "secondstory.importers.slack_cli:slack_command",
        "Add timeline entries from a Slack export's channel.",
    ),
    "pagerduty": (
        "secondstory.importers.pagerduty_cli:pagerduty_command",
        "Import PagerDuty postmortem exports and incident log entries.",
    ),
}


@click.group(
    "import",
    cls=LazyGroup,
    lazy=IMPORTERS,
    epilog=examples(
        "secondstory import markdown old-postmortems/ --dry-run",
        "secondstory import slack slack-export --channel inc-checkout \\",
        "    --to 2025-07-29-search-nodes-disk-full",
        "secondstory import pagerduty postmortem-export.txt",
    ),
)
def import_group() -> None:
    """Import postmortems and timelines from Markdown, Slack and PagerDuty."""
