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

    def shown(self, root: Path | None) -> Path:
        if root is not None and self.path.is_relative_to(root):
            return self.path.relative_to(root)
        return self.path

    def render(self, root: Path | None = None) -> str:
        shown = self.shown(root)
        return f"{shown}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def to_json(self, root: Path | None = None) -> dict[str, object]:
        shown = self.shown(root)
        return {
            "path": shown.as_posix(),
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
