"""Any SPARQL 1.1 endpoint as the store: Fuseki, GraphDB, Virtuoso, Neptune, Oxigraph server.

`RemoteStore` has LocalStore's interface, so ingest, query, export and the
web app run unchanged against a graph that has outgrown one machine. Reads go
through SPARQLWrapper; writes are SPARQL Update requests (the triples may go
by Graph Store Protocol PUT instead, when a `graph_store` URL is given).

Saved-query parameters cannot be bound through an engine API over HTTP, so
they are written into the query as a VALUES block of checked, escaped terms
(kg.sparqltext): IRIs are validated, literals are escaped per character, and
the block goes at the start of the WHERE group so the query's FILTERs see it.

The store's default graph is kept as the RDF merge of its named graphs, as
the local store keeps it (each write adds the graph's triples to it and takes
out those no other graph holds), so queries answer the same on both. Do not
turn on the server's own union-default-graph option (Oxigraph
`--union-default-graph`, Fuseki `tdb2:unionDefaultGraph`): its union is a bag,
and rows would repeat once per article that states a fact.
"""
from __future__ import annotations

import math
import socket
import urllib.error
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import DKG
from .results import QueryResult
from .sparqltext import SparqlTextError, insert_values, sparql_iri, sparql_term
from .store import SYNC_DEFAULT_GRAPH, QueryTimeout, StoreError

BATCH_BYTES = 4_000_000            # one update request carries about this much data


def _term(b: dict):
    """A SPARQL JSON results term as an rdflib term."""
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if b.get("xml:lang"):
            return Literal(value, lang=b["xml:lang"])
        dt = b.get("datatype")
        if dt and dt != str(XSD.string):
            return Literal(value, datatype=URIRef(dt))
        return Literal(value)
    return Literal(str(value))       # RDF-star triples and the like: shown as text


def _ntriples(graph: Graph) -> str:
    return "".join(f"{sparql_term(s, True)} {sparql_term(p)} {sparql_term(o, True)} .\n"
                   for s, p, o in graph)


def _export(quads: Iterable[tuple], fmt: str, graph: Optional[str]) -> bytes:
    """Serialise (s, p, o, g) rdflib quads the way LocalStore.export does."""
    import pyoxigraph as ox

    from .results import to_oxigraph

    formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
    if fmt not in formats:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(formats)}")
    union = graph is None and fmt in ("turtle", "nt", "xml")
    store = ox.Store()
    for s, p, o, g in quads:
        target = ox.DefaultGraph() if union or graph is not None else to_oxigraph(g)
        store.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target))
    from .namespaces import PREFIXES

    # As LocalStore.export: id: and graph: are left out (their local names hold slashes).
    kw = {"prefixes": {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "graph")}} \
        if fmt in ("trig", "turtle", "xml") else {}
    if graph is not None or union:
        return store.dump(format=formats[fmt], from_graph=ox.DefaultGraph(), **kw) or b""
    return store.dump(format=formats[fmt], **kw) or b""


