"""The rules, loaded from the YAML data in review/rules/ and compiled once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

from secondstory.errors import ConfigError
from secondstory.regexparts import split_top
from secondstory.review import regexcache
from secondstory.review.finding import CATEGORIES, SEVERITIES
from secondstory.review.kept import digest, kept, source_of
from secondstory.review.words import EXPANSIONS

RULE_FILES = (
    "blame.yaml",
    "counterfactual.yaml",
    "judgment.yaml",
    "rootcause.yaml",
    "actions.yaml",
    "completeness.yaml",
)
_CODE = regexcache.compile(r"^[A-Z]{2}\d{3}$")
_ANCHOR = regexcache.compile(r"[a-z]+(?:\|[a-z]+)*(?: [a-z]+(?:\|[a-z]+)*)*")


def expand_anchors(specs: Iterable[str]) -> tuple[str, ...]:
    """Anchor specs -> the phrases they stand for: `fail|failed to` is "fail to", "failed to".
    Words are as the scanner sees them: lower-case ASCII letters, anything else a space, so
    "shouldn't have" is `shouldn t have`."""
    phrases: dict[str, None] = {}
    for spec in specs:
        for words in product(*(slot.split("|") for slot in spec.split(" "))):
            phrases[" ".join(words)] = None
    return tuple(phrases)


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    why: str
    suggestion: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    pattern_text: str | None = None  # compiled on first use (see `pattern`)
    keywords: tuple[str, ...] = ()  # anchor phrases: every match contains one
    lead: int = 0  # how many words before an anchor a match may begin
    starts: tuple[str, ...] = ()  # the words a match may begin with (all when empty)
    multiline: bool = False  # the pattern starts at a line start (^)
    check: str = ""
    logic: str = ""
    example_in: str = ""
    sections: frozenset[str] = frozenset()
    not_sections: frozenset[str] = frozenset()
    skip_headings: bool = False
    before_text: str | None = None
    after_text: str | None = None
    source: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_phrase(self) -> bool:
        return self.pattern_text is not None

    # Patterns compile when first used: a run that meets only some rules (one short file,
    # a pre-commit hook) does not pay for the rest. A bad pattern is a ConfigError then;
    # the rule-example tests use every pattern, so a shipped rule cannot have one.
    @property
    def pattern(self) -> re.Pattern[str] | None:
        if self.pattern_text is None:
            return None
        return _compiled(self.code, "pattern", self.pattern_text, re.M if self.multiline else 0)

    @property
    def unless_before(self) -> re.Pattern[str] | None:
        text = self.before_text
        return None if text is None else _compiled(self.code, "unless_before", text, 0)

    @property
    def unless_after(self) -> re.Pattern[str] | None:
        text = self.after_text
        return None if text is None else _compiled(self.code, "unless_after", text, 0)

    @property
    def summary(self) -> str:
        """The first sentence of `why`: the message every finding of this rule carries."""
        head, dot, _ = self.why.partition(". ")
        return head + "." if dot else self.why


# An escape, a character class (to its end, or the pattern's), or a space outside both.
_CLASS_OR_SPACE = regexcache.compile(r"\\.|\[(?:\\.|[^\]\\])*\]?| ")


def _spaces(pattern: str) -> str:
    """A space outside a character class matches any run of spaces (wrapped, indented lines)."""
    return _CLASS_OR_SPACE.sub(_space_run, pattern)


def _space_run(match: re.Match[str]) -> str:
    text = match.group()
    return " +" if text == " " else text


def _expand(pattern: str) -> str:
    for name, value in EXPANSIONS.items():
        pattern = pattern.replace("{" + name + "}", value)
    return _spaces(pattern)


@cache
def _compiled(code: str, key: str, text: str, flags: int) -> re.Pattern[str]:
    try:
        return regexcache.compile(text, flags)
    except re.error as exc:
        raise ConfigError(f"rule {code}: bad {key} pattern: {exc}") from None


def _source(value: object) -> str | None:
    return None if value is None else _expand(str(value))


def _pattern_source(value: object) -> str | None:
    """A phrase rule's pattern, its alternatives that open with a word boundary grouped
    under one (`\\bA|\\bB|C` reads as `\\b(?:A|B)|C`, in the same order): the regex engine
    then skips, on its first character, each alternative that cannot begin at a position,
    where a leading boundary check made it enter every one."""
    source = _source(value)
    if source is None:
        return None
    groups: list[str] = []
    bounded: list[str] = []
    for alternative in split_top(source):
        if alternative.startswith("\\b"):
            bounded.append(alternative[2:])
            continue
        if bounded:
            groups.append("\\b(?:" + "|".join(bounded) + ")")
            bounded = []
        groups.append(alternative)
    if bounded:
        groups.append("\\b(?:" + "|".join(bounded) + ")")
    return "|".join(groups)


def _examples(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


# What a rule's raw values expand to: its anchor phrases and its pattern sources.
Expanded = tuple[tuple[str, ...], str | None, str | None, str | None]


def expanded(data: dict[str, Any]) -> Expanded:
    """The anchor phrases and the pattern, unless_before and unless_after sources of a
    rule's raw values (plain data: kept between runs by `all_rules`)."""
    return (
        expand_anchors(str(a) for a in data.get("anchors", [])),
        _pattern_source(data.get("pattern")),
        _source(data.get("unless_before")),
        _source(data.get("unless_after")),
    )


