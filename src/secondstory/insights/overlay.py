"""A library's own rules merged into the built-in vocabulary data (before compiling).

mechanisms.yaml at the library root (or `[mechanisms] file = ...`) adds and extends
mechanisms and families; the `[mechanisms]` table of secondstory.toml sets the threshold,
disables mechanisms and maps the library's tags. See docs/mechanisms.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from secondstory.errors import ConfigError


def merge_overlay(data: dict[str, Any], overlay: dict[str, Any], path: Path) -> None:
    """Apply a library's mechanisms.yaml: new families/mechanisms are added, known ids merged."""
    for key in ("threshold", "tag_score"):
        if key in overlay:
            data[key] = number(overlay[key], f"{path}: {key}")
    sections = overlay.get("sections", {})
    if not isinstance(sections, dict):
        raise ConfigError(f"{path}: 'sections' must map section keys to weights")
    for key, weight in sections.items():
        data["sections"][str(key)] = number(weight, f"{path}: sections.{key}")
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
            current["tags"] = [*current.get("tags", []), *strings(value, f"{where}: tags")]
        elif key in ("cues", "negative") and not replace:
            merged = dict(current.get(key, {}))
            for weight, patterns in cue_map(value, f"{where}: {key}").items():
                merged[weight] = [*merged.get(weight, []), *patterns]
            current[key] = merged
        else:
            current[key] = value


def merge_toml_table(data: dict[str, Any], table: dict[str, Any], path: Path) -> None:
    """[mechanisms] in secondstory.toml: threshold, disable = [...], [mechanisms.tags]."""
    if "threshold" in table:
        data["threshold"] = number(table["threshold"], f"{path}: mechanisms.threshold")
    disabled = set(strings(table.get("disable", []), f"{path}: mechanisms.disable"))
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


def number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where} must be a number, not {value!r}")
    return float(value)


def strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return list(value)


def cue_map(value: Any, where: str) -> dict[float, list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where} must map a weight to a list of patterns", hint="e.g. cues: {3: ['disk full']}"
        )
    result: dict[float, list[str]] = {}
    for weight, patterns in value.items():
        result[number(weight, f"{where} weight")] = strings(patterns, f"{where}.{weight}")
    return result
