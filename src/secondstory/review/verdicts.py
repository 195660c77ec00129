"""The checks that judge a verdict on people: whose mistake or fault it was ("the mistake
we made", "those responsible", "blamed on the intern"), care and effort judged short ("we
were not careful enough", "not thorough enough"), and misjudgement ("for some reason the
engineer decided"). Registered with the other checks in review/context.py (CHECKS)."""

from __future__ import annotations

from dataclasses import replace

from secondstory.review.subjects import (
    PERSON_HEAD,
    SENTENCE_SUBJECT,
    Context,
    LazyPattern,
    human_agent_in_sentence,
    human_subject,
    is_question,
    system_subject,
)
from secondstory.review.words import SYSTEM_NOUNS

_PUNISHED = LazyPattern(
    r"\b(?:been|was|were) (?:identified|found|dealt with|disciplined|removed|let go|fired|"
    r"spoken to|retrained|re-trained|reprimanded|dismissed|suspended|terminated)$"
)
_VERDICT = LazyPattern(r"\b(?:responsible|at fault|culpable|to blame)\b")
_CLAUSE_BREAK = LazyPattern(r"\b(?:that|which|because|so|and|but|when|where|while|if)\b")
_OWN = LazyPattern(r"\b(?:of mine|of ours)\b")
_NOBODY = LazyPattern(r"^\s*(?:nobody|no one|no-one|no single|none of|not one)\b")
_BLAMED_ONE = LazyPattern(
    r"\b(?:i|we|he|she|they|me|us|him|her|them)\s+(?:(?:was|were|got|get|gets|am|are|is|have|has|had|been|being)\s+)*$"
)
_IF_CLAUSE = LazyPattern(r"\b(?:if|unless|in case)\b[^,.;:]*$")
_NEGATED_CLAUSE = LazyPattern(r"(?:\b(?:nobody|no one|no-one|never|not|would|will)|n't)\b[^,.;:]*$")
_WHOSE_FAULT = LazyPattern(
    r"^([a-z][\w&.-]*?)(?:'s|s'|\u2019s|s\u2019|'|\u2019) (?:own )?(?:fault|mistakes?|blunders?|negligence)"
)
_THOSE_RESPONSIBLE = LazyPattern(
    r"^(?:those|the people|the persons?|the individuals?|whoever|(?:the|a|our|their) (?:[\w-]+ )?"
    r"(?:engineers?|employees?|developers?|operators?|vendors?|contractors?|suppliers?|"
    r"staff members?|team members?|admins?) responsible)\b"
)


def mistake_of_person(ctx: Context) -> bool:
    """'made an error' by a person, not by a parser; 'is responsible for the outage' or
    'is to blame' with a person as the sentence's subject ("nobody is to blame" is the
    blameless stance, not a verdict); the other forms name a person."""
    if _PUNISHED.search(ctx.matched):  # "the person responsible has been identified"
        return True
    if _IF_CLAUSE.search(ctx.before):  # "write to us if you believe we made a mistake"
        return False
    if ctx.matched.startswith("without") and _NEGATED_CLAUSE.search(ctx.before):
        return False  # "I assumed nobody would change it without asking us"
    whose = _WHOSE_FAULT.match(ctx.matched)
    if whose is not None:  # "AWS' fault", "Knight's mistakes"; not "the parser's mistakes"
        return whose.group(1) not in SYSTEM_NOUNS and whose.group(1).rstrip("s") not in SYSTEM_NOUNS
    if ctx.matched.startswith("blamed"):  # on a person, or a person blamed for it
        if ctx.matched.endswith(" on"):
            return bool(PERSON_HEAD.match(ctx.after))
        if ctx.matched.endswith(" for"):  # "Monzo has blamed a supplier for the problems"
            return bool(PERSON_HEAD.match(ctx.matched[len("blamed") : -len(" for")]))
        subject = SENTENCE_SUBJECT.match(ctx.before)
        return human_subject(ctx) or bool(subject or _BLAMED_ONE.search(ctx.tail))
    if _VERDICT.search(ctx.matched):
        if _THOSE_RESPONSIBLE.match(ctx.matched):  # "those responsible for this mistake"
            return True
        before = ctx.before
        if _NOBODY.match(before) or system_subject(ctx):
            return False  # "nobody is to blame"; "we fixed the component at fault"
        if human_subject(ctx) or _OWN.search(before):
            return True
        if SENTENCE_SUBJECT.match(before) and not _CLAUSE_BREAK.search(before):
            return True  # the person opening the sentence is the subject of "is to blame"
        return any(before.lstrip().startswith(name) for name in ctx.people)
    if ctx.matched.endswith("the blame"):  # "I had to take some of the blame"
        if _DENIED.search(ctx.tail):  # not "nobody should take the blame"
            return False
        if ctx.matched.startswith(("take", "took", "shoulder")):
            return True
        if _ON_A_NAME.match(ctx.raw_after):  # "laid the blame on Bob", "on AWS"
            return True
        target = _BLAME_ON.search(ctx.after)  # put on a person, not "on a series of missteps"
        return target is not None and bool(PERSON_HEAD.match(target.group(1)) or target.group(2))
    return not (ctx.matched.startswith("made") and system_subject(ctx))


