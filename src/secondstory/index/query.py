"""Parsing what people type into `secondstory search` (free text and field filters) and
checking what they give `secondstory similar`.

Everything the user types is searched literally: words and "quoted phrases" become FTS5
string literals, so FTS syntax (AND, OR, NEAR(, *, ^, unbalanced quotes) is never
interpreted and never reaches SQLite as an expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from secondstory.errors import UsageError

FIELDS = ("service", "tag", "severity", "status", "factor", "after", "before")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_HAS_WORD = re.compile(r"\w")


@dataclass(slots=True)
class Query:
    terms: list[str] = field(default_factory=list)  # words and phrases, literal
    filters: dict[str, list[str]] = field(default_factory=dict)  # field -> accepted values (any of)
    after: str = ""  # on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    before: str = ""  # strictly before this date

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.after or self.before)

    def match_expression(self, any_term: bool = False) -> str:
        """The FTS5 MATCH expression: every term as a quoted string literal."""
        quoted = ['"' + term.replace('"', '""') + '"' for term in self.terms]
        return (" OR " if any_term else " ").join(quoted)


def _tokens(text: str) -> list[str]:
    """Split on white space, keeping "quoted phrases" (and field:"quoted values") whole.

    An unbalanced quote runs to the end of the query.
    """
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            current.append(char)
        elif char.isspace() and not quoted:
            if current:
                tokens.append("".join(current))
            current = []
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def _unquote(token: str) -> str:
    return token.replace('"', " ").strip()


def _date(name: str, value: str) -> str:
    return partial_date(f"{name}:{value}", value, f"{name}:")


def partial_date(shown: str, value: str, prefix: str) -> str:
    """`value` when it is a year, a month or a day of the calendar (2024, 2024-02, 2024-02-29);
    else a UsageError naming it as `shown` (after:2024-13, --since 2024-13)."""
    hint = f"write {prefix}YYYY, {prefix}YYYY-MM or {prefix}YYYY-MM-DD"
    if not _DATE.fullmatch(value):
        raise UsageError(f"{shown} is not a date", hint=hint)
    year, month, day = (int(part) for part in (value + "-01-01").split("-")[:3])
    if year < 1 or not 1 <= month <= 12:
        missing = f"year {year:04d}" if year < 1 else f"month {month:02d}"
        raise UsageError(f"{shown} is not a date: there is no {missing}", hint=hint)
    try:
        date(year, month, day)
    except ValueError:
        raise UsageError(
            f"{shown} is not a date: {value[:7]} has no day {day:02d}", hint=hint
        ) from None
    return value


def parse_query(text: str) -> Query:
    """Parse a search query; UsageError for a bad filter or a query with nothing to search."""
    query = Query()
    for token in _tokens(text):
        name, sep, value = token.partition(":")
        if sep and name.lower() in FIELDS and not name.startswith('"'):
            value = _unquote(value)
            if not value:
                raise UsageError(f"'{token}' has no value", hint=f"write {name}:VALUE")
            key = name.lower()
            if key == "after":
                query.after = _date(key, value)
            elif key == "before":
                query.before = _date(key, value)
            else:
                query.filters.setdefault(key, []).append(value.lower())
            continue
        term = " ".join(_unquote(token).split())
        if _HAS_WORD.search(term):
            query.terms.append(term)
    if not query.terms and not query.has_filters:
        raise UsageError(
            f"nothing to search for in {text!r}",
            hint="give words to look for, or a filter such as service:checkout or after:2024-01",
        )
    return query


_SIMILAR_USAGE = (
    'secondstory similar ID, or secondstory similar --text "checkout 502s after deploy"'
)


def check_similar_args(target: str, text: str | None) -> None:
    """Exactly one of a postmortem (`target`) and a description (`text`; None: not given)."""
    if text is not None and not text.strip():
        raise UsageError(
            "--text is empty", hint='describe the incident: --text "checkout 502s after deploy"'
        )
    if target and text is not None:
        raise UsageError(
            "give either a postmortem (id or path) or --text, not both", hint=_SIMILAR_USAGE
        )
    if not target and text is None:
        raise UsageError(
            "nothing to compare with: give a postmortem (id or path) or --text",
            hint=_SIMILAR_USAGE,
        )
