"""What `secondstory lint` would later say about the text an edit writes, said at once.

`factor add` and `action add` run lint's phrase rules (secondstory.review.lint.lint_text,
with the library's [review] settings) over the new text, keep the findings of the blame
and counterfactual rules (and, for an action item's `what`, of the action-item rules, as
lint reads it), and print them as warnings: the edit is still made. The review package
is imported only here and only when an edit asks, since it builds on this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from secondstory.errors import ConfigError
from secondstory.model.records import Postmortem
from secondstory.store.library import Library

if TYPE_CHECKING:
    from secondstory.review.config import ReviewConfig

WORDING_CATEGORIES = ("blame", "counterfactual")
WHAT_CATEGORIES = (*WORDING_CATEGORIES, "action-item")


def review_config(library: Library) -> tuple[ReviewConfig, list[str]]:
    """The library's [review] settings, or the defaults and a warning when they are wrong."""
    from secondstory.review.config import ReviewConfig, located, parse_config, unknown_code
    from secondstory.store.library import CONFIG_NAME

    try:
        config = parse_config(library.section("review"))
        problem = unknown_code(config)
        if problem is None:
            return config, []
        message = "[review] " + problem[0]
    except ConfigError as exc:
        message = exc.message
    where = located(library.root / CONFIG_NAME, message)
    return ReviewConfig(), [f"{where}; the checks below use lint's defaults"]


def wording_warnings(
    config: ReviewConfig, pm: Postmortem, texts: Iterable[tuple[str, str, bool]]
) -> list[str]:
    """One warning per finding of lint's phrase rules in `texts`: (option, text, is the
    action item's `what`), e.g. `--summary: BL102 "forgot": "Forgot" puts the outcome...`."""
    from secondstory.review.lint import lint_text

    people = tuple(sorted(pm.participant_names()))
    warnings = []
    for option, text, is_what in texts:
        if not text.strip():
            continue
        wanted = WHAT_CATEGORIES if is_what else WORDING_CATEGORIES
        section = "actions" if is_what else ""
        for finding in lint_text(text, config=config, people=people, section=section):
            if finding.category in wanted:
                warnings.append(
                    f"{option}: {finding.code} {finding.message.rstrip('.')} "
                    f"(secondstory rules explain {finding.code})"
                )
    return warnings
