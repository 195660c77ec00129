"""Output formats: text, JSON (versioned schema), SARIF 2.1.0, GitHub Actions annotations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unicodedata import combining, east_asian_width
from urllib.parse import quote

from secondstory import __version__
from secondstory.plural import plural
from secondstory.review.finding import FileError, Finding
from secondstory.review.ruleset import Rule, all_rules

JSON_SCHEMA_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://github.com/secondstory/secondstory/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"  # SARIF's name for the source root that relative uris start from
MAX_SHOWN = 160
_CONTROLS = {code: " " for code in (*range(32), 127)}  # shown as spaces in an excerpt


class _Sources:
    """The lines findings are on, each file read and each line decoded once: a file of one
    long line with thousands of findings costs one decoding, not one per finding."""

    def __init__(self) -> None:
        self.files: dict[str, list[bytes]] = {}
        self.lines: dict[tuple[str, int], str] = {}

    def line(self, path: str, line: int) -> str:
        """Line `line` of the file as the linter counted it: lines end at "\n", "\r\n" or
        a lone "\r" (a form feed or U+2028 inside a line does not start another, as
        `splitlines` would have it); blank lines and lines that cannot be read are ""."""
        key = (path, line)
        text = self.lines.get(key)
        if text is None:
            text = self.lines[key] = self._decode(path, line)
        return text

    def _decode(self, path: str, line: int) -> str:
        if path not in self.files:
            self.files[path] = _read_lines(path)
        lines = self.files[path]
        if not 0 < line <= len(lines):
            return ""
        text = lines[line - 1].decode("utf-8", errors="replace").rstrip("\r")
        text = text[1:] if line == 1 and text.startswith("\ufeff") else text
        return text if text.strip() else ""


def _read_lines(path: str) -> list[bytes]:
    from secondstory.store.files import UnreadableFile, read_bytes

    try:  # as lint read it: never a FIFO waited on, nothing over the size limit
        data = read_bytes(path)
    except UnreadableFile:
        return []
    if b"\r" in data:  # lone carriage returns end lines, as lint counted them
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.split(b"\n")


def shown_path(path: str, controls: bool = True) -> str:
    """`path` as a report can carry it: the bytes of a file name that is not UTF-8 as
    `\\xff` (Python keeps them as lone surrogates, which no UTF-8 output can hold) and,
    with `controls`, a newline or other control character as `\\n`, `\\x01`, so that one
    finding stays one line."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif controls and not char.isprintable():
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def _excerpt(text: str, column: int) -> tuple[str, int]:
    if len(text) <= MAX_SHOWN:
        return text, column
    start = max(0, min(column - 1 - MAX_SHOWN // 2, len(text) - MAX_SHOWN))
    return text[start : start + MAX_SHOWN], column - start


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: wide characters (most emoji, CJK) take two,
    combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if combining(c) else 2 if east_asian_width(c) in "WF" else 1 for c in text)


def _caret(shown: str, column: int, width: int) -> str:
    """Spaces up to the finding and a caret under each column of it, counted as shown."""
    return " " * _width(shown[: column - 1]) + "^" * max(
        1, _width(shown[column - 1 : column - 1 + width])
    )


def render_text(findings: list[Finding], errors: list[FileError], show_source: bool = True) -> str:
    """`path:line:col CODE message`, the line itself and a caret under the finding."""
    out: list[str] = []
    sources = _Sources()
    for f in findings:
        out.append(f"{shown_path(f.path)}:{f.line}:{f.column} {f.code} [{f.severity}] {f.message}")
        source = sources.line(f.path, f.line) if show_source else ""
        if source:
            shown, column = _excerpt(source, f.column)
            shown = shown.translate(_CONTROLS)  # a tab, a lone CR: one column each
            width = max(
                1, (f.end_column - f.column) if f.end_line == f.line else len(shown) - column + 1
            )
            out.append(f"    {shown}")
            out.append("    " + _caret(shown, column, width))
        out.append(f"    suggestion: {f.suggestion}")
    for e in errors:
        out.append(f"{shown_path(e.path)}:{e.line}:{e.column} {e.label}: {e.message}")
        if e.hint:
            out.append(f"    hint: {e.hint}")
    counts = _counts(findings)
    summary = ", ".join(_counted(n, s) for s, n in counts.items() if n) or "no findings"
    out.append(summary + _errors_summary(errors))
    return "\n".join(out) + "\n"


def render_statistics(findings: list[Finding], errors: list[FileError]) -> str:
    """How many findings each rule has, most first (`lint --statistics`): where to start in
    a library of imported postmortems with thousands of findings."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    ranked = sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0]))
    width = len(str(len(ranked[0][1]))) if ranked else 1
    out = [
        f"{len(found):>{width}}  {code}  {found[0].name:<32} {found[0].severity}"
        for code, found in ranked
    ]
    summary = ", ".join(_counted(n, s) for s, n in _counts(findings).items() if n)
    out.append((summary or "no findings") + _errors_summary(errors))
    return "\n".join(out) + "\n"


def _errors_summary(errors: list[FileError]) -> str:
    unreadable = len({e.path for e in errors if e.kind == "unreadable"})
    comments = sum(1 for e in errors if e.kind == "suppression")
    unclosed = len({e.path for e in errors if e.kind == "unclosed"})
    parts = [f"{plural(unreadable, 'file')} could not be linted"] if unreadable else []
    parts += [f"{plural(comments, 'suppression comment')} not applied"] if comments else []
    parts += [f"{plural(unclosed, 'file')} not linted to the end"] if unclosed else []
    return "".join(f"; {part}" for part in parts)


def _counted(count: int, severity: str) -> str:
    """ "1 error", "8 warnings", "2 info" (a mass noun)."""
    return f"{count} info" if severity == "info" else plural(count, severity)


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


_ONE_LINE = json.JSONEncoder(ensure_ascii=False)  # no indent: the C encoder, fast


def _json_list(items: list[dict[str, object]]) -> str:
    if not items:
        return "[]"
    return "[\n    " + ",\n    ".join(map(_ONE_LINE.encode, items)) + "\n  ]"


def _utf8(item: dict[str, object]) -> dict[str, object]:
    """A finding's JSON with its path in UTF-8 (a file name's other bytes as `\\xff`)."""
    path = item["path"]
    if isinstance(path, str) and not path.isprintable():
        item["path"] = shown_path(path, controls=False)
    return item


def render_json(findings: list[Finding], errors: list[FileError]) -> str:
    """The versioned JSON document: one finding (and one error) per line, so it stays
    readable and diffable while large reports are written at C speed."""
    head = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "secondstory", "version": __version__},
    }
    summary = _counts(findings) | {"files_with_errors": len(errors)}
    parts = [f"  {_ONE_LINE.encode(key)}: {_ONE_LINE.encode(value)}" for key, value in head.items()]
    parts.append(f'  "findings": {_json_list([_utf8(f.to_json()) for f in findings])}')
    parts.append(f'  "errors": {_json_list([_utf8(e.to_json()) for e in errors])}')
    parts.append(f'  "summary": {_ONE_LINE.encode(summary)}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nAsk instead: {rule.suggestion}",
            "markdown": f"{rule.why}\n\n**Ask instead:** {rule.suggestion}",
        },
        "helpUri": f"{INFO_URI}#{rule.code.lower()}",
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": ["postmortem", rule.category]},
    }


class _Artifacts:
    """Shown paths (relative to the working directory, or absolute) as SARIF artifact
    locations: a percent-encoded URI reference relative to the source root (`%SRCROOT%`,
    the repository's top level: what code scanning maps to the repository's files), or an
    absolute `file:` URI for a file outside it."""

    def __init__(self, root: Path | None) -> None:
        self.cwd = os.getcwd()
        self.root = os.path.abspath(root) if root is not None else self.cwd
        self.prefix = self.root.rstrip(os.sep) + os.sep
        self.known: dict[str, dict[str, str]] = {}

    def base(self) -> dict[str, Any]:
        uri = Path(self.root).as_uri()
        return {SRCROOT: {"uri": uri if uri.endswith("/") else uri + "/"}}

    def location(self, path: str) -> dict[str, str]:
        found = self.known.get(path)
        if found is None:
            absolute = os.path.normpath(os.path.join(self.cwd, path))
            if absolute.startswith(self.prefix):
                relative = absolute[len(self.prefix) :].replace(os.sep, "/")
                found = {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}
            else:
                found = {"uri": Path(absolute).as_uri()}
            self.known[path] = found
        return found


def _sarif_result(f: Finding, index: dict[str, int], artifacts: _Artifacts) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": f"{f.message} Suggestion: {f.suggestion}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifacts.location(f.path),
                    "region": {
                        "startLine": f.line,
                        "startColumn": f.column,
                        "endLine": f.end_line,
                        "endColumn": f.end_column,
                    },
                }
            }
        ],
        "properties": {"category": f.category, "name": f.name},
    }


_RESULTS = "@@secondstory:results@@"  # where the results go in the SARIF frame


def render_sarif(findings: list[Finding], errors: list[FileError], root: Path | None = None) -> str:
    """SARIF 2.1.0; uris relative to `root` (default: the working directory)."""
    rules = all_rules()
    artifacts = _Artifacts(root)
    index = {r.code: i for i, r in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{e.message}. Hint: {e.hint}" if e.hint else e.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifacts.location(e.path),
                        "region": {"startLine": max(1, e.line)},
                    }
                }
            ],
        }
        for e in errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "secondstory",
                "version": __version__,
                "informationUri": INFO_URI,
                "rules": [_sarif_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": artifacts.base(),
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    # The frame is small and indented; the results, one per line, go through the C encoder
    # (json.dumps with an indent encodes in Python: 7 s and 760 MB for 100,000 findings).
    frame = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    results = (_ONE_LINE.encode(_sarif_result(f, index, artifacts)) for f in findings)
    listed = "[\n        " + ",\n        ".join(results) + "\n      ]" if findings else "[]"
    return frame.replace(f'"{_RESULTS}"', listed, 1)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: list[Finding], errors: list[FileError]) -> str:
    """GitHub Actions workflow commands: one ::error/::warning/::notice line per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in findings:
        props = (
            f"file={_escape_property(shown_path(f.path, controls=False))},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f'{f.code} {f.name}')}"
        )
        out.append(
            f"::{level[f.severity]} {props}::{_escape_data(f'{f.message} Suggestion: {f.suggestion}')}"
        )
    for e in errors:
        out.append(
            f"::error file={_escape_property(shown_path(e.path, controls=False))},line={e.line}::"
            + _escape_data(f"{e.label}: {e.message}" + (f". Hint: {e.hint}" if e.hint else ""))
        )
    return "\n".join(out) + ("\n" if out else "")


RENDERERS: dict[str, Callable[[list[Finding], list[FileError]], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}


def render(
    output_format: str, findings: list[Finding], errors: list[FileError], root: Path | None
) -> str:
    """The report in `output_format`; SARIF's uris are relative to `root`."""
    if output_format == "sarif":
        return render_sarif(findings, errors, root)
    return RENDERERS[output_format](findings, errors)
