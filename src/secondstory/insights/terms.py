"""Content words of postmortem prose, for lexical similarity.

Lower-cased words with links, code identifiers' punctuation, numbers and stopwords
removed, reduced by a light suffix-stripping stemmer. The stopwords are ordinary English
function words plus the vocabulary of postmortem templates and reports ("incident",
"timeline", "action items", "root cause", ...): words every report shares by form, not by
what failed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[a-z][a-z0-9]+")

STOPWORDS_PATH = Path(__file__).with_name("stopwords.yaml")


def _load_stopwords() -> frozenset[str]:
    data = yaml.safe_load(STOPWORDS_PATH.read_text(encoding="utf-8"))
    words: set[str] = set()
    for text in data.values():
        words.update(str(text).split())
    return frozenset(words)


STOPWORDS = _load_stopwords()
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stemmer: enough that "certificates" and "certificate" meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            return base
    return word


_TERM_CACHE: dict[str, str] = {}


def _term(word: str, stopwords: frozenset[str]) -> str:
    """The stemmed term of a word, or "" for a stopword or a short word."""
    if len(word) < 3 or word in stopwords:
        return ""
    term = stem(word)
    return "" if term in stopwords else term


def content_terms(text: str, stopwords: frozenset[str] = STOPWORDS) -> Counter[str]:
    """Stemmed content words of `text` and how often each occurs."""
    words = Counter(_WORD.findall(_URL.sub(" ", text.lower())))
    counts: Counter[str] = Counter()
    cache = _TERM_CACHE if stopwords is STOPWORDS else {}
    for word, count in words.items():
        term = cache.get(word)
        if term is None:
            term = cache[word] = _term(word, stopwords)
        if term:
            counts[term] += count
    if len(_TERM_CACHE) > 500_000:
        _TERM_CACHE.clear()
    return counts
