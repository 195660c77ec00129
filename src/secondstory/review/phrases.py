"""Apply the phrase rules (the ones with a `pattern`) to one prepared document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from secondstory.review.context import CHECKS, Context
from secondstory.review.ruleset import Rule
from secondstory.review.text import Prepared

_BOUNDARY = re.compile(
    r"[.!?](?:[\"')\]*_]*)\s+|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+|\||^[ \t]*#{1,6}[^\n]*\n|:\s*\n",
    re.M,
)
_TRIM = " \t\n.!?:-*+,;"
WINDOW = 250


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase rule's match: the rule and the [start, end) offsets in the document."""

    rule: Rule
    start: int
    end: int
    text: str


def _sentence(lower: str, start: int, end: int) -> tuple[str, str]:
    window_start = max(0, start - WINDOW)
    before = lower[window_start:start]
    cut = 0
    for boundary in _BOUNDARY.finditer(before):
        cut = boundary.end()
    after = lower[end : end + WINDOW]
    stop = _BOUNDARY.search(after)
    return before[cut:], after[: stop.start() + 1] if stop else after


def _trimmed(lower: str, start: int, end: int) -> tuple[int, int]:
    while start < end and lower[start] in _TRIM:
        start += 1
    while end > start and lower[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


def _accepts(rule: Rule, doc: Prepared, start: int, end: int, people: tuple[str, ...]) -> bool:
    if rule.skip_headings and doc.in_heading(start):
        return False
    if rule.sections or rule.not_sections:
        section = doc.section_at(start)
        if rule.sections and section not in rule.sections:
            return False
        if section in rule.not_sections:
            return False
    if not (rule.check or rule.unless_before or rule.unless_after):
        return True
    before, after = _sentence(doc.lower, start, end)
    before, after = before.replace("\n", " "), after.replace("\n", " ")
    if rule.unless_before is not None and rule.unless_before.search(before):
        return False
    if rule.unless_after is not None and rule.unless_after.search(after):
        return False
    if rule.check:
        return CHECKS[rule.check](Context(before, doc.flat[start:end], after, people, doc.account))
    return True


BACK = 60  # how far before an anchor word a match may start
AHEAD = 160  # how far after an anchor word a match may end
# Bytes -> words: ASCII letters lower-cased, everything else a separator.
_WORDS = bytes.maketrans(
    bytes(range(256)),
    bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256)),
)


# Words of the headings that section-limited rules need (see text.SECTION_PATTERNS).
SECTION_TOKENS: dict[str, frozenset[bytes]] = {
    "actions": frozenset(
        b"action actions follow followup remediation remediations next todo todos corrective "
        b"preventive prevention preventative".split()
    ),
    "facts": frozenset(b"fact facts summary overview happened description".split()),
    "impact": frozenset(b"impact".split()),
    "surprises": frozenset(b"surprise surprises surprising believed mistaken".split()),
}
_ALL_SECTION_TOKENS = frozenset().union(*SECTION_TOKENS.values())


@cache
def _anchors(rules: tuple[Rule, ...]) -> tuple[frozenset[bytes], dict[bytes, tuple[Rule, ...]]]:
    """The words to look for (anchors and section heading words), and anchor word -> the
    rules whose every match contains it."""
    index: dict[bytes, list[Rule]] = {}
    for rule in rules:
        for word in rule.keywords:
            index.setdefault(word.encode(), []).append(rule)
    return frozenset(index) | _ALL_SECTION_TOKENS, {
        word: tuple(chosen) for word, chosen in index.items()
    }


def _trie(words: list[str]) -> str:
    """One regular expression for many words, as a trie (fast: little backtracking)."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return build(tree)


@cache
def _scanner(rules: tuple[Rule, ...]) -> re.Pattern[bytes]:
    words, _ = _anchors(rules)
    return re.compile((" (" + _trie(sorted(w.decode() for w in words)) + ")(?= )").encode())


def anchor_positions(text: str, rules: tuple[Rule, ...]) -> dict[bytes, list[int]]:
    """Anchor and heading words of `text` -> their offsets, in one pass over the text seen
    as space-separated lower-case ASCII words (one byte per character, so byte offsets are
    character offsets)."""
    folded = b" " + text.encode("ascii", "replace").translate(_WORDS) + b" "
    found: dict[bytes, list[int]] = {}
    for match in _scanner(rules).finditer(folded):
        found.setdefault(match.group(1), []).append(match.start())
    return found


_LEADING = "([{\"'*_`>#|~"


def _starts(flat: str, position: int, lead: int) -> list[int]:
    """Where a match may begin: the anchor word and up to `lead` words before it, farthest first."""
    starts = [position]
    index = position
    for _ in range(lead):
        if index <= 0:
            break
        before = flat.rfind(" ", 0, index - 1)
        start = before + 1
        while start < index and flat[start] in _LEADING:
            start += 1
        if start >= index:
            index = start if before == -1 else before
            continue
        starts.append(start)
        index = start
    starts.reverse()
    return starts


def _candidates(
    found: dict[bytes, list[int]], rules: tuple[Rule, ...], allowed: frozenset[str] | None
) -> dict[str, tuple[Rule, list[int]]]:
    """Rule code -> (rule, positions of its anchor words)."""
    _, index = _anchors(rules)
    candidates: dict[str, tuple[Rule, list[int]]] = {}
    for word, positions in found.items():
        chosen = index.get(word)
        if chosen is None:
            continue
        for rule in chosen:
            if allowed is None or rule.code in allowed:
                candidates.setdefault(rule.code, (rule, []))[1].extend(positions)
    return candidates


def _allowed(
    doc: Prepared, rules: tuple[Rule, ...], present: frozenset[bytes]
) -> frozenset[str] | None:
    """Codes of the rules to try: the section-limited ones only when such a heading may exist."""
    if doc.section:
        return None
    dropped = [
        r.code
        for r in rules
        if r.sections
        and not any(present & SECTION_TOKENS.get(key, frozenset()) for key in r.sections)
    ]
    return frozenset(r.code for r in rules) - set(dropped) if dropped else None


def find_hits(
    doc: Prepared, rules: tuple[Rule, ...], people: tuple[str, ...] = ()
) -> Iterator[Hit]:
    """Matches of the phrase rules, tried only where their anchor words are."""
    found = anchor_positions(doc.raw, rules)
    if not found:
        return
    flat = doc.flat
    allowed = _allowed(doc, rules, frozenset(found))
    for rule, positions in _candidates(found, rules, allowed).values():
        pattern = rule.pattern
        assert pattern is not None
        multiline, lead = rule.multiline, rule.lead
        text = doc.lower if multiline else flat
        seen: set[int] = set()
        for position in sorted(set(positions)):
            if multiline:
                starts = [doc.lower.rfind("\n", 0, position) + 1]
            else:
                starts = _starts(flat, position, lead) if lead else [position]
            for begin in starts:
                if begin in seen:
                    break
                match = pattern.match(text, begin)
                if match is None or match.end() <= position:
                    continue
                start, end = _trimmed(flat, match.start(), match.end())
                seen.add(begin)
                if (
                    start < end
                    and not doc.is_masked(start)
                    and _accepts(rule, doc, start, end, people)
                ):
                    yield Hit(rule, start, end, doc.raw[start:end])
                break
