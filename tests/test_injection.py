"""Parameter injection: no value, however crafted, changes what a saved query means.

Values are checked against their declared type and bound as RDF terms:
Oxigraph substitutions and rdflib initBindings locally, a VALUES block of
escaped terms for remote stores. Each payload below is thrown at every
parameter of every saved query through the API, and at every parameter type
on all three engines; the outcome must be a 400, or rows that are among the
un-parameterised baseline's rows — never a row the baseline lacks, and never
a change to the store.
"""
from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef

from kg.queries import PARAM_TYPES, QueryError, all_queries, bind, label_resolver, parse

PUTIN = "https://w3id.org/dipkg/id/person/vladimir-putin"

PAYLOADS = [
    'x" } ; DROP ALL ; #',
    '<http://a> } UNION { ?s ?p ?o',
    '"',
    "'",
    "\\",
    '\\"',
    "' } UNION { ?s ?p ?o } #",
    '"""',
    "'''",
    '"""} UNION { ?s ?p ?o } #',
    '") || true || ("',
    '" || 1 = 1 || "',
    '\\u0022 } UNION { ?s ?p ?o } #',
    '\\U00000022) } UNION { ?s ?p ?o } #',
    '\\\\u0022 } UNION { ?s ?p ?o } #',
    '\u0022 } UNION { ?s ?p ?o } #',
    '%22%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo',
    'x\n} UNION { ?s ?p ?o } #',
    'x\r\n"} UNION { ?s ?p ?o }',
    'a\n\\"',
    'a\n"""} UNION { ?s ?p ?o } #',
    '# comment\n} UNION { ?s ?p ?o',
    '*/ } UNION { ?s ?p ?o } /*',
    '}}}}}} UNION {{{{{{',
    ')))) } UNION { ?s ?p ?o',
    '?s',
    '$s',
    '<>',
    '_:b0',
    'http://a> } UNION { ?s ?p ?o } <http://b',
    'http://example.org/x> ?p ?o } UNION { <http://a',
    'http://example.org/x#"} UNION {',
    'http://example.org/\u003e } UNION { ?s ?p ?o',
    'http://example.org/\\u003E } UNION { ?s ?p ?o } #',
    f'{PUTIN}> || true || <x',
    f'{PUTIN}>, ?any . #',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '2024-01-01" } UNION { ?s ?p ?o } #',
    '2024-01-01\n} UNION {',
    '1 } UNION { ?s ?p ?o }',
    '1) || true || (1',
    '99999999999999999999',
    '1e5',
    'SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }',
    'vladimir putin" } UNION { ?s ?p ?o } #',
    'x"@en',
    'x"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '" . ?s ?p ?o . FILTER("a" = "a',
    '\x00',
    '\u202e} UNION {',
    '\t\v\f',
]
assert len(PAYLOADS) >= 30


def _key(row: dict, params: set[str]) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items() if k not in params))


def _assert_within(rows: list[dict], baseline: list[dict], params: set[str], where: str) -> None:
    allowed = {_key(r, params) for r in baseline}
    extra = [r for r in rows if _key(r, params) not in allowed]
    assert not extra, f"{where}: rows the un-parameterised query does not have: {extra[:2]}"
    assert len(rows) <= len(baseline), f"{where}: more rows than the baseline"


# ------------------------------------------------------------- through the API --
def _api_rows(resp) -> list[dict]:
    data = json.loads(resp.data)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_api_parameters_resist_injection(sparql_client, kg_store, name):
    saved = all_queries()[name]
    params = {p.name for p in saved.params}
    before = len(kg_store)
    baseline = _api_rows(sparql_client.get(f"/api/queries/{name}"))
    assert baseline, f"{name} should have rows in the test data"
    refused = answered = 0
    for p in saved.params:
        for payload in PAYLOADS:
            resp = sparql_client.get(f"/api/queries/{name}", query_string={p.name: payload})
            assert resp.status_code in (200, 400), (p.name, payload, resp.status_code, resp.data)
            if resp.status_code == 400:
                assert resp.mimetype == "text/plain"
                refused += 1
                continue
            answered += 1
            _assert_within(_api_rows(resp), baseline, params, f"{name}?{p.name}={payload!r}")
    assert refused > 0
    assert len(kg_store) == before
    assert _api_rows(sparql_client.get(f"/api/queries/{name}")) == baseline


