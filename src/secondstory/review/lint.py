"""Lint one document's text: phrase rules, suppression comments, configured severities."""

from __future__ import annotations

from functools import lru_cache

from secondstory.review.anchors import AnchorPlan, plan_for
from secondstory.review.config import ReviewConfig
from secondstory.review.finding import CATEGORIES, Finding
from secondstory.review.phrases import Hit, find_hits
from secondstory.review.ruleset import Rule, all_rules
from secondstory.review.suppress import Directive, is_suppressed, parse_directives
from secondstory.review.text import Prepared, line_feeds_for_lone_returns, prepare


def make_finding(
    rule: Rule,
    config: ReviewConfig,
    path: str,
    start: tuple[int, int],
    end: tuple[int, int],
    detail: str,
) -> Finding:
    return Finding(
        path=path,
        line=start[0],
        column=start[1],
        end_line=end[0],
        end_column=end[1],
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=config.severity_of(rule.code, rule.severity),
        message=f"{detail}: {rule.summary}" if detail else rule.summary,
        suggestion=rule.suggestion,
    )


def _hit_finding(hit: Hit, doc: Prepared, config: ReviewConfig, path: str) -> Finding:
    quoted = " ".join(hit.text.split())
    start, end = doc.span_line_cols(hit.start, hit.end)
    return make_finding(hit.rule, config, path, start, end, f'"{quoted}"')


_DEFAULT = ReviewConfig()
_ACTIVE: dict[int, tuple[ReviewConfig, AnchorPlan]] = {}
# Plain text, not Markdown: an indented line there is prose (a quoted mail, an indented
# paragraph), not code; except in reStructuredText's literal blocks (after "::").
_PLAIN = (".txt", ".TXT", ".rst", ".RST")
_RST = (".rst", ".RST")


@lru_cache(maxsize=256)
def _lowered(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.lower() for name in names if name.strip())


def phrase_plan(config: ReviewConfig) -> AnchorPlan:
    """The enabled phrase rules and their anchor scanner (remembered per configuration)."""
    known = _ACTIVE.get(id(config))
    if known is not None and known[0] is config:
        return known[1]
    plan = plan_for(tuple(r for r in config.active_rules(all_rules()) if r.is_phrase))
    if len(_ACTIVE) > 64:
        _ACTIVE.clear()
    _ACTIVE[id(config)] = (config, plan)
    return plan


def lint_text(
    text: str,
    *,
    path: str = "",
    config: ReviewConfig | None = None,
    people: tuple[str, ...] = (),
    section: str = "",
    directives: list[Directive] | None = None,
    account: bool = False,
) -> list[Finding]:
    """Findings of the phrase rules in `text` (Markdown or plain text), sorted by position."""
    doc = prepare_text(text, path=path, section=section, account=account)
    return lint_prepared(doc, path=path, config=config, people=people, directives=directives)


def prepare_text(
    text: str, *, path: str = "", section: str = "", account: bool = False
) -> Prepared:
    """`text` ready for the phrase rules, read as its file name says (Markdown, plain text,
    reStructuredText, ERB)."""
    return prepare(
        line_feeds_for_lone_returns(text),
        section=section,
        account=account,
        markdown=not path.endswith(_PLAIN),
        rst=path.endswith(_RST),
        erb=not path or path.endswith(".erb"),
    )


def lint_prepared(
    doc: Prepared,
    *,
    path: str = "",
    config: ReviewConfig | None = None,
    people: tuple[str, ...] = (),
    directives: list[Directive] | None = None,
) -> list[Finding]:
    """`lint_text` of a prepared document (its views are then ready for other checks)."""
    config = config or _DEFAULT
    people = _lowered(people + config.people) if people or config.people else ()
    findings = []
    for hit in find_hits(doc, phrase_plan(config), people):
        finding = _hit_finding(hit, doc, config, path)
        if directives is None:  # read only when there is something to suppress
            directives = parse_directives(doc.raw) if doc.may_have_directives else []
        if not is_suppressed(directives, finding.line, finding.code):
            findings.append(finding)
    return one_per_phrase(sorted(findings)) if len(findings) > 1 else findings


_RANK = {category: rank for rank, category in enumerate(CATEGORIES)}


def one_per_phrase(findings: list[Finding]) -> list[Finding]:
    """Of the findings (sorted) whose words overlap on a line, the one that says most:
    blame before hindsight before judgment (CATEGORIES' order), then the longer span. "This
    was a careless mistake" is one finding (BL107), not three on the same words."""
    kept: list[Finding] = []
    for finding in findings:
        last = kept[-1] if kept else None
        if last is None or not _overlap(last, finding):
            kept.append(finding)
        elif _says_more(finding, last):
            kept[-1] = finding
    return kept


def _overlap(a: Finding, b: Finding) -> bool:
    return a.line == b.line == a.end_line == b.end_line and b.column < a.end_column


def _says_more(a: Finding, b: Finding) -> bool:
    longer_a, longer_b = a.column - a.end_column, b.column - b.end_column  # minus the length
    return (_RANK[a.category], longer_a, a.code) < (_RANK[b.category], longer_b, b.code)
