"""Turn parsed YAML into typed values, field by field, driven by model.fields."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from secondstory.model.choices import did_you_mean
from secondstory.model.fields import RECORDS, Field
from secondstory.model.problems import Problem
from secondstory.store.library import offset_hint
from secondstory.store.yamlio import YList, YMap

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_URL = re.compile(r"^(https?|mailto|file):\S+$")
_TRUE = frozenset({"true", "yes", "on", "True", "Yes", "TRUE"})
_FALSE = frozenset({"false", "no", "off", "False", "No", "FALSE"})

Report = Callable[[int, int, str, str, str], None]


@dataclass(frozen=True, slots=True)
class _Plan:
    """One record kind's field table, specialised once: which fields take a string as it
    is (stripped), which take one of a few words, and the field of every name. Values
    are filed under the field's own name (an interned string, as the record's attribute
    names are), so building the record matches keyword arguments by identity."""

    fields: dict[str, Field]
    texts: dict[str, str]  # str, text and version fields: key -> name
    words: dict[str, tuple[str, frozenset[str]]]  # enum fields: key -> name, choices
    required: tuple[Field, ...]


def _plan(specs: tuple[Field, ...]) -> _Plan:
    return _Plan(
        {f.name: f for f in specs},
        {f.name: f.name for f in specs if f.kind in ("str", "text", "version")},
        {f.name: (f.name, frozenset(f.choices)) for f in specs if f.kind == "enum"},
        tuple(f for f in specs if f.required),
    )


_PLANS = {record: _plan(specs) for record, specs in RECORDS.items()}
_EMPTY: tuple[Any, ...] = (None, "", [])  # what a required field may not be


class Coercer:
    """Collects problems for one file while converting its values."""

    def __init__(self, path: Path, zone_name: str = "") -> None:
        self.path = path
        self.zone_name = zone_name  # the library's timezone, for the SS015 hint
        self.problems: list[Problem] = []

    def report(
        self, line: int, column: int, code: str, message: str, severity: str = "error"
    ) -> None:
        self.problems.append(Problem(self.path, line, column, code, message, severity))

    def record(self, record: str, data: Any, line: int, column: int) -> dict[str, Any] | None:
        """Check and convert one mapping; returns field name -> value, plus '__lines__'
        (the mapping's own table of key positions, shared, not copied)."""
        if not isinstance(data, YMap):
            self.report(
                line, column, "SS010", f"expected a mapping of {record} fields, got {_kind(data)}"
            )
            return None
        plan = _PLANS[record]
        fields, texts, words = plan.fields, plan.texts, plan.words
        value_positions = data.value_positions
        out: dict[str, Any] = {"__lines__": data.positions}
        for key, value in data.items():
            if value.__class__ is str:  # the common cases first, as `value` does them
                name = texts.get(key)
                if name is not None:
                    out[name] = value.strip()
                    continue
                word = words.get(key)
                if word is not None:
                    text = value.strip()
                    if text in word[1]:
                        out[word[0]] = text
                        continue
            spec = fields.get(key)
            if spec is None:
                self._unknown(record, key, value, data, out)
            elif value is not None:
                vline, vcol = value_positions[key]
                converted = self.value(spec, value, vline, vcol)
                if converted is not None:
                    out[spec.name] = converted
        for spec in plan.required:
            if out.get(spec.name) in _EMPTY:
                self._missing(record, spec, data, line, column)
        return out

    def _unknown(self, record: str, key: str, value: Any, data: YMap, out: dict[str, Any]) -> None:
        known = _PLANS[record].fields
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"
        kline, kcol = data.positions[key]
        self.report(kline, kcol, "SS012", f"unknown field '{key}' in {record}{hint}", "warning")
        out.setdefault("__extra__", {})[key] = value

    def _missing(self, record: str, spec: Field, data: YMap, line: int, column: int) -> None:
        if spec.name in data and data[spec.name] not in (None, "", []):
            return  # present but invalid: already reported
        if spec.name in data:
            kline, kcol = data.positions[spec.name]
            self.report(kline, kcol, "SS011", f"{record} field '{spec.name}' must not be empty")
        else:
            self.report(
                line, column, "SS011", f"{record} is missing the required field '{spec.name}'"
            )

    def value(self, spec: Field, value: Any, line: int, column: int) -> Any:
        if value is None:
            return None
        vline, vcol = line, column
        kind = spec.kind
        if kind in ("record", "records"):
            return self._nested(spec, value, vline, vcol)
        if kind == "strlist":
            return self._strlist(spec, value, vline, vcol)
        if not isinstance(value, str):
            self.report(
                vline, vcol, "SS010", f"'{spec.name}' must be a single value, got {_kind(value)}"
            )
            return None
        text = str(value).strip()
        if kind in ("str", "text", "version"):
            return text
        if kind == "enum":
            if text not in spec.choices:
                hint = did_you_mean(text, spec.choices)
                choices = ", ".join(spec.choices)
                self.report(
                    vline, vcol, "SS013", f"'{spec.name}' is '{text}', not one of: {choices}{hint}"
                )
                return None
            return text
        if kind == "datetime":
            return self._datetime(spec, text, vline, vcol)
        if kind == "date":
            return self._date(spec, text, vline, vcol)
        if kind == "bool":
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            self.report(vline, vcol, "SS017", f"'{spec.name}' must be true or false, got '{text}'")
            return None
        if kind == "url":
            if not _URL.match(text):
                self.report(
                    vline, vcol, "SS018", f"'{spec.name}' is not a URL: '{text}'", "warning"
                )
            return text
        raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover

    def _nested(self, spec: Field, value: Any, line: int, column: int) -> Any:
        if spec.kind == "record":
            return self.record(spec.record, value, line, column)
        if not isinstance(value, YList):
            self.report(line, column, "SS010", f"'{spec.name}' must be a list, got {_kind(value)}")
            return None
        items = []
        for item, (iline, icol) in zip(value, value.positions, strict=True):
            converted = self.record(spec.record, item, iline, icol)
            if converted is not None:
                items.append(converted)
        return items

    def _strlist(self, spec: Field, value: Any, line: int, column: int) -> list[str] | None:
        if isinstance(value, str):
            return [str(value).strip()] if str(value).strip() else []
        if not isinstance(value, YList):
            self.report(
                line,
                column,
                "SS010",
                f"'{spec.name}' must be a list of strings, got {_kind(value)}",
            )
            return None
        out = []
        for item, (iline, icol) in zip(value, value.positions, strict=True):
            if item is None:
                continue
            if not isinstance(item, str):
                self.report(
                    iline,
                    icol,
                    "SS010",
                    f"items of '{spec.name}' must be strings, got {_kind(item)}",
                )
                continue
            out.append(str(item).strip())
        return out

    def _datetime(self, spec: Field, text: str, line: int, column: int) -> datetime | None:
        candidate = text.replace(" ", "T", 1) if " " in text and _DATE.match(text[:10]) else text
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            self.report(
                line,
                column,
                "SS014",
                f"'{spec.name}' is not an ISO 8601 time: '{text}' (write e.g. 2025-03-14T09:02:00+01:00)",
            )
            return None
        # (a zone is at most 6 characters long, at the end or before a final line break)
        if parsed.tzinfo is None or not _HAS_ZONE.search(candidate, len(candidate) - 7):
            self.report(
                line,
                column,
                "SS015",
                f"'{spec.name}' has no time zone: '{text}' ({offset_hint(parsed, self.zone_name)})",
            )
            return None
        return parsed

    def _date(self, spec: Field, text: str, line: int, column: int) -> date | None:
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.report(
                line, column, "SS016", f"'{spec.name}' is not a date: '{text}' (write YYYY-MM-DD)"
            )
            return None


def _kind(value: Any) -> str:
    if isinstance(value, YMap | dict):
        return "a mapping"
    if isinstance(value, YList | list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"
