"""Shared helpers for commands: opening the library, printing JSON."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from secondstory.model.choices import did_you_mean
from secondstory.plural import plural
from secondstory.store.library import Library, open_library

F = TypeVar("F", bound=Callable[..., Any])


def library_from(ctx: click.Context) -> Library:
    obj = ctx.find_root().obj or {}
    return open_library(obj.get("library"))


def warn_library_errors(count: int, left_out: str) -> None:
    """Say on stderr that the library has errors and that what they hide is left out."""
    if count:
        click.echo(
            f"warning: the library has {plural(count, 'error')} (see 'secondstory validate'); "
            f"{left_out} that could not be read are left out",
            err=True,
        )


def split_list(values: tuple[str, ...]) -> list[str]:
    """The values of a repeatable option that also takes comma-separated lists
    (`--service a,b --service c`), in order, blanks left out."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def warn(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def commit_note(commit: str) -> str:
    """' (commit 0123456789ab)' after a summary line, as every edit prints it."""
    return f" (commit {commit[:12]})" if commit else ""


def committed(commit: str) -> None:
    """Name the commit on stderr, for commands whose output is an id or a path."""
    click.echo(f"committed {commit[:12]}", err=True)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


class Choice(click.Choice[str]):
    """click.Choice that says which choice was most likely meant ('triage' -> 'diagnosis').
    Case-insensitive, as rule codes are (`--format JSON`, `--fail-on INFO`); the command
    gets the choice as listed."""

    def __init__(self, choices: Sequence[str], case_sensitive: bool = False) -> None:
        super().__init__(choices, case_sensitive=case_sensitive)

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = [str(c) for c in self.choices]
        return f"'{value}' is not one of: {', '.join(choices)}{did_you_mean(str(value), choices)}"


class Choices(Choice):
    """Choice for a repeatable option that also takes comma-separated lists (`--status
    open,done`); each choice is checked, and the command gets them one by one through
    `split_choices` as its callback."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        parts = [part.strip() for part in str(value).split(",") if part.strip()]
        return ",".join(super(Choices, self).convert(part, param, ctx) for part in parts)


def split_choices(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
    return tuple(split_list(value))


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def _cores(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise click.BadParameter(
            f"{value} is not a number of processes: give 1 or more, or 0 for one per core"
        )
    return (os.cpu_count() or 1) if value == 0 else value


def jobs_option(default: str) -> Callable[[F], F]:
    """`-j/--jobs N`, the same for every command that works in parallel: N worker
    processes, 0 for one per core; the command gets None (its `default`) or N >= 1."""
    return click.option(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        callback=_cores,
        help=f"Worker processes; 0: one per core (default: {default}).",
    )


def progress_bar(enabled: bool, label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr ("linting [####   ] 120/400"), or None when it
    should not be shown; redrawn at most once a percent."""
    if not enabled:
        return None
    shown = [-1]

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        step = 100 * done // total if total else 100
        if step == shown[0] and done < total:
            return
        shown[0] = step
        sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def progress_option(default: str) -> Callable[[F], F]:
    """--progress/--no-progress: a bar on stderr, by default when it is a terminal."""
    return click.option(
        "--progress/--no-progress",
        default=None,
        help=f"Show a progress bar (default: when stderr is a terminal{default}).",
    )
