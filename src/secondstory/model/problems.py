"""A problem found while reading or validating a library: one record, one format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: Path
    line: int
    column: int
    code: str  # stable, e.g. SS103
    message: str
    severity: str = "error"  # error | warning

    def render(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.relative_to(root)
            except ValueError:
                pass
        return f"{shown}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def to_json(self, root: Path | None = None) -> dict[str, object]:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.relative_to(root)
            except ValueError:
                pass
        return {
            "path": shown.as_posix(),
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
