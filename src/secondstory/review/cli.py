"""`secondstory lint` and `secondstory rules`: parse options, call one function, print."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from secondstory.cli.help import examples
from secondstory.cli.output import Choice, jobs_option, progress_bar, progress_option
from secondstory.errors import UsageError
from secondstory.review.formats import RENDERERS, render, render_statistics
from secondstory.review.ruleset import all_rules
from secondstory.review.runner import PROGRESS_AT, LintRequest, run_lint
from secondstory.store.files import check_output_path, write_output


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _ids_as_folders(paths: tuple[Path, ...], library: Path | None) -> tuple[Path, ...]:
    """A PATH that does not exist may be a postmortem id of the library, if there is one."""
    from secondstory.errors import SecondstoryError
    from secondstory.review.targets import ids_as_folders
    from secondstory.store.files import present
    from secondstory.store.library import open_library

    if all(present(p) for p in paths):
        return paths
    try:
        return tuple(ids_as_folders(list(paths), open_library(library)))
    except SecondstoryError:
        return paths  # no library: the path is reported missing as it is


@click.command(
    "lint",
    epilog=examples(
        "secondstory lint",
        "secondstory lint postmortems/2025-07-29-search-nodes-disk-full",
        "secondstory lint --statistics",
        "secondstory lint --changed --format sarif -o lint.sarif",
        "secondstory lint --select BL,CF --fail-on warning notes/draft.md",
    ),
)
@click.argument(
    "paths", nargs=-1, type=click.Path(path_type=Path, readable=False)
)  # unreadable: reported
@click.option(
    "--format",
    "output_format",
    type=Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--changed",
    "changed",
    is_flag=False,
    flag_value="HEAD",
    default=None,
    metavar="[REF]",
    help="Lint only files changed against REF (default HEAD: uncommitted changes).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rule codes or prefixes (comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Skip these rule codes or prefixes (comma-separated).",
)
@click.option(
    "--fail-on",
    type=Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: warning, or [review] fail_on).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the [review] table from this TOML file instead of the library's.",
)
@jobs_option("one per core for 200 or more files to lint; else 1")
@click.option(
    "--no-cache", is_flag=True, help="Lint every file even if unchanged since the last run."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to a file.",
)
@progress_option(", for 200 files or more")
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule has, most first, instead of each finding.",
)
@click.pass_context
def lint_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    changed: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_file: Path | None,
    jobs: int | None,
    no_cache: bool,
    output: Path | None,
    progress: bool | None,
    statistics: bool,
) -> None:
    """Check postmortems for blame, hindsight, judgment and weak action items.

    PATHS are Markdown or text files, folders or postmortem ids; with none, every
    postmortem of the library. A file of a postmortem lints the postmortem whole and reports that file's
    findings. Exit codes: 0 nothing at or above --fail-on; 1 findings, a file that could
    not be linted or a suppression comment that could not be read; 2 usage or config
    error; 3 the report cannot be written (-o).
    """
    library = (ctx.find_root().obj or {}).get("library")
    if statistics and output_format != "text":
        raise UsageError(
            f"--statistics prints text; it cannot be combined with --format {output_format}",
            hint="drop --format, or drop --statistics for the full report",
        )
    if output is not None:
        check_output_path(output)
    if select and not _codes(select):
        raise UsageError(
            "--select needs at least one code",
            hint="name codes or prefixes (--select BL,CF), or leave --select out to run every rule",
        )
    request = LintRequest(
        paths=_ids_as_folders(paths, library),
        library=library,
        changed=changed,
        select=_codes(select),
        ignore=_codes(ignore),
        fail_on=fail_on,
        config_file=config_file,
        jobs=jobs,
        use_cache=not no_cache,
        output=output,
    )
    show = sys.stderr.isatty() if progress is None else progress
    # asked for: shown however few the files; by default only for runs of 200 or more
    report = run_lint(request, progress_bar(show, "linting"), 0 if progress else PROGRESS_AT)
    if statistics:
        text = render_statistics(report.findings, report.errors)
    else:
        text = render(output_format, report.findings, report.errors, report.root)
    if output is not None:
        write_output(output, text)
        click.echo(f"wrote {output}", err=True)  # as actions export and digest say
    else:
        click.echo(text, nl=False)
    if report.exit_code:
        sys.exit(report.exit_code)


@click.group(
    "rules",
    invoke_without_command=True,
    epilog=examples(
        "secondstory rules",
        "secondstory rules explain BL102",
        "secondstory rules --format markdown > rules.md",
    ),
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "markdown"]),
    default="text",
    show_default=True,
)
@click.pass_context
def rules_group(ctx: click.Context, output_format: str) -> None:
    """List the lint rules; `rules explain CODE` prints one."""
    if ctx.invoked_subcommand is not None:
        return
    if output_format == "markdown":
        from secondstory.review.docgen import render_rules_markdown

        click.echo(render_rules_markdown(), nl=False)
        return
    for rule in all_rules():
        click.echo(
            f"{rule.code}  {rule.name:<28} {rule.category:<15} {rule.severity:<8} {rule.summary}"
        )


@rules_group.command(
    "explain",
    epilog=examples(
        "secondstory rules explain BL102",
        "secondstory rules explain cf201",
        "secondstory rules explain BL",
    ),
)
@click.argument("code")
def explain_command(code: str) -> None:
    """Print one rule: why it matters, what to ask instead, examples. A prefix (BL, CF2)
    lists the rules it starts: code, name and summary."""
    from secondstory.review.docgen import explain_code

    click.echo(explain_code(code), nl=False)
