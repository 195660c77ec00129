"""Core commands: init, new, account, validate, list, show, export, schema."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import (
    FORMAT_OPTION,
    Choice,
    committed,
    echo_json,
    jobs_option,
    library_from,
    split_list,
    warn_library_errors,
)
from secondstory.errors import EXIT_PROBLEMS
from secondstory.plural import plural
from secondstory.store import git
from secondstory.store.library import Library


@click.command(
    "init",
    epilog=examples(
        "secondstory init",
        'secondstory init incidents --name "Larkspur Market"',
    ),
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default=None, help="The library's name (default: the folder name).")
def init_command(directory: Path, name: str | None) -> None:
    """Create a library in DIRECTORY (default: here); runs git init if needed."""
    from secondstory.store.writer import init_library

    result = init_library(directory, name)
    if result.git_initialised:
        click.echo(f"initialised a git repository in {result.root}")
    for path in result.created:
        click.echo(f"created {path.relative_to(result.root)}")
    click.echo('next: secondstory new "What happened, neutrally"')


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not ISO 8601, e.g. 2025-03-14T09:02:00+01:00", param_hint="--started"
        ) from None


@click.command(
    "new",
    epilog=examples(
        'secondstory new "Search index went read-only during a reindex" --severity SEV3 \\',
        "    --service search,inventory --tag disk-full --started 2025-07-29T11:20:00+02:00",
        'secondstory new "Checkout unreachable" --facilitator "Priya Raman" --commit',
    ),
)
@click.argument("title")
@click.option("--severity", default="", help="Severity level (see [library] severities).")
@click.option(
    "--service", "services", multiple=True, help="Affected service (repeatable or comma-separated)."
)
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable or comma-separated).")
@click.option("--started", default=None, help="When it began, ISO 8601 with offset.")
@click.option("--facilitator", default="", help="Who facilitates the review.")
@click.option("--id", "pm_id", default="", help="Id to use (default: DATE-title-words).")
@click.option("--no-similar", is_flag=True, help="Do not look for similar past incidents.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the new files with git.")
@click.pass_context
def new_command(
    ctx: click.Context,
    title: str,
    severity: str,
    services: tuple[str, ...],
    tags: tuple[str, ...],
    started: str | None,
    facilitator: str,
    pm_id: str,
    no_similar: bool,
    do_commit: bool,
) -> None:
    """Start a new postmortem titled TITLE; prints the path of its main document.

    Similar past incidents (by title, services and tags) are offered in its Systemic
    section, as a comment to keep or delete.
    """
    from secondstory.store.writer import NewPostmortem, new_postmortem

    library = library_from(ctx)
    taken = {d.name for d in library.postmortem_dirs()}
    spec = NewPostmortem(
        title,
        severity,
        split_list(services),
        split_list(tags),
        _parse_time(started),
        facilitator,
        pm_id=pm_id,
    )
    path = new_postmortem(library, spec, taken)
    if not no_similar:
        _offer_similar(library, path)
    if do_commit:
        committed(git.commit([path.parent], f"{path.parent.name}: new postmortem", library.root))
    click.echo(path)


SIMILAR_WITHOUT_INDEX = 500


def _offer_similar(library: Library, main: Path) -> None:
    """Offer similar incidents; skipped (with a hint) for large libraries without an index."""
    from secondstory.index.db import index_path
    from secondstory.index.similar import suggest_similar, suggestion_lines
    from secondstory.store.loader import load_postmortem
    from secondstory.store.writer import offer_similar

    if not index_path(library).exists() and len(library.postmortem_dirs()) > SIMILAR_WITHOUT_INDEX:
        click.echo("hint: run 'secondstory index' to have similar incidents offered", err=True)
        return
    pm = load_postmortem(main.parent, library.root).postmortem
    if pm is None:
        return
    matches = suggest_similar(library, pm, limit=5)
    matches = [m for m in matches if m.score >= matches[0].score / 2] if matches else []
    if offer_similar(main, suggestion_lines(matches)):
        click.echo(
            f"offered {plural(len(matches), 'similar past incident')} in its Systemic section",
            err=True,
        )


@click.group(
    "account",
    epilog=examples(
        'secondstory account add 2025-07-01-internal-dns-resolver-outage --author "Priya Raman" \\',
        "    --role facilitator",
    ),
)
def account_group() -> None:
    """Responders' own accounts: one file per person, so stories never collide."""


@account_group.command(
    "add",
    epilog=examples(
        'secondstory account add 2025-07-01-internal-dns-resolver-outage --author "Priya Raman" \\',
        "    --role facilitator",
        'secondstory account add 2025-08-12-payment-provider-webhook-outage --author "Priya Raman" \\',
        "    --commit",
    ),
)
@click.argument("postmortem_id")
@click.option("--author", required=True, help="Whose account it is (a participant).")
@click.option("--role", default="", help="Their role during the incident.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the new file with git.")
@click.pass_context
def account_add_command(
    ctx: click.Context, postmortem_id: str, author: str, role: str, do_commit: bool
) -> None:
    """Create accounts/AUTHOR.md in POSTMORTEM_ID for AUTHOR to write; prints its path."""
    from secondstory.store.writer import add_account, find_postmortem_dir

    library = library_from(ctx)
    folder = find_postmortem_dir(library, postmortem_id)
    path = add_account(folder, library, author, role)
    if do_commit:  # the account and the participant it added
        main = folder / "postmortem.md"
        committed(git.commit([path, main], f"{postmortem_id}: account of {author}", library.root))
    click.echo(path)


