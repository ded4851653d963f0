"""Extraction on a Dask cluster, when one machine is not enough.

The map step (parse + rules + RDF for each article) runs as Dask tasks: the
client streams the articles in chunks to the scheduler, each worker runs
`kg.batch.extract_chunk` on its share (spaCy loaded once per worker process)
and sends back one serialised graph per article. The client writes them as
per-article files, and `kg load` / `kg push` put those into a store. The
scheduling, retries on lost workers and data movement are Dask's.

    dask scheduler --host 0.0.0.0 --port 8786                    # one machine
    dask worker tcp://HEAD:8786 --nworkers 2 --nthreads 1         # every machine
    kg extract corpus/ -o out/ --engine dask --scheduler tcp://HEAD:8786

The workers need this project installed (the same version) in their Python
environment; the articles themselves travel with the tasks.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from .articles import Article
from .batch import BATCH_SIZE, Extracted, _failed, chunks, extract_chunk


class EngineError(RuntimeError):
    """The distributed engine cannot be used; the message says why."""


def _client(scheduler: Optional[str], workers: int, timeout: Optional[float]):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs dask.distributed: pip install 'distributed>=2024.1'") from None
    if scheduler:
        try:
            kw = {"timeout": timeout} if timeout else {}
            return Client(scheduler, **kw), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    # No scheduler given: a cluster of local processes for this run only.
    cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    return Client(cluster), cluster


def extract_dask(articles: Iterable[Article], *, scheduler: Optional[str] = None,
                 extractor: str = "rules", model: str = "", fmt: str = "turtle",
                 workers: int = 2, batch_size: int = BATCH_SIZE,
                 timeout: Optional[float] = None) -> Iterator[Extracted]:
    """Extract articles on a Dask cluster; results come back as chunks finish.

    `scheduler` is the address of a running scheduler (tcp://HOST:PORT),
    reached within `timeout` seconds (default: Dask's setting
    distributed.comm.timeouts.connect, e.g. DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s);
    without one a local cluster of `workers` processes is started and closed
    again. At most three chunks per worker thread are queued at a time, so a
    long stream of articles is never held in memory at once. A chunk whose
    task fails (a worker lost too often, an unpicklable input) is reported
    per article; the other chunks go on.
    """
    from dask.distributed import as_completed

    client, cluster = _client(scheduler, workers, timeout)
    try:
        slots = sum(client.nthreads().values()) or 1
        window = 3 * slots
        pending = as_completed()
        chunk_of = {}

        def finished(fut) -> list[Extracted]:
            chunk = chunk_of.pop(fut.key)
            try:
                return fut.result()
            except Exception as exc:
                return [_failed(a, exc) for a in chunk]
            finally:
                fut.release()

        for chunk in chunks(articles, batch_size):
            fut = client.submit(extract_chunk, chunk, extractor, model, fmt, pure=False)
            chunk_of[fut.key] = chunk
            pending.add(fut)
            while pending.count() >= window:
                yield from finished(next(pending))
                slots = sum(client.nthreads().values()) or slots   # workers may join or leave
                window = 3 * slots
        for fut in pending:
            yield from finished(fut)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
