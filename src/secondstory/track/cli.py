"""`secondstory action ...`: add and edit action items."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from secondstory.cli.help import examples
from secondstory.cli.output import (
    Choice,
    commit_note,
    committed,
    library_from,
    split_list,
    warn,
)
from secondstory.model.fields import ACTION_KINDS
from secondstory.store import git
from secondstory.track.edit import NewAction, add_action


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date; write YYYY-MM-DD", param_hint=option
        ) from None


@click.group(
    "action",
    epilog=examples(
        'secondstory action add 2025-07-29-search-nodes-disk-full --what "Page at 75% disk" \\',
        '    --owner "Elif Demir"',
        "secondstory action done 2025-07-01-internal-dns-resolver-outage/A3 \\",
        '    --evidence "PR infra#212 merged"',
        "secondstory action verify 2025-07-29-search-nodes-disk-full/A2 \\",
        '    --evidence "A staging reindex was refused"',
    ),
)
def action_group() -> None:
    """Add and edit the action items of a postmortem.

    Edits change only the item concerned: comments, order and layout of everything
    else in actions.yaml stay exactly as written. Use --commit to commit the change.
    """


@action_group.command(
    "add",
    epilog=examples(
        "secondstory action add 2025-07-29-search-nodes-disk-full \\",
        '    --what "Page when a data disk passes 75%" --owner "Elif Demir" --due 2025-08-14 \\',
        '    --done-when "The alert rule is merged" \\',
        '    --verify "Fill a staging disk to 76% and see the page" --kind detect --addresses F3',
        'secondstory action add 2025-07-29-search-nodes-disk-full --what "Move search to bigger disks" \\',
        "    --project --commit",
    ),
)
@click.argument("postmortem_id")
@click.option("--what", required=True, help="What will change, concretely.")
@click.option("--owner", default="", help="One person (not a team) who owns it.")
@click.option(
    "--due",
    default=None,
    help="Due date, YYYY-MM-DD (within [review] action_window_days of the review: 14).",
)
@click.option("--done-when", "done_when", multiple=True, help="A criterion for done (repeatable).")
@click.option("--verify", default="", help="How completion will be verified to work.")
@click.option("--kind", type=Choice(ACTION_KINDS), default=None, help="What it improves.")
@click.option(
    "--addresses",
    multiple=True,
    help="Id of a contributing factor it addresses (repeatable or comma-separated).",
)
@click.option("--tracker", default="", help="Link to the ticket.")
@click.option("--project", is_flag=True, help="Work longer than two weeks, tracked apart.")
@click.option("--id", "action_id", default="", help="Id to use (default: the next A<n>).")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def add_command(
    ctx: click.Context,
    postmortem_id: str,
    what: str,
    owner: str,
    due: str | None,
    done_when: tuple[str, ...],
    verify: str,
    kind: str | None,
    addresses: tuple[str, ...],
    tracker: str,
    project: bool,
    action_id: str,
    do_commit: bool,
) -> None:
    """Add an action item to postmortem POSTMORTEM_ID; prints its id."""
    library = library_from(ctx)
    spec = NewAction(
        what,
        owner,
        parse_date(due, "--due"),
        list(done_when),
        verify,
        kind or "",
        split_list(addresses),
        tracker,
        project,
        action_id,
    )
    added = add_action(library, postmortem_id, spec)
    warn(added.warnings)
    if do_commit:
        message = f"{postmortem_id}: add action {added.action_id}: {what}"
        committed(git.commit([added.path], message, library.root))
    click.echo(f"{postmortem_id}/{added.action_id}")


# --- done / verify / drop / reassign (track.status) ------------------------------------


def _today_or(value: str | None) -> date:
    return parse_date(value, "--date") or date.today()


def _report_change(change: Any) -> None:
    warn(change.warnings)
    click.echo(f"{change.ref}: {change.summary}{commit_note(change.commit)}")


@action_group.command(
    "done",
    epilog=examples(
        "secondstory action done 2025-07-01-internal-dns-resolver-outage/A3 \\",
        '    --evidence "PR infra#212 merged"',
        'secondstory action done 2025-07-01-internal-dns-resolver-outage/A3 --evidence "Pool live" \\',
        "    --date 2025-07-16 --commit",
    ),
)
@click.argument("ref")
@click.option("--evidence", required=True, help="What shows it is done: a PR, a change, a run.")
@click.option("--date", "day", default=None, help="When (YYYY-MM-DD; default today).")
@click.option("--by", default="", help="Who records it.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def done_command(
    ctx: click.Context, ref: str, evidence: str, day: str | None, by: str, do_commit: bool
) -> None:
    """Mark action REF (POSTMORTEM_ID/A1, or A1 when unambiguous) done."""
    from secondstory.track.status import mark_done

    _report_change(mark_done(library_from(ctx), ref, evidence, _today_or(day), by, do_commit))


@action_group.command(
    "verify",
    epilog=examples(
        "secondstory action verify 2025-07-29-search-nodes-disk-full/A2 \\",
        '    --evidence "A staging reindex was refused"',
        'secondstory action verify 2025-07-29-search-nodes-disk-full/A2 --evidence "Drill" \\',
        '    --by "Elif Demir" --commit',
    ),
)
@click.argument("ref")
@click.option("--evidence", required=True, help="How you saw it work: a drill, a test, an alert.")
@click.option("--date", "day", default=None, help="When (YYYY-MM-DD; default today).")
@click.option("--by", default="", help="Who verified it.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def verify_command(
    ctx: click.Context, ref: str, evidence: str, day: str | None, by: str, do_commit: bool
) -> None:
    """Record that done action REF was verified to prevent the failure mode."""
    from secondstory.track.status import mark_verified

    _report_change(mark_verified(library_from(ctx), ref, evidence, _today_or(day), by, do_commit))


@action_group.command(
    "drop",
    epilog=examples(
        "secondstory action drop 2025-07-01-internal-dns-resolver-outage/A3 \\",
        '    --why "Batch jobs moved to a cluster of their own" --by "Priya Raman"',
    ),
)
@click.argument("ref")
@click.option("--why", required=True, help="Why it will not be done.")
@click.option("--date", "day", default=None, help="When (YYYY-MM-DD; default today).")
@click.option("--by", default="", help="Who decided.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def drop_command(
    ctx: click.Context, ref: str, why: str, day: str | None, by: str, do_commit: bool
) -> None:
    """Drop action REF, recording why."""
    from secondstory.track.status import drop_action

    _report_change(drop_action(library_from(ctx), ref, why, _today_or(day), by, do_commit))


@action_group.command(
    "reassign",
    epilog=examples(
        'secondstory action reassign 2025-07-01-internal-dns-resolver-outage/A3 --owner "Tom Okafor"',
        'secondstory action reassign 2025-07-01-internal-dns-resolver-outage/A3 --owner "Omar Haddad" \\',
        "    --due 2025-08-01",
    ),
)
@click.argument("ref")
@click.option("--owner", required=True, help="The one person who owns it now.")
@click.option("--due", default=None, help="A new due date (YYYY-MM-DD).")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the change with git.")
@click.pass_context
def reassign_command(
    ctx: click.Context, ref: str, owner: str, due: str | None, do_commit: bool
) -> None:
    """Give action REF a new owner (and optionally a new due date)."""
    from secondstory.track.status import reassign

    _report_change(reassign(library_from(ctx), ref, owner, parse_date(due, "--due"), do_commit))
