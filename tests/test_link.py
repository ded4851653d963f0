"""`kg link` against a real local Oxigraph server holding Wikidata-shaped test items."""
import gc
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from rdflib.namespace import OWL

from kg.articles import Article
from kg.facts import ArticleFacts, Entity, OfficeHolding
from kg.link import LINKS_GRAPH, USER_AGENT, LinkError, link, sparqlwrapper_runner, unlinked
from kg.mapping import to_graph
from kg.namespaces import DKG, ID, WD
from kg.store import LocalStore

from conftest import free_port, kg_command, make_sample_facts


def berg_facts():
    """Another article: a Norwegian ambassador whose name two Norwegians share."""
    art = Article(id="berg", text="Ambassador Jonas Berg spoke in Oslo.", published="2024-02-01")
    f = ArticleFacts(article=art, extractor="hand-built")
    f.entities["person/jonas-berg"] = Entity("person/jonas-berg", "Person", "Jonas Berg")
    f.entities["state/norway"] = Entity("state/norway", "State", "Norway", qid="Q20")
    f.offices.append(OfficeHolding("person/jonas-berg", "Ambassador", "state/norway"))
    return f


def make_store(path):
    store = LocalStore(path)
    store.replace_graphs([to_graph(make_sample_facts()), to_graph(berg_facts())])
    return store


def same_as(store):
    rows = store.query(f"""SELECT ?e ?w WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?e <{OWL.sameAs}> ?w }} }}""").rows
    return {str(r["e"]).rsplit("/id/", 1)[-1]: str(r["w"]).rsplit("/", 1)[-1] for r in rows}


def test_unlinked_entities_carry_their_context(tmp_path):
    targets = {t.iri.rsplit("/id/", 1)[-1]: t for t in unlinked(make_store(tmp_path / "s"))}
    assert set(targets) == {"person/ingrid-halvorsen", "person/tomas-araya", "person/jonas-berg",
                            "place/santiago", "place/oslo"}
    assert targets["person/ingrid-halvorsen"].state_qids == {"Q20"}
    assert targets["place/santiago"].state_qids == {"Q298"}
    assert targets["place/santiago"].subtype == "City"


def test_link_records_only_confirmed_qids_with_their_evidence(tmp_path, wikidata_endpoint):
    store = make_store(tmp_path / "s")
    cache = tmp_path / "cache.json"
    summary = link(store, wikidata_endpoint.query_url, cache_path=cache, batch=2)
    assert same_as(store) == {
        "person/ingrid-halvorsen": "Q90000001",   # the Norwegian, not the Danish namesake or the ship
        "person/tomas-araya": "Q90000003",        # found by its alias
        "place/santiago": "Q2887",                # the Chilean city, not the commune or Compostela
        "place/oslo": "Q585",
    }
    assert [a for a in summary.ambiguous if "jonas-berg" in a]      # two Norwegians: no link
    assert summary.queries >= 3                                     # batches of two names
    # the evidence: label and criteria on a link node
    rows = store.query(f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?note ?by WHERE {{ GRAPH <{LINKS_GRAPH}> {{
          <{ID['link/person/ingrid-halvorsen']}> skos:note ?note ; prov:wasAttributedTo ?by }} }}""").rows
    assert len(rows) == 1
    note = str(rows[0]["note"])
    assert "'Ingrid Halvorsen'" in note and "wd:Q20" in note and "human" in note
    assert str(rows[0]["by"]) == wikidata_endpoint.query_url
    # linked entities count as linked from now on; a second run looks up only the rest
    again = link(store, wikidata_endpoint.query_url, cache_path=cache)
    assert again.looked_up == 1 and again.queries == 0 and again.cached == 1
    assert len(same_as(store)) == 4


def test_the_cache_answers_when_the_endpoint_is_gone(tmp_path, wikidata_endpoint):
    store = make_store(tmp_path / "s")
    cache = tmp_path / "cache.json"
    dry = link(store, wikidata_endpoint.query_url, cache_path=cache, dry_run=True)
    assert len(dry.linked) == 4 and same_as(store) == {}           # a dry run writes no link
    assert json.loads(cache.read_text())
    wikidata_endpoint.stop()
    summary = link(store, wikidata_endpoint.query_url, cache_path=cache)
    assert summary.queries == 0 and len(same_as(store)) == 4
    # without the cache, the dead endpoint is a clear error
    with pytest.raises(LinkError, match="query failed"):
        link(store, wikidata_endpoint.query_url, cache_path=None, kinds=("person",))


def test_kg_link_command(tmp_path, wikidata_endpoint):
    path = tmp_path / "s"
    store = make_store(path)
    del store
    gc.collect()
    done = subprocess.run(kg_command() + ["--store", str(path), "link", "--endpoint",
                                          wikidata_endpoint.query_url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "linked 4" in done.stdout and "person/ingrid-halvorsen = wd:Q90000001" in done.stdout
    assert (path.parent / "s.link-cache.json").exists()
    store = LocalStore(path)
    assert same_as(store)["place/oslo"] == "Q585"
    # the saved queries see the QID like any other
    assert store.query(f"""ASK {{ <{ID['person/tomas-araya']}> <{DKG.qid}> "Q90000003" }}""").boolean


def test_requests_name_the_program_and_batch_the_names(tmp_path):
    """A stand-in endpoint records what SPARQLWrapper sends."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            seen.append((self.headers.get("User-Agent"), body))
            out = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args):
            pass

    port = free_port()
    server = HTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        summary = link(make_store(tmp_path / "s"), f"http://127.0.0.1:{port}/sparql",
                       cache_path=tmp_path / "c.json", batch=50)
    finally:
        server.shutdown()
        server.server_close()
    assert summary.queries == 2 and len(seen) == 2                # one batch of persons, one of places
    assert all(ua == USER_AGENT for ua, _ in seen)
    assert "diplomatic-kg" in USER_AGENT
    assert summary.linked == [] and summary.not_found == 5
