"""Batched extraction (kg.batch): same facts as one article at a time, failures kept to their article.

Runs the real rule extractor and spaCy; writes into a real on-disk store.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
SOME = ["phone_call.txt", "norway_chile.txt", "group_talks.txt", "wire_meetings.txt",
        "accords_and_arms.txt", "invitation_declined.txt"]


def _articles():
    from kg.articles import read_articles

    return list(read_articles([str(FIXTURES / n) for n in SOME]))


def test_batched_parse_gives_the_facts_of_one_article_at_a_time(extractor):
    from kg.batch import extract_local
    from kg.mapping import to_graph

    arts = _articles()
    results = list(extract_local(arts, batch_size=4))       # two nlp.pipe batches
    assert [r.id for r in results] == [a.id for a in arts]
    for art, res in zip(arts, results):
        assert res.error is None and res.data
        batched = set(Graph().parse(data=res.data, format="turtle"))
        single = set(to_graph(extractor(art)))
        assert batched == single, art.id
    # N-Quads keep the article's graph name.
    nq = next(extract_local(arts[:1], fmt="nq"))
    assert f"<https://w3id.org/dipkg/graph/article/{arts[0].id}>" in nq.data.decode()


def test_a_failing_article_is_named_and_its_chunk_goes_on():
    from kg.batch import extract_chunk
    from kg.extract import EXTRACTORS, get_extractor, register

    arts = _articles()
    victim = arts[2]

    @register("rules-failing-on-one")
    def make(model: str = ""):
        real = get_extractor("rules", model=model)

        def from_doc(article, doc):
            if article.id == victim.id:
                raise ValueError("deliberate failure")
            return real.from_doc(article, doc)

        def extract(article):
            return from_doc(article, real.nlp(article.text))

        extract.nlp, extract.from_doc = real.nlp, from_doc
        return extract

    try:
        results = extract_chunk(arts, "rules-failing-on-one")
    finally:
        EXTRACTORS.pop("rules-failing-on-one", None)
    assert [r.id for r in results] == [a.id for a in arts]
    bad = results[2]
    assert bad.data is None and victim.source in bad.error and "deliberate failure" in bad.error
    assert all(r.error is None and r.data for i, r in enumerate(results) if i != 2)


def test_load_files_names_bad_files_and_loads_the_rest(tmp_path):
    from kg.batch import extract_local, load_files
    from kg.mapping import graph_iri
    from kg.store import LocalStore

    arts = _articles()[:3]
    out = tmp_path / "out"
    out.mkdir()
    for r in extract_local(arts):
        (out / f"{r.id}.ttl").write_bytes(r.data)
    (out / "broken.ttl").write_text("<not turtle", encoding="utf-8")
    (out / "two.ttl").write_bytes((out / f"{arts[0].id}.ttl").read_bytes()
                                  + (out / f"{arts[1].id}.ttl").read_bytes())
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    store = LocalStore(tmp_path / "store")
    summary = load_files(store, [str(out), str(tmp_path / "notes.txt"), str(tmp_path / "missing.nq")])
    failed = "\n".join(summary.failed)
    assert summary.graphs == 3 and len(summary.failed) == 4, failed
    for name in ("broken.ttl", "two.ttl", "notes.txt", "missing.nq"):
        assert name in failed
    assert "expected one article" in failed
    names = set(store.graph_names())
    assert {str(graph_iri(a.id)) for a in arts} <= names
    assert set(store.article_hashes()) == {a.id for a in arts}
    assert summary.merge is not None                     # cross-article graphs rebuilt
    assert "https://w3id.org/dipkg/graph/merged" in names
