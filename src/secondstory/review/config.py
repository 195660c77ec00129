"""The [review] table of secondstory.toml, and command-line overrides of it."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from secondstory.errors import ConfigError
from secondstory.review.finding import SEVERITIES, SEVERITY_RANK
from secondstory.review.ruleset import Rule
from secondstory.store.library import toml_key_line

DEFAULT_TEAM_WORDS = (
    "team",
    "teams",
    "squad",
    "group",
    "crew",
    "ops",
    "sre",
    "sres",
    "devops",
    "platform",
    "engineering",
    "infra",
    "infrastructure",
    "department",
    "guild",
    "everyone",
    "all",
    "we",
    "us",
    "on-call",
    "oncall",
    "rotation",
    "tbd",
    "someone",
    "nobody",
)
KNOWN_KEYS = {
    "select",
    "ignore",
    "severity",
    "action_window_days",
    "team_words",
    "review_window_hours",
    "max_review_participants",
    "fail_on",
    "people",
}


@dataclass(frozen=True, slots=True)
class ReviewConfig:
    select: tuple[str, ...] = ()  # code prefixes; empty means every rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code or prefix -> severity | "off"
    action_window_days: int = 14
    team_words: tuple[str, ...] = DEFAULT_TEAM_WORDS
    review_window_hours: int = 48
    max_review_participants: int = 5
    fail_on: str = "warning"
    people: tuple[str, ...] = ()  # names to treat as people in loose files
    # CO707 looks up similar past incidents in the library's index; a run over many
    # postmortems turns it off (review/runner.py: SUGGEST_AT_MOST)
    suggest_similar: bool = True
    index_stamp: str = ""  # the index CO707 read (size and time): keys the lint cache too

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        if any(code.startswith(p) for p in self.ignore):
            return False
        return self.severity_of(code, "info") != "off"

    def severity_of(self, code: str, default: str) -> str:
        key = self._severity_key(code)
        return self.severity[key] if key else default

    def off_by(self, code: str) -> str:
        """The key of `severity` that turns `code` off, or "" when none does."""
        key = self._severity_key(code)
        return key if key and self.severity[key] == "off" else ""

    def _severity_key(self, code: str) -> str:
        """The longest key of `severity` that `code` starts with ("" for none)."""
        best = ""
        for prefix in self.severity:
            if code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return best

    def active_rules(self, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        return tuple(r for r in rules if self.enabled(r.code))

    def fails(self, severity: str) -> bool:
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]

    def fingerprint(self) -> str:
        data = json.dumps(asdict(self), sort_keys=True, default=list)
        from secondstory.review.kept import blake2b  # only the lint cache needs it

        return blake2b(data.encode(), digest_size=8).hexdigest()


def _codes(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'[review] {name} must be a list of rule codes or prefixes, e.g. ["BL", "CF201"]'
        )
    return tuple(v.strip().upper() for v in value)


# The largest number a window or count may be: a hundred years of days (and of hours). A
# larger one means no limit, and would not fit a date (OverflowError, not a finding).
MAX_SETTING = 36_500
_RULE_OF = {
    "action_window_days": "AI604",
    "review_window_hours": "PR801",
    "max_review_participants": "PR802",
}


def _positive_int(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"[review] {name} must be a whole number of 0 or more, not {value!r}")
    if value > MAX_SETTING:
        raise ConfigError(
            f"[review] {name} must be at most {MAX_SETTING:,}, not {value:,}",
            hint="a limit that high is no limit: turn the rule off instead "
            f'(severity = {{ {_RULE_OF.get(name, "CODE")} = "off" }})',
        )
    return value


def _severity_table(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(
            '[review] severity must be a table, e.g. severity = { JU301 = "warning" }'
        )
    table = {}
    for code, level in value.items():
        if level not in (*SEVERITIES, "off"):
            raise ConfigError(
                f"[review] severity.{code} must be one of error, warning, info, off (not {level!r})"
            )
        table[str(code).upper()] = str(level)
    return table


def _names(value: Any) -> tuple[str, ...]:
    """`people`: a list of names ("Tom" alone is one name, not three letters)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError('[review] people must be a list of names, e.g. ["Tom Okafor"]')
    return tuple(v.strip() for v in value if v.strip())


