"""Fixtures shared by the learn tests: a library in a temporary folder, a writer of
postmortems into it, and three postmortems written."""

from __future__ import annotations

from pathlib import Path

import pytest
from learn_fixtures import WritePM, make_library, make_writer, write_three

from secondstory.store.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path)


@pytest.fixture
def write_pm(library: Library) -> WritePM:
    return make_writer(library)


@pytest.fixture
def three(write_pm: WritePM) -> None:
    write_three(write_pm)
