"""Who may own an action item: one named person, not a team, a role, several people or a
placeholder.

`action add`, `action reassign`, `participant add`, `actions report`, validate (SS023)
and lint (AI601, AI602) all judge a name with `owner_is_person`, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Words that say a name is a group, a role or nobody rather than one person; "@team" and
# "team-alias" forms are read word by word ("@platform-team", "sre-oncall"), and "and",
# "&", "/", "+" or a comma join several people ("Katja and Ravi", "Katja / Ravi").
NOT_A_PERSON = re.compile(
    r"\b(team|teams|squad|group|guild|crew|department|dept|ops|devops|sre|sres|on-?call|"
    r"rotation|everyone|all|tbd|tba|unknown|unassigned|none|n/?a|we|us|engineering|"
    r"infra|infrastructure|platform|support|management|leads?)\b|[?&,/+]|\band\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\w-]+")


def owner_is_person(name: str, team_words: Iterable[str] = ()) -> bool:
    """One named person: a name without a group word (team, SRE, on-call, TBD, "and", "/"),
    nor one of `team_words` (lint's `[review] team_words`), whole or between hyphens.

    Being listed as a participant does not make a team a person ("Warehouse team").
    """
    words = team_words if isinstance(team_words, tuple) else tuple(team_words)
    return _owner_is_person(name, words)


@lru_cache(maxsize=4096)  # a library names the same few people thousands of times
def _owner_is_person(name: str, team_words: tuple[str, ...]) -> bool:
    name = name.strip()
    if not name or NOT_A_PERSON.search(name) is not None:
        return False
    extra = _lowered(team_words)
    if not extra:
        return True
    words = {w for token in _WORDS.findall(name.lower()) for w in (token, *token.split("-"))}
    return not words & extra


@lru_cache(maxsize=64)
def _lowered(team_words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in team_words)
