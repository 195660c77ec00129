"""Edits of the structured parts: `factor add`, `timeline add`, `participant add`, `set`."""

from __future__ import annotations

from datetime import datetime

import click

from secondstory.cli.help import examples
from secondstory.cli.output import Choice, commit_note, committed, library_from, warn
from secondstory.model.fields import FACTOR_KINDS, KNOWN, PHASES
from secondstory.model.records import TimelineEntry
from secondstory.store import git
from secondstory.store.edits import (
    add_factor,
    add_participant,
    add_timeline_entry,
    set_field,
)


@click.group(
    "factor",
    epilog=examples(
        "secondstory factor add 2025-07-29-search-nodes-disk-full --kind process \\",
        '    --summary "No disk check before a reindex"',
    ),
)
def factor_group() -> None:
    """Contributing factors: several, of several kinds; conditions, not culprits."""


@factor_group.command(
    "add",
    epilog=examples(
        "secondstory factor add 2025-07-29-search-nodes-disk-full --kind process \\",
        '    --summary "The reindex procedure checked no free disk space" --phase trigger',
        "secondstory factor add 2025-07-29-search-nodes-disk-full --kind timing \\",
        '    --summary "It ran at peak" --commit',
    ),
)
@click.argument("postmortem_id")
@click.option("--kind", required=True, type=Choice(FACTOR_KINDS), help="What kind of condition.")
@click.option("--summary", required=True, help="The condition, stated as a condition.")
@click.option("--phase", type=Choice(PHASES), default=None, help="The phase it affected most.")
@click.option("--id", "factor_id", default="", help="Id to use (default: the next F<n>).")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def factor_add_command(
    ctx: click.Context,
    postmortem_id: str,
    kind: str,
    summary: str,
    phase: str | None,
    factor_id: str,
    do_commit: bool,
) -> None:
    """Add a contributing factor to POSTMORTEM_ID; prints its id.

    Warns of blame and hindsight in the summary as lint would (state a condition, not a
    culprit); the factor is added all the same.
    """
    library = library_from(ctx)
    added = add_factor(library, postmortem_id, kind, summary, phase or "", factor_id)
    warn(added.warnings)
    if do_commit:
        message = f"{postmortem_id}: add factor {added.factor_id}"
        committed(git.commit([added.path], message, library.root))
    click.echo(f"{postmortem_id}/{added.factor_id}")


def _time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not ISO 8601, e.g. 2025-03-14T09:20:00+01:00", param_hint="--time"
        ) from None


@click.group(
    "timeline",
    epilog=examples(
        "secondstory timeline add 2025-07-29-search-nodes-disk-full --time 2025-07-29T11:25:00+02:00 \\",
        '    --event "Errors rose"',
    ),
)
def timeline_group() -> None:
    """The timeline: what happened, who or what acted, known then or learned later."""


@timeline_group.command(
    "add",
    epilog=examples(
        "secondstory timeline add 2025-07-29-search-nodes-disk-full --time 2025-07-29T11:25:00+02:00 \\",
        '    --event "Indexer write errors rose" --actor indexer --known then --phase detection',
        "secondstory timeline add 2025-07-29-search-nodes-disk-full --time 2025-07-29T11:31:00+02:00 \\",
        '    --event "Paged the search on-call" --source "slack:#inc-search/1753781460.000100"',
    ),
)
@click.argument("postmortem_id")
@click.option("--time", "when", required=True, help="When, ISO 8601 with UTC offset.")
@click.option("--event", required=True, help="What happened or was done.")
@click.option("--actor", default="", help="A participant or a system.")
@click.option("--outcome", default="", help="What effect followed.")
@click.option("--expectation", default="", help="What the actor expected.")
@click.option("--assumption", default="", help="What the actor assumed at the time.")
@click.option(
    "--known",
    type=Choice(KNOWN),
    default=None,
    help="then: known at the time; later: learned in review.",
)
@click.option("--phase", type=Choice(PHASES), default=None, help="Phase of the incident.")
@click.option(
    "--source", default="", help="Where it is recorded: link, chat message, log, account."
)
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def timeline_add_command(
    ctx: click.Context,
    postmortem_id: str,
    when: str,
    event: str,
    actor: str,
    outcome: str,
    expectation: str,
    assumption: str,
    known: str | None,
    phase: str | None,
    source: str,
    do_commit: bool,
) -> None:
    """Insert a timeline entry into POSTMORTEM_ID at its place in time order."""
    library = library_from(ctx)
    entry = TimelineEntry(
        time=_time(when),
        actor=actor,
        event=event,
        outcome=outcome,
        expectation=expectation,
        assumption=assumption,
        known=known or "",
        phase=phase or "",
        source=source,
    )
    path, position = add_timeline_entry(library, postmortem_id, entry)
    commit = ""
    if do_commit:
        commit = git.commit([path], f"{postmortem_id}: timeline entry at {when}", library.root)
    click.echo(f"{postmortem_id}: timeline entry {position}{commit_note(commit)}")


