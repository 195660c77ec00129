"""Phrase rules on sentences written for these tests: blaming and hindsight uses are flagged,
innocent uses of the same words are not."""

from __future__ import annotations

import pytest

from secondstory.review.lint import lint_text
from secondstory.review.markers import fenced_spans

BLAME_OR_HINDSIGHT = [
    ("The incident was caused by human error.", "BL101"),
    ("Root cause: operator error during the failover.", "BL101"),
    ("Human error in not rotating the key on time.", "BL101"),
    ("Alice forgot to renew the certificate.", "BL102"),
    ("The on-call engineer forgot that the replica was read-only.", "BL102"),
    ("Why did the reviewer forget to check the migration?", "BL102"),
    ("Someone deleted the bucket by mistake.", "BL103"),
    ("The operator accidentally dropped the orders table.", "BL103"),
    ("We inadvertently pushed the staging config to production.", "BL103"),
    ("It was a careless change to the firewall rules.", "BL104"),
    ("The deploy was negligent.", "BL104"),
    ("Bob reviewed the diff without being thorough.", "BL104"),
    ("We need to be more careful with database migrations.", "BL105"),
    ("Engineers should pay more attention to the release notes.", "BL105"),
    ("The developer broke the login page.", "BL106"),
    ("An engineer deployed a broken build to the canary.", "BL106"),
    ("It was the operator's mistake.", "BL107"),
    ("The intern made a mistake in the DNS record.", "BL107"),
    ("The on-call ignored the disk alerts all weekend.", "BL108"),
    ("He did not follow the release checklist.", "BL108"),
    ("The engineer was not careful enough with the rollout.", "BL109"),
    ("This should have been caught in code review.", "CF201"),
    ("The team should have tested the change in staging first.", "CF201"),
    ("We should've noticed the queue growing.", "CF201"),
    ("The expiry should have been obvious from the dashboard.", "CF201"),
    ("The outage could have been prevented with a canary.", "CF202"),
    ("A second reviewer could have caught the typo.", "CF202"),
    ("It would have been useful to page the database team sooner.", "CF202"),
    ("If only we had checked the expiry date.", "CF203"),
    ("If the engineer had waited for the health checks, nothing would have broken.", "CF203"),
    ("The responder failed to notice the error budget alert.", "CF204"),
    ("We failed to update the runbook after the migration.", "CF204"),
    ("Failed to check the replication lag before the switchover.", "CF204"),
    ("Nobody noticed the certificate was about to expire.", "CF205"),
    ("We did not notice the memory leak for three days.", "CF205"),
    ("The config drift was overlooked during the audit.", "CF205"),
    ("The restore script was never tested.", "CF206"),
    ("The patch was merged without review.", "CF206"),
    ("Obviously, the limit was too low.", "CF207"),
    ("In hindsight it was obvious that the cache was stale.", "CF207"),
    ("It should not have been possible to upload that many crates.", "CF201"),
    ("A staging soak would have caught the leak.", "CF202"),
    ("If the token had expired sooner, the attacker would not have got in.", "CF203"),
    ("We escalated late, missing the opportunity to fail over.", "CF205"),
    ("He wasn't fully aware which workspace was selected.", "BL109"),
    ("The author misjudged the reach of the change.", "BL111"),
    ("We mistakenly thought our usage was safe.", "BL103"),
]

INNOCENT = [
    "The alert should have a runbook link.",
    "Every service should have an owner and a dashboard.",
    "Each repository should have dedicated reviewers.",
    "Pods failed to start because the image pull timed out.",
    "The job failed to complete within the deadline.",
    "Two servers failed to start in the last 30m.",
    "The health check failed to detect the stalled worker.",
    "## Root cause",
    "The root cause analysis lists four contributing factors.",
    "The fix took just five minutes.",
    "We just restarted the pods.",
    "Run `kubectl delete pod --force` only if the node is gone.",
    "```\nERROR: human error detected in input\n```",
    "> the operator forgot to set the flag\n",
    'The banner read "should have been renewed" in red.',
    "Things that could have gone better.",
    "Something could have gone wrong with the SSH tunnel.",
    "What could have been done differently?",
    "Don't forget to file an issue for every action item.",
    "These items are tracked so they do not get forgotten.",
    "The dashboard clearly shows the request rate.",
    "Our escalation policy was not clearly defined.",
    "We will make it clear that squatting is not allowed.",
    "Logs showed nothing obviously wrong.",
    "The crates were very obviously crafted for malicious purposes.",
    "The lazy-loaded extension shipped a regression.",
    "Lazy DB lookups were avoided by the join.",
    "The cert-manager caused the renewal to stall.",
    "The regression in the package manager broke the build.",
    "The expired certificate caused every handshake to fail.",
    "The user error message says the token is missing.",
    "Components were accidentally deleted when the script targeted the wrong context.",
    "The job was mistakenly marked as correct by the checker.",
    "The outage could have been a lot worse.",
    "Had the disk filled, the broker would have stopped.",
    "I expected that the canary would have caught it.",
    "If it had merged, it would have broken every build.",
    "Customers would have seen stale prices.",
    "Downstream actions should have been automatically corrected as the backlog drained.",
    "The upgrade should have taken ten minutes.",
    "The impact on users was negligible.",
    "Testing in staging was not thorough enough for this path.",
    "The issue went unnoticed for three hours.",
    "For some reason this was not caught in presubmit.",
    "The attacker could have captured the second factor as well.",
    "Disaster recovery drills run every quarter.",
    "There are no items in the backlog that could have prevented this incident.",
]


