"""The context checks of the counterfactual rules (CF2xx): hindsight or a plain fact?

"Should have been caught in review" and "the alert should have a runbook link", "nobody
noticed" and "the page was not noticed by the monitoring", "failed to notice" and "pods
failed to start". The checks are registered by name in review/context.py (CHECKS). Text
here is lower-cased and masked (see review/text.py).
"""

from __future__ import annotations

from dataclasses import replace

from secondstory.review.subjects import (
    DETERMINER,
    ELIDED_SUBJECT,
    Context,
    LazyPattern,
    folded,
    given_names,
    human_subject,
    is_question,
    named_subject,
    not_system_subject,
    system_subject,
    thing_opens,
)
from secondstory.review.words import (
    ADJECTIVAL_PARTICIPLES,
    COGNITIVE_PARTICIPLES,
    COGNITIVE_VERBS,
    DATA_NOUNS,
    HUMAN_NOUNS,
    ONLY_ORG_DUTIES,
    ORG_DUTIES,
    STATES_OF_DATA,
    SYSTEM_NOUNS,
)
from secondstory.review.words import FILLER as _FILLER

_SENTENCE_HEAD = LazyPattern(r"^[\s\-*+>#]*(?:[\w'-]+\s+){0,3}")


def never_tested(ctx: Context) -> bool:
    """ "without validating it" said of people ("Jackal took the list without validating
    it"), not of a program ("the script deletes each file without checking its owner")."""
    if ctx.matched.startswith("i "):  # "I did not test": a verdict, except in one's account
        return not ctx.account
    if not ctx.matched.startswith(_LACKED):  # "without", "lacked", "did not have enough"
        return True
    clause = ctx.before[max(ctx.before.rfind(": "), ctx.before.rfind("; ")) + 1 :]
    head = _SENTENCE_HEAD.match(clause)  # the last clause's: "...: the control plane published"
    words = [w for w in (head.group(0).split() if head else []) if w not in _DETERMINERS]
    return not any(w in SYSTEM_NOUNS or w.rstrip("s") in SYSTEM_NOUNS for w in words[:2])


# Forms said of people or of a program, told apart by the sentence's subject.
_LACKED = ("without", "lacked", "had no", "has no", "did", "didn", "does", "doesn")
_DETERMINERS = frozenset(["the", "a", "an", "our", "their", "this", "that", "these", "those"])


_MEASURE_TAIL = LazyPattern(
    r"\b(?:more|less|higher|lower|bigger|larger|smaller|greater|heavier)\s+(?:[\w-]+\s+)?"
    r"(?:load|traffic|memory|cpu|requests?|latency|usage|data|rows|connections|disk|space|"
    r"storage|bandwidth|capacity|pressure|queries|errors|size)\s+$"
)
_WHAT_TAIL = LazyPattern(r"\bwhat\s+(?:\w+\s+)?$")
_REASON_FOLLOWS = LazyPattern(r"^\s*+,?\s*+(?:as|because|since|given)\b")
_SPEC_VERBS = frozenset(["set", "configured", "assigned", "encoded", "formatted", "named"])
_SPEC_VERBS |= {"labelled", "labeled", "spelled", "written", "mapped", "pointed"}
_SPEC_VALUE = LazyPattern(r"^\s+(?:to|as|at|in)\b")
_WHICH = LazyPattern(r"\bwhich\s*$")
_SOONER = LazyPattern(
    r"^\s+(?:out |in |up |through |live |back )?(?:much |far |a lot |a bit )?"
    r"(?:sooner|earlier|faster|quicker)\b"
)
_TO_USERS = LazyPattern(
    r"^\s+(?:to )?(?:production|prod|customers|users|main|master|the release)\b"
)
_NEGATED = LazyPattern(r"\b(?:not|never)\b|n't\b")
_THROUGH_REVIEW = LazyPattern(
    r"^\s+through (?:an? |the |more |our )?(?:[\w-]+ ){0,2}(?:review|testing|qa|approval)"
)


