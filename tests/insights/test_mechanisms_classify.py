"""The failure-mechanism classifier: cues, section weights, tags, library overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondstory.errors import ConfigError
from secondstory.insights.mechanisms import (
    classify,
    classify_postmortem,
    load_vocabulary,
    postmortem_sections,
)
from secondstory.insights.vocabulary import cue_gates
from secondstory.model.records import ActionItem, Factor, Postmortem, Section, TimelineEntry
from secondstory.store.library import load_config


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    return load_vocabulary(None)


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.id for h in hits]


def test_vocabulary_has_families_and_every_cue_is_gated(vocab) -> None:  # type: ignore[no-untyped-def]
    assert 25 <= len(vocab.mechanisms) <= 45
    assert {m.family for m in vocab.mechanisms.values()} <= set(vocab.families)
    assert vocab.ungated == ()


def test_classify_certificate_expiry_with_evidence(vocab) -> None:  # type: ignore[no-untyped-def]
    text = {
        "title": "Checkout down after the TLS certificate expired",
        "narrative": "We rolled nothing back.",
    }
    hits = classify(vocab, text)
    assert hits[0].id == "certificate-expiry"
    assert hits[0].family == "time"
    first = hits[0].evidence[0]
    assert (first.section, first.text) == ("title", "certificate expired")
    assert text["title"][first.start : first.end] == "certificate expired"


def test_classify_title_counts_more_than_timeline(vocab) -> None:  # type: ignore[no-untyped-def]
    text = "Nodes ran out of memory; pods were OOMKilled"
    in_title = classify(vocab, {"title": text})
    in_timeline = classify(vocab, {"timeline": text})
    assert in_title[0].id == in_timeline[0].id == "memory-exhaustion"
    assert (in_title[0].score, in_timeline[0].score) == (12.0, 3.0)  # title 2.0, timeline 0.5


def test_classify_overlapping_cues_of_one_mechanism_count_once(vocab) -> None:  # type: ignore[no-untyped-def]
    hits = classify(vocab, {"facts": "no space left on device"})
    assert [(h.id, h.score) for h in hits] == [("disk-full", 6.0)]


def test_classify_offsets_survive_characters_that_lower_case_to_two(vocab) -> None:  # type: ignore[no-untyped-def]
    text = "İİ the DNS records were deleted"
    hits = classify(vocab, {"facts": text})
    evidence = next(h for h in hits if h.id == "name-resolution").evidence[0]
    assert text[evidence.start : evidence.end] == "DNS records"


def test_classify_tag_forces_and_not_tag_excludes(vocab) -> None:  # type: ignore[no-untyped-def]
    text = {"facts": "The TLS certificate expired."}
    hits = classify(vocab, text, ["dns", "not-certificates"])
    assert ids(hits) == ["name-resolution"]
    assert hits[0].forced is True
    assert hits[0].score == vocab.tag_score


def test_classify_below_threshold_reports_nothing(vocab) -> None:  # type: ignore[no-untyped-def]
    assert classify(vocab, {"narrative": "The data was fine."}) == []


def test_cue_gates_prefix_and_whole_words() -> None:
    assert cue_gates("certificates?\\W+expired") == ("certificate",)
    assert cue_gates("no space left") == ("no$",)
    assert cue_gates("(?:oom|out of memory)") == ("oom", "out$")
    assert cue_gates("d?dos") == ()


def _library(tmp_path: Path, toml: str, overlay: str | None = None):  # type: ignore[no-untyped-def]
    (tmp_path / "secondstory.toml").write_text('[library]\nname = "t"\n' + toml, encoding="utf-8")
    if overlay is not None:
        (tmp_path / "mechanisms.yaml").write_text(overlay, encoding="utf-8")
    return load_config(tmp_path)


def test_load_vocabulary_library_overlay_adds_and_extends(tmp_path: Path) -> None:
    overlay = """
mechanisms:
  - id: payment-provider-timeout
    name: Payment provider timed out
    family: dependency
    cues: {3: ['payment provider timed out']}
  - id: certificate-expiry
    tags: [edge-certs]
"""
    vocab = load_vocabulary(_library(tmp_path, "[mechanisms]\ndisable = ['abuse']\n", overlay))
    assert "abuse" not in vocab.mechanisms
    hits = classify(vocab, {"facts": "The payment provider timed out."}, ["edge-certs"])
    assert ids(hits) == ["certificate-expiry", "payment-provider-timeout"]
    assert vocab.sources[-1] == str(tmp_path / "mechanisms.yaml")


def test_load_vocabulary_toml_tags_map_to_mechanisms(tmp_path: Path) -> None:
    vocab = load_vocabulary(_library(tmp_path, '[mechanisms.tags]\nedge = "certificate-expiry"\n'))
    assert ids(classify(vocab, {}, ["edge"])) == ["certificate-expiry"]


def test_load_vocabulary_rejects_unknown_family(tmp_path: Path) -> None:
    overlay = "mechanisms:\n  - id: x\n    name: X\n    family: nope\n"
    with pytest.raises(ConfigError, match="unknown family 'nope'"):
        load_vocabulary(_library(tmp_path, "", overlay))


def test_load_vocabulary_rejects_bad_regex(tmp_path: Path) -> None:
    overlay = "mechanisms:\n  - id: certificate-expiry\n    cues: {2: ['(unclosed']}\n"
    with pytest.raises(ConfigError, match="bad pattern"):
        load_vocabulary(_library(tmp_path, "", overlay))


def test_load_vocabulary_rejects_unknown_disable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown mechanisms: nope"):
        load_vocabulary(_library(tmp_path, "[mechanisms]\ndisable = ['nope']\n"))


def test_classify_phrase_cue_spans_words(vocab) -> None:  # type: ignore[no-untyped-def]
    text = "the server certificate for KIAM - a service that assumes roles - expired"
    hits = classify(vocab, {"facts": text})
    assert hits[0].id == "certificate-expiry"
    assert hits[0].evidence[0].text.endswith("expired")


def test_postmortem_sections_reads_structured_parts_without_guidance() -> None:
    pm = Postmortem(
        title="Orders down",
        sections=[Section("facts", "Facts", "<!-- What happened? -->\nThe disk filled up.", 5, 6)],
        factors=[Factor(id="F1", kind="technical", summary="No disk alert", detail="")],
        timeline=[TimelineEntry(event="Disk at 95%", outcome="Writes failed")],
        actions=[ActionItem(id="A1", what="Alert at 80% disk")],
    )
    assert postmortem_sections(pm) == {
        "title": "Orders down",
        "facts": "The disk filled up.",
        "factors": "No disk alert",
        "timeline": "Disk at 95%\nWrites failed",
        "actions": "Alert at 80% disk",
    }
    assert [h.id for h in classify_postmortem(load_vocabulary(None), pm)][:1] == ["disk-full"]


def test_load_vocabulary_reads_the_file_named_in_toml(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mech.yaml").write_text(
        "mechanisms:\n  - id: name-resolution\n    tags: [bind]\n", encoding="utf-8"
    )
    vocab = load_vocabulary(_library(tmp_path, '[mechanisms]\nfile = "rules/mech.yaml"\n'))
    assert vocab.tag_map["bind"] == "name-resolution"
    with pytest.raises(ConfigError, match=r"names rules/none\.yaml, which does not exist"):
        load_vocabulary(_library(tmp_path, '[mechanisms]\nfile = "rules/none.yaml"\n'))
