"""Every --help screen ends with examples, and every example is a command line that parses."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from secondstory.cli import cli
from secondstory.index.query import FIELDS

from conftest import EXAMPLE_LIBRARY

WIDTH = 100  # the help's max_content_width; examples are indented by 4


def _commands(
    command: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands())
IDS = [" ".join(path) or "secondstory" for path in COMMANDS]


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(
        cli, [*path, "--help"], prog_name="secondstory", terminal_width=WIDTH
    )
    assert result.exit_code == 0, result.output
    return result.output


def _section(text: str) -> str:
    """The Examples section: the help's last paragraph, after its 'Examples:' line."""
    found = re.search(r"\n *Examples:\n(.*?)(?:\n\n|\Z)", text, re.S)
    return found.group(1) if found else ""


def _example_lines(text: str) -> list[str]:
    """The lines of the Examples section, continuation lines (' \\') joined."""
    lines: list[str] = []
    for raw in _section(text).splitlines():
        line = raw.strip()
        if lines and lines[-1].endswith(" \\"):
            lines[-1] = lines[-1][:-2] + " " + line
        elif line:
            lines.append(line)
    return lines


def _examples(text: str) -> list[list[str]]:
    examples = []
    for line in _example_lines(text):
        words = shlex.split(line)
        assert words[0] == "secondstory", line
        cut = next((i for i, word in enumerate(words) if word in (">", ">>", "|")), len(words))
        examples.append(words[1:cut])
    return examples


def _parse(args: list[str]) -> tuple[str, ...]:
    """Parse `args` as the command line would, without running anything; returns the path
    of the command they name. Raises click's usage errors as a run would."""
    ctx = cli.make_context("secondstory", list(args))
    command: click.Command = cli
    path: tuple[str, ...] = ()
    while isinstance(command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            break
        name, sub, rest = command.resolve_command(ctx, rest)
        assert name is not None and sub is not None
        ctx = sub.make_context(name, rest, parent=ctx)
        command, path = sub, (*path, name)
    return path


@pytest.mark.parametrize("path", list(COMMANDS), ids=IDS)
def test_help_every_command_has_examples_that_parse(path: tuple[str, ...]) -> None:
    examples = _examples(_help(path))
    assert examples, f"'secondstory {' '.join(path)} --help' has no Examples section"
    invoked = [_parse(args) for args in examples]
    if not isinstance(COMMANDS[path], click.Group):
        assert path in invoked, "no example runs the command itself"


@pytest.mark.parametrize("path", list(COMMANDS), ids=IDS)
def test_help_examples_fit_the_help_width(path: tuple[str, ...]) -> None:
    assert [line for line in _section(_help(path)).splitlines() if len(line) > WIDTH] == []


def test_help_examples_name_postmortems_and_items_of_the_example_library() -> None:
    folders = {p.name for p in (EXAMPLE_LIBRARY / "postmortems").iterdir() if p.is_dir()}
    named = set()
    for path in COMMANDS:
        for line in _example_lines(_help(path)):
            for pm_id, item in re.findall(r"\b(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)(?:/(A\d+))?", line):
                named.add(pm_id)
                assert pm_id in folders, line
                if item:
                    actions = (EXAMPLE_LIBRARY / "postmortems" / pm_id / "actions.yaml").read_text()
                    assert f"- id: {item}\n" in actions, line
    assert named  # the check looked at something


def test_help_examples_parse_check_catches_a_bad_option() -> None:
    with pytest.raises(click.NoSuchOption):
        _parse(["actions", "export", "--to", "ics", "--overdu"])
    with pytest.raises(click.BadParameter):
        _parse(["validate", "--jobs", "-1"])


def test_help_search_shows_every_filter_with_its_syntax() -> None:
    text = _help(("search",))
    section = re.split(r"\n *Filters:\n", text, maxsplit=1)[1].split("\n\n")[0]
    listed = re.findall(r"^\s+(\w+):\S+\s", section, re.M)
    assert listed == list(FIELDS)
    assert "secondstory search service:checkout after:2024-06 severity:SEV1" in text


def test_cli_main_leaves_the_collector_on_whether_or_not_a_command_ran(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc
    import sys

    from secondstory.cli import main

    for args in (["--version"], ["lint", "--no-such-option"], ["rules", "--format", "json"]):
        monkeypatch.setattr(sys, "argv", ["secondstory", *args])
        with pytest.raises(SystemExit):
            main()
        assert gc.isenabled(), args
    capsys.readouterr()
