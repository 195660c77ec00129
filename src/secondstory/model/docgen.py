"""Generate the field reference of docs/format.md from the field table.

Run `python -m secondstory.model.docgen` to rewrite the section between the markers;
a test fails when the committed docs differ from what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

from secondstory.model.fields import RECORDS

BEGIN = "<!-- BEGIN GENERATED FIELD REFERENCE -->"
END = "<!-- END GENERATED FIELD REFERENCE -->"
TITLES = {
    "postmortem": "postmortem.md front matter",
    "participant": "participants[] items",
    "provenance": "provenance (imported postmortems)",
    "timeline_entry": "timeline.yaml items",
    "factor": "factors.yaml items",
    "action_item": "actions.yaml items",
    "status_event": "done: and verified: records of an action item",
    "dropped_event": "dropped: record of an action item",
    "account": "accounts/NAME.md front matter",
}
KINDS = {
    "str": "text",
    "text": "text",
    "version": "number (1)",
    "datetime": "ISO 8601 time with UTC offset",
    "date": "date YYYY-MM-DD",
    "strlist": "list of text",
    "bool": "true / false",
    "url": "URL",
    "record": "mapping",
    "records": "list of mappings",
}


def field_reference() -> str:
    out = [BEGIN, ""]
    for record, fields in RECORDS.items():
        out += [
            f"### {TITLES[record]}",
            "",
            "| field | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for spec in fields:
            kind = " \\| ".join(spec.choices) if spec.kind == "enum" else KINDS[spec.kind]
            out.append(
                f"| `{spec.name}` | {kind} | {'yes' if spec.required else ''} | {spec.description} |"
            )
        out.append("")
    out.append(END)
    return "\n".join(out)


def updated(text: str) -> str:
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + field_reference() + tail
    return text.rstrip("\n") + "\n\n" + field_reference() + "\n"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/format.md")
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
