"""Fixtures of the track tests: a small library in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from track_fixture_library import write_library


@pytest.fixture
def track_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "lib")
