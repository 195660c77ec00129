"""`secondstory import slack` and `secondstory import pagerduty`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import run
from conftest import REPO_ROOT, git

EXPORT = REPO_ROOT / "tests" / "data" / "slack_export"
LOG = REPO_ROOT / "tests" / "data" / "pagerduty_log_entries.json"
EXPORT_TEXT = REPO_ROOT / "tests" / "data" / "pagerduty_export.pdf.txt"


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    assert run(tmp_path, "init", "lib").code == 0
    config = root / "secondstory.toml"
    config.write_text(
        config.read_text().replace('timezone = "UTC"', 'timezone = "Europe/Berlin"')
        + '\n[import.slack]\nworkspace = "https://acme.slack.com"\n'
    )
    assert run(root, "new", "Checkout down", "--id", "chk").code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def test_import_slack_cli_merges_and_commits(tmp_path: Path) -> None:
    root = _library(tmp_path)
    args = ("import", "slack", str(EXPORT), "--channel", "inc-checkout", "--to", "chk", "--commit")
    first = run(root, *args, "--reaction", ":white_check_mark:")
    assert first.code == 0
    assert first.out.splitlines()[0] == (
        f"merged {EXPORT} into chk: 2 entries added, 0 already there; 0 action items added"
    )
    timeline = (root / "postmortems" / "chk" / "timeline.yaml").read_text()
    assert (
        "  source: slack:#inc-checkout/1741944100.000250 https://acme.slack.com/archives/"
        in timeline
    )
    assert "- time: 2025-03-14T10:51:12+01:00\n  actor: pat\n" in timeline
    assert git(root, "status", "--porcelain") == ""
    preview = run(root, *args, "--dry-run")
    assert preview.out.splitlines()[1] == "  would add 7 entries to chk; 2 already there"
    assert git(root, "status", "--porcelain") == ""
    again = run(root, *args, "--format", "json")
    merge = json.loads(again.out)[0]["merge"]
    assert (merge["added"], merge["duplicates"]) == (7, 2)
    assert run(root, "validate").code == 0


def test_import_pagerduty_cli_creates_then_merges_the_log(tmp_path: Path, corpora: Path) -> None:
    root = _library(tmp_path)
    export = corpora / "2i2c" / "2025-10-16-invalid-nfs-configuration.pdf.txt"
    created = run(root, "import", "pagerduty", str(export))
    assert created.code == 0
    pm_id = "2025-10-16-invalid-configuration-data-breaks-enforce-nfs-quota"
    assert created.out.splitlines()[0].startswith(f"created {pm_id} from ")
    merged = run(root, "import", "pagerduty", str(LOG), "--to", pm_id, "--format", "json")
    report = json.loads(merged.out)[0]
    assert report["merge"]["added"] == 4
    assert report["merge"]["timestamps_kept"] == {
        "detected": "2025-10-16T21:26:00+01:00",
        "resolved": "2025-10-16T21:51:00+01:00",
    }
    assert run(root, "validate").code == 0


def test_import_pagerduty_cli_goes_on_after_bad_files(tmp_path: Path) -> None:
    root = _library(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "big.log").write_bytes(b"a" * (9 * 1024 * 1024))
    (tmp_path / "bad.json").write_text('{"log_entries": [')
    files = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "big.log", "bad.json")]
    result = run(root, "import", "pagerduty", *files, str(LOG))
    assert result.code == 3
    assert [line.split(":")[0] for line in result.err.splitlines() if not line.startswith(" ")] == [
        "refused", "unreadable", "unreadable", "refused",
    ]  # fmt: skip
    assert "is 9,437,184 bytes, over the limit" in result.err
    assert "bad.json:1:18: not valid JSON" in result.err
    assert result.out.startswith("created 2025-03-14-checkout-success-rate-low from ")
    folders = sorted(p.name for p in (root / "postmortems").iterdir() if p.is_dir())
    assert folders == ["2025-03-14-checkout-success-rate-low", "chk"]


def test_import_cli_refuses_an_unknown_target(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "import", "pagerduty", str(LOG), "--to", "nope")
    assert result.code == 2
    assert "no postmortem with id 'nope'" in result.err


def test_import_pagerduty_cli_refuses_a_second_copy_of_a_source(tmp_path: Path) -> None:
    root = _library(tmp_path)
    export = tmp_path / "exports" / "checkout.pdf.txt"
    export.parent.mkdir()
    export.write_text(EXPORT_TEXT.read_text())
    pm_id = "2025-03-14-checkout-success-rate-dropped-after-a-config"
    created = run(root, "import", "pagerduty", str(export), "--format", "json")
    assert (created.code, json.loads(created.out)[0]["id"]) == (0, pm_id)
    refusal = (
        f"refused: ../exports/checkout.pdf.txt: already imported: postmortem {pm_id} has this "
        "file as its provenance.source; nothing written\n"
        f"  hint: to add what is new in it to that postmortem, pass --to {pm_id}\n"
    )
    for extra in ((), ("--dry-run",)):
        again = run(root, "import", "pagerduty", "../exports/checkout.pdf.txt", *extra)
        assert (again.code, again.out, again.err) == (1, "", refusal)
    merged = run(root, "import", "pagerduty", str(export), "--to", pm_id)
    assert merged.out.splitlines()[0] == (
        f"merged {export} into {pm_id}: 0 entries added, 3 already there; 0 action items added"
    )
    folders = sorted(p.name for p in (root / "postmortems").iterdir() if p.is_dir())
    assert folders == [pm_id, "chk"]


def test_import_pagerduty_cli_refuses_a_source_another_importer_took(tmp_path: Path) -> None:
    root = _library(tmp_path)
    (root / "exports").mkdir()
    (root / "exports" / "checkout.pdf.txt").write_text(EXPORT_TEXT.read_text())
    front = root / "postmortems" / "chk" / "postmortem.md"
    front.write_text(
        front.read_text().replace(
            "related: []\n",
            "related: []\nprovenance:\n  source: exports/checkout.pdf.txt\n  importer: markdown\n",
        )
    )
    result = run(root / "exports", "import", "pagerduty", "checkout.pdf.txt")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "refused: checkout.pdf.txt: already imported: postmortem chk has this file as its "
        "provenance.source; nothing written"
    )
    assert sorted(p.name for p in (root / "postmortems").iterdir() if p.is_dir()) == ["chk"]
