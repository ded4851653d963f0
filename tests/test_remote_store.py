"""A remote SPARQL store behaves like the local one: tested against a real Oxigraph server.

Each test gets its own `oxigraph serve` on a free loopback port, stopped by its PID.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from conftest import ROOT, SAMPLES, build_kg_store_dir, kg_command, make_kg_graphs
from kg.queries import all_queries, bind, get_query, label_resolver

PUTIN = "https://w3id.org/dipkg/id/person/vladimir-putin"
PARAMS = {"who-met-whom": [{"person": PUTIN}, {"from": "2024-05", "to": "2024-06"}, {"only_status": "planned"}],
          "visits": [{"by": PUTIN}, {"in_state": "https://w3id.org/dipkg/id/state/north-korea"}],
          "leaders": [{"in_state": "Russia"}, {"on": "2020"}],
          "agreements": [{"party_is": "China"}],
          "transfers": [{"supplier_is": "North Korea"}],
          "invitations": [{"by": "Ingrid Halvorsen"}]}


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(extra)
    return env


def _kg(*args, env=None, check=True) -> subprocess.CompletedProcess:
    out = subprocess.run(kg_command() + list(args), capture_output=True, cwd=str(ROOT),
                         env=env or _env(), timeout=300)
    if check:
        assert out.returncode == 0, out.stderr.decode(errors="replace")
    return out


def _rowset(result) -> set:
    return {tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows}


@pytest.fixture
def remote(oxigraph_server):
    from kg.remote import RemoteStore
    from kg.validate import load_ontology_graph

    store = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url)
    store.replace_graphs(make_kg_graphs())
    store.load_ontology(load_ontology_graph())
    from kg.merge import rebuild

    rebuild(store)
    return store


def test_remote_store_matches_the_local_store(remote, kg_store):
    assert remote.graph_names() == kg_store.graph_names()
    assert len(remote) == len(kg_store)
    assert remote.article_hashes() == kg_store.article_hashes()
    for name, saved in all_queries().items():
        assert _rowset(remote.query(saved.text)) == _rowset(kg_store.query(saved.text)), name
    nonempty = narrowed = 0
    for name, cases in PARAMS.items():
        saved = get_query(name)
        for values in cases:
            local_b = bind(saved, values, label_resolver(lambda t, b: kg_store.query(t, b)))
            remote_b = bind(saved, values, label_resolver(lambda t, b: remote.query(t, b)))
            assert local_b == remote_b
            local, far = kg_store.query(saved.text, local_b), remote.query(saved.text, remote_b)
            baseline = len(kg_store.query(saved.text).rows)
            assert len(local.rows) <= baseline, (name, values)
            assert _rowset(far) == _rowset(local), (name, values)
            nonempty += bool(local.rows)
            narrowed += len(local.rows) < baseline
    assert nonempty >= 6 and narrowed >= 5


def test_remote_query_forms_limits_and_datasets(remote):
    meetings = "SELECT ?m WHERE { ?m a <https://w3id.org/dipkg/ontology#Meeting> }"
    everything = remote.query(meetings)
    capped = remote.query(meetings, max_rows=2)
    assert len(everything.rows) > 2 and not everything.truncated
    assert len(capped.rows) == 2 and capped.truncated
    ask = remote.query("ASK { ?s a <https://w3id.org/dipkg/ontology#Meeting> }")
    assert ask.kind == "ask" and ask.boolean is True
    graph = remote.query("CONSTRUCT { ?m a <urn:M> } WHERE { ?m a <https://w3id.org/dipkg/ontology#Meeting> }")
    assert graph.kind == "graph" and len(graph.graph) == len(everything.rows)
    beijing = "https://w3id.org/dipkg/graph/article/beijing-talks"
    only = remote.query(meetings, default_graphs=[beijing])
    assert [str(r["m"]) for r in only.rows] == ["https://w3id.org/dipkg/id/event/beijing-talks/1"]
    named = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[beijing])
    assert [str(r["g"]) for r in named.rows] == [beijing]
    from kg.safety import QuerySyntaxError

    with pytest.raises(QuerySyntaxError):
        remote.query("SELECT * WHERE { ?s ?p }")


def test_replace_remove_update_and_graph_store_protocol(remote, oxigraph_server):
    from kg.remote import RemoteStore

    name = URIRef("https://w3id.org/dipkg/graph/article/test-replace")
    g = Graph(identifier=name)
    g.add((URIRef("urn:s"), URIRef("urn:p"), Literal('first "version"\nwith a newline \\" and quotes')))
    remote.replace_graphs([g])
    back = remote.query(f"SELECT ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows
    assert [r["o"] for r in back] == [Literal('first "version"\nwith a newline \\" and quotes')]
    g2 = Graph(identifier=name)
    g2.add((URIRef("urn:s"), URIRef("urn:p"), Literal("second", lang="en")))
    g2.add((URIRef("urn:s"), URIRef("urn:q"), Literal(42)))
    remote.replace_graphs([g2])
    back = remote.query(f"SELECT ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows
    assert {(str(r["p"]), r["o"]) for r in back} == {("urn:p", Literal("second", lang="en")),
                                                      ("urn:q", Literal(42))}
    remote.update(f'INSERT DATA {{ GRAPH <{name}> {{ <urn:s> <urn:r> "added" }} }}')
    assert len(remote.query(f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows) == 3
    remote.remove_graph(str(name))
    assert str(name) not in remote.graph_names()
    gsp = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url,
                      graph_store=oxigraph_server.url + "/store")
    gsp.replace_graphs([g2])
    gsp.replace_graphs([g2])
    assert len(gsp.query(f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows) == 2


def test_export_matches_the_local_export(remote, kg_store):
    for fmt, parse_as in (("trig", "trig"), ("nq", "nquads")):
        a, b = Dataset(), Dataset()
        a.parse(data=remote.export(fmt), format=parse_as)
        b.parse(data=kg_store.export(fmt), format=parse_as)
        assert len(a) == len(b) > 1000
        assert {str(c.identifier) for c in a.graphs()} == {str(c.identifier) for c in b.graphs()}
    one = "https://w3id.org/dipkg/graph/article/beijing-talks"
    ga = Graph().parse(data=remote.export("nt", graph=one), format="nt")
    gb = Graph().parse(data=kg_store.export("nt", graph=one), format="nt")
    assert set(ga) == set(gb) and len(ga) > 50
    ta = Graph().parse(data=remote.export("turtle"), format="turtle")
    tb = Graph().parse(data=kg_store.export("turtle"), format="turtle")
    assert len(ta) == len(tb)


def test_endpoint_and_api_serve_a_remote_store(remote, oxigraph_server, kg_store):
    """The web app with `store` = the remote URL: queries run in workers that talk to it."""
    from kg.config import Config
    from web import create_app
    from web.sparql import close_query_pool

    cfg = Config(store=oxigraph_server.query_url, update_endpoint=oxigraph_server.update_url,
                 write_token="t")
    app = create_app(cfg)
    client = app.test_client()
    try:
        q = "SELECT ?m WHERE { ?m a <https://w3id.org/dipkg/ontology#Meeting> } ORDER BY ?m"
        resp = client.get("/sparql", query_string={"query": q})
        assert resp.status_code == 200, resp.data
        got = [b["m"]["value"] for b in json.loads(resp.data)["results"]["bindings"]]
        assert got == [str(r["m"]) for r in kg_store.query(q).rows]
        resp = client.get("/api/queries/who-met-whom", query_string={"person": "Vladimir Putin"})
        assert resp.status_code == 200
        assert len(json.loads(resp.data)["results"]["bindings"]) == 2
        resp = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> {} }"})
        assert resp.status_code == 400
        resp = client.post("/sparql", data={"update": 'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }'},
                           headers={"Authorization": "Bearer t"})
        assert resp.status_code == 204
        assert "urn:g" in remote.graph_names()
    finally:
        close_query_pool(app)


# --------------------------------------------------------------------- the CLI --
def test_cli_ingest_query_export_against_oxigraph(oxigraph_server, tmp_path):
    """`kg ingest`, `kg query` and `kg export` with --store URL give what the local store gives."""
    local = tmp_path / "local"
    _kg("--store", str(local), "ingest", str(SAMPLES))
    env = _env(KG_UPDATE_ENDPOINT=oxigraph_server.update_url)
    out = _kg("--store", oxigraph_server.query_url, "ingest", str(SAMPLES), env=env)
    assert b"ingested" in out.stderr
    again = _kg("--store", oxigraph_server.query_url, "ingest", str(SAMPLES), env=env)
    assert b"ingested 0 article(s)" in again.stderr, again.stderr   # unchanged articles skipped
    for fmt, parse_as in (("trig", "trig"), ("nq", "nquads")):
        a, b = Dataset(), Dataset()
        a.parse(data=_kg("--store", oxigraph_server.query_url, "export", "--format", fmt).stdout, format=parse_as)
        b.parse(data=_kg("--store", str(local), "export", "--format", fmt).stdout, format=parse_as)
        assert len(a) == len(b) > 0
    for name in ("who-met-whom", "leaders", "visits"):
        far = json.loads(_kg("query", name, "--endpoint", oxigraph_server.query_url, "--format", "json").stdout)
        near = json.loads(_kg("--store", str(local), "query", name, "--format", "json").stdout)
        key = lambda d: sorted(json.dumps(b, sort_keys=True) for b in d["results"]["bindings"])
        assert key(far) == key(near) and near["results"]["bindings"]
        far = _kg("--store", oxigraph_server.query_url, "query", name, "--format", "csv").stdout
        assert far.splitlines()[0] == _kg("--store", str(local), "query", name, "--format", "csv").stdout.splitlines()[0]


def test_cli_push_copies_named_graphs(oxigraph_server, tmp_path):
    from kg.remote import RemoteStore

    store = build_kg_store_dir(tmp_path / "store")
    out = _kg("--store", str(store), "push", "--endpoint", oxigraph_server.query_url,
              "--update-endpoint", oxigraph_server.update_url, "--batch", "3")
    assert b"pushed" in out.stderr
    from kg.store import LocalStore

    local = LocalStore(store, read_only=True)
    remote = RemoteStore(oxigraph_server.query_url)
    assert remote.graph_names() == local.graph_names()
    assert len(remote) == len(local)
    for name in local.graph_names()[:3]:
        a = Graph().parse(data=remote.export("nt", graph=name), format="nt")
        b = Graph().parse(data=local.export("nt", graph=name), format="nt")
        assert set(a) == set(b)
    out = _kg("--store", str(store), "push", "--endpoint", oxigraph_server.url + "/sparql")   # one URL
    assert len(remote) == len(local)
    out = _kg("--store", oxigraph_server.query_url, "push", "--endpoint", oxigraph_server.url, check=False)
    assert out.returncode != 0 and b"local store" in out.stderr
