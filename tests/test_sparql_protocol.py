"""`/sparql` speaks the SPARQL 1.1 Protocol: request forms, content negotiation, errors, limits.

Runs the real app (web.create_app) with the Flask test client; queries go
through the real worker processes of kg.querypool.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from conftest import build_kg_store, make_web_app

MEETINGS = """PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?m ?label WHERE { ?m a dkg:Meeting ; rdfs:label ?label } ORDER BY ?m"""
CONSTRUCT = """PREFIX dkg: <https://w3id.org/dipkg/ontology#>
CONSTRUCT { ?m a dkg:Meeting ; dkg:participant ?p } WHERE { ?m a dkg:Meeting ; dkg:participant ?p }"""
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
SD = "http://www.w3.org/ns/sparql-service-description#"


def _json_rows(resp):
    data = json.loads(resp.data)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def expected_meetings(kg_store):
    return [{"m": str(r["m"]), "label": str(r["label"])} for r in kg_store.query(MEETINGS).rows]


@pytest.fixture(scope="module")
def expected_graph(kg_store):
    return kg_store.query(CONSTRUCT).graph


# ------------------------------------------------------------ request forms --
def test_get_post_form_and_post_direct_give_the_same_rows(sparql_client, expected_meetings):
    assert len(expected_meetings) >= 3
    got = [
        sparql_client.get("/sparql", query_string={"query": MEETINGS}),
        sparql_client.post("/sparql", data={"query": MEETINGS}),
        sparql_client.post("/sparql", data=MEETINGS.encode(), content_type="application/sparql-query"),
        sparql_client.post("/sparql", data=MEETINGS.encode(),
                           content_type="application/sparql-query; charset=UTF-8"),
    ]
    for resp in got:
        assert resp.status_code == 200, resp.data
        assert resp.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
        assert resp.headers["Vary"] == "Accept"
        assert _json_rows(resp) == expected_meetings


def test_sparqlwrapper_format_parameters_are_honoured_or_ignored(sparql_client):
    resp = sparql_client.get("/sparql", query_string={"query": MEETINGS, "format": "csv", "output": "csv"})
    assert resp.mimetype == "text/csv"
    resp = sparql_client.get("/sparql", query_string={"query": MEETINGS, "format": "unknown"},
                             headers={"Accept": "application/sparql-results+xml"})
    assert resp.mimetype == "application/sparql-results+xml"


# ------------------------------------------------------ content negotiation --
@pytest.mark.parametrize("accept, mime", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0.1, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/*;q=0.3, application/sparql-results+json;q=0.2", "text/csv"),
    ("application/x-sparqlstar-results+json,application/sparql-results+json,application/json",
     "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
])
def test_select_negotiation(sparql_client, expected_meetings, accept, mime):
    headers = {"Accept": accept} if accept else {}
    resp = sparql_client.get("/sparql", query_string={"query": MEETINGS}, headers=headers)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == f"{mime}; charset=utf-8"
    body = resp.data.decode()
    if mime.endswith("json"):
        assert _json_rows(resp) == expected_meetings
    elif mime.endswith("xml"):
        results = ET.fromstring(body).find(f"{RESULTS_NS}results")
        assert len(results) == len(expected_meetings)
    elif mime == "text/csv":
        rows = list(csv.DictReader(io.StringIO(body)))
        assert rows == expected_meetings
    else:
        lines = body.rstrip("\n").split("\n")
        assert lines[0] == "?m\t?label"
        assert len(lines) == len(expected_meetings) + 1
        assert lines[1].split("\t")[0] == f"<{expected_meetings[0]['m']}>"


@pytest.mark.parametrize("accept, mime, rdf_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples,*/*;q=0.9", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/ld+json;q=0.4, text/turtle;q=0.8", "text/turtle", "turtle"),
])
def test_construct_negotiation(sparql_client, expected_graph, accept, mime, rdf_format):
    headers = {"Accept": accept} if accept else {}
    resp = sparql_client.post("/sparql", data={"query": CONSTRUCT}, headers=headers)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == f"{mime}; charset=utf-8"
    g = Graph().parse(data=resp.data, format=rdf_format)
    assert len(g) == len(expected_graph) > 0
    assert set(g) == set(expected_graph)


def test_ask_in_json_and_xml(sparql_client):
    q = "ASK { ?s a <https://w3id.org/dipkg/ontology#Meeting> }"
    resp = sparql_client.get("/sparql", query_string={"query": q})
    assert json.loads(resp.data)["boolean"] is True
    resp = sparql_client.get("/sparql", query_string={"query": q},
                             headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(resp.data).find(f"{RESULTS_NS}boolean").text == "true"


@pytest.mark.parametrize("query, accept", [
    (MEETINGS, "text/html"),
    (MEETINGS, "text/turtle"),
    (CONSTRUCT, "application/sparql-results+json"),
    (CONSTRUCT, "image/png"),
    (MEETINGS, "application/sparql-results+json;q=0"),
])
def test_406_when_no_format_fits(sparql_client, query, accept):
    resp = sparql_client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 406
    assert resp.mimetype == "text/plain"
    assert resp.headers["Vary"] == "Accept"


# ------------------------------------------------------------------ dataset --
def test_protocol_graphs_override_from(sparql_client):
    a1, a2 = ("https://w3id.org/dipkg/graph/article/beijing-talks",
              "https://w3id.org/dipkg/graph/article/pyongyang-visit")
    q = f"SELECT (COUNT(*) AS ?n) FROM <{a1}> WHERE {{ ?s ?p ?o }}"
    only_a1 = int(_json_rows(sparql_client.get("/sparql", query_string={"query": q}))[0]["n"])
    both = int(_json_rows(sparql_client.get(
        "/sparql", query_string=[("query", q), ("default-graph-uri", a1), ("default-graph-uri", a2)]))[0]["n"])
    only_a2 = int(_json_rows(sparql_client.get(
        "/sparql", query_string=[("query", q), ("default-graph-uri", a2)]))[0]["n"])
    assert 0 < only_a1 < both and 0 < only_a2 < both <= only_a1 + only_a2
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    resp = sparql_client.post("/sparql?named-graph-uri=" + a2, data={"query": named})
    assert _json_rows(resp) == [{"g": a2}]


def test_from_a_store_graph_selects_it(sparql_client):
    g = "https://w3id.org/dipkg/graph/article/beijing-talks"
    q = "SELECT DISTINCT ?a WHERE { ?a a <https://schema.org/NewsArticle> }"
    everything = _json_rows(sparql_client.get("/sparql", query_string={"query": q}))
    resp = sparql_client.get("/sparql", query_string={"query": q.replace("WHERE", f"FROM <{g}> WHERE")})
    assert len(everything) > 1
    assert _json_rows(resp) == [{"a": "https://w3id.org/dipkg/id/article/beijing-talks"}]


# ------------------------------------------------------------------- errors --
@pytest.mark.parametrize("method, kwargs, status", [
    ("GET", dict(query_string={"query": "SELECT * WHERE { ?s ?p }"}), 400),
    ("GET", dict(query_string=[("query", "ASK {}"), ("query", "ASK {}")]), 400),
    ("POST", dict(data={"query": "ASK {}", "update": "CLEAR ALL"}), 400),
    ("POST", dict(data="ASK {}", content_type="text/plain"), 415),
    ("POST", dict(data=b"ASK {}"), 415),
    ("POST", dict(data="ASK {}".encode("utf-16"), content_type="application/sparql-query; charset=UTF-16"), 415),
    ("POST", dict(data=b"ASK { \xff }", content_type="application/sparql-query"), 400),
    ("POST", dict(query_string={"query": "ASK {}"}, data={"query": "ASK {}"}), 400),
    ("POST", dict(query_string={"query": "ASK {}"}, data=b"ASK {}", content_type="application/sparql-query"), 400),
    ("POST", dict(data={"query": "   "}), 400),
    ("POST", dict(data={"other": "x"}), 400),
    ("GET", dict(query_string={"update": "CLEAR ALL"}), 400),
    ("GET", dict(query_string=[("query", "ASK {}"), ("default-graph-uri", "not an iri")]), 400),
    ("PUT", dict(query_string={"query": "ASK {}"}), 405),
    ("DELETE", {}, 405),
    ("PATCH", {}, 405),
])
def test_bad_requests_get_plain_text_errors(sparql_client, method, kwargs, status):
    resp = sparql_client.open("/sparql", method=method, **kwargs)
    assert resp.status_code == status, resp.data
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert resp.data.strip()
    if status == 405:
        assert "POST" in resp.headers["Allow"] and "GET" in resp.headers["Allow"]


def test_syntax_error_message_points_at_the_spot(sparql_client):
    resp = sparql_client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert resp.status_code == 400
    assert b"syntax error" in resp.data and b"col" in resp.data


# ------------------------------------------------------- no query, browsers --
def test_get_without_query_serves_the_service_description(sparql_client):
    for accept, fmt in ((None, "turtle"), ("text/turtle", "turtle"), ("application/rdf+xml", "xml")):
        resp = sparql_client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert resp.status_code == 200
        g = Graph().parse(data=resp.data, format=fmt)
        svc = URIRef("http://localhost/sparql")
        assert (svc, RDF.type, URIRef(SD + "Service")) in g
        assert (svc, URIRef(SD + "endpoint"), svc) in g
        assert (svc, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
        assert (svc, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Update")) not in g


def test_browsers_are_sent_to_the_editor(sparql_client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    resp = sparql_client.get("/sparql", headers={"Accept": accept})
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/editor")


# --------------------------------------------------------------------- CORS --
def test_cors_and_preflight(sparql_client):
    resp = sparql_client.get("/sparql", query_string={"query": "ASK {}"},
                             headers={"Origin": "https://elsewhere.example"})
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-KG-Truncated" in resp.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in resp.headers
    pre = sparql_client.options("/sparql", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST"} <= {m.strip() for m in pre.headers["Access-Control-Allow-Methods"].split(",")}
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in pre.headers


# ------------------------------------------------------------------ updates --
@pytest.fixture
def writable(tmp_path):
    """An app with a write token, around its own store."""
    from web.sparql import close_query_pool

    store = build_kg_store(tmp_path / "store")
    app = make_web_app(store, write_token="s3cret")
    yield app.test_client(), store
    close_query_pool(app)


INSERT = 'INSERT DATA { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> "written" } }'
READ_BACK = "SELECT ?o WHERE { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> ?o } }"


def test_updates_are_refused_by_default(sparql_client):
    for kwargs in (dict(data={"update": INSERT}),
                   dict(data=INSERT, content_type="application/sparql-update"),
                   dict(data=INSERT, content_type="application/sparql-update",
                        headers={"Authorization": "Bearer anything"})):
        resp = sparql_client.post("/sparql", **kwargs)
        assert resp.status_code == 403
        assert b"read-only" in resp.data


def test_updates_need_the_token_and_are_seen_by_later_queries(writable):
    client, store = writable
    before = len(store)
    assert _json_rows(client.get("/sparql", query_string={"query": READ_BACK})) == []  # a worker is up
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
        resp = client.post("/sparql", data=INSERT, content_type="application/sparql-update", headers=headers)
        assert resp.status_code == 401
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert len(store) == before
    resp = client.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer s3cret"})
    assert resp.status_code == 204, resp.data
    assert len(store) == before + 2                   # the named graph and the default graph (the merge)
    assert _json_rows(client.get("/sparql", query_string={"query": READ_BACK})) == [{"o": "written"}]
    resp = client.post("/sparql", data="CLEAR GRAPH <urn:test:g>", content_type="application/sparql-update",
                       headers={"Authorization": "Bearer s3cret"})
    assert resp.status_code == 204
    assert _json_rows(client.get("/sparql", query_string={"query": READ_BACK})) == []
    resp = client.post("/sparql", data="CLEAR XYZ", content_type="application/sparql-update",
                       headers={"Authorization": "Bearer s3cret"})
    assert resp.status_code == 400 and resp.mimetype == "text/plain"
    sd = Graph().parse(data=client.get("/sparql").data, format="turtle")
    assert (None, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Update")) in sd


def test_updates_show_in_the_default_graph_and_may_not_write_it(writable):
    client, store = writable
    auth = {"Authorization": "Bearer s3cret"}
    ask = {"query": 'ASK { <urn:test:s> <urn:test:p> "written" }'}
    assert json.loads(client.get("/sparql", query_string=ask).data)["boolean"] is False
    assert client.post("/sparql", data={"update": INSERT}, headers=auth).status_code == 204
    assert json.loads(client.get("/sparql", query_string=ask).data)["boolean"] is True
    before = len(store)
    resp = client.post("/sparql", data={"update": 'INSERT DATA { <urn:test:s> <urn:test:p> "direct" }'},
                       headers=auth)
    assert resp.status_code == 400 and b"default graph" in resp.data and b"named graph" in resp.data
    assert len(store) == before
    assert client.post("/sparql", data={"update": "DROP GRAPH <urn:test:g>"}, headers=auth).status_code == 204
    assert json.loads(client.get("/sparql", query_string=ask).data)["boolean"] is False


# ------------------------------------------------------------------- limits --
def test_row_cap_is_shown_to_the_client(kg_store):
    from web.sparql import close_query_pool

    app = make_web_app(kg_store, max_rows=2)
    client = app.test_client()
    try:
        resp = client.get("/sparql", query_string={"query": MEETINGS})
        assert resp.headers["X-KG-Truncated"] == "true"
        data = json.loads(resp.data)
        assert data["truncated"] is True and len(data["results"]["bindings"]) == 2
        resp = client.get("/sparql", query_string={"query": MEETINGS}, headers={"Accept": "text/csv"})
        assert resp.headers["X-KG-Truncated"] == "true"
        assert len(list(csv.reader(io.StringIO(resp.data.decode())))) == 3
        resp = client.get("/sparql", query_string={"query": CONSTRUCT})
        assert resp.headers["X-KG-Truncated"] == "true"
        assert len(Graph().parse(data=resp.data, format="turtle")) == 2
        resp = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
        assert "X-KG-Truncated" not in resp.headers
        assert "truncated" not in json.loads(resp.data)
    finally:
        close_query_pool(app)


def test_request_bodies_are_size_limited(kg_store):
    from web.sparql import close_query_pool

    app = make_web_app(kg_store, max_body=500)
    client = app.test_client()
    try:
        big = "ASK {} #" + "x" * 1000
        for kwargs in (dict(data=big.encode(), content_type="application/sparql-query"),
                       dict(data={"query": big})):
            resp = client.post("/sparql", **kwargs)
            assert resp.status_code == 413
            assert resp.mimetype == "text/plain" and b"max_body" in resp.data
        assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200
    finally:
        close_query_pool(app)


# ------------------------------------------------ row cap in every format --
TRICKY = ["plain", "},{", "two\nlines", "<result>x</result>", "tab\tand\r\nbreak", '"},{"type":"uri"}']


@pytest.fixture(scope="module")
def tricky_store(tmp_path_factory):
    """Literals that look like row boundaries of the result formats."""
    from rdflib import Literal

    from kg.store import LocalStore

    g = Graph(identifier=URIRef("urn:test:tricky"))
    for n in range(12):
        g.add((URIRef(f"urn:test:s{n:02d}"), URIRef("urn:test:p"), Literal(TRICKY[n % len(TRICKY)])))
    store = LocalStore(tmp_path_factory.mktemp("tricky") / "store")
    store.replace_graphs([g])
    return store


def _count_rows(resp) -> list[str]:
    """The ?o values of a SELECT ?s ?o answer, whatever its format."""
    body = resp.data.decode()
    if resp.mimetype.endswith("json"):
        return [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if resp.mimetype.endswith("xml"):
        results = ET.fromstring(resp.data).find(f"{RESULTS_NS}results")
        return [r.find(f"{RESULTS_NS}binding[@name='o']/{RESULTS_NS}literal").text for r in results]
    if resp.mimetype == "text/csv":
        return [row["o"] for row in csv.DictReader(io.StringIO(body, newline=""))]
    lines = body.rstrip("\n").split("\n")[1:]
    return [line.split("\t")[1] for line in lines]


@pytest.mark.parametrize("max_rows", [1, 2, 5, 11, 12, 13])
def test_row_cap_is_exact_in_every_format_even_with_values_that_look_like_rows(tricky_store, max_rows):
    from web.sparql import close_query_pool

    app = make_web_app(tricky_store, max_rows=max_rows)
    client = app.test_client()
    q = "SELECT ?s ?o WHERE { ?s <urn:test:p> ?o } ORDER BY ?s"
    expected = [TRICKY[n % len(TRICKY)] for n in range(12)][:max_rows]
    try:
        for fmt in ("json", "xml", "csv", "tsv"):
            resp = client.get("/sparql", query_string={"query": q, "format": fmt})
            assert resp.status_code == 200, resp.data
            got = _count_rows(resp)
            assert len(got) == len(expected), (fmt, got)
            if fmt == "xml":                  # XML parsers read a raw CR LF as LF
                assert got == [v.replace("\r\n", "\n") for v in expected]
            elif fmt != "tsv":                # TSV writes literals in N-Triples syntax
                assert got == expected, fmt
            assert resp.headers.get("X-KG-Truncated") == ("true" if max_rows < 12 else None), fmt
            if fmt == "json":
                assert json.loads(resp.data).get("truncated") is (True if max_rows < 12 else None)
    finally:
        close_query_pool(app)
