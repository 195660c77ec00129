"""Generate docs/rules.md from the rule data: `python -m secondstory.review.docgen [PATH]`."""

from __future__ import annotations

import sys
from pathlib import Path

from secondstory.review.finding import CATEGORIES
from secondstory.review.ruleset import Rule, all_rules

HEADER = """# Lint rules

<!-- Generated from src/secondstory/review/rules/*.yaml by
     `python -m secondstory.review.docgen docs/rules.md`. Do not edit by hand. -->

Every rule of `secondstory lint`, by family. Select or ignore rules by code prefix in the
`[review]` table of `secondstory.toml` (see [review.md](review.md)); `secondstory rules
explain CODE` prints one rule.

| code | name | category | severity |
|---|---|---|---|
"""


def _example(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _scope(rule: Rule) -> str:
    """Where the rule runs: phrase rules on any Markdown or text file, structure rules on
    secondstory postmortem folders only."""
    if rule.is_phrase and not rule.sections:
        return " Runs on any Markdown or text file."
    if rule.is_phrase:
        return " Runs on any Markdown or text file, in the sections named above."
    return " Runs on secondstory postmortem folders only (it reads their structure)."


def explain(rule: Rule) -> str:
    """One rule as Markdown: the same text `rules explain` prints and docs/rules.md holds."""
    parts = [
        f"### {rule.code} {rule.name}",
        "",
        f"Category: {rule.category}. Default severity: {rule.severity}.{_scope(rule)}",
        "",
        rule.why,
        "",
        f"**Ask instead:** {rule.suggestion}",
        "",
    ]
    for label, examples in (("Flagged", rule.bad), ("Not flagged", rule.good)):
        for example in examples:
            where = f" (in `{rule.example_in}`)" if rule.example_in else ""
            parts += [f"{label}{where}:", "", _example(example), ""]
    return "\n".join(parts)


def explain_code(code: str) -> str:
    """`rules explain CODE`: the rule, or for a prefix of codes (a family: BL, CF...) each
    rule it starts, one line each; NotFound with the nearest code for anything else."""
    wanted = code.strip().upper()
    rules = all_rules()
    rule = next((r for r in rules if r.code == wanted), None)
    if rule is not None:
        return explain(rule)
    family = [r for r in rules if wanted and r.code.startswith(wanted)]
    if family:
        width = max(len(r.name) for r in family)
        return "".join(f"{r.code}  {r.name:<{width}}  {r.summary}\n" for r in family)
    from secondstory.errors import NotFound
    from secondstory.model.choices import did_you_mean

    near = did_you_mean(wanted, [r.code for r in rules])
    raise NotFound(f"no rule {code!r}{near}", hint="run 'secondstory rules' to list the codes")


def render_rules_markdown() -> str:
    rules = all_rules()
    table = "".join(
        f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.category} | {r.severity} |\n"
        for r in rules
    )
    sections = []
    for category in CATEGORIES:
        chosen = [r for r in rules if r.category == category]
        if chosen:
            sections.append(f"## {category}\n\n" + "\n".join(explain(r) for r in chosen))
    return HEADER + table + "\n" + "\n".join(sections).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = render_rules_markdown()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
