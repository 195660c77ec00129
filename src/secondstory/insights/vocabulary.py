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
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from secondstory.errors import ConfigError
from secondstory.store.library import Library

BUILTIN_PATH = Path(__file__).with_name("mechanisms.yaml")
LIBRARY_FILE = "mechanisms.yaml"
ROLES = ("trigger", "contributing")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ALNUM = re.compile(r"[a-z0-9]+")
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
                if not any(_gate_fits(gate, word) for gate in cue.gates):
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
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: YAML syntax: {exc}", hint="fix the YAML syntax") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with a 'mechanisms' list")
    return data


def load_vocabulary(library: Library | None = None) -> Vocabulary:
    """The built-in vocabulary, extended and overridden by the library's own rules."""
    data = copy.deepcopy(_builtin_data())
    sources = [str(BUILTIN_PATH)]
    if library is not None:
        table = library.section("mechanisms")
        overlay_path = _overlay_path(library, table)
        if overlay_path is not None:
            try:
                text = overlay_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{overlay_path}: cannot read: {exc}") from None
            merge_overlay(data, _parse_yaml(text, overlay_path), overlay_path)
            sources.append(str(overlay_path))
        merge_toml_table(data, table, library.root / "secondstory.toml")
    return compile_vocabulary(data, tuple(sources))


def _overlay_path(library: Library, table: dict[str, Any]) -> Path | None:
    config = library.root / "secondstory.toml"
    name = table.get("file")
    if name is None:
        default = library.root / LIBRARY_FILE
        return default if default.is_file() else None
    if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
        raise ConfigError(f"{config}: mechanisms.file must be a path inside the library")
    path = library.root / name
    if not path.is_file():
        raise ConfigError(
            f"{config}: mechanisms.file names {name}, which does not exist",
            hint="create the file or remove the setting",
        )
    return path


# ----------------------------------------------------------------------------- merging


def merge_overlay(data: dict[str, Any], overlay: dict[str, Any], path: Path) -> None:
    """Apply a library's mechanisms.yaml: new families/mechanisms are added, known ids merged."""
    for key in ("threshold", "tag_score"):
        if key in overlay:
            data[key] = _number(overlay[key], f"{path}: {key}")
    sections = overlay.get("sections", {})
    if not isinstance(sections, dict):
        raise ConfigError(f"{path}: 'sections' must map section keys to weights")
    for key, weight in sections.items():
        data["sections"][str(key)] = _number(weight, f"{path}: sections.{key}")
    families = {f["id"]: f for f in data["families"]}
    for index, family in enumerate(_list(overlay, "families", path)):
        if not isinstance(family, dict) or not isinstance(family.get("id"), str):
            raise ConfigError(f"{path}: families[{index}] needs an 'id'")
        families.setdefault(
            family["id"], {"id": family["id"], "name": family["id"], "description": ""}
        )
        families[family["id"]].update(family)
    data["families"] = list(families.values())
    by_id = {m["id"]: m for m in data["mechanisms"]}
    for index, entry in enumerate(_list(overlay, "mechanisms", path)):
        _merge_mechanism(by_id, entry, f"{path}: mechanisms[{index}]")
    data["mechanisms"] = [m for m in by_id.values() if not m.get("disabled")]


def _merge_mechanism(by_id: dict[str, dict[str, Any]], entry: Any, where: str) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ConfigError(
            f"{where}: each mechanism needs an 'id'", hint="e.g. '- id: payment-timeout'"
        )
    mechanism_id = entry["id"]
    current = by_id.get(mechanism_id)
    if current is None:
        missing = [k for k in ("name", "family") if k not in entry]
        if missing:
            raise ConfigError(
                f"{where}: new mechanism '{mechanism_id}' needs {', '.join(missing)}",
                hint="give it a name and a family, or fix the id of an existing mechanism",
            )
        by_id[mechanism_id] = {k: v for k, v in entry.items() if k != "replace_cues"}
        return
    replace = bool(entry.get("replace_cues"))
    for key, value in entry.items():
        if key in ("id", "replace_cues"):
            continue
        if key == "tags":
            current["tags"] = [*current.get("tags", []), *_strings(value, f"{where}: tags")]
        elif key in ("cues", "negative") and not replace:
            merged = dict(current.get(key, {}))
            for weight, patterns in _cue_map(value, f"{where}: {key}").items():
                merged[weight] = [*merged.get(weight, []), *patterns]
            current[key] = merged
        else:
            current[key] = value


def merge_toml_table(data: dict[str, Any], table: dict[str, Any], path: Path) -> None:
    """[mechanisms] in secondstory.toml: threshold, disable = [...], [mechanisms.tags]."""
    if "threshold" in table:
        data["threshold"] = _number(table["threshold"], f"{path}: mechanisms.threshold")
    disabled = set(_strings(table.get("disable", []), f"{path}: mechanisms.disable"))
    known = {m["id"] for m in data["mechanisms"]}
    unknown = sorted(disabled - known)
    if unknown:
        raise ConfigError(
            f"{path}: mechanisms.disable names unknown mechanisms: {', '.join(unknown)}",
            hint="see docs/mechanisms.md for the ids",
        )
    data["mechanisms"] = [m for m in data["mechanisms"] if m["id"] not in disabled]
    tags = table.get("tags", {})
    if not isinstance(tags, dict):
        raise ConfigError(f"{path}: [mechanisms.tags] must map a tag to a mechanism id")
    by_id = {m["id"]: m for m in data["mechanisms"]}
    for tag, target in tags.items():
        if not isinstance(target, str) or target not in by_id:
            raise ConfigError(
                f"{path}: mechanisms.tags.{tag} = {target!r} is not a mechanism id",
                hint="see docs/mechanisms.md for the ids",
            )
        by_id[target]["tags"] = [*by_id[target].get("tags", []), str(tag)]


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{path}: '{key}' must be a list")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where} must be a number, not {value!r}")
    return float(value)


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return list(value)