def should_have(ctx: Context) -> bool:
    """'should have been caught' and 'we should have checked', not 'should have a runbook'."""
    if "automatically" in ctx.matched + ctx.after[:16]:
        return False
    if is_question(ctx) and not _WHAT_I.search(ctx.tail):  # "What I should have done:"
        return False
    if ctx.matched.startswith("than ") and _MEASURE_TAIL.search(ctx.before):
        return False  # "the server was under far more load than it should've been"
    if ctx.matched.startswith("than ") or " and should" in ctx.matched:
        return True  # "longer than it should have been", "could have, and should have,"
    last = ctx.matched.split()[-1]
    if last in ("happened", "occurred"):  # "this should never have happened": a verdict,
        # not an expectation with its reason ("shouldn't have happened, as we're not near
        # the limit")
        if _REASON_FOLLOWS.match(ctx.after) or "even if" in ctx.before[-20:]:
            return False
        return bool(_NEGATED.search(ctx.matched + " " + ctx.before[-12:]))
    if last == "gone" and _THROUGH_REVIEW.match(ctx.after):
        return True
    if _SOONER.match(ctx.after):  # "the fix should have gone out sooner"
        return True
    if last in ("reached", "hit", "shipped") and _NEGATED.search(ctx.matched):
        return bool(_TO_USERS.match(ctx.after))  # "this should never have reached production"
    if _WHAT_TAIL.search(ctx.tail) and not _WHAT_I.search(ctx.tail):
        return False  # "a list of what mail should have been delivered"; "what I should
        # have done" is the teller's hindsight
    if last in ("affected", "impacted", "disrupted") and _NEGATED.search(ctx.matched):
        return False  # "running jobs should not have been affected": what to expect
    if ctx.tail.rstrip().endswith("("):  # "(should've done one for 1.5.0 but got lazy)"
        return True
    if last in ("expected", "required", "asked", "needed") and _NEGATED.search(ctx.matched):
        return False  # "he was ill and should not have been expected to help"
    if " been " in ctx.matched and last in _SPEC_VERBS and _SPEC_VALUE.match(ctx.after):
        return False  # "set to ZA when it should have been set to BW": the right value
    if last in ADJECTIVAL_PARTICIPLES and not DETERMINER.match(ctx.after):
        return False
    if last in STATES_OF_DATA and (_THING_THAT.search(ctx.tail) or _DATA_OPENS.search(ctx.before)):
        return False  # "the dump held events that should not have been included": a bug's
        # effect on data, not a verdict on people
    if " been " in ctx.matched or " had " in ctx.matched:
        return True
    if human_subject(ctx):
        return True
    if ELIDED_SUBJECT.search(ctx.tail) and not _WHICH.search(ctx.tail):
        return not thing_opens(ctx.before)  # not "the oracle has a filter and should have
        # absorbed it"
    if last in _PEOPLES_ACTS and _THEY_TAIL.search(ctx.tail):
        return True  # "they should never have deployed on a Friday": people deploy, merge
    return last in COGNITIVE_PARTICIPLES and not system_subject(ctx)


# What people do, so that "they" before "should have <done>" are people, not machines.
_PEOPLES_ACTS = frozenset(
    [
        "deployed",
        "merged",
        "released",
        "shipped",
        "approved",
        "escalated",
        "asked",
        "told",
        "listened",
        "waited",
        "communicated",
    ]
)
_THING_THAT = LazyPattern(r"\b" + DATA_NOUNS + r"\s+(?:that|which)\s+(?:\w+\s+)?$")
# A clause whose subject is data: "..., and all email sent to groups during this time
# should have been queued"
_DATA_OPENS = LazyPattern(
    r"(?:^[\s\-*+>#]*|[,;:]\s*|\b(?:and|but|so|while|although|though)\s+)"
    r"(?:(?:all|any|the|some|your|our|their|these|those|most|every)\s+)*"
    r"(?:[\w-]+\s+)?" + DATA_NOUNS + r"\b[^,;:]*$"
)
_THEY_TAIL = LazyPattern(r"(?:^|[^\w'])they(?:\s+\w+ly)?\s*$")


