"""Which format a client gets: Accept with q-values and wildcards, or a `format=` name.

Each query form has its own offers, canonical media type first; `*/*` or no
Accept gets the first (SPARQL JSON for tables, Turtle for graphs). Aliases
(`application/json`, `text/xml`, ...) are accepted because real clients send
them: SPARQLWrapper's JSON Accept list starts with `application/x-sparqlstar-
results+json`, and it finds the format by substring in the reply's
Content-Type, so replies always carry the canonical type plus the charset.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    name: str                   # short name, as in `format=`
    mime: str                   # canonical media type
    kind: str                   # "table" (SELECT/ASK results) or "graph"
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # other `format=` spellings

    @property
    def content_type(self) -> str:
        return f"{self.mime}; charset=utf-8"


TABLE_FORMATS = (
    Format("json", "application/sparql-results+json", "table",
           ("application/json", "text/javascript", "application/javascript")),
    Format("xml", "application/sparql-results+xml", "table", ("application/xml", "text/xml")),
    Format("csv", "text/csv", "table"),
    Format("tsv", "text/tab-separated-values", "table"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "graph", ("application/turtle", "application/x-turtle"), ("ttl",)),
    Format("nt", "application/n-triples", "graph", ("text/plain",), ("ntriples", "n-triples")),
    Format("rdfxml", "application/rdf+xml", "graph", ("application/xml", "text/xml"), ("xml", "rdf")),
    Format("jsonld", "application/ld+json", "graph", ("application/json", "application/x-json+ld"),
           ("json-ld", "json")),
)
HTML = Format("html", "text/html", "page", ("application/xhtml+xml",))


class UnknownFormat(ValueError):
    """A `format=` value that names no format this result can take."""


def offers_for(kind: str) -> tuple[Format, ...]:
    """The formats for a QueryResult kind: select/ask → tables, graph → RDF."""
    return GRAPH_FORMATS if kind == "graph" else TABLE_FORMATS


def by_name(name: str, offers: tuple[Format, ...]) -> Format:
    key = name.strip().lower()
    for f in offers:
        if key == f.name or key in f.names or key == f.mime or key in f.aliases:
            return f
    raise UnknownFormat(f"format {name!r} is not available here; use one of "
                        f"{', '.join(f.name for f in offers)}")


def best(accept: Optional[str], offers: tuple[Format, ...]) -> Optional[Format]:
    """The offer the Accept header prefers (q-values, wildcards); None when none fits."""
    if not accept or not accept.strip():
        return offers[0]
    if len(accept) > 1000:
        return _best(accept, offers)
    return _best_cached(accept, offers)


def _best(accept: str, offers: tuple[Format, ...]) -> Optional[Format]:
    parsed = parse_accept_header(accept, MIMEAccept)
    # Canonical types first, so that ties go to them and to the earlier offer.
    candidates = [(f.mime, f) for f in offers] + [(a, f) for f in offers for a in f.aliases]
    chosen = parsed.best_match([mime for mime, _ in candidates])
    return next((f for mime, f in candidates if mime == chosen), None) if chosen else None


# Clients send the same few Accept headers again and again; werkzeug's matching
# took a third of a millisecond per call.
_best_cached = lru_cache(maxsize=1024)(_best)


def choose(kind: str, accept: Optional[str], format_name: Optional[str] = None,
           strict: bool = False) -> Optional[Format]:
    """The format for a result of `kind`: `format_name` if it fits, else by Accept.

    With `strict`, an unknown `format_name` raises UnknownFormat; otherwise it
    is ignored (SPARQLWrapper adds `format=`/`output=` to every request).
    """
    offers = offers_for(kind)
    if format_name:
        try:
            return by_name(format_name, offers)
        except UnknownFormat:
            if strict:
                raise
    return best(accept, offers)


@dataclass(frozen=True)
class Rendered:
    """A query's answer, already in its wire format."""
    kind: str                   # "select" | "ask" | "graph" (kg.results.QueryResult kinds)
    body: bytes
    truncated: bool = False


