"""Safe by default: no query reaches the network, runaway queries are stopped, writes need a token.

A listener on a loopback port stands for "another server": the tests first
show that both engines would connect to it if asked, then that no request to
the app or the CLI ever makes them do so.
"""
from __future__ import annotations

import json
import socket
import subprocess
import threading
import time

import pytest
import requests

from conftest import (RUNAWAY_QUERY, ROOT, KgServer, build_kg_store_dir, child_pids, cpu_seconds,
                      kg_command, make_web_app)


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and closes each at once."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            conn.close()

    def settle(self) -> int:
        time.sleep(0.3)
        return self.connections

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def _unsafe_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}/> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX far: <{url}/>\nSELECT * WHERE {{ # a comment {{\n SERVICE far:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/> AS ?svc) SERVICE ?svc {{ ?s ?p ?o }} }}",
        f"sElEcT * wHeRe {{ sErViCe <{url}/> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
        f"ASK FROM <{url}/x> {{ }}",
        f"DESCRIBE ?s FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
    ]


def _unsafe_updates(url: str) -> list[str]:
    return [
        f"LOAD <{url}/data.ttl>",
        f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>",
        f"CLEAR SILENT GRAPH <urn:x> ; LOAD <{url}/data.ttl>",
        f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}/> {{ ?s ?p ?o }} }}",
    ]


# ------------------------------------------------------- positive controls --
def test_the_engines_would_connect_if_asked(listener):
    """Without the guards both engines reach the listener, so the tests below can see a leak."""
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    with pytest.raises(Exception):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}"))
    oxigraph_connections = listener.settle()
    assert oxigraph_connections >= 1
    seen = oxigraph_connections
    for graph, q in ((Graph(), f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}"),
                     (Dataset(), f"SELECT * FROM <{listener.url}/data.ttl> WHERE {{ ?s ?p ?o }}")):
        try:   # rdflib may swallow the failed fetch; the connection is what counts
            list(graph.query(q))
        except Exception:
            pass
        assert listener.settle() > seen, q
        seen = listener.connections


def test_no_network_blocks_rdflib_fetches(listener):
    from rdflib import Dataset, Graph

    from kg.safety import no_network

    with no_network():
        for graph, q in ((Graph(), f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}"),
                         (Dataset(), f"SELECT * FROM <{listener.url}/data.ttl> WHERE {{ ?s ?p ?o }}")):
            try:
                list(graph.query(q))
            except Exception:
                pass
    with no_network(), pytest.raises(PermissionError):
        socket.create_connection(("127.0.0.1", listener.port), timeout=1)
    assert listener.settle() == 0
    socket.create_connection(("127.0.0.1", listener.port), timeout=1).close()   # only inside the guard
    assert listener.settle() == 1


# ------------------------------------------------------------- the endpoint --
def test_endpoint_refuses_service_and_outside_from(sparql_client, listener):
    for q in _unsafe_queries(listener.url):
        for resp in (sparql_client.get("/sparql", query_string={"query": q}),
                     sparql_client.post("/sparql", data=q.encode(), content_type="application/sparql-query")):
            assert resp.status_code == 400, (q, resp.data)
            assert resp.mimetype == "text/plain"
            assert b"refused" in resp.data
    assert listener.settle() == 0


def test_words_in_strings_and_comments_are_not_refused(sparql_client, listener):
    q = (f'SELECT ?x WHERE {{ BIND("SERVICE <{listener.url}/> {{ ?s ?p ?o }}" AS ?x) }} '
         f"# SERVICE <{listener.url}/> FROM <{listener.url}/>")
    resp = sparql_client.get("/sparql", query_string={"query": q})
    assert resp.status_code == 200, resp.data
    assert listener.settle() == 0


def _escaped_queries(url: str) -> list[str]:
    # \\u escapes that spell the keywords, which a parser may expand before reading the text
    return [
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0073\\u0065rvice <{url}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{url}/> {{ ?s ?p ?o }} }}",
        f"SELECT * \\u0046ROM <{url}/x> WHERE {{ ?s ?p ?o }}",
        f"SELECT * F\\u0072om NAMED <{url}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]


