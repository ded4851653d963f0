"""Run a saved query wherever the graph is: the store, RDF files, or a remote endpoint."""
from __future__ import annotations

from typing import Optional

from rdflib import Dataset, Graph

from .queries import QueryError, SavedQuery, bind, label_resolver
from .results import QueryResult, from_rdflib_result


def graph_from_files(paths: list[str], with_ontology: bool = True) -> Graph:
    """RDF files (any syntax rdflib reads; named graphs flattened) merged with the ontology."""
    g = Graph()
    if with_ontology:
        from .validate import load_ontology_graph

        for t in load_ontology_graph():
            g.add(t)
    for path in paths:
        try:
            ds = Dataset()
            ds.parse(path)
        except Exception as exc:
            raise QueryError(f"{path}: cannot be parsed as RDF ({exc})") from None
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    return g


def run_on_graph(g: Graph, text: str, bindings: Optional[dict] = None, max_rows: int = 10000) -> QueryResult:
    """rdflib evaluation, which would fetch SERVICE and FROM IRIs: refused, and no network meanwhile."""
    from .safety import QuerySyntaxError, UnsafeQuery, inspect_query, no_network, resolve_dataset

    try:
        # Files have no named graphs to pick: every FROM would be a fetch.
        resolve_dataset(inspect_query(text), None, None, has_graph=lambda iri: False)
    except (QuerySyntaxError, UnsafeQuery) as exc:
        raise QueryError(str(exc)) from None
    try:
        with no_network():
            res = g.query(text, initBindings=bindings or {})
            return from_rdflib_result(res, max_rows)
    except Exception as exc:
        raise QueryError(f"query failed: {exc}") from None


def run_saved(saved: SavedQuery, values: dict[str, str], cfg, *, data_files: Optional[list[str]] = None,
              endpoint: Optional[str] = None, store=None) -> QueryResult:
    if data_files:
        g = graph_from_files(data_files)
        bindings = bind(saved, values, label_resolver(lambda q, b: run_on_graph(g, q, b)))
        return run_on_graph(g, saved.text, bindings, cfg.max_rows)
    if endpoint:
        from .remote import RemoteStore

        store = RemoteStore(endpoint)
    if store is None:
        from .store import open_store

        store = open_store(cfg)

    def run(q, b=None):
        from .querypool import run_guarded
        from .safety import QuerySyntaxError, UnsafeQuery

        try:   # the same refusals as the web endpoint (SERVICE, FROM outside the store)
            return run_guarded(store, q, bindings=b, timeout=cfg.query_timeout, max_rows=cfg.max_rows)
        except (QuerySyntaxError, UnsafeQuery) as exc:
            raise QueryError(str(exc)) from None

    bindings = bind(saved, values, label_resolver(run))
    return run(saved.text, bindings)