@click.group(
    "participant",
    epilog=examples(
        'secondstory participant add 2025-07-29-search-nodes-disk-full "Sam Lee" \\',
        '    --role "search on-call"',
    ),
)
def participant_group() -> None:
    """The people who took part: action owners and account authors must be among them."""


@participant_group.command(
    "add",
    epilog=examples(
        'secondstory participant add 2025-07-29-search-nodes-disk-full "Sam Lee" \\',
        '    --role "search on-call"',
        'secondstory participant add 2025-07-29-search-nodes-disk-full "Sam Lee" --commit',
    ),
)
@click.argument("postmortem_id")
@click.argument("name")
@click.option("--role", default="", help="Their role in the incident or the review.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def participant_add_command(
    ctx: click.Context, postmortem_id: str, name: str, role: str, do_commit: bool
) -> None:
    """Add NAME to the participants of POSTMORTEM_ID (only the new lines are written)."""
    library = library_from(ctx)
    added = add_participant(library, postmortem_id, name, role)
    warn(added.warnings)
    if not added.added:
        click.echo(f"{postmortem_id}: nothing changed: {name.strip()} is already a participant")
        return
    commit = ""
    if do_commit:
        message = f"{postmortem_id}: add participant {name.strip()}"
        commit = git.commit([added.path], message, library.root)
    click.echo(f"{postmortem_id}: participant {name.strip()} added{commit_note(commit)}")


@click.command(
    "set",
    epilog=examples(
        "secondstory set 2025-07-29-search-nodes-disk-full status in-review",
        "secondstory set 2025-07-29-search-nodes-disk-full tags disk-full,opensearch,reindex --commit",
        "secondstory set 2025-07-29-search-nodes-disk-full resolved 2025-07-29T13:05:00+02:00",
        'secondstory set 2025-07-29-search-nodes-disk-full review_date ""',
    ),
)
@click.argument("postmortem_id")
@click.argument("field")
@click.argument("value")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def set_command(
    ctx: click.Context, postmortem_id: str, field: str, value: str, do_commit: bool
) -> None:
    """Set FIELD of POSTMORTEM_ID's front matter to VALUE (lists comma-separated; "" clears).

    \b
    FIELD is one of:
      title, status, severity, facilitator, visibility
      services, tags, related                   (comma-separated lists)
      started, detected, mitigated, resolved    (ISO 8601 times with a UTC offset)
      review_date                               (YYYY-MM-DD)

    The value is checked as validate would check it; nothing is written when it fails.
    Participants are added with 'secondstory participant add'.
    """
    library = library_from(ctx)
    path, warnings, changed = set_field(library, postmortem_id, field, value)
    warn(warnings)
    if not changed:
        click.echo(f"nothing changed: {postmortem_id}'s {field} is already {value!r}")
        return
    commit = ""
    if do_commit:
        commit = git.commit([path], f"{postmortem_id}: set {field}", library.root)
    click.echo(f"{postmortem_id}: {field} = {value}{commit_note(commit)}")
