"""Who acts in a timeline, for CO704: a person (a participant, or a name that plainly is
one) or a system, and whether a responder's account holds anything they wrote.

The format types an actor by its name only: "a participant's name, or a system"
(docs/format.md). A name that is plainly a person's ("Elif Demir", "Piotr") but is not a
participant would otherwise pass as a system and never be asked for an account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from secondstory.model.owners import owner_is_person
from secondstory.model.records import Account
from secondstory.review import regexcache
from secondstory.review.subjects import folded, given_names
from secondstory.store.markdown import strip_guidance

# Words that make a capitalised name a system, a service or a group, not a person:
# "Customs Portal", "Deploy Bot", "Grafana Alerting", "Carrier Integration".
SYSTEM_WORDS = frozenset(
    [
        "bot",
        "bots",
        "portal",
        "service",
        "services",
        "server",
        "api",
        "app",
        "alert",
        "alerts",
        "alerting",
        "monitor",
        "monitoring",
        "job",
        "jobs",
        "cron",
        "cluster",
        "pipeline",
        "system",
        "systems",
        "proxy",
        "gateway",
        "desk",
        "manager",
        "scheduler",
        "database",
        "db",
        "queue",
        "worker",
        "agent",
        "console",
        "dashboard",
        "probe",
        "check",
        "checks",
        "status",
        "page",
        "pager",
        "cloud",
        "network",
        "operations",
        "centre",
        "center",
        "automation",
        "runner",
        "deploy",
        "deployer",
        "ci",
        "build",
        "release",
        "webhook",
        "webhooks",
        "integration",
        "integrations",
        "client",
        "customer",
        "customers",
        "vendor",
        "provider",
        "support",
        "shift",
        "robot",
        "script",
        "tool",
        "tools",
    ]
)
# Lower-case words inside a name: "Bram de Vries", "Ludwig van Beethoven".
PARTICLES = frozenset(
    [
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "ter",
        "ten",
        "dos",
        "das",
        "bin",
        "al",
    ]
)
_HEADING = regexcache.compile(r"^#{1,6}[ \t].*$", re.M)


def account_is_empty(account: Account) -> bool:
    """Nothing written: only headings and the template's `<!-- prompt -->` comments, as
    `secondstory account add` leaves the file."""
    return not strip_guidance(_HEADING.sub("", account.body))


def _name_word(word: str) -> bool:
    """A capitalised word as names are written: "Demir", "Anne-Marie", "O'Brien",
    "Fernández", "B." (an initial); not "PagerDuty", "SRE" or "db-1"."""
    for part in re.split(r"[-'’]", word.removesuffix(".")):
        if part.startswith(("Mc", "Mac")) and len(part) > 3:  # McDonald, MacLeod
            part = part[2:] if part.startswith("Mc") else part[3:]
        if not (part.isalpha() and part[:1].isupper() and (part[1:].islower() or not part[1:])):
            return False
    return True


def looks_like_person(actor: str, team_words: Iterable[str] = ()) -> bool:
    """A person's name: a capitalised given name first ("Piotr", "Tom B."), or two or
    three capitalised words with no system or team word ("Elif Demir", "Bram de Vries")."""
    return _looks_like_person(actor, tuple(team_words))


@lru_cache(maxsize=4096)  # a library's timelines name the same few actors again and again
def _looks_like_person(actor: str, team_words: tuple[str, ...]) -> bool:
    words = actor.split()
    if not words or not _name_word(words[0]) or not owner_is_person(actor, team_words):
        return False
    if any(w.lower().strip(".") in SYSTEM_WORDS for w in words):
        return False
    if folded(words[0].lower().removesuffix(".")) in given_names():
        return True
    names = [w for w in words if w not in PARTICLES]
    return 2 <= len(names) <= 3 and all(_name_word(w) for w in names)


def participant_by_first_name(actor: str, people: Iterable[str]) -> str:
    """The one participant whose given name `actor` is ("Tom" for "Tom Brandt"), or ""."""
    found = [p for p in people if p.split()[:1] == [actor] and len(p.split()) > 1]
    return found[0] if len(found) == 1 else ""
