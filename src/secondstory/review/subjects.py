"""Who is the subject of a sentence, for the context checks (review/context.py): a
person, a participant, a named person or firm, the writers themselves, or a thing.

Text here is lower-cased and masked (see review/text.py); `Context.raw_before` keeps the
capitals for names. Patterns compile when first used (`LazyPattern`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from secondstory.review import regexcache
from secondstory.review.words import AUXILIARY as _AUXILIARY
from secondstory.review.words import FILLER as _FILLER
from secondstory.review.words import HUMAN_NOUNS, NOT_NAMES, SYSTEM_NOUNS


class LazyPattern:
    """A pattern compiled when first used: the context checks' sixty patterns share the
    long people-word alternation, and compiling them all at import cost 20 ms of every run."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = regexcache.compile(*self._args)  # kept between runs
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._get().search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self._get().match(text)

    def sub(self, repl: str, text: str) -> str:
        return self._get().sub(repl, text)


HUMAN_WORD = LazyPattern(r"\b(?:" + HUMAN_NOUNS + r"|his|her|hers|their own)\b")
# "i've", "we'd": the contraction belongs to the subject
CONTRACTION = r"(?:'(?:ve|d|ll|m|re))?"
SUBJECT_TAIL = LazyPattern(
    r"(?:^|[\s,;(\"\u201c])(?:"
    + HUMAN_NOUNS
    + r")"
    + CONTRACTION
    + r"(?:\s+"
    + _FILLER
    + r"){0,3}\s*$"
)
ELIDED_SUBJECT = LazyPattern(
    r"(?:^|\b(?:and|but|or|so|then|which|who)|[,;:(]|\s[-\u2013\u2014])\s*(?:"
    + _FILLER
    + r"\s+){0,2}$"
)
# A question without its mark (a heading, a bullet): "What went wrong", "Why did we miss it".
# "How", "where" and "when" open a question only before an auxiliary: "When you were moving
# the state you should have ..." is a statement.
QUESTION = LazyPattern(
    # not "What's interesting is ...", "What was surprising was ...": a statement
    r"^\s*(?:what(?!(?:'s|\s+is|\s+was)\s+(?:[\w-]+\s+){1,2}?(?:is|was)\b)|"
    r"which|why|who|could|would|should|did|is|are|(?:how|where|when)\s+"
    r"(?:did|do|does|was|were|is|are|could|would|should|can|will|has|have|had|might|may|come)\b)\b"
)

HANDLE = LazyPattern(
    r"(?:^|[\s(])@[\w-]+(?:\s+" + r"(?:had|has|have|then|also|\w+ly)" + r"){0,2}\s*$"
)
DETERMINER = LazyPattern(
    r"^\s*(?:the|a|an|this|that|these|those|it|them|him|her|us|our|their|its|his|my|to|in|"
    r"on|at|before|after|earlier|sooner|by|with|as|when|if|and|or|but|from|for|about|up|"
    r"out|back|off|down|over|more|much|[,.;:!?)]|$)"
)


@dataclass(slots=True)
class Context:
    """The sentence around a match, lower-cased: text before it, the match, text after."""

    before: str
    matched: str
    after: str
    people: tuple[str, ...] = ()
    account: bool = (
        False  # a responder's own account: "I did not notice" is their story, not a verdict
    )
    raw_before: str = ""  # `before` as written (capitals kept), when known
    raw_after: str = ""  # the start of `after` as written, when known
    raw_matched: str = ""  # the match as written, when known

    @property
    def sentence(self) -> str:
        return self.before + self.matched + self.after

    @property
    def tail(self) -> str:
        """The last words before the match: where its subject is (a short aside in
        brackets left out: "we (I) have published it too early")."""
        tail = self.before[-90:]
        if ")" in tail:
            tail = _ASIDE.sub("", tail)
        if tail.endswith(", "):  # "the function, however, does not": the subject is before
            tail = _CONNECTIVE_ASIDE.sub(" ", tail)
        return tail


_ASIDE = regexcache.compile(r"\s*\([^()]{1,30}\)(?=\s)")
_CONNECTIVE_ASIDE = regexcache.compile(
    r",\s*(?:however|therefore|thus|though|in fact|of course|too|also|instead|meanwhile),\s+$"
)
LAST_FILLER = LazyPattern(r"\s+" + _FILLER + r"$")


