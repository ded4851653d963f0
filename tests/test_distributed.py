"""Extraction on a real Dask cluster equals a serial run (kg extract --engine dask).

Each test module run starts a real cluster on the loopback interface: one
`dask scheduler` and two `dask worker` processes, each stopped by its PID at
the end. Articles go through `kg extract --engine dask --scheduler tcp://...`
and the per-article files are compared byte for byte with `kg extract
--workers 1` on the same articles; then they are loaded into a store
(`kg load`) and pushed to a real Oxigraph server (`kg push FILES`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (ROOT, OxigraphServer, free_port, kg_command, needs_shared, stop_process)

pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install '.[test]')")

FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return env


def _kg(*args, check=True) -> subprocess.CompletedProcess:
    out = subprocess.run(kg_command() + [str(a) for a in args], capture_output=True, cwd=str(ROOT),
                         env=_env(), timeout=900)
    if check:
        assert out.returncode == 0, out.stderr.decode(errors="replace")[-3000:]
    return out


class DaskCluster:
    """`dask scheduler` + two `dask worker` processes (no nanny: one process each) on 127.0.0.1."""

    def __init__(self, logdir: Path, workers: int = 2):
        exe = Path(sys.executable).parent / "dask"
        if not exe.exists():
            pytest.skip("the dask command is not installed (pip install '.[test]')")
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs = []
        logdir.mkdir(parents=True, exist_ok=True)

        def start(name, args):
            log = open(logdir / f"{name}.log", "wb")
            proc = subprocess.Popen([str(exe), *args], stdout=log, stderr=subprocess.STDOUT,
                                    cwd=str(ROOT), env=_env())
            log.close()
            self.procs.append(proc)

        start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                            "--no-dashboard", "--no-show"])
        try:
            for n in range(workers):
                start(f"worker{n}", ["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                     "--no-nanny", "--no-dashboard", "--name", f"w{n}",
                                     "--memory-limit", "0"])
            from dask.distributed import Client

            with Client(self.address, timeout=60) as client:
                client.wait_for_workers(workers, timeout=120)
        except Exception:
            self.stop()
            raise

    def workers_that_extracted(self) -> dict:
        """Worker name -> how many extractors it has loaded (1 once it ran a task)."""
        from dask.distributed import Client

        def loaded():
            from kg import batch

            return len(batch._EXTRACTORS)

        with Client(self.address, timeout=30) as client:
            info = client.scheduler_info()["workers"]
            names = {addr: w.get("name") for addr, w in info.items()}
            return {names[a]: n for a, n in client.run(loaded).items()}

    def stop(self) -> None:
        for proc in reversed(self.procs):       # workers first, then the scheduler
            stop_process(proc)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = DaskCluster(tmp_path_factory.mktemp("dask"))
    yield c
    c.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def fixture_runs(tmp_path_factory, cluster):
    """The fixture articles plus one bad input, extracted serially and on the cluster."""
    base = tmp_path_factory.mktemp("runs")
    inputs = base / "inputs"
    inputs.mkdir()
    for p in FIXTURES.glob("*.txt"):
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "broken.json").write_text(json.dumps({"id": "broken", "title": "no text"}), encoding="utf-8")
    serial, dask = base / "serial", base / "dask"
    s = _kg("extract", inputs, "-o", serial, "--workers", "1", check=False)
    d = _kg("extract", inputs, "-o", dask, "--engine", "dask", "--scheduler", cluster.address,
            "--batch-size", "4", check=False)
    return base, s, d, serial, dask


def test_cluster_run_equals_serial_run_on_fixture_articles(fixture_runs, cluster):
    base, s, d, serial, dask = fixture_runs
    n = len(list(FIXTURES.glob("*.txt")))
    serial_files, dask_files = _files(serial), _files(dask)
    assert len(serial_files) == n and n >= 20
    assert dask_files == serial_files, d.stderr.decode()[-2000:]   # same files, byte for byte
    # Both workers parsed a share of the articles.
    loaded = cluster.workers_that_extracted()
    assert sorted(loaded) == ["w0", "w1"] and all(v >= 1 for v in loaded.values()), loaded


def test_bad_input_is_named_and_the_batch_goes_on(fixture_runs):
    base, s, d, serial, dask = fixture_runs
    n = len(list(FIXTURES.glob("*.txt")))
    for run in (s, d):
        err = run.stderr.decode()
        assert run.returncode == 1
        assert "broken.json" in err and "error:" in err
        assert f"{n} article(s) written" in err and "1 failed" in err


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    port = free_port()                   # nothing listens there
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "3s")   # Dask's own setting
    out = _kg("extract", FIXTURES / "phone_call.txt", "-o", tmp_path / "o", "--engine", "dask",
              "--scheduler", f"tcp://127.0.0.1:{port}", check=False)
    err = out.stderr.decode()
    assert out.returncode != 0
    assert f"127.0.0.1:{port}" in err and "Traceback" not in err


def _quads(store) -> tuple[int, set]:
    """How many quads, and those without blank nodes (the ontology's bnodes get new ids per load)."""
    lines = [line for line in store.export("nq").decode("utf-8").splitlines() if line.strip()]
    return len(lines), {line for line in lines if "_:" not in line}


def test_loaded_cluster_output_equals_a_serial_ingest(fixture_runs, tmp_path):
    """`kg load` of the cluster's files gives the same store as `kg ingest --workers 1`."""
    from kg.store import LocalStore

    base, s, d, serial, dask = fixture_runs
    loaded, ingested = tmp_path / "loaded", tmp_path / "ingested"
    out = _kg("--store", loaded, "load", dask)
    assert "failed" in out.stderr.decode() and "0 failed" in out.stderr.decode()
    _kg("--store", ingested, "ingest", "--workers", "1", FIXTURES)
    a, b = LocalStore(loaded, read_only=True), LocalStore(ingested, read_only=True)
    try:
        assert a.graph_names() == b.graph_names()
        assert a.article_hashes() == b.article_hashes()
        assert _quads(a) == _quads(b)
        # Loading again replaces each graph: nothing changes.
        before = len(a)
    finally:
        a.close()
        b.close()
    _kg("--store", loaded, "load", dask)
    a = LocalStore(loaded, read_only=True)
    try:
        assert len(a) == before
    finally:
        a.close()


def test_push_cluster_output_to_an_oxigraph_server(fixture_runs, tmp_path):
    """`kg push FILES` puts the files into a real Oxigraph server, as `kg load` does locally."""
    from kg.queries import get_query
    from kg.remote import RemoteStore
    from kg.store import LocalStore

    base, s, d, serial, dask = fixture_runs
    local = tmp_path / "local"
    _kg("--store", local, "load", dask)
    (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        out = _kg("push", dask, tmp_path / "bad.ttl", "--endpoint", server.query_url,
                  "--update-endpoint", server.update_url, check=False)
        err = out.stderr.decode()
        assert out.returncode == 1 and "bad.ttl" in err      # named, and the rest still went
        remote = RemoteStore(server.query_url, server.update_url)
        store = LocalStore(local, read_only=True)
        try:
            assert remote.graph_names() == store.graph_names()
            assert len(remote) == len(store)
            q = get_query("who-met-whom").text
            rows = lambda r: sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in r.rows)
            local_rows = rows(store.query(q))
            assert local_rows and rows(remote.query(q)) == local_rows
        finally:
            store.close()
    finally:
        server.stop()


@pytest.mark.slow
def test_cluster_run_equals_serial_run_on_voa_stories(cluster, tmp_path):
    voa = needs_shared("corpus", "voa", "voa_stories.jsonl")
    serial, dask = tmp_path / "serial", tmp_path / "dask"
    _kg("extract", voa, "-o", dask, "--engine", "dask", "--scheduler", cluster.address)
    _kg("extract", voa, "-o", serial, "--workers", "1")
    serial_files = _files(serial)
    assert len(serial_files) == 89
    assert _files(dask) == serial_files
    loaded = cluster.workers_that_extracted()
    assert all(v >= 1 for v in loaded.values()), loaded
