"""Hostile and broken input to `lint` and `validate`: every file that cannot be read is
reported with its place and the run goes on; nothing waits on a FIFO, follows a link loop,
expands a YAML bomb or reads a device without end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from secondstory.review.formats import shown_path
from secondstory.store.files import UnreadableFile, read_text
from secondstory.store.yamlio import YamlSyntaxError, load_slow

from clirun import Result, run_env

GOOD = "# Summary\n\nThe on-call engineer should have checked the dashboard.\n"
STARTED = ("--started", "2025-03-14T09:02:00+01:00", "--no-similar")
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + BOMB


def _reason(path: Path, root: Path | None = None) -> tuple[str, int, int, str]:
    with pytest.raises(UnreadableFile) as caught:
        read_text(path, root)
    return caught.value.reason, caught.value.line, caught.value.column, caught.value.hint


def test_read_text_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert _reason(tmp_path / "pipe.md") == (
        "is a FIFO (named pipe), not a regular file",
        1,
        1,
        "name a regular file; secondstory reads files, not pipes or devices",
    )


def test_read_text_refuses_a_device_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    assert _reason(tmp_path / "zero.md")[0] == "is a device, not a regular file"


def test_read_text_names_a_symlink_loop_in_and_out_of_a_library(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    expected = (
        "is a symbolic link in a loop (it leads back to itself)",
        1,
        1,
        "point the link at a file, or replace it with the file",
    )
    assert _reason(tmp_path / "a.md") == expected
    assert _reason(tmp_path / "a.md", root=tmp_path) == expected


def test_read_text_names_the_target_of_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    assert _reason(tmp_path / "gone.md", root=tmp_path)[0] == (
        "is a link to nowhere.md, which does not exist"
    )


def test_read_text_places_a_nul_byte_after_the_first_8_kb(tmp_path: Path) -> None:
    path = tmp_path / "nul.md"
    path.write_bytes(b"x" * 9000 + b"\nHe should\x00 have known.\n")
    assert _reason(path) == (
        "has a NUL byte (binary data in text)",
        2,
        10,
        "delete the NUL byte (a text file has none), or restore the file from git",
    )


def test_read_text_names_utf16_by_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes(b"\xff\xfe" + "# T\n\nHe should have known.\n".encode("utf-16-le"))
    assert _reason(path) == ("is UTF-16 text, not UTF-8", 1, 1, "re-save the file as UTF-8")


def test_yaml_load_refuses_a_billion_laughs_quickly() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_slow(BOMB)
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert caught.value.message == (
        "its aliases (*name) expand to over 100,000 more values than the file has "
        "characters; write the values out instead of repeating anchors"
    )


def test_yaml_load_keeps_a_few_aliases() -> None:
    loaded = load_slow("base: &b {owner: Ann}\nitem: *b\n")
    assert loaded == {"base": {"owner": "Ann"}, "item": {"owner": "Ann"}}


def test_shown_path_escapes_undecodable_bytes_and_newlines() -> None:
    name = b"bad\xffname\n.md".decode("utf-8", "surrogateescape")
    assert shown_path(name) == "bad\\xffname\\n.md"
    assert shown_path(name, controls=False) == "bad\\xffname\n.md"
    assert shown_path("sp ace é.md") == "sp ace é.md"


@pytest.fixture
def loose(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD)
    os.mkfifo(folder / "fifo.md")
    (folder / "loop1.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop1.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    bad = os.fsencode(folder) + b"/bad\xffname.md"
    with open(bad, "wb") as handle:
        handle.write(GOOD.encode())
    return folder


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_cli_reports_special_files_and_goes_on(
    loose: Path, cache: list[str], jobs: str
) -> None:
    env = {"XDG_CACHE_HOME": str(loose.parent / "cache")}
    result = run_env(loose, env, "lint", "--format", "json", "-j", jobs, *cache, ".")
    report = json.loads(result.out)
    assert result.code == 1
    assert [(e["path"], e["message"]) for e in report["errors"]] == [
        ("fifo.md", "is a FIFO (named pipe), not a regular file"),
        ("loop1.md", "is a symbolic link in a loop (it leads back to itself)"),
        ("loop2.md", "is a symbolic link in a loop (it leads back to itself)"),
        ("zero.md", "is a device, not a regular file"),
    ]
    assert [f["path"] for f in report["findings"]] == ["bad\\xffname.md", "good.md"]


@pytest.mark.parametrize("output_format", ["text", "sarif", "github"])
def test_lint_cli_writes_a_file_name_that_is_not_utf8(loose: Path, output_format: str) -> None:
    env = {"XDG_CACHE_HOME": str(loose.parent / "cache")}
    result = run_env(loose, env, "lint", "--format", output_format, ".")
    assert result.code == 1
    expected = {"text": "bad\\xffname.md:3:22 CF201", "sarif": '"uri": "bad%FFname.md"'}
    assert expected.get(output_format, "file=bad\\xffname.md,line=3") in result.out


def test_lint_postmortem_reports_front_matter_of_the_wrong_type(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Disk full", "--id", "pm", *STARTED).code == 0
    main = root / "postmortems/pm/postmortem.md"
    body = main.read_text().split("\n---\n", 1)[1]
    main.write_text("---\n- a list\n---\n" + body)
    result = run(root, "lint", "--format", "json", "postmortems/pm")
    assert result.code == 1
    assert json.loads(result.out)["errors"] == [
        {
            "path": "postmortems/pm/postmortem.md",
            "line": 2,
            "column": 1,
            "message": "expected a mapping of postmortem fields, got a list",
            "kind": "unreadable",
            "hint": "write it as the format says (docs/format.md; secondstory schema)",
        }
    ]


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_library_reports_a_postmortem_md_that_is_no_file(tmp_path: Path, command: str) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    for name in ("dir", "fifo", "bomb"):
        assert run(root, "new", name, "--id", name, *STARTED).code == 0
    (root / "postmortems/dir/postmortem.md").unlink()
    (root / "postmortems/dir/postmortem.md").mkdir()
    (root / "postmortems/fifo/postmortem.md").unlink()
    os.mkfifo(root / "postmortems/fifo/postmortem.md")
    (root / "postmortems/bomb/actions.yaml").write_text(BOMB)
    result = run(root, command, "--no-cache")
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if re.search(r"SS00|cannot lint", line)]
    sep = ": error SS001" if command == "validate" else " cannot lint:"
    syntax = ": error SS002 YAML syntax:" if command == "validate" else " cannot lint: YAML syntax:"
    assert lines == [
        f"postmortems/bomb/actions.yaml:1:1{syntax} its aliases (*name) expand to over "
        "100,000 more values than the file has characters; write the values out instead "
        "of repeating anchors",
        f"postmortems/dir/postmortem.md:1:1{sep} is a folder, not a file",
        f"postmortems/fifo/postmortem.md:1:1{sep} is a FIFO (named pipe), not a regular file",
    ]


def run(cwd: Path, *args: str) -> Result:
    return run_env(cwd, {}, *args)


def _as_unprivileged() -> list[str]:
    """The command prefix that makes permissions count: root reads a chmod 000 file, so as
    root the run drops the capabilities that let it (setpriv, util-linux)."""
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _run_unprivileged(cwd: Path, *args: str) -> Result:
    proc = subprocess.run(
        [*_as_unprivileged(), sys.executable, "-m", "secondstory", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")},
    )
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_lint_cli_reports_files_and_folders_it_may_not_read(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "secret.md").write_text(GOOD)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.md").write_text(GOOD)
    os.chmod(tmp_path / "secret.md", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        result = _run_unprivileged(tmp_path, "lint", "good.md", "secret.md", "locked/inside.md")
        folder = _run_unprivileged(tmp_path, "lint", "--format", "json", ".")
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert result.code == 1
    assert result.out.splitlines()[-5:] == [
        "locked/inside.md:1:1 cannot lint: cannot be read (permission denied)",
        "    hint: make it readable (chmod u+r)",
        "secret.md:1:1 cannot lint: cannot be read (permission denied)",
        "    hint: make it readable (chmod u+r)",
        "1 warning; 2 files could not be linted",
    ]
    assert [(e["path"], e["message"]) for e in json.loads(folder.out)["errors"]] == [
        ("locked", "cannot be read (permission denied)"),
        ("secret.md", "cannot be read (permission denied)"),
    ]


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_library_reports_a_postmortem_folder_it_may_not_read(tmp_path: Path, command: str) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    for name in ("open", "locked"):
        assert run(root, "new", name, "--id", name, *STARTED).code == 0
    os.chmod(root / "postmortems/locked", 0)
    try:
        whole = _run_unprivileged(root, command, "--no-cache")
        named = _run_unprivileged(root, command, "--no-cache", "postmortems/locked/postmortem.md")
    finally:
        os.chmod(root / "postmortems/locked", 0o755)
    sep = ": error SS001" if command == "validate" else " cannot lint:"
    expected = f"postmortems/locked/postmortem.md:1:1{sep} cannot be read (permission denied)"
    assert (whole.code, named.code) == (1, 1)
    assert expected in whole.out.splitlines()
    assert expected in named.out.splitlines()


def test_present_is_true_for_a_path_it_may_not_search(tmp_path: Path) -> None:
    from secondstory.store.files import present

    (tmp_path / "gone.md").symlink_to("nowhere.md")
    assert (present(tmp_path / "gone.md"), present(tmp_path / "none.md")) == (True, False)


def test_render_text_says_what_to_do_about_a_file_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes("# Résumé\n".encode("latin-1"))
    result = run(tmp_path, "lint", "--no-cache", "latin1.md")
    assert (result.code, result.out) == (
        1,
        "latin1.md:1:4 cannot lint: is not UTF-8 (byte 0xe9)\n"
        "    hint: re-save the file as UTF-8\n"
        "no findings; 1 file could not be linted\n",
    )


@pytest.mark.parametrize("text", ["a: 1\nb: 2\na: 3\n", "- {id: F1, id: F2}\n"])
def test_yaml_load_refuses_a_key_given_twice(text: str) -> None:
    from secondstory.store.yamlio import load

    with pytest.raises(YamlSyntaxError) as caught:
        load(text)
    assert caught.value.message.startswith("duplicate key ")
    assert caught.value.message.endswith(
        ": only one value can be kept; remove or rename one of them"
    )
    assert (caught.value.line, caught.value.column) == ((3, 1) if text[0] == "a" else (1, 12))


def test_load_postmortem_names_lone_cr_line_endings(tmp_path: Path) -> None:
    from secondstory.store.loader import load_postmortem

    (tmp_path / "postmortem.md").write_bytes(b"---\rtitle: x\r---\r# Facts\r")
    loaded = load_postmortem(tmp_path)
    assert [(p.code, p.message) for p in loaded.problems] == [
        (
            "SS003",
            "no front matter: its lines end in a lone CR; re-save the file with LF line endings",
        )
    ]


def test_lint_cli_many_code_blocks_and_comment_markers_stay_linear(tmp_path: Path) -> None:
    """200,000 fenced blocks, or as many comment markers on one line, in a file: each was
    read once per block before (a copy of the remaining markers per fence: 21 s for 50,000
    blocks, minutes for these), now in a second or two; the run limit fails a regression."""
    (tmp_path / "fences.md").write_text("```\ncode\n```\n" * 200_000 + GOOD, encoding="utf-8")
    (tmp_path / "marks.md").write_text("`<!--` " * 300_000 + "\n" + GOOD, encoding="utf-8")
    result = run_env(tmp_path, {}, "lint", "--no-cache", "--format", "json", ".")
    report = json.loads(result.out)
    assert (result.code, report["errors"]) == (1, [])
    assert [(f["path"], f["line"], f["code"]) for f in report["findings"]] == [
        ("fences.md", 600_003, "CF201"),
        ("marks.md", 4, "CF201"),
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "lone-cr"])
def test_lint_counts_lone_carriage_returns_as_line_ends(tmp_path: Path, ending: str) -> None:
    """A file of classic Mac line ends was one heading line to lint, and passed silently."""
    lines = ["# Cache outage", "", "The cache expired.", "The engineer should have known better."]
    (tmp_path / "notes.md").write_bytes(ending.join([*lines, ""]).encode())
    result = run(tmp_path, "lint", "--no-cache", "--format", "json", "notes.md")
    found = json.loads(result.out)["findings"]
    assert [(f["code"], f["line"], f["column"], f["end_column"]) for f in found] == [
        ("CF201", 4, 14, 31)
    ]
    text = run(tmp_path, "lint", "--no-cache", "notes.md").out.splitlines()
    assert text[1] == "    The engineer should have known better."


def test_lint_reports_an_unclosed_fence_on_its_line_in_a_lone_cr_file(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_bytes(b"# T\rFirst line.\r```\rcode\r")
    result = run(tmp_path, "lint", "--no-cache", "notes.md")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "notes.md:3:1 not linted to the end: the code fence ``` opened here is never closed:"
        " lines 3-4 were not linted"
    )
