"""Slack exports: the fixture export in tests/data/slack_export (invented messages)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from secondstory.importers.imported import ImportRefused
from secondstory.importers.slack import SlackOptions, import_slack, permalink
from secondstory.importers.slack_text import plain_text
from secondstory.importers.slack_zip import unpacked

from conftest import REPO_ROOT

EXPORT = REPO_ROOT / "tests" / "data" / "slack_export"
BERLIN = ZoneInfo("Europe/Berlin")


def test_slack_import_reads_every_message_of_the_channel() -> None:
    result = import_slack(EXPORT, "#inc-checkout", SlackOptions(zone=BERLIN))
    assert [e.time.isoformat() for e in result.timeline[:2]] == [
        "2025-03-14T10:02:10+01:00",
        "2025-03-14T10:20:05+01:00",
    ]
    assert [e.actor for e in result.timeline] == [
        "alertmanager", "Mira Okonkwo", "Jonas Lindqvist", "Mira Okonkwo", "Mira Okonkwo",
        "pat", "U01GHOST", "Jonas Lindqvist", "Jonas Lindqvist",
    ]  # fmt: skip
    assert result.timeline[0].event == "[FIRING:1] CheckoutSuccessRateLow checkout (page)"
    assert result.timeline[1].source == "slack:#inc-checkout/1741944005.000200"
    assert {e.known for e in result.timeline} == {"then"}
    assert result.warnings == [
        "2025-03-16.json:1:49: skipped, not valid JSON: unterminated string starting at line 1, column 49",
        "2025-03-17.json: skipped, the file is empty",
        "not in users.json, shown by their Slack id: U01GHOST",
        "1 message skipped: no text",
        "2 messages skipped: no usable timestamp ('ts')",
        "1 message skipped: not a message object",
    ]


def test_slack_import_links_messages_and_thread_replies() -> None:
    options = SlackOptions(workspace="https://acme.slack.com/", zone=BERLIN)
    result = import_slack(EXPORT, "inc-checkout", options)
    assert result.timeline[2].source == (
        "slack:#inc-checkout/1741944100.000250 https://acme.slack.com/archives/C01CHECKOUT/"
        "p1741944100000250?thread_ts=1741944005.000200&cid=C01CHECKOUT"
    )
    assert permalink("", "C1", "1.2", None) == ""


def test_slack_import_keeps_pinned_or_reacted_messages() -> None:
    pinned = import_slack(EXPORT, "inc-checkout", SlackOptions(pinned=True))
    assert [e.source for e in pinned.timeline] == ["slack:#inc-checkout/1741945470.000400"]
    either = import_slack(EXPORT, "inc-checkout", SlackOptions(pinned=True, reactions=("memo",)))
    assert [e.source.split("/")[1] for e in either.timeline] == [
        "1741945470.000400",
        "1742026200.000100",
    ]


def test_slack_import_keeps_a_time_window() -> None:
    since = datetime.fromisoformat("2025-03-14T10:30:00+01:00")
    until = datetime.fromisoformat("2025-03-14T11:00:00+01:00")
    result = import_slack(
        EXPORT, "inc-checkout", SlackOptions(since=since, until=until, zone=BERLIN)
    )
    assert [e.time.strftime("%H:%M") for e in result.timeline] == ["10:31", "10:44", "10:51"]


def test_slack_import_refuses_a_channel_that_is_not_in_the_export() -> None:
    with pytest.raises(ImportRefused, match="no folder for channel 'nope'") as caught:
        import_slack(EXPORT, "nope", SlackOptions())
    assert caught.value.hint == "channels in this export: general, inc-checkout, random"


def test_slack_import_reports_a_channel_folder_of_the_wrong_shape() -> None:
    result = import_slack(EXPORT, "random", SlackOptions())
    assert result.timeline == []
    assert result.warnings == [
        "channel 'random' is not in channels.json; no permalinks or pins for it",
        "2025-03-14.json: skipped, expected a list of messages",
    ]


def test_slack_import_refuses_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportRefused, match="not a folder"):
        import_slack(tmp_path / "export.zip", "x", SlackOptions())


def test_slack_plain_text_writes_out_markup() -> None:
    users = {"U1": "Mira Okonkwo"}
    text = "<@U1> see <https://x.example|the page> &amp; <#C9|ops> <!channel> <@U2>"
    assert (
        plain_text(text, users, {})
        == "@Mira Okonkwo see the page (https://x.example) & #ops @channel @U2"
    )


def test_slack_zip_export_reads_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(EXPORT.rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(EXPORT).as_posix())
        bundle.writestr("../escape.json", "[]")
    with unpacked(archive, "inc-checkout") as (root, notes):
        from_zip = import_slack(root, "inc-checkout", SlackOptions())
        assert not (root.parent / "escape.json").exists()
    assert notes == []
    from_folder = import_slack(EXPORT, "inc-checkout", SlackOptions())
    assert [e.source for e in from_zip.timeline] == [e.source for e in from_folder.timeline]
    assert not root.exists()


def test_slack_zip_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_text("hello")
    with (
        pytest.raises(ImportRefused, match="neither a folder nor a zip file"),
        unpacked(tmp_path / "export.zip", "x"),
    ):
        pass