@pytest.mark.parametrize(("sentence", "code"), BLAME_OR_HINDSIGHT)
def test_lint_phrases_flags_blame_and_hindsight(sentence: str, code: str) -> None:
    assert code in [f.code for f in lint_text(sentence)]


@pytest.mark.parametrize("sentence", INNOCENT)
def test_lint_phrases_passes_innocent_uses(sentence: str) -> None:
    found = [f.code for f in lint_text(sentence) if f.category in ("blame", "counterfactual")]
    assert found == []


def test_lint_phrases_reports_exact_span() -> None:
    text = "# Review\n\nThis should have been caught in review.\n"
    [finding] = lint_text(text, path="pm.md")
    assert (finding.path, finding.line, finding.column, finding.end_line, finding.end_column) == (
        "pm.md",
        3,
        6,
        3,
        29,
    )
    assert finding.code == "CF201" and finding.category == "counterfactual"
    assert finding.message.startswith('"should have been caught": ')


def test_lint_phrases_matches_across_wrapped_lines() -> None:
    text = "The alert went to a subset of the team, so it could\n   have been noticed earlier.\n"
    [finding] = lint_text(text)
    assert (finding.code, finding.line, finding.end_line) == ("CF202", 1, 2)


def test_lint_phrases_uses_participant_names_as_people() -> None:
    text = "Oyelaran broke the deploy pipeline."
    assert [f.code for f in lint_text(text, people=("oyelaran",))] == ["BL106"]
    assert lint_text(text) == []


def test_lint_phrases_common_given_name_is_a_person() -> None:
    assert [f.code for f in lint_text("Priya broke the deploy pipeline.")] == ["BL106"]
    assert [f.code for f in lint_text("Greg, unfortunately, broke the build.")] == ["BL106"]
    assert lint_text("SAM broke the deploy pipeline.") == []  # an acronym (AWS SAM)
    assert lint_text("The priya job broke the deploy pipeline.") == []
    assert lint_text("Ruby broke the deploy pipeline.") == []  # a language, not on the list


def test_lint_phrases_judgment_in_facts_section_only() -> None:
    text = "## Impact\nA terrible hour for checkout.\n\n## Lessons\nA terrible hour for checkout.\n"
    assert [(f.code, f.line) for f in lint_text(text)] == [("FA501", 2), ("JU301", 5)]


def test_lint_phrases_fenced_spans_cover_blocks_to_their_closing_fence() -> None:
    text = "a\n```\nx\n```\nb\n  ~~~~ py\n~~~\n~~~~\nc\n```\n```\n```\nopen"
    assert fenced_spans(text) == [(2, 11), (14, 32), (35, 42), (43, 51)]
    assert [text[s:e] for s, e in fenced_spans(text)][1] == "  ~~~~ py\n~~~\n~~~~"


def test_lint_phrases_fences_as_commonmark_reads_them() -> None:
    # "```code``` run" is inline code, not a fence; a longer closing fence closes; an
    # opening fence line with an info string inside a block is text
    text = (
        "```code``` run\n\nThe engineer forgot to renew it.\n\n"
        "````\nwe forgot\n```python\nwe forgot\n`````\n\nThe engineer forgot it again.\n"
    )
    assert [text[s:e] for s, e in fenced_spans(text)] == [
        "````\nwe forgot\n```python\nwe forgot\n`````"
    ]
    assert [(f.line, f.code) for f in lint_text(text)] == [(3, "BL102"), (11, "BL102")]


