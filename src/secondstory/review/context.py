"""The context checks that phrase rules name in their `check:` field: the blame checks
here, verdicts on people in review/verdicts.py, the counterfactual ones in
review/hindsight.py, all registered in CHECKS.

Each check decides, from the sentence around a match, whether the match is the blaming or
hindsight use of the words or an innocent one ("pods failed to start", "the alert should
have a runbook link"). Text here is lower-cased and masked (see review/text.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from secondstory.review import regexcache
from secondstory.review.hindsight import (
    could_have,
    decision_verdict,
    failed_to,
    hindsight_adverb,
    never_tested,
    not_question,
    noticing,
    should_have,
    too_late,
)
from secondstory.review.slips import (
    CONDITION,
    human_actor,
    named_person_follows,
    person_follows,
)
from secondstory.review.subjects import (
    ELIDED_SUBJECT,
    FIRST_PERSON,
    SELF_TAIL,
    SELF_WORD,
    SENTENCE_SUBJECT,
    WE_TAIL,
    WE_WORD,
    Context,
    LazyPattern,
    folded,
    given_names,
    human_agent_in_sentence,
    human_subject,
    is_question,
    not_system_subject,
    system_subject,
    third_person_subject,
)
from secondstory.review.verdicts import (
    care_judged,
    misjudged,
    mistake_of_person,
    not_enough,
)
from secondstory.review.words import (
    COGNITIVE_VERBS,
    HUMAN_NOUNS,
    ONLY_ORG_DUTIES,
    ORG_DUTIES,
    PERSON_TOKENS,
)
from secondstory.review.words import FILLER as _FILLER


def omission_by_person(ctx: Context) -> bool:
    """Someone else's omission ("the engineer didn't check", "he ignored the alert"), or a
    procedure not followed; "we did not check X before 10:40" is the teller's own fact."""
    if ctx.matched.endswith(" followed"):  # "the process was not followed": by people
        return True
    if ctx.matched.startswith("instead of "):  # "chose to restart it instead of following"
        return human_agent_in_sentence(ctx)  # not "the job restarts it instead of following"
    if ctx.matched.endswith("ignored") or " dismissed as " in ctx.matched:
        return True  # "the alert was ignored", "was dismissed as noise": by people
    if ctx.matched.endswith(("anyway", "anyways")):  # "everyone deployed to PROD anyway"
        if _RELATIVE_TAIL.search(ctx.tail):  # "the patch version that you released anyway":
            return False  # "in any case", not "in spite of the warning"
        return human_agent_in_sentence(ctx)  # not "the job retries the push anyway"
    if ctx.matched.startswith("ignoring"):  # "I was used to ignoring alerts", not a filter
        return bool(_PERSON_USED_TO.search(ctx.tail))
    if ctx.matched.startswith("violated"):  # a firm or a team violates rules, a job does not
        return not system_subject(ctx)
    if ctx.matched.startswith(_OWN_CHOICES) and "follow " not in ctx.matched + " ":
        return third_person_subject(ctx)
    if ctx.matched.startswith(("does not", "doesn't")) and _THAT_CLAUSE.search(ctx.tail):
        return False  # "a v2 that does not have exports and does not use ESM": a thing
    return not_system_subject(ctx)


_THAT_CLAUSE = LazyPattern(r"\b(?:that|which)\b[^,.;:]*$")


