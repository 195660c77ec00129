"""Who did it, for the slip and cause rules: the person behind "by mistake" and
"accidentally" (BL103: "the engineer accidentally deleted", "the namespaces were
accidentally deleted", not "the cleanup job accidentally deleted"), and the person right
after "caused by" (BL110). Registered in review/context.py's CHECKS."""

from __future__ import annotations

from dataclasses import replace

from secondstory.review import regexcache
from secondstory.review.subjects import (
    ELIDED_SUBJECT,
    FIRST_PERSON,
    HANDLE_OPENING,
    PERSON_HEAD,
    Context,
    LazyPattern,
    folded,
    given_names,
    human_agent_in_sentence,
    human_subject,
    is_question,
    system_subject,
    thing_opens,
)
from secondstory.review.words import FILLER as _FILLER
from secondstory.review.words import (
    HUMAN_NOUNS,
)

BY_PERSON = LazyPattern(
    r"^\s+(?:\w+ ){0,2}by (?:the |an? |our |one of (?:the |our )?)?(?:[\w-]+ )?(?:"
    + HUMAN_NOUNS
    + r"|users?)\b"
)


_HYPOTHETICAL = LazyPattern(r"\b(?:if|unless|in case|whether)\b[^,.;:]*$")
CONDITION = LazyPattern(
    r"\b(?:if|when|whenever|unless|once|in case|until|as soon as|imagine|suppose|say)\b"
)


# Acts that people do by accident ("Sam accidentally deleted"), unlike a job's or a tool's.
_HUMAN_ACT = LazyPattern(
    r"^\s+(?:deleted|removed|dropped|pushed|deployed|ran|executed|merged|committed|"
    r"applied|published|released|wiped|destroyed|truncated|terminated|shut down|overwrote|"
    r"exposed|leaked|revoked|uninstalled|rebooted|restarted|killed|triggered|enabled|disabled|"
    r"sent|shared|changed|modified|edited|updated|uploaded|installed|typed|entered|clicked|"
    r"selected|chose|picked|copied|pasted|cloned|checked out|force-pushed|assigned|reset|left|"
    r"published|tagged|merged|closed|revoked|rotated|unplug\w*|press\w*|pushed|hit|flipped|"
    r"turned off|powered off|switched off)\b"
)
_NOT_AN_ACTOR = LazyPattern(
    r"\b(?:was|were|been|being|be|is|are|got|get|gets)\s*$"
    r"|\b(?:versions?|releases?|builds?|implementations?) of [^,;]{1,40}$"  # "versions of X assumed"
)


_DETERMINER_TAIL = LazyPattern(r"\b(?:the|a|an|this|that|these|those|its|our|their|his|her|my)\s+$")


def _acting_subject(ctx: Context) -> bool:
    """Active voice, and the subject is not a thing: "Sam accidentally deleted", "while
    troubleshooting accidentally pushed"; not "were accidentally deleted" (no agent: the
    issue's definition asks for a person) and not "the cleanup job accidentally deleted"."""
    if not _HUMAN_ACT.match(ctx.after) or _NOT_AN_ACTOR.search(ctx.tail):
        return False
    if _DETERMINER_TAIL.search(ctx.tail):  # "adding back the accidentally removed method"
        return False
    if ELIDED_SUBJECT.search(ctx.tail) and thing_opens(ctx.before):
        return False  # "one thread completed its task early and inadvertently deleted"
    return not system_subject(ctx)


_SUBJECT_VERB_TAIL = LazyPattern(
    r"(?:^|[\s,;(])(?:"
    + HUMAN_NOUNS
    + r")(?:\s+"
    + _FILLER
    + r"){0,2}\s+(?!(?:was|were|is|are|been|be|being|got|get)\b)[a-z]+\s*$"
)


_ACT_NOUNS: tuple[str, ...] = (
    "misconfiguration",
    "deletion",
    "removal",
    "change",
    "push",
    "execution",
)
_ACT_NOUNS += ("shutdown", "termination", "exposure")
_ACT_NOUNS += ("commit", "update", "deploy", "deployment", "edit", "query", "command", "operation")
_POSSESSIVE_TAIL = LazyPattern(r"\b(?:my|our|his|her|their)\s*$")
_BY_PERSON_NEAR = LazyPattern(
    r"^(?:\s+[\w'-]+){0,5}?\s+by (?:the |an? |our )?(?:[\w-]+ ){0,2}(?:" + HUMAN_NOUNS + r")\b"
)
_BELIEF_FOLLOWS = LazyPattern(r"^\s+(?:thinking|believing|assuming|thought|believed|assumed)\b")
_EASE_TAIL = LazyPattern(
    r"\b(?:difficult|hard|easy|harder|easier|impossible|possible|likely|unlikely) to "
    r"(?:\w+ ){1,2}$"
)
_PERSON_AFTER = LazyPattern(
    r"^\s+(?:one of (?:the |our )?|an? |the |our )(?:[\w'-]+ ){0,2}(?:"
    + HUMAN_NOUNS
    + r")(?:'s)?\b"
)
_LUCKY_OUTCOME = LazyPattern(
    r"^\s+(?:fixed|solved|resolved|discovered|found|stumbled|worked around|avoided|prevented)\b"
)
_LUCKY_FIND = LazyPattern(
    r"\b(?:found|discovered|noticed|fixed|solved|resolved|worked around|stumbled|learned|"
    r"spotted|came across)\b[^.]{0,80}$"
)


