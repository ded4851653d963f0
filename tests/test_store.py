"""The embedded Oxigraph store: replace-by-graph, hashes, export, safety of writes."""
import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.mapping import graph_iri, to_graph
from kg.namespaces import ONTOLOGY_GRAPH
from kg.store import LocalStore, StoreError

from conftest import make_sample_facts


def test_reingest_replaces_the_article_graph(sample_store):
    before = len(sample_store)
    sample_store.replace_graphs([to_graph(make_sample_facts())])
    assert len(sample_store) == before
    assert sample_store.article_hashes() == {"sample-1": make_sample_facts().article.content_hash}


def test_graphs_are_named_per_article(sample_store):
    sample_store.replace_graphs([to_graph(make_sample_facts("other"))])
    names = sample_store.graph_names()
    assert str(graph_iri("sample-1")) in names and str(graph_iri("other")) in names
    assert str(ONTOLOGY_GRAPH) in names


def test_a_bad_batch_leaves_the_stored_data_intact(sample_store):
    before = len(sample_store)
    bad = Graph(identifier=graph_iri("sample-1"))
    bad.add((URIRef("not an iri"), URIRef("http://x/p"), URIRef("http://x/o")))
    with pytest.raises(StoreError, match="not stored"):
        sample_store.replace_graphs([bad])
    assert len(sample_store) == before


def test_export_trig_round_trips(sample_store, tmp_path):
    data = sample_store.export("trig")
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="trig")
    quads = list(ds.quads((None, None, None, None)))
    named = sum(1 for g in sample_store.graph_names() for _ in
                sample_store._store.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(g)))
    assert len(quads) == named
    assert {str(q[3].identifier if hasattr(q[3], "identifier") else q[3]) for q in quads} >= {
        str(graph_iri("sample-1"))}


def test_export_turtle_merges_graphs(sample_store):
    g = Graph()
    g.parse(data=sample_store.export("turtle").decode("utf-8"), format="turtle")
    assert len(g) > 0 and len(g) <= len(sample_store)


def test_default_graph_is_the_merge_of_the_named_graphs(sample_store):
    """A triple stated by two articles is seen once; it leaves only when no article states it."""
    from kg.namespaces import ID
    q = f"SELECT ?l WHERE {{ <{ID['person/tomas-araya']}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    sample_store.replace_graphs([to_graph(make_sample_facts("second"))])
    assert len(sample_store.query(q).rows) == 1
    sample_store.replace_graphs([Graph(identifier=graph_iri("second"))])
    assert len(sample_store.query(q).rows) == 1          # still stated by sample-1
    sample_store.replace_graphs([Graph(identifier=graph_iri("sample-1"))])
    assert len(sample_store.query(q).rows) == 0


def test_store_persists_on_disk(tmp_path):
    path = tmp_path / "s"
    s = LocalStore(path)
    s.replace_graphs([to_graph(make_sample_facts())])
    n = len(s)
    del s
    import gc
    gc.collect()
    assert len(LocalStore(path)) == n


def test_updates_keep_the_default_graph_the_merge(sample_store):
    """A SPARQL update on a named graph shows in the default graph; removing it there removes it."""
    ask = 'ASK { <urn:t:s> <urn:t:p> "x" }'
    sample_store.update('INSERT DATA { GRAPH <urn:t:g1> { <urn:t:s> <urn:t:p> "x" } }')
    sample_store.update('INSERT DATA { GRAPH <urn:t:g2> { <urn:t:s> <urn:t:p> "x" } }')
    assert sample_store.query(ask).boolean is True
    sample_store.update("CLEAR GRAPH <urn:t:g1>")
    assert sample_store.query(ask).boolean is True       # g2 still states it
    sample_store.update("DROP GRAPH <urn:t:g2>")
    assert sample_store.query(ask).boolean is False
    label = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    n = int(sample_store.query(label).rows[0]["n"])
    assert n > 0                                          # the articles' own triples are untouched
