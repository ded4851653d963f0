"""Facts → RDF: named graph per article, ontology terms, provenance, valid shapes."""
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.mapping import article_iri, graph_iri, to_dataset, to_graph
from kg.namespaces import DKG, ID, SCHEMA
from kg.validate import check_consistency, load_ontology_graph, validate_shapes

from conftest import make_sample_facts


def test_one_named_graph_per_article(sample_facts):
    g = to_graph(sample_facts)
    assert g.identifier == graph_iri("sample-1")
    ds = to_dataset([make_sample_facts("a"), make_sample_facts("b")])
    names = {c.identifier for c in ds.contexts() if len(c)}
    assert {graph_iri("a"), graph_iri("b")} <= names


def test_article_is_a_news_article(sample_facts):
    g = to_graph(sample_facts)
    a = article_iri("sample-1")
    assert (a, RDF.type, SCHEMA.NewsArticle) in g
    assert (a, SCHEMA.datePublished, Literal("2024-01-21", datatype=XSD.date)) in g
    assert g.value(a, SCHEMA.headline) == Literal("Ministers meet")


def test_meeting_with_participants_place_time_status_and_provenance(sample_facts):
    g = to_graph(sample_facts)
    [meeting] = list(g.subjects(RDF.type, DKG.Meeting))
    assert set(g.objects(meeting, DKG.participant)) == {ID["person/ingrid-halvorsen"], ID["person/tomas-araya"]}
    assert g.value(meeting, DKG.place) == ID["place/santiago"]
    assert g.value(meeting, DKG.status) == DKG.occurred
    t = g.value(meeting, DKG.time)
    assert str(g.value(t, DKG.value)) == "2023-09"
    assert g.value(t, DKG.granularity) == DKG.month
    assert str(g.value(t, DKG.text)) == "last September"
    assert g.value(meeting, DKG.sourceArticle) == article_iri("sample-1")
    begin, end = int(g.value(meeting, DKG.beginOffset)), int(g.value(meeting, DKG.endOffset))
    text = sample_facts.article.text
    assert text[begin:end] == str(g.value(meeting, DKG.evidence))
    assert 0 < float(g.value(meeting, DKG.confidence)) <= 1


def test_roles_also_state_participation(sample_facts):
    g = to_graph(sample_facts)
    [inv] = list(g.subjects(RDF.type, DKG.Invitation))
    assert g.value(inv, DKG.inviter) == ID["person/ingrid-halvorsen"]
    assert (inv, DKG.participant, ID["person/ingrid-halvorsen"]) in g
    assert g.value(inv, DKG.status) == DKG.extended


def test_entities_have_labels_mentions_and_wikidata(sample_facts):
    g = to_graph(sample_facts)
    assert g.value(ID["state/chile"], RDFS.label) == Literal("Chile")
    assert (ID["state/chile"], DKG.qid, Literal("Q298")) in g
    assert g.value(ID["place/santiago"], DKG.locatedIn) == ID["state/chile"]
    mentions = list(g.subjects(DKG.mentionOf, ID["person/tomas-araya"]))
    assert mentions
    m = mentions[0]
    text = sample_facts.article.text
    assert text[int(g.value(m, DKG.beginOffset)):int(g.value(m, DKG.endOffset))] == "Tomás Araya"


def test_office_holdings(sample_facts):
    g = to_graph(sample_facts)
    holdings = list(g.subjects(DKG.holder, ID["person/tomas-araya"]))
    assert len(holdings) == 1
    office = g.value(holdings[0], DKG.office)
    assert g.value(office, RDFS.label) == Literal("Foreign Minister")
    assert g.value(holdings[0], DKG.inState) == ID["state/chile"]


def test_mapped_graph_conforms_to_shapes_and_is_consistent(sample_facts):
    g = to_graph(sample_facts)
    shapes = validate_shapes(g)
    assert shapes.conforms, shapes.text
    report = check_consistency(g)
    assert report.consistent, report.message


def test_same_facts_same_graph():
    a, b = to_graph(make_sample_facts()), to_graph(make_sample_facts())
    assert set(a) == set(b)