@click.command(
    "validate",
    epilog=examples(
        "secondstory validate",
        "secondstory validate postmortems/2025-07-29-search-nodes-disk-full",
        "secondstory validate --strict --format json",
        "secondstory validate -j 0 --no-cache",
    ),
)
@click.argument(
    "paths", nargs=-1, type=click.Path(path_type=Path, readable=False)
)  # unreadable: reported
@FORMAT_OPTION
@jobs_option("one per core, at most 8, for 400 or more postmortems to check; else 1")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True, help="Check every postmortem, even unchanged ones.")
@click.pass_context
def validate_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    jobs: int | None,
    strict: bool,
    no_cache: bool,
) -> None:
    """Check postmortems (all, or those under PATHS) against the format.

    Prints file:line:column: severity CODE message. Exit 0 when valid, 1 when not,
    2 on usage errors, 3 when a named path does not exist.
    """
    from secondstory.store.catalog import validate_library

    library = library_from(ctx)
    _check_paths(paths)
    problems = validate_library(library, paths, jobs, use_cache=not no_cache)
    failing = [p for p in problems if p.severity == "error" or strict]
    if output_format == "json":
        echo_json(
            {
                "version": 1,
                "valid": not failing,
                "problems": [p.to_json(library.root) for p in problems],
            }
        )
    else:
        for problem in problems:
            click.echo(problem.render(Path.cwd() if _under_cwd(library) else library.root))
        count = len(library.postmortem_dirs()) if not paths else len(paths)
        click.echo(
            f"{plural(len(failing), 'error')}, {plural(len(problems) - len(failing), 'warning')} "
            f"in {plural(count, 'postmortem')}",
            err=True,
        )
    if failing:
        sys.exit(EXIT_PROBLEMS)


def _under_cwd(library: Library) -> bool:
    return library.root.resolve().is_relative_to(Path.cwd().resolve())


def _check_paths(paths: tuple[Path, ...]) -> None:
    from secondstory.errors import FileProblem
    from secondstory.store.files import present

    for path in paths:
        if not present(path):  # one that cannot be read is reported as such (SS001)
            raise FileProblem(
                f"{path}: no such file or folder",
                hint="name postmortem folders or files, e.g. postmortems/ID; "
                "'secondstory list' shows the ids",
            )


@click.command(
    "list",
    epilog=examples(
        "secondstory list",
        "secondstory list --severity SEV1 --since 2025-06-01",
        "secondstory list --service checkout --status published --format json",
    ),
)
@click.option("--status", default=None, help="Only this status (draft, in-review, published).")
@click.option("--severity", default=None, help="Only this severity.")
@click.option("--service", default=None, help="Only postmortems involving this service.")
@click.option("--tag", default=None, help="Only postmortems with this tag.")
@click.option("--since", default=None, help="Started on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Started on or before this date (YYYY-MM-DD).")
@FORMAT_OPTION
@click.pass_context
def list_command(
    ctx: click.Context,
    status: str | None,
    severity: str | None,
    service: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    output_format: str,
) -> None:
    """List postmortems, newest first, with filters."""
    from secondstory.store.query import Filters, list_postmortems

    library = library_from(ctx)
    filters = Filters.parse(status, severity, service, tag, since, until, library.severities)
    rows, errors = list_postmortems(library, filters)
    warn_library_errors(len(errors), "postmortems")
    if output_format == "json":
        echo_json({"version": 1, "postmortems": rows})
        return
    for row in rows:
        click.echo(
            f"{row['id']:<58} {row['status']:<10} {row['severity'] or '-':<5} {row['title']}"
        )
    click.echo(plural(len(rows), "postmortem"), err=True)


@click.command(
    "show",
    epilog=examples(
        "secondstory show 2025-07-29-search-nodes-disk-full",
        "secondstory show 2025-07-29-search-nodes-disk-full --format json",
    ),
)
@click.argument("postmortem_id")
@FORMAT_OPTION
@click.pass_context
def show_command(ctx: click.Context, postmortem_id: str, output_format: str) -> None:
    """Show one postmortem: its fields, factors, action items and accounts."""
    from secondstory.model.serialize import postmortem_to_dict
    from secondstory.store.query import get_postmortem, render_text

    library = library_from(ctx)
    pm, errors = get_postmortem(library, postmortem_id)
    for problem in errors:
        click.echo(f"warning: {problem.render(library.root)}", err=True)
    if output_format == "json":
        echo_json({"version": 1, "postmortem": postmortem_to_dict(pm, library.root)})
    else:
        click.echo(render_text(pm, library.root))


@click.command(
    "export",
    epilog=examples(
        "secondstory export",
        "secondstory export --format json -o library.json",
    ),
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["json"]),
    default="json",
    show_default=True,
    help="Export format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: standard output).",
)
@click.pass_context
def export_command(ctx: click.Context, output_format: str, output: Path | None) -> None:
    """Export the whole library as one versioned JSON document."""
    import json

    from secondstory.store.files import check_output_path, write_output
    from secondstory.store.query import export_library

    library = library_from(ctx)
    if output is not None:
        check_output_path(output)
    document, problems = export_library(library)
    for problem in problems:
        click.echo(f"warning: skipped: {problem.render(library.root)}", err=True)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        write_output(output, text + "\n")
        click.echo(
            f"wrote {plural(len(document['postmortems']), 'postmortem')} to {output}", err=True
        )


@click.command(
    "schema",
    epilog=examples(
        "secondstory schema",
        "secondstory schema --part actions > .secondstory/schema/actions.json",
    ),
)
@click.option(
    "--part",
    type=Choice(["postmortem", "timeline", "factors", "actions", "account"]),
    default="postmortem",
    show_default=True,
    help="Which file's schema.",
)
def schema_command(part: str) -> None:
    """Print the JSON Schema (draft 2020-12) of the format, for editors and CI."""
    from secondstory.model.schema import json_schema

    echo_json(json_schema(part))
