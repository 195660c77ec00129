"""The optional embedding model: absent means None, never an error or a download."""

from __future__ import annotations

import pytest

from secondstory.insights import embeddings, minilm


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


def test_minilm_basic_tokens_lower_strip_accents_split_punctuation() -> None:
    assert minilm.basic_tokens("Héllo, WORLD!  x509:cert") == [
        "hello",
        ",",
        "world",
        "!",
        "x509",
        ":",
        "cert",
    ]


@pytest.mark.skipif(not embeddings.available(), reason="the semantic extra is not installed")
def test_minilm_matches_the_reference_model() -> None:
    model = embeddings._model()
    assert model.tokenizer.encode("Hello, world!") == [101, 7592, 1010, 2088, 999, 102]
    food, bread = (
        model.encode(s) for s in ("A man is eating food.", "A man is eating a piece of bread.")
    )
    # sentence-transformers documents 0.7553 for this pair with all-MiniLM-L6-v2
    assert abs(float(food @ bread) - 0.7553) < 0.02
    vectors = embeddings.embed([{"title": "Disk full"}, {"title": "No space left on device"}])
    assert vectors is not None and len(vectors[0]) == 384
    assert embeddings.cosine(vectors[0], vectors[1]) > 0.3
