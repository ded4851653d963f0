"""Queries that can really be stopped, and the rules every query obeys.

`run_guarded` is the one way a request's query reaches a store: it refuses
what kg.safety refuses, resolves the dataset (protocol graphs, FROM), and
caps rows. `QueryPool` runs it in worker processes and kills a worker by its
PID when the deadline passes. Threads would not do: pyoxigraph releases the
GIL while it evaluates and has no way to cancel, so an abandoned query would
keep a core busy until it finished (measured: a three-way cross product held
the call for its whole run while other threads kept going). A worker opens its
own `Store.read_only` handle (RocksDB lets it sit beside the server's
read-write handle) and reopens it when the store's log or manifest files
change, so it sees writes made by the server or by `kg ingest`.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Optional

from rdflib import Graph

from .results import QueryResult
from .safety import QuerySyntaxError, UnsafeQuery, inspect_query, resolve_dataset
from .sparqltext import SparqlTextError, sparql_iri, with_base
from .store import QueryTimeout, StoreError


def _has_graph(store, iri: str) -> bool:
    try:
        ask = f"ASK {{ GRAPH {sparql_iri(iri)} {{ ?s ?p ?o }} }}"
    except SparqlTextError:
        return False
    return bool(store.query(ask, timeout=10.0, max_rows=1).boolean)


def run_guarded(store, text: str, *, bindings: Optional[dict] = None,
                default_uris: Optional[list[str]] = None, named_uris: Optional[list[str]] = None,
                base: Optional[str] = None, timeout: float = 10.0, max_rows: int = 10000) -> QueryResult:
    """Check, then run `text` on `store` within `timeout` and `max_rows`."""
    text = with_base(text, base)
    info = inspect_query(text)
    default_graphs, named_graphs = resolve_dataset(info, default_uris, named_uris,
                                                   lambda iri: _has_graph(store, iri))
    try:
        return store.query(text, bindings, timeout=timeout, max_rows=max_rows,
                           default_graphs=default_graphs, named_graphs=named_graphs)
    except SyntaxError as exc:            # pyoxigraph's parser disagrees with rdflib's
        raise QuerySyntaxError(f"SPARQL query syntax error: {exc}") from None
    except ValueError as exc:             # e.g. a bad IRI among the graph names
        raise QuerySyntaxError(str(exc)) from None


# ------------------------------------------------------------- workers --
def _store_spec(store) -> Optional[tuple]:
    """How a worker opens the same store, or None if it cannot."""
    from .store import LocalStore

    if isinstance(store, LocalStore):
        return ("local", str(store.path))
    endpoint = getattr(store, "endpoint", None)
    if endpoint:
        return ("remote", endpoint, getattr(store, "update_endpoint", None))
    return None


def _signature(path: str) -> tuple:
    """Names, sizes and times of the store's log and manifest files: they change on every write."""
    try:
        entries = [e for e in os.scandir(path) if not e.name.endswith(".sst")]
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return ()


class _Opener:
    """A worker's store, reopened read-only when the files underneath change."""

    def __init__(self, spec: tuple):
        self.spec, self.store, self.sig = spec, None, None

    def get(self, force: bool = False):
        if self.spec[0] == "remote":
            if self.store is None:
                from .remote import RemoteStore

                self.store = RemoteStore(self.spec[1], update_endpoint=self.spec[2])
            return self.store
        from .store import LocalStore

        sig = _signature(self.spec[1])
        if force or self.store is None or sig != self.sig:
            self.store = None
            for attempt in range(5):   # a compaction may delete a file while we open
                try:
                    self.store = LocalStore(self.spec[1], read_only=True)
                    break
                except Exception:
                    if attempt == 4:
                        raise
                    time.sleep(0.05 * (attempt + 1))
            self.sig = sig
        return self.store


def _pack(result: QueryResult) -> QueryResult:
    # A Graph travels as a list of triples: smaller and faster than a pickled store.
    if result.graph is not None:
        result.graph = list(result.graph)
    return result


