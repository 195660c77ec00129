"""Action items and prose sections of a PagerDuty postmortem export."""

from __future__ import annotations

import re

from secondstory.importers.imported import ImportedAction
from secondstory.importers.pagerduty_export import EMPTY_TEXT, join_wrapped, section_text

_MARKER = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+(.*)$")
_URL = re.compile(r"https?://[^\s)\]>,]+")
_DONE = re.compile(r"\s*\((done|completed)\)\s*$", re.I)


def action_items(lines: list[str], warnings: list[str]) -> list[ImportedAction]:
    """One action per bullet or number ("- ", "1. ", "1) "); wrapped lines are joined.

    Without any bullet the whole section is one item. Text before the first bullet
    (e.g. "Do EITHER (1) OR (2)") is not an action and is reported.
    """
    stripped = [line.strip() for line in lines if line.strip()]
    if not stripped or " ".join(stripped).lower() in EMPTY_TEXT:
        return []
    groups: list[list[str]] = []
    preamble: list[str] = []
    for line in stripped:
        marker = _MARKER.match(line)
        if marker:
            groups.append([marker.group(1)])
        elif groups:
            groups[-1].append(line)
        else:
            preamble.append(line)
    if not groups:
        return [_action(join_wrapped(preamble))]
    if preamble:
        warnings.append(
            "action items: text before the first item was not taken as an action: "
            f"{' '.join(preamble)!r}"
        )
    return [_action(join_wrapped(group)) for group in groups]


def _action(text: str) -> ImportedAction:
    urls = _URL.findall(text)
    what = _DONE.sub("", text).strip()
    status = "open"
    if _DONE.search(text):
        what += " (marked done in the export)"
    bare = _URL.sub("", what).strip(" -–:").strip()
    return ImportedAction(
        what=what if bare else (urls[0] if urls else what),
        tracker=urls[0] if urls else "",
        status=status,
    )


def prose_sections(sections: dict[str, list[str]]) -> dict[str, str]:
    """Map the export's sections onto the format's: Overview -> Facts, What Happened ->
    Narrative, Resolution (kept as its own section), went well / did not -> Response,
    Where we got lucky -> luck, Additional Notes (own section)."""
    text = {
        key: section_text(lines)
        for key, lines in sections.items()
        if key not in ("timeline", "action_items")
    }
    out: dict[str, str] = {}
    if text.get("overview"):
        out["facts"] = text["overview"]
    if text.get("what_happened"):
        out["narrative"] = text["what_happened"]
    if text.get("resolution"):
        out["resolution"] = text["resolution"]
    response = []
    if text.get("went_well"):
        response.append(f"What went well: {text['went_well']}")
    if text.get("went_badly"):
        response.append(f"What did not go so well: {text['went_badly']}")
    if response:
        out["response"] = "\n\n".join(response)
    if text.get("lucky"):
        out["luck"] = text["lucky"]
    if text.get("notes"):
        out["additional-notes"] = text["notes"]
    if text.get("preamble") and not out:
        out["facts"] = text["preamble"]
    return out
