"""Commands that read one postmortem exit 3 (a file could not be read) when its
postmortem.md is not UTF-8, naming the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from conftest import REPO_ROOT

PM = "2025-03-14-checkout-down"
MAIN = f"postmortems/{PM}/postmortem.md"
DATA = REPO_ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("unreadable")
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    started = ("--started", "2025-03-14T09:02:00+01:00", "--no-similar")
    assert run(root, "new", "Checkout down", *started).code == 0
    assert run(root, "action", "add", PM, "--what", "Alert on expiry").code == 0
    assert run(root, "index").code == 0
    main = root / MAIN
    main.write_bytes(main.read_bytes() + b"caf\xe9\n")
    return root


@pytest.mark.parametrize(
    ("args", "doing"),
    [
        (("show", PM), f"postmortem '{PM}' cannot be read"),
        (("set", PM, "severity", "SEV2"), f"cannot edit {PM}"),
        (("factor", "add", PM, "--kind", "technical", "--summary", "x"), f"cannot edit {PM}"),
        (
            ("timeline", "add", PM, "--time", "2025-03-14T09:20:00+01:00", "--event", "x"),
            f"cannot edit {PM}",
        ),
        (("action", "add", PM, "--what", "x"), f"cannot add to {PM}"),
        (("action", "done", f"{PM}/A1", "--evidence", "x"), f"cannot edit {PM}"),
        (("similar", PM), f"postmortem '{PM}' cannot be read"),
        (
            ("import", "pagerduty", str(DATA / "pagerduty_log_entries.json"), "--to", PM),
            f"cannot import into {PM}",
        ),
        (
            (
                "import",
                "slack",
                str(DATA / "slack_export"),
                "--channel",
                "inc-checkout",
                "--to",
                PM,
            ),
            f"cannot import into {PM}",
        ),
    ],
)
def test_unreadable_postmortem_exits_3_naming_file_and_line(
    library: Path, args: tuple[str, ...], doing: str
) -> None:
    before = (library / MAIN).read_bytes()
    result = run(library, *args)
    line = before.count(b"\n")  # the bad byte is on the last line
    assert (result.code, result.out) == (3, "")
    assert result.err == (
        f"secondstory: error: {doing}: {MAIN}:{line}:4: error SS001 is not UTF-8 (byte 0xe9)\n"
        "  hint: re-save the file as UTF-8\n"
    )
    assert (library / MAIN).read_bytes() == before


def test_unreadable_actions_file_exits_3_for_action_done(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", PM, "--no-similar").code == 0
    assert run(root, "action", "add", PM, "--what", "Alert on expiry").code == 0
    actions = root / "postmortems" / PM / "actions.yaml"
    actions.write_bytes(b"\xff" + actions.read_bytes())
    result = run(root, "action", "done", f"{PM}/A1", "--evidence", "x")
    assert (result.code, result.err) == (
        3,
        f"secondstory: error: cannot edit: {actions}:1:1: error SS001 is not UTF-8 (byte 0xff)\n"
        "  hint: re-save the file as UTF-8\n",
    )


def test_show_warns_of_a_part_that_cannot_be_read(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", PM, "--no-similar").code == 0
    timeline = root / "postmortems" / PM / "timeline.yaml"
    timeline.write_bytes(b"- time: 2025-03-14T09:00:00Z\n  event: caf\xe9\n")
    result = run(root, "show", PM)
    assert (result.code, result.err) == (
        0,
        f"warning: postmortems/{PM}/timeline.yaml:2:13: error SS001 is not UTF-8 (byte 0xe9)\n",
    )
    assert "\nTimeline (0 entries)\n" in result.out


def test_templates_that_cannot_be_read_exit_3_and_write_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", PM, "--no-similar").code == 0
    main = (root / MAIN).read_text()
    for name in ("postmortem.md", "account.md"):
        template = root / "templates" / name
        template.write_bytes(b"## Facts\ncaf\xe9\n")
    new = run(root, "new", "Search stale", "--id", "search-stale", "--no-similar")
    account = run(root, "account", "add", PM, "--author", "Tom Okafor")
    hint = "  hint: re-save the file as UTF-8\n"
    assert (new.code, new.err) == (
        3,
        f"secondstory: error: {root}/templates/postmortem.md:2:4: is not UTF-8 (byte 0xe9)\n"
        + hint,
    )
    assert (account.code, account.err) == (
        3,
        f"secondstory: error: {root}/templates/account.md:2:4: is not UTF-8 (byte 0xe9)\n" + hint,
    )
    assert not (root / "postmortems" / "search-stale").exists()
    assert (root / MAIN).read_text() == main
    assert not (root / "postmortems" / PM / "accounts").exists()


def test_init_with_a_gitignore_that_cannot_be_read_exits_3(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / ".gitignore").write_bytes(b"build/\ncaf\xe9\n")
    result = run(tmp_path, "init", "lib")
    assert (result.code, result.err) == (
        3,
        f"secondstory: error: {folder}/.gitignore:2:4: is not UTF-8 (byte 0xe9)\n"
        "  hint: re-save the file as UTF-8\n",
    )
    assert not (folder / "secondstory.toml").exists()


def test_show_says_a_missing_status_is_missing(tmp_path: Path) -> None:
    """The model's default ('draft') would read as what the team wrote."""
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    assert run(root, "new", "Checkout down", "--id", PM, "--no-similar").code == 0
    main = root / MAIN
    main.write_text(
        "".join(
            line for line in main.read_text().splitlines(True) if not line.startswith("status:")
        )
    )
    result = run(root, "show", PM)
    assert result.code == 0
    assert result.out.splitlines()[1] == "  status missing, severity -, visibility internal"
    assert "SS011 postmortem is missing the required field 'status'" in result.err
