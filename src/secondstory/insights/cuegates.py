"""What a cue's regular expression needs before it can match: its first words and a literal.

The classifier tries a cue only where a word of the text starts like one of the cue's
gates, and only in texts that contain its required literal: most cues never run a regex.
"""

from __future__ import annotations

import re

from secondstory.regexparts import split_top, structure

_ALNUM = re.compile(r"[a-z0-9]+")


def cue_gates(pattern: str) -> tuple[str, ...]:
    """The words a match can start with (lowercase, 2+ letters/digits); () when unknown.

    A gate ending in `$` is a whole word ("no$" for "no space left"), others are prefixes.

    Lets the classifier try a cue only where a text token begins with one of them,
    instead of scanning every text with every pattern.
    """
    gates: list[str] = []
    for branch in split_top(pattern):
        branch_gates = _branch_gates(branch)
        if not branch_gates:
            return ()
        gates.extend(branch_gates)
    return tuple(dict.fromkeys(gates))


def gate_fits(gate: str, word: str) -> bool:
    return word == gate[:-1] if gate.endswith("$") else word.startswith(gate)


def _branch_gates(branch: str) -> list[str]:
    if branch.startswith(r"\b"):
        branch = branch[2:]
    if branch.startswith("(?:"):
        close = _closing_paren(branch, 0)
        if close < 0 or branch[close + 1 : close + 2] in ("?", "*", "{"):
            return []
        gates: list[str] = []
        for inner in split_top(branch[3:close]):
            inner_gates = _branch_gates(inner)
            if not inner_gates:
                return []
            gates.extend(inner_gates)
        return gates
    literal = _leading_literal(branch)
    word = _ALNUM.match(literal)
    if not word or len(word.group(0)) < 2:
        return []
    # "no space left": the token must be exactly "no"; "certificates?": any word starting so
    return [word.group(0) + ("$" if len(literal) > word.end() else "")]


def _leading_literal(branch: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(branch):
        char = branch[i]
        if char == "\\":
            nxt = branch[i + 1 : i + 2]
            if not nxt or nxt.isalnum():
                break
            out.append(nxt)
            i += 2
            continue
        if char in "?*{":
            if out:
                out.pop()
            break
        if char in "+":
            break
        if char in "()[].^$|":
            break
        out.append(char)
        i += 1
    return "".join(out)


def _closing_paren(pattern: str, open_at: int) -> int:
    """Index of the `)` that closes the group opened at `open_at`, or -1."""
    for i, char, depth in structure(pattern, open_at):
        if char == ")" and depth == 0:
            return i
    return -1


def required_literal(pattern: str) -> str:
    """The longest run of letters/digits (4+) outside groups and quantifiers, or ""."""
    if len(split_top(pattern)) > 1:
        return ""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        nxt = pattern[i + 1 : i + 2]
        if char == "\\":
            runs.append("".join(current))
            current = []
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and char.isalnum() and nxt not in ("?", "*", "{"):
            current.append(char)
        else:
            runs.append("".join(current))
            current = []
            if char == "[":  # skip a character class
                i = pattern.find("]", i + 1) if "]" in pattern[i + 1 :] else len(pattern)
        i += 1
    runs.append("".join(current))
    best = max(runs, key=len)
    return best if len(best) >= 4 else ""