_OF_A_COMMAND = LazyPattern(
    r"^\s+of (?:an? |the )?(?:[\w-]+ ){0,2}?(?:commands?|query|queries|statements?)\b"
)
_PASSIVE_TAIL = LazyPattern(
    r"(?<!\bthat )(?<!\bwhich )\b(?:was|were|got|been|(?<!\bfrom )(?<!\bavoid )being)\s*$"
)
# Acts of a person: "the wrong server was restarted by mistake", "the namespaces were
# accidentally deleted" imply someone's slip, unless a thing is named as the agent
# ("was inadvertently enabled by a stale default").
_PEOPLES_ACTS = (
    r"(?:pressed|clicked|typed|pasted|merged|approved|published|committed|tagged|"
    r"unpublished|ticked|unticked|deleted|removed|dropped|truncated|wiped|erased|run|"
    r"executed|restarted|rebooted|shut down|turned off|unplugged|changed|entered|"
    r"transferred|pushed|force-pushed|deployed|released|created|sent|terminated|destroyed|"
    r"killed|overwritten|revoked|reverted|modified|edited|renamed|moved|applied)"
)
_NOT_BY_A_THING = r"(?! by (?:the |an? |our |its )?(?:[\w-]+ ){0,2}?(?:job|script|bot|tool|pipeline|process|default|system|automation|controller|operator|upgrade|update|migration|cron|task|service|code|change|bug|component|cleanup)s?\b)"
_PEOPLES_ACT = LazyPattern(r"^\s+" + _PEOPLES_ACTS + r"\b" + _NOT_BY_A_THING)
_THING_DID_IT = LazyPattern(  # "were accidentally deleted when the script targeted ..."
    r"^[^.;]{0,40}?\b(?:when|as|because|after|while) (?:the|a|an|our|its|their) (?:[\w-]+ )?"
    r"(?:script|job|tool|pipeline|automation|controller|bot|process|upgrade|migration|cron|task|"
    r"operator|service|code|deploy|deployment|release)s?\b"
)
# "Accidentally" and "by mistake" say a slip whatever the act ("access was accidentally
# denied", "the path was inadvertently omitted"); "incorrectly" and "wrongly" also describe
# what programs do ("the checksum was incorrectly calculated"), so they need a person's act.
_ANY_PARTICIPLE = (
    r"(?:[a-z]+(?:ed|en)|run|set|put|sent|left|shut down|cut|hit|built|made|bought|sold|"
    r"spent|lost|kept|told|taught|read|split|shed|spread|struck|thrown|blown|drawn|shown)"
)
# What programs do as well as people: judging, sorting, finding ("the job was mistakenly
# marked as correct", "flagged as spam by mistake").
_NOT_JUDGED = (
    r"(?!(?:believed|thought|assumed|considered|understood|expected|regarded|reported|"
    r"marked|flagged|labell?ed|classified|detected|identified|interpreted|treated|seen|taken|"
    r"counted|cached|parsed|matched|routed|resolved|returned|discovered|found|blocked|"
    r"rejected|filtered|triggered|fired|invoked|activated|called|started|accepted|allowed|"
    r"permitted|stabili[sz]ed|included|excluded|emitted)\b)"
)
_SLIP_ACT = LazyPattern(r"^\s+" + _NOT_JUDGED + _ANY_PARTICIPLE + r"\b")
# A thing named as the agent later in the clause: "was accidentally scheduled for removal
# by the abuse-report system", "was accidentally triggered by a power dip".
_BY_WHOM = LazyPattern(r"^[^.;:,]{0,60}?\bby\s+(?!mistake\b|accident\b)")
# "to prevent steps being accidentally missed": what a fix is for, not what happened
_PREVENTED = LazyPattern(
    r"\b(?:prevent|prevents|preventing|avoid|avoids|avoiding|stop|stops)\b[^.;:]*\bbeing\s*$"
)
_SLIP_ADVERBS = ("accidentally", "accidently", "inadvertently", "unintentionally")
_PEOPLES_ACT_BEFORE = LazyPattern(  # "a package was pushed to the repository by mistake"
    r"(?<!\bthat )(?<!\bwhich )\b(?:was|were|got|been|being)\s+"
    + _NOT_JUDGED
    + _ANY_PARTICIPLE
    + r"(?:\s+(?:to|into|on|onto|from|in|at|for|the|a|an|our|their|its|this|that|[\w./-]+)){0,5}\s+$"
)