_BLAME_ON = LazyPattern(
    r"^[^.;]{0,80}?\bon(\s+(?:[\w-]+ ){0,3}?(?:(myself|himself|herself|themselves|ourselves|"
    r"yourself|me|him|her|them|us)\b)?.*)"
)
_ON_A_NAME = LazyPattern(r"^\s+on\s+[A-Z][\w-]+")
_DENIED = LazyPattern(r"\b(?:nobody|no one|no-one|none of \w+|not|never|\w+n't)\b(?:\s+\w+)?\s*$")


def care_judged(ctx: Context) -> bool:
    """A person's care or awareness judged: someone in the sentence, or "without being
    fully aware" or "despite being warned" (which can only be said of people)."""
    if ctx.matched.startswith(("without", "despite")):
        return True
    if is_question(ctx):  # "... the more everyone else is screwed up?"
        return False
    if human_agent_in_sentence(ctx) or _PEOPLE_WORK.search(ctx.before):
        return True  # "our code review was not thorough enough": reviews are people's work
    return not ctx.before.strip(" \t-*+>#")  # "Wasn't mindful of this case": the writer


def not_enough(ctx: Context) -> bool:
    """ "We did not understand X well enough", "we were not monitoring closely enough": an
    effort judged short by the outcome; other forms as care_judged."""
    negated = ctx.matched.startswith(("not", "without")) or ctx.matched.split()[0].endswith("n't")
    if _COVERAGE.match(ctx.after) and not human_agent_in_sentence(ctx):
        return False  # "testing was not thorough enough to cover the download path"
    if ctx.matched.endswith(" enough") and not negated:  # "weren't careful enough": negated
        return bool(_NEGATION_NEAR.search(ctx.before[-40:])) and not is_question(ctx)
    return care_judged(ctx)


_COVERAGE = LazyPattern(
    r"^\s+(?:to (?:cover|catch|detect|find|exercise|include|reach|hit|reproduce)|"
    r"for (?:this|that|the|these|those|every|all|each))\b"
)
_NEGATION_NEAR = LazyPattern(r"(?:\b(?:not|never)|n['\u2019]t)\s+(?:[\w-]+\s+){0,2}$")


_PEOPLE_WORK = LazyPattern(
    r"\b(?:code review|reviews?|testing|planning|preparation|communication|coordination|"
    r"investigation|analysis|qa|verification|due diligence)\b"
)


def misjudged(ctx: Context) -> bool:
    """ "The developer misjudged the impact"; "for some reason the engineer decided to ..."
    (a decision that makes no sense to the writer is the one to ask about), not "for some
    reason the scheduler decided to evict the pods"."""
    if ctx.matched.endswith("estimated"):  # "we underestimated", not "the autoscaler"
        return human_agent_in_sentence(ctx) and not system_subject(ctx)
    if not ctx.matched.startswith("for "):
        return human_agent_in_sentence(ctx)
    chooser = replace(ctx, before=ctx.before + ctx.matched.rsplit(" ", 1)[0] + " ")
    return human_subject(chooser)