# Omissions and choices that are the teller's own fact when "we" or "I" made them ("we
# skipped the canary because ..."), and a verdict when said of someone else.
_PERSON_USED_TO = LazyPattern(
    r"(?:^|[^\w'])(?:" + HUMAN_NOUNS + r")\s+(?:was|were|am|are|is|had been|have been|kept|got)\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
_OWN_CHOICES = (
    "didn",
    "did not",
    "never",
    "haven",
    "hasn",
    "have",
    "has",
    "skipped",
    "bypassed",
    "circumvented",
    "overr",
    "chose",
    "decided",
    "opted",
)


_OPENER_ONLY = LazyPattern(r"^\s*(?:but|and|so|yet|then|however|unfortunately)\b,?")
_ACT_BEFORE_INSTEAD = LazyPattern(
    r"\b(?:ran|run|executed|deployed|applied|typed|entered|deleted|removed|dropped|restarted|"
    r"re-started|pushed|provided|selected|cloned|copied|started|rebooted|updated|edited|gave|"
    r"sent|pointed|targeted|configured)"
    r"(?: [\w.,\"'-]+){0,9}?\s*$"
)
# What "rather than" names when a target was mixed up: "db2", "the intended instance"
_WRONG_TARGET = LazyPattern(r"^\s*(?:the|an?|its|their|our|his|her|this|that|[\w-]*[\d.][\w.-]*)\b")
_INFINITIVE_TAIL = LazyPattern(
    r"(?:^|[^\w'])(?:" + HUMAN_NOUNS + r")(?:\s+" + _FILLER + r"){0,2}\s+"
    r"(?:managed|tried|went on|proceeded|decided|chose|attempted|wanted|meant|intended|"
    r"(?:thought|decided) it (?:was|would be) a (?:good|great|fine) idea)\s+to\s*$"
)
_WE_INFINITIVE = LazyPattern(r"(?:^|[^\w'])(?:we|you|us)\s+\w+(?:\s+on)?\s+to\s*$")
_GERUND_OBJECT = LazyPattern(
    r"\b\w+ing (?:(?:all|the|an?|our|their|some|every|both|several|many|two|three) ){0,2}\S+\s*$"
)


# A person's past act, then a comma: what follows ("bringing the site down") is its outcome.
_ACT_THEN_PARTICIPLE = LazyPattern(
    r"(?:^|[^\w'])(?:i|he|she|the (?:[\w-]+ )?(?:engineer|admin|administrator|developer|"
    r"operator|technician|contractor|intern))\s+[^.;]*?\b\w+ed\b[^.;]*,\s*$"
)


# The teller's (or one person's) change, then "that" or "which": what follows is its outcome.
_MY_CHANGE_THAT = LazyPattern(
    r"(?:^|[^\w'])(?:i|he|she)\s+(?:\w+\s+){0,2}?(?:pushed|deployed|merged|made|ran|shipped|"
    r"released|committed|applied|introduced)\b[^.;]{0,80}\b(?:that|which)\s*$"
)
# A subject, then a clause about it that only a person can have: ", who was moving it, ".
_WHO_CLAUSE = LazyPattern(r"\w,\s*who\b[^,;:.?!]{3,120},\s*$")


_RELATIVE_TAIL = LazyPattern(r"\b(?:that|which)\s+(?:you|we|they|he|she|i)\s+$")


def person_harm(ctx: Context) -> bool:
    """Someone else as the subject of a harmful verb ("the engineer broke", "Sam ran it on
    db1 instead of db2"). Said by the writers of themselves ("we introduced a bug", "the
    downtime we caused") it is their own plain account; the object of a gerund ("removing
    all developers caused") is not the subject."""
    if ctx.raw_matched[:1].isupper() and ctx.before.strip(" \t-*+>#\"'\u201c("):
        return False  # a capitalised verb inside a sentence: a title ("I read You Broke Reddit")
    if ctx.matched.startswith(_YOU_HAVE):  # "you've basically broken every
        # version": said to someone of their act; not advice ("once you've deleted it, ...")
        return not (CONDITION.search(ctx.before) or CONDITION.search(ctx.after) or is_question(ctx))
    if ctx.matched.startswith(("instead of", "rather than")):
        if not _OPENER_ONLY.sub("", ctx.before).strip(" \t-*+>#"):  # "Instead of X, the team did Y"
            # an act replaced ("instead of pushing the black button"), not a tool chosen
            # ("Instead of MySQL, I used MariaDB")
            words = ctx.matched.split()
            return len(words) > 2 and words[2].endswith("ing")
        if ctx.matched.startswith("rather") and not _WRONG_TARGET.match(ctx.after):
            return False  # "chose to issue it by hand, rather than fix cert-manager first"
        # "he ran it on db1, instead of db2": a person's act just before
        act = _ACT_BEFORE_INSTEAD.search(ctx.before)
        return act is not None and _harm_subject(replace(ctx, before=ctx.before[: act.start()]))
    if ctx.matched.startswith("got ") and ctx.matched.endswith(" wrong"):  # a verdict, "we" too
        return not is_question(ctx) and (bool(SELF_TAIL.search(ctx.tail)) or _harm_subject(ctx))
    if ctx.matched.startswith(("bringing", "knocking")):  # "I merged it, bringing the site down"
        return bool(_ACT_THEN_PARTICIPLE.search(ctx.before)) and not is_question(ctx)
    if ctx.matched.startswith(("broke", "took down", "brought down")) and _MY_CHANGE_THAT.search(
        ctx.before
    ):
        return not is_question(ctx)  # "I pushed out a change that broke the site"
    if ctx.matched == "caused" and _PROMPTED.match(ctx.after):
        return False  # "a talk with a colleague caused me to recall this outage"
    if " wrong " in ctx.matched and not ctx.matched.startswith("wrong"):
        # "typed the command into the wrong terminal": the sentence's subject is a person,
        # or a person doing it ("the root cause was someone typing it into the wrong window")
        if _PERSON_DOING.search(ctx.before):
            return not is_question(ctx)
        subject = SENTENCE_SUBJECT.match(ctx.before)
        if subject is None or is_question(ctx):
            return False
        return not WE_WORD.search(subject.group(0))  # "I pushed to the wrong branch" counts
    return _harm_subject(ctx)


def _harm_subject(ctx: Context) -> bool:
    if _GERUND_OBJECT.search(ctx.tail):
        return False
    if _INFINITIVE_TAIL.search(ctx.tail):  # "I managed to push", "the engineer tried to run"
        return not _WE_INFINITIVE.search(ctx.tail)
    if not human_subject(ctx):
        if _WHO_CLAUSE.search(ctx.before):  # "the developer, who was moving the site, took down"
            return not is_question(ctx)
        # "one of our engineers intended to deploy to staging, but chose an incorrect plan";
        # "we added the mapping, but did it wrong": the writers' own verdict
        opening = SENTENCE_SUBJECT.match(ctx.before)
        if not (opening and ELIDED_SUBJECT.search(ctx.tail)):
            return False
        if SELF_WORD.search(opening.group(0)):  # "..., but did it wrong", not "..., caused by"
            return bool(
                ctx.matched.startswith(_OUTCOME_VERBS)
                and _AND_BUT_TAIL.search(ctx.tail)
                and not ctx.after.startswith(" by ")
                and not _APOLOGY.search(ctx.sentence)
            )
        return True
    if SELF_TAIL.search(ctx.tail):  # the writers' own account; "I caused" is self-blame,
        # and so is "I deleted the production database"; "we" is the team's plain account
        if ctx.matched.startswith(_OUTCOME_VERBS):  # "we broke the instance": a verdict,
            # not "the downtime we caused", nor advice ("if you break the build")
            apology = _APOLOGY_OBJECT.search(ctx.tail) and _APOLOGY.search(ctx.sentence)
            if ctx.matched.startswith(("took down", "brought down")) and _deliberate(ctx):
                return False  # "so we took down the game and began restoring": a decision
            return not (apology or _CONDITIONAL_TAIL.search(ctx.tail))
        if WE_TAIL.search(ctx.tail):
            return False
        if ctx.matched.startswith(("misconfigured", "mis-configured")):  # "I misconfigured
            return True  # the drivers": a verdict on oneself ("we misconfigured" is an account)
        matched = ctx.matched  # "I deleted the production database", "a chunk of the wiki"
        return bool(
            _PRODUCTION.search(matched) or _WRONG_WORD.search(matched) or _WHOLE.search(matched)
        )
    return True


def _deliberate(ctx: Context) -> bool:
    return bool(_SO_WE_TAIL.search(ctx.tail) or _PURPOSE_AFTER.match(ctx.after))


# What makes a teller's act harmful on its face: everything ("rm -rf /*"), or a part of it.
_WHOLE = LazyPattern(
    r"\brm -\w+ \S*/|\b(?:chunk|portion|part|half|most|much) of\b|\b(?:whole|entire|everything)\b"
    r"|\ball (?:the |of the |our |my )(?:[\w-]+ )?(?:orders|records|data|users|accounts|customers)\b"
)
_SO_WE_TAIL = LazyPattern(r"\b(?:so|then|therefore|thus|and then)\s+(?:we|i)\s+$")
_PURPOSE_AFTER = LazyPattern(
    r"^[^.;:]{0,60}?\b(?:(?:in order )?to (?:deploy|restore|repair|fix|upgrade|migrate|"
    r"prevent|stop|avoid|protect|contain|limit|investigate|rebuild|recover)|"
    r"for (?:maintenance|the (?:upgrade|migration|restore|repair))|"
    r"and (?:began|started|proceeded) (?:to |restoring|rebuilding|recovering|the))"
)
_AND_BUT_TAIL = LazyPattern(r"\b(?:and|but|then|so)\s+(?:\w+ly\s+)?$")
_PROMPTED = LazyPattern(
    r"^\s+(?:me|us|him|her|them|the \w+|\w+) to (?:recall|remember|think|wonder|reflect|realise|"
    r"realize|ask|look|write|learn|rethink|reconsider)\b"
)
_PERSON_DOING = LazyPattern(
    r"\b(?:someone|somebody|an? (?:[\w-]+ )?(?:engineer|developer|operator|admin|sre|technician|"
    r"contractor|intern|employee|person|dba))\s+\w+ing\b"
)
_CONDITIONAL_TAIL = LazyPattern(r"\b(?:if|when|unless|whenever)\s+(?:\w+\s+){0,2}$")
_APOLOGY_OBJECT = LazyPattern(
    r"\b(?:downtime|outage|disruption|issues?|problems?|inconvenience|trouble|impact|damage|"
    r"confusion|harm|frustration)\s+(?:that\s+|which\s+)?(?:we|i)\b"
)
_APOLOGY = LazyPattern(r"\b(?:sorry|apologi[sz]e|apologies|regret)")
_WRONG_WORD = LazyPattern(r"\b(?:wrong|incorrect|broken|bad|faulty|buggy|untested|invalid)\b")
_PRODUCTION = LazyPattern(r"\b(?:production|prod|live|users?|customers?)\b")
_OUTCOME_VERBS = (
    "caused",
    "broke",
    "took down",
    "brought down",
    "messed up",
    "screwed up",
    "botched",
    "fat fingered",
    "fat-fingered",
    "mistyped",
    "mis-typed",
    "managed to",  # "I managed to delete just about everything"
    "typo",  # "I typoed the WHERE clause"
    "did ",  # "I did something wrong"
)


_YOU_TAIL = LazyPattern(
    r"(?:^|[^\w'])you(?:\s+" + _FILLER + r"){0,3}\s*$|\byou\b[^.]{0,60}\band\s+$"
)


def not_a_thing(ctx: Context) -> bool:
    """Anything but a system as the subject ('it forgets', 'that was forgetting' pass), and
    not the generic "you" of advice ("when you realise you forgot something")."""
    if ctx.account and FIRST_PERSON.search(ctx.tail):
        return False
    if _YOU_TAIL.search(ctx.tail):  # advice, unless said of one past act: "you forgot to push"
        return ctx.matched.startswith("forgot") and not CONDITION.search(ctx.before)
    if ctx.matched.endswith(("mind", "minds")):
        return True  # "it slipped my mind": the subject is what was forgotten, a mind forgot
    return not system_subject(ctx)


def attention_of_a_person(ctx: Context) -> bool:
    """ "Did not pay attention", "screwed up", "went rogue" said of a person, not of a
    program ("* "git grep" did not pay attention to the -diff attribute", "the autorenewal
    screwed up"); BL104's other words need no subject."""
    return not (ctx.matched.endswith(_SAID_OF_THINGS_TOO) and system_subject(ctx))


_SAID_OF_THINGS_TOO = ("attention", " up", "rogue")


# The reference for PERSON_TOKENS: wherever this finds a person, the window holds one of
# those words (a test checks it on real text).
_PERSON_NEAR = LazyPattern(r"\b(?:" + HUMAN_NOUNS + r"|his|her)\b|@[\w-]")
_SUBJECT_FAR = (
    "instead of",
    "rather than",
    "into ",
    "on ",
    "against ",
    "in ",
    "to ",
    "from ",
    "with ",
)


_YOU_HAVE = ("you've ", "you have ")  # the person_harm forms whose subject opens the match


def _no_person_near(flat: str, start: int, end: int, people: tuple[str, ...]) -> bool:
    """person_harm needs a person just before its verb ("caused", "deleted"), except for the
    forms whose subject opens the sentence ("instead of", "into the wrong terminal"): when
    the 80 characters before hold no person, no handle, no capitalised name (the text here
    is lower-cased, so any word might be one: those are left to the full check) and no
    participant, the match is rejected without building its sentence."""
    if end - start == 10 and flat.startswith(_INSTEAD, start):
        return _no_act_before(flat, start, end)
    if flat.startswith(_SUBJECT_FAR, start) or flat.startswith(_YOU_HAVE, start):
        return False  # the subject is far, or is the match's first word ("you've broken")
    window = flat[max(0, start - 80) : start]
    if "@" in window or any(name in window for name in people):
        return False
    words = _WORD.findall(window if window.isascii() else folded(window))
    if not (PERSON_TOKENS.isdisjoint(words) and given_names().isdisjoint(words)):
        return False  # a person word (what _PERSON_NEAR finds, and more) or a given name
        # ("Greg, unfortunately, broke": given_name_tail reads the capitals)
    return not _CAPITAL_OPENING_POSSIBLE.search(window)


_WORD = regexcache.compile(r"[a-z]+")
_INSTEAD = ("instead of", "rather than")
_SENTENCE_REACH = 250  # as far back as a sentence is read (review/phrases.py, WINDOW)


def _no_act_before(flat: str, start: int, end: int) -> bool:
    """A bare "instead of" or "rather than" is someone's slip only after an act ("ran it
    on db1 instead of db2"), and after "rather than" only before a target; without those
    in reach, person_harm turns it down whatever the sentence."""
    if flat.startswith("rather", start) and not _WRONG_TARGET.match(flat[end : end + 60]):
        return True
    return _ACT_BEFORE_INSTEAD.search(flat[max(0, start - _SENTENCE_REACH) : start]) is None


# After a sentence boundary the next word could be a name (named_subject reads the raw
# text), unless it is a word no name is ("This caused"); without one in the window, only
# people words could make the subject a person.
_CAPITAL_OPENING_POSSIBLE = LazyPattern(
    r"(?:^|[.!?:;]\s+|\n\s*)"
    r"(?!(?:the|an?|this|that|these|those|it|its|which|what|there|here|everything|"
    r"something|nothing|each|every)\s+$)[a-z][\w-]*\s+$"
)

# The verbs failed_to weighs by more than its subject (what people notice or check, an
# organisation's duties, "follow up").
_FAILED_TO_OTHER_VERBS = COGNITIVE_VERBS | ORG_DUTIES | ONLY_ORG_DUTIES | {"follow"}


def _nobody_failed(flat: str, start: int, end: int, people: tuple[str, ...]) -> bool:
    """failed_to judges most verbs by their subject alone ("the pods failed to start"):
    with no person near (as person_harm asks), the match is rejected without its sentence."""
    if flat.startswith("failure", start):
        return False
    verb = flat[flat.rfind(" ", start, end) + 1 : end]
    return verb not in _FAILED_TO_OTHER_VERBS and _no_person_near(flat, start, end, people)


QUICK_REJECTS: dict[str, Callable[[str, int, int, tuple[str, ...]], bool]] = {
    "person_harm": _no_person_near,
    "failed_to": _nobody_failed,
}


def _own_story_passes(check: Callable[[Context], bool]) -> Callable[[Context], bool]:
    """`check`, except that in a responder's own account "I" is the teller, whose slips
    ("I made a typo in the hostname", "I misread the graph", "I missed the page") are the
    story the account exists to tell, as "I forgot" and "I deleted" already are."""

    def own_story_passes(ctx: Context) -> bool:
        teller = ctx.account and bool(
            FIRST_PERSON.search(ctx.tail)
            or _I_HEAD.match(ctx.matched)
            # "I ran the migration against the wrong database"; not "I think Sam broke it"
            or (_I_OPENS.match(ctx.before) and not human_subject(replace(ctx, account=False)))
        )
        return not teller and check(ctx)

    own_story_passes.__doc__ = check.__doc__
    return own_story_passes


_I_HEAD = LazyPattern(r"^i(?:'d|'ve)?\s")
_I_OPENS = LazyPattern(
    r"^[\s\-*+>]*(?:(?:then|and|so|but|next|later|first|at [\w:.]+),?\s+)?i(?:'d|'ve)?\s"
)


CHECKS: dict[str, Callable[[Context], bool]] = {
    "human_subject": human_subject,
    "human_agent_in_sentence": human_agent_in_sentence,
    "care_judged": care_judged,
    "not_enough": not_enough,
    "mistake_of_person": _own_story_passes(mistake_of_person),
    "omission_by_person": omission_by_person,
    "person_harm": _own_story_passes(person_harm),
    "human_actor": human_actor,
    "not_a_thing": not_a_thing,
    "attention_of_a_person": attention_of_a_person,
    "person_follows": person_follows,
    "named_person_follows": named_person_follows,
    "not_system_subject": not_system_subject,
    "not_a_system": lambda ctx: not system_subject(ctx),
    "should_have": should_have,
    "could_have": could_have,
    "not_question": not_question,
    "hindsight_adverb": hindsight_adverb,
    "failed_to": failed_to,
    "noticing": _own_story_passes(noticing),
    "too_late": too_late,
    "misjudged": _own_story_passes(misjudged),
    "decision_verdict": decision_verdict,
    "never_tested": never_tested,
}
