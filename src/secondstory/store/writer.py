"""Creating libraries, postmortems and accounts as files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from secondstory.errors import NotFound, UsageError
from secondstory.model.fields import STATUSES, VISIBILITIES
from secondstory.store import git
from secondstory.store.accounts import new_account_path
from secondstory.store.files import editable, present, read_text, write_atomic
from secondstory.store.library import (
    ACTIONS_FILE,
    CONFIG_NAME,
    FACTORS_FILE,
    POSTMORTEM_FILE,
    TIMELINE_FILE,
    Library,
    load_config,
)
from secondstory.store.markdown import slugify
from secondstory.store.yamlemit import scalar


def template(name: str) -> str:
    return (resources.files("secondstory.store") / "templates" / name).read_text(encoding="utf-8")


def library_template(library: Library, name: str) -> str:
    """A template from the library's templates/ folder, or the built-in one (a template
    that cannot be read is an UnreadableFile, exit 3)."""
    own = library.root / "templates" / name
    return read_text(own, library.root) if own.is_file() else template(name)


@dataclass(slots=True)
class InitResult:
    root: Path
    created: list[Path] = field(default_factory=list)
    git_initialised: bool = False


def init_library(directory: Path, name: str | None = None) -> InitResult:
    """Create a library in `directory`; refuses to overwrite an existing one."""
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / CONFIG_NAME).exists():
        raise UsageError(
            f"{directory / CONFIG_NAME} already exists", hint="this folder is already a library"
        )
    result = InitResult(directory)
    if not git.is_inside_repo(directory):
        git.init_repo(directory)
        result.git_initialised = True
    files = {
        CONFIG_NAME: template("secondstory.toml").replace("{name}", name or directory.name),
        "templates/postmortem.md": template("postmortem.md"),
        "templates/account.md": template("account.md"),
        "postmortems/.gitkeep": "",
    }
    gitignore = directory / ".gitignore"
    existing = read_text(gitignore) if gitignore.exists() else ""
    if ".secondstory/" not in existing:
        files[".gitignore"] = (
            existing
            + ("\n" if existing and not existing.endswith("\n") else "")
            + template("gitignore")
        )
    for relative, text in files.items():
        write_atomic(directory / relative, text)
        result.created.append(directory / relative)
    return result


# Words an id cut at seven words should not end on ("...-500-errors-when", "...-attack-on").
_DANGLING = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "after",
        "before",
        "but",
        "by",
        "during",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "since",
        "the",
        "to",
        "when",
        "where",
        "which",
        "while",
        "who",
        "with",
        "without",
    ]
)


def make_id(title: str, day: date, taken: set[str]) -> str:
    words = [w for w in slugify(title).split("-") if w][:7]
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    base = f"{day.isoformat()}-{'-'.join(words) or 'incident'}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass(slots=True)
class NewPostmortem:
    title: str
    severity: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    started: datetime | None = None
    facilitator: str = ""
    status: str = "draft"
    visibility: str = "internal"
    pm_id: str = ""


def _front_matter(spec: NewPostmortem, pm_id: str) -> str:
    lines = [
        "---",
        "format: 1",
        f"id: {pm_id}",
        f"title: {scalar(spec.title)}",
        f"status: {spec.status}",
    ]
    lines.append(f"severity: {scalar(spec.severity)}" if spec.severity else "severity:")
    lines.append(f"services: [{', '.join(scalar(s) for s in spec.services)}]")
    lines.append(f"tags: [{', '.join(scalar(t) for t in spec.tags)}]")
    lines.append(f"started: {spec.started.isoformat()}" if spec.started else "started:")
    lines += ["detected:", "mitigated:", "resolved:", "review_date:"]
    lines.append(f"facilitator: {scalar(spec.facilitator)}" if spec.facilitator else "facilitator:")
    if spec.facilitator:
        lines += ["participants:", f"  - name: {scalar(spec.facilitator)}", "    role: facilitator"]
    else:
        lines.append("participants: []")
    lines += [f"visibility: {spec.visibility}", "related: []", "---", ""]
    return "\n".join(lines)


def new_postmortem(library: Library, spec: NewPostmortem, taken: set[str]) -> Path:
    """Write a new postmortem folder from the templates; returns its postmortem.md."""
    if not spec.title.strip():
        raise UsageError(
            "the title is empty", hint='give a short neutral title: secondstory new "Checkout down"'
        )
    if spec.status not in STATUSES or spec.visibility not in VISIBILITIES:
        raise UsageError(
            f"status must be one of {', '.join(STATUSES)}; visibility one of {', '.join(VISIBILITIES)}",
            hint="a new postmortem starts as a draft; 'secondstory set' changes it later",
        )
    if spec.severity and spec.severity not in library.severities:
        from secondstory.store.edits import severity_hint

        raise UsageError(
            f"severity '{spec.severity}' is not one of: {', '.join(library.severities)}",
            hint=severity_hint(spec.severity, library.severities),
        )
    if spec.started is not None and spec.started.tzinfo is None:
        raise UsageError(
            f"--started {spec.started.isoformat()} has no time zone",
            hint=library.offset_hint(spec.started),
        )
    day = spec.started.date() if spec.started else date.today()
    pm_id = spec.pm_id or make_id(spec.title, day, taken)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", pm_id) or pm_id in taken:
        raise UsageError(
            f"id '{pm_id}' is not usable (taken, or not letters, digits, '.', '_', '-')",
            hint="give another --id, or leave it out to have one made from the date and title",
        )
    folder = library.postmortems_path / pm_id
    if folder.exists():
        raise UsageError(
            f"{folder} already exists",
            hint="give another --id, or move that folder out of the way",
        )
    body = library_template(library, "postmortem.md").replace("{title}", spec.title)
    write_atomic(folder / POSTMORTEM_FILE, _front_matter(spec, pm_id) + "\n" + body)
    for name in (TIMELINE_FILE, FACTORS_FILE, ACTIONS_FILE):
        write_atomic(folder / name, template(name))
    return folder / POSTMORTEM_FILE


def add_account(
    pm_directory: Path, library: Library, author: str, role: str = "", written: date | None = None
) -> Path:
    """Create accounts/<author>.md for one responder (store.accounts names it); refuses
    when they already have one. The author joins the participants first, so a postmortem
    that cannot be edited gets no account file either."""
    if not author.strip():
        raise UsageError("--author is empty", hint="name the responder whose account it is")
    read_text(editable(pm_directory / POSTMORTEM_FILE))  # unusable (a link out): write nothing
    path = new_account_path(pm_directory, author, library.root)
    body = library_template(library, "account.md")
    ensure_participant(pm_directory / POSTMORTEM_FILE, author, role)
    head = ["---", f"author: {scalar(author)}"]
    if role:
        head.append(f"role: {scalar(role)}")
    head += [f"written: {(written or date.today()).isoformat()}", "---", ""]
    write_atomic(path, "\n".join(head) + "\n" + body)
    return path


def ensure_participant(main: Path, name: str, role: str = "") -> bool:
    """Add `name` to the postmortem's participants unless already there; True if added."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from secondstory.store.roundtrip import edit_front_matter

    added = False

    def mutate(data: CommentedMap) -> None:
        nonlocal added
        people = data.get("participants")
        if isinstance(people, list) and any(
            isinstance(p, dict) and p.get("name") == name for p in people
        ):
            return
        entry = CommentedMap([("name", name)] + ([("role", role)] if role else []))
        if not isinstance(people, CommentedSeq) or (not people and people.fa.flow_style()):
            people = CommentedSeq()
            data["participants"] = people
        people.append(entry)
        added = True

    edit_front_matter(main, mutate)
    return added


