"""The W3C SPARQL 1.1 Protocol tests (../shared/w3c/sparql11-protocol), replayed against the app.

Each manifest entry lists HTTP requests with their expected status class,
result format and ASK answer. The `/sparql/` prefix becomes our `/sparql`, and
the graphs a test names (`ut:graphData`) are loaded into the store under their
labels first — never fetched. In the default read-only mode every query and
bad-request test passes and each update test is answered 403; with a write
token (sent as a Bearer header) all 34 pass. The write mode is also replayed
over real HTTP against `kg serve --write-token`, with `http.client`, which
sends exactly the manifest's headers (no Content-Type unless the test has one).
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from conftest import SHARED, KgServer, make_web_app

W3C = SHARED / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "w3c-test-token"
RESULT_NS = "{http://www.w3.org/2005/sparql-results#}"


def _load_manifest():
    if not (W3C / "manifest.ttl").exists():
        return None, []
    g = Graph()
    g.parse(W3C / "manifest.ttl", format="turtle", publicID=(W3C / "manifest.ttl").as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = list(Collection(g, g.value(manifest, MF.entries)))
    return g, entries


GRAPH, ENTRIES = _load_manifest()
NAMES = [str(e).rsplit("#", 1)[-1] for e in ENTRIES] or ["manifest-absent"]


def _requests(test):
    """The test's requests as dicts: method, path, headers, body bytes, expectations."""
    g = GRAPH
    action = g.value(test, MF.action)
    out = []
    for req in Collection(g, g.value(action, HT.requests)):
        headers = {}
        hnode = g.value(req, HT.headers)
        if hnode is not None:
            for h in Collection(g, hnode):
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
        body = None
        bnode = g.value(req, HT.body)
        if bnode is not None:
            encoding = str(g.value(bnode, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(bnode, CNT.chars)).encode(encoding)
        resp = g.value(req, HT.resp)
        statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)}
        boolean = g.value(resp, MF.expectedBoolean)
        fmt = g.value(resp, MF.expectedFormat)
        path = str(g.value(req, HT.absolutePath))
        assert path.startswith("/sparql/")
        out.append(dict(method=str(g.value(req, HT.methodName)), path=_path(path),
                        headers=headers, body=body, statuses=statuses,
                        boolean=None if boolean is None else boolean.toPython(),
                        format=None if fmt is None else str(fmt)))
    return out


def _path(manifest_path: str) -> str:
    """`/sparql/?a=b` → `/sparql?a=b`: our endpoint has no trailing slash."""
    rest = manifest_path[len("/sparql/"):]
    return "/sparql" + rest


def _graph_data(test) -> list[tuple[str, URIRef]]:
    out = []
    for node in GRAPH.objects(test, UT.graphData):
        file_iri = GRAPH.value(node, UT.graph)
        out.append((str(file_iri).rsplit("/", 1)[-1], URIRef(str(GRAPH.value(node, RDFS.label)))))
    return out


def _status_ok(status: int, classes: set[str]) -> bool:
    return any(status // 100 == int(c[len("StatusCode")]) for c in classes)


def _boolean(resp) -> bool:
    ctype = resp.mimetype
    if ctype == "application/sparql-results+json":
        return json.loads(resp.data)["boolean"]
    if ctype == "application/sparql-results+xml":
        node = ET.fromstring(resp.data).find(f"{RESULT_NS}boolean")
        return node.text.strip() == "true"
    raise AssertionError(f"not a boolean result format: {ctype}")


def _check_format(resp, fmt: str) -> None:
    ctype = resp.mimetype
    assert "charset=utf-8" in resp.headers["Content-Type"]
    if fmt == "boolean":
        _boolean(resp)
    elif fmt == "tabular":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml",
                         "text/csv", "text/tab-separated-values"), ctype
        if ctype.endswith("json"):
            assert "vars" in json.loads(resp.data)["head"]
        elif ctype.endswith("xml"):
            assert ET.fromstring(resp.data).find(f"{RESULT_NS}head") is not None
        else:
            assert list(csv.reader(io.StringIO(resp.data.decode())))
    elif fmt == "RDF":
        rdf = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
        assert ctype in rdf, ctype
        Graph().parse(data=resp.data, format=rdf[ctype])
    else:
        raise AssertionError(f"unknown expected format {fmt}")


@pytest.fixture(scope="module")
def w3c_store(tmp_path_factory):
    from kg.store import LocalStore

    if GRAPH is None:
        pytest.skip(f"{W3C} is absent (../shared is only beside checkouts and in CI): "
                    "the W3C protocol manifest cannot be read")
    return LocalStore(tmp_path_factory.mktemp("w3c") / "store")


