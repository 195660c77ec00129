"""The optional embedding model: absent means None, never an error or a download."""

from __future__ import annotations

import pytest

from secondstory.insights import embeddings


def test_embeddings_unit_mean_and_cosine() -> None:
    vector = embeddings.unit_mean([[3.0, 0.0], [3.0, 8.0]])
    assert vector == (0.6, 0.8)
    assert embeddings.cosine(vector, (0.6, 0.8)) == pytest.approx(1.0)
    assert embeddings.cosine(vector, ()) == 0.0
    assert embeddings.unit_mean([]) == ()


def test_embeddings_passages_take_key_sections_first() -> None:
    sections = {"timeline": "t" * 100, "facts": "The disk filled up.", "title": "Disk full"}
    assert embeddings.passages(sections) == ["Disk full The disk filled up."]


def test_embeddings_embed_returns_none_without_the_model() -> None:
    if embeddings.available():
        pytest.skip("the semantic extra is installed here")
    assert embeddings.embed([{"title": "x"}]) is None
