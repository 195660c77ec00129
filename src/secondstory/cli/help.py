"""The Examples section that ends every command's --help (tests/test_cli_help.py parses
every example against the commands, so none can name an option that is gone)."""

from __future__ import annotations


def examples(*lines: str) -> str:
    """A click epilog: 'Examples:', then one invocation a line, kept as written (click's
    \\b marker stops it rewrapping them). A line ending in ' \\' goes on in the next."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
