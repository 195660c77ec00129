"""The anchor gate: one pass over a text finds where each phrase rule could match.

Every phrase rule lists anchors (review/rules/*.yaml): words or phrases one of which every
match contains. The text is seen as lower-case ASCII words separated by spaces (bytes, so
an offset is a character offset) and one multi-pattern search (Aho-Corasick, compiled:
the `ahocorasick_rs` package) reports every anchor and section-heading word at once. Only
the rules whose anchors are found are tried, and only there (review/phrases.py).

Words of a phrase may be separated by a run of spaces (punctuation or a line break and
indentation in the text). The automaton also knows each phrase's beginnings followed by
such a run; where one is found, a regular expression (a trie of every phrase, the whole
gate when `ahocorasick_rs` is not installed) reads the phrase there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple, Protocol

from secondstory.review import regexcache
from secondstory.review.kept import digest, kept, source_of
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
# The word every suppression comment holds ("<!-- secondstory: disable=CF201 -->"): found
# by the same pass, so a text without it is not searched for comments again.
DIRECTIVE_WORD = b"secondstory"


Runs = tuple[tuple[int, ...], tuple[frozenset[bytes], ...]]  # see AnchorPlan.runs


class _Automaton(Protocol):
    def find_matches_as_indexes(
        self, haystack: bytes, overlapping: bool = ...
    ) -> list[tuple[int, int, int]]: ...


_RUNS = regexcache.compile(rb" {2,}")
_NEXT_WORD = regexcache.compile(rb" *([a-z]+)")  # the word after the separators (text: [a-z ]*)
# Runs of up to this many separators after a phrase's beginning are in the automaton with
# each word that continues the phrase: most beginnings before punctuation are just words,
# and the automaton drops them without a Python step (longer runs: a set lookup in `positions`).
SHORT_RUN = 2
# Bytes read with the trie expression before the automaton is built (see `automaton`)
REGEX_SCAN_BYTES = 256_000
# Bytes read with the quick-to-build automaton before the fast-reading one is built: 38 ms
# more build / 1.6 ms a MB less reading (this VM; bench/lint.py measures runs of both sizes).
FAST_SCAN_AFTER = 24_000_000
SPLIT_REACH = 160  # bytes after a split beginning that may still belong to its phrase


class AutomatonLayout(NamedTuple):
    """What the automaton searches for (see `_layout`)."""

    patterns: tuple[bytes, ...]
    labels: tuple[bytes | None, ...]
    beginnings: tuple[bytes, ...]
    followers: dict[bytes, frozenset[bytes]]


@dataclass(frozen=True, slots=True, eq=False)
class AnchorPlan:
    """What one set of phrase rules looks for, built once per rule set."""

    rules: tuple[Rule, ...]
    index: dict[bytes, tuple[Rule, ...]]  # anchor phrase -> the rules that list it
    phrases: tuple[bytes, ...]  # every anchor phrase and heading word, sorted
    key: str = ""  # what the layout is kept under (review/kept.py), with the index
    _layout: list[AutomatonLayout] = field(default_factory=list)  # see `layout`
    _compiled: list[re.Pattern[bytes]] = field(default_factory=list)  # the scanner, once built
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)  # rule code -> pattern
    _prefixes: dict[bytes, tuple[bytes, ...]] = field(default_factory=dict)  # see `prefixes`
    _known: set[bytes] = field(default_factory=set)  # the phrases, as a set (`prefixes`)
    _automata: list[_Automaton | None] = field(default_factory=list)  # see `automaton`
    _scanned: list[int] = field(default_factory=lambda: [0])  # bytes read by the quick build
    _runs: list[Runs] = field(default_factory=list)  # see `runs`

    @property
    def layout(self) -> AutomatonLayout:
        """What the automaton searches for, read when the automaton is first built: a run
        that the trie expression reads alone (a few files) never reads it."""
        if not self._layout:
            phrases = self.phrases  # a plan made without a key is laid out afresh
            data = kept("anchor-layout", self.key, lambda: _layout(phrases)) if self.key else None
            patterns, labels, starts, followers = data or _layout(phrases)
            follow = {beginning: frozenset(words) for beginning, words in followers.items()}
            self._layout.append(AutomatonLayout(patterns, labels, starts, follow))
        return self._layout[0]

    @property
    def patterns(self) -> tuple[bytes, ...]:
        """Every " phrase " and every " beginning  ": the automaton's patterns."""
        return self.layout.patterns

    @property
    def labels(self) -> tuple[bytes | None, ...]:
        """Automaton pattern -> its phrase; b"": a beginning, a short run and a word that
        continues it; None: a beginning and a longer run (the next word still to be read)."""
        return self.layout.labels

    @property
    def beginnings(self) -> tuple[bytes, ...]:
        """Automaton pattern -> its beginning (b"": a phrase)."""
        return self.layout.beginnings

    @property
    def followers(self) -> dict[bytes, frozenset[bytes]]:
        """Beginning -> the words that continue a phrase."""
        return self.layout.followers

    @property
    def automaton(self) -> _Automaton | None:
        """The compiled search (None without `ahocorasick_rs`, and for the first
        `REGEX_SCAN_BYTES` of a run, which the trie expression reads: it is kept between
        runs and ready in 2 ms, the automaton takes 11 ms to build; a run over a few
        files never builds it). Then the automaton that builds in 11 ms and reads 6.5 ms
        a MB; once it has read `FAST_SCAN_AFTER` bytes, the one that takes 49 ms to build
        and reads 4.9 ms a MB (the cost of the quick build's slower reading then equals
        the cost of the build: a short run never pays for it, a long one pays it once)."""
        automata = self._automata
        if not automata:
            if self._scanned[0] < REGEX_SCAN_BYTES:
                return None
            automata.append(_automaton(self.patterns, fast_scan=False))
        elif self._scanned[0] > FAST_SCAN_AFTER and len(automata) == 1 and automata[0]:
            automata.append(_automaton(self.patterns, fast_scan=True))
        return automata[-1]

    @property
    def runs(self) -> Runs:
        """Automaton pattern -> where the word after its beginning's run of separators is
        read from, and the words that continue that beginning (made when the automaton is
        first used)."""
        if not self._runs:
            none: frozenset[bytes] = frozenset()
            layout = self.layout
            skips = tuple(len(beginning) + 1 for beginning in layout.beginnings)
            follows = tuple(layout.followers.get(b, none) for b in layout.beginnings)
            self._runs.append((skips, follows))
        return self._runs[0]

    @property
    def scanner(self) -> re.Pattern[bytes]:
        """The trie expression, compiled when first needed (a short document may never
        need it when the automaton is there)."""
        if not self._compiled:  # kept here: hashing `phrases` on every call would cost more
            self._compiled.append(_scanner(self.phrases))
        return self._compiled[0]

    def prefixes(self, phrase: bytes) -> tuple[bytes, ...]:
        """The anchors `phrase` begins with, itself too (for the trie expression only, so
        made for each phrase when it is first read)."""
        found = self._prefixes.get(phrase)
        if found is None:
            if not self._known:
                self._known.update(self.phrases)
            found = self._prefixes[phrase] = _anchor_prefixes(phrase, self._known)
        return found

    def positions(self, text: str | bytes) -> dict[bytes, list[int]]:
        """Anchor phrases and heading words of `text` (or of its ASCII bytes, non-ASCII
        characters replaced) -> their offsets, in one pass."""
        data = text if isinstance(text, bytes) else text.encode("ascii", "replace")
        folded = b" " + data.translate(_WORDS) + b" "
        found: dict[bytes, list[int]] = {}
        automaton = self.automaton
        self._scanned[0] += len(folded)
        if automaton is None:
            for match in self.scanner.finditer(folded):
                self._add_read(found, match)
            return found
        labels, (skips, follows) = self.labels, self.runs
        next_word = _NEXT_WORD.match
        for pattern, start, _ in automaton.find_matches_as_indexes(folded, overlapping=True):
            phrase = labels[pattern]
            if phrase:
                found.setdefault(phrase, []).append(start)
                continue
            if phrase is None:  # a beginning and a longer run: does the next word continue it?
                # (most beginnings before a comma or a line end are just words: a set
                # lookup drops them, inline: this is the loop's most frequent case)
                word = next_word(folded, start + skips[pattern])
                if word is None or word.group(1) not in follows[pattern]:
                    continue
            # words split by punctuation or a line break: read them with single spaces
            self._add_split(found, automaton, folded, start)
        return found

    def _add_split(
        self, found: dict[bytes, list[int]], automaton: _Automaton, folded: bytes, start: int
    ) -> None:
        """Every phrase that begins at `start` once runs of separators count as one space
        (the automaton again, on a short snippet: no need for the trie expression)."""
        snippet = _RUNS.sub(b" ", folded[start : start + SPLIT_REACH])
        labels = self.labels
        for pattern, at, _ in automaton.find_matches_as_indexes(snippet, overlapping=True):
            phrase = labels[pattern]
            if at == 0 and phrase is not None:
                found.setdefault(phrase, []).append(start)

    def _add_read(self, found: dict[bytes, list[int]], match: re.Match[bytes]) -> None:
        phrase = match.group(1)
        if b"  " in phrase:
            phrase = b" ".join(phrase.split())
        for anchor in self.prefixes(phrase):
            found.setdefault(anchor, []).append(match.start())

    def candidates(
        self, found: dict[bytes, list[int]], any_section: bool
    ) -> list[tuple[Rule, re.Pattern[str], list[int]]]:
        """(rule, its pattern, sorted positions of its anchors) for each rule to try. A
        section-limited rule is tried only when a heading word of one of its sections is
        in the text (or the text is a field of a known section: `any_section`)."""
        words = ALL_SECTION_TOKENS if any_section else ALL_SECTION_TOKENS.intersection(found)
        chosen: dict[str, tuple[Rule, list[int]]] = {}
        index = self.index
        for phrase, positions in found.items():
            for rule in index.get(phrase, ()):
                if rule.sections and not _may_have_section(rule, words):
                    continue
                known = chosen.get(rule.code)
                if known is None:
                    chosen[rule.code] = (rule, list(positions))
                else:
                    known[1].extend(positions)
        patterns = self._patterns
        return [
            (
                rule,
                patterns.get(code) or self._pattern(rule),
                sorted(set(positions)) if len(positions) > 1 else positions,
            )
            for code, (rule, positions) in chosen.items()
        ]

    def _pattern(self, rule: Rule) -> re.Pattern[str]:
        """The rule's pattern, compiled when first needed and kept by code (a property
        lookup per rule and document cost more)."""
        pattern = rule.pattern
        assert pattern is not None  # a phrase rule
        self._patterns[rule.code] = pattern
        return pattern