class RemoteStore:
    """A SPARQL 1.1 Query + Update endpoint (GSP optional), used like LocalStore."""

    def __init__(self, endpoint: str, update_endpoint: Optional[str] = None, *,
                 graph_store: Optional[str] = None, write_timeout: float = 300.0):
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.graph_store = graph_store
        self.write_timeout = write_timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # ------------------------------------------------------------ writing --
    def _post_update(self, text: str) -> None:
        import requests

        try:
            r = requests.post(self.update_endpoint, data=text.encode("utf-8"), timeout=self.write_timeout,
                              headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach {self.update_endpoint}: {exc}") from None
        if r.status_code >= 400:
            raise StoreError(f"{self.update_endpoint} refused the update "
                             f"(HTTP {r.status_code}): {r.text.strip()[:500]}")

    def _put_graph(self, name: str, ntriples: str) -> None:
        import requests

        try:
            r = requests.put(self.graph_store, params={"graph": name}, data=ntriples.encode("utf-8"),
                             timeout=self.write_timeout, headers={"Content-Type": "application/n-triples"})
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach {self.graph_store}: {exc}") from None
        if r.status_code >= 400:
            raise StoreError(f"{self.graph_store} refused graph {name} "
                             f"(HTTP {r.status_code}): {r.text.strip()[:500]}")

    @staticmethod
    def _forget(name: str) -> str:
        """Update operations that drop graph `name` and its triples no other graph holds from the default graph."""
        return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {name}) }} }} ;\n"
                f"DROP SILENT GRAPH {name}")

    def replace_graphs(self, graphs: list[Graph]) -> None:
        """Put each graph in the store, replacing any graph of the same name.

        Every graph is written out as text before anything is sent, so a bad
        term fails the call without touching the store. Graphs go in update
        requests of about BATCH_BYTES, each one transaction on the server; a
        graph larger than that spans several. With a `graph_store` URL the
        triples travel by Graph Store Protocol PUT and the default graph is
        brought up to date by an update on the server's side.
        """
        if not graphs:
            return
        texts = [(sparql_iri(str(g.identifier)), _ntriples(g)) for g in graphs]
        if self.graph_store:
            for name, nt in texts:
                self._post_update(self._forget(name))
                self._put_graph(name[1:-1], nt)
                self._post_update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
            return
        parts = []                                  # (operations, size), in order
        for name, nt in texts:
            lines = nt.splitlines(keepends=True)
            chunk, size, first = [], 0, True
            for line in lines + [None]:
                if line is None or (size + len(line) > BATCH_BYTES and chunk):
                    body = "".join(chunk)
                    op = f"INSERT DATA {{ GRAPH {name} {{\n{body}}}\n{body}}}"
                    parts.append((self._forget(name) + " ;\n" if first else "") + op)
                    chunk, size, first = [], 0, False
                if line is not None:
                    chunk.append(line)
                    size += len(line)
        batch, size = [], 0
        for part in parts:
            if batch and size + len(part) > 2 * BATCH_BYTES:
                self._post_update(" ;\n".join(batch))
                batch, size = [], 0
            batch.append(part)
            size += len(part)
        if batch:
            self._post_update(" ;\n".join(batch))

    def load_ontology(self, ontology: Graph) -> None:
        from .store import as_ontology_graph

        self.replace_graphs([as_ontology_graph(ontology)])

    def remove_graph(self, iri: str) -> None:
        self._post_update(self._forget(sparql_iri(iri)))

    def update(self, sparql: str) -> None:
        """Run an update on the named graphs, then resync the server's default graph."""
        self._post_update(sparql)
        self._post_update(SYNC_DEFAULT_GRAPH)

    # ------------------------------------------------------------ reading --
    def query(self, sparql: str, bindings: Optional[dict] = None, *, timeout: float = 10.0,
              max_rows: int = 10000, default_graphs: Optional[list[str]] = None,
              named_graphs: Optional[list[str]] = None) -> QueryResult:
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        from .safety import QuerySyntaxError, inspect_query

        try:
            form = inspect_query(sparql).form
        except ValueError:
            form = None                     # let the endpoint judge a dialect rdflib lacks
        try:
            text = insert_values(sparql, bindings) if bindings else sparql
        except SparqlTextError as exc:
            raise StoreError(f"cannot bind parameters: {exc}") from None
        sw = SPARQLWrapper(self.endpoint)
        sw.setQuery(text)
        sw.setMethod(POST)
        sw.setOnlyConneg(True)
        sw.setTimeout(max(1, math.ceil(timeout)))
        for g in default_graphs or []:
            sw.addDefaultGraph(g)
        for g in named_graphs or []:
            sw.addNamedGraph(g)
        if form:
            sw.queryType = form   # its own guess reads words in comments ("moving" → MOVE, an update)
        form = sw.queryType
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        sw.setReturnFormat(TURTLE if graph_form else JSON)
        try:
            reply = sw.query()
            if graph_form:
                ctype = (reply.response.headers.get("Content-Type") or "text/turtle").split(";")[0].strip()
                data = reply.response.read()
            else:
                data = reply.convert()
        except (socket.timeout, TimeoutError):
            raise QueryTimeout(f"query stopped after {timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise QueryTimeout(f"query stopped after {timeout:g} s") from None
            raise StoreError(f"cannot reach {self.endpoint}: {exc.reason}") from None
        except SPARQLWrapperException as exc:
            msg = str(exc).strip()
            if "QueryBadFormed" in type(exc).__name__:
                raise QuerySyntaxError(f"{self.endpoint}: {msg}") from None
            raise StoreError(f"{self.endpoint}: {msg}") from None
        if graph_form:
            rdf_format = {"application/n-triples": "nt", "text/plain": "nt",
                          "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                          "application/n-quads": "nquads"}.get(ctype, "turtle")
            g, out = Graph(), Graph()
            g.parse(data=data, format=rdf_format)
            for n, t in enumerate(g):
                if n >= max_rows:
                    return QueryResult(kind="graph", graph=out, truncated=True)
                out.add(t)
            return QueryResult(kind="graph", graph=out)
        if "boolean" in data:
            return QueryResult(kind="ask", boolean=bool(data["boolean"]))
        names = data.get("head", {}).get("vars", [])
        bindings_ = data.get("results", {}).get("bindings", [])
        rows = [{k: _term(v) for k, v in b.items()} for b in bindings_[:max_rows]]
        return QueryResult(kind="select", vars=names, rows=rows, truncated=len(bindings_) > max_rows)

    def article_hashes(self) -> dict[str, str]:
        res = self.query(f"SELECT ?id ?h WHERE {{ GRAPH ?g {{ ?a <{DKG.articleId}> ?id ; "
                         f"<{DKG.contentHash}> ?h }} }}", timeout=600, max_rows=10**9)
        return {str(r["id"]): str(r["h"]) for r in res.rows}

    def graph_names(self) -> list[str]:
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", timeout=600, max_rows=10**9)
        return sorted(str(r["g"]) for r in res.rows if "g" in r)

    def __len__(self) -> int:
        """All quads, default graph included (as len() of the local store counts them)."""
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
                         timeout=600)
        return int(res.rows[0]["n"]) if res.rows else 0

    def export(self, fmt: str = "trig", graph: Optional[str] = None) -> bytes:
        """The whole dataset (or one named graph) serialised, fetched with one SELECT."""
        if graph is not None:
            res = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}",
                             timeout=3600, max_rows=10**12)
            quads = ((r["s"], r["p"], r["o"], None) for r in res.rows)
        else:
            res = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                             timeout=3600, max_rows=10**12)
            quads = ((r["s"], r["p"], r["o"], r["g"]) for r in res.rows)
        return _export(quads, fmt, graph)

    def close(self) -> None:
        pass
