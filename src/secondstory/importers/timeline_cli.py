"""Printing the outcomes of a timeline import (shared by the Slack and PagerDuty commands)."""

from __future__ import annotations

import click

from secondstory.cli.output import echo_json
from secondstory.importers.timeline_run import Outcome
from secondstory.plural import plural


def describe(outcome: Outcome) -> list[str]:
    result = outcome.result
    if result is None:
        return [f"{outcome.status}: {outcome.reason}"]
    counts = (
        f"{plural(len(result.timeline), 'timeline entry')}, "
        f"{plural(len(result.actions), 'action item')}"
    )
    stamps = ", ".join(result.timestamps()) or "no timestamps"
    where = outcome.directory.name if outcome.directory else ""
    if outcome.status == "merged" and outcome.merge is not None:
        merge = outcome.merge
        lines = [
            f"merged {outcome.source} into {where}: {plural(merge.added, 'entry')} added, "
            f"{merge.duplicates} already there; {plural(merge.actions_added, 'action item')} added"
        ]
        if merge.timestamps_set:
            lines.append(f"  set: {', '.join(merge.timestamps_set)}")
        for name, why in merge.timestamps_out_of_order.items():
            lines.append(f"  not set: {name}: {why}")
        for name, value in merge.timestamps_kept.items():
            lines.append(
                f"  kept your {name} ({value}); the import says {getattr(result, name).isoformat()}"
            )
    elif outcome.status == "created":
        lines = [f"created {where} from {outcome.source}: {counts}; {stamps}"]
    elif outcome.status == "checked":
        lines = [f"checked {outcome.source}: {counts}; {stamps} (dry run, nothing written)"]
        if outcome.merge is not None:
            lines.append(
                f"  would add {plural(outcome.merge.added, 'entry')} to {where}; "
                f"{outcome.merge.duplicates} already there"
            )
    else:
        lines = [f"{outcome.status}: {outcome.reason}"]
    lines += [f"  warning: {w}" for w in result.warnings]
    return lines


def report_outcomes(outcomes: list[Outcome], output_format: str) -> int:
    """Print every outcome; return the exit code (the worst of them)."""
    if output_format == "json":
        echo_json([o.as_dict() for o in outcomes])
    else:
        for outcome in outcomes:
            for line in describe(outcome):
                click.echo(line, err=line.startswith(("refused", "unreadable", "failed")))
    return max((o.exit_code for o in outcomes), default=0)
