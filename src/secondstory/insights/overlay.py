"""A library's own rules merged into the built-in vocabulary data (before compiling).

mechanisms.yaml at the library root (or `[mechanisms] file = ...`) adds and extends
mechanisms and families; the `[mechanisms]` table of secondstory.toml sets the threshold,
disables mechanisms and maps the library's tags. See docs/mechanisms.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from secondstory.errors import ConfigError
from secondstory.store.library import toml_key_line


@contextmanager
def placed(where: Callable[[], str]) -> Iterator[None]:
    """A ConfigError raised inside gets `where()` (a file and line) in front of its message;
    found only then, so reading a valid file never looks for positions."""
    try:
        yield
    except ConfigError as exc:
        raise ConfigError(f"{where()}: {exc.message}", hint=exc.hint) from None


class Where:
    """`file:line:column` of a part of a YAML rules file, for a message: the text is read
    and composed again (keeping positions) only when there is something to report."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def __call__(self, *keys: str | int) -> str:
        """Where the value at `keys` is (the nearest written part above it when it is not)."""
        return self._at(_descend(self._tree(), keys))

    def at(self, *keys: str | int) -> Any:
        """A context: errors raised inside are about the value at `keys` (see `placed`)."""
        return placed(lambda: self(*keys))

    def mechanism(self, mechanism_id: str, key: str) -> str | None:
        """Where `key` of the mechanism `mechanism_id` is written (its last entry with the
        key, else its first entry); None when this file does not name the mechanism."""
        entries = [
            node
            for node in _items(_descend(self._tree(), ("mechanisms",)))
            if _scalar(_descend(node, ("id",))) == mechanism_id
        ]
        with_key = [node for node in entries if _child(node, key) is not None]
        if with_key:
            return self._at(_child(with_key[-1], key))
        return self._at(entries[0]) if entries else None

    def _tree(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                text = self._text
                if text is None:
                    text = self.path.read_text(encoding="utf-8")
                self._root = yaml.compose(text, Loader=yaml.SafeLoader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._root = None
        return self._root

    def _at(self, node: yaml.Node | None) -> str:
        if node is None:
            return str(self.path)
        return f"{self.path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
        return found[-1] if found else None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item: yaml.Node = node.value[key]
        return item
    return None


def _descend(node: yaml.Node | None, keys: tuple[str | int, ...]) -> yaml.Node | None:
    """The node at `keys`, or the last one found on the way (None: not even the first)."""
    for key in keys:
        child = _child(node, key)
        if child is None:
            return node
        node = child
    return node


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def merge_overlay(data: dict[str, Any], overlay: dict[str, Any], where: Where) -> None:
    """Apply a library's mechanisms.yaml: new families/mechanisms are added, known ids merged."""
    for key in ("threshold", "tag_score"):
        if key in overlay:
            with where.at(key):
                data[key] = number(overlay[key], key)
    sections = overlay.get("sections", {})
    if not isinstance(sections, dict):
        raise ConfigError(f"{where('sections')}: 'sections' must map section keys to weights")
    for key, weight in sections.items():
        with where.at("sections", key):
            data["sections"][str(key)] = number(weight, f"sections.{key}")
    families = {f["id"]: f for f in data["families"]}
    for index, family in enumerate(_list(overlay, "families", where)):
        if not isinstance(family, dict) or not isinstance(family.get("id"), str):
            raise ConfigError(f"{where('families', index)}: families[{index}] needs an 'id'")
        families.setdefault(
            family["id"], {"id": family["id"], "name": family["id"], "description": ""}
        )
        families[family["id"]].update(family)
    data["families"] = list(families.values())
    by_id = {m["id"]: m for m in data["mechanisms"]}
    for index, entry in enumerate(_list(overlay, "mechanisms", where)):
        _merge_mechanism(by_id, entry, where, index)
    data["mechanisms"] = [m for m in by_id.values() if not m.get("disabled")]


def _merge_mechanism(
    by_id: dict[str, dict[str, Any]], entry: Any, where: Where, index: int
) -> None:
    name = f"mechanisms[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ConfigError(
            f"{where('mechanisms', index)}: {name}: each mechanism needs an 'id'",
            hint="e.g. '- id: payment-timeout'",
        )
    mechanism_id = entry["id"]
    current = by_id.get(mechanism_id)
    if current is None:
        missing = [k for k in ("name", "family") if k not in entry]
        if missing:
            raise ConfigError(
                f"{where('mechanisms', index)}: {name}: new mechanism '{mechanism_id}' needs"
                f" {', '.join(missing)}",
                hint="give it a name and a family, or fix the id of an existing mechanism",
            )
        by_id[mechanism_id] = {k: v for k, v in entry.items() if k != "replace_cues"}
        return
    replace = bool(entry.get("replace_cues"))
    for key, value in entry.items():
        if key in ("id", "replace_cues"):
            continue
        with where.at("mechanisms", index, key):
            _merge_key(current, key, value, f"{name}: {key}", replace)


def _merge_key(current: dict[str, Any], key: str, value: Any, label: str, replace: bool) -> None:
    if key == "tags":
        current["tags"] = [*current.get("tags", []), *strings(value, label)]
    elif key in ("cues", "negative") and not replace:
        merged = dict(current.get(key, {}))
        for weight, patterns in cue_map(value, label).items():
            merged[weight] = [*merged.get(weight, []), *patterns]
        current[key] = merged
    else:
        current[key] = value


def toml_at(path: Path, key: str) -> str:
    """`path:line` of `key` in the [mechanisms] table of secondstory.toml (`tags.edge`: in
    [mechanisms.tags], or `tags` of [mechanisms]); `path` when it is not found."""
    table, _, name = f"mechanisms.{key}".rpartition(".")
    line = toml_key_line(path, table, name) or toml_key_line(path, "mechanisms", key.split(".")[0])
    return f"{path}:{line}" if line else str(path)


def merge_toml_table(data: dict[str, Any], table: dict[str, Any], path: Path) -> None:
    """[mechanisms] in secondstory.toml: threshold, disable = [...], [mechanisms.tags]."""
    if "threshold" in table:
        with placed(lambda: toml_at(path, "threshold")):
            data["threshold"] = number(table["threshold"], "mechanisms.threshold")
    with placed(lambda: toml_at(path, "disable")):
        disabled = set(strings(table.get("disable", []), "mechanisms.disable"))
    known = {m["id"] for m in data["mechanisms"]}
    unknown = sorted(disabled - known)
    if unknown:
        raise ConfigError(
            f"{toml_at(path, 'disable')}: mechanisms.disable names unknown mechanisms: {', '.join(unknown)}",
            hint="see docs/mechanisms.md for the ids",
        )
    data["mechanisms"] = [m for m in data["mechanisms"] if m["id"] not in disabled]
    tags = table.get("tags", {})
    if not isinstance(tags, dict):
        raise ConfigError(
            f"{toml_at(path, 'tags')}: [mechanisms.tags] must map a tag to a mechanism id"
        )
    by_id = {m["id"]: m for m in data["mechanisms"]}
    for tag, target in tags.items():
        if not isinstance(target, str) or target not in by_id:
            raise ConfigError(
                f"{toml_at(path, f'tags.{tag}')}: mechanisms.tags.{tag} = {target!r} is not a mechanism id",
                hint="see docs/mechanisms.md for the ids",
            )
        by_id[target]["tags"] = [*by_id[target].get("tags", []), str(tag)]


def _list(data: dict[str, Any], key: str, where: Where) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where(key)}: '{key}' must be a list")
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
