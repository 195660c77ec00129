"""What `actions` reads of the library's settings: the two-week window and the words that
name teams, the same ones lint's AI602 and AI604 and `action add` read from `[review]`."""

from __future__ import annotations

from dataclasses import dataclass, field

from secondstory.errors import ConfigError
from secondstory.store.advice import review_config
from secondstory.store.library import CONFIG_NAME, Library, toml_key_line


@dataclass(frozen=True, slots=True)
class TrackSettings:
    window_days: int  # an item due later than this after the review is beyond the window
    team_words: tuple[str, ...]  # owners named with one of these are teams (with the built-in)
    warnings: list[str] = field(default_factory=list)  # a broken [review]: defaults are used


def track_settings(library: Library) -> TrackSettings:
    """`[review] action_window_days` and `team_words`; a `[track] action_window_days`
    (read by earlier versions) overrides the window. A wrong [track] value is a
    ConfigError naming the file and line; a wrong [review] leaves lint's defaults and a
    warning, as `action add` does."""
    config, warnings = review_config(library)
    window = config.action_window_days
    value = library.section("track").get("action_window_days")
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            path = library.root / CONFIG_NAME
            line = toml_key_line(path, "track", "action_window_days")
            where = f"{path}:{line}" if line else str(path)
            raise ConfigError(
                f"{where}: [track] action_window_days must be a whole number of days, 1 or "
                f"more (found {value!r})",
                hint="remove it to use [review] action_window_days (14 by default)",
            )
        window = value
    return TrackSettings(window, config.team_words, warnings)
