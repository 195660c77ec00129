"""`secondstory import markdown`: free-form reports (Markdown, front matter, plain text)."""

from __future__ import annotations

from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import FORMAT_OPTION, echo_json, library_from
from secondstory.errors import EXIT_PROBLEMS, SecondstoryError
from secondstory.importers.markdown_library import ImportOptions, ImportResult, import_markdown
from secondstory.plural import plural


@click.command(
    "markdown",
    epilog=examples(
        "secondstory import markdown old-postmortems/ --dry-run",
        "secondstory import markdown old-postmortems/ --update --quiet",
        "secondstory import markdown wiki/outage-2024-04.md --timezone Europe/Amsterdam \\",
        "    --origin-url https://wiki.example/outage-2024-04",
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--update", is_flag=True, help="Re-import sources imported before (default: skip them)."
)
@click.option("--dry-run", is_flag=True, help="Convert and report, but write nothing.")
@click.option(
    "--timezone",
    "timezone",
    metavar="ZONE",
    help="Zone for reports that state none (default: the library's [library] timezone).",
)
@click.option("--origin-url", default="", metavar="URL", help="Where the original is published.")
@click.option("-q", "--quiet", is_flag=True, help="Print only refusals and the summary.")
@FORMAT_OPTION
@click.pass_context
def markdown_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    update: bool,
    dry_run: bool,
    timezone: str | None,
    origin_url: str,
    quiet: bool,
    output_format: str,
) -> None:
    """Import reports in Markdown (with or without front matter) or plain text.

    PATHS are files or folders (searched for .md, .markdown, .txt, .erb and extension-less
    files). Each report becomes a published postmortem; what has no structured home stays
    in its body verbatim. Exit code 1 when any file was refused.
    """
    library = library_from(ctx)
    options = ImportOptions(
        update=update, dry_run=dry_run, timezone=timezone, origin_url=origin_url
    )
    results = import_markdown(library, list(paths), options)
    if output_format == "json":
        echo_json([r.as_dict() for r in results])
    else:
        _print_text(results, quiet)
    refused = [r for r in results if r.status == "refused"]
    if refused:
        raise ImportRefused(f"{len(refused)} of {plural(len(results), 'file')} refused (see above)")


class ImportRefused(SecondstoryError):
    """Some inputs were refused; the others were imported."""

    exit_code = EXIT_PROBLEMS


def _print_text(results: list[ImportResult], quiet: bool) -> None:
    for result in results:
        if result.status == "refused":
            click.echo(f"refused  {result.source}: {result.reason}", err=True)
            continue
        if quiet:
            continue
        if result.status == "skipped":
            click.echo(f"skipped  {result.source}: {result.reason} ({result.id})")
            continue
        stamps = ", ".join(result.timestamps) or "no timestamps"
        click.echo(
            f"{result.status:8} {result.source} -> {result.id}: "
            f"{plural(result.timeline, 'timeline entry')}, {plural(result.actions, 'action item')}, "
            f"{plural(result.factors, 'factor')}, {stamps}"
        )
        for warning in result.warnings:
            click.echo(f"  warning: {warning}")
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    click.echo(f"{plural(len(results), 'file')}: {summary or 'nothing to import'}")
