"""What `secondstory set` checks before it writes: the postmortem with the new value, as
`validate` would check it, so a command never writes what `validate` then rejects."""

from __future__ import annotations

import dataclasses
from typing import Any

from secondstory.errors import NotFound, UsageError
from secondstory.model.fields import Field
from secondstory.model.records import Postmortem
from secondstory.store.checks import check_postmortem
from secondstory.store.library import Library

_EMPTY = Postmortem()  # what a field holds when the file leaves it empty
_HINTS = {
    "SS027": "started, detected, mitigated and resolved must follow each other in that order; "
    "nothing was written",
}


def check_change(library: Library, pm: Postmortem, spec: Field, value: Any) -> list[str]:
    """Refuse (UsageError) a value that would give `pm` an error `validate` reports; return
    the warnings it would give (a related postmortem that does not exist...)."""
    if spec.required and value in (None, "", []):
        raise UsageError(
            f"postmortem field '{spec.name}' must not be empty",
            hint=f"give a value: secondstory set {pm.id} {spec.name} "
            + ("|".join(spec.choices) if spec.choices else "VALUE"),
        )
    changed = dataclasses.replace(
        pm, **{spec.name: getattr(_EMPTY, spec.name) if value is None else value}
    )
    before = {(p.code, p.message) for p in check_postmortem(pm, library.severities)}
    new = [
        p
        for p in check_postmortem(changed, library.severities)
        if (p.code, p.message) not in before
    ]
    for problem in new:
        if problem.severity == "error":
            raise UsageError(
                problem.message,
                hint=_HINTS.get(
                    problem.code, "nothing was written; 'secondstory validate' would report this"
                ),
            )
    warnings = [p.message for p in new]
    if spec.name == "related":
        warnings += [
            f"related postmortem '{ref}' does not exist in this library"
            for ref in value or []
            if not _exists(library, ref)
        ]
    return warnings


def _exists(library: Library, pm_id: str) -> bool:
    from secondstory.store.writer import find_postmortem_dir

    try:
        find_postmortem_dir(library, pm_id)
    except NotFound:
        return False
    return True
