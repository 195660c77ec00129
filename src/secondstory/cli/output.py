"""Shared helpers for commands: opening the library, printing JSON."""

from __future__ import annotations

import json
from typing import Any

import click

from secondstory.plural import plural
from secondstory.store.library import Library, open_library


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


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