@cache
def _may_have_section(rule: Rule, words: frozenset[bytes]) -> bool:
    return any(words & SECTION_TOKENS.get(key, frozenset()) for key in rule.sections)


@cache
def plan_for(rules: tuple[Rule, ...], compiled: bool = True) -> AnchorPlan:
    """The anchor index and scanners of `rules` (`compiled=False`: the regular expression
    alone, as without `ahocorasick_rs`)."""
    key = digest(
        (*source_of("review/anchors.py"), *(f"{r.code}\n" + "\n".join(r.keywords) for r in rules))
    )
    phrases, groups = kept("anchors", key, lambda: _plan_data(rules))
    by_code = {rule.code: rule for rule in rules}
    index: dict[bytes, tuple[Rule, ...]] = {}
    for codes, listed in groups:  # dict.fromkeys: one call a group, not a step a phrase
        index.update(dict.fromkeys(listed, tuple(by_code[code] for code in codes)))
    plan = AnchorPlan(rules, index, phrases, key)
    if not compiled:
        plan._automata.append(None)
    return plan


Groups = tuple[tuple[tuple[str, ...], tuple[bytes, ...]], ...]


def _plan_data(rules: tuple[Rule, ...]) -> tuple[tuple[bytes, ...], Groups]:
    """Every anchor phrase, heading word and the directive word; the anchor phrases
    grouped by the codes of the rules that list them, in the rules' order (plain data,
    kept between runs; the automaton's layout is kept apart: `AnchorPlan.layout`)."""
    index: dict[bytes, list[str]] = {}
    for rule in rules:
        for keyword in rule.keywords:
            codes = index.setdefault(keyword.encode(), [])
            if rule.code not in codes:
                codes.append(rule.code)
    groups: dict[tuple[str, ...], list[bytes]] = {}
    for phrase, codes in index.items():
        groups.setdefault(tuple(codes), []).append(phrase)
    phrases = tuple(sorted(index.keys() | ALL_SECTION_TOKENS | {DIRECTIVE_WORD}))
    grouped = tuple((codes, tuple(listed)) for codes, listed in groups.items())
    return phrases, grouped


