"""Real clients against the real server: SPARQLWrapper's whole matrix, and docs/sparql.md's snippets.

`kg serve` runs as a subprocess (waitress) on a free loopback port and is
stopped by its PID. SPARQLWrapper is driven across GET/POST × URL-encoded/
direct × every result format; the curl and `requests` snippets of
docs/sparql.md are run as written, with only the host and port replaced.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import xml.dom.minidom

import pytest
from rdflib import Graph

from conftest import ROOT, KgServer, build_kg_store_dir

SELECT = """PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?m ?label WHERE { ?m a dkg:Meeting ; rdfs:label ?label } ORDER BY ?m"""
ASK = "ASK { ?m a <https://w3id.org/dipkg/ontology#Meeting> }"
CONSTRUCT = """PREFIX dkg: <https://w3id.org/dipkg/ontology#>
CONSTRUCT { ?m a dkg:Meeting ; dkg:participant ?p } WHERE { ?m a dkg:Meeting ; dkg:participant ?p }"""
DOCS = ROOT / "docs" / "sparql.md"
TOKEN = "docs-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_kg_store_dir(tmp_path_factory.mktemp("sw") / "store")
    srv = KgServer(store, "--write-token", TOKEN)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def expected(kg_store):
    rows = [(str(r["m"]), str(r["label"])) for r in kg_store.query(SELECT).rows]
    graph = set(kg_store.query(CONSTRUCT).graph)
    assert len(rows) >= 3 and len(graph) >= 6
    return rows, graph


def _wrapper(url, method, request_method, fmt, query):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setMethod(method)
    sw.setRequestMethod(request_method)
    if fmt is not None:
        sw.setReturnFormat(fmt)
    sw.setQuery(query)
    return sw.query()


def _rows_from(fmt, converted):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    if fmt == JSON:
        return [(b["m"]["value"], b["label"]["value"]) for b in converted["results"]["bindings"]]
    if fmt in (XML, None):
        assert isinstance(converted, xml.dom.minidom.Document)
        out = []
        for result in converted.getElementsByTagName("result"):
            cells = {b.getAttribute("name"): b.firstChild.firstChild.nodeValue
                     for b in result.getElementsByTagName("binding")}
            out.append((cells["m"], cells["label"]))
        return out
    if fmt == CSV:
        return [(r["m"], r["label"]) for r in csv.DictReader(io.StringIO(converted.decode()))]
    if fmt == TSV:
        lines = converted.decode().rstrip("\n").split("\n")
        assert lines[0] == "?m\t?label"
        return [(m.strip("<>"), label.split('"')[1]) for m, label in (l.split("\t") for l in lines[1:])]
    raise AssertionError(fmt)


METHODS = [("GET", "urlencoded"), ("GET", "postdirectly"), ("POST", "urlencoded"), ("POST", "postdirectly")]


@pytest.mark.parametrize("method, request_method", METHODS)
@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv", None])
def test_select_matrix(server, expected, method, request_method, fmt):
    result = _wrapper(server.url, method.upper(), request_method, fmt, SELECT)
    assert result.response.headers["Content-Type"].endswith("; charset=utf-8")
    assert _rows_from(fmt, result.convert()) == expected[0]


@pytest.mark.parametrize("method, request_method", METHODS)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_ask_matrix(server, method, request_method, fmt):
    converted = _wrapper(server.url, method, request_method, fmt, ASK).convert()
    if fmt == "json":
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.nodeValue == "true"


@pytest.mark.parametrize("method, request_method", METHODS)
@pytest.mark.parametrize("fmt", ["xml", "json", "turtle", "json-ld", "n3", None])
def test_construct_matrix(server, expected, method, request_method, fmt):
    result = _wrapper(server.url, method, request_method, fmt, CONSTRUCT)
    ctype = result.response.headers["Content-Type"]
    converted = result.convert()
    if isinstance(converted, Graph):
        graph = converted
    elif isinstance(converted, (bytes, str)):
        rdf = {"text/turtle": "turtle", "application/n-triples": "nt"}[ctype.split(";")[0]]
        graph = Graph().parse(data=converted, format=rdf)
    else:   # SPARQLWrapper's JSON on a CONSTRUCT: JSON-LD as a dict
        graph = Graph().parse(data=__import__("json").dumps(converted), format="json-ld")
    assert {(s, p, o) for s, p, o in graph.triples((None, None, None))} == expected[1]


def test_update_through_sparqlwrapper_needs_the_token(server):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    update = 'INSERT DATA { GRAPH <urn:sw:g> { <urn:sw:s> <urn:sw:p> "from SPARQLWrapper" } }'
    sw = SPARQLWrapper(server.url + "/sparql", updateEndpoint=server.url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery(update)
    with pytest.raises(Unauthorized, match="Bearer"):
        sw.query()
    sw.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    assert sw.query().response.status == 204
    check = SPARQLWrapper(server.url + "/sparql")
    check.setReturnFormat("json")
    check.setQuery('ASK { GRAPH <urn:sw:g> { <urn:sw:s> <urn:sw:p> "from SPARQLWrapper" } }')
    assert check.query().convert()["boolean"] is True


# ------------------------------------------------------------ docs/sparql.md --
def _blocks(lang: str) -> list[str]:
    """Code blocks of the docs and of the README that talk to a server on port 5000."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.findall(rf"```{lang}\n(.*?)```", text, re.DOTALL)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return found + [b for b in re.findall(rf"```{lang}\n(.*?)```", readme, re.DOTALL)
                    if "localhost:5000" in b]


def test_docs_have_runnable_snippets():
    assert len(_blocks("bash")) >= 3 and len(_blocks("python")) >= 3


@pytest.mark.parametrize("n", range(len(_blocks("bash"))))
def test_docs_curl_snippets_run(server, n):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    script = "set -euo pipefail\n" + _blocks("bash")[n].replace("http://localhost:5000", server.url)
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, KG_TOKEN=TOKEN))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() or "INSERT" in script


@pytest.mark.parametrize("n", range(len(_blocks("python"))))
def test_docs_python_snippets_run(server, n, capsys):
    blocks = _blocks("python")
    exec(compile(blocks[n].replace("http://localhost:5000", server.url), f"docs/sparql.md#python{n}", "exec"), {})
    assert capsys.readouterr().out.strip()
