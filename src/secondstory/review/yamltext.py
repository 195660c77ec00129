"""Phrase rules over the text fields of timeline.yaml, factors.yaml and actions.yaml.

All the field values of one file are linted as one document (values separated by blank
lines), then each hit is mapped back to the value it came from and to its line and
column in the YAML file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from secondstory.model.records import Located
from secondstory.review.config import ReviewConfig
from secondstory.review.finding import Finding
from secondstory.review.lint import make_finding, phrase_plan
from secondstory.review.phrases import find_hits
from secondstory.review.suppress import Directive, is_suppressed, parse_directives
from secondstory.review.text import prepare

SEPARATOR = "\n\n"


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


class _Field:
    __slots__ = ("item", "name", "offset", "value")

    def __init__(self, item: Located, name: str, value: str, offset: int) -> None:
        self.item, self.name, self.value, self.offset = item, name, value, offset


def _value_start(raw: str, starts: list[int], field: _Field) -> int | None:
    """Where the value is written in the file, when it is written as it reads (one line)."""
    line, _ = field.item.where(field.name)
    if line < 1 or line > len(starts):
        return None
    start = starts[line - 1]
    found = raw.find(field.value, start, start + len(field.value) + 4000)
    return None if found == -1 else found


def _groups(items: Sequence[Located], fields: Sequence[str]) -> dict[str, list[_Field]]:
    groups: dict[str, list[_Field]] = {"actions": [], "yaml": []}
    lengths = {"actions": 0, "yaml": 0}
    for item in items:
        for name in fields:
            value = getattr(item, name, "")
            if not isinstance(value, str) or not value.strip():
                continue
            group = "actions" if name == "what" else "yaml"
            groups[group].append(_Field(item, name, value, lengths[group]))
            lengths[group] += len(value) + len(SEPARATOR)
    return groups


def _dropped(item: Located) -> bool:
    return getattr(item, "status", None) == "dropped"


def lint_yaml_fields(
    items: Sequence[Located],
    fields: Sequence[str],
    raw: str,
    path: str,
    config: ReviewConfig,
    people: tuple[str, ...],
) -> list[Finding]:
    """Findings in the text fields of `items`, placed in the YAML file `raw` (shown as `path`).
    The file's line starts and suppression comments are read only when there is a hit."""
    starts: list[int] = []
    directives: list[Directive] = []
    plan = phrase_plan(config)
    findings = []
    for group, chosen in _groups(items, fields).items():
        if not chosen:
            continue
        offsets = [f.offset for f in chosen]
        document = prepare(SEPARATOR.join(f.value for f in chosen), section=group)
        for hit in find_hits(document, plan, people):
            if not starts:
                starts, directives = line_starts(raw), parse_directives(raw)
            field = chosen[bisect_right(offsets, hit.start) - 1]
            if hit.rule.category == "action-item" and _dropped(field.item):
                continue  # dropping a weak item is the answer to this rule
            base = _value_start(raw, starts, field)
            if base is None:
                line, column = field.item.where(field.name)
                begin, end = (line, column), (line, column + len(field.name))
            else:
                relative = hit.start - field.offset
                begin = _position(starts, base + relative)
                end = _position(starts, base + min(hit.end - field.offset, len(field.value)))
            quoted = " ".join(hit.text.split())
            finding = make_finding(hit.rule, config, path, begin, end, f'"{quoted}"')
            if not is_suppressed(directives, finding.line, finding.code):
                findings.append(finding)
    return findings
