"""The format as data: every record's fields, their types and their meaning.

One table drives the loader's checks, the JSON Schema (`secondstory schema`) and the
format reference in docs/format.md, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("draft", "in-review", "published")
VISIBILITIES = ("internal", "restricted", "public")
PHASES = ("trigger", "detection", "diagnosis", "containment", "resolution")
KNOWN = ("then", "later")
FACTOR_KINDS = ("technical", "process", "knowledge", "timing", "organisational", "external")
ACTION_KINDS = ("detect", "contain", "resolve", "prevent")
ACTION_STATUSES = ("open", "done", "verified", "dropped")
DEFAULT_SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
# The heading under which an importer keeps, verbatim in a code block, the original front
# matter that has no home in the postmortem's: not the incident's words (never quoted by
# `similar` as a matching passage).
ORIGINAL_FRONT_MATTER = "Original front matter"
# Tags that say how a postmortem came to be, not what kind of incident it was: never a class
# of incident (outcomes, digest), a recurring tag (patterns) nor a likeness (similar). The
# importers wrote `imported` before provenance.importer said the same; libraries keep it.
BOOKKEEPING_TAGS = frozenset({"imported"})


# The main document's sections, in order: key, heading, the question it answers.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("facts", "Facts", "What happened, stated without judgment: times, numbers, effects."),
    ("impact", "Impact", "Who was affected, how, for how long; numbers where you have them."),
    ("narrative", "Narrative", "The story as the responders lived it, in time order."),
    (
        "surprises",
        "Surprises",
        "SURPRISE: what did we believe that turned out to be wrong? What surprised us?",
    ),
    (
        "conditions",
        "Conditions",
        "CONDITIONS: what made this possible? How did the actions taken make sense at the time?",
    ),
    (
        "response",
        "Response",
        "RESPONSE: what helped and what slowed detection, diagnosis and resolution?",
    ),
    (
        "systemic",
        "Systemic",
        "SYSTEMIC: where else can this happen? What similar incidents have we had?",
    ),
    ("luck", "Where we got lucky", "What kept this from being worse, that we cannot count on?"),
    ("lessons", "Lessons", "What do we now understand about our system that we did not before?"),
)
SECTION_ALIASES: dict[str, str] = {
    "facts": "facts",
    "facts statement": "facts",
    "summary": "facts",
    "impact": "impact",
    "narrative": "narrative",
    "story": "narrative",
    "surprises": "surprises",
    "surprise": "surprises",
    "surprises / what we believed that was wrong": "surprises",
    "what we believed that was wrong": "surprises",
    "mistaken beliefs": "surprises",
    "conditions": "conditions",
    "response": "response",
    "systemic": "systemic",
    "where we got lucky": "luck",
    "luck": "luck",
    "lessons": "lessons",
    "lessons learned": "lessons",
}

ACCOUNT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("did", "What I did and when", "Your actions, in order, with times where you have them."),
    ("saw", "What I saw", "The effects you observed: dashboards, alerts, messages, logs."),
    ("expected", "What I expected", "What you expected each action to do."),
    ("assumed", "What I assumed", "What you took for granted about the system or the team."),
    (
        "understanding",
        "How I understood the situation then",
        "Your picture of what was going on at the time, before the review.",
    ),
)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record.

    kind is one of: str, text, version (the format's version number: `1`, or `"1"`),
    datetime (ISO 8601 with offset), date (YYYY-MM-DD), enum, strlist, bool, url,
    record (one nested record), records (a list of them).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    record: str = ""
    deprecated_names: tuple[str, ...] = ()


PARTICIPANT = (
    Field("name", "str", "The person's name as it appears elsewhere in the postmortem.", True),
    Field("role", "str", "Their role in the incident or review (on-call, incident commander...)."),
)

PROVENANCE = (
    Field("source", "str", "Path of the file this postmortem was imported from.", True),
    Field("origin_url", "url", "Where the original report is published."),
    Field("importer", "str", "Which importer produced it (markdown, slack, pagerduty)."),
    Field("imported", "date", "The day it was imported."),
)

POSTMORTEM = (
    Field("format", "version", "Format version of this file: 1."),
    Field("id", "str", "Stable identifier, unique in the library; never reused.", True),
    Field("title", "str", "A short, neutral description of what happened.", True),
    Field("status", "enum", "Where the write-up is in its life.", True, STATUSES),
    Field("severity", "str", "Severity level, one of the library's `severities`."),
    Field("services", "strlist", "Services that were affected or involved."),
    Field("tags", "strlist", "Free tags; also used to name classes of incident."),
    Field("started", "datetime", "When the incident began (impact or trigger)."),
    Field("detected", "datetime", "When someone or something first noticed."),
    Field("mitigated", "datetime", "When impact stopped or was contained."),
    Field("resolved", "datetime", "When the incident was fully resolved."),
    Field("review_date", "date", "The day the review meeting was held."),
    Field("facilitator", "str", "Who facilitated the review."),
    Field("participants", "records", "Everyone involved.", record="participant"),
    Field("visibility", "enum", "Who may read it.", choices=VISIBILITIES),
    Field("related", "strlist", "Ids of related postmortems."),
    Field("provenance", "record", "Where an imported postmortem came from.", record="provenance"),
)

TIMELINE_ENTRY = (
    Field("time", "datetime", "When it happened, with a UTC offset.", True),
    Field("actor", "str", "A person (a participant's name) or a system."),
    Field("event", "text", "What happened or what was done.", True),
    Field("outcome", "text", "What effect followed."),
    Field("expectation", "text", "What the actor expected to happen."),
    Field("assumption", "text", "What the actor assumed at the time."),
    Field("known", "enum", "then: known at the time; later: learned in review.", choices=KNOWN),
    Field("phase", "enum", "Which phase of the incident it belongs to.", choices=PHASES),
    Field("source", "str", "Where this is recorded: a link, chat message, log, account."),
)

FACTOR = (
    Field("id", "str", "Short id used by action items, e.g. F1.", True),
    Field("kind", "enum", "What kind of condition it was.", True, FACTOR_KINDS),
    Field("summary", "text", "The condition, stated as a condition, not a culprit.", True),
    Field("phase", "enum", "The phase it affected most.", choices=PHASES),
    Field("detail", "text", "Longer explanation."),
)

STATUS_EVENT = (
    Field("date", "date", "When it happened.", True),
    Field("evidence", "text", "What shows it: a PR, a test run, a drill, an alert firing."),
    Field("by", "str", "Who recorded it."),
)

DROPPED_EVENT = (
    Field("date", "date", "When the item was dropped.", True),
    Field("why", "text", "Why it will not be done.", True),
    Field("by", "str", "Who decided."),
)

ACTION_ITEM = (
    Field("id", "str", "Short id, e.g. A1, unique in the postmortem.", True),
    Field("what", "text", "The change to make, concretely.", True),
    Field("owner", "str", "One person (not a team) who owns it."),
    Field("due", "date", "Due date; within 14 days of the review unless it is a project."),
    Field("done_when", "strlist", "Concrete criteria that say when it is done."),
    Field("verify", "text", "How completion will be verified to work."),
    Field("kind", "enum", "What it improves.", choices=ACTION_KINDS),
    Field("addresses", "strlist", "Ids of the contributing factors it addresses."),
    Field("status", "enum", "Where it stands.", True, ACTION_STATUSES),
    Field("done", "record", "When and how it was completed.", record="status_event"),
    Field("verified", "record", "When and how it was verified.", record="status_event"),
    Field("dropped", "record", "When and why it was dropped.", record="dropped_event"),
    Field("tracker", "url", "Link to the ticket in the team's tracker."),
    Field("project", "bool", "True for work longer than two weeks, tracked apart."),
)

ACCOUNT = (
    Field("author", "str", "Whose account this is; one of the participants.", True),
    Field("role", "str", "Their role during the incident."),
    Field("written", "date", "When the account was written."),
)

RECORDS: dict[str, tuple[Field, ...]] = {
    "postmortem": POSTMORTEM,
    "participant": PARTICIPANT,
    "provenance": PROVENANCE,
    "timeline_entry": TIMELINE_ENTRY,
    "factor": FACTOR,
    "action_item": ACTION_ITEM,
    "status_event": STATUS_EVENT,
    "dropped_event": DROPPED_EVENT,
    "account": ACCOUNT,
}


def field_names(record: str) -> tuple[str, ...]:
    return tuple(f.name for f in RECORDS[record])


def incident_tags(tags: list[str]) -> list[str]:
    """`tags` without the bookkeeping ones (compared in lower case)."""
    return [tag for tag in tags if tag.lower() not in BOOKKEEPING_TAGS]
