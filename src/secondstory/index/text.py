"""Words for ranking: a small tokenizer, stop words and term weights."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[a-z0-9][a-z0-9_'-]*[a-z0-9]|[a-z]")
_GUIDANCE = re.compile(r"<!--.*?-->", re.S)

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    one two three also get got via per may might must shall us let lets it's we're didn't don't
    wasn't weren't isn't aren't doesn't can't couldn't wouldn't there's that's i'm you're they're
    which however within without across around among upon onto since though although yet still
    etc e.g i.e eg ie like new used use using make made way well much many even back first last
    time times see seen saw know known take took need needed want went go going gone come came
    """.split()
)


def strip_guidance(text: str) -> str:
    """Text without the template's `<!-- prompt -->` comments."""
    return _GUIDANCE.sub(" ", text)


def words(text: str) -> list[str]:
    """Lower-case content words: no stop words, no bare numbers, at least 3 characters."""
    found = _WORD.findall(text.lower())
    return [w.strip("'") for w in found if len(w) >= 3 and w not in STOP_WORDS and not w.isdigit()]


def term_counts(text: str, limit: int = 80) -> dict[str, int]:
    """The `limit` most frequent content words of `text` with their counts."""
    counts = Counter(words(text))
    return dict(counts.most_common(limit))
