"""Every top-level command: name -> ("module:attribute", one-line help).

Each domain package owns its commands in its own `cli.py`; this table is the only
shared place, and it is what `secondstory --help` shows without importing anything.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "secondstory.cli.core:init_command",
        "Create a library in DIR (runs git init if needed).",
    ),
    "new": ("secondstory.cli.core:new_command", "Start a new postmortem from the template."),
    "account": (
        "secondstory.cli.core:account_group",
        "Add a responder's own account to a postmortem.",
    ),
    "validate": ("secondstory.cli.core:validate_command", "Check postmortems against the format."),
    "list": ("secondstory.cli.core:list_command", "List postmortems, with filters."),
    "show": ("secondstory.cli.core:show_command", "Show one postmortem."),
    "export": (
        "secondstory.cli.core:export_command",
        "Export the whole library as one JSON document.",
    ),
    "schema": ("secondstory.cli.core:schema_command", "Print the JSON Schema of the format."),
    "lint": (
        "secondstory.review.cli:lint_command",
        "Check postmortems for blame, hindsight and weak action items.",
    ),
    "rules": (
        "secondstory.review.cli:rules_group",
        "List the lint rules; 'rules explain CODE' prints one.",
    ),
    "index": (
        "secondstory.index.cli:index_command",
        "Build or update the search index (a cache under .secondstory/).",
    ),
    "search": (
        "secondstory.index.cli:search_command",
        "Search postmortems: words, phrases and field filters.",
    ),
    "similar": (
        "secondstory.index.cli:similar_command",
        "Find the past postmortems most like one (or like --text).",
    ),
    "patterns": (
        "secondstory.insights.cli:patterns_command",
        "What recurs across the library: factors, services, themes, classes.",
    ),
    "factor": ("secondstory.cli.edits:factor_group", "Add contributing factors to a postmortem."),
    "timeline": ("secondstory.cli.edits:timeline_group", "Add timeline entries, in time order."),
    "participant": (
        "secondstory.cli.edits:participant_group",
        "Add a participant (an action owner, say) to a postmortem.",
    ),
    "set": (
        "secondstory.cli.edits:set_command",
        "Set a front-matter field (status, severity, resolved...).",
    ),
    "action": (
        "secondstory.track.cli:action_group",
        "Add and edit action items (add, done, verify, drop, reassign).",
    ),
    "actions": (
        "secondstory.track.cli_actions:actions_group",
        "List, report on and export action items across the library.",
    ),
    "outcomes": (
        "secondstory.track.cli_actions:outcomes_command",
        "Does each class of incident recur, and does each recurrence go better?",
    ),
    "digest": (
        "secondstory.track.cli_actions:digest_command",
        "A Markdown digest: new, overdue, recurring, and one anniversary.",
    ),
    "import": (
        "secondstory.importers.cli:import_group",
        "Import postmortems and timelines (markdown, slack, pagerduty).",
    ),
}