def hindsight_adverb(ctx: Context) -> bool:
    """'Obviously,' and 'Clearly,' (and a bare 'Obviously') only when they open the sentence."""
    if ctx.matched.rstrip(", ") in _BARE_ADVERBS:  # the comma is trimmed off the match
        # hindsight speaks of the past: "Obviously, the state of a room changes" explains
        # and holds a verdict: "Clearly, the team did not understand the risk"; not
        # evidence read ("Clearly, people were enthusiastic about the chatbot")
        rest = ctx.after.split(". ", 1)[0]
        return (
            not ctx.before.strip(" \t-*+>#")
            and bool(_PAST_OR_MODAL.search(rest))
            and bool(_VERDICT_WORDS.search(rest))
        )
    return True


_BARE_ADVERBS = frozenset(["obviously", "clearly", "evidently"])
_VERDICT_WORDS = LazyPattern(
    r"\b(?:not|never|no|nobody|none|nothing|without|should|could|would|might|must|needed|"
    r"wrong|broken|bad|mistakes?|errors?|insufficient|inadequate|failed|missed|forgot|"
    r"ignored|overlooked|too|only|just|nor)\b|n't\b"
)
_PAST_OR_MODAL = LazyPattern(
    r"\b(?:was|were|had|did|been|should|could|would|might|will|went|made|took|saw|knew|thought|"
    r"ran|got|forgot|missed|left|broke|going to|bound to|\w+ed|\w+n't)\b"
)


def could_have(ctx: Context) -> bool:
    """A counterfactual, not a question; "Tom could not have known" clears a person. "If
    Tom had restarted it..." counts when the one word after "if" (or "had") is a person's
    name ("Tom", a participant), not a thing ("if traffic had doubled ...")."""
    if is_question(ctx) or _COULD_NOT_KNOW.match(ctx.matched):
        return False
    if ctx.matched.startswith("if you") and _INSTRUCTION_AFTER.search(ctx.after):
        return False  # "(if you'd missed out on the beta, you can skip this paragraph!)"
    if " been for " in ctx.matched:  # "if it had not been for this omission": its own form
        return True
    one_word = _ONE_WORD_SUBJECT.match(ctx.matched)
    if one_word is None:
        return True
    group = 1 if one_word.group(1) else 2
    if one_word.group(group) in _SUBJECT_WORDS:
        return True
    name = ctx.raw_matched[one_word.start(group) : one_word.end(group)]
    return name in ctx.people or (
        name[:1].isupper() and not name.isupper() and folded(name.lower()) in given_names()
    )


_INSTRUCTION_AFTER = LazyPattern(r"\byou (?:can|may|might want to|could|should|will)\b(?! have\b)")
# "if X had <done>" / "had X <done>" with one word as X: a name or a pronoun, or a thing
_ONE_WORD_SUBJECT = LazyPattern(
    r"(?:if ([^\W\d_]+) (?:\w+ly )?had (?!been\b)\w+|had (?!(?:been|not|never)\b)([^\W\d_]+) "
    r"(?:\w+ly )?(?!been\b)\w+(?:ed|en|wn))\b"
)
_SUBJECT_WORDS = frozenset(
    [
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "one",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "people",
        "engineers",
        "operators",
        "developers",
    ]
)


# What nobody in the situation could know: the words that clear people, not reproach them.
_COULD_NOT_KNOW = LazyPattern(
    r"(?:could|would) ?(?:not|n't|never) (?:\w+ly )?(?:have|'ve) (?:known|foreseen|predicted|"
    r"anticipated|expected|guessed|realised|realized|seen (?:it|this|that) coming)\b"
    r"|(?:could|would) ?(?:not|n't) (?:have|'ve) been (?:any )?more\b"  # "could not have been more ordinary"
)


def not_question(ctx: Context) -> bool:
    return not is_question(ctx)