Layout = tuple[
    tuple[bytes, ...],  # the automaton's patterns
    tuple[bytes | None, ...],  # pattern -> its phrase (see AnchorPlan.labels)
    tuple[bytes, ...],  # pattern -> its beginning
    dict[bytes, tuple[bytes, ...]],  # beginning -> the words that continue a phrase
]


def _layout(phrases: tuple[bytes, ...]) -> Layout:
    """What the automaton searches for: each phrase, and each beginning of a phrase
    followed by a short run of separators and a word that continues it, or by a longer
    run (plain data, kept between runs: review/kept.py)."""
    labels: list[bytes | None] = list(phrases)
    starts: list[bytes] = [b""] * len(phrases)
    patterns = [b" " + phrase + b" " for phrase in phrases]
    followers: dict[bytes, set[bytes]] = {}
    for phrase in phrases:
        words = phrase.split()
        for size in range(1, len(words)):
            followers.setdefault(b" ".join(words[:size]), set()).add(words[size])
    for beginning in sorted(followers):
        for run in range(2, SHORT_RUN + 1):  # the usual ", " or ". ": known to continue
            for word in sorted(followers[beginning]):
                labels.append(b"")
                starts.append(beginning)
                patterns.append(b" " + beginning + b" " * run + word + b" ")
        labels.append(None)
        starts.append(beginning)
        patterns.append(b" " + beginning + b" " * (SHORT_RUN + 1))
    words_after = {beginning: tuple(sorted(words)) for beginning, words in followers.items()}
    return tuple(patterns), tuple(labels), tuple(starts), words_after


