"""Reading YAML through libyaml (PyYAML's C parser), for what store/fastyaml.py leaves:
imported only when a file needs it, so a run over plain files never loads PyYAML."""

from __future__ import annotations

from typing import Any

import yaml

from secondstory.store.yamlio import YamlSyntaxError
from secondstory.store.yamlmodel import NULLS, YList, YMap

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _FastLoader(yaml.CBaseLoader if hasattr(yaml, "CBaseLoader") else yaml.BaseLoader):  # type: ignore[misc]
    """Compose only: every tag is the plain default, so no per-node resolver work."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _TooManyNodes(Exception):
    """The document's aliases expand to far more values than it has (a "billion laughs")."""


def _convert(node: yaml.Node, offset: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooManyNodes
    if isinstance(node, yaml.ScalarNode):
        value: str = node.value
        if value in NULLS and not node.style:
            return None
        return value
    if isinstance(node, yaml.SequenceNode):
        seq = YList(node.start_mark.line + 1 + offset, node.start_mark.column + 1)
        append, positions = seq.append, seq.positions.append
        for item in node.value:
            append(_convert(item, offset, budget))
            mark = item.start_mark
            positions((mark.line + 1 + offset, mark.column + 1))
        return seq
    mapping = YMap(node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        if key == "<<":
            _merge(mapping, _convert(value_node, offset, budget))
            continue
        kmark, vmark = key_node.start_mark, value_node.start_mark
        if key in mapping.positions:
            raise _duplicate(key, mapping.positions[key][0], kmark, offset)
        mapping[key] = _convert(value_node, offset, budget)
        mapping.positions[key] = (kmark.line + 1 + offset, kmark.column + 1)
        mapping.value_positions[key] = (vmark.line + 1 + offset, vmark.column + 1)
    return mapping


def _duplicate(key: str, first: int, mark: Any, offset: int) -> YamlSyntaxError:
    """A key given twice in one mapping: YAML forbids it and PyYAML would keep the last
    value, losing the first without a word."""
    return YamlSyntaxError(
        f"duplicate key '{key}' (first at line {first}): only one value can be kept; "
        "remove or rename one of them",
        mark.line + 1 + offset,
        mark.column + 1,
    )


def _merge(mapping: YMap, merged: Any) -> None:
    if isinstance(merged, YMap):
        for k, v in merged.items():
            if k not in mapping:
                mapping[k] = v
                mapping.positions[k] = merged.positions[k]
                mapping.value_positions[k] = merged.value_positions[k]


def syntax_error(exc: yaml.YAMLError, line_offset: int = 0) -> YamlSyntaxError:
    """PyYAML's error as one line with a 1-based position, as `validate` reports it (SS002)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlSyntaxError(str(exc).splitlines()[0], 1 + line_offset, 1)
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context_mark
    if exc.context and context is not None and exc.problem:
        problem += f" ({exc.context} that starts at line {context.line + 1 + line_offset}, column {context.column + 1})"
    return YamlSyntaxError(problem, line, column)


# Values a document may expand to through its aliases, beyond one per character of it: a
# document without aliases has fewer values than characters, a "billion laughs" of 300
# bytes expands to a billion.
ALIAS_ALLOWANCE = 100_000


def load_libyaml(text: str, line_offset: int = 0) -> Any:
    """One YAML document through libyaml; YamlSyntaxError with a 1-based position."""
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        raise syntax_error(exc, line_offset) from None
    except RecursionError:
        raise YamlSyntaxError("nested too deeply", 1 + line_offset, 1) from None
    if node is None:
        return None
    try:
        return _convert(node, line_offset, [len(text) + ALIAS_ALLOWANCE])
    except _TooManyNodes:
        raise YamlSyntaxError(
            f"its aliases (*name) expand to over {ALIAS_ALLOWANCE:,} more values than the file "
            "has characters; write the values out instead of repeating anchors",
            node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1,
        ) from None
    except RecursionError:
        raise YamlSyntaxError("nested too deeply", 1 + line_offset, 1) from None


def safe_load_bounded(text: str, fast: bool = False) -> Any:
    """`yaml.safe_load` (typed values: numbers, booleans) for a user's YAML file, refused
    with a `yaml.MarkedYAMLError` at the document's start when its aliases expand beyond
    the file's size plus ALIAS_ALLOWANCE values: walking a "billion laughs" of 300 bytes
    took 49 s and 5.5 GB before. `fast`: libyaml's C loader (its error messages differ
    from the Python loader's, which `yaml.safe_load` uses and error messages show)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text) if fast else yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, len(text) + ALIAS_ALLOWANCE) is None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"its aliases (*name) expand to over {ALIAS_ALLOWANCE:,} more values than the "
                "file has characters; write the values out instead of repeating anchors",
                node.start_mark,
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(root: yaml.Node, budget: int) -> int | None:
    """How many values `root` stands for once every alias is written out (a shared node
    counts each time it is used), or None as soon as that exceeds `budget`."""
    seen, stack = 0, [root]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > budget:
            return None
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return seen