def failed_to(ctx: Context) -> bool:
    """People who 'failed to' act, and cognitive failures; not components that failed to
    start; not a warning ("failure to follow these guidelines may result in ...")."""
    return _failed_to(ctx) and not _MAY_RESULT.match(ctx.after)


_MAY_RESULT = LazyPattern(
    r"[^.;]{0,80}?\b(?:may|might|will|can|could|would) (?:result|lead|cause)\b"
)


def _failed_to(ctx: Context) -> bool:
    tail = ctx.tail
    end = tail[-60:]  # the forms below end the tail within a few words
    if _MADE_WORD.search(end) and _MADE_TO_FAIL.search(end):
        return False  # "the noise made the on-call fail to notice", "if we fail to renew it"
    verb = ctx.matched.split()[-1]
    if verb in _SERVICE_VERBS and _SERVICE_OBJECT.match(ctx.after):
        return False  # "we failed to process 74.7% of requests": the service, told as "we"
    if human_subject(ctx):
        return True
    if verb in ORG_DUTIES and _ORG_TAIL.search(ctx.tail):
        return True  # "the vendor failed to notify us", "the firm failed to plan"
    if verb in ONLY_ORG_DUTIES and named_subject(ctx):
        return True  # "TSB failed to plan"; "Alertmanager failed to notify" is a program
    if ctx.matched.startswith("failure") and _POSSESSOR_TAIL.search(ctx.tail):
        return True  # "the banks' failure to put in place", "our failure to act"
    if ctx.matched.startswith("failure") and verb in ORG_DUTIES and _OPENS_SENTENCE.match(ctx.tail):
        return True  # "Failure to provide sufficient collateral enabled the exploit"
    if verb == "follow" and ctx.after.startswith(" up"):  # only people follow up
        return not system_subject(ctx)
    if verb not in COGNITIVE_VERBS:
        return False
    if verb in _DILIGENCE and not ctx.matched.startswith("failure"):
        # "Let's Encrypt failed to validate": a service can fail to validate; people are
        # named, or the subject is elided ("and failed to check the logs")
        return bool(ELIDED_SUBJECT.search(ctx.tail))
    return ctx.matched.startswith("failure") or not system_subject(ctx)


# What made someone fail, or a condition: "caused e2fsck to fail to notice", "made the
# on-call fail to notice" (not "the sysadmin who made the change failed to"), "when we fail".
# (a quick test for their words first)
_MADE_WORD = LazyPattern(r"\b(?:caus|ma[dk]|le[adt]|forc|allow|when|if |once)")
_MADE_TO_FAIL = LazyPattern(
    r"\b(?:caus\w+|made|make|makes|making|led|leads|lead|leading|forc\w+|allow\w*|let|lets)"
    r"\s+(?:[\w.-]+\s+){1,3}to\s+(?:\w+ly\s+)?$"
    r"|\b(?:when|whenever|if|in case|once)\s+(?:we|it|they|you)\s+$"
    r"|(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b(?:made|make|makes|making|let|lets)"
    r"\s+(?:[\w.-]+\s+){1,3}$"
)
_DILIGENCE = frozenset(["check", "review", "test", "verify", "validate", "confirm", "ensure"])
_SERVICE_VERBS = frozenset(
    ["process", "serve", "deliver", "handle", "send", "return", "complete", "load", "answer"]
)
_SERVICE_OBJECT = LazyPattern(
    r"^\s+(?:[\d.,]+\s*%\s+of\s+|(?:about|around|over|nearly|some|most|many|all|the)\s+)?"
    r"(?:[\d.,]+\s+)?(?:[\w-]+\s+){0,2}?(?:requests?|traffic|messages?|e-?mails?|events?|"
    r"payments?|transactions?|queries|calls|webhooks?|notifications?|orders?|uploads?|pages?)\b"
)
_ORG_TAIL = LazyPattern(
    r"\b(?:the|our|their|its|this|that)\s+(?:[\w-]+\s+)?(?:firm|company|vendor|supplier|"
    r"contractor|bank|registrar|management|leadership|organi[sz]ation|business|hoster|isp|"
    r"hosting provider|carrier|partner|reseller|agency|department|government|council|"
    r"authorit(?:y|ie))s?(?:\s+(?:that|who|which))?"  # "it's the vendor that failed to"
    r"(?:\s+" + _FILLER + r"){0,2}\s*$"
)
_OPENS_SENTENCE = LazyPattern(r"^[\s\-*+>#]*$")
_POSSESSOR_TAIL = LazyPattern(r"(?:\b(?:our|their|his|her|my|your)|\w's|\ws')\s+(?:\w+\s+)?$")
_DILIGENCE |= {"identify", "investigate"}