def filler_heads(tail: str, strip: str | None = None) -> Iterator[str]:
    """`tail` (right-stripped of `strip`), then the same without its last filler word, at
    most three times: where a subject followed by "had", "also", "then" ... may end."""
    head = tail.rstrip(strip)
    for _ in range(4):
        yield head
        last = LAST_FILLER.search(head)
        if last is None:
            return
        head = head[: last.start()].rstrip(strip)


def names_tail(tail: str, people: tuple[str, ...]) -> bool:
    """`tail` ends with a participant's name (or "name's"), then at most three filler
    words: the person is the subject. Names are compared as text, not compiled into a
    pattern: a library has thousands of different sets of participants."""
    for head in filler_heads(tail):
        for name in people:
            for form in (name, name + "'s"):
                if head.endswith(form):
                    before = len(head) - len(form)
                    if before == 0 or not (head[before - 1].isalnum() or head[before - 1] == "_"):
                        return True
    return False


FIRST_PERSON = LazyPattern(
    r"(?:^|[^\w'])(?:i|me|myself)" + CONTRACTION + r"(?:\s+" + _FILLER + r"){0,3}\s*$"
)


def human_subject(ctx: Context) -> bool:
    """The words just before the match name a person, a group of people or a participant.
    In a responder's own account, "I" is the teller, not someone being judged."""
    tail = ctx.tail
    if ctx.account and FIRST_PERSON.search(tail):
        return False
    if SUBJECT_TAIL.search(tail) or ("@" in tail and HANDLE.search(tail)):
        return True
    if MODIFIED_SUBJECT.match(ctx.before) or person_who_then(ctx):
        return True
    if ctx.people and names_tail(tail, ctx.people):
        return True
    return given_name_tail(ctx)


_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"})


