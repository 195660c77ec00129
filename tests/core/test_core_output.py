"""Files named for output (-o, --chart) go only into folders that exist: a typo in a path
is an error (exit 3) naming the folder, never a new folder somewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run

COMMANDS = [
    ("export", "-o", "{}/library.json"),
    ("lint", "-o", "{}/lint.txt"),
    ("actions", "export", "--to", "ics", "-o", "{}/due.ics"),
    ("digest", "-o", "{}/digest.md"),
    ("outcomes", "--chart", "{}/outcomes.svg"),
    ("patterns", "--chart", "{}/patterns.svg"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_output_into_a_missing_folder_is_refused(
    example_library: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "no" / "such"
    result = run(example_library, *(a.format(missing) for a in args))
    target = Path(args[-1].format(missing))
    assert (result.code, result.out) == (3, "")
    assert result.err == (
        f"secondstory: error: cannot write {target}: the folder {missing} does not exist\n"
        f"  hint: create the folder first (mkdir -p {missing}), or write the file elsewhere\n"
    )
    assert not (tmp_path / "no").exists()


def test_output_under_a_file_is_refused(example_library: Path) -> None:
    result = run(example_library, "digest", "-o", "secondstory.toml/digest.md")
    assert (result.code, result.err) == (
        3,
        "secondstory: error: cannot write secondstory.toml/digest.md: secondstory.toml is a "
        "file, not a folder\n  hint: write the file into a folder\n",
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_output_into_an_existing_folder_is_written(
    example_library: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run(example_library, *(a.format(tmp_path) for a in args))
    assert result.code in (0, 1)  # lint exits 1 for its findings
    assert Path(args[-1].format(tmp_path)).stat().st_size > 0
