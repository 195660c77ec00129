"""Write a Postmortem record as the format's files, atomically.

`postmortem_files(pm)` renders postmortem.md (front matter in field-table order, then the
body), timeline.yaml, factors.yaml, actions.yaml and accounts/*.md as text;
`write_postmortem(pm, folder)` writes them into a temporary folder next to `folder` and
renames it into place, so a failure never leaves a half-written postmortem. Everything
written loads back through store/loader.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from secondstory.errors import FileProblem, UsageError
from secondstory.model.fields import RECORDS
from secondstory.model.records import Account, Postmortem
from secondstory.store.accounts import file_names
from secondstory.store.library import (
    ACCOUNTS_DIR,
    ACTIONS_FILE,
    FACTORS_FILE,
    POSTMORTEM_FILE,
    TIMELINE_FILE,
)
from secondstory.store.yamlemit import scalar

_SAFE_BLOCK = re.compile(r"^[^\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u2028\u2029]*$")
_ALWAYS = frozenset({"format", "id", "title", "status"})


def text_value(text: str, indent: int) -> str:
    """A text scalar: plain or quoted on one line, a `|-` block when it has several lines."""
    if "\n" not in text:
        return scalar(text)
    lines = text.split("\n")
    block_ok = (
        _SAFE_BLOCK.match(text)
        and lines[0][:1] not in (" ", "")
        and all(line == line.rstrip() for line in lines)
    )
    if not block_ok:
        return json.dumps(text, ensure_ascii=False)
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in lines)


def _atom(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return scalar(str(value))


def _field_lines(name: str, kind: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if kind == "strlist":
        return [f"{pad}{name}: [{', '.join(scalar(v) for v in value)}]"]
    if kind == "text":
        return [f"{pad}{name}: {text_value(str(value), indent + 2)}"]
    return [f"{pad}{name}: {_atom(value)}"]


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def record_lines(record: str, obj: Any, indent: int, always: Iterable[str] = ()) -> list[str]:
    """The fields of `obj` (a record dataclass) as YAML lines, in field-table order."""
    keep = set(always)
    lines: list[str] = []
    for spec in RECORDS[record]:
        value = getattr(obj, spec.name, None)
        if _is_empty(value) and spec.name not in keep and not spec.required:
            continue
        pad = " " * indent
        if spec.kind == "record":
            if value is None:
                continue
            lines.append(f"{pad}{spec.name}:")
            lines += record_lines(spec.record, value, indent + 2)
        elif spec.kind == "records":
            lines.append(f"{pad}{spec.name}:" + ("" if value else " []"))
            for item in value or []:
                item_lines = record_lines(spec.record, item, indent + 4)
                lines.append(f"{pad}  - {item_lines[0].lstrip()}")
                lines += item_lines[1:]
        elif value is None or value == "":
            lines.append(f"{pad}{spec.name}:")
        else:
            lines += _field_lines(spec.name, spec.kind, value, indent)
    return lines


def render_postmortem_md(pm: Postmortem) -> str:
    head = record_lines("postmortem", pm, 0, _ALWAYS | {"services", "tags", "related"})
    body = pm.body if pm.body.endswith("\n") or not pm.body else pm.body + "\n"
    return "---\n" + "\n".join(head) + "\n---\n\n" + body


def _list_file(record: str, items: Iterable[Any], comment: str) -> str:
    out = [comment] if comment else []
    for item in items:
        lines = record_lines(record, item, 2)
        out.append("- " + lines[0].lstrip())
        out += lines[1:]
    if len(out) == (1 if comment else 0):
        out.append("[]")
    return "\n".join(out) + "\n"


def render_account(account: Account) -> str:
    head = record_lines("account", account, 0)
    body = account.body if account.body.endswith("\n") or not account.body else account.body + "\n"
    return "---\n" + "\n".join(head) + "\n---\n\n" + body


def postmortem_files(pm: Postmortem) -> dict[str, str]:
    """Relative file name -> text for every file of the postmortem."""
    files = {
        POSTMORTEM_FILE: render_postmortem_md(pm),
        TIMELINE_FILE: _list_file("timeline_entry", pm.timeline, "# The timeline (docs/format.md)"),
        FACTORS_FILE: _list_file("factor", pm.factors, "# Contributing factors (docs/format.md)"),
        ACTIONS_FILE: _list_file("action_item", pm.actions, "# Action items (docs/format.md)"),
    }
    names = file_names(a.author for a in pm.accounts)
    for account, name in zip(pm.accounts, names, strict=True):
        files[f"{ACCOUNTS_DIR}/{name}"] = render_account(account)
    return files


def write_postmortem(
    pm: Postmortem,
    folder: Path,
    *,
    replace: bool = False,
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Write `pm` as `folder` in one rename; `check(temp_folder)` may refuse it first.

    With `replace`, an existing folder is swapped out (its accounts/ are kept when `pm`
    has none). Without it, an existing folder is an error.
    """
    if folder.exists() and not replace:
        raise UsageError(f"{folder} already exists", hint="pass --update to replace it")
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for relative, text in postmortem_files(pm).items():
            path = temp / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        if replace and not pm.accounts and (folder / ACCOUNTS_DIR).is_dir():
            shutil.copytree(folder / ACCOUNTS_DIR, temp / ACCOUNTS_DIR)
        os.chmod(temp, 0o755)
        if check is not None:
            check(temp)
        _swap_in(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return folder / POSTMORTEM_FILE


def _swap_in(temp: Path, folder: Path) -> None:
    if not folder.exists():
        try:
            os.rename(temp, folder)
        except OSError as exc:
            raise FileProblem(
                f"cannot create {folder}: {exc.strerror}",
                hint="check that its folder is writable and the disk has room",
            ) from None
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    os.rmdir(backup)
    os.rename(folder, backup)
    try:
        os.rename(temp, folder)
    except OSError as exc:
        os.rename(backup, folder)
        raise FileProblem(
            f"cannot replace {folder}: {exc.strerror}",
            hint="check that nothing holds the folder open and that it is writable",
        ) from None
    shutil.rmtree(backup, ignore_errors=True)
