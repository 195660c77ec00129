"""The failure-mechanism vocabulary: loading, merging a library's overrides, compiling cues.

The rules are data (mechanisms.yaml beside this file); this module only reads, checks and
compiles them. A library extends or overrides them with a `mechanisms.yaml` at its root
(or the file named by `[mechanisms] file = ...` in secondstory.toml) and with the simple
knobs of the `[mechanisms]` table itself (see docs/mechanisms.md).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from secondstory.errors import ConfigError
from secondstory.insights.cuegates import cue_gates, gate_fits, required_literal
from secondstory.insights.overlay import (
    Where,
    cue_map,
    merge_overlay,
    merge_toml_table,
    placed,
    strings,
    toml_at,
)
from secondstory.store.library import Library
from secondstory.store.libyaml import safe_load_bounded, syntax_error
from secondstory.trie import trie_pattern

BUILTIN_PATH = Path(__file__).with_name("mechanisms.yaml")
LIBRARY_FILE = "mechanisms.yaml"
ROLES = ("trigger", "contributing")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# a pattern made only of these never matches past the end of a word
_WITHIN_WORD = re.compile(r"^(?:[a-zA-Z0-9|()?*+:]|\\w|\\d|\\b|\{\d+(?:,\d*)?\})*$")
WordCues = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Cue:
    """One pattern: matching text adds `weight` (negative cues subtract)."""

    pattern: str
    weight: float
    regex: re.Pattern[str]
    gates: tuple[str, ...]  # the match must start with one of these words/prefixes; () = any
    within_word: bool  # can only match letters and digits: decided by the word alone
    required: str = ""  # a literal every match contains (checked once per text before trying)


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Mechanism:
    id: str
    name: str
    family: str
    description: str
    role: str
    tags: tuple[str, ...]
    cues: tuple[Cue, ...]


@dataclass(slots=True)
class Vocabulary:
    """Every mechanism and family, the section weights and the tag map, ready to classify."""

    mechanisms: dict[str, Mechanism] = field(repr=False)
    families: dict[str, Family] = field(repr=False)
    section_weights: dict[str, float]
    section_prefixes: tuple[tuple[str, float], ...]
    default_section_weight: float
    threshold: float
    tag_score: float
    tag_map: dict[str, str]  # a user's tag -> mechanism id
    sources: tuple[str, ...]  # the files this was read from, built-in first
    fingerprint: str  # changes whenever the effective vocabulary changes
    # prefix (2-4 chars) -> indexes into `cue_table`; cues without a gate are in `ungated`
    gate_index: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    cue_table: tuple[tuple[str, Cue], ...] = field(default=(), repr=False)
    ungated: tuple[int, ...] = field(default=(), repr=False)
    # tokens whose first 2-4 letters open a gate: the only ones worth looking at
    candidates: re.Pattern[str] = field(default=re.compile("(?!)"), repr=False)
    # lower-case word -> (cues matching inside the word: (index, length), phrase cues to try)
    word_cache: dict[str, WordCues] = field(default_factory=dict, repr=False)
    cold_words: set[str] = field(default_factory=set, repr=False)  # words that start no cue at all

    def word_cues(self, word: str) -> WordCues:
        """What a text token can start: cues decided by the word, and phrase cues to try."""
        cached = self.word_cache.get(word)
        if cached is not None:
            return cached
        inside: list[tuple[int, int]] = []
        phrases: list[int] = []
        for key in dict.fromkeys((word[:2], word[:3], word[:4])):
            for position in self.gate_index.get(key, ()):
                cue = self.cue_table[position][1]
                if not any(gate_fits(gate, word) for gate in cue.gates):
                    continue
                if not cue.within_word:
                    phrases.append(position)
                    continue
                found = cue.regex.match(word)
                if found is not None and found.end() > 0:
                    inside.append((position, found.end()))
        entry = (tuple(sorted(set(inside))), tuple(sorted(set(phrases))))
        if len(self.word_cache) + len(self.cold_words) < 500_000:
            if inside or phrases:
                self.word_cache[word] = entry
            else:
                self.cold_words.add(word)
        return entry

    def section_weight(self, key: str) -> float:
        if key in self.section_weights:
            return self.section_weights[key]
        for prefix, weight in self.section_prefixes:
            if key.startswith(prefix):
                return weight
        if key[:1].isdigit():  # a heading that is a time or a date: part of a timeline
            return self.section_weights.get("time-heading", self.default_section_weight)
        return self.default_section_weight

    def family_of(self, mechanism_id: str) -> str:
        mechanism = self.mechanisms.get(mechanism_id)
        return mechanism.family if mechanism else ""


# ----------------------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def _builtin_data() -> dict[str, Any]:
    return _parse_yaml(BUILTIN_PATH.read_text(encoding="utf-8"), BUILTIN_PATH)


def _parse_yaml(text: str, path: Path) -> dict[str, Any]:
    try:
        data = safe_load_bounded(text)
    except yaml.YAMLError as exc:
        error = syntax_error(exc)  # one line, with the position, as `validate` says it
        raise ConfigError(
            f"{path}:{error.line}:{error.column}: YAML syntax: {error.message}",
            hint="fix the YAML syntax",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{Where(path, text)()}: must be a mapping with a 'mechanisms' list")
    return data


def load_vocabulary(library: Library | None = None) -> Vocabulary:
    """The built-in vocabulary, extended and overridden by the library's own rules."""
    data = copy.deepcopy(_builtin_data())
    sources = [str(BUILTIN_PATH)]
    wheres = [Where(BUILTIN_PATH)]
    if library is not None:
        table = library.section("mechanisms")
        overlay_path = _overlay_path(library, table)
        if overlay_path is not None:
            try:
                text = overlay_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{overlay_path}: cannot read: {exc}") from None
            wheres.append(Where(overlay_path, text))
            merge_overlay(data, _parse_yaml(text, overlay_path), wheres[-1])
            sources.append(str(overlay_path))
        merge_toml_table(data, table, library.root / "secondstory.toml")
    return compile_vocabulary(data, tuple(sources), tuple(wheres))