def _anchor_prefixes(phrase: bytes, phrases: set[bytes]) -> tuple[bytes, ...]:
    words = phrase.split(b" ")
    return tuple(
        prefix
        for size in range(1, len(words) + 1)
        if (prefix := b" ".join(words[:size])) in phrases
    )


def _automaton(patterns: Sequence[bytes], fast_scan: bool) -> _Automaton | None:
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - the package is a dependency; a build may lack it
        return None
    kinds = ahocorasick_rs.Implementation
    return ahocorasick_rs.BytesAhoCorasick(
        list(patterns),
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=kinds.DFA if fast_scan else kinds.ContiguousNFA,
    )


def _scanner(phrases: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """At each word, the longest phrase that starts there (a look-ahead, so phrases that
    overlap are all found); the first letter is tested first, cheaply. The expression and
    its compiled program are kept between runs (110 ms to compile, 2 ms to load)."""
    key = digest((*source_of("review/anchors.py", "trie.py"), b"\n".join(phrases)))
    pattern, program = kept("scanner", key, lambda: _scanner_program(phrases))
    return regexcache.from_program(pattern, program)


def _scanner_program(phrases: tuple[bytes, ...]) -> tuple[bytes, regexcache.Stored]:
    words = [phrase.decode() for phrase in phrases]
    initials = "".join(sorted({word[0] for word in words}))
    pattern = f" (?=[{initials}])(?=({trie_pattern(words, space=' +')})(?= ))".encode()
    return pattern, regexcache.program_of(pattern)
