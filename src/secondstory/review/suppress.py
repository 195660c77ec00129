"""Inline suppression comments.

  <!-- secondstory: disable=BL101,CF -->     off from here (codes or prefixes; none = all)
  <!-- secondstory: enable=BL101 -->         on again (none = all)
  <!-- secondstory: disable-next-line=CF201 --> off for the next line only
YAML files take the same directives in `# secondstory: ...` comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(
    r"(?:<!--|#)\s*secondstory:\s*(disable-next-line|disable|enable)(?:\s*=\s*([A-Za-z0-9, ]*))?\s*(?:-->)?"
)


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    action: str
    codes: tuple[str, ...]  # empty: every rule

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


def parse_directives(text: str) -> list[Directive]:
    if "secondstory:" not in text:
        return []
    found = []
    for match in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        codes = tuple(c.strip().upper() for c in (match.group(2) or "").split(",") if c.strip())
        found.append(Directive(line, match.group(1), codes))
    return found


def is_suppressed(directives: list[Directive], line: int, code: str) -> bool:
    off = False
    for directive in directives:
        if directive.line > line:
            break
        if directive.action == "disable-next-line":
            if directive.line == line - 1 and directive.covers(code):
                return True
        elif directive.covers(code):
            off = directive.action == "disable"
    return off
