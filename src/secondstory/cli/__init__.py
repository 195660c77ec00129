"""The `secondstory` command: a thin layer over the library API.

Commands are loaded lazily from the registry in `secondstory.cli.registry`, so
`secondstory --help` imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from typing import Any

import click

from secondstory import __version__
from secondstory.cli.help import examples
from secondstory.cli.registry import COMMANDS
from secondstory.errors import EXIT_INTERNAL, EXIT_IO, EXIT_USAGE, SecondstoryError


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they run."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            target, _ = self.lazy[cmd_name]
            module_name, attribute = target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.lazy[name][1]) for name in sorted(self.lazy)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    epilog=examples(
        'secondstory init incidents --name "Larkspur Market"',
        'secondstory new "Search index went read-only during a reindex" --severity SEV3',
        "secondstory validate",
        "secondstory lint",
        "secondstory search service:checkout after:2025-06 certificate",
        "secondstory -L examples/library actions --overdue",
    ),
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-L",
    "--library",
    "library",
    type=click.Path(file_okay=False, path_type=str),
    envvar="SECONDSTORY_LIBRARY",
    help="The library folder (default: the one containing the working directory).",
)
@click.version_option(__version__, prog_name="secondstory")
@click.pass_context
def cli(ctx: click.Context, library: str | None) -> None:
    """Blameless postmortems as plain files in git.

    Capture incidents in a structured format, review write-ups for blame and hindsight,
    track action items to verified completion, and learn across the whole library.
    """
    ctx.obj = {"library": library}
    if not gc.isenabled():  # paused by `main` for start-up: what that made (modules, the
        gc.freeze()  # command's own) lives for the whole run, and is never traced again
        gc.enable()


def one_line(message: str) -> str:
    """Click's message as the project writes its own: one line, starting in lower case."""
    text = " ".join(message.split())
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def usage_error_text(exc: click.UsageError) -> str:
    """`secondstory: error: ...` and a hint naming the command's --help, for any bad option,
    argument or command that Click reports."""
    path = exc.ctx.command_path if exc.ctx is not None else "secondstory"
    return f"secondstory: error: {one_line(exc.format_message())}\n  hint: see '{path} --help'"


def _output_failed(exc: Exception) -> bool:
    """`exc` is the error of writing output through click.echo (a full disk, /dev/full,
    an I/O error), not a bug. What cannot be written is dropped, so that Python does not
    try again, and fail again, on its way out."""
    import traceback

    if not isinstance(exc, OSError):
        return False
    frames = traceback.walk_tb(exc.__traceback__)
    if not any(f.f_code.co_name == "echo" and "click" in f.f_code.co_filename for f, _ in frames):
        return False
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True


def main() -> None:
    gc.disable()  # start-up makes long-lived objects, no garbage (see `cli`): 5% of a
    # one-file run went to tracing them
    try:
        cli.main(prog_name="secondstory", standalone_mode=False)
    except SecondstoryError as exc:
        click.echo(f"secondstory: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("secondstory: aborted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:  # a group without its subcommand
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.UsageError as exc:  # a bad option or argument, in the project's format
        click.echo(usage_error_text(exc), err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        click.echo(f"secondstory: error: {one_line(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("secondstory: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, the traceback on request
        if _output_failed(exc):
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            click.echo(
                f"secondstory: error: cannot write the output: {message}\n"
                "  hint: free space where the output goes, or write the report with -o FILE",
                err=True,
            )
            sys.exit(EXIT_IO)
        if os.environ.get("SECONDSTORY_DEBUG"):
            raise
        click.echo(f"secondstory: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "  hint: this is a bug; rerun with SECONDSTORY_DEBUG=1 for the traceback and report it",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        gc.enable()  # when no command ran (--help, a usage error)
    sys.exit(0)
