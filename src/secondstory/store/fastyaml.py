"""A fast reader for the plain block YAML that postmortem files are made of.

Most files are block mappings and sequences of one-line scalars: the files secondstory
writes and the ones people write by hand alike. This reader handles that subset (one
regular expression splits every line into indentation, dash, key and value; one loop per
block reads them) and gives exactly what libyaml gives through `yamlio.load_slow`: the
same values, the same positions. On anything else it gives up (`Unsupported`) and libyaml
reads the file. It never guesses: anchors, tags, multi-line plain or quoted scalars,
folded blocks, escapes, tabs, document markers and unusual keys all go to libyaml, which
also reports every error. tests/core/test_fastyaml.py compares the two readers on the
example library, a synthetic library, generated text and tricky cases.
"""

from __future__ import annotations

import re
from typing import Any

from secondstory.store.yamlmodel import NULLS, YList, YMap


class Unsupported(Exception):
    """This text is outside the subset: read it with libyaml."""


# Characters libyaml may treat in ways this reader does not: tabs, carriage returns, a
# byte order mark, other line breaks, characters it refuses. (Document markers and
# directives need no check: a line at column 0 that is not a key or a dash ends the read.)
_OUTSIDE = re.compile(
    "[\t\r\ufeff\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_CONTROLS = bytes(set(range(32)) - {10}) + b"\x7f"  # the ASCII characters _OUTSIDE finds
# Every line: indentation, a dash and its spaces, a key, the spaces after its colon, the rest.
_LINE = re.compile(r"^( *)(- +(?=\S))?(?:(\w[\w./-]*):( +|$))?(.*)$", re.M)
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Double-quoted scalars may use the escapes \n \t \" \\ (others go to libyaml).
_DOUBLE_BODY = r'"(?:[^"\\]|\\[nt"\\])*"'
_FLOW_SCALAR = rf"""({_DOUBLE_BODY}|'(?:[^']|'')*'|[\w.(/][^,\[\]{{}}:#'"]*?)"""
_FLOW_ITEM = re.compile(rf" *{_FLOW_SCALAR} *([,\]])")
_FLOW_PAIR = re.compile(rf" *(\w[\w./-]*): +{_FLOW_SCALAR} *([,}}])")
_DOUBLE = re.compile(rf"({_DOUBLE_BODY})(?: *$| +#)")
_ESCAPES = re.compile(r"\\(.)")
_ESCAPED = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: *$| +#)")

Token = tuple[str, str, str, str, str]  # indentation, dash, key, spaces after ':', rest


def load_fast(text: str, line_offset: int = 0) -> Any:
    """The document's value with positions, as yamlio.load gives; Unsupported outside
    the subset."""
    if _outside(text):
        raise Unsupported
    reader = _Reader(text, line_offset)
    start = reader.skip(0)
    if start == reader.total:
        return None
    if reader.tokens[start][0]:
        raise Unsupported
    value, end = reader.block(start, 0)
    if end != reader.total:
        raise Unsupported
    return value


class _Reader:
    __slots__ = ("_lines", "offset", "text", "tokens", "total")

    def __init__(self, text: str, line_offset: int) -> None:
        self.text = text
        self.tokens: list[Token] = _LINE.findall(text)
        self.total = len(self.tokens)
        self.offset = line_offset + 1  # token index -> 1-based line
        self._lines: list[str] | None = None

    def skip(self, index: int) -> int:
        """The first token at or after `index` that is neither blank nor a comment."""
        tokens, total = self.tokens, self.total
        while index < total:
            _, dash, key, _, rest = tokens[index]
            if dash or key or (rest and rest[0] != "#"):
                return index
            index += 1
        return index

    def block(self, index: int, indent: int) -> tuple[Any, int]:
        """The block node whose first line is `index`, at column `indent`."""
        _, dash, key, _, _ = self.tokens[index]
        if dash:
            return self.sequence(index, indent)
        if key:
            return self.mapping(index, indent, indent)
        raise Unsupported  # a bare scalar, a lone dash, a flow node on its own line

    def sequence(self, index: int, indent: int) -> tuple[YList, int]:
        tokens, total, offset = self.tokens, self.total, self.offset
        seq = YList(index + offset, indent + 1)
        append, positions = seq.append, seq.positions.append
        item: Any
        while True:
            _, dash, key, _, rest = tokens[index]
            column = indent + len(dash)
            positions((index + offset, column + 1))
            if key:
                item, index = self.mapping(index, column, indent)
            elif rest[0] in _PLAIN_START:
                item, index = self.value(index, rest, column, indent)
            else:  # a plain scalar, read here: the common case
                item = _plain(rest)
                index = self.skip(index + 1)
            append(item)
            if index == total:
                return seq, index
            spaces, dash, _, _, _ = tokens[index]
            if len(spaces) > indent:
                raise Unsupported
            if len(spaces) < indent or not dash:
                return seq, index

    def mapping(self, index: int, column: int, indent: int) -> tuple[YMap, int]:
        """A block mapping whose keys are at `column`; its first key may follow a dash at
        column `indent` (else `indent` equals `column`)."""
        tokens, total, offset, plain_start = self.tokens, self.total, self.offset, _PLAIN_START
        mapping = YMap(index + offset, column + 1)
        positions, value_positions = mapping.positions, mapping.value_positions
        key_column, value_base, nulls = column + 1, column + 2, NULLS
        _, _, key, after_colon, rest = tokens[index]
        while True:
            line = index + offset
            if key in positions:  # a key given twice: libyaml's reading reports it
                raise Unsupported
            if rest and rest[0] not in plain_start:  # a plain scalar (as in _plain): most lines
                if " #" in rest:
                    rest = rest[: rest.index(" #")]
                value = rest.rstrip(" ")
                if ": " in value or value[-1] == ":":
                    raise Unsupported
                mapping[key] = None if value in nulls else value
                positions[key] = (line, key_column)
                value_positions[key] = (line, value_base + len(key) + len(after_colon))
                index += 1
                while index < total:  # the next line that is neither blank nor a comment
                    spaces, dash, next_key, after_colon, rest = tokens[index]
                    if next_key or dash or (rest and rest[0] != "#"):
                        break
                    index += 1
                else:
                    return mapping, index
            else:
                value, value_at, index = self.other(index, key, after_colon, rest, column)
                mapping[key] = value
                positions[key] = (line, key_column)
                value_positions[key] = value_at
                if index == total:
                    return mapping, index
                spaces, dash, next_key, after_colon, rest = tokens[index]
            width = len(spaces)
            if width == column and next_key and not dash:
                key = next_key
                continue
            if width >= column or width > indent:
                raise Unsupported  # more indented, between dash and key, or not a key
            return mapping, index

    def other(
        self, index: int, key: str, after_colon: str, rest: str, column: int
    ) -> tuple[Any, tuple[int, int], int]:
        """A key's value that is not a plain scalar on its line, its position, the next line."""
        if not rest or rest[0] == "#":
            return self.nested(index, column, column + len(key) + 2)
        at = column + len(key) + 1 + len(after_colon)
        value, following = self.value(index, rest, at, column)
        return value, (index + self.offset, at + 1), following

    def nested(self, index: int, column: int, after_colon: int) -> tuple[Any, tuple[int, int], int]:
        """The value of a key with nothing after its colon: the block below, or null."""
        following = self.skip(index + 1)
        if following < self.total:
            spaces, dash, _, _, _ = self.tokens[following]
            width = len(spaces)
            if width > column or (width == column and dash):
                value, end = self.block(following, width)
                return value, (value.line, value.column), end
        return None, (index + self.offset, after_colon), following

    def value(self, index: int, rest: str, at: int, parent: int) -> tuple[Any, int]:
        """The one-line value `rest` at column `at` of line `index` (a plain or quoted
        scalar, a flow sequence or mapping) or a literal block, and the next token."""
        first = rest[0]
        if first == "|" or first == ">":
            return self.literal(index, rest, parent)
        line = index + self.offset
        value: Any
        if first == "[":
            value = _flow_sequence(rest, line, at)
        elif first == "{":
            value = _flow_mapping(rest, line, at)
        elif first == '"':
            value = _flow_scalar(_quoted(_DOUBLE, rest))
        elif first == "'":
            value = _quoted(_SINGLE, rest).replace("''", "'")
        elif first in _PLAIN_START:
            raise Unsupported
        else:
            value = _plain(rest)
        return value, self.skip(index + 1)

    def literal(self, index: int, rest: str, parent: int) -> tuple[str, int]:
        """A `|` or `|-` block: its lines, less their common indentation; `>` or `>-`: the
        same lines folded (a line break becomes a space, blank lines stay line breaks)."""
        if rest not in ("|", "|-", ">", ">-"):
            raise Unsupported
        if self._lines is None:
            self._lines = self.text.split("\n")
        lines = self._lines
        end, indent = index + 1, 0
        content: list[str] = []
        while end < len(lines):
            line = lines[end]
            stripped = line.lstrip(" ")
            width = len(line) - len(stripped)
            if not stripped:
                if not indent or width > indent:
                    raise Unsupported  # blank lines first, or spaces that are content
                content.append("")
            elif not indent:
                if width <= parent:
                    raise Unsupported  # an empty block
                indent = width
                content.append(stripped)
            elif width < indent:
                break
            else:
                content.append(line[indent:])
            end += 1
        while content and not content[-1]:
            content.pop()
        if not content:
            raise Unsupported
        text = _folded(content) if rest[0] == ">" else "\n".join(content)
        # "clip" keeps the last line's break, which the file's last line may not have
        has_break = index + len(content) < len(lines) - 1
        return (text + "\n" if rest[-1] != "-" and has_break else text), self.skip(end)


def _outside(text: str) -> bool:
    """True when `text` has a character that _OUTSIDE finds: in ASCII text, a control
    character other than a line break, found by a quicker scan of its bytes."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _CONTROLS)) != len(data)
    return _OUTSIDE.search(text) is not None


def _plain(rest: str) -> str | None:
    """A plain one-line scalar: `rest` up to a comment, or None for a null."""
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise Unsupported  # an error or a second mapping on the line: libyaml decides
    return None if value in NULLS else value


def _folded(lines: list[str]) -> str:
    """Folding as YAML does it, for blocks without more-indented lines."""
    parts: list[str] = []
    for line in lines:
        if line[:1] == " ":
            raise Unsupported  # more indented: kept as is by YAML, not handled here
        if not line:
            parts.append("\n")
        elif parts and parts[-1] != "\n":
            parts.append(" " + line)
        else:
            parts.append(line)
    return "".join(parts)


def _quoted(pattern: re.Pattern[str], rest: str) -> str:
    quoted = pattern.match(rest)
    if quoted is None:
        raise Unsupported
    return quoted.group(1)


def _flow_sequence(rest: str, line: int, at: int) -> YList:
    """`[a, 'b', "c"]` on one line: plain or quoted scalars, no nesting."""
    seq = YList(line, at + 1)
    position = 1
    if rest[1:].lstrip(" ").startswith("]"):
        close = rest.index("]")
    else:
        while True:  # each item ends at a comma or the closing bracket
            item = _FLOW_ITEM.match(rest, position)
            if item is None:
                raise Unsupported  # nesting, a trailing comma, an unusual scalar
            seq.append(_flow_scalar(item.group(1)))
            seq.positions.append((line, at + 1 + item.start(1)))
            position = item.end()
            if item.group(2) == "]":
                close = position - 1
                break
    if not _only_comment(rest[close + 1 :]):
        raise Unsupported
    return seq


def _flow_mapping(rest: str, line: int, at: int) -> YMap:
    """`{k: v, k: 'v'}` on one line: scalar values, no nesting."""
    mapping = YMap(line, at + 1)
    position = 1
    if rest[1:].lstrip(" ").startswith("}"):
        close = rest.index("}")
    else:
        while True:
            pair = _FLOW_PAIR.match(rest, position)
            if pair is None:
                raise Unsupported
            key = pair.group(1)
            if key in mapping:
                raise Unsupported
            mapping[key] = _flow_scalar(pair.group(2))
            mapping.positions[key] = (line, at + 1 + pair.start(1))
            mapping.value_positions[key] = (line, at + 1 + pair.start(2))
            position = pair.end()
            if pair.group(3) == "}":
                close = position - 1
                break
    if not _only_comment(rest[close + 1 :]):
        raise Unsupported
    return mapping


def _flow_scalar(text: str) -> str | None:
    if text[0] == '"':
        body = text[1:-1]
        return _ESCAPES.sub(lambda m: _ESCAPED[m.group(1)], body) if "\\" in body else body
    if text[0] == "'":
        return text[1:-1].replace("''", "'")
    return None if text in NULLS else text


def _only_comment(tail: str) -> bool:
    stripped = tail.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(tail))