def _cue_map(value: Any, where: str) -> dict[float, list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where} must map a weight to a list of patterns", hint="e.g. cues: {3: ['disk full']}"
        )
    result: dict[float, list[str]] = {}
    for weight, patterns in value.items():
        number = _number(weight, f"{where} weight")
        result[number] = _strings(patterns, f"{where}.{weight}")
    return result


# ----------------------------------------------------------------------------- compiling


def compile_vocabulary(data: dict[str, Any], sources: tuple[str, ...]) -> Vocabulary:
    families = {
        f["id"]: Family(f["id"], str(f.get("name", f["id"])), str(f.get("description", "")))
        for f in data["families"]
    }
    mechanisms: dict[str, Mechanism] = {}
    for raw in data["mechanisms"]:
        mechanism = _mechanism(raw, families, sources[-1])
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


def _mechanism(raw: dict[str, Any], families: dict[str, Family], source: str) -> Mechanism:
    mechanism_id = raw.get("id")
    where = f"{source}: mechanism {mechanism_id!r}"
    if not isinstance(mechanism_id, str) or not _ID.match(mechanism_id):
        raise ConfigError(f"{where}: id must be lowercase letters, digits and '-'")
    family = raw.get("family")
    if family not in families:
        raise ConfigError(
            f"{where}: unknown family {family!r}", hint=f"use one of: {', '.join(families)}"
        )
    role = raw.get("role", "trigger")
    if role not in ROLES:
        raise ConfigError(f"{where}: role must be one of {', '.join(ROLES)}")
    cues = [
        _cue(pattern, weight, where)
        for weight, patterns in _cue_map(raw.get("cues", {}), f"{where}: cues").items()
        for pattern in patterns
    ]
    cues += [
        _cue(pattern, -abs(weight), where)
        for weight, patterns in _cue_map(raw.get("negative", {}), f"{where}: negative").items()
        for pattern in patterns
    ]
    tags = tuple(t.lower() for t in _strings(raw.get("tags", []), f"{where}: tags"))
    return Mechanism(
        id=mechanism_id,
        name=str(raw.get("name", mechanism_id)),
        family=str(family),
        description=str(raw.get("description", "")).strip(),
        role=str(role),
        tags=tags,
        cues=tuple(cues),
    )


def _cue(pattern: str, weight: float, where: str) -> Cue:
    try:
        return _compiled_cue(pattern, weight)
    except re.error as exc:
        raise ConfigError(
            f"{where}: bad pattern {pattern!r}: {exc}", hint="fix the regular expression"
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


def required_literal(pattern: str) -> str:
    """The longest run of letters/digits (4+) outside groups and quantifiers, or ""."""
    if len(_split_top(pattern)) > 1:
        return ""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        nxt = pattern[i + 1 : i + 2]
        if char == "\\":
            runs.append("".join(current))
            current = []
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and char.isalnum() and nxt not in ("?", "*", "{"):
            current.append(char)
        else:
            runs.append("".join(current))
            current = []
            if char == "[":  # skip a character class
                i = pattern.find("]", i + 1) if "]" in pattern[i + 1 :] else len(pattern)
        i += 1
    runs.append("".join(current))
    best = max(runs, key=len)
    return best if len(best) >= 4 else ""


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


# ----------------------------------------------------------------------------- gates


def cue_gates(pattern: str) -> tuple[str, ...]:
    """The words a match can start with (lowercase, 2+ letters/digits); () when unknown.

    A gate ending in `$` is a whole word ("no$" for "no space left"), others are prefixes.

    Lets the classifier try a cue only where a text token begins with one of them,
    instead of scanning every text with every pattern.
    """
    gates: list[str] = []
    for branch in _split_top(pattern):
        branch_gates = _branch_gates(branch)
        if not branch_gates:
            return ()
        gates.extend(branch_gates)
    return tuple(dict.fromkeys(gates))


def _gate_fits(gate: str, word: str) -> bool:
    return word == gate[:-1] if gate.endswith("$") else word.startswith(gate)


def _branch_gates(branch: str) -> list[str]:
    if branch.startswith(r"\b"):
        branch = branch[2:]
    if branch.startswith("(?:"):
        close = _closing_paren(branch, 0)
        if close < 0 or branch[close + 1 : close + 2] in ("?", "*", "{"):
            return []
        gates: list[str] = []
        for inner in _split_top(branch[3:close]):
            inner_gates = _branch_gates(inner)
            if not inner_gates:
                return []
            gates.extend(inner_gates)
        return gates
    literal = _leading_literal(branch)
    word = _ALNUM.match(literal)
    if not word or len(word.group(0)) < 2:
        return []
    # "no space left": the token must be exactly "no"; "certificates?": any word starting so
    return [word.group(0) + ("$" if len(literal) > word.end() else "")]


def _leading_literal(branch: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(branch):
        char = branch[i]
        if char == "\\":
            nxt = branch[i + 1 : i + 2]
            if not nxt or nxt.isalnum():
                break
            out.append(nxt)
            i += 2
            continue
        if char in "?*{":
            if out:
                out.pop()
            break
        if char in "+":
            break
        if char in "()[].^$|":
            break
        out.append(char)
        i += 1
    return "".join(out)


def _split_top(pattern: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _closing_paren(pattern: str, open_at: int) -> int:
    depth = 0
    in_class = False
    i = open_at
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