def test_keywords_spelled_with_escapes_never_reach_out(sparql_client, listener):
    for q in _escaped_queries(listener.url):
        resp = sparql_client.get("/sparql", query_string={"query": q})
        assert resp.status_code == 400, (q, resp.data)
        assert resp.mimetype == "text/plain"
    assert listener.settle() == 0


def test_a_query_without_those_words_is_read_by_the_engine_alone(sparql_client):
    """No second parser stands between the query and Oxigraph: LATERAL (which rdflib's
    parser does not know) runs, and a syntax error comes from the engine with its place."""
    q = ("SELECT ?m ?p WHERE { ?m a <https://w3id.org/dipkg/ontology#Meeting> "
         "LATERAL { SELECT ?p WHERE { ?m <https://w3id.org/dipkg/ontology#participant> ?p } LIMIT 1 } }")
    resp = sparql_client.get("/sparql", query_string={"query": q})
    assert resp.status_code == 200, resp.data
    assert len(json.loads(resp.data)["results"]["bindings"]) >= 3
    resp = sparql_client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert resp.status_code == 400 and b"line 1, column 25" in resp.data   # the client's own column


def test_updates_with_load_or_service_are_refused(tmp_path, listener):
    from conftest import build_kg_store
    from web.sparql import close_query_pool

    store = build_kg_store(tmp_path / "store")
    app = make_web_app(store, write_token="t")
    client = app.test_client()
    try:
        before = len(store)
        for u in _unsafe_updates(listener.url):
            resp = client.post("/sparql", data={"update": u}, headers={"Authorization": "Bearer t"})
            assert resp.status_code == 400, (u, resp.data)
            assert b"refused" in resp.data
        assert len(store) == before
    finally:
        close_query_pool(app)
    assert listener.settle() == 0


def test_saved_query_engines_refuse_too(kg_store, listener):
    """The rdflib path (kg query --data) and the store path apply the same refusals."""
    from kg.queries import QueryError
    from kg.querypool import run_guarded
    from kg.runner import graph_from_files, run_on_graph
    from kg.safety import UnsafeQuery

    g = graph_from_files([])
    for q in _unsafe_queries(listener.url):
        with pytest.raises(QueryError, match="refused"):
            run_on_graph(g, q)
        with pytest.raises(UnsafeQuery):
            run_guarded(kg_store, q)
    assert listener.settle() == 0


@pytest.mark.parametrize("where", ["data", "store"])
def test_kg_query_refuses_a_query_file_that_would_fetch(tmp_path, listener, where):
    data = tmp_path / "data.nt"
    data.write_text('<http://example.org/a> <http://example.org/b> "c" .\n')
    store = build_kg_store_dir(tmp_path / "store")
    for n, q in enumerate(_unsafe_queries(listener.url)):
        rq = tmp_path / f"unsafe{n}.rq"
        rq.write_text(f"# title: unsafe {n}\n{q}\n")
        args = [str(rq), "--data", str(data)] if where == "data" else [str(rq)]
        out = subprocess.run(kg_command() + ["--store", str(store), "query", *args],
                             capture_output=True, text=True, cwd=str(ROOT), timeout=60)
        assert out.returncode == 1, (q, out.stdout, out.stderr)
        assert "refused" in out.stderr
    assert listener.settle() == 0


# ----------------------------------------------------------------- timeouts --
def test_pool_kills_a_runaway_query_and_recovers(kg_store):
    from kg.querypool import QueryPool
    from kg.store import QueryTimeout

    pool = QueryPool.for_store(kg_store, size=2)
    try:
        assert pool.query("ASK {}", timeout=30).boolean is True
        pids = pool.worker_pids()
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="stopped after 1.5 s"):
            pool.query(RUNAWAY_QUERY, timeout=1.5)
        assert 1.4 < time.monotonic() - started < 4
        time.sleep(0.2)
        gone = [pid for pid in pids if cpu_seconds(pid) == 0.0]
        assert gone == pids, "the worker that ran the query must be gone"
        assert pool.kills == 1
        assert pool.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
    finally:
        pool.close()


