"""Query results in one shape, whatever answered the query, and their formats.

Local Oxigraph, a remote endpoint and rdflib all return a `QueryResult`, so the
command line and the web app format results the same way.
"""
from __future__ import annotations

import csv
import io
import json
import re
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


TABLE_COLUMN = 60      # widest column of `to_table`; longer values wrap onto more lines


def _table_cell(term, used: dict) -> str:
    """A value as the table shows it: an IRI shortened with the project's prefixes
    (the prefix is recorded in `used` for the legend under the table)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        from .namespaces import PREFIXES

        iri = str(term)
        best = max(((p, str(ns)) for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
                   key=lambda pn: len(pn[1]), default=None)
        if best and re.fullmatch(r"[A-Za-z0-9._~/#-]*", iri[len(best[1]):]):
            used[best[0]] = best[1]
            return f"{best[0]}:{iri[len(best[1]):]}"
        return iri
    return str(term)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters: words kept whole where they fit, IRIs cut
    after a '/', and nothing ever dropped."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        while len(para) > width:
            cut = para.rfind(" ", 0, width + 1)
            if cut <= 0:
                cut = max(para.rfind("/", 0, width), para.rfind("-", 0, width)) + 1
            if cut <= 0:
                cut = width
            lines.append(para[:cut].rstrip())
            para = para[cut:].lstrip(" ")
        lines.append(para)
    return lines


def to_table(result: QueryResult, column: int = TABLE_COLUMN) -> str:
    """A plain-text table for the terminal.

    Values are never cut: IRIs are shortened with the project's prefixes
    (listed under the table), and a value wider than `column` characters wraps
    onto continuation lines in its own column.
    """
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    used: dict[str, str] = {}
    cells = [{v: _table_cell(r.get(v), used) for v in result.vars} for r in result.rows]
    widths = {v: min(max([len(v)] + [len(line) for c in cells for line in c[v].splitlines() or [""]]), column)
              for v in result.vars}
    out = ["  ".join(v.ljust(widths[v]) for v in result.vars).rstrip(),
           "  ".join("-" * widths[v] for v in result.vars)]
    for c in cells:
        wrapped = {v: _wrap(c[v], widths[v]) for v in result.vars}
        for n in range(max(len(w) for w in wrapped.values()) if wrapped else 1):
            out.append("  ".join((wrapped[v][n] if n < len(wrapped[v]) else "").ljust(widths[v])
                                 for v in result.vars).rstrip())
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}"
               f"{', truncated' if result.truncated else ''})")
    if used:
        out.append("prefixes: " + ", ".join(f"{p}: <{ns}>" for p, ns in sorted(used.items())))
    return "\n".join(out)


GRAPH_FORMATS = {"turtle": "text/turtle", "nt": "application/n-triples",
                 "xml": "application/rdf+xml", "json-ld": "application/ld+json"}
