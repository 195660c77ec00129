"""A library's mechanisms.yaml and [mechanisms] table: each error names the file and the
line (and the column in YAML) of what it is about, as validate and lint do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from secondstory.cli import cli
from secondstory.errors import ConfigError
from secondstory.insights.mechanisms import load_vocabulary
from secondstory.store.library import load_config, toml_key_line

OVERLAY_ERRORS = [
    (
        "mechanisms:\n  - id: x\n    name: X\n    family: nope\n",
        "mechanisms.yaml:4:13: mechanism 'x': unknown family 'nope'",
    ),
    (
        "mechanisms:\n  - id: certificate-expiry\n    cues: {2: ['(unclosed']}\n",
        "mechanisms.yaml:3:11: mechanism 'certificate-expiry': bad pattern '(unclosed':"
        " missing ), unterminated subpattern at position 0",
    ),
    ("threshold: high\n", "mechanisms.yaml:1:12: threshold must be a number, not 'high'"),
    (
        "sections:\n  facts: lots\n",
        "mechanisms.yaml:2:10: sections.facts must be a number, not 'lots'",
    ),
    ("families: {}\n", "mechanisms.yaml:1:11: 'families' must be a list"),
    (
        "mechanisms:\n  - id: a\n    name: A\n    family: dependency\n  - name: no id\n",
        "mechanisms.yaml:5:5: mechanisms[1]: each mechanism needs an 'id'",
    ),
    (
        "mechanisms:\n  - id: newone\n    name: N\n",
        "mechanisms.yaml:2:5: mechanisms[0]: new mechanism 'newone' needs family",
    ),
    (
        "mechanisms:\n  - id: certificate-expiry\n    tags: edge\n",
        "mechanisms.yaml:3:11: mechanisms[0]: tags must be a list of strings",
    ),
    (
        "mechanisms:\n  - id: Bad_Id\n    name: B\n    family: dependency\n",
        "mechanisms.yaml:2:9: mechanism 'Bad_Id': id must be lowercase letters, digits and '-'",
    ),
    (
        "mechanisms:\n  - id: x\n    name: X\n    family: dependency\n    role: villain\n",
        "mechanisms.yaml:5:11: mechanism 'x': role must be one of trigger, contributing",
    ),
    (
        "threshold: 1\n tag_score: 2\n",
        "mechanisms.yaml:2:11: YAML syntax: mapping values are not allowed here",
    ),
    (  # a "billion laughs": refused before anything walks it (it took 49 s and 5.5 GB)
        "l0: &l0 [a, a, a, a, a, a, a, a, a]\n"
        + "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)),
        "mechanisms.yaml:1:1: YAML syntax: its aliases (*name) expand to over 100,000 more"
        " values than the file has characters; write the values out instead of repeating anchors",
    ),
]


def _message(root: Path, toml: str, overlay: str | None = None) -> str:
    (root / "secondstory.toml").write_text('[library]\nname = "t"\n' + toml, encoding="utf-8")
    if overlay is not None:
        (root / "mechanisms.yaml").write_text(overlay, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_vocabulary(load_config(root))
    return raised.value.message.replace(f"{root}/", "")


@pytest.mark.parametrize(("overlay", "message"), OVERLAY_ERRORS)
def test_load_vocabulary_overlay_error_names_line_and_column(
    tmp_path: Path, overlay: str, message: str
) -> None:
    assert _message(tmp_path, "", overlay) == message


TOML_ERRORS = [
    (
        "[mechanisms]\nthreshold = 'x'\n",
        "secondstory.toml:4: mechanisms.threshold must be a number, not 'x'",
    ),
    (
        "[mechanisms]\nthreshold = 2\ndisable = ['nope']\n",
        "secondstory.toml:5: mechanisms.disable names unknown mechanisms: nope",
    ),
    (
        "[mechanisms.tags]\nedge = 'certificate-expiry'\nbind = 'nope'\n",
        "secondstory.toml:5: mechanisms.tags.bind = 'nope' is not a mechanism id",
    ),
    (
        "[mechanisms]\ntags = 'edge'\n",
        "secondstory.toml:4: [mechanisms.tags] must map a tag to a mechanism id",
    ),
    (
        "[mechanisms]\nfile = '../x.yaml'\n",
        "secondstory.toml:4: mechanisms.file must be a path inside the library",
    ),
]


@pytest.mark.parametrize(("toml", "message"), TOML_ERRORS)
def test_load_vocabulary_toml_error_names_the_line(tmp_path: Path, toml: str, message: str) -> None:
    assert _message(tmp_path, toml) == message


def test_toml_key_line_finds_keys_dotted_keys_and_subtables(tmp_path: Path) -> None:
    path = tmp_path / "secondstory.toml"
    path.write_text(
        "[review]\nfail_on = 'x'\n[mechanisms]\ntags.edge = 'dns'\n[mechanisms.tags]\nbind = 'dns'\n",
        encoding="utf-8",
    )
    found = [
        toml_key_line(path, table, key)
        for table, key in (
            ("review", "fail_on"),
            ("mechanisms", "tags"),
            ("mechanisms.tags", "bind"),
        )
    ]
    assert found == [2, 4, 6]
    assert toml_key_line(path, "review", "select") == 0
    assert toml_key_line(tmp_path / "missing.toml", "review", "fail_on") == 0


def test_patterns_with_a_bad_overlay_is_a_config_error_naming_the_line(
    example_library: Path,
) -> None:
    overlay = "mechanisms:\n  - id: x\n    name: X\n    family: nope\n"
    (example_library / "mechanisms.yaml").write_text(overlay, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["-L", str(example_library), "patterns"], standalone_mode=False
    )
    assert isinstance(result.exception, ConfigError)
    assert result.exception.message == (
        f"{example_library}/mechanisms.yaml:4:13: mechanism 'x': unknown family 'nope'"
    )
