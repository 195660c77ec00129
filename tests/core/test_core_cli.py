from __future__ import annotations

import json
from pathlib import Path

from secondstory.store.library import open_library
from secondstory.store.loader import load_postmortem

from clirun import run
from conftest import git

PM = "2025-03-14-checkout-down-after-certificate-expiry"


def _library(tmp_path: Path) -> Path:
    assert run(tmp_path, "init", "lib").code == 0
    root = tmp_path / "lib"
    result = run(
        root,
        "new",
        "Checkout down after certificate expiry",
        "--severity",
        "SEV2",
        "--service",
        "checkout,edge",
        "--tag",
        "tls",
        "--started",
        "2025-03-14T09:02:00+01:00",
        "--facilitator",
        "Priya Raman",
    )
    assert result.code == 0, result.err
    return root


def test_init_creates_git_repository_and_files(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "lib", "--name", "Acme")
    root = tmp_path / "lib"
    assert result.code == 0
    assert (root / ".git").is_dir()
    assert sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if ".git/" not in p.as_posix() and p.is_file() and ".git" not in p.parts
    ) == [
        ".gitignore",
        "postmortems/.gitkeep",
        "secondstory.toml",
        "templates/account.md",
        "templates/postmortem.md",
    ]
    assert open_library(root).name == "Acme"
    assert ".secondstory/" in (root / ".gitignore").read_text()


def test_init_refuses_existing_library(tmp_path: Path) -> None:
    run(tmp_path, "init", "lib")
    result = run(tmp_path, "init", "lib")
    assert result.code == 2
    assert "already exists" in result.err


def test_new_prints_path_and_writes_valid_postmortem(tmp_path: Path) -> None:
    root = _library(tmp_path)
    folder = root / "postmortems" / PM
    loaded = load_postmortem(folder, root)
    assert loaded.problems == []
    pm = loaded.postmortem
    assert pm is not None
    assert (pm.id, pm.severity, pm.services, pm.tags) == (PM, "SEV2", ["checkout", "edge"], ["tls"])
    assert [s.key for s in pm.sections] == [
        "facts",
        "impact",
        "narrative",
        "surprises",
        "conditions",
        "response",
        "systemic",
        "luck",
        "lessons",
    ]
    assert "SURPRISE: what did we believe" in (folder / "postmortem.md").read_text()


def test_new_without_library_explains_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "new", "Something")
    assert result.code == 2
    assert "no secondstory.toml found" in result.err
    assert "secondstory init" in result.err


def test_new_rejects_time_without_zone(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "new", "Other", "--started", "2025-03-14T09:02:00")
    assert result.code == 2
    assert "has no time zone" in result.err


def test_account_add_creates_file_and_participant(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "account", "add", PM, "--author", "Tom Okafor", "--role", "on-call")
    assert result.code == 0
    assert result.out.strip().endswith("accounts/tom-okafor.md")
    pm = load_postmortem(root / "postmortems" / PM, root).postmortem
    assert pm is not None
    assert [(p.name, p.role) for p in pm.participants] == [
        ("Priya Raman", "facilitator"),
        ("Tom Okafor", "on-call"),
    ]
    assert [a.author for a in pm.accounts] == ["Tom Okafor"]
    assert run(root, "validate").code == 0


def test_action_add_appends_and_keeps_user_text(tmp_path: Path) -> None:
    root = _library(tmp_path)
    actions = root / "postmortems" / PM / "actions.yaml"
    original = "# our notes\n- id: A1   # keep me\n  what: 'Alert on expiry'\n  status: open\n\n# trailing\n"
    actions.write_text(original)
    result = run(
        root,
        "action",
        "add",
        PM,
        "--what",
        "Renew: automatically",
        "--owner",
        "Priya Raman",
        "--due",
        "2025-03-28",
        "--done-when",
        "renewal job covers edge",
        "--verify",
        "staging drill",
        "--kind",
        "prevent",
    )
    assert result.code == 0, result.err
    assert result.out.strip() == f"{PM}/A2"
    assert actions.read_text() == original.replace(
        "\n\n# trailing",
        "\n- id: A2\n  what: 'Renew: automatically'\n  owner: Priya Raman\n  due: 2025-03-28\n"
        "  done_when:\n    - renewal job covers edge\n  verify: staging drill\n  kind: prevent\n  status: open\n\n# trailing",
    )


def test_action_add_commit_creates_git_commit(tmp_path: Path) -> None:
    root = _library(tmp_path)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    result = run(
        root, "action", "add", PM, "--what", "Alert on expiry", "--owner", "Priya Raman", "--commit"
    )
    assert result.code == 0
    assert git(root, "log", "-1", "--format=%s").strip() == f"{PM}: add action A1: Alert on expiry"
    assert git(root, "status", "--porcelain").strip() == ""


def test_action_add_unknown_factor_is_usage_error(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "action", "add", PM, "--what", "x", "--addresses", "F9")
    assert result.code == 2
    assert "F9" in result.err


def test_list_and_show_json(tmp_path: Path) -> None:
    root = _library(tmp_path)
    run(root, "new", "Search slow", "--severity", "SEV3", "--started", "2025-04-01T10:00:00+00:00")
    listed = json.loads(run(root, "list", "--format", "json", "--severity", "SEV2").out)
    assert [row["id"] for row in listed["postmortems"]] == [PM]
    everything = json.loads(run(root, "list", "--format", "json").out)
    assert [row["id"] for row in everything["postmortems"]] == ["2025-04-01-search-slow", PM]
    assert (
        json.loads(run(root, "list", "--format", "json", "--since", "2025-03-20").out)[
            "postmortems"
        ][0]["id"]
        == "2025-04-01-search-slow"
    )
    shown = json.loads(run(root, "show", PM, "--format", "json").out)["postmortem"]
    assert (shown["id"], shown["started"], shown["services"]) == (
        PM,
        "2025-03-14T09:02:00+01:00",
        ["checkout", "edge"],
    )