def _passive_peoples_act(ctx: Context) -> bool:
    """ "The namespaces were accidentally deleted", "access was inadvertently denied": a
    person's act with its agent left out, unless the sentence goes on to name a thing that
    did it."""
    if not _PASSIVE_TAIL.search(ctx.tail) or _PREVENTED.search(ctx.tail):
        return False
    if ctx.matched in _SLIP_ADVERBS:
        act = _SLIP_ACT.match(ctx.after)
        if act is None:
            return False
        rest = ctx.after[act.end() :]
        by = _BY_WHOM.match(rest)
        if by is not None and not PERSON_HEAD.match(" " + rest[by.end() :]):
            return False  # "... by a power dip", "... by the abuse-report system"
        return not _THING_DID_IT.match(rest)
    act = _PEOPLES_ACT.match(ctx.after)
    return act is not None and not _THING_DID_IT.match(ctx.after[act.end() :])


_AND_TAIL = LazyPattern(r"\b(?:and|but|then)\s*$")
_PRONOUN_OPENING = LazyPattern(
    r"^[\s\-*+>#]*+(?:[^,.;:]{1,60}+,\s*)?(we|i|he|she)\b(?!'s)(?!\s+(?:was|were|is|are)\b)"
)


# "a local contractor was trenching and": a person named by a noun opens the sentence
_PERSON_NOUN_OPENING = LazyPattern(
    r"^[\s\-*+>#]*+(?:a|an|the|our|one|their|one of (?:the|our))\s+(?:[\w-]+\s+){0,2}?(?:"
    + HUMAN_NOUNS
    + r")\s+(?:was|were|had|then|first|also|\w+ed|\w+s)\b[^,;:]{0,80}$"
)


def _person_opens(ctx: Context) -> bool:
    """The sentence opens with a person ("we", "she", "a local contractor"), whose verb the
    match's clause shares; in a responder's own account "I" is their story."""
    opening = _PRONOUN_OPENING.match(ctx.before)
    if opening is None:
        return bool(_PERSON_NOUN_OPENING.match(ctx.before))
    return not (ctx.account and opening.group(1) == "i")


def human_actor(ctx: Context) -> bool:
    """A person did it: the subject before the match ("the engineer accidentally deleted"),
    or before its verb ("the engineer assumed wrongly"), or 'by <person>' after; 'by
    mistake' needs a person anywhere; not a hypothetical ("if someone grabbed it by accident"),
    a denial or what a fix guards against ("not accidentally modified", "prevents you from
    inadvertently decrypting", "reduce the risk of people accidentally running")."""
    return _human_actor(ctx) and not _SLIP_GUARDED.search(ctx.tail)


def _human_actor(ctx: Context) -> bool:
    if _HYPOTHETICAL.search(ctx.before):
        return False
    if ctx.before.endswith("(") and ctx.after.startswith(")"):  # "we allowed (mistakenly)
        # token bypass": the aside read in place, the bracket a space (offsets unchanged)
        ctx = replace(ctx, before=ctx.before[:-1] + " ", raw_before=ctx.raw_before[:-1] + " ")
    if ctx.matched.startswith("by "):  # not "lucky finds" nor "hard to do by accident"
        before = ctx.before
        if _PEOPLES_ACT_BEFORE.search(ctx.tail) and not _THING_DID_IT.match(ctx.after):
            return True  # "a wrong server was restarted by mistake"
        return human_agent_in_sentence(ctx) and not (
            _LUCKY_FIND.search(before) or _EASE_TAIL.search(before)
        )
    if _BELIEF_FOLLOWS.match(ctx.after) and not _NOT_AN_ACTOR.search(ctx.tail):
        # "errantly thinking": people think (not "was wrongly assumed"); code "assumes"
        return not system_subject(ctx)  # ("the retry logic incorrectly assumed the lock")
    if ctx.matched.endswith(_ACT_NOUNS):  # "an inadvertent misconfiguration by operators"
        return bool(
            _BY_PERSON_NEAR.match(ctx.after)
            or _POSSESSIVE_TAIL.search(ctx.tail)
            or _OF_A_COMMAND.match(ctx.after)  # "an accidental execution of a kubectl command"
        )
    if _LUCKY_OUTCOME.match(ctx.after):  # "we inadvertently fixed what was corrupting data"
        return False
    if human_subject(ctx) or BY_PERSON.match(ctx.after) or _acting_subject(ctx):
        return True
    if _PERSON_AFTER.match(ctx.after):  # "today accidentally one of the members did a push"
        return True
    if _passive_peoples_act(ctx):
        return True  # "the Publish button was accidentally pressed": only people press it
    if ELIDED_SUBJECT.search(ctx.tail) and HANDLE_OPENING.match(ctx.before):
        return True  # "@sam opens #1215 ..., and accidentally swaps the components"
    if _AND_TAIL.search(ctx.tail) and _person_opens(ctx):
        return True  # "we looked at the changes and mistakenly concluded ..."
    return (
        not (ctx.account and FIRST_PERSON.search(ctx.tail))
        and bool(_SUBJECT_VERB_TAIL.search(ctx.tail))
        and not system_subject(ctx)  # not "the token management system inadvertently"
    )