def folded(word: str) -> str:
    """`word` without its accents ("josé" -> "jose", "bjørn" -> "bjorn"), as the names
    list is written; an ASCII word as it is."""
    if word.isascii():
        return word
    plain = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def given_names() -> frozenset[str]:
    """Common given names (review/given_names.txt), lower-cased."""
    # package data beside this module (importlib.resources cost 6 ms of imports per run)
    text = (Path(__file__).parent / "given_names.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(word for line in lines for word in line.split())


def last_word(head: str) -> tuple[int, str] | None:
    r"""Where the last word of `head` starts, and the word, when it follows a space or
    punctuation (not an apostrophe, "@" or "-"): what `(?:^|[^\w'@-])(\w+)\s*$` finds,
    without a search tried at every position."""
    end = len(head.rstrip())
    start = end
    while start > 0 and (head[start - 1].isalnum() or head[start - 1] == "_"):
        start -= 1
    if start == end or (start > 0 and head[start - 1] in "'@-"):
        return None
    return start, head[start:end]


def given_name_tail(ctx: Context) -> bool:
    """A capitalised given name, then at most three filler words, just before the match:
    "Greg screwed up", "Jacob restarted the validator with the old binary"."""
    for head in filler_heads(ctx.tail, " \t\n,"):
        found = last_word(head)
        if found is None:
            return False
        if folded(found[1]) in given_names():
            start = len(ctx.before) - len(ctx.tail) + found[0]
            # `before` may be cut short (review/context.py), never shifted: offsets agree;
            # "Sam", not "sam" (a word) nor "SAM" (an acronym: AWS SAM)
            raw = ctx.raw_before[start : start + len(found[1])]
            return raw[:1].isupper() and not raw.isupper()
    return False


# A person at the start of the sentence with a short modifier before the verb: "the
# engineer responsible for the deploy did not verify", "one of the technicians at the firm".
MODIFIED_SUBJECT = LazyPattern(
    r"^[\s\-*+>#]*+(?:[^,.;:]{1,100}+,\s*)?(?:the |an? |our |their |one of (?:the |our |their )?)?"
    r"(?:[\w-]+ ){0,2}(?:"
    + HUMAN_NOUNS
    + r")(?: (?:responsible for|in charge of|on call for|at|from|of|on|in|for|with|who was|"
    r"who were|who had been|working on|working at|working in|involved in|tasked with)\b"
    r"[^,;:()]{0,50}?)\s*$"
)


def human_agent_in_sentence(ctx: Context) -> bool:
    sentence = ctx.sentence
    return bool(HUMAN_WORD.search(sentence)) or any(name in sentence for name in ctx.people)


SELF_TAIL = LazyPattern(
    r"(?:^|[^\w'])(?:we|i|us|you)" + CONTRACTION + r"(?:\s+" + _FILLER + r"){0,3}\s*$"
)


NAME_OPENING = LazyPattern(
    r"^[\s\-*+>#]*+(?:[^,.;:]{1,200}+,\s*(?:(?:but|and|yet|so|then|however)\s+)?)?"
    r"(?:[A-Z][a-z]+[A-Z]?[\w&-]*|[A-Z]{2,}[\w&-]*|[a-z]+[A-Z][\w-]*)\s*$"
)


def named_subject(ctx: Context) -> bool:
    """A capitalised name opens the sentence just before the match ("Knight did not
    retest", "ICL didn't catch"): a person or an organisation, unless the word is a
    common opener or names a part of a system."""
    found = NAME_OPENING.match(ctx.raw_before)
    if found is None:
        return False
    word = found.group(0).split()[-1].lower()
    return (
        word not in NOT_NAMES and word not in SYSTEM_NOUNS and word.rstrip("s") not in SYSTEM_NOUNS
    )


def third_person_subject(ctx: Context) -> bool:
    """A person other than the teller ("the engineer", "Sam", "they") is the subject, also
    of a second verb ("@sam made changes by hand, and did not update the templates")."""
    if human_subject(ctx):
        return not SELF_TAIL.search(ctx.tail)
    if named_subject(ctx) and PEOPLE_ONLY_VERB.search(ctx.matched):
        return True  # "Knight did not retest": a firm or a person; "Nginx did not reload" passes
    if not ELIDED_SUBJECT.search(ctx.tail):
        return False
    opening = SENTENCE_SUBJECT.match(ctx.before) or HANDLE_OPENING.match(ctx.before)
    if opening is None:
        return False
    return not SELF_WORD.search(opening.group(0))


PEOPLE_ONLY_VERB = LazyPattern(
    r"\b(?:retest|re-test|escalate|follow up|inform|tell|investigate|heed|act on (?!the (?:event|signal|request)))"
)
# Possessive and atomic parts: a run of spaces before a match once made this expression
# try every way of sharing the run between its parts (90 s for 400 spaces).
HANDLE_OPENING = LazyPattern(
    r"^[\s\-*+>#]*+(?>[\d:\- ]{4,30}(?:utc|gmt|am|pm)?\s*+[\u2014\u2013-]?\s*+)?"
    r"(?:[^,.;:]{1,100}+,\s*)?@[\w-]+"
)


SELF_WORD = LazyPattern(r"\b(?:we|i|you|us)\s*$")
WE_WORD = LazyPattern(r"\b(?:we|you|us)\s*$")
WE_TAIL = LazyPattern(
    r"(?:^|[^\w'])(?:we|us|you)" + CONTRACTION + r"(?:\s+" + _FILLER + r"){0,3}\s*$"
)
SENTENCE_SUBJECT = LazyPattern(
    r"^\s*(?:[-*+>#]+\s*)?(?:[^,.;:]{1,30},\s*)?(?:the |an? |our |their |one of (?:the |our )?|some |this |that )?"
    r"(?:[\w-]+ ){0,2}?(?:" + HUMAN_NOUNS + r")\b"
)


def not_system_subject(ctx: Context) -> bool:
    return human_subject(ctx) or bool(ELIDED_SUBJECT.search(ctx.tail)) or passive(ctx)


PASSIVE = LazyPattern(r"\b(?:was|were|been|be|being|is|are|got)\s+(?:\w+ly\s+)?$")


def system_subject(ctx: Context) -> bool:
    """The subject just before the match is a thing (a system, 'it', 'this', a command in
    quotes: '"git mv" forgot to adjust'), not a person."""
    if _QUOTES.intersection(ctx.before[:12]) and QUOTED_OPENING.match(ctx.before):
        return True
    if person_who_then(ctx):
        return False
    words = re.findall(r"[\w-]+", ctx.tail)
    while words and (words[-1] in _AUXILIARY or re.fullmatch(_FILLER, words[-1])):
        words.pop()
    if len(words) > 1 and words[-1] in _OBJECT_PRONOUNS and _participle(words[-2]):
        return False  # "the person publishing it forgot": "it" is the object
    return bool(words) and is_system_noun(words[-1])


# A sentence whose subject is a name in quotes or backticks, a command or a file ("* "git
# mv" that moves a submodule forgot to", "`sync.sh` (hence the cron job) incorrectly"), with
# at most a short relative clause and auxiliaries before the match.
_QUOTES = frozenset('"`\u201c')
QUOTED_OPENING = LazyPattern(
    r"^[\s*+>-]*(?:(?:the|a|an|our|sample) )?(?:\"[^\"]{1,60}\"|`[^`]{1,60}`|\u201c[^\u201d]{1,60}\u201d)"
    r"(?: (?:and friends|\([^()]{1,40}\)))?(?: (?:that|which|when) (?![^,;]*\b(?:we|i|you|he|she|they)\b)[^,;]{1,60})?"
    r"\s+(?:(?:would|have|has|had|was|were|did|does|also|then|sometimes|often|still)\s+)*$"
)
_PERSON_WHO = LazyPattern(r"\b(?:" + HUMAN_NOUNS + r") who (?![^,;]*\bwho\b)[^,;()]{1,60}$")
_MAIN_VERB_AFTER = LazyPattern(
    r"^\s+(?!(?:and|or|but|so|because|as|on|in|at|to|for|with|from|by|of|when|while|before|after)\b)[a-z]"
)


def person_who_then(ctx: Context) -> bool:
    """A person and a relative clause, then the match before the main verb ("the engineer
    who ran the script mistakenly targeted production", "the engineer who wrote the job
    forgot to"): the person is the subject; not the clause's own adverb ("people who
    filled in their emails incorrectly.")."""
    tail = ctx.tail
    return (
        " who " in tail  # most tails have none: the search over every person word is spared
        and bool(_PERSON_WHO.search(tail))
        and bool(ctx.matched.startswith("forg") or _MAIN_VERB_AFTER.match(ctx.after))
    )


_OBJECT_PRONOUNS = frozenset(("it", "this", "that", "them"))


def _participle(word: str) -> bool:
    """ "publishing" ("the person publishing it"), not "something" ("something that was")."""
    return word.endswith("ing") and not word.endswith("thing") and len(word) > 4


def passive(ctx: Context) -> bool:
    return bool(PASSIVE.search(ctx.tail))


def is_question(ctx: Context) -> bool:
    return "?" in ctx.after[:200] or bool(QUESTION.match(ctx.before))


# A person right after a word: 'caused by the web developer', 'blamed on the intern'.
PERSON_HEAD = LazyPattern(
    r"^\s+(?:the |an? |our |one of (?:the |our )?|some )?(?:new |junior |senior |on-?call )?"
    r"(?:[\w-]+ (?!(?:we|i|you|they|he|she|us|me|them)\b))?(?:" + HUMAN_NOUNS + r")\b"
    r"(?! (?:alerts?|jobs?|panel|page|console|api|role|tools?|dashboard|ui|emails?|scripts?|"
    r"bots?|endpoints?|interface|portal|settings|mode|view|cli|service|services)\b)"
)


OPENING_PHRASE = LazyPattern(
    r"^\s*(?:[^,.;:]{1,40},\s*)?(?:all\s+)?(?:the|a|an|one|each|every|our|its|this|that|some|another)"
    r"\s+((?:[\w.-]+\s+){0,2}[\w-]+)[\s,]"
)
_HUMAN_WORD = LazyPattern(r"\b(?:" + HUMAN_NOUNS + r")\b")


def thing_opens(before: str) -> bool:
    """The sentence opens with a thing as its subject ("During this process, one thread
    completed ..."): the subject of a later verb joined by "and"."""
    opening = OPENING_PHRASE.match(before)
    if opening is None:
        return False
    phrase = opening.group(1)
    words = phrase.split()
    return any(is_system_noun(w) for w in words) and not (_HUMAN_WORD.search(phrase))


def is_system_noun(word: str) -> bool:
    """A thing: a system noun, its plural, or a compound of "server" ("homeservers")."""
    return word in SYSTEM_NOUNS or word.rstrip("s") in SYSTEM_NOUNS or word.endswith(_SERVERS)


_SERVERS = ("server", "servers")
