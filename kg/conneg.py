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
    parsed = parse_accept_header(accept, MIMEAccept)
    # Canonical types first, so that ties go to them and to the earlier offer.
    candidates = [(f.mime, f) for f in offers] + [(a, f) for f in offers for a in f.aliases]
    chosen = parsed.best_match([mime for mime, _ in candidates])
    return next((f for mime, f in candidates if mime == chosen), None) if chosen else None


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
