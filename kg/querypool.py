"""Queries that can really be stopped, and the rules every query obeys.

`run_guarded` is the one way a request's query reaches a store: it refuses
what kg.safety refuses, resolves the dataset (protocol graphs, FROM), and
caps rows. `render_guarded` does the same and answers with bytes in the
client's format, written by Oxigraph's own serialisers (kg.conneg), which is
what `/sparql` and the saved-query API send. `QueryPool` runs either in
worker processes and kills a worker by its PID when the deadline passes.
Threads would not do: pyoxigraph releases the GIL while it evaluates and has
no way to cancel, so an abandoned query would keep a core busy until it
finished (measured: a three-way cross product held the call for its whole run
while other threads kept going). A worker opens its own `Store.read_only`
handle (RocksDB lets it sit beside the server's read-write handle) and
reopens it when the store's log or manifest files change, so it sees writes
made by the server or by `kg ingest`.

Workers are started ahead of need (`warm`, and a replacement in the
background for each worker killed), never on a request's path once warm. A
query still running after `heavy_after` seconds is long: it is reniced so
that short queries keep the CPU, and the pool starts another worker in the
background so that `reserve` workers stay free of long queries, up to
`max_workers`. So a few runaway queries cannot starve everyone else, and a
burst of slow but legitimate queries waits its turn instead of failing.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Optional

from rdflib import Graph

from . import conneg
from .results import QueryResult
from .safety import QueryInfo, QuerySyntaxError, UnsafeQuery, inspect_query, resolve_dataset
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
    except SyntaxError as exc:            # pyoxigraph's parser
        raise QuerySyntaxError(engine_syntax_error(exc)) from None
    except ValueError as exc:             # e.g. a bad IRI among the graph names
        raise QuerySyntaxError(str(exc)) from None


def engine_syntax_error(exc: Exception) -> str:
    """Oxigraph's 'error at 1:25: expected ...' as a sentence with the line and column."""
    m = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
    if m:
        return f"SPARQL query syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return f"SPARQL query syntax error: {exc}"