def build_rule(data: dict[str, Any], parts: Expanded | None = None) -> Rule:
    """A rule from its raw values (`parts`: their `expanded` values, when already made)."""
    code = str(data.get("code", ""))
    if not _CODE.match(code):
        raise ConfigError(f"rule code {code!r} must be two capitals and three digits")
    if data.get("category") not in CATEGORIES or data.get("severity") not in SEVERITIES:
        raise ConfigError(f"rule {code}: unknown category or severity")
    anchors = data.get("anchors", [])
    if data.get("pattern") and not (anchors and all(_ANCHOR.fullmatch(str(a)) for a in anchors)):
        raise ConfigError(
            f"rule {code}: a phrase rule needs `anchors`: lower-case words or phrases, one of"
            " which every match contains (a phrase's words may list alternatives: `fail|failed to`)"
        )
    pattern_flags = re.MULTILINE if str(data.get("pattern", "")).startswith("^") else 0
    keywords, pattern_text, before_text, after_text = parts or expanded(data)
    return Rule(
        code=code,
        name=str(data["name"]),
        category=str(data["category"]),
        severity=str(data["severity"]),
        why=" ".join(str(data["why"]).split()),
        suggestion=" ".join(str(data["suggestion"]).split()),
        bad=_examples(data.get("bad")),
        good=_examples(data.get("good")),
        pattern_text=pattern_text,
        keywords=keywords,
        lead=int(data.get("lead", 0)),
        starts=tuple(str(word) for word in data.get("starts", [])),
        multiline=bool(pattern_flags),
        check=str(data.get("check", "")),
        logic=str(data.get("logic", "")),
        example_in=str(data.get("example_in", "")),
        sections=frozenset(data.get("sections", [])),
        not_sections=frozenset(data.get("not_sections", [])),
        skip_headings=bool(data.get("skip_headings", False)),
        before_text=before_text,
        after_text=after_text,
        source=data,
    )


@cache
def rule_texts() -> tuple[str, ...]:
    folder = Path(__file__).parent / "rules"  # package data, installed beside this module
    return tuple((folder / name).read_text(encoding="utf-8") for name in RULE_FILES)


def rule_data(text: str) -> list[dict[str, Any]]:
    """One rule file's items as plain values (store/yamlio.py: fast for these plain files,
    and PyYAML is not imported for them); `true`/`false` and integers as YAML 1.1 reads
    them, everything else a string. A test checks this equals yaml.safe_load."""
    from secondstory.store.yamlio import load

    return [_plain(item) for item in load(text) or []]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


# The code that turns a rule file into plain values: a change to it builds them again.
READER_MODULES = ("store/fastyaml.py", "store/yamlio.py", "store/yamlmodel.py", "review/ruleset.py")
# The code and words that expand anchors and patterns (`expanded`).
EXPANDER_MODULES = ("review/ruleset.py", "review/words.py")


@cache
def all_rules() -> tuple[Rule, ...]:
    texts = rule_texts()
    key = digest((*texts, *source_of(*READER_MODULES)))
    items = [
        item for data in kept("rules", key, lambda: [rule_data(t) for t in texts]) for item in data
    ]
    # the anchors and patterns as they expand (11 ms a run): kept too, keyed by the code
    # and words that expand them
    parts_key = digest((key, *source_of(*EXPANDER_MODULES)))
    parts = kept("expanded", parts_key, lambda: [expanded(item) for item in items])
    rules = [build_rule(item, part) for item, part in zip(items, parts, strict=True)]
    codes = [r.code for r in rules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ConfigError(f"duplicate rule codes: {', '.join(duplicates)}")
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    return next((r for r in all_rules() if r.code == code.upper()), None)


@cache
def ruleset_fingerprint() -> str:
    """Keys the lint cache: the rule files and the package's code, so a changed rule or a
    new version of the linter never serves stale findings."""
    from secondstory.review.kept import blake2b  # only the cache needs it

    digest = blake2b(digest_size=8)
    for text in rule_texts():
        digest.update(text.encode("utf-8"))
    package = Path(__file__).parent.parent  # the linter's code: a new version lints anew
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()
