"""Lint a whole secondstory postmortem folder: its Markdown, the text fields of its YAML
files, and the structural rules (imported only when a postmortem is linted)."""

from __future__ import annotations

from pathlib import Path

from secondstory.model.problems import Problem
from secondstory.model.records import Located, Postmortem
from secondstory.review.config import ReviewConfig
from secondstory.review.documents import Result, lint_file, suppression_errors
from secondstory.review.finding import FileError, Finding
from secondstory.review.lint import lint_text, make_finding
from secondstory.review.ruleset import all_rules
from secondstory.review.structured import LOGIC
from secondstory.review.suppress import is_suppressed, parse_directives
from secondstory.review.unclosed import unclosed_errors
from secondstory.review.yamltext import lint_yaml_fields
from secondstory.store.files import UnreadableFile, read_text
from secondstory.store.loader import load_postmortem, markdown_files, problem_hint

FATAL_LOAD_CODES = ("SS001", "SS002", "SS003")
YAML_TEXT_FIELDS = {
    "timeline": ("event", "outcome", "expectation", "assumption"),
    "factors": ("summary", "detail"),
    "actions": ("what", "verify"),
}


def _rel(path: Path, directory: Path) -> str:
    text, prefix = str(path), str(directory)
    if text.startswith(prefix) and text[len(prefix) : len(prefix) + 1] == "/":
        return text[len(prefix) + 1 :]  # the common case, without PurePath.relative_to
    try:
        return path.relative_to(directory).as_posix()
    except ValueError:
        return path.as_posix()


class _Files:
    """The texts of a postmortem's files, each read once (the loader fills it first)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.texts: dict[Path, str] = {}

    def read(self, path: Path) -> str | None:
        text = self.texts.get(path)
        if text is None:
            try:
                text = self.texts[path] = read_text(path, self.root)
            except UnreadableFile:
                return None
        return text


def lint_postmortem(directory: Path, config: ReviewConfig, root: Path | None = None) -> Result:
    """Every file of a postmortem folder; paths in the result are relative to the folder."""
    files = _Files(root)
    loaded = load_postmortem(directory, root, texts=files.texts)
    pm = loaded.postmortem
    errors = [  # without the postmortem (front matter of the wrong type...) every error
        FileError(_rel(p.path, directory), p.line, p.column, p.message, hint=problem_hint(p))
        for p in loaded.problems
        if p.code in FATAL_LOAD_CODES or (pm is None and p.severity == "error")
    ]
    if pm is None:
        findings, more = lint_file(directory / "postmortem.md", config, "postmortem.md", root)
        for account in markdown_files(directory / "accounts"):
            found, bad = lint_file(account, config, _rel(account, directory), root)
            findings += found
            more += bad
        known = {(e.path, e.line, e.column, e.message) for e in errors}
        more = [e for e in more if (e.path, e.line, e.column, e.message) not in known]
        return findings, sorted(set(errors + more))
    people = _people(pm)
    findings = _lint_markdown(pm, directory, config, people, files)
    findings += _lint_yaml_fields(pm, directory, config, people, files)
    findings += _logic_findings(pm, directory, config, loaded.problems, files)
    for path, text in files.texts.items():
        shown = _rel(path, directory)
        errors += suppression_errors(text, shown)
        if path.suffix == ".md":
            errors += unclosed_errors(text, shown)
    return sorted(findings), sorted(set(errors))


def _people(pm: Postmortem) -> tuple[str, ...]:
    names = pm.participant_names() | {a.author for a in pm.accounts}
    parts = {part for name in names for part in name.split() if len(part) > 2 and part[0].isupper()}
    return tuple(sorted(n for n in names | parts if n))


def _lint_markdown(
    pm: Postmortem,
    directory: Path,
    config: ReviewConfig,
    people: tuple[str, ...],
    files: _Files,
) -> list[Finding]:
    findings: list[Finding] = []
    for path in [pm.path, *(a.path for a in pm.accounts)]:
        text = files.read(path)
        if text is None:
            continue
        findings += lint_text(
            text, path=_rel(path, directory), config=config, people=people, account=path != pm.path
        )
    return findings


def _lint_yaml_fields(
    pm: Postmortem,
    directory: Path,
    config: ReviewConfig,
    people: tuple[str, ...],
    files: _Files,
) -> list[Finding]:
    findings: list[Finding] = []
    for kind, fields in YAML_TEXT_FIELDS.items():
        items: list[Located] = list(getattr(pm, kind))
        if not items:
            continue
        raw = files.read(items[0].path)
        if raw is None:
            continue
        findings += lint_yaml_fields(
            items, fields, raw, _rel(items[0].path, directory), config, people
        )
    return findings


def _logic_findings(
    pm: Postmortem, directory: Path, config: ReviewConfig, problems: list[Problem], files: _Files
) -> list[Finding]:
    findings = []
    directives: dict[Path, list] = {}  # type: ignore[type-arg]
    for rule in config.active_rules(all_rules()):
        if not rule.logic:
            continue
        for path, line, column, detail in LOGIC[rule.logic](pm, config, problems):
            if path not in directives:
                text = files.read(path)
                directives[path] = parse_directives(text) if text is not None else []
            if not is_suppressed(directives[path], line, rule.code):
                findings.append(
                    make_finding(
                        rule,
                        config,
                        _rel(path, directory),
                        (line, column),
                        (line, column + 1),
                        detail,
                    )
                )
    return findings