# ----------------------------------------------------- every type, every engine --
EVERY_TYPE = parse("""# title: one parameter of every type
""" + "".join(f"# param: p_{t} {t} -- a {t}\n" for t in PARAM_TYPES) + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label """ + " ".join(f"?p_{t}" for t in PARAM_TYPES) + """
WHERE {
  ?s rdfs:label ?label .
  FILTER (COALESCE(STR(?p_iri), "") = "" || ?s = ?p_iri)
  FILTER (COALESCE(STR(?p_event), "") = "" || ?s = ?p_event)
  FILTER (COALESCE(STR(?p_person), "") = "" || ?s = ?p_person)
  FILTER (COALESCE(STR(?p_state), "") = "" || ?s = ?p_state)
  FILTER (COALESCE(STR(?p_place), "") = "" || ?s = ?p_place)
  FILTER (COALESCE(STR(?p_organization), "") = "" || ?s = ?p_organization)
  FILTER (COALESCE(STR(?p_string), "") = "" || CONTAINS(LCASE(STR(?label)), LCASE(STR(?p_string))))
  FILTER (COALESCE(STR(?p_date), "") = "" || CONTAINS(STR(?label), STR(?p_date)))
  FILTER (COALESCE(STR(?p_integer), "") = "" || STRLEN(STR(?label)) >= ?p_integer)
}""", "every-type")
PARAMS = {f"p_{t}" for t in PARAM_TYPES}
VALID = {"iri": PUTIN, "event": "https://w3id.org/dipkg/id/event/beijing-talks/1", "person": "Vladimir Putin",
         "state": "Russia", "place": "Beijing", "organization": "", "string": "putin", "date": "2024-05",
         "integer": "12"}


def _engines(kg_store, remote=None):
    from kg.runner import graph_from_files, run_on_graph

    graph = graph_from_files([])
    for s, p, o, _ in kg_store._store.quads_for_pattern(None, None, None, None):
        from kg.results import from_oxigraph

        graph.add((from_oxigraph(s), from_oxigraph(p), from_oxigraph(o)))
    engines = {"oxigraph substitutions": lambda text, b=None: kg_store.query(text, b, max_rows=10**6),
               "rdflib initBindings": lambda text, b=None: run_on_graph(graph, text, b, 10**6)}
    if remote is not None:
        engines["remote VALUES"] = lambda text, b=None: remote.query(text, b, max_rows=10**6)
    return engines


def _check_engine(run, where: str) -> None:
    baseline = run(EVERY_TYPE.text).rows
    assert len(baseline) > 50
    resolve = label_resolver(run)
    for ptype in PARAM_TYPES:
        # A good value narrows the rows: the binding really is applied.
        if VALID[ptype]:
            rows = run(EVERY_TYPE.text, bind(EVERY_TYPE, {f"p_{ptype}": VALID[ptype]}, resolve)).rows
            assert 0 < len(rows) < len(baseline), (where, ptype)
        for payload in PAYLOADS:
            try:
                bindings = bind(EVERY_TYPE, {f"p_{ptype}": payload}, resolve)
            except QueryError:
                continue
            rows = run(EVERY_TYPE.text, bindings).rows
            _assert_within(rows, baseline, PARAMS, f"{where} p_{ptype}={payload!r}")


def test_every_parameter_type_on_local_engines(kg_store):
    before = len(kg_store)
    for where, run in _engines(kg_store).items():
        _check_engine(run, where)
    assert len(kg_store) == before


def test_every_parameter_type_on_a_remote_store(kg_store, oxigraph_server):
    from kg.remote import RemoteStore
    from kg.validate import load_ontology_graph
    from conftest import make_kg_graphs

    remote = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url)
    remote.replace_graphs(make_kg_graphs())
    remote.load_ontology(load_ontology_graph())
    before = len(remote)
    _check_engine(lambda text, b=None: remote.query(text, b, max_rows=10**6), "remote VALUES")
    assert len(remote) == before


# ------------------------------------------------- terms written into SPARQL --
@pytest.mark.parametrize("payload", PAYLOADS)
def test_written_literals_round_trip_exactly(payload):
    """sparql_term escapes so that both parsers read back exactly the value, nothing more."""
    import pyoxigraph as ox
    from pyparsing import ParseException
    from rdflib import Graph

    from kg.sparqltext import sparql_term

    for term in (Literal(payload), Literal(payload, lang="en")):
        q = f"SELECT ?x WHERE {{ VALUES ?x {{ {sparql_term(term)} }} }}"
        got = [row[0] for row in ox.Store().query(q)]
        assert len(got) == 1 and got[0].value == payload
        if "\\u" in payload.lower():
            # rdflib expands \u escapes before parsing (as the spec says): the value may
            # change or no longer parse, but it cannot leave its string.
            try:
                got = [row[0] for row in Graph().query(q)]
            except ParseException:
                continue
            assert len(got) == 1 and isinstance(got[0], Literal)
        else:
            assert [row[0] for row in Graph().query(q)] == [term]


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("http")])
def test_bad_iris_are_never_written(payload):
    from kg.sparqltext import SparqlTextError, sparql_term

    if any(c in payload for c in ' <>"{}|^`\\\n'):
        with pytest.raises(SparqlTextError):
            sparql_term(URIRef(payload))