def test_lint_phrases_ignore_phrases_in_code_blocks() -> None:
    text = (
        "Fine.\n\n```\nThe engineer forgot to renew it.\n```\n\nThe engineer forgot to renew it.\n"
    )
    assert [(f.code, f.line) for f in lint_text(text)] == [("BL102", 7)]


def test_lint_phrases_action_rules_only_under_an_action_heading() -> None:
    text = "## Timeline\n- Investigate the cache.\n\n## Action items\n- Investigate the cache.\n"
    assert [(f.code, f.line) for f in lint_text(text)] == [("AI607", 5)]


REMINDERS = (
    "## Action items\n"
    "- Remind the on-call to check the dashboard before a deploy\n"
    "- [ ] Remind on-call engineers about the failover runbook\n"
    "1. **Remind** Priya to read the release notes\n"
    "- A4: remind all reviewers that Friday deploys need two approvals\n"
    "- Send out a reminder to the team to run the smoke test\n"
    "- Add a reminder bot that pings the owner\n"
    "- Set up automated reminders in the calendar\n"
    "- Remind the owner automatically 21 days before the certificate expires\n"
    "- Configure the bot to remind the owner to rotate the key\n"
)


def test_lint_phrases_remind_at_the_start_of_an_action_item_is_aimed_at_people() -> None:
    found = [(f.line, f.column, f.message.split(":")[0]) for f in lint_text(REMINDERS)]
    assert found == [
        (2, 3, '"Remind the on-call"'),
        (3, 7, '"Remind on-call"'),
        (4, 6, '"Remind** Priya"'),
        (5, 7, '"remind all"'),
        (6, 3, '"Send out a reminder"'),
    ]


def test_lint_phrases_remind_in_an_action_field_is_aimed_at_people() -> None:
    fields = "Remind the on-call to check the dashboard\n\nAdd a reminder bot that pings the owner"
    found = [(f.code, f.column) for f in lint_text(fields, section="actions")]
    assert found == [("AI608", 1)]


def test_lint_phrases_anchor_after_an_earlier_match_in_reach_is_still_tried() -> None:
    # BL108 looks up to 14 words back from "ignored"; the earlier match (line 1) starts in
    # reach but ends before it, so the second sentence is judged on its own.
    text = "The engineer did not follow the runbook.\nThe operator ignored the alerts.\n"
    found = [(f.line, f.code) for f in lint_text(text)]
    assert found == [(1, "BL108"), (2, "BL108")]


def test_lint_phrases_when_clause_is_not_a_question() -> None:
    flagged = lint_text("When you moved the state, you should have run the migration first.")
    assert [f.code for f in flagged] == ["CF201"]
    assert lint_text("When should we have run the migration") == []


def test_lint_phrases_quoted_speech_is_prose_but_quoted_strings_are_not() -> None:
    assert [f.code for f in lint_text('"Nico, you broke the CRM," he said.')] == ["BL106"]
    said = "\u201cHey all, I think I just dropped the user database on production\u201d"
    assert [f.code for f in lint_text(said)] == ["BL106"]
    assert lint_text('The job logged "ERROR: user_id should have been set" and exited.') == []
    assert lint_text('Search the runbook for "should have been caught" and "human error".') == []


def test_lint_phrases_a_quoted_statement_of_eight_words_is_prose() -> None:
    report = "The council said: \u201cThe technical cause was reported as a human process error."
    assert [f.code for f in lint_text(report)] == ["BL101"]
    assert lint_text('The alert text reads "human error rate above threshold" now.') == []


def test_lint_phrases_scare_quotes_after_a_cause_are_prose_but_screen_text_is_not() -> None:
    said = 'Sources said it was caused by "human error" in the payment run.'
    assert [f.code for f in lint_text(said)] == ["BL101"]
    shown = 'The page shows a "Sorry, we broke it" message while we restore.'
    assert lint_text(shown) == []
    assert [f.code for f in lint_text('The CEO said: "We got it wrong" on the deal.')] == ["BL106"]


def test_lint_phrases_quoted_words_someone_said_are_prose() -> None:
    said = "\u201cIt was human error during routine testing,\u201d the COO told staff."
    assert [f.code for f in lint_text(said)] == ["BL101"]
    assert [f.code for f in lint_text("It concluded: \u201cThis could have been prevented.")] == [
        "CF202"
    ]
    assert lint_text('The error was "human error rate above limit" in the alert.') == []


