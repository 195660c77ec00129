"""The format as JSON Schema (draft 2020-12), generated from the field table."""

from __future__ import annotations

from typing import Any

from secondstory import FORMAT_VERSION
from secondstory.model.fields import RECORDS, Field

SCHEMA_ID = f"https://secondstory.dev/schema/postmortem-v{FORMAT_VERSION}.json"
_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _field_schema(spec: Field) -> dict[str, Any]:
    out: dict[str, Any]
    if spec.kind in ("str", "text"):
        out = {"type": "string"}
    elif spec.kind == "version":  # `format: 1` as `new` writes it, or quoted
        out = {"enum": [FORMAT_VERSION, str(FORMAT_VERSION)]}
    elif spec.kind == "enum":
        out = {"enum": list(spec.choices)}
    elif spec.kind == "datetime":
        out = {"type": "string", "format": "date-time", "pattern": _DATETIME_PATTERN}
    elif spec.kind == "date":
        out = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    elif spec.kind == "bool":
        out = {"type": "boolean"}
    elif spec.kind == "url":
        out = {"type": "string", "format": "uri"}
    elif spec.kind == "strlist":
        out = {"type": "array", "items": {"type": "string"}}
    elif spec.kind == "record":
        out = {"$ref": f"#/$defs/{spec.record}"}
    elif spec.kind == "records":
        out = {"type": "array", "items": {"$ref": f"#/$defs/{spec.record}"}}
    else:  # pragma: no cover
        raise AssertionError(spec.kind)
    if not spec.required:  # an optional field may be left empty (YAML null)
        out = {"anyOf": [out, {"type": "null"}]}
    out["description"] = spec.description
    return out


def record_schema(record: str) -> dict[str, Any]:
    fields = RECORDS[record]
    return {
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(part: str = "postmortem") -> dict[str, Any]:
    """Schema for one file kind: postmortem (front matter), timeline, factors, actions, account."""
    lists = {"timeline": "timeline_entry", "factors": "factor", "actions": "action_item"}
    defs = {name: record_schema(name) for name in RECORDS}
    if part in lists:
        body: dict[str, Any] = {
            "type": ["array", "null"],
            "items": {"$ref": f"#/$defs/{lists[part]}"},
        }
    elif part in ("postmortem", "account"):
        body = {"$ref": f"#/$defs/{part}"}
    else:
        raise ValueError(part)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.replace("postmortem-", f"{part}-"),
        "title": f"secondstory {part} (format {FORMAT_VERSION})",
        **body,
        "$defs": defs,
    }


SCHEMA_PARTS = ("postmortem", "timeline", "factors", "actions", "account")
