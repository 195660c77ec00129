"""Similarity ranking: mechanisms dominate, accidental shared words count little."""

from __future__ import annotations

from secondstory.insights.mechanisms import classify, load_vocabulary
from secondstory.insights.similarity import SimilarityDoc, SimilarityIndex, build_doc, rank_similar
from secondstory.insights.terms import content_terms, stem

VOCAB = load_vocabulary(None)


def doc(doc_id: str, title: str, facts: str, source: str = "") -> SimilarityDoc:
    sections = {"title": title, "facts": facts}
    return build_doc(doc_id, VOCAB, sections, classify(VOCAB, sections), source=source)


def test_rank_similar_prefers_same_mechanism_over_shared_product_words() -> None:
    query = doc("q", "Hellman cluster DNS outage", "CoreDNS pods crashed; names did not resolve.")
    corpus = [
        query,
        doc(
            "same-org",
            "Hellman cluster disk full",
            "The Hellman cluster nodes ran out of disk space.",
        ),
        doc(
            "other-org",
            "Site unreachable",
            "DNS records were deleted and the domain did not resolve.",
        ),
    ]
    matches = rank_similar(query, corpus, limit=2)
    assert [m.id for m in matches] == ["other-org", "same-org"]
    assert matches[0].mechanisms == ("name-resolution",)
    assert "same mechanism: name-resolution" in matches[0].reasons


def test_rank_similar_never_returns_the_query_and_respects_limit() -> None:
    docs = [doc(str(i), "Certificate expired", "The TLS certificate expired.") for i in range(4)]
    matches = SimilarityIndex(docs).rank(docs[0], limit=2)
    assert [m.id for m in matches] == ["1", "2"]


def test_similarity_doc_round_trips_through_dict() -> None:
    original = doc("a", "Nodes ran out of memory", "OOMKilled pods everywhere.", source="acme")
    assert SimilarityDoc.from_dict(original.to_dict()) == original


def test_source_typical_words_are_discounted() -> None:
    acme = [
        doc(f"a{i}", f"Hellman outage {i}", f"Hellman widget broke {i}", "acme") for i in range(4)
    ]
    other = [doc(f"b{i}", f"Outage {i}", f"Gadget broke {i}", "other") for i in range(4)]
    index = SimilarityIndex(acme + other)
    assert "hellman" in index.typical["acme"]
    assert "hellman" not in index.typical.get("other", frozenset())


def test_content_terms_drop_stopwords_links_and_template_words() -> None:
    terms = content_terms("The root cause: certificates expired, see https://example.com/x")
    assert dict(terms) == {"certificat": 1, "expir": 1}
    assert stem("certificates") == stem("certificate") == "certificat"