_WE_AFTER = LazyPattern(r"^\s+(?:we|i)\b")
# Guards asked only of the matches that would count (searching each sentence for them
# cost 10% of BL103): a denial or what a fix guards against, for a slip ...
_SLIP_GUARDED = LazyPattern(
    r"(?:\b(?:not|never)|n't)\s+$"
    r"|\b(?:prevent|prevents|preventing|stop|stops|stopping|keep|keeps|keeping|protect|protects|"
    r"guard|guards)\s+(?:\w+\s+){0,2}from\s+$|\b(?:avoid|avoids|avoiding|to prevent|to avoid)\s+$"
    r"|\b(?:risk|risks|chance|chances|possibility|likelihood) (?:of|that)\s+(?:\w+\s+){0,3}$"
    r"|(?:\bnot|n't) want (?:you|us|them|people|users|anyone|someone|customers)\s+to\s+$"
)
# ... and a cause named as others name it, for "caused by a person"
_MENTIONED = LazyPattern(
    r"\b(?:describ\w*|call\w*|label\w*|dismiss\w*|think of|thinks of|thought of)\s+"
    r"(?:[\w-]+\s+){1,4}as\s+$|\b(?:often|sometimes|usually|typically|commonly|tend to|"
    r"tempting to)\s+(?:say|says|said|claim\w*|assum\w*)\s+(?:that\s+)?(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){1,2}(?:was|is|were|are)\s+$"
)


def person_follows(ctx: Context) -> bool:
    """'caused by the engineer', 'due to Tom's flush': a person right after the match (in a
    statement: "was it caused by human error?" asks), used, not mentioned ("people often
    describe incidents like this as caused by human error")."""
    return _person_follows(ctx) and not _MENTIONED.search(ctx.tail)


def _person_follows(ctx: Context) -> bool:
    if is_question(ctx) or (ctx.matched.endswith(" when") and _WE_AFTER.match(ctx.after)):
        return False  # "the outage was caused when we ran a script": the writers' own act
    if ctx.matched.endswith((" me", " myself", " truly")):  # "deleted by me"
        return True
    if PERSON_HEAD.match(ctx.after) or _participant_follows(ctx):
        return True
    # any given name after "caused by" ("caused by Tom"); "introduced by Sam", "triggered
    # by Marco" name who did a change, often plainly, so there a participant's name only
    return ctx.matched.startswith("caused") and _given_name_follows(ctx)


def named_person_follows(ctx: Context) -> bool:
    """A participant's name right after the match ("root cause: Tom ran the migration",
    "Tom's failure to renew"), as a whole word ("Tom", not "tomorrow"); or a capitalised
    given name ("root cause: Dave": "Dave", not "dave" nor "DAVE")."""
    if _participant_follows(ctx):
        return True
    return _given_name_follows(ctx) and not is_question(ctx)


def _participant_follows(ctx: Context) -> bool:
    head = ctx.after.lstrip(" \t:=\u2013\u2014-")
    for name in ctx.people:
        if head.startswith(name):
            rest = head[len(name) : len(name) + 1]
            if not (rest.isalnum() or rest == "_"):
                return not is_question(ctx)
    return False


def _given_name_follows(ctx: Context) -> bool:
    raw = ctx.raw_after.lstrip(" \t:=\u2013\u2014-")
    word = _FIRST_NAME.match(raw)
    if word is None:
        return False
    name = word.group(0)
    return name[:1].isupper() and not name.isupper() and folded(name.lower()) in given_names()


_FIRST_NAME = regexcache.compile(
    r"[^\W\d_]+(?!['\u2019]?\w*[-.]\w)"
)  # a word, not "Tom-bot", "Max.io"
