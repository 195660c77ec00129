"""The choice someone most likely meant by a word that is not one of a field's choices.

Spelling comes second: people write 'finished' for an action item that is done, and
'triage' for the diagnosis phase, words no edit distance leads to. A small table of such
words comes first; each lists the values it may mean, and the first that is a choice of
the field wins ('finished' is 'done' for an action item, 'published' for a postmortem).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

_MEANINGS: dict[tuple[str, ...], tuple[str, ...]] = {
    # action item status; postmortem status
    ("finished", "complete", "completed", "closed"): ("done", "published"),
    ("fixed", "implemented", "shipped", "merged", "resolved"): ("done",),
    ("checked", "tested", "confirmed", "validated", "proven"): ("verified",),
    ("cancelled", "canceled", "wontfix", "abandoned", "rejected", "obsolete"): ("dropped",),
    ("todo", "to-do", "pending", "planned", "in-progress", "ongoing", "started"): ("open",),
    ("new", "wip"): ("open", "draft"),
    ("review", "reviewing", "reviewed", "under-review"): ("in-review",),
    ("final", "done"): ("published",),
    ("writing", "unpublished"): ("draft",),
    # phase; action item kind
    ("triage", "investigation", "investigating", "analysis", "debugging"): ("diagnosis",),
    ("diagnose",): ("diagnosis",),
    ("alert", "alerting", "discovery", "detect"): ("detection",),
    ("mitigation", "mitigate", "containment"): ("containment", "contain"),
    ("contain",): ("containment",),
    ("recovery", "remediation", "repair", "fix"): ("resolution", "resolve"),
    ("resolve",): ("resolution",),
    ("resolution",): ("resolve",),
    ("detection", "monitoring"): ("detect",),
    ("prevention", "hardening"): ("prevent",),
    ("cause", "onset", "start"): ("trigger",),
    # visibility
    ("private", "secret", "confidential", "limited"): ("restricted",),
    ("open", "external", "published"): ("public",),
    ("company", "team", "private-company"): ("internal",),
    # known (timeline)
    ("now", "at-the-time", "at-time"): ("then",),
    ("hindsight", "afterwards", "after"): ("later",),
    # factor kind
    ("organizational", "organization", "organisation", "org"): ("organisational",),
    ("tech", "software", "infrastructure", "infra", "config"): ("technical",),
    ("procedure", "procedures", "runbook"): ("process",),
    ("training", "docs", "documentation", "human"): ("knowledge",),
    ("vendor", "third-party", "dependency", "provider"): ("external",),
    ("time", "timing-related", "schedule"): ("timing",),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    word: meanings for words, meanings in _MEANINGS.items() for word in words
}


def nearest_choice(value: str, choices: Sequence[str]) -> str | None:
    """The choice `value` most likely means: by the synonym table, by case, by spelling."""
    word = "-".join(value.strip().lower().replace("_", "-").split())
    for meant in SYNONYMS.get(word, ()):
        if meant in choices:
            return meant
    for choice in choices:
        if choice.lower() == word:
            return choice
    close = difflib.get_close_matches(value.strip(), list(choices), n=1, cutoff=0.5)
    return close[0] if close else None


def did_you_mean(value: str, choices: Sequence[str]) -> str:
    """'; did you mean 'x'?' for the nearest choice, or nothing."""
    meant = nearest_choice(value, choices)
    return f"; did you mean '{meant}'?" if meant else ""