_NOBODY_NAMED = LazyPattern(r"\b(?:any|some|no)(?:one|body)\b")
_PREVENTED_BEFORE = LazyPattern(r"\b(?:avoid|prevent|stop)(?:s|ed|ing)?\b[^.;]{0,80}$")


def noticing(ctx: Context) -> bool:
    head = ctx.matched.split()[0]
    if ctx.matched in ("had missed", "have missed", "has missed"):  # "I had missed DNS",
        return human_subject(ctx)  # not "the collector has missed 3% of the samples"
    if head in (
        "nobody",
        "no",
        "no-one",
        "noone",
        "none",
        "was",
        "were",
        "been",
        "got",
        "being",
        "overlooked",
        "how",  # "how was this not caught in the tests?": a reproach put as a question
    ):
        return True
    if head in ("nor", "without"):  # "neither notified nor thought to check", "without
        # anyone noticing"; not what a fix is to prevent ("to avoid services down without
        # noticing")
        if head == "nor":
            return True
        if _PREVENTED_BEFORE.search(ctx.before):
            return False
        # "the servers carried on without noticing any problems": a thing's, no reproach
        return not (_NOBODY_NAMED.search(ctx.matched) is None and thing_opens(ctx.before))
    if " cross " in ctx.matched:  # "it didn't cross my mind to renew the domain"
        return True
    if _WHAT_WE.search(ctx.before):  # "what we didn't realise is that ...": a surprise
        return False
    if ctx.matched.endswith(("review", "reviews")):  # "not caught in code review": by people
        return not is_question(ctx)
    if " missed " in f" {ctx.matched} " or ctx.matched.endswith(("opportunity", "chance")):
        return True
    if head == "slipped" or ctx.matched.endswith(" miss"):
        return True
    if head == "not" and " have " in ctx.matched:  # "sorry to not have caught": a regret
        return not is_question(ctx)
    if _OFF_GUARD.match(ctx.after):  # "so we're not caught off guard again"
        return False
    if human_subject(ctx) or named_subject(ctx) or _PERSON_AGENT.match(ctx.after):
        return True  # "the alerts were not noticed by the on-call engineer"
    return bool(ELIDED_SUBJECT.search(ctx.tail)) and head != "not"


_WHAT_I = LazyPattern(r"\bwhat (?:i|we)\s+$")
_WHAT_WE = LazyPattern(r"\bwhat (?:we|i|they|nobody|no one)\s+$")
_OFF_GUARD = LazyPattern(r"^\s*(?:off[- ]guard|out|short|unawares|napping)\b")
_PERSON_AGENT = LazyPattern(
    r"\s*(?:until \w+ )?by (?:the |our |their |any |an? |one of (?:the |our )?)?(?:[\w-]+ )?(?:"
    + HUMAN_NOUNS
    + r")\b"
)


_OBJECT_PERSON = LazyPattern(r" (?:us|them|me|the team|the on-?call(?: engineer)?) ")


def decision_verdict(ctx: Context) -> bool:
    """ "Deploying on a Friday was a bad decision"; "was a mistake" only when an action (a
    gerund) opens the sentence: "skipping the canary was a mistake"."""
    if is_question(ctx):
        return False
    if ctx.matched.startswith(("was ", "were ")) and ctx.matched.endswith(("mistake", "ment")):
        # an act named just before: "skipping the canary was", "That was", "a way that was"
        return bool(_GERUND_HEAD.match(ctx.before) or _ACT_REFERENCE.search(ctx.before))
    return True