def render(result, fmt: Format) -> bytes:
    """A QueryResult in the chosen format, as UTF-8 bytes."""
    from . import results

    if fmt.kind == "graph":
        from .mapping import bind_prefixes

        rdflib_name = {"turtle": "turtle", "nt": "nt", "rdfxml": "xml", "jsonld": "json-ld"}[fmt.name]
        graph = bind_prefixes(result.graph)
        data = graph.serialize(format=rdflib_name, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    writer = {"json": results.to_json, "xml": results.to_xml,
              "csv": results.to_csv, "tsv": results.to_tsv}[fmt.name]
    return writer(result).encode("utf-8")


# ------------------------------------------------ straight from Oxigraph --
_OX_TABLE = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
_OX_GRAPH = {"turtle": "TURTLE", "nt": "N_TRIPLES", "rdfxml": "RDF_XML", "jsonld": "JSON_LD"}


class _RowCap:
    """A binary writer that keeps what a serialiser writes while it has at most `max_rows` rows.

    `marker` is a byte string that each row but the first puts in the output
    (TSV: the newline ending each row, after the header's). For TSV the count
    is exact: tabs and line breaks inside values are escaped. For the other
    formats it is an upper bound: the marker may also occur inside a value.
    At the first marker too many, write() raises, which ends the
    serialisation and the evaluation with it; `exact` writers keep the output
    up to the last whole row.
    """

    def __init__(self, marker: bytes, exact: bool, allowed: int):
        self.parts: list[bytes] = []
        self.marker, self.exact, self.allowed = marker, exact, allowed
        self.seen, self.over, self.tail = 0, False, b""

    def write(self, data) -> int:
        if self.over:
            raise OSError("row cap reached")
        data = bytes(data)
        window = self.tail + data            # a marker may straddle two writes
        n = window.count(self.marker)
        if self.seen + n > self.allowed:
            self.over = True
            if self.exact:
                cut = -1
                for _ in range(self.allowed - self.seen):
                    cut = data.index(self.marker, cut + 1)
                self.parts.append(data[:cut + len(self.marker)])
            raise OSError("row cap reached")
        self.seen += n
        self.tail = window[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


# What each SPARQL results format (as Oxigraph writes it) puts in for each row,
# outside its values, and how many more or fewer markers than rows there are:
# JSON "},{" between two binding objects (rows - 1), XML a "<result>" per row,
# CSV a line break after the header and after each row (rows + 1).
_ROW_MARKERS = {"json": (b"},{", -1), "xml": (b"<result>", 0), "csv": (b"\n", 1)}


def _serialise(res, fmt_name: str, cap: _RowCap) -> bool:
    """Serialise `res` into `cap`; True if it stopped at the cap."""
    import pyoxigraph as ox

    try:
        res.serialize(cap, format=getattr(ox.QueryResultsFormat, _OX_TABLE[fmt_name]))
    except OSError:
        if not cap.over:
            raise
    return cap.over


def render_oxigraph(store, text: str, fmt: Format, max_rows: int, **query_args) -> Rendered:
    """Run `text` on a pyoxigraph Store and serialise the answer with Oxigraph's own writers.

    No row becomes a Python object. A SELECT is written straight in the
    client's format while a cheap count shows it cannot have more than
    `max_rows` rows; if it may have more, the query is run again and written
    as TSV, whose rows can be counted exactly, up to the cap, then read back
    and written in the client's format (both in native code). A
    CONSTRUCT/DESCRIBE keeps its first `max_rows` distinct triples. `fmt`
    must suit the query form (Format.kind).
    """
    import pyoxigraph as ox

    from . import results

    res = store.query(text, **query_args)
    if isinstance(res, ox.QueryBoolean):
        _expect(fmt, "table")
        if fmt.name in ("csv", "tsv"):
            writer = results.to_csv if fmt.name == "csv" else results.to_tsv
            return Rendered("ask", writer(results.QueryResult(kind="ask", boolean=bool(res))).encode())
        return Rendered("ask", res.serialize(format=getattr(ox.QueryResultsFormat, _OX_TABLE[fmt.name])))
    if isinstance(res, ox.QueryTriples):
        _expect(fmt, "graph")
        triples: dict = {}
        for t in res:                      # an engine's CONSTRUCT may repeat a triple
            triples[t] = None
            if len(triples) > max_rows:
                break
        kept = list(triples)[:max_rows]
        prefixes = graph_prefixes() if fmt.name in ("turtle", "rdfxml") else None
        body = ox.serialize(kept, format=getattr(ox.RdfFormat, _OX_GRAPH[fmt.name]), prefixes=prefixes)
        return Rendered("graph", body or b"", truncated=len(triples) > max_rows)
    _expect(fmt, "table")
    if fmt.name in _ROW_MARKERS:
        marker, offset = _ROW_MARKERS[fmt.name]
        direct = _RowCap(marker, exact=False, allowed=max_rows + offset)
        if not _serialise(res, fmt.name, direct):
            return Rendered("select", direct.value())
        res = store.query(text, **query_args)         # maybe more rows than the cap: count them exactly
    exact = _RowCap(b"\n", exact=True, allowed=max_rows + 1)    # + the header line
    over = _serialise(res, "tsv", exact)
    tsv = exact.value()
    if fmt.name == "tsv":
        body = tsv
    else:
        parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        body = parsed.serialize(format=getattr(ox.QueryResultsFormat, _OX_TABLE[fmt.name]))
        if over and fmt.name == "json" and body.endswith(b"}"):
            body = body[:-1] + b',"truncated":true}'     # extra key; SPARQL JSON clients ignore it
    return Rendered("select", body, truncated=over)


def _expect(fmt: Format, kind: str) -> None:
    if fmt.kind != kind:
        raise ValueError(f"a {fmt.mime} answer was asked for a query whose results are "
                         f"{'tables' if kind == 'table' else 'graphs'}")


_GRAPH_PREFIXES: Optional[dict] = None


def graph_prefixes() -> dict:
    """The graph's prefixes for Turtle and RDF/XML answers (id: and graph: hold slashes: left out)."""
    global _GRAPH_PREFIXES
    if _GRAPH_PREFIXES is None:
        from .namespaces import PREFIXES

        _GRAPH_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "graph")}
    return _GRAPH_PREFIXES