def _overlay_path(library: Library, table: dict[str, Any]) -> Path | None:
    config = library.root / "secondstory.toml"
    name = table.get("file")
    if name is None:
        default = library.root / LIBRARY_FILE
        return default if default.is_file() else None
    if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
        raise ConfigError(
            f"{toml_at(config, 'file')}: mechanisms.file must be a path inside the library"
        )
    path = library.root / name
    if not path.is_file():
        raise ConfigError(
            f"{toml_at(config, 'file')}: mechanisms.file names {name}, which does not exist",
            hint="create the file or remove the setting",
        )
    return path


# ----------------------------------------------------------------------------- compiling


def compile_vocabulary(
    data: dict[str, Any], sources: tuple[str, ...], wheres: tuple[Where, ...] = ()
) -> Vocabulary:
    """The vocabulary of `data`; `wheres`: the files it was read from, built-in first, to
    place an error in the file and on the line that wrote the mechanism."""
    families = {
        f["id"]: Family(f["id"], str(f.get("name", f["id"])), str(f.get("description", "")))
        for f in data["families"]
    }
    mechanisms: dict[str, Mechanism] = {}
    for raw in data["mechanisms"]:
        mechanism = _mechanism(raw, families, _placer(raw.get("id"), wheres, sources[-1]))
        mechanisms[mechanism.id] = mechanism
    weights, prefixes, default = _section_weights(data.get("sections", {}))
    vocab = Vocabulary(
        mechanisms=mechanisms,
        families=families,
        section_weights=weights,
        section_prefixes=prefixes,
        default_section_weight=default,
        threshold=float(data.get("threshold", 3.0)),
        tag_score=float(data.get("tag_score", 12.0)),
        tag_map=_tag_map(mechanisms),
        sources=sources,
        fingerprint=hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str).encode()
        ).hexdigest()[:16],
    )
    _index_cues(vocab)
    return vocab


Placer = Callable[[str], str]


def _placer(mechanism_id: object, wheres: tuple[Where, ...], source: str) -> Placer:
    """`key` -> "file:line:column: mechanism 'id'" for a message about that key of the
    mechanism: in the last file that writes the key (or names the mechanism)."""

    def place(key: str) -> str:
        label = f"mechanism {mechanism_id!r}"
        if isinstance(mechanism_id, str):
            for where in reversed(wheres):
                found = where.mechanism(mechanism_id, key)
                if found is not None:
                    return f"{found}: {label}"
        return f"{source}: {label}"

    return place


