"""safe_load_bounded: a user's YAML file (a mechanisms overlay, imported front matter) is
loaded with typed values, and refused quickly when its aliases expand without bound."""

from __future__ import annotations

import time

import pytest
import yaml

from secondstory.store.libyaml import ALIAS_ALLOWANCE, safe_load_bounded

# Nine levels of nine aliases each: 387,420,489 values from about 400 bytes.
BOMB = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)
)


def test_safe_load_bounded_refuses_a_billion_laughs_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        safe_load_bounded(BOMB)
    assert time.perf_counter() - started < 5
    assert raised.value.problem == (
        f"its aliases (*name) expand to over {ALIAS_ALLOWANCE:,} more values than the file "
        "has characters; write the values out instead of repeating anchors"
    )
    mark = raised.value.problem_mark
    assert mark is not None
    assert (mark.line, mark.column) == (0, 0)


def test_safe_load_bounded_keeps_typed_values_and_a_few_aliases() -> None:
    loaded = safe_load_bounded("base: &b {weight: 2.5, live: true}\nitem: *b\ncount: 3\n")
    assert loaded == {
        "base": {"weight": 2.5, "live": True},
        "item": {"weight": 2.5, "live": True},
        "count": 3,
    }


def test_safe_load_bounded_reads_an_empty_document_as_none() -> None:
    assert safe_load_bounded("") is None
    assert safe_load_bounded("# only a comment\n") is None


def test_safe_load_bounded_reports_syntax_errors_as_yaml_errors() -> None:
    with pytest.raises(yaml.YAMLError):
        safe_load_bounded("a: [1, 2\n")


def test_safe_load_bounded_fast_loader_refuses_the_same_bomb() -> None:
    with pytest.raises(yaml.MarkedYAMLError):
        safe_load_bounded(BOMB, fast=True)
    assert safe_load_bounded("a: [1, 2]\n", fast=True) == {"a": [1, 2]}