def test_lint_phrases_a_paragraph_that_opens_a_quote_is_the_quoted_words_running_on() -> None:
    """News reports open each paragraph of a long quote with a quote mark and close it
    only at the end: the open quote is someone's words, not a string."""
    text = "\u201cThis should not have happened.\n\n\u201cWe are reviewing every step.\u201d\n"
    assert [(f.code, f.line) for f in lint_text(text)] == [("CF201", 1)]
    assert lint_text("\u201cERROR user_id should have been set; retrying in 5s\n") == []
    assert lint_text("- \u201c/var/log should have been rotated\n") == []


TELLER_SLIPS = [
    ("I made a typo in the hostname at 14:12 UTC, saw it in the error, and reran it.", "BL107"),
    ("I misread the graph's y-axis as seconds; the panel has no unit label.", "BL111"),
    ("I missed the first alert in the flood of 30 others that fired that minute.", "CF205"),
    ("I forgot to renew the certificate.", "BL102"),
    ("I ran the migration against the wrong database.", "BL106"),
    ("Then I pushed to the wrong branch.", "BL106"),
]


@pytest.mark.parametrize(("sentence", "code"), TELLER_SLIPS)
def test_lint_phrases_teller_slips_pass_in_own_account(sentence: str, code: str) -> None:
    """In a responder's own account "I" is the teller: the slip is the story the account
    exists to tell. The same sentence elsewhere is a self-verdict and is flagged."""
    assert [f.code for f in lint_text(sentence, account=True)] == []
    assert [f.code for f in lint_text(sentence)] == [code]


def test_lint_phrases_someone_elses_slip_is_flagged_in_an_account() -> None:
    sentence = "Sam made a typo in the hostname."
    assert [f.code for f in lint_text(sentence, account=True)] == ["BL107"]
    assert [f.code for f in lint_text("I think Sam broke checkout.", account=True)] == ["BL106"]


INDENTED_LOG = (
    "The deploy stalled. The log showed:\n"
    "\n"
    "    ERROR human error detected in config; operator forgot to set REGION\n"
    "\n"
    "    WARN should have been caught by validator\n"
    "\n"
    "We restarted the job.\n"
)


def test_lint_phrases_indented_code_block_is_not_prose() -> None:
    assert lint_text(INDENTED_LOG, path="review.md") == []


def test_lint_phrases_indented_lines_are_prose_in_plain_text() -> None:
    codes = [f.code for f in lint_text(INDENTED_LOG, path="notes.txt")]
    assert codes == ["BL101", "BL102", "CF201"]


def test_lint_phrases_indented_block_after_a_heading_or_a_fence_is_not_prose() -> None:
    text = (
        "## Log\n"
        "    ERROR human error detected in config\n"
        "\n"
        "```\n"
        "retry\n"
        "```\n"
        "    WARN should have been caught by validator\n"
        "The engineer forgot the flag.\n"
    )
    assert [(f.code, f.line) for f in lint_text(text, path="review.md")] == [("BL102", 8)]
    found = [(f.code, f.line) for f in lint_text(text, path="notes.txt")]
    assert found == [("BL101", 2), ("CF201", 7), ("BL102", 8)]


def test_lint_phrases_rst_literal_block_is_not_prose_but_other_indented_lines_are() -> None:
    text = (
        "The job logged::\n"
        "\n"
        "    ERROR human error detected in config\n"
        "\n"
        ".. note::\n"
        "\n"
        "   The engineer forgot the flag.\n"
    )
    assert [(f.code, f.line) for f in lint_text(text, path="review.rst")] == [("BL102", 7)]
    found = [(f.code, f.line) for f in lint_text(text, path="notes.txt")]
    assert found == [("BL101", 3), ("BL102", 7)]


def test_lint_phrases_list_item_paragraph_is_prose_and_deeper_lines_are_code() -> None:
    text = (
        "- The first step.\n"
        "\n"
        "    Then the operator forgot to set it.\n"
        "\n"
        "1. Restart.\n"
        "\n"
        "       log: human error in config\n"
    )
    assert [(f.code, f.line) for f in lint_text(text, path="review.md")] == [("BL102", 3)]


def test_lint_phrases_wrapped_line_indented_by_four_is_prose() -> None:
    text = "The on-call engineer\n    forgot to renew the certificate.\n"
    assert [f.code for f in lint_text(text, path="review.md")] == ["BL102"]


