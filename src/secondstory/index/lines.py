"""The line of a file that a passage or snippet shown from the index comes from.

The index keeps one line per chunk: a section's heading, a list file's first item. What is
shown (a sentence of `similar`, a snippet of `search`) is found again in the file when it is
shown, so its `file:line` points at the words themselves.
"""

from __future__ import annotations

from pathlib import Path

from secondstory.store.files import UnreadableFile, read_text

HIGHLIGHT = "\x02"  # where search marks a matched word (index/search.py: MARK_START)
_MARKS = str.maketrans("", "", "\x02\x03*…")  # search highlights and ellipses


def line_of(lines: list[str], first: int, text: str) -> int:
    """The line, at or after `first`, that holds the first words of `text` (of a list item,
    the words after its 'A3: ' label); `first` when no line does."""
    plain = text.translate(_MARKS).casefold()
    rest = plain.partition(": ")[2]
    for candidate, size in ((plain, 5), (rest, 5), (plain, 3), (rest, 3)):
        key = " ".join(candidate.split()[:size])
        if len(key.split()) < size:
            continue
        for number in range(max(first, 1), len(lines) + 1):
            if key in " ".join(lines[number - 1].translate(_MARKS).casefold().split()):
                return number
    return first


def snippet_line(lines: list[str], first: int, snippet: str) -> int:
    """The line of a search snippet: where its first highlighted word is, read with the
    words after it (else the snippet's first words)."""
    mark = snippet.find(HIGHLIGHT)
    if mark != -1:
        found = line_of(lines, first, snippet[mark:])
        if found != first or not snippet[:mark].strip(" …"):
            return found
    return line_of(lines, first, snippet)


class FileLines:
    """The lines of the library's files, read once each while results are shown."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._read: dict[str, list[str]] = {}

    def lines(self, file: str) -> list[str]:
        if file not in self._read:
            try:
                self._read[file] = read_text(self.root / file, self.root).splitlines()
            except UnreadableFile:  # gone since the index was built: keep the chunk's line
                self._read[file] = []
        return self._read[file]

    def locate(self, file: str, first: int, text: str) -> int:
        return line_of(self.lines(file), first, text)

    def locate_snippet(self, file: str, first: int, snippet: str) -> int:
        return snippet_line(self.lines(file), first, snippet)