def test_show_unknown_id_is_clear(tmp_path: Path) -> None:
    root = _library(tmp_path)
    result = run(root, "show", "nope")
    assert result.code == 2
    assert "no postmortem with id 'nope'" in result.err


def test_export_is_versioned_document(tmp_path: Path) -> None:
    root = _library(tmp_path)
    doc = json.loads(run(root, "export", "--format", "json").out)
    assert (doc["export_version"], doc["format"], len(doc["postmortems"])) == (1, 1, 1)
    assert set(doc["postmortems"][0]) >= {
        "id",
        "sections",
        "timeline",
        "factors",
        "actions",
        "accounts",
    }
    sections = doc["postmortems"][0]["sections"]
    assert (len(sections), [s["text"] for s in sections if "<!--" in s["text"]]) == (9, [])


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    for name in (
        "init",
        "new",
        "account",
        "validate",
        "list",
        "show",
        "export",
        "schema",
        "action",
    ):
        assert f"  {name} " in result.out


def test_new_offers_similar_incidents_in_systemic(example_library: Path) -> None:
    result = run(
        example_library,
        "new",
        "Checkout TLS certificate expired on the payment gateway",
        "--service",
        "checkout",
        "--tag",
        "certificate-expiry",
        "--started",
        "2026-11-26T10:00:00+01:00",
    )
    assert result.code == 0, result.err
    assert result.err == "offered 3 similar past incidents in its Systemic section\n"
    text = Path(result.out.strip()).read_text()
    systemic = text.split("## Systemic\n", 1)[1].split("## Where we got lucky", 1)[0]
    assert (
        "[2025-06-03-checkout-tls-certificate-expired](../2025-06-03-checkout-tls-certificate-expired/postmortem.md)"
        in systemic
    )
    assert "<!-- Similar past incidents (secondstory similar); keep those that apply:" in systemic


def test_new_no_similar_leaves_template(example_library: Path) -> None:
    result = run(example_library, "new", "Something else", "--no-similar")
    assert "Similar past incidents" not in Path(result.out.strip()).read_text()


def test_list_warns_when_postmortems_that_cannot_be_read_are_left_out(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert run(root, "new", "Search stale", "--id", "search-stale", "--no-similar").code == 0
    assert run(root, "new", "Queue stalled", "--id", "queue-stalled", "--no-similar").code == 0
    main = root / "postmortems" / "search-stale" / "postmortem.md"
    main.write_bytes(main.read_bytes() + b"caf\xe9\n")
    (root / "postmortems" / "queue-stalled" / "postmortem.md").write_text("no front matter\n")
    warning = (
        "warning: the library has 2 errors (see 'secondstory validate'); "
        "postmortems that could not be read are left out\n"
    )
    text = run(root, "list")
    assert (text.code, [line.split()[0] for line in text.out.splitlines()]) == (0, [PM])
    assert text.err == warning + "1 postmortem\n"
    as_json = run(root, "list", "--format", "json")
    assert ([p["id"] for p in json.loads(as_json.out)["postmortems"]], as_json.err) == (
        [PM],
        warning,
    )


def test_list_does_not_warn_when_every_postmortem_is_listed(tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert (
        run(root, "action", "add", PM, "--what", "Alert on expiry", "--owner", "Nobody").code == 0
    )
    assert run(root, "validate").code == 1  # SS023: the owner is not a participant
    assert run(root, "list").err == "1 postmortem\n"


def test_list_and_actions_filters_that_match_nothing_by_a_typo_are_usage_errors(
    example_library: Path,
) -> None:
    status = run(example_library, "list", "--status", "publishd")
    assert (status.code, status.err.splitlines()[0]) == (
        2,
        "secondstory: error: --status 'publishd' is not one of: draft, in-review, published;"
        " did you mean 'published'?",
    )
    assert run(example_library, "list", "--severity", "SEV9").code == 2
    by_case = run(example_library, "list", "--severity", "sev1", "--format", "json")
    assert {row["severity"] for row in json.loads(by_case.out)["postmortems"]} == {"SEV1"}
    missing = run(example_library, "actions", "--postmortem", "nope")
    assert (missing.code, missing.err.splitlines()[0]) == (
        2,
        "secondstory: error: no postmortem 'nope'",
    )


def test_action_add_addresses_takes_comma_separated_ids(example_library: Path) -> None:
    pm = "2025-07-29-search-nodes-disk-full"
    args = ("action", "add", pm, "--what", "Page at 75%", "--owner", "Elif Demir")
    result = run(example_library, *args, "--addresses", "F1, F3", "--addresses", "F2")
    assert (result.code, result.out) == (0, f"{pm}/A5\n")
    folder = example_library / "postmortems" / pm
    assert load_postmortem(folder).postmortem.actions[-1].addresses == ["F1", "F3", "F2"]  # type: ignore[union-attr]
    unknown = run(example_library, *args, "--addresses", "F1,F9")
    assert (unknown.code, unknown.err) == (
        2,
        "secondstory: error: --addresses names factors that do not exist: F9\n"
        "  hint: known factors: F1, F2, F3, F4\n",
    )