def _unpack(result: QueryResult) -> QueryResult:
    if isinstance(result.graph, list):
        g = Graph()
        for t in result.graph:
            g.add(t)
        result.graph = g
    return result


_SENDABLE = (UnsafeQuery, QuerySyntaxError, QueryTimeout, StoreError, ValueError)


def serve_jobs(conn_in, conn_out, spec: tuple) -> None:
    """A worker's loop: run each job it is sent, until the pipe closes."""
    opener = _Opener(spec)
    while True:
        try:
            job = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return                                    # the server went away
        try:
            try:
                result = run_guarded(opener.get(), **job)
            except OSError:
                result = run_guarded(opener.get(force=True), **job)   # files moved under us
            reply = ("ok", _pack(result))
        except _SENDABLE as exc:
            reply = ("error", exc)
        except Exception as exc:
            reply = ("error", StoreError(f"{type(exc).__name__}: {exc}"))
        try:
            conn_out.send(reply)
        except Exception as exc:                      # e.g. an unpicklable error
            conn_out.send(("error", StoreError(str(exc))))


class _Worker:
    """`python -m kg.querypool SPEC` speaking pickles over its stdin and stdout.

    A plain subprocess rather than multiprocessing's spawn: spawn re-imports the
    parent's __main__, which breaks apps built in unguarded scripts.
    """

    def __init__(self, spec: tuple):
        self.process = subprocess.Popen([sys.executable, "-m", "kg.querypool", json.dumps(spec)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.to_worker = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.from_worker = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)   # the query holds the process: no gentler way
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.to_worker.close()
        self.from_worker.close()


class QueryPool:
    """Worker processes that run `run_guarded`; a query past its deadline kills its worker."""

    def __init__(self, spec: tuple, size: int = 0):
        self.spec = spec
        self.size = size or max(4, os.cpu_count() or 4)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.size)
        self._closed = False
        self.kills = 0

    @classmethod
    def for_store(cls, store, size: int = 0) -> Optional["QueryPool"]:
        spec = _store_spec(store)
        return cls(spec, size) if spec else None

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy)]

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise StoreError("the query pool is closed")
            worker = self._idle.pop() if self._idle else None
        if worker is None or not worker.alive():
            if worker is not None:
                worker.kill()
            worker = _Worker(self.spec)
        with self._lock:
            self._busy.add(worker)
        return worker

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._lock:
            self._busy.discard(worker)
            if healthy and not self._closed:
                self._idle.append(worker)
                return
        worker.kill()

    def query(self, text: str, *, timeout: float = 10.0, **job) -> QueryResult:
        """run_guarded(text, **job) in a worker; QueryTimeout once `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=max(timeout, 0)):
            raise QueryTimeout(f"no query worker became free within {timeout:g} s")
        try:
            worker = self._take()
            healthy = False
            try:
                worker.to_worker.send(dict(job, text=text, timeout=timeout))
                if not worker.from_worker.poll(max(deadline - time.monotonic(), 0)):
                    self.kills += 1
                    raise QueryTimeout(f"query stopped after {timeout:g} s (setting query_timeout)")
                status, payload = worker.from_worker.recv()
                healthy = True
            except (EOFError, OSError, BrokenPipeError):
                raise StoreError("the query worker died; try again") from None
            finally:
                self._release(worker, healthy)
        finally:
            self._slots.release()
        if status == "error":
            raise payload
        return _unpack(payload)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
        for w in workers:
            w.kill()


def _exit_with_parent() -> None:
    """End this worker if the server dies, even in the middle of a query.

    The pipe's EOF is only seen between jobs; a runaway query would otherwise
    outlive a killed server. Polling the parent PID works from a thread
    because pyoxigraph releases the GIL while it evaluates.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def main() -> None:
    """Entry point of a worker process: jobs on stdin, replies on stdout."""
    _exit_with_parent()
    spec = tuple(json.loads(sys.argv[1]))
    conn_in = Connection(os.dup(0), writable=False)
    conn_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)                                   # stray prints must not corrupt the replies
    sys.stdout = sys.stderr
    serve_jobs(conn_in, conn_out, spec)


if __name__ == "__main__":
    main()
