"""A free-form report cut into blocks, each knowing which section (by meaning) it is in.

Blocks are headings, table rows, list items, fenced code and paragraphs, with their line
numbers. Sections are found whatever the heading level or wording: ATX and setext
headings, `- **Impact**:` bullets (ERB/Jekyll reports) and `**Timeline:**` paragraphs.
Headings that start with a time ("### 14:05") inside a timeline stay part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secondstory.importers.timeparse import leading_stamp

# meaning -> heading patterns (matched against the lower-cased heading, first match wins)
MEANINGS: tuple[tuple[str, str], ...] = (
    ("key_events", r"^key events"),
    ("stats", r"^stats|statistics|^time to (repair|resolve|detect|recover)"),
    (
        "timeline",
        r"timeline|time line|chronolog|sequence of events|^events\b|^incident log|^context$",
    ),
    ("went_wrong", r"went (wrong|poorly|badly)|didn.t go|could have gone better|did not go"),
    ("went_well", r"went well|go well|went right"),
    ("lucky", r"lucky|luck"),
    ("lessons", r"lesson|takeaway|learnings|insights|what we learn"),
    (
        "actions",
        r"action|follow.?up|next steps|to ?do|remediation|prevent|improvement|long term"
        r"|corrective|future work|moving forward|recommendation",
    ),
    ("causes", r"root cause|cause|contributing|why did it happen|why it failed|factors"),
    ("detection", r"detect|identified|discovery|how .*noticed"),
    ("resolution", r"resolution|resolv|recovery|mitigation|repair|short term fix|^fix"),
    ("impact", r"impact|scope|affected"),
    ("summary", r"summary|overview|tl;?dr|what happened|description|background|^facts"),
    ("people", r"attendees|participants|involved|^owner"),
)
_COMPILED = tuple((key, re.compile(pattern)) for key, pattern in MEANINGS)
# "```x```" on one line is code, not a fence
_FENCE = re.compile(r"^\s{0,3}(`{3,}(?=[^`]*$)|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^(\s*)([-*+•]|\d{1,3}[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PSEUDO = re.compile(r"^\*\*([^*]{2,60}?):?\*\*\s*:?\s*(.*)$")
_MARKUP = re.compile(r"[*_`#]|\[|\]\(.*?\)")


@dataclass(slots=True)
class Block:
    """One structural piece of the report."""

    kind: str  # heading | pseudo | row | item | para | fence | blank
    text: str  # the raw lines, joined with newlines
    line: int  # 1-based line in the original file
    level: int = 0  # heading level; list indent for items
    section: str = ""  # the meaning of the innermost section that has one
    heading: str = ""  # the innermost heading text
    cells: list[str] = field(default_factory=list)  # table rows: the cells
    header: list[str] = field(default_factory=list)  # table rows: the table's header cells


def meaning(heading: str) -> str:
    """The canonical meaning of a heading ("Lessons Learned" -> lessons), or ""."""
    text = normalise(heading)
    if not text or len(text) > 80:
        return ""
    for key, pattern in _COMPILED:
        if pattern.search(text):
            return key
    return ""


def normalise(heading: str) -> str:
    text = _MARKUP.sub("", heading).strip().strip(":").strip().lower()
    text = re.sub(r"^\d+(\.\d+)*\.?\s+", "", text)
    return re.sub(r"\s+", " ", text)


def split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def _raw_blocks(lines: list[str], first_line: int) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        fence = _FENCE.match(line)
        if fence:
            end = _fence_end(lines, index, fence.group(1))
            blocks.append(Block("fence", "\n".join(lines[index : end + 1]), number))
            index = end + 1
            continue
        if not line.strip():
            blocks.append(Block("blank", "", number))
        elif _ATX.match(line):
            match = _ATX.match(line)
            assert match is not None
            blocks.append(Block("heading", match.group(2), number, len(match.group(1))))
        elif _is_table_start(lines, index):
            index = _table(lines, index, first_line, blocks)
            continue
        elif _ITEM.match(line):
            index = _item(lines, index, first_line, blocks)
            continue
        else:
            index = _paragraph(lines, index, first_line, blocks)
            continue
        index += 1
    return blocks


def _fence_end(lines: list[str], start: int, marker: str) -> int:
    for index in range(start + 1, len(lines)):
        closing = _FENCE.match(lines[index])
        if (
            closing
            and closing.group(1)[0] == marker[0]
            and len(closing.group(1)) >= len(marker)
            and not lines[index].strip()[len(closing.group(1)) :].strip()
        ):
            return index
    return len(lines) - 1


def _is_table_start(lines: list[str], index: int) -> bool:
    return (
        "|" in lines[index] and index + 1 < len(lines) and bool(_TABLE_SEP.match(lines[index + 1]))
    )


def _table(lines: list[str], index: int, first_line: int, blocks: list[Block]) -> int:
    header = split_cells(lines[index])
    blocks.append(Block("row", lines[index], first_line + index, cells=header, header=[]))
    index += 2
    while index < len(lines) and "|" in lines[index] and lines[index].strip():
        blocks.append(
            Block(
                "row",
                lines[index],
                first_line + index,
                cells=split_cells(lines[index]),
                header=header,
            )
        )
        index += 1
    return index


def _item(lines: list[str], index: int, first_line: int, blocks: list[Block]) -> int:
    match = _ITEM.match(lines[index])
    assert match is not None
    indent = len(match.group(1).expandtabs(4))
    text = [lines[index]]
    index += 1
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _ITEM.match(line) or _FENCE.match(line) or _ATX.match(line):
            break
        if "|" in line and _is_table_start(lines, index):
            break
        text.append(line)
        index += 1
    blocks.append(Block("item", "\n".join(text), first_line + index - len(text), indent))
    return index


def _paragraph(lines: list[str], index: int, first_line: int, blocks: list[Block]) -> int:
    start = index
    while index < len(lines):
        line = lines[index]
        if index > start and (
            not line.strip() or _ITEM.match(line) or _FENCE.match(line) or _ATX.match(line)
        ):
            break
        if index > start and _SETEXT.match(line) and index == start + 1:
            level = 1 if line.strip().startswith("=") else 2
            blocks.append(Block("heading", lines[start].strip(), first_line + start, level))
            return index + 1
        if index > start and _is_table_start(lines, index):
            break
        index += 1
    for offset, line in enumerate(lines[start:index]):
        blocks.append(Block("para", line, first_line + start + offset))
    return index


def _pseudo_label(block: Block) -> str:
    """`- **Impact**: ...` at the top level, or a paragraph that is only `**Timeline:**`."""
    if block.kind == "item" and block.level == 0:
        match = _ITEM.match(block.text.split("\n", 1)[0])
        label = _PSEUDO.match(match.group(3)) if match else None
        return label.group(1) if label and meaning(label.group(1)) else ""
    if block.kind == "para":
        label = _PSEUDO.match(block.text.strip())
        if label and not label.group(2) and meaning(label.group(1)):
            return label.group(1)
    return ""


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """The body's blocks, each with the meaning of the section it belongs to."""
    blocks = _raw_blocks(body.splitlines(), first_line)
    stack: list[tuple[int, str, str]] = []  # (level, heading, meaning)
    for block in blocks:
        if block.kind == "heading":
            in_timeline = any(key in ("timeline", "key_events") for _, _, key in stack)
            if in_timeline and leading_stamp(block.text, 2000) is not None:
                _assign(block, stack)
                continue
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text, meaning(block.text)))
        else:
            label = _pseudo_label(block)
            if label:
                while stack and stack[-1][0] >= 7:
                    stack.pop()
                stack.append((7, label, meaning(label)))
                block.kind = "pseudo"
        _assign(block, stack)
    return blocks


def _assign(block: Block, stack: list[tuple[int, str, str]]) -> None:
    block.heading = stack[-1][1] if stack else ""
    block.section = next((key for _, _, key in reversed(stack) if key), "")
