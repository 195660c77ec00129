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


def content_terms(text: str, stopwords: frozenset[str] = STOPWORDS) -> Counter[str]:
    """Stemmed content words of `text` and how often each occurs."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(_URL.sub(" ", text.lower())):
        if len(word) < 3 or word in stopwords:
            continue
        term = stem(word)
        if term not in stopwords:
            counts[term] += 1
    return counts
