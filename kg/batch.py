"""Batched extraction: articles in, one serialised RDF graph per article out.

This is the map step of extraction, shared by `kg extract` (in this process or
a pool of local processes) and by the distributed engine (kg.distributed runs
`extract_chunk` on Dask workers). Articles are parsed in batches with spaCy's
`nlp.pipe`, then the extractor's rules run on each parsed Doc
(`extract.from_doc`); extractors without `from_doc` are called per article.

A worker returns each article's graph already serialised (Turtle or N-Quads),
so nothing heavier than bytes crosses a process or machine boundary, and an
article that fails is reported by name while the rest of its chunk goes on.

`load_files` is the other half: per-article RDF files (from `kg extract`) into
a store, local or remote, in batches.
"""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .articles import Article

# Articles parsed together by one nlp.pipe call. spaCy's small CNN pipeline
# gains little from larger batches, and a chunk is also the unit of work sent
# to a worker, so it stays small enough to spread a few hundred articles evenly.
BATCH_SIZE = 16

FORMATS = {"turtle": ("turtle", ".ttl"), "nq": ("nquads", ".nq")}


@dataclass
class Extracted:
    """One article's result: its serialised graph, or the error that stopped it."""
    id: str
    name: str                       # the article's source file (or id), for messages
    data: Optional[bytes] = None    # the article's named graph, serialised
    counts: Counter = field(default_factory=Counter)
    error: Optional[str] = None


# ---------------------------------------------------- in a worker process --
_EXTRACTORS: dict = {}
_LOCK = threading.Lock()           # one spaCy pipeline per process: no two threads in it at once


def _get(extractor: str, model: str):
    key = (extractor, model)
    if key not in _EXTRACTORS:
        from .extract import get_extractor

        _EXTRACTORS[key] = get_extractor(extractor, model=model)
    return _EXTRACTORS[key]