@pytest.fixture(scope="module")
def apps(w3c_store):
    from web.sparql import close_query_pool

    made = {"read-only": make_web_app(w3c_store), "write": make_web_app(w3c_store, write_token=TOKEN)}
    yield made
    for app in made.values():
        close_query_pool(app)


def _prepare(store, test) -> None:
    store.update("DROP SILENT ALL")
    graphs = []
    for filename, name in _graph_data(test):
        g = Graph(identifier=name)
        g.parse(W3C / filename, format="nt")
        graphs.append(g)
    store.replace_graphs(graphs)


def _send(client, req, token=None):
    headers = dict(req["headers"])
    if token:
        headers["Authorization"] = f"Bearer {token}"
    kwargs = {}
    if req["body"] is not None:
        kwargs["data"] = req["body"]
    return client.open(req["path"], method=req["method"], headers=headers, **kwargs)


def _check_answer(name: str, n: int, req: dict, resp) -> None:
    """The manifest's expectations for one request: status, error body, format, boolean."""
    assert _status_ok(resp.status_code, req["statuses"]), (
        f"{name} request {n}: got {resp.status_code} {resp.data[:300]!r}, "
        f"expected {sorted(req['statuses'])}")
    if resp.status_code >= 400:
        assert resp.mimetype == "text/plain" and resp.data.strip()
    if req["format"]:
        _check_format(resp, req["format"])
    if req["boolean"] is not None:
        assert _boolean(resp) is req["boolean"], f"{name} request {n}: wrong answer"

def test_manifest_has_34_tests():
    if GRAPH is None:
        pytest.skip(f"{W3C} is absent (../shared is only beside checkouts and in CI)")
    assert len(ENTRIES) == 34


@pytest.mark.parametrize("mode", ["read-only", "write"])
@pytest.mark.parametrize("name", NAMES)
def test_w3c_protocol(name, mode, apps, w3c_store):
    test = next(e for e in ENTRIES if str(e).endswith("#" + name))
    _prepare(w3c_store, test)
    client = apps[mode].test_client()
    is_update_test = name.startswith("update_")
    for n, req in enumerate(_requests(test)):
        resp = _send(client, req, TOKEN if mode == "write" else None)
        if mode == "read-only" and is_update_test and n == 0:
            assert resp.status_code == 403, resp.data
            assert resp.mimetype == "text/plain"
            return
        _check_answer(name, n, req, resp)


# --------------------------------------------------------- over real HTTP --
class _HttpResponse:
    """An http.client answer with the attributes the checks above read."""

    def __init__(self, resp):
        self.status_code = resp.status
        self.headers = resp.headers
        self.data = resp.read()
        self.mimetype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()


@pytest.fixture(scope="module")
def http_server(tmp_path_factory):
    if GRAPH is None:
        pytest.skip(f"{W3C} is absent (../shared is only beside checkouts and in CI)")
    server = KgServer(tmp_path_factory.mktemp("w3c-http") / "store", "--write-token", TOKEN)
    yield server
    server.stop()


def _http(server, method: str, path: str, headers: dict, body) -> _HttpResponse:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        return _HttpResponse(conn.getresponse())
    finally:
        conn.close()


def _prepare_over_http(server, test) -> None:
    """The test's graphs, written by SPARQL Update through the server itself."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    blocks = [f"GRAPH <{name}> {{ {(W3C / filename).read_text(encoding='utf-8')} }}"
              for filename, name in _graph_data(test)]
    update = "DROP SILENT ALL" + (" ; INSERT DATA { " + " ".join(blocks) + " }" if blocks else "")
    resp = _http(server, "POST", "/sparql", auth, update.encode())
    assert resp.status_code == 204, resp.data


@pytest.mark.parametrize("name", NAMES)
def test_w3c_protocol_over_http(name, http_server):
    test = next(e for e in ENTRIES if str(e).endswith("#" + name))
    _prepare_over_http(http_server, test)
    for n, req in enumerate(_requests(test)):
        headers = dict(req["headers"], Authorization=f"Bearer {TOKEN}")
        resp = _http(http_server, req["method"], req["path"], headers, req["body"])
        _check_answer(name, n, req, resp)


def test_a_post_without_content_type_says_what_to_send(http_server):
    """Over the wire, a POST with no Content-Type at all is a 415 that lists the accepted types."""
    for body in (b"query=ASK%20%7B%7D", b"ASK {}", b"update=CLEAR%20ALL"):
        resp = _http(http_server, "POST", "/sparql", {"Authorization": f"Bearer {TOKEN}"}, body)
        assert resp.status_code == 415, resp.data
        text = resp.data.decode()
        for mime in ("application/x-www-form-urlencoded", "application/sparql-query",
                     "application/sparql-update"):
            assert mime in text
