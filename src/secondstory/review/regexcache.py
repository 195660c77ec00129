"""Compiled regular expressions kept between runs, as Python keeps compiled modules (.pyc).

`re` parses and compiles a pattern in Python code: the rules' patterns and the context
checks' patterns took 65 ms of every run that met them, a quarter of the time of linting
a few megabytes. `compile` turns a pattern into the same program `re` makes, keeps that
program (a list of numbers) in __pycache__ beside this module, and the next run hands it
straight to `re`'s engine. The file is named after the Python version and the engine's
format; it is not written when Python is told not to write bytecode, and a missing,
unreadable or unwritable file only means compiling as `re` does.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import marshal
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any, overload

from secondstory.review.kept import unmarshal

_sre: Any
try:  # the engine and its compiler: internal to `re`, so any surprise means plain re.compile
    _sre = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - every CPython has them
    _sre = None

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
# A program as kept in the file: its code as the bytes of 32-bit numbers, which marshal
# reads as one object (as a list, 280,000 numbers took 2 ms of every run to read)
Stored = tuple[int, bytes | list[int], int, dict[str, int], tuple[str | None, ...]]
_WORD = "I" if array("I").itemsize == 4 else "L"

_PROGRAMS: dict[tuple[str, int], Stored] = {}
_USED: set[tuple[str, int]] = set()  # this run's patterns: kept when the file grows too big
_STATE = {"loaded": False, "added": False}
MOST = 1000  # programs in the file (patterns change as rules are edited)


def cache_file() -> Path | None:
    if _sre is None:  # pragma: no cover
        return None
    tag = sys.implementation.cache_tag or "python"
    return Path(__file__).parent / "__pycache__" / f"regex.{tag}.{_sre.MAGIC}.marshal"


@overload
def compile(pattern: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile(pattern: Any, flags: int = 0) -> Any:
    """`re.compile(pattern, flags)`, from the kept program when there is one (the modules'
    own expressions too: compiling them took 5 ms of every run)."""
    flags = int(flags)
    if _sre is None:  # pragma: no cover
        return re.compile(pattern, flags)
    if not _STATE["loaded"]:
        _load()
    key = (pattern, flags)
    _USED.add(key)
    stored = _PROGRAMS.get(key)
    if stored is not None:
        try:
            return _checked(_sre.compile(pattern, *_runnable(stored)))
        except Exception:
            del _PROGRAMS[key]
    try:
        program = _program(pattern, flags)
        compiled = _checked(_sre.compile(pattern, *program))
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags)
    _PROGRAMS[key] = program
    _STATE["added"] = True
    return compiled


def program_of(pattern: bytes, flags: int = 0) -> Stored:
    """The engine's program for a bytes pattern, as kept (elsewhere: review/kept.py)."""
    return _storable(_program(pattern, flags))


def from_program(pattern: bytes, program: Stored) -> re.Pattern[bytes]:
    """`re.compile(pattern, program's flags)`, from a program `program_of` made."""
    try:
        compiled = _sre.compile(pattern, *_runnable(program))
    except Exception:  # a program of another engine: compile as `re` does
        return re.compile(pattern, program[0])
    if not isinstance(compiled, re.Pattern):  # pragma: no cover - not the engine we know
        raise TypeError("not a compiled pattern")
    return compiled


def _runnable(stored: Stored) -> Program:
    flags, code, groups, groupindex, indexgroup = stored
    if isinstance(code, bytes):
        code = array(_WORD, code).tolist()
    return flags, code, groups, groupindex, indexgroup


def _storable(program: Stored) -> Stored:
    flags, code, groups, groupindex, indexgroup = program
    if isinstance(code, list):
        with contextlib.suppress(OverflowError):  # not a 32-bit engine: kept as numbers
            code = array(_WORD, code).tobytes()
    return flags, code, groups, groupindex, indexgroup


def _checked(compiled: object) -> re.Pattern[Any]:
    if not isinstance(compiled, re.Pattern):  # pragma: no cover - not the engine we know
        raise TypeError("not a compiled pattern")
    return compiled


def _program(pattern: str | bytes, flags: int) -> Program:
    """What re._compiler.compile hands the engine for `pattern` (Python 3.11 to 3.13)."""
    parsed: Any = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes: int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    groups = int(parsed.state.groups) - 1
    return int(flags | parsed.state.flags), code, groups, groupindex, tuple(indexgroup)


def _load() -> None:
    _STATE["loaded"] = True
    atexit.register(save)
    path = cache_file()
    if path is None:  # pragma: no cover
        return
    try:
        data = unmarshal(path.read_bytes())
    except (OSError, TypeError, ValueError, EOFError):
        return
    if isinstance(data, dict):
        _PROGRAMS.update(data)


def save_when_worker_exits() -> None:
    """Keep a pool worker's programs too: a worker leaves through os._exit, which skips
    `atexit`, so a run with --jobs over a fresh installation compiled every pattern in
    every worker and kept none of them (each such run 100 ms slower than the next -j 1
    run). multiprocessing's own exit hooks run `save` instead (a pool initializer)."""
    from multiprocessing import util

    util.Finalize(None, save, exitpriority=0)


def save() -> None:
    """Write the programs compiled in this run (at exit; quietly skipped when not possible)."""
    path = cache_file()
    if not _STATE["added"] or path is None or sys.dont_write_bytecode:
        return
    _STATE["added"] = False
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        programs = {key: _storable(program) for key, program in _PROGRAMS.items()}
        if len(programs) > MOST:
            programs = {key: programs[key] for key in _USED if key in programs}
        temporary.write_bytes(marshal.dumps(programs))
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
