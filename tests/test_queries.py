"""Saved queries: headers, typed parameters, same results on the store and on rdflib."""
import pytest
from rdflib import Literal, URIRef

from kg.mapping import to_graph
from kg.namespaces import ID
from kg.queries import QueryError, all_queries, bind, get_query, parse
from kg.runner import run_on_graph
from kg.validate import load_ontology_graph

from conftest import make_sample_facts

REQUIRED_COLUMNS = {
    "who-met-whom": "meeting a aLabel b bLabel place placeLabel date status",
    "visits": "visit visitor visitorLabel destination destinationLabel date status",
    "invitations": "invitation inviter inviterLabel invitee inviteeLabel destinationLabel status",
    "agreements": "agreement name party partyLabel date status",
    "leaders": "person personLabel roleLabel state stateLabel",
    "transfers": "transfer fromLabel toLabel itemLabel status",
}


@pytest.fixture
def article_graph():
    g = load_ontology_graph()
    for t in to_graph(make_sample_facts()):
        g.add(t)
    return g


def test_every_saved_query_has_a_title_description_and_known_param_types():
    queries = all_queries()
    assert set(REQUIRED_COLUMNS) <= set(queries)
    for q in queries.values():
        assert q.title and q.description, q.name
        assert q.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize("name, columns", REQUIRED_COLUMNS.items())
def test_required_columns_on_store_and_rdflib(name, columns, sample_store, article_graph):
    q = get_query(name)
    on_store = sample_store.query(q.text)
    on_rdflib = run_on_graph(article_graph, q.text)
    assert set(columns.split()) <= set(on_store.vars)
    assert set(columns.split()) <= set(on_rdflib.vars)
    key = lambda r: sorted(r.items())
    assert sorted(map(key, on_store.plain_rows())) == sorted(map(key, on_rdflib.plain_rows()))


def test_who_met_whom_row(sample_store):
    rows = sample_store.query(get_query("who-met-whom").text).plain_rows()
    assert len(rows) == 1
    r = rows[0]
    assert {r["aLabel"], r["bLabel"]} == {"Ingrid Halvorsen", "Tomás Araya"}
    assert (r["placeLabel"], r["date"], r["status"]) == ("Santiago", "2023-09", "occurred")


@pytest.mark.parametrize("values, expected", [
    ({}, 1),
    ({"person": str(ID["person/tomas-araya"])}, 1),
    ({"person": str(ID["person/nobody"])}, 0),
    ({"from": "2023-09"}, 1), ({"from": "2023-09-30"}, 1), ({"from": "2023-10"}, 0),
    ({"to": "2023-09"}, 1), ({"to": "2023"}, 1), ({"to": "2023-08-31"}, 0),
    ({"only_status": "occurred"}, 1), ({"only_status": "planned"}, 0),
])
def test_parameters_filter_on_store_and_rdflib(values, expected, sample_store, article_graph):
    q = get_query("who-met-whom")
    b = bind(q, values)
    assert len(sample_store.query(q.text, b).rows) == expected
    assert len(run_on_graph(article_graph, q.text, b).rows) == expected


def test_entity_parameters_resolve_names(sample_store):
    from kg.queries import label_resolver

    q = get_query("who-met-whom")
    resolve = label_resolver(lambda text, b: sample_store.query(text, b))
    b = bind(q, {"person": "tomás araya"}, resolve)
    assert b["person"] == ID["person/tomas-araya"]
    with pytest.raises(QueryError, match="no person named"):
        bind(q, {"person": "Nobody Atall"}, resolve)


@pytest.mark.parametrize("values, message", [
    ({"from": "last year"}, "not a date"),
    ({"from": "2023-13"}, "not a date"),
    ({"person": "javascript:alert(1)"}, "no person named"),
    ({"person": "http://x/a> } UNION { ?s ?p ?o"}, "not an absolute"),
    ({"unknown": "x"}, "has no parameter"),
])
def test_bad_parameter_values_are_refused(values, message):
    with pytest.raises(QueryError, match=message):
        bind(get_query("who-met-whom"), values, resolve=lambda t, v: None)


def test_header_parsing_and_errors():
    q = parse("# title: T\n# description: D\n# param: n integer required -- a number\nSELECT * {}", "t")
    assert (q.title, q.description) == ("T", "D")
    assert q.params[0].name == "n" and q.params[0].required
    assert bind(q, {"n": "42"})["n"] == Literal(42)
    with pytest.raises(QueryError, match="required"):
        bind(q, {})
    with pytest.raises(QueryError, match="bad param line"):
        parse("# param: n colour\nSELECT * {}", "t")


def test_unknown_query_names_are_refused():
    with pytest.raises(QueryError, match="no saved query"):
        get_query("../etc/passwd")
    with pytest.raises(QueryError, match="known queries"):
        get_query("nope")
