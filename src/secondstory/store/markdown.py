"""Markdown documents with YAML front matter: splitting and sectioning."""

from __future__ import annotations

import re
from dataclasses import dataclass

from secondstory.model.records import Section

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class SplitDocument:
    front_matter: str | None  # the YAML text, without the --- lines
    front_matter_line: int  # 1-based line where the YAML starts
    body: str
    body_line: int  # 1-based line where the body starts
    unterminated: bool = False


def split_front_matter(text: str) -> SplitDocument:
    """Split `---\\nyaml\\n---\\nbody`. A document without front matter is all body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return SplitDocument(None, 0, text, 1)
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return SplitDocument(yaml_text, 2, body, index + 2)
    return SplitDocument("".join(lines[1:]), 2, "", len(lines) + 1, unterminated=True)


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


_SPACES = re.compile(r"\s+")
_GUIDANCE = re.compile(r"<!--.*?-->", re.S)


def normalise_heading(heading: str) -> str:
    return _SPACES.sub(" ", heading.strip().strip(":").lower())


def split_sections(body: str, body_line: int, aliases: dict[str, str]) -> list[Section]:
    """Cut a body at its `## ` headings (outside code fences)."""
    sections: list[Section] = []
    current: tuple[str, int] | None = None
    buffer: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current is not None:
            heading, line = current
            key = aliases.get(normalise_heading(heading)) or slugify(heading)
            sections.append(Section(key, heading, "".join(buffer).strip("\n"), line, line + 1))

    for offset, line in enumerate(body.splitlines(keepends=True)):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)[0] * 3
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
        if fence is None and not fence_match:
            heading_match = _H2.match(line)
            if heading_match:
                close()
                current = (heading_match.group(1), body_line + offset)
                buffer = []
                continue
        if current is not None:
            buffer.append(line)
    close()
    return sections


def strip_guidance(text: str) -> str:
    """Remove the template's `<!-- guidance -->` comments; what remains is what people wrote."""
    return _GUIDANCE.sub("", text).strip() if "<!--" in text else text.strip()