def find_postmortem_dir(library: Library, pm_id: str) -> Path:
    """The folder of postmortem `pm_id` (by folder name first, then by front matter id)."""
    direct = library.postmortems_path / pm_id
    if present(direct / POSTMORTEM_FILE):  # one that cannot be read: its loading says so
        return direct
    from secondstory.store.loader import load_postmortem

    for folder in library.postmortem_dirs():
        loaded = load_postmortem(folder, library.root)
        if loaded.postmortem is not None and loaded.postmortem.id == pm_id:
            return folder
    raise NotFound(
        f"no postmortem with id '{pm_id}' in {library.postmortems_path}",
        hint="see 'secondstory list'",
    )


def reload_config(library: Library) -> Library:
    return load_config(library.root)


def offer_similar(main: Path, lines: list[str]) -> bool:
    """Put similar past incidents into the Systemic section, as a comment the writer can keep
    or delete (a comment, so they are offered, not asserted). True if the section was found."""
    text = main.read_text(encoding="utf-8")
    marker = "\n## Systemic\n"
    at = text.find(marker)
    if at < 0 or not lines:
        return False
    after_heading = at + len(marker)
    if text.startswith("<!--", after_heading):
        after_heading = text.index("-->", after_heading) + len("-->\n")
    block = (
        "<!-- Similar past incidents (secondstory similar); keep those that apply:\n"
        + "\n".join(lines)
        + "\n-->\n"
    )
    write_atomic(main, text[:after_heading] + block + text[after_heading:])
    return True
