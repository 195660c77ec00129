"""Action items and contributing factors from a report's lists and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from secondstory.importers.sections import _ITEM, Block
from secondstory.importers.timeparse import find_stamp
from secondstory.model.records import ActionItem, Factor

_OWNER = re.compile(
    r"(?:\bowner|\bassignee|\bassigned to|\bresponsible)\s*[:=-]?\s*(?P<name>@?[A-Z@][\w.-]*(?: [A-Z][\w.-]*)?)",
    re.I,
)
_LEADING_HANDLE = re.compile(r"^\s*(?:\[[ xX]\]\s*)?(?P<name>@[\w-]+)\b")
_DUE = re.compile(r"\b(?:due|deadline|by|until|eta)\s*[:=]?\s*(?P<when>[^,;)]{4,30})", re.I)
_DONE = re.compile(r"^\s*\[[xX]\]|\b(DONE|Done|COMPLETED|Completed|\(completed\)|\(done\))\b")
_TRACKER = re.compile(
    r"https?://[^\s)>\]]+/(?:issues|pull|pulls|browse|tickets?|merge_requests)/[^\s)>\]]+", re.I
)
_CHECKBOX = re.compile(r"^\[[ xX]\]\s*")
_HEADERS = {
    "what": re.compile(r"action|item|task|what|description|summary|follow", re.I),
    "owner": re.compile(r"owner|assignee|who|responsible|assigned", re.I),
    "due": re.compile(r"due|deadline|date|when|eta", re.I),
    "status": re.compile(r"status|state|done", re.I),
    "tracker": re.compile(r"link|issue|ticket|tracker|pr\b|jira", re.I),
}
_FACTOR_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "external",
        re.compile(
            r"\b(aws|gcp|google cloud|azure|github|vendor|third.party|upstream|provider|npm)\b",
            re.I,
        ),
    ),
    (
        "process",
        re.compile(
            r"process|procedure|review|runbook|pipeline|checklist|approval|policy|test(ing|s)?\b",
            re.I,
        ),
    ),
    (
        "knowledge",
        re.compile(r"knew|know|aware|understand|documentation|documented|familiar|unclear", re.I),
    ),
    ("organisational", re.compile(r"team|priorit|staff|resourc|ownership|capacity|focus", re.I)),
    ("timing", re.compile(r"weekend|holiday|night|coincid|same time|simultaneous|timing", re.I)),
)


@dataclass(slots=True)
class Extracted:
    actions: list[ActionItem] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _items(blocks: list[Block], section: str) -> list[tuple[Block, str]]:
    """Top-level list items of `section` (nested items joined to their parent)."""
    chosen = [b for b in blocks if b.section == section and b.kind == "item"]
    if not chosen:
        return []
    top = min(b.level for b in chosen)
    grouped: list[tuple[Block, list[str]]] = []
    for block in chosen:
        match = _ITEM.match(block.text.split("\n", 1)[0])
        first = match.group(3) if match else block.text
        text = "\n".join([first, *(line.strip() for line in block.text.split("\n")[1:])]).strip()
        if block.level == top or not grouped:
            grouped.append((block, [text]))
        else:
            grouped[-1][1].append("- " + text)
    return [(block, "\n".join(lines)) for block, lines in grouped]


def _due(text: str, year: int | None) -> date | None:
    match = _DUE.search(text)
    if match is None:
        return None
    stamp = find_stamp(match.group("when"), year)
    return stamp.day if stamp is not None and stamp.start == 0 else None


def _action(
    block: Block, text: str, number: int, year: int | None, warnings: list[str]
) -> ActionItem:
    owner_match = _OWNER.search(text) or _LEADING_HANDLE.search(text)
    owner = owner_match.group("name").strip() if owner_match else ""
    tracker = _TRACKER.search(text)
    if _DONE.search(text):
        warnings.append(
            f"line {block.line}: action A{number} is marked done in the report; "
            "recorded as open (no completion date is given)"
        )
    what = _CHECKBOX.sub("", text).strip()
    return ActionItem(
        id=f"A{number}",
        what=what,
        owner=owner,
        due=_due(text, year),
        status="open",
        tracker=tracker.group(0) if tracker else "",
    )


def _column(header: list[str], name: str) -> int | None:
    return next((i for i, cell in enumerate(header) if _HEADERS[name].search(cell)), None)


def _row_action(
    block: Block, number: int, year: int | None, warnings: list[str]
) -> ActionItem | None:
    header, cells = block.header, block.cells
    columns = {name: _column(header, name) for name in _HEADERS}
    what_column = columns["what"] if columns["what"] is not None else 0

    def cell(name: str) -> str:
        index = columns[name]
        return cells[index].strip() if index is not None and index < len(cells) else ""

    what = cells[what_column].strip() if what_column < len(cells) else ""
    if not what:
        return None
    item = _action(block, what, number, year, warnings)
    item.owner = cell("owner") or item.owner
    due = cell("due")
    if due:
        stamp = find_stamp(due, year)
        item.due = stamp.day if stamp is not None else None
        if stamp is None and due.strip("-— ") and due.lower() not in ("n/a", "tbd", "?"):
            warnings.append(f"line {block.line}: due date '{due}' not understood")
    if re.search(r"done|complete|closed|fixed", cell("status"), re.I):
        warnings.append(
            f"line {block.line}: action A{number} is marked done in the report; recorded as open"
        )
    tracker = _TRACKER.search(cell("tracker")) if cell("tracker") else None
    if tracker:
        item.tracker = tracker.group(0)
    return item


def extract_actions(blocks: list[Block], year: int | None) -> Extracted:
    out = Extracted()
    for block, text in _items(blocks, "actions"):
        if not _CHECKBOX.sub("", text).strip():
            continue
        out.actions.append(_action(block, text, len(out.actions) + 1, year, out.warnings))
    for block in blocks:
        if block.section == "actions" and block.kind == "row" and block.header:
            item = _row_action(block, len(out.actions) + 1, year, out.warnings)
            if item is not None:
                out.actions.append(item)
    for _block, text in _items(blocks, "causes"):
        summary, _, detail = text.partition("\n")
        if not summary.strip():
            continue
        kind = next((k for k, pattern in _FACTOR_KINDS if pattern.search(text)), "technical")
        out.factors.append(
            Factor(
                id=f"F{len(out.factors) + 1}",
                kind=kind,
                summary=summary.strip(),
                detail=detail.strip(),
            )
        )
    return out
