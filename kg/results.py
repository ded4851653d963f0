"""Query results in one shape, whatever answered the query, and their formats.

Local Oxigraph, a remote endpoint and rdflib all return a `QueryResult`, so the
command line and the web app format results the same way.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Optional

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result


@dataclass
class QueryResult:
    kind: str                                   # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)   # var -> rdflib term (absent if unbound)
    boolean: Optional[bool] = None
    graph: Optional[Graph] = None
    truncated: bool = False

    def plain_rows(self) -> list[dict[str, str]]:
        """Rows as strings ('' when unbound), for tables and tests."""
        return [{v: (str(r[v]) if r.get(v) is not None else "") for v in self.vars} for r in self.rows]


# ----------------------------------------------------------- term bridging --
def from_oxigraph(term):
    """A pyoxigraph term as the equivalent rdflib term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported RDF term {term!r}")


def to_oxigraph(term):
    """An rdflib term as the equivalent pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def from_rdflib_result(res, max_rows: int) -> QueryResult:
    if res.type == "ASK":
        return QueryResult(kind="ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        g = Graph()
        for t in res.graph if res.graph is not None else res:
            g.add(t)
        return QueryResult(kind="graph", graph=g)
    vars_ = [str(v) for v in res.vars]
    rows, truncated = [], False
    for n, binding in enumerate(res.bindings):
        if n >= max_rows:
            truncated = True
            break
        rows.append({str(k): v for k, v in binding.items() if v is not None})
    return QueryResult(kind="select", vars=vars_, rows=rows, truncated=truncated)


# ---------------------------------------------------------------- formats --
def _rdflib_result(result: QueryResult) -> Result:
    if result.kind == "ask":
        r = Result("ASK")
        r.askAnswer = bool(result.boolean)
        return r
    r = Result("SELECT")
    r.vars = [Variable(v) for v in result.vars]
    r.bindings = [{Variable(k): v for k, v in row.items()} for row in result.rows]
    return r


def to_json(result: QueryResult) -> str:
    if result.kind == "graph":
        raise ValueError("a graph result has no SPARQL JSON form; use an RDF format")
    data = json.loads(_rdflib_result(result).serialize(format="json").decode("utf-8"))
    if result.truncated:
        data["truncated"] = True   # extra key; SPARQL JSON clients ignore it
    return json.dumps(data, ensure_ascii=False)


def to_xml(result: QueryResult) -> str:
    return _rdflib_result(result).serialize(format="xml").decode("utf-8")


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, empty for unbound."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["_askResult"])
        w.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow([str(row[v]) if row.get(v) is not None else "" for v in result.vars])
    return out.getvalue()


def _tsv_term(term) -> str:
    # rdflib has a TSV parser but no serializer, so the SPARQL 1.1 TSV encoding is written here.
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode, Literal)):
        text = term.n3()
        return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(term)


def to_tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row.get(v)) for v in result.vars))
    return "\n".join(lines) + "\n"


def to_table(result: QueryResult) -> str:
    """A plain-text table for the terminal."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    rows = result.plain_rows()
    widths = {v: max([len(v)] + [len(r[v]) for r in rows]) for v in result.vars}
    widths = {v: min(w, 60) for v, w in widths.items()}
    line = "  ".join(v.ljust(widths[v]) for v in result.vars)
    out = [line, "  ".join("-" * widths[v] for v in result.vars)]
    for r in rows:
        out.append("  ".join(r[v][:widths[v]].ljust(widths[v]) for v in result.vars))
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
               f"{', truncated' if result.truncated else ''})")
    return "\n".join(out)


GRAPH_FORMATS = {"turtle": "text/turtle", "nt": "application/n-triples",
                 "xml": "application/rdf+xml", "json-ld": "application/ld+json"}
