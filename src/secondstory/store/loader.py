"""Read a postmortem folder into typed records, collecting every problem on the way."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from secondstory.errors import FileProblem, SecondstoryError, UsageError
from secondstory.model.fields import ACCOUNT_SECTIONS, SECTION_ALIASES
from secondstory.model.problems import Problem
from secondstory.model.records import (
    Account,
    ActionItem,
    Factor,
    Located,
    Participant,
    Postmortem,
    Provenance,
    StatusEvent,
    TimelineEntry,
)
from secondstory.plural import plural_of
from secondstory.store import yamlio
from secondstory.store.coerce import Coercer
from secondstory.store.files import UnreadableFile, read_text
from secondstory.store.library import (
    ACCOUNTS_DIR,
    ACTIONS_FILE,
    FACTORS_FILE,
    POSTMORTEM_FILE,
    TIMELINE_FILE,
)
from secondstory.store.markdown import split_front_matter, split_sections

ACCOUNT_ALIASES = {heading.lower(): key for key, heading, _ in ACCOUNT_SECTIONS}
R = TypeVar("R", bound=Located)


@dataclass(slots=True)
class Loaded:
    postmortem: Postmortem | None
    problems: list[Problem] = field(default_factory=list)


def _build(cls: type[R], values: dict[str, Any], path: Path, line: int) -> R:
    lines = values.pop("__lines__", {})
    values.pop("__extra__", None)
    return cls(path=path, line=line, lines=lines, **values)


def _read(
    path: Path,
    root: Path | None,
    problems: list[Problem],
    texts: dict[Path, str] | None = None,
    optional: bool = False,
) -> str | None:
    """The file's text, or None with a problem recorded (none when an `optional` file is
    absent: one open call instead of a stat and an open)."""
    try:
        text = read_text(path, root)
    except UnreadableFile as exc:
        if optional and exc.reason == "does not exist":
            return None
        problems.append(Problem(path, exc.line, exc.column, "SS001", exc.reason))
        return None
    if texts is not None:
        texts[path] = text
    return text


_LOST_TO_COMMENT = re.compile(
    r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.-]*:[ \t]+[^'\"\[{|>#\s&*!][^#\n]*?[ \t]#(?=\S)"
    r"|^[ \t]*-[ \t]+[^'\"\[{|>#\s&*!-][^#\n:]*?[ \t]#(?=\S)",
    re.M,
)


def _comment_traps(path: Path, text: str, line_offset: int) -> list[Problem]:
    """Plain values like `event: asked in #inc-12` lose everything from ` #` on: warn."""
    if " #" not in text:
        return []
    problems = []
    find, line, counted = text.find, 1 + line_offset, 0
    position = find("#")
    while position != -1:  # only lines with a '#' after a space or tab can match
        if position and text[position - 1] in " \t":
            start = text.rfind("\n", 0, position) + 1
            match = _LOST_TO_COMMENT.match(text, start)
            if match is not None:
                line += text.count("\n", counted, start)
                counted = start
                problems.append(_comment_trap(path, line, match.end() - start))
            position = find("\n", position)  # one match a line at most
            if position == -1:
                break
        position = find("#", position + 1)
    return problems


def _comment_trap(path: Path, line: int, column: int) -> Problem:
    return Problem(
        path,
        line,
        column,
        "SS019",
        "' #' starts a YAML comment, so the rest of this value is lost; put the value in quotes",
        "warning",
    )


def _yaml(path: Path, text: str, problems: list[Problem], line_offset: int = 0) -> Any:
    problems.extend(_comment_traps(path, text, line_offset))
    try:
        return yamlio.load(text, line_offset)
    except yamlio.YamlSyntaxError as exc:
        problems.append(Problem(path, exc.line, exc.column, "SS002", f"YAML syntax: {exc.message}"))
        return None


ALL_PARTS = frozenset({"timeline", "factors", "actions", "accounts"})
_READ_HINTS = (  # what to do about a file that cannot be read (SS001), by its reason
    ("not UTF-8", "re-save the file as UTF-8"),
    ("NUL byte", "delete the NUL byte (a text file has none), or restore the file from git"),
    ("binary", "it must be a text file; restore it from git if it was overwritten"),
    ("over the limit", "split it or trim it"),
    ("outside the library", "copy the file into the library"),
    ("permission denied", "make it readable (chmod u+r)"),
    ("which does not exist", "point the link at an existing file, or delete it"),
    ("in a loop", "point the link at a file, or replace it with the file"),
    ("not a regular file", "name a regular file; secondstory reads files, not pipes or devices"),
    ("is a folder", "a file of that name is expected here; move the folder away"),
)
_LOAD_HINTS = {  # what to do about the other problems that stop a file being read
    "SS002": "fix the YAML at that place ('secondstory validate' lists every problem)",
    "SS010": "write it as the format says (docs/format.md; secondstory schema)",
}


def problem_hint(problem: Problem) -> str:
    """What to do about `problem` when it stops a file being read; "" when its message
    says it already ("add a '---' line after it")."""
    if problem.code == "SS001":
        return next((h for key, h in _READ_HINTS if key in problem.message), "")
    return _LOAD_HINTS.get(problem.code, "")


def unusable(message: str, problems: list[Problem], root: Path | None) -> SecondstoryError:
    """The error for a postmortem that could not be loaded: its first problem, with exit 3
    when that is a file that could not be read (SS001), else exit 2 (fix the content)."""
    first = next((p for p in problems if p.severity == "error"), None)
    if first is None:
        return UsageError(f"{message}: it cannot be read", hint="see 'secondstory validate'")
    detail = f"{message}: {first.render(root)}"
    if first.code != "SS001":
        return UsageError(detail, hint="fix it first: secondstory validate")
    return FileProblem(detail, hint=problem_hint(first) or "see 'secondstory validate'")


def load_postmortem(
    directory: Path,
    root: Path | None = None,
    parts: frozenset[str] = ALL_PARTS,
    texts: dict[Path, str] | None = None,
    zone_name: str = "",
) -> Loaded:
    """Load the postmortem in `directory`. Returns None as postmortem if the main file is unusable.

    `parts` names the structured files to read besides the main document (all by default);
    a tool that needs only the action items reads {"actions"} and skips the rest.
    `texts`, when given, receives the text of every file read (the linter reuses them).
    `zone_name`, the library's timezone, gives the offset in a time zone problem's hint.
    """
    problems: list[Problem] = []
    main = directory / POSTMORTEM_FILE
    text = _read(main, root, problems, texts)
    if text is None:
        return Loaded(None, problems)
    pm = _load_main(main, text, problems, directory, zone_name)
    if pm is None:
        return Loaded(None, problems)
    if "timeline" in parts:
        pm.timeline = _load_list(
            directory / TIMELINE_FILE,
            "timeline_entry",
            TimelineEntry,
            root,
            problems,
            texts,
            zone_name,
        )
    if "factors" in parts:
        pm.factors = _load_list(
            directory / FACTORS_FILE, "factor", Factor, root, problems, texts, zone_name
        )
    if "actions" in parts:
        items = _load_list(
            directory / ACTIONS_FILE, "action_item", ActionItem, root, problems, texts, zone_name
        )
        pm.actions = [_action(a) for a in items]
    if "accounts" in parts:
        pm.accounts = _load_accounts(directory / ACCOUNTS_DIR, root, problems, texts)
    return Loaded(pm, problems)


def _no_front_matter(text: str) -> str:
    """Why no front matter was found: none, or lines that end in a lone CR (classic Mac
    OS), which no reader takes for the end of the '---' line."""
    start = text[:200]
    if start.startswith(("---\r", "\ufeff---\r")) and "\r\n" not in start:
        return "no front matter: its lines end in a lone CR; re-save the file with LF line endings"
    return "no front matter: the file must start with a '---' line"


def _load_main(
    path: Path, text: str, problems: list[Problem], directory: Path, zone_name: str = ""
) -> Postmortem | None:
    doc = split_front_matter(text)
    if doc.front_matter is None:
        problems.append(Problem(path, 1, 1, "SS003", _no_front_matter(text)))
        return None
    if doc.unterminated:
        problems.append(
            Problem(path, 1, 1, "SS003", "front matter is not closed: add a '---' line after it")
        )
        return None
    data = _yaml(path, doc.front_matter, problems, doc.front_matter_line - 1)
    if data is None and not problems:
        problems.append(Problem(path, 2, 1, "SS003", "front matter is empty"))
    if data is None:
        return None
    coercer = Coercer(path, zone_name)
    values = coercer.record("postmortem", data, doc.front_matter_line, 1)
    problems.extend(coercer.problems)
    if values is None:
        return None
    extra = values.get("__extra__", {})
    participants = [
        _build(Participant, p, path, p["__lines__"].get("name", (0, 0))[0])
        for p in values.pop("participants", [])
    ]
    provenance = values.pop("provenance", None)
    values["directory"] = directory  # (not a field of the file, and no Path() made for it)
    pm = _build(Postmortem, values, path, 1)
    pm.extra = extra
    pm.participants = participants
    if provenance is not None:
        pm.provenance = _build(Provenance, provenance, path, pm.where("provenance")[0])
    pm.body = doc.body
    pm.body_line = doc.body_line
    pm.sections = split_sections(doc.body, doc.body_line, SECTION_ALIASES)
    return pm


def _load_list(
    path: Path,
    record: str,
    cls: type[R],
    root: Path | None,
    problems: list[Problem],
    texts: dict[Path, str] | None = None,
    zone_name: str = "",
) -> list[R]:
    text = _read(path, root, problems, texts, optional=True)
    if text is None:
        return []
    data = _yaml(path, text, problems)
    if data is None:
        return []
    if not isinstance(data, yamlio.YList):
        problems.append(
            Problem(
                path,
                1,
                1,
                "SS010",
                f"{path.name} must be a YAML list of {plural_of(record.replace('_', ' '))}",
            )
        )
        return []
    coercer = Coercer(path, zone_name)
    items: list[R] = []
    for item, (line, column) in zip(data, data.positions, strict=True):
        values = coercer.record(record, item, line, column)
        if values is not None:
            items.append(_build(cls, values, path, line))
    problems.extend(coercer.problems)
    return items


def _action(item: ActionItem) -> ActionItem:
    for name in ("done", "verified", "dropped"):
        values = getattr(item, name)
        if isinstance(values, dict):
            setattr(item, name, _build(StatusEvent, values, item.path, item.where(name)[0]))
    return item


def _load_accounts(
    folder: Path, root: Path | None, problems: list[Problem], texts: dict[Path, str] | None
) -> list[Account]:
    accounts = []
    if not os.access(folder, os.R_OK | os.X_OK) and os.path.isdir(folder):
        problems.append(Problem(folder, 1, 1, "SS001", "cannot be read (permission denied)"))
    for path in markdown_files(folder):
        account = load_account(path, root, problems, texts)
        if account is not None:
            accounts.append(account)
    return accounts


def markdown_files(folder: Path) -> list[Path]:
    """sorted(folder.glob("*.md")), through one os.listdir (none when the folder is absent,
    not a folder, or cannot be listed: the loader reports the last, SS001)."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".md"))
    except OSError:
        return []
    return [folder / name for name in names]


def load_account(
    path: Path, root: Path | None, problems: list[Problem], texts: dict[Path, str] | None = None
) -> Account | None:
    text = _read(path, root, problems, texts)
    if text is None:
        return None
    doc = split_front_matter(text)
    if doc.front_matter is None or doc.unterminated:
        problems.append(
            Problem(path, 1, 1, "SS003", "an account needs front matter with at least 'author'")
        )
        return None
    data = _yaml(path, doc.front_matter, problems, doc.front_matter_line - 1)
    if data is None:
        return None
    coercer = Coercer(path)
    values = coercer.record("account", data, doc.front_matter_line, 1)
    problems.extend(coercer.problems)
    if values is None:
        return None
    account = _build(Account, values, path, 1)
    account.body = doc.body
    account.body_line = doc.body_line
    account.sections = split_sections(doc.body, doc.body_line, ACCOUNT_ALIASES)
    return account
