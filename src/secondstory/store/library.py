"""A library: a folder (in a git repository) with secondstory.toml at its root."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from secondstory.errors import ConfigError, LibraryNotFound
from secondstory.model.fields import DEFAULT_SEVERITIES

CONFIG_NAME = "secondstory.toml"
CACHE_DIR = ".secondstory"
POSTMORTEM_FILE = "postmortem.md"
TIMELINE_FILE = "timeline.yaml"
FACTORS_FILE = "factors.yaml"
ACTIONS_FILE = "actions.yaml"
ACCOUNTS_DIR = "accounts"


@dataclass(slots=True)
class Library:
    root: Path
    name: str = "postmortems"
    postmortems_dir: str = "postmortems"
    severities: tuple[str, ...] = DEFAULT_SEVERITIES
    timezone: str = "UTC"
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def postmortems_path(self) -> Path:
        return self.root / self.postmortems_dir

    @property
    def cache_path(self) -> Path:
        return self.root / CACHE_DIR

    def section(self, name: str) -> dict[str, Any]:
        """A table of secondstory.toml, e.g. section('review'); empty when absent."""
        value = self.config.get(name, {})
        return value if isinstance(value, dict) else {}

    @property
    def zone_name(self) -> str:
        """The [library] timezone as written; empty when it names none."""
        return str(self.section("library").get("timezone", ""))

    def offset_hint(self, moment: datetime) -> str:
        """The hint for a time written without a UTC offset (see `offset_hint`)."""
        return offset_hint(moment, self.zone_name)

    def postmortem_dirs(self) -> list[Path]:
        """Every folder under the postmortems folder that holds a postmortem.md, sorted: a
        postmortem.md that is a folder, a FIFO or a broken link included, and a folder that
        cannot be listed (no permission), so that `validate` and `lint` report it (SS001)
        rather than pass over the postmortem."""
        base = self.postmortems_path
        if not base.is_dir():
            return []
        found: list[Path] = []

        def unreadable(error: OSError) -> None:  # its postmortem.md is reported unreadable
            found.append(Path(error.filename))

        for dirpath, dirnames, filenames in os.walk(base, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != ACCOUNTS_DIR)
            if POSTMORTEM_FILE in filenames or POSTMORTEM_FILE in dirnames:
                found.append(Path(dirpath))  # a postmortem.md that is no file: SS001
                dirnames[:] = []
        return sorted(found)


def holds_postmortem(folder: Path) -> bool:
    """`folder` has an entry postmortem.md of any kind (a broken link included): reading
    it says what is wrong with it, where a test for a file would pass over it in silence."""
    return os.path.lexists(folder / POSTMORTEM_FILE)


def offset_hint(moment: datetime, zone_name: str) -> str:
    """The hint for a time written without a UTC offset, the same for every command and
    `validate`: `moment` with the offset of the timezone `zone_name` (the library's
    [library] timezone) at that time; UTC when it is empty or names no zone known."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    naive = moment.replace(tzinfo=None)
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        return f"add the UTC offset, e.g. {naive.isoformat()}+00:00 for UTC"
    offset = naive.replace(tzinfo=zone).isoformat()[len(naive.isoformat()) :]
    return f"add the UTC offset: {naive.isoformat()}{offset} in {zone_name}, the library's timezone"


def find_root(start: Path) -> Path | None:
    current = start.resolve()
    for candidate in (current, *current.parents):
        if os.path.isfile(candidate / CONFIG_NAME):  # False, not an error, where unreadable
            return candidate
    return None


def open_library(path: Path | str | None = None) -> Library:
    """Open the library at `path`, or the one containing the working directory."""
    explicit = path is not None or bool(os.environ.get("SECONDSTORY_LIBRARY"))
    start = Path(path or os.environ.get("SECONDSTORY_LIBRARY") or os.getcwd())
    root = (
        (start.resolve() if (start / CONFIG_NAME).is_file() else None)
        if explicit
        else find_root(start)
    )
    if root is None:
        where = f"in {start}" if explicit else f"in {start} or any folder above it"
        raise LibraryNotFound(
            f"no {CONFIG_NAME} found {where}",
            hint="run 'secondstory init' to create a library, or pass --library DIR",
        )
    return load_config(root)


def load_config(root: Path) -> Library:
    config_path = root / CONFIG_NAME
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: {exc}", hint="fix the TOML syntax") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_path}: not UTF-8", hint="re-save the file as UTF-8") from None
    table = raw.get("library", {})
    if not isinstance(table, dict):
        raise ConfigError(
            f"{config_path}: [library] must be a table",
            hint='write it as a table: [library] on its own line, then name = "..."',
        )
    severities = table.get("severities", list(DEFAULT_SEVERITIES))
    if not isinstance(severities, list) or not all(isinstance(s, str) for s in severities):
        raise ConfigError(
            f"{config_path}: library.severities must be a list of strings",
            hint='e.g. severities = ["SEV1", "SEV2", "SEV3"]',
        )
    folder = table.get("postmortems", "postmortems")
    if not isinstance(folder, str) or Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise ConfigError(
            f"{config_path}: library.postmortems must be a folder inside the library",
            hint='name it relative to the library, e.g. postmortems = "postmortems"',
        )
    return Library(
        root=root,
        name=str(table.get("name", root.name)),
        postmortems_dir=folder,
        severities=tuple(severities),
        timezone=str(table.get("timezone", "UTC")),
        config=raw,
    )


_TOML_TABLE = re.compile(r"^\s*\[\s*([\w.-]+)\s*\]")


def toml_key_line(path: Path, table: str, key: str) -> int:
    """The line in the TOML file `path` of `key` inside `[table]` (`key = ...`, a dotted
    `key.sub = ...`, or a `[table.key]` header); 0 when it cannot be found."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    current = ""
    written = re.compile(rf"\s*{re.escape(key)}\s*[=.]")
    for number, line in enumerate(lines, 1):
        header = _TOML_TABLE.match(line)
        if header is not None:
            current = header.group(1)
            if current == f"{table}.{key}":
                return number
        elif current == table and written.match(line):
            return number
    return 0