def test_runaway_query_is_stopped_while_the_server_answers_others(tmp_path):
    store = build_kg_store_dir(tmp_path / "store")
    server = KgServer(store, env={"KG_QUERY_TIMEOUT": "3"})
    quick = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/dipkg/ontology#Meeting> }"}
    try:
        assert requests.get(server.url + "/sparql", params=quick, timeout=30).status_code == 200
        outcome = {}

        def runaway():
            t = time.monotonic()
            r = requests.get(server.url + "/sparql", params={"query": RUNAWAY_QUERY}, timeout=60)
            outcome.update(status=r.status_code, text=r.text, seconds=time.monotonic() - t)

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)
        answered = 0
        while thread.is_alive() and answered < 20:
            t = time.monotonic()
            r = requests.get(server.url + "/sparql", params=quick, timeout=30)
            assert r.status_code == 200
            assert time.monotonic() - t < 2.0
            answered += 1
            time.sleep(0.1)
        thread.join(30)
        assert answered >= 3, "other requests must be answered while the runaway query runs"
        assert outcome["status"] == 503, outcome
        assert "stopped after 3 s" in outcome["text"]
        assert 2.8 < outcome["seconds"] < 8
        # Really stopped: no process of the server is still computing it. A replacement
        # worker starts in the background meanwhile, so wait (a while) for quiet: the
        # runaway query itself would keep a core busy for hours.
        assert _server_goes_quiet(server.proc.pid, within=15.0)
        assert requests.get(server.url + "/sparql", params=quick, timeout=30).status_code == 200
    finally:
        server.stop()


def _server_goes_quiet(pid: int, within: float) -> bool:
    """True once no process of the server uses 0.3 s of CPU in a second, before `within` seconds."""
    deadline = time.monotonic() + within
    used = {}
    while time.monotonic() < deadline:
        before = {p: cpu_seconds(p) for p in [pid, *child_pids(pid)]}
        time.sleep(1.0)
        used = {p: cpu_seconds(p) - cpu for p, cpu in before.items()}
        if all(u < 0.3 for u in used.values()):
            return True
    raise AssertionError(f"the server's processes are still busy: {used}")


def _wait_for_workers(pid: int, within: float) -> None:
    """Wait until `kg serve` has started all its query workers (it starts them one by one)."""
    from kg.querypool import QueryPool

    size = QueryPool(("local", "unused")).size          # the default pool, as kg serve has it
    deadline = time.monotonic() + within
    while len(child_pids(pid)) < size:
        assert time.monotonic() < deadline, f"only {len(child_pids(pid))} of {size} workers started"
        time.sleep(0.2)
    _server_goes_quiet(pid, within=within)