def test_lint_phrases_line_numbers_with_many_findings_of_several_rules() -> None:
    """Lines are counted on from the last finding (not from the top for each: that was
    quadratic, 29 s for a 2.9 MB file with 46,000 findings); each rule's hits start over."""
    text = "".join(
        f"Step {i}: the engineer forgot it.\nIt should have been caught in review.\n"
        for i in range(50)
    )
    found = [(f.code, f.line, f.column) for f in lint_text(text, path="long.md")]
    assert found[:4] == [("BL102", 1, 22), ("CF201", 2, 4), ("BL102", 3, 22), ("CF201", 4, 4)]
    assert found[-2:] == [("BL102", 99, 23), ("CF201", 100, 4)]
    assert len(found) == 100


def test_lint_phrases_a_line_of_megabytes_keeps_columns_and_code_spans() -> None:
    unit = "Sam forgot the flag and `Kim forgot it` too. "  # one finding outside the code
    text = "# Log\n" + unit * 40_000 + "\n"  # a line of 1.8 MB
    findings = lint_text(text, path="log.md")
    assert len(unit) == 45
    assert len(findings) == 40_000
    assert [(f.line, f.column, f.end_column) for f in findings[-1:]] == [
        (2, 39_999 * 45 + 5, 39_999 * 45 + 11)
    ]


def test_lint_phrases_given_names_with_accents_and_from_more_of_the_world() -> None:
    lines = ["José broke production.", "Zoë forgot the flag.", "Chen Wei broke production."]
    lines += ["Ngozi forgot the flag.", "Dávid should have cleaned the cache."]
    found = [[f.code for f in lint_text(line)] for line in lines]
    assert found == [["BL106"], ["BL102"], ["BL106"], ["BL102"], ["CF201"]]


def test_lint_phrases_toml_front_matter_is_not_prose() -> None:
    text = '+++\nsummary = "Tom forgot the flag."\n+++\n\nSam forgot the flag.\n'
    assert [(f.code, f.line) for f in lint_text(text, path="post.md")] == [("BL102", 5)]


def test_lint_phrases_a_quote_wrapped_onto_the_next_line_stays_a_quote() -> None:
    text = (
        'We avoid phrases such as "the alert\nfired" and "this should have been caught".\n\n'
        'The on-call said "we\nchecked it" and then Sam forgot the flag.\n'
    )
    assert [(f.code, f.line, f.column) for f in lint_text(text, path="notes.md")] == [
        ("BL102", 5, 26)
    ]


def test_lint_phrases_one_finding_where_phrases_overlap() -> None:
    found = [(f.code, f.column, f.end_column) for f in lint_text("This was a careless mistake.")]
    assert found == [("BL107", 1, 28)]
    facts = lint_text("## Facts\nThe outage was a careless deploy.\n")
    assert [f.code for f in facts] == ["BL104"]  # blame before the judgment in the facts
    two = lint_text("I accidentally deleted the production database.")
    assert [f.code for f in two] == ["BL103", "BL106"]  # side by side: both


def test_lint_phrases_lines_that_continue_a_block_quote_are_quoted() -> None:
    text = (
        "> fejta [5:21 PM]\nyes\nWe really ought not to have refactored every binary.\n\n"
        "Sam forgot the flag.\n"
    )
    assert [(f.code, f.line) for f in lint_text(text, path="chat.md")] == [("BL102", 5)]
    plain = [(f.code, f.line) for f in lint_text(text, path="chat.txt")]
    assert plain == [("CF201", 3), ("BL102", 5)]  # a text file has no lazy quotes


def test_lint_phrases_a_sentence_window_cut_short_is_no_sentence_opening() -> None:
    """A paragraph longer than the sentence window: the window's first word is not where a
    sentence begins, so a cut that starts "should have ..." does not make a question of
    the blame after it (it did, and the finding was lost)."""
    text = "`x` should have " * 100 + "\nThe engineer should have checked the disk.\n"
    assert [(f.line, f.code) for f in lint_text(text)] == [(2, "CF201")]


def test_lint_phrases_a_sentence_set_in_bold_is_prose_not_a_heading() -> None:
    text = (
        "Intro.\n\n**What should have happened**\n\n"
        "**4. The cron that would have caught it was never installed.**\n\n"
        "**We should have caught this!**\n"
    )
    assert [(f.code, f.line) for f in lint_text(text)] == [("CF202", 5), ("CF201", 7)]


def test_lint_phrases_a_bold_sentence_does_not_open_a_section() -> None:
    text = "Intro.\n\n**Action items**\n\n**We will look at it next week.**\n\n- Investigate the cache.\n"
    assert [(f.code, f.line) for f in lint_text(text)] == [("AI607", 7)]