def _mechanism(raw: dict[str, Any], families: dict[str, Family], place: Placer) -> Mechanism:
    mechanism_id = raw.get("id")
    if not isinstance(mechanism_id, str) or not _ID.match(mechanism_id):
        raise ConfigError(f"{place('id')}: id must be lowercase letters, digits and '-'")
    family = raw.get("family")
    if family not in families:
        raise ConfigError(
            f"{place('family')}: unknown family {family!r}",
            hint=f"use one of: {', '.join(families)}",
        )
    role = raw.get("role", "trigger")
    if role not in ROLES:
        raise ConfigError(f"{place('role')}: role must be one of {', '.join(ROLES)}")
    cues = _cues(raw, "cues", place) + _cues(raw, "negative", place)
    with placed(lambda: place("tags")):
        tags = tuple(t.lower() for t in strings(raw.get("tags", []), "tags"))
    return Mechanism(
        id=mechanism_id,
        name=str(raw.get("name", mechanism_id)),
        family=str(family),
        description=str(raw.get("description", "")).strip(),
        role=str(role),
        tags=tags,
        cues=tuple(cues),
    )


def _cues(raw: dict[str, Any], key: str, place: Placer) -> list[Cue]:
    """The mechanism's `cues` or `negative` cues (the weight of a negative one below 0)."""
    with placed(lambda: place(key)):
        return [
            _cue(pattern, weight if key == "cues" else -abs(weight))
            for weight, patterns in cue_map(raw.get(key, {}), key).items()
            for pattern in patterns
        ]


def _cue(pattern: str, weight: float) -> Cue:
    try:
        return _compiled_cue(pattern, weight)
    except re.error as exc:
        raise ConfigError(
            f"bad pattern {pattern!r}: {exc}", hint="fix the regular expression"
        ) from None


@cache
def _compiled_cue(pattern: str, weight: float) -> Cue:
    # matched against lower-cased text; IGNORECASE only so that upper-case letters in a
    # user's pattern still match (never lower-case the pattern: `\W` would become `\w`)
    lowered = pattern.lower()
    # decided on the pattern as written: lower-casing would turn `\W` into `\w`
    within = bool(_WITHIN_WORD.match(pattern)) and "(?" not in pattern.replace("(?:", "")
    regex = re.compile(pattern, re.IGNORECASE)
    return Cue(pattern, weight, regex, cue_gates(lowered), within, required_literal(lowered))


def _section_weights(
    raw: dict[str, Any],
) -> tuple[dict[str, float], tuple[tuple[str, float], ...], float]:
    exact: dict[str, float] = {}
    prefixes: list[tuple[str, float]] = []
    default = 1.0
    for key, weight in raw.items():
        value = float(weight)
        if key == "default":
            default = value
        elif key.endswith("*"):
            prefixes.append((key[:-1], value))
        else:
            exact[key] = value
    prefixes.sort(key=lambda item: -len(item[0]))
    return exact, tuple(prefixes), default


def _tag_map(mechanisms: dict[str, Mechanism]) -> dict[str, str]:
    tag_map: dict[str, str] = {}
    for mechanism in mechanisms.values():
        for tag in mechanism.tags:
            tag_map.setdefault(tag, mechanism.id)
    for mechanism in mechanisms.values():  # a mechanism's own id always wins
        tag_map[mechanism.id] = mechanism.id
    return tag_map


def _index_cues(vocab: Vocabulary) -> None:
    table: list[tuple[str, Cue]] = []
    index: dict[str, list[int]] = {}
    ungated: list[int] = []
    for mechanism in vocab.mechanisms.values():
        for cue in mechanism.cues:
            position = len(table)
            table.append((mechanism.id, cue))
            if not cue.gates:
                ungated.append(position)
            for gate in cue.gates:
                index.setdefault(gate.rstrip("$")[:4], []).append(position)
    vocab.cue_table = tuple(table)
    vocab.gate_index = {key: tuple(dict.fromkeys(value)) for key, value in index.items()}
    vocab.ungated = tuple(ungated)
    vocab.candidates = re.compile(
        r"(?<![a-z0-9])(?:" + trie_pattern(vocab.gate_index) + r")[a-z0-9]*"
    )


__all__ = ["Cue", "Family", "Mechanism", "Vocabulary", "cue_gates", "load_vocabulary"]