_GERUND_HEAD = LazyPattern(r"^[\s>*+#-]*(?:[\w-]+ly )?[\w-]+ing\b(?: [\w'-]+){0,7} $")
_ACT_REFERENCE = LazyPattern(
    r"^[\s>*+#-]*(?:that|this)\s+$"
    r"|\b(?:the|this|that|our|my)\s+(?:[\w-]+\s+)?(?:\w+-)?(?:release|deploy|deployment|"
    r"migration|rollout|roll-out|upgrade|merge|rewrite|refactor|hotfix|launch)\s+$"
    r"|\b(?:way|decision|choice|approach|call|move|idea|plan)\s+(?:that|which)\s+$"
)


def too_late(ctx: Context) -> bool:
    """People too slow ("we reacted too late", "it took us too long"), not a job that
    took too long or an alert that fired late."""
    if ctx.matched.startswith("why "):  # "why didn't we write the script earlier?"
        return True
    if is_question(ctx):  # "have you ever pushed send, then realised too late?"
        return False
    if _ACT_TOO_EARLY.match(ctx.matched) or _RESPONSE_TOO_SLOW.match(ctx.matched):
        return True  # "this publication was a bit too early", "the escalation was too late"
    if ctx.matched.endswith("late") and _DECLARING.intersection(ctx.matched.split()):
        return True  # "the incident was declared late": people declare an incident
    if ctx.matched.startswith("until it was"):  # "didn't know until it was too late"
        return bool(_KNOWING_BEFORE.search(ctx.before))
    if ctx.matched.startswith(
        ("to even ", "for ", "longer ", "much ", "far ", "way ")
    ):  # "it took hours to even notice",
        return True  # "we were silent for way too long"
    if _DUMMY_IT.search(ctx.tail) and _HUMAN_TASK.match(ctx.after):
        return True  # "it took far too long to identify the problem": people identify
    if ctx.matched.startswith("slow to") and _GERUND_TAIL.search(ctx.tail):
        return human_subject(ctx)  # not "the archive, ... or just being slow to respond"
    became = _BECAME_TAIL.search(ctx.tail) if ctx.matched.startswith("slow to") else None
    if became:  # "we became slow to respond"; not "servers became overloaded and slow to"
        return human_subject(replace(ctx, before=ctx.before[: -len(became.group(0))]))
    return bool(_OBJECT_PERSON.search(ctx.matched)) or not_system_subject(ctx)


_DECLARING = frozenset(["declared", "acknowledged", "announced"])
# "servers ... became overloaded and slow to respond": a state the subject came to
_BECAME_TAIL = LazyPattern(
    r"\b(?:became|become|becomes|becoming|grew|grow|grows|got|get|gets|getting)\s+"
    r"(?:[\w-]+\s+(?:and|or)\s+)?$"
)
_GERUND_TAIL = LazyPattern(r"(?:,|\b(?:or|and))\s+(?:just\s+|also\s+)?being\s+$")
_RESPONSE_TOO_SLOW = LazyPattern(
    r"(?:response|reaction|escalation|investigation|communication) (?:was|were) "
)
_ACT_TOO_EARLY = LazyPattern(
    r"(?:release|publication|launch|roll-?out|announcement|deploy|merge|upgrade|migration|"
    r"cutover)\w* (?:was|were) "
)
_KNOWING_BEFORE = LazyPattern(
    r"\b(?:knew|know|known|realis|realiz|notic|discover|found out|find out|spott|spot|caught|"
    r"catch|act|react|respond|saw|see|seen|understood|understand)\w*\b[^.;]*$"
)
_DUMMY_IT = LazyPattern(r"(?:^|[^\w'])it\s*$")
_HUMAN_TASK = LazyPattern(
    r"^\s*(?:notice|identify|realise|realize|recogni[sz]e|detect|spot|diagnose|understand|"
    r"respond|react|escalate|decide|act|roll back|find the|figure out)\b"
)
