"""The domain errors every command maps to one exit code.

Exit codes (documented in docs/cli.md):
  0  success, nothing to report
  1  the input has problems (validation errors, lint findings at or above the threshold)
  2  usage or configuration error (bad option, no library, bad secondstory.toml)
  3  a file could not be read or written (missing, not UTF-8, too large, outside the library)
 70  an internal error (a bug in secondstory): one line, the traceback with SECONDSTORY_DEBUG=1
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_IO = 3
EXIT_INTERNAL = 70


class SecondstoryError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class UsageError(SecondstoryError):
    """Bad arguments or configuration."""

    exit_code = EXIT_USAGE


class LibraryNotFound(UsageError):
    """No secondstory.toml above the working directory and no --library given."""


class ConfigError(UsageError):
    """secondstory.toml is malformed."""


class FileProblem(SecondstoryError):
    """A file could not be read or written."""

    exit_code = EXIT_IO


class NotFound(SecondstoryError):
    """A postmortem, action item or other record named by the user does not exist."""

    exit_code = EXIT_USAGE