def render_guarded(store, text: str, *, fmt: conneg.Format, info: Optional[QueryInfo] = None,
                   bindings: Optional[dict] = None, default_uris: Optional[list[str]] = None,
                   named_uris: Optional[list[str]] = None, base: Optional[str] = None,
                   timeout: float = 10.0, max_rows: int = 10000) -> conneg.Rendered:
    """`run_guarded`, answered in `fmt` (which must suit the query form) as bytes.

    `info` is the caller's `inspect_query` of the text with its base, when it
    has one (the server checks each query once, not once per worker). An
    embedded store answers through Oxigraph's serialisers; another store's
    QueryResult is written by kg.conneg.render.
    """
    from .store import LocalStore, engine_query_options

    info = info or inspect_query(with_base(text, base))
    default_graphs, named_graphs = resolve_dataset(info, default_uris, named_uris,
                                                   lambda iri: _has_graph(store, iri))
    if not isinstance(store, LocalStore):
        result = store.query(with_base(text, base), bindings, timeout=timeout, max_rows=max_rows,
                             default_graphs=default_graphs, named_graphs=named_graphs)
        return conneg.Rendered(result.kind, conneg.render(result, fmt), result.truncated)
    # The base goes to the engine as such, not written in front of the text, so
    # that the columns of its syntax errors are the client's own.
    kwargs = {"base_iri": base} if base else {}
    try:
        kwargs.update(engine_query_options(default_graphs, named_graphs, bindings))
        return conneg.render_oxigraph(store._store, text, fmt, max_rows, **kwargs)
    except SyntaxError as exc:
        raise QuerySyntaxError(engine_syntax_error(exc)) from None
    except ValueError as exc:             # a bad IRI among the graph names, a form/format mismatch
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
    try:
        opener.get()              # open the store now, not on the first query
    except Exception:
        pass                      # the first job will report it
    conn_out.send(("ready", os.getpid()))
    while True:
        try:
            job = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return                                    # the server went away
        run = render_guarded if job.pop("op", "query") == "render" else run_guarded
        try:
            try:
                result = run(opener.get(), **job)
            except OSError:
                result = run(opener.get(force=True), **job)   # files moved under us
            reply = ("ok", result if run is render_guarded else _pack(result))
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
        self.reniced = False
        self.ready = False
        self.last_used = time.monotonic()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the worker has imported everything and opened the store."""
        if not self.ready and self.from_worker.poll(max(timeout, 0)):
            try:
                self.ready = self.from_worker.recv()[0] == "ready"
            except (EOFError, OSError):
                return False
        return self.ready

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def renice(self) -> None:
        """Let short queries and the server go first while this worker runs a long query."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 10)
            self.reniced = True
        except (OSError, AttributeError):
            pass

    def restore_priority(self) -> bool:
        """Back to normal priority; False if not allowed (then the worker is retired)."""
        if self.reniced:
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
                self.reniced = False
            except OSError:
                return False
        return True

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
    """Worker processes that run `run_guarded` / `render_guarded` within a deadline.

    `size` workers are kept once warm; up to `max_workers` run queries at once
    (more wait). A query older than `heavy_after` seconds is long: its worker
    is reniced, and a warm pool grows so that `reserve` workers stay free of
    long queries (extra workers stop after `idle_timeout` idle seconds). A
    query past its deadline has its worker killed, and it is replaced in the
    background while the pool is below its target.
    """

    def __init__(self, spec: tuple, size: int = 0, max_workers: int = 0, reserve: int = 0,
                 heavy_after: float = 1.0, idle_timeout: float = 60.0):
        cpus = os.cpu_count() or 2
        self.spec = spec
        self.reserve = reserve or max(2, cpus)
        self.size = size or self.reserve + max(4, cpus)
        self.max_workers = max(max_workers or 2 * self.size, self.size)
        self.heavy_after = heavy_after
        self.idle_timeout = idle_timeout    # an extra worker idle this long is stopped
        self._long = 0                      # queries past heavy_after right now
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._starting = 0                  # workers the background starter is starting
        self._target = 0                    # how many workers it keeps (set by warm)
        self._starter: Optional[threading.Thread] = None
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._slots = threading.BoundedSemaphore(self.max_workers)
        self._closed = False
        self.kills = 0

    @classmethod
    def for_store(cls, store, size: int = 0, **kwargs) -> Optional["QueryPool"]:
        spec = _store_spec(store)
        return cls(spec, size, **kwargs) if spec else None

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy)]

    # -------------------------------------------------------- workers --
    def _total(self) -> int:
        return len(self._idle) + len(self._busy) + self._starting

    def warm(self, count: Optional[int] = None, wait: bool = False) -> None:
        """Keep `count` workers (default: all `size`) from now on, started one by one in the background.

        Workers that are killed are then replaced in the background too.
        """
        with self._ready:
            self._target = max(self._target, min(count or self.size, self.max_workers))
            self._wake_starter()
            if wait:
                self._ready.wait_for(lambda: self._closed or len(self._idle) + len(self._busy) >= self._target,
                                     timeout=120)

    def _wake_starter(self) -> None:
        # Called with the lock held. One thread starts workers one after the other: started
        # all at once they would fight for the CPU and none would be ready soon.
        if self._starter is None and not self._closed and self._total() < self._target:
            self._starter = threading.Thread(target=self._start_workers, daemon=True,
                                             name="kg-querypool-starter")
            self._starter.start()

    def _start_workers(self) -> None:
        while True:
            with self._ready:
                if self._closed or self._total() >= self._target:
                    self._starter = None
                    return
                self._starting += 1
            try:
                worker: Optional[_Worker] = _Worker(self.spec)
                if not worker.wait_ready(120):
                    worker.kill()
                    worker = None
            except Exception:
                worker = None
            with self._ready:
                self._starting -= 1
                if worker is None or self._closed:
                    self._starter = None
                    self._ready.notify_all()
                    break
                self._idle.append(worker)
                self._ready.notify()
        if worker is not None:
            worker.kill()

    def _take(self, deadline: float) -> _Worker:
        dead = []
        worker = None
        with self._ready:
            while True:
                if self._closed:
                    raise StoreError("the query pool is closed")
                while self._idle:
                    candidate = self._idle.pop()
                    if candidate.alive():
                        worker = candidate
                        break
                    dead.append(candidate)
                if worker is not None or (self._target == 0 and self._starting == 0):
                    break                       # (a cold pool starts one below)
                # A warm pool: a worker is starting, or all are busy; wait for one.
                if dead:
                    self._wake_starter()        # replacements for the dead ones
                if deadline - time.monotonic() <= 0:
                    raise QueryTimeout("no query worker became free within the time limit "
                                       "(the server is starting or overloaded)")
                self._ready.wait(min(deadline - time.monotonic(), 0.5))
            if worker is not None:
                self._busy.add(worker)
            if dead:
                self._wake_starter()
        for w in dead:
            w.kill()
        if worker is None:                      # a cold pool: start one for this request
            worker = _Worker(self.spec)
            with self._lock:
                self._busy.add(worker)
            if not worker.wait_ready(deadline - time.monotonic()):
                with self._lock:
                    self._busy.discard(worker)
                worker.kill()
                raise QueryTimeout("no query worker became ready in time (the server is starting or overloaded)")
        return worker

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._ready:
            self._busy.discard(worker)
            if healthy and not self._closed and worker.restore_priority():
                worker.last_used = time.monotonic()
                self._idle.append(worker)
                self._ready.notify()
                extra = self._trim()
            else:
                extra = [worker]                # stopped at its deadline, or cannot be un-reniced
        for w in extra:
            w.kill()
        with self._ready:
            self._wake_starter()                # a replacement, in the background, if below target

    def _trim(self) -> list[_Worker]:
        """Idle workers beyond the target that have not been used for `idle_timeout` (lock held).

        Workers started for a burst of long queries are kept a while, so that a
        next burst does not start them all again.
        """
        out = []
        if self._target:
            now = time.monotonic()
            for w in sorted(self._idle, key=lambda w: w.last_used):
                if len(self._idle) + len(self._busy) <= self._target:
                    break
                if now - w.last_used >= self.idle_timeout:
                    self._idle.remove(w)
                    out.append(w)
        return out

    def _long_query(self, started: bool) -> None:
        """Count a query that runs long (or ends so); a warm pool keeps `reserve` workers beside them."""
        with self._ready:
            self._long += 1 if started else -1
            if self._target:
                self._target = max(self.size, min(self.max_workers, self._long + self.reserve))
                self._wake_starter()

    # -------------------------------------------------------- queries --
    def query(self, text: str, *, timeout: float = 10.0, **job) -> QueryResult:
        """run_guarded(text, **job) in a worker; QueryTimeout once `timeout` seconds have passed."""
        return _unpack(self._run(dict(job, text=text, timeout=timeout), timeout))

    def render(self, text: str, *, fmt: conneg.Format, timeout: float = 10.0, **job) -> conneg.Rendered:
        """render_guarded(text, fmt=fmt, **job) in a worker: the answer's bytes in `fmt`."""
        return self._run(dict(job, op="render", text=text, fmt=fmt, timeout=timeout), timeout)

    def _run(self, job: dict, timeout: float):
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=max(timeout, 0)):
            raise QueryTimeout(f"no query worker became free within {timeout:g} s")
        try:
            worker = self._take(deadline)
            healthy = heavy = False
            try:
                worker.to_worker.send(job)
                if not worker.from_worker.poll(max(min(self.heavy_after, deadline - time.monotonic()), 0)):
                    if deadline - time.monotonic() <= 0:
                        self.kills += 1
                        raise QueryTimeout(f"query stopped after {timeout:g} s (setting query_timeout)")
                    heavy = True
                    worker.renice()
                    self._long_query(True)
                    if not worker.from_worker.poll(max(deadline - time.monotonic(), 0)):
                        self.kills += 1
                        raise QueryTimeout(f"query stopped after {timeout:g} s (setting query_timeout)")
                status, payload = worker.from_worker.recv()
                healthy = True
            except (EOFError, OSError, BrokenPipeError):
                raise StoreError("the query worker died; try again") from None
            finally:
                if heavy:
                    self._long_query(False)
                self._release(worker, healthy)
        finally:
            self._slots.release()
        if status == "error":
            raise payload
        return payload

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()
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
