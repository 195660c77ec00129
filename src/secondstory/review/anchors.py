"""The anchor gate: one pass over a text finds where each phrase rule could match.

Every phrase rule lists anchors (review/rules/*.yaml): words or phrases one of which every
match contains. The text is seen as lower-case ASCII words separated by spaces (bytes, so
an offset is a character offset) and one regular expression, a trie of every anchor and
section-heading word, reports the longest anchor that starts at each word. Only the rules
whose anchors are found are tried, and only there (review/phrases.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from secondstory.review.ruleset import Rule
from secondstory.trie import trie_pattern

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
ALL_SECTION_TOKENS = frozenset().union(*SECTION_TOKENS.values())


@dataclass(frozen=True, slots=True, eq=False)
class AnchorPlan:
    """What one set of phrase rules looks for, built once per rule set."""

    rules: tuple[Rule, ...]
    index: dict[bytes, tuple[Rule, ...]]  # anchor phrase -> the rules to try where it is
    scanner: re.Pattern[bytes]

    def positions(self, text: str | bytes) -> dict[bytes, list[int]]:
        """Anchor phrases and heading words of `text` (or of its ASCII bytes, non-ASCII
        characters replaced) -> their offsets, in one pass."""
        data = text if isinstance(text, bytes) else text.encode("ascii", "replace")
        folded = b" " + data.translate(_WORDS) + b" "
        found: dict[bytes, list[int]] = {}
        for match in self.scanner.finditer(folded):
            phrase = match.group(1)
            if b"  " in phrase:
                phrase = b" ".join(phrase.split())
            found.setdefault(phrase, []).append(match.start())
        return found

    def candidates(
        self, found: dict[bytes, list[int]], any_section: bool
    ) -> list[tuple[Rule, list[int]]]:
        """(rule, positions of its anchors) for each rule to try. A section-limited rule
        is tried only when a heading word of one of its sections is in the text (or the
        text is a field of a known section: `any_section`)."""
        words = ALL_SECTION_TOKENS if any_section else frozenset(found.keys() & ALL_SECTION_TOKENS)
        chosen: dict[str, tuple[Rule, list[int]]] = {}
        for phrase, positions in found.items():
            for rule in self.index.get(phrase, ()):
                if rule.sections and not _may_have_section(rule, words):
                    continue
                chosen.setdefault(rule.code, (rule, []))[1].extend(positions)
        return list(chosen.values())


@cache
def _may_have_section(rule: Rule, words: frozenset[bytes]) -> bool:
    return any(words & SECTION_TOKENS.get(key, frozenset()) for key in rule.sections)


@cache
def plan_for(rules: tuple[Rule, ...]) -> AnchorPlan:
    """The anchor index and scanner of `rules`. A phrase also stands for the shorter anchors
    it begins with: the scanner reports the longest phrase at each word ("caused by" for
    "caused" too)."""
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
    return AnchorPlan(
        rules, index, _scanner(sorted(w.decode() for w in index.keys() | ALL_SECTION_TOKENS))
    )


def _scanner(phrases: list[str]) -> re.Pattern[bytes]:
    """At each word, the longest phrase that starts there (a look-ahead, so phrases that
    overlap are all found); the first letter is tested first, cheaply."""
    initials = "".join(sorted({phrase[0] for phrase in phrases}))
    return re.compile(f" (?=[{initials}])(?=({trie_pattern(phrases, space=' +')})(?= ))".encode())