def _serialise(article: Article, facts, fmt: str) -> Extracted:
    """The article's graph as bytes, written by Oxigraph's serialisers.

    rdflib's Turtle writer took a fifth of the whole extraction time (it
    looks up a prefixed name for every term); Oxigraph's takes a few
    milliseconds. Triples are sorted so that a subject's triples stand
    together and the same facts give the same file.
    """
    import pyoxigraph as ox

    from .mapping import to_graph
    from .namespaces import PREFIXES
    from .results import to_oxigraph

    name = article.source or article.id
    graph = to_graph(facts)
    triples = sorted(graph, key=lambda t: (t[0], t[1], t[2]))
    if fmt == "nq":
        gname = ox.NamedNode(str(graph.identifier))
        data = ox.serialize((ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), gname)
                             for s, p, o in triples), format=ox.RdfFormat.N_QUADS)
    else:
        # As LocalStore.export: id: and graph: are left out (their local names hold slashes).
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "graph")}
        data = ox.serialize((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                             for s, p, o in triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    counts = Counter(e.kind for e in facts.events)
    if facts.offices:
        counts["OfficeHolding"] += len(facts.offices)
    return Extracted(article.id, name, data or b"", counts)


def _failed(article: Article, exc: BaseException) -> Extracted:
    name = article.source or article.id
    return Extracted(article.id, name, error=f"{name}: extraction failed ({type(exc).__name__}: {exc})")


def _docs(run, articles: list[Article]) -> list:
    """The parsed Docs of the articles (one nlp.pipe call); None for a text spaCy cannot parse."""
    nlp = run.nlp
    try:
        return list(nlp.pipe([a.text for a in articles], batch_size=max(len(articles), 1)))
    except Exception:
        docs = []                            # find the culprit: parse one by one
        for a in articles:
            try:
                docs.append(nlp(a.text))
            except Exception as exc:
                docs.append(exc)
        return docs


def extract_chunk(articles: list[Article], extractor: str = "rules", model: str = "",
                  fmt: str = "turtle") -> list[Extracted]:
    """Extract a chunk of articles in this process; one Extracted per article, in order.

    This is the task a pool process or a Dask worker runs. The extractor is
    loaded once per process and kept.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    with _LOCK:
        run = _get(extractor, model)
        out = []
        from_doc = getattr(run, "from_doc", None)
        if from_doc is None or getattr(run, "nlp", None) is None:
            for a in articles:
                try:
                    out.append(_serialise(a, run(a), fmt))
                except Exception as exc:  # one article's failure must not stop the batch
                    out.append(_failed(a, exc))
            return out
        for a, doc in zip(articles, _docs(run, articles)):
            try:
                if isinstance(doc, Exception):
                    raise doc
                out.append(_serialise(a, from_doc(a, doc), fmt))
            except Exception as exc:
                out.append(_failed(a, exc))
        return out


# ------------------------------------------------------ in this process --
def chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _init_pool_worker(extractor: str, model: str) -> None:
    _get(extractor, model)


def extract_local(articles: Iterable[Article], *, extractor: str = "rules", model: str = "",
                  fmt: str = "turtle", workers: int = 1,
                  batch_size: int = BATCH_SIZE) -> Iterator[Extracted]:
    """Extract articles here (workers=1) or in a pool of local processes; results in input order.

    Articles are streamed: at most two chunks per worker are in flight. A
    stream shorter than a chunk per worker runs here, since starting a process
    (and loading spaCy in it) costs more than it saves.
    """
    import itertools

    articles = iter(articles)
    head = list(itertools.islice(articles, batch_size * max(workers, 1)))
    if workers <= 1 or len(head) <= batch_size:
        for chunk in chunks(itertools.chain(head, articles), batch_size):
            yield from extract_chunk(chunk, extractor, model, fmt)
        return
    yield from _pooled(itertools.chain(head, articles), extractor, model, fmt, workers, batch_size)


def _pooled(articles, extractor, model, fmt, workers, batch_size) -> Iterator[Extracted]:
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # Not "fork": the caller may hold a store with its own threads.
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker,
                               initargs=(extractor, model))
    inflight: deque = deque()

    def drain() -> list[Extracted]:
        chunk, fut = inflight.popleft()
        try:
            return fut.result()
        except Exception as exc:  # the worker died (BrokenProcessPool) or could not start
            return [_failed(a, exc) for a in chunk]

    try:
        for chunk in chunks(articles, batch_size):
            try:
                inflight.append((chunk, pool.submit(extract_chunk, chunk, extractor, model, fmt)))
            except Exception:                     # a broken pool: start a new one
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                           initializer=_init_pool_worker, initargs=(extractor, model))
                inflight.append((chunk, pool.submit(extract_chunk, chunk, extractor, model, fmt)))
            while len(inflight) >= 2 * workers:
                yield from drain()
        while inflight:
            yield from drain()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -------------------------------------------------- files into a store --
RDF_SUFFIXES = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".nt": "nt"}


def read_graphs(path: Path) -> list:
    """The article graphs of one file from `kg extract`, each named as `kg ingest` names it.

    N-Quads and TriG keep their graph names. A Turtle or N-Triples file holds
    one article's graph, whose name comes from its dkg:articleId. Raises
    ValueError with the file's name when it cannot be read.
    """
    from rdflib import Dataset, Graph, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .mapping import graph_iri
    from .namespaces import DKG

    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unsupported file type {path.suffix or '(none)'}; "
                         f"use one of {', '.join(RDF_SUFFIXES)}")
    try:
        if fmt in ("turtle", "nt"):
            g = Graph()
            g.parse(path, format=fmt)
            ids = sorted({str(o) for o in g.objects(None, DKG.articleId)})
            if len(ids) != 1:
                raise ValueError(f"expected one article (dkg:articleId), found {len(ids)}")
            named = Graph(identifier=graph_iri(ids[0]))
            for t in g:
                named.add(t)
            return [named]
        ds = Dataset()
        ds.parse(path, format=fmt)
        out = []
        for ctx in (ds.graphs() if hasattr(ds, "graphs") else ds.contexts()):
            if ctx.identifier == DATASET_DEFAULT_GRAPH_ID or not len(ctx):
                continue
            named = Graph(identifier=URIRef(str(ctx.identifier)))
            for t in ctx:
                named.add(t)
            out.append(named)
        if not out:
            raise ValueError("no named graph in it")
        return out
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    except Exception as exc:   # rdflib's parsers raise many types
        raise ValueError(f"{path}: cannot be parsed as {fmt} ({type(exc).__name__}: {exc})") from None


def rdf_files(paths: Iterable[str]) -> Iterator[Path]:
    """Files named, and the RDF files inside folders (sorted)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in RDF_SUFFIXES)
        else:
            yield p


@dataclass
class LoadSummary:
    graphs: int = 0
    files: int = 0
    failed: list[str] = field(default_factory=list)
    merge: Optional[object] = None

    def text(self) -> str:
        lines = [f"loaded {self.graphs} graph(s) from {self.files} file(s), {len(self.failed)} failed"]
        if self.merge is not None:
            lines.append(self.merge.text())
        lines += [f"  failed: {f}" for f in self.failed]
        return "\n".join(lines)


def load_files(store, paths: Iterable[str], *, merge: bool = True, batch: int = 50,
               echo: Callable[[str], None] = lambda m: None) -> LoadSummary:
    """Put per-article RDF files into `store` (each graph replaces its namesake), then
    the ontology and, with `merge`, the cross-article graphs, as `kg ingest` leaves them.

    A file that cannot be read, or a batch the store refuses, is reported by
    name; the other files still go in.
    """
    summary = LoadSummary()
    pending: list = []
    pending_files: list[str] = []

    def flush() -> None:
        if not pending:
            return
        try:
            store.replace_graphs(pending)
            summary.graphs += len(pending)
        except Exception as exc:               # StoreError and friends: retry one by one
            for g, f in zip(pending, pending_files):
                try:
                    store.replace_graphs([g])
                    summary.graphs += 1
                except Exception as exc1:
                    summary.failed.append(f"{f}: not stored ({exc1})")
            echo(f"warning: a batch was refused ({exc}); stored its graphs one by one")
        pending.clear()
        pending_files.clear()

    for path in rdf_files(paths):
        if not path.exists():
            summary.failed.append(f"{path}: no such file")
            continue
        try:
            graphs = read_graphs(path)
        except ValueError as exc:
            summary.failed.append(str(exc))
            continue
        summary.files += 1
        pending.extend(graphs)
        pending_files.extend([str(path)] * len(graphs))
        if len(pending) >= batch:
            flush()
    flush()
    if summary.graphs:
        from .validate import load_ontology_graph

        store.load_ontology(load_ontology_graph())
        if merge:
            from .merge import rebuild

            summary.merge = rebuild(store)
    return summary
