"""Similarity ranking: mechanisms dominate, accidental shared words count little."""

from __future__ import annotations

from secondstory.insights.mechanisms import classify, load_vocabulary
from secondstory.insights.similarity import (
    SimilarityDoc,
    SimilarityIndex,
    build_doc,
    doc_from_postmortem,
    rank_similar,
)
from secondstory.insights.terms import content_terms, stem
from secondstory.model.records import Factor, Postmortem, Section

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


def test_rank_uses_embeddings_when_both_documents_have_them() -> None:
    query = doc("q", "Outage", "Something broke.")
    near = doc("near", "Outage", "Something broke.")
    far = doc("far", "Outage", "Something broke.")
    query.embedding, near.embedding, far.embedding = (1.0, 0.0), (0.8, 0.6), (0.0, 1.0)
    matches = SimilarityIndex([query, far, near]).rank(query, limit=2)
    assert [m.id for m in matches] == ["near", "far"]
    assert matches[0].score > matches[1].score


def test_doc_from_postmortem_classifies_title_sections_factors_and_tags() -> None:
    pm = Postmortem(
        id="2025-03-14-checkout-tls",
        title="Checkout unavailable",
        services=["Checkout", "edge-proxy"],
        tags=["not-name-resolution"],
        sections=[Section("facts", "Facts", "Every TLS handshake failed; DNS was fine.", 5, 6)],
        factors=[Factor(id="F1", kind="technical", summary="The certificate expired unnoticed")],
    )
    sim = doc_from_postmortem(VOCAB, pm, source="example")
    assert (sim.id, sim.title, sim.source) == (pm.id, pm.title, "example")
    assert list(sim.mechanisms) == ["certificate-expiry"]
    assert sim.services == ("checkout", "edge-proxy")
    assert sim.factor_kinds == ("technical",)