def test_four_runaway_queries_do_not_starve_a_light_one(tmp_path):
    """Runaway queries hold their workers until the time limit; a light query is still answered at once."""
    store = build_kg_store_dir(tmp_path / "store")
    server = KgServer(store, env={"KG_QUERY_TIMEOUT": "5"})
    light = {"query": "ASK { ?s ?p ?o }"}
    try:
        assert requests.get(server.url + "/sparql", params=light, timeout=30).status_code == 200
        _wait_for_workers(server.proc.pid, within=120.0)          # a warm server: its workers have started
        outcomes = []

        def runaway():
            r = requests.get(server.url + "/sparql", params={"query": RUNAWAY_QUERY}, timeout=60)
            outcomes.append((r.status_code, r.text))

        threads = [threading.Thread(target=runaway) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(2.0)             # all four run, and are past the point where a query counts as long
        assert all(t.is_alive() for t in threads)
        waits = []
        for _ in range(3):
            started = time.monotonic()
            r = requests.get(server.url + "/sparql", params=light, timeout=30)
            waits.append(time.monotonic() - started)
            assert r.status_code == 200 and r.json()["boolean"] is True
            time.sleep(0.2)
        assert max(waits) < 1.0, f"light queries waited {waits} s behind four runaway ones"
        for t in threads:
            t.join(30)
        assert [status for status, _ in outcomes] == [503] * 4, outcomes
        assert all("stopped after 5 s" in text for _, text in outcomes), outcomes
    finally:
        server.stop()


def test_the_pool_grows_to_keep_workers_free_while_queries_run_long(kg_store):
    """Long queries hold their workers until the time limit; a warm pool starts more, up to
    `max_workers`, so that `reserve` workers stay free for everyone else, and shrinks again."""
    from kg.querypool import QueryPool
    from kg.store import QueryTimeout

    pool = QueryPool.for_store(kg_store, size=2, reserve=1, max_workers=4, heavy_after=1.0,
                               idle_timeout=0.5)
    outcomes = []

    def run():
        try:
            pool.query(RUNAWAY_QUERY, timeout=6)
            outcomes.append("answered")
        except QueryTimeout as exc:
            outcomes.append(str(exc))

    try:
        pool.warm(wait=True)
        assert len(pool.worker_pids()) == 2
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(pool.worker_pids()) < 3:          # two long queries + one free worker
            assert time.monotonic() < deadline, pool.worker_pids()
            time.sleep(0.2)
        assert all(t.is_alive() for t in threads)
        assert pool.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
        assert len(pool.worker_pids()) <= 4
        for t in threads:
            t.join(30)
        assert outcomes == ["query stopped after 6 s (setting query_timeout)"] * 2
        assert pool.kills == 2
        deadline = time.monotonic() + 30
        while len(pool.worker_pids()) != 2:         # back to its size once the extra one idles
            assert time.monotonic() < deadline, pool.worker_pids()
            assert pool.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
            time.sleep(0.6)
    finally:
        pool.close()


@pytest.mark.parametrize("where", ["store", "data"])
def test_kg_query_stops_a_runaway_query(tmp_path, where):
    store = build_kg_store_dir(tmp_path / "store")
    rq = tmp_path / "runaway.rq"
    rq.write_text(f"# title: runaway\n{RUNAWAY_QUERY}\n")
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(300)))
    args = [str(rq)] if where == "store" else [str(rq), "--data", str(data)]
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("KG_")}
    env["KG_QUERY_TIMEOUT"] = "2"
    t = time.monotonic()
    out = subprocess.run(kg_command() + ["--store", str(store), "query", *args], env=env,
                         capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert out.returncode == 3, out.stderr
    assert "stopped after 2 s" in out.stderr
    assert time.monotonic() - t < 15


@pytest.mark.parametrize("update", [
    'INSERT DATA { <urn:s> <urn:p> "o" }',
    'DELETE DATA { <urn:s> <urn:p> "o" }',
    "DELETE WHERE { ?s ?p ?o }",
    'DELETE { ?s ?p ?o } WHERE { GRAPH <urn:g> { ?s ?p ?o } }',
    'INSERT { ?s <urn:p> "o" } WHERE { GRAPH <urn:g> { ?s ?p ?o } }',
    "CLEAR DEFAULT",
    "DROP DEFAULT",
    "COPY <urn:g> TO DEFAULT",
    "MOVE <urn:g> TO DEFAULT",
])
def test_updates_may_not_write_the_default_graph(update):
    """The default graph is the store's merge of the named graphs, not a place to write."""
    from kg.safety import UnsafeQuery, inspect_update

    with pytest.raises(UnsafeQuery, match="default graph"):
        inspect_update(update)


@pytest.mark.parametrize("update", [
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } }',
    'WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p "n" } WHERE { ?s ?p ?o }',
    'DELETE { GRAPH <urn:g> { ?s ?p ?o } } WHERE { GRAPH <urn:g> { ?s ?p ?o } }',
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g2>",
])
def test_updates_on_named_graphs_pass(update):
    from kg.safety import inspect_update

    assert inspect_update(update).has_dataset_clause == update.startswith("WITH")
