"""Apply the phrase rules (the ones with a `pattern`) to one prepared document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from secondstory.review.context import CHECKS, Context
from secondstory.review.ruleset import Rule
from secondstory.review.text import Prepared

_CLOSERS = r"[\"')\]*_]*\s+"
# Where a sentence or list item ends. Every alternative opens with a literal character, so
# the search skips quickly to the next candidate. `before` text is searched with a "\n"
# in front when it begins a line.
_BOUNDARY = re.compile(
    rf"\.{_CLOSERS}|!{_CLOSERS}|\?{_CLOSERS}|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+|\||"
    r"\n[ \t]*#{1,6}[^\n]*\n|:\s*\n"
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
    at_line_start = window_start == 0 or lower[window_start - 1] == "\n"
    before = ("\n" if at_line_start else "") + lower[window_start:start]
    cut = int(at_line_start)
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
_EVERY_SECTION = _ALL_SECTION_TOKENS  # a text given its section: every rule may apply


@cache
def _anchors(rules: tuple[Rule, ...]) -> tuple[frozenset[bytes], dict[bytes, tuple[Rule, ...]]]:
    """The phrases to look for (anchors and section heading words), and phrase -> the rules
    to try where it is found: its own, and those of the shorter anchors it begins with
    (the scanner reports the longest phrase at each word: "caused by" stands for "caused")."""
    own: dict[bytes, list[Rule]] = {}
    for rule in rules:
        for keyword in rule.keywords:
            own.setdefault(keyword.encode(), []).append(rule)
    index: dict[bytes, tuple[Rule, ...]] = {}
    for phrase in own:
        words = phrase.split(b" ")
        chosen: dict[str, Rule] = {}
        for size in range(1, len(words) + 1):
            for rule in own.get(b" ".join(words[:size]), ()):
                chosen.setdefault(rule.code, rule)
        index[phrase] = tuple(chosen.values())
    return frozenset(index) | _ALL_SECTION_TOKENS, index


def _trie(words: list[str]) -> str:
    """One regular expression for many phrases, as a trie (fast: little backtracking); a
    space between a phrase's words matches a run of spaces."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [
            (" +" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return build(tree)


@cache
def _scanner(rules: tuple[Rule, ...]) -> re.Pattern[bytes]:
    """At each word, the longest anchor phrase that starts there (a look-ahead, so phrases
    that overlap are all found)."""
    words, _ = _anchors(rules)
    phrases = sorted(w.decode() for w in words)
    initials = "".join(sorted({phrase[0] for phrase in phrases}))  # a cheap first test
    return re.compile(f" (?=[{initials}])(?=({_trie(phrases)})(?= ))".encode())


def anchor_positions(text: str, rules: tuple[Rule, ...]) -> dict[bytes, list[int]]:
    """Anchor phrases and heading words of `text` -> their offsets, in one pass over the text
    seen as space-separated lower-case ASCII words (one byte per character, so byte offsets
    are character offsets)."""
    folded = b" " + text.encode("ascii", "replace").translate(_WORDS) + b" "
    found: dict[bytes, list[int]] = {}
    for match in _scanner(rules).finditer(folded):
        phrase = match.group(1)
        if b"  " in phrase:
            phrase = b" ".join(phrase.split())
        found.setdefault(phrase, []).append(match.start())
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
    found: dict[bytes, list[int]], rules: tuple[Rule, ...], section_words: frozenset[bytes]
) -> dict[str, tuple[Rule, list[int]]]:
    """Rule code -> (rule, positions of its anchors); a section-limited rule only when a
    heading word of one of its sections is in the text."""
    _, index = _anchors(rules)
    candidates: dict[str, tuple[Rule, list[int]]] = {}
    for phrase, positions in found.items():
        for rule in index.get(phrase, ()):
            if rule.sections and not _may_have_section(rule, section_words):
                continue
            candidates.setdefault(rule.code, (rule, []))[1].extend(positions)
    return candidates


@cache
def _may_have_section(rule: Rule, words: frozenset[bytes]) -> bool:
    return any(words & SECTION_TOKENS.get(key, frozenset()) for key in rule.sections)


def _starts_for(doc: Prepared, rule: Rule, position: int) -> list[int]:
    if rule.multiline:
        return [doc.lower.rfind("\n", 0, position) + 1]
    return _starts(doc.flat, position, rule.lead) if rule.lead else [position]


def find_hits(
    doc: Prepared, rules: tuple[Rule, ...], people: tuple[str, ...] = ()
) -> Iterator[Hit]:
    """Matches of the phrase rules, tried only where their anchors are."""
    found = anchor_positions(doc.raw, rules)
    if not found:
        return
    flat = doc.flat
    section_words = (
        _EVERY_SECTION if doc.section else frozenset(p for p in found if p in _ALL_SECTION_TOKENS)
    )
    for rule, positions in _candidates(found, rules, section_words).values():
        pattern = rule.pattern
        assert pattern is not None
        text = doc.lower if rule.multiline else flat
        seen: set[int] = set()
        for position in sorted(set(positions)) if len(positions) > 1 else positions:
            for begin in _starts_for(doc, rule, position):
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
