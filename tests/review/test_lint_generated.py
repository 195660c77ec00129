"""Generated Markdown through the phrase rules: no input raises, every span is in the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondstory.review.config import ReviewConfig
from secondstory.review.lint import lint_text

# Trigger phrases, Markdown and quoting syntax, suppression comments and awkward characters:
# what the masking, sentence and subject code has to cope with, in any order.
_PIECES = [
    "the engineer", "forgot to", "should have", "human error", "root cause", "we", "I",
    "caused", "deleted the prod database", "by mistake", "accidentally", "if only",
    "failed to notice", "obviously", "too late", "got it wrong", "instead of", "@sam", "Sam",
    "(", ")", "[", "](http://x)", "`code`", "```\n", "~~~\n", "<!--", "-->", "<%", "%>",
    '"', "'", "\u201c", "\u201d", "*", "**", "_", "#", "## Impact\n", "## Action items\n",
    "- ", "1. ", "> ", "|", "\n", "\n\n", "  ", "\t", ".", ",", ";", ":", "!", "?", "---\n",
    "\r\n", "\x00", "\ufeff", "\u00e9", "\u2014", "\u0301", "\u0130", "\u00df", "\U0001f600",
    "<!-- secondstory: disable=BL101 -->", "<!-- secondstory: disable-next-line -->",
]  # fmt: skip
_DOCUMENTS = st.lists(st.tuples(st.sampled_from(_PIECES), st.booleans()), max_size=60).map(
    lambda parts: "".join(piece + (" " if space else "") for piece, space in parts)
)
_CONFIG = ReviewConfig()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS, st.sampled_from(["", "facts", "actions", "impact"]), st.booleans())
def test_lint_generated_documents_give_valid_spans(text: str, section: str, account: bool) -> None:
    findings = lint_text(
        text, config=_CONFIG, section=section, account=account, people=("sam", "kim lee")
    )
    lines = text.count("\n") + 1
    for finding in findings:
        assert 1 <= finding.line <= finding.end_line <= lines
        assert finding.column >= 1
        assert (finding.end_line, finding.end_column) > (finding.line, finding.column)
    assert findings == sorted(findings)