def _fail_on(value: Any) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"[review] fail_on must be one of error, warning, info (not {value!r})")
    return str(value)


def parse_config(table: dict[str, Any]) -> ReviewConfig:
    """Read the [review] table; raise ConfigError naming the key that is wrong."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"[review] has {'an unknown key' if len(unknown) == 1 else 'unknown keys'}: {', '.join(unknown)}",
            hint=f"known keys: {', '.join(sorted(KNOWN_KEYS))}",
        )
    config = ReviewConfig()
    words = _codes("team_words", table["team_words"]) if "team_words" in table else None
    return replace(
        config,
        select=_codes("select", table.get("select", [])),
        ignore=_codes("ignore", table.get("ignore", [])),
        severity=_severity_table(table.get("severity", {})),
        action_window_days=_positive_int("action_window_days", table.get("action_window_days", 14)),
        team_words=config.team_words + tuple(w.lower() for w in words)
        if words
        else config.team_words,
        review_window_hours=_positive_int(
            "review_window_hours", table.get("review_window_hours", 48)
        ),
        max_review_participants=_positive_int(
            "max_review_participants", table.get("max_review_participants", 5)
        ),
        fail_on=_fail_on(table.get("fail_on", "warning")),
        people=_names(table.get("people", [])),
    )


_MESSAGE_KEY = re.compile(r"^\[\w+\] (?:has an unknown key: |has unknown keys: )?([\w-]+)")


def located(path: Path, message: str) -> str:
    """`message` (about a key of [review]) prefixed with the file and the key's line."""
    line = key_line(path, "review", message)
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


def key_line(path: Path, table: str, message: str) -> int:
    """The line in the TOML file `path` of the key that `message` (a ConfigError of
    `parse_config`) is about, inside `[table]`; 0 when it cannot be found."""
    found = _MESSAGE_KEY.match(message)
    return 0 if found is None else toml_key_line(path, table, found.group(1))


def unknown_code(config: ReviewConfig) -> tuple[str, str] | None:
    """(message, hint) for the first code in select, ignore or severity that no rule has."""
    from secondstory.review.ruleset import all_rules

    codes = [rule.code for rule in all_rules()]
    for name, values in (
        ("select", config.select),
        ("ignore", config.ignore),
        ("severity", tuple(config.severity)),
    ):
        for value in values:
            if not any(code.startswith(value) for code in codes):
                import difflib

                known = sorted({code[:2] for code in codes}) + codes
                close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
                return (
                    f"{name}: '{value}' is not a rule code or the start of one"
                    + (f"; did you mean '{close[0]}'?" if close else ""),
                    "secondstory rules lists the codes",
                )
    return None


@dataclass(frozen=True, slots=True)
class Origins:
    """Where the codes of a merged configuration came from, to name them in messages."""

    select: str = "[review] select"  # or "--select"
    config_ignore: tuple[str, ...] = ()  # [review] ignore
    cli_ignore: tuple[str, ...] = ()  # --ignore


def no_rule_left(config: ReviewConfig, origins: Origins) -> tuple[str, str] | None:
    """(message, hint) when select, ignore and severity "off" together leave no rule to
    run: such a run checks nothing and passes, whatever the files say."""
    from secondstory.plural import plural
    from secondstory.review.ruleset import all_rules

    rules = all_rules()
    if config.active_rules(rules):
        return None
    chosen = [r.code for r in rules if not config.select or _starts(r.code, config.select)]
    picked = (
        f"{origins.select} {','.join(config.select)} ({plural(len(chosen), 'rule')})"
        if config.select
        else f"all {len(chosen)} rules"
    )
    removed = [
        f"{label} {','.join(hits)}"
        for label, codes in (
            ("[review] ignore", origins.config_ignore),
            ("--ignore", origins.cli_ignore),
        )
        if (hits := [p for p in codes if any(code.startswith(p) for code in chosen)])
    ]
    off = {config.off_by(code) for code in chosen} - {""}
    if off:
        removed.append(f'[review] severity "off" for {",".join(sorted(off))}')
    return (
        f"no rule to run: {picked} minus {' and '.join(removed)} leaves none",
        "select codes that are not ignored or off ('secondstory rules' lists the codes)",
    )


def _starts(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(code.startswith(p) for p in prefixes)
