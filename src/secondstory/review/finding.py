"""One finding of the linter: the single record every output format is made from."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = (
    "blame",
    "counterfactual",
    "judgment",
    "root-cause",
    "facts",
    "action-item",
    "completeness",
    "process",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A rule's hit at a place in a file. Lines and columns are 1-based; the end is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: str
    message: str
    suggestion: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Finding:
        return cls(**{name: data[name] for name in cls.__slots__})  # type: ignore[arg-type]


_LABELS = {
    "unreadable": "cannot lint",
    "suppression": "suppression not applied",
    "unclosed": "not linted to the end",
}


@dataclass(frozen=True, slots=True, order=True)
class FileError:
    """A file that could not be linted (binary, not UTF-8, broken front matter...), or a
    suppression comment in it that could not be read (`kind` "suppression"), or a comment or
    code fence left open that hides the rest of it (`kind` "unclosed")."""

    path: str
    line: int
    column: int
    message: str
    kind: str = "unreadable"  # or "suppression", or "unclosed" (review/unclosed.py)
    hint: str = ""  # what to do about it ("re-save the file as UTF-8"); "" when the message says

    @property
    def label(self) -> str:
        """How the text and GitHub formats introduce it."""
        return _LABELS.get(self.kind, "cannot lint")

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "kind": self.kind,
            "hint": self.hint,
        }
