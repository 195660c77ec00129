"""The passages `similar` quotes: the sentences of a match that hold the most shared words.

A passage is the incident's own words: never a line of a code block (quoted logs, commands)
nor of the `## Original front matter` an importer keeps, and never the same sentence twice
(a timeline event is often also a sentence of the narrative).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from secondstory.index.db import CHUNKS_PER_DOC
from secondstory.index.lines import FileLines
from secondstory.insights.terms import stem
from secondstory.model.fields import ORIGINAL_FRONT_MATTER
from secondstory.store.markdown import fence_after, fence_mark

PASSAGE_CHARS = 280
# Sentence ends, blank lines, and line breaks before a list item, quote, table row or
# heading; any other line break is a wrapped line inside a sentence.
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n\s*|\n(?=[ \t]*(?:[-*+>|]|\d+[.)]|#{1,6})\s)")
_WORD = re.compile(r"[a-z][a-z0-9]+")
_KEPT_FRONT_MATTER = re.compile(rf"^##\s+{re.escape(ORIGINAL_FRONT_MATTER)}\s*#*\s*$", re.M)


@dataclass(slots=True)
class Passage:
    section: str
    heading: str
    file: str
    line: int
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "section": self.section,
            "heading": self.heading,
            "file": self.file,
            "line": self.line,
            "text": self.text,
        }


def prose(text: str) -> str:
    """`text` without its fenced code blocks (as CommonMark reads them: a backtick fence's
    info string has no backtick, a block runs to its closing fence or the end) and without
    an importer's `## Original front matter` section and what follows it."""
    kept = _KEPT_FRONT_MATTER.search(text)
    if kept is not None:
        text = text[: kept.start()]
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        mark = fence_mark(line)
        if mark is not None:
            fence = fence_after(fence, *mark)
        elif fence is None:
            out.append(line)
    return "\n".join(out)


def same_words(text: str) -> str:
    """What two passages are compared by: their words, lower case, without markup."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def matching_passages(
    conn: sqlite3.Connection, doc_id: int, terms: list[str], count: int = 2
) -> tuple[list[Passage], dict[str, str]]:
    """The `count` distinct sentences of a document that hold the most of the shared
    (stemmed) words, and the word as written for each stem ('certificat' -> 'certificate'),
    for people to read."""
    wanted = set(terms)
    scored = []
    written: dict[str, Counter[str]] = {}
    low = doc_id * CHUNKS_PER_DOC
    rows = conn.execute(
        "SELECT section, heading, file, line, title || ' ' || body FROM chunks"
        " WHERE rowid BETWEEN ? AND ?",
        (low, low + CHUNKS_PER_DOC - 1),
    )
    for section, heading, file, line, body in rows:
        if heading == ORIGINAL_FRONT_MATTER:
            continue
        for sentence in _SENTENCE.split(prose(body or "")):
            found = {stem(w): w for w in _WORD.findall(sentence.lower())}
            hits = wanted & set(found)
            for key in hits:
                written.setdefault(key, Counter())[found[key]] += 1
            if hits and section != "title":
                text = " ".join(sentence.split())
                passage = Passage(section, heading, file, int(line), clipped(text))
                scored.append((len(hits), len(text), passage))
    scored.sort(key=lambda s: (-s[0], s[1]))
    words_as_written = {key: counts.most_common(1)[0][0] for key, counts in written.items()}
    return _distinct([p for _, _, p in scored], count), words_as_written


def _distinct(passages: list[Passage], count: int) -> list[Passage]:
    """The first `count` passages whose words are not already those of (or inside) one
    chosen before: a timeline event quoted in the narrative is shown once."""
    chosen: list[tuple[Passage, str]] = []
    for passage in passages:
        words = f" {same_words(passage.text.rstrip('…'))} "
        if any(words in other or other in words for _, other in chosen):
            continue
        chosen.append((passage, words))
        if len(chosen) == count:
            break
    return [p for p, _ in chosen]


def clipped(text: str, width: int = PASSAGE_CHARS) -> str:
    """`text` cut at the last word that fits in `width` characters, marked with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > width // 2 else width - 1].rstrip(" ,;:-") + "…"


def located(passages: list[Passage], root: Path | None) -> list[Passage]:
    """Each passage with the line of its file its words are on."""
    if root is None:
        return passages
    files = FileLines(root)
    return [replace(p, line=files.locate(p.file, p.line, p.text)) for p in passages]
