"""Helpers shared by the page modules: running queries, labels, links, stats.

Every value that comes from the graph reaches a template as a `TermView`;
templates print its `text` (Jinja escapes it) and link it only through `href`
(an entity page of this app) or `external` (an http(s) IRI) — never any other
scheme, so a `javascript:` IRI in the data stays plain text.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import quote

from flask import Blueprint, current_app, render_template, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.facts import EVENT_KINDS
from kg.namespaces import DKG, ID, PREFIXES, sparql_prefixes

PFX = sparql_prefixes()

ENTITY_CLASSES = {"person": DKG.Person, "state": DKG.State, "place": DKG.Place,
                  "organization": DKG.Organization}
# Roles and other links from an event to the things it involves.
EVENT_LINKS = ("participant", "visitor", "destination", "host", "inviter", "invitee", "party",
               "signatory", "supplier", "recipient", "speaker", "candidate", "place", "accordingTo")
ROLE_LINKS = EVENT_LINKS[:12]

_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`\x00-\x20]+$")
_PATH_OK = re.compile(r"^[A-Za-z0-9._~/-]+$")


# ------------------------------------------------------------ blueprints --
def page_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint for pages: its 404s are drawn as the site's error page
    (the JSON and SPARQL blueprints answer their own way)."""
    bp = Blueprint(name, import_name)

    @bp.errorhandler(404)
    def not_found(exc):
        return render_template("error.html", title="Not found", message=exc.description), 404

    return bp


def init_app(app) -> None:
    """What every page's template can use: the footer's counts, kind names, fact anchors."""
    @app.context_processor
    def page_context():
        def stats():
            try:
                return graph_stats()
            except Exception:  # noqa: BLE001 - the footer must not break a page
                return {}
        return {"graph_stats": stats, "ingest_enabled": bool(cfg().write_token),
                "kind_name": kind_name}

    app.add_template_global(fact_anchor, "fact_anchor_for")


def fact_anchor(iri) -> str:
    """The id of a fact's entry on its article page (the highlight in the text is `t-` + it)."""
    return "f-" + hashlib.sha1(str(iri).encode("utf-8")).hexdigest()[:12]


# ----------------------------------------------------------------- store --
def cfg():
    return current_app.config["KG"]


def store():
    from web import get_store

    return get_store()


def run(text: str, bindings: Optional[dict] = None, max_rows: Optional[int] = None,
        prefixes: bool = True):
    """Run SPARQL (prefixed with the project's PREFIX lines) on the app's store,
    through the endpoint's guarded runner: the same time limit, row cap and checks.

    Identical rows are merged, so that pages list each fact once.
    """
    from web.sparql import run_query

    res = run_query((PFX if prefixes else "") + text, bindings or None, max_rows=max_rows)
    if res.kind == "select" and res.rows:
        seen, rows = set(), []
        for row in res.rows:
            key = tuple(sorted((k, v.n3() if hasattr(v, "n3") else str(v)) for k, v in row.items()))
            if key not in seen:
                seen.add(key)
                rows.append(row)
        res.rows = rows
    return res


def is_http(value) -> bool:
    return isinstance(value, str) and bool(_IRI_OK.match(value))


def iri_list(iris: Iterable) -> str:
    """IRIs for a VALUES block; only well-formed http(s) IRIs from the graph are kept."""
    return " ".join(f"<{i}>" for i in iris if is_http(str(i)))


def _cache() -> dict:
    return current_app.extensions.setdefault("kg_pages_cache", {})


def cached(key: str, ttl: float, compute):
    entry = _cache().get(key)
    now = time.monotonic()
    if entry and now - entry[0] < ttl:
        return entry[1]
    value = compute()
    _cache()[key] = (now, value)
    return value


def clear_cache() -> None:
    _cache().clear()


# ------------------------------------------------------------ vocabulary --
def event_classes() -> list[URIRef]:
    """Every class of diplomatic event: the ontology's subclasses plus the extractor's kinds."""
    def compute():
        res = run("SELECT DISTINCT ?k WHERE { ?k rdfs:subClassOf+ dkg:DiplomaticEvent }")
        found = {r["k"] for r in res.rows if isinstance(r.get("k"), URIRef)}
        return sorted(found | {DKG[k] for k in EVENT_KINDS}, key=str)
    return cached("event_classes", 60, compute)


def meeting_classes() -> list[URIRef]:
    def compute():
        res = run("SELECT DISTINCT ?k WHERE { ?k rdfs:subClassOf* dkg:Meeting }")
        return sorted({r["k"] for r in res.rows if isinstance(r.get("k"), URIRef)} | {DKG.Meeting}, key=str)
    return cached("meeting_classes", 60, compute)


def in_list(var: str, iris: Iterable) -> str:
    return f"FILTER (?{var} IN ({', '.join(f'<{i}>' for i in iris if is_http(str(i)))}))"


def kind_name(iri) -> str:
    """'https://…#AgreementSigning' -> 'Agreement signing'."""
    local = str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).split()
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else local


def local_name(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ----------------------------------------------------------------- links --
def compact(iri: str) -> str:
    best = None
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(ns) > len(best[1] if best else ""):
            best = (prefix, ns)
    if best and re.fullmatch(r"[A-Za-z0-9._/-]*", iri[len(best[1]):]):
        return f"{best[0]}:{iri[len(best[1]):]}"
    return iri


def entity_href(iri) -> Optional[str]:
    """This app's page for an IRI (http(s) only), or None."""
    iri = str(iri)
    if not is_http(iri):
        return None
    base = str(ID)
    if iri.startswith(base):
        rest = iri[len(base):]
        if rest.startswith("article/") and _PATH_OK.match(rest) and rest.count("/") == 1:
            return url_for("articles.article", article_id=rest.split("/", 1)[1])
        if _PATH_OK.match(rest) and ".." not in rest and rest:
            return url_for("entities.entity_by_path", key=rest)
    return url_for("entities.entity", iri=iri)


def fallback_label(iri: str) -> str:
    c = compact(iri)
    return c if c != iri else iri


def fetch_labels(iris: Iterable) -> dict[str, str]:
    """Labels (rdfs:label, skos:prefLabel, schema:headline) for many IRIs, English first."""
    todo = sorted({str(i) for i in iris if is_http(str(i))})
    out: dict[str, tuple[int, str]] = {}
    for n in range(0, len(todo), 200):
        chunk = todo[n:n + 200]
        res = run(f"""SELECT ?s ?l ?w WHERE {{
  VALUES ?s {{ {iri_list(chunk)} }}
  {{ ?s rdfs:label ?l BIND(1 AS ?w) }} UNION {{ ?s skos:prefLabel ?l BIND(2 AS ?w) }}
  UNION {{ ?s schema:headline ?l BIND(0 AS ?w) }} UNION {{ ?s schema:name ?l BIND(3 AS ?w) }}
}}""", max_rows=len(chunk) * 20)
        for r in res.rows:
            lit = r["l"]
            rank = int(r["w"]) * 2 + (0 if (getattr(lit, "language", None) in (None, "en")) else 1)
            key = str(r["s"])
            if key not in out or rank < out[key][0]:
                out[key] = (rank, str(lit))
    return {k: v[1] for k, v in out.items()}


# ----------------------------------------------------------------- terms --
@dataclass
class TermView:
    kind: str                     # "iri" | "literal" | "bnode" | "none"
    value: str = ""               # the IRI or the lexical form
    text: str = ""                # what to show
    href: Optional[str] = None    # this app's page for it
    external: Optional[str] = None   # the IRI itself, when it is http(s)
    datatype: str = ""
    lang: str = ""

    @property
    def sort_key(self):
        if self.kind == "none":
            return (2, 0, "")
        if self.kind == "literal" and self.datatype in NUMERIC:
            try:
                return (0, float(self.value), "")
            except ValueError:
                pass
        return (1, 0, self.text.casefold())

    def __str__(self) -> str:
        return self.text


NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float), str(XSD.int),
           str(XSD.long), str(XSD.nonNegativeInteger)}


def term_view(term, labels: Optional[dict] = None, label: Optional[str] = None) -> TermView:
    if term is None:
        return TermView("none")
    if isinstance(term, URIRef):
        iri = str(term)
        text = label or (labels or {}).get(iri) or fallback_label(iri)
        return TermView("iri", iri, text, href=entity_href(iri),
                        external=iri if is_http(iri) else None)
    if isinstance(term, BNode):
        return TermView("bnode", str(term), "_:" + str(term))
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else ""
        if dt == str(XSD.anyURI) and is_http(str(term)):
            return TermView("iri", str(term), str(term), external=str(term))
        return TermView("literal", str(term), str(term), datatype=dt, lang=term.language or "")
    return TermView("literal", str(term), str(term))


# ----------------------------------------------------------------- stats --
def graph_stats() -> dict:
    """Counts for the home page and the footer, cached for a few seconds."""
    def compute():
        stats = {"articles": 0, "entities": {}, "events": {}, "triples": None, "updated": None}
        try:
            res = run("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
            stats["articles"] = int(res.rows[0]["n"]) if res.rows else 0
            res = run("""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?c { dkg:Person dkg:State dkg:Place dkg:Organization } ?e a ?c
  FILTER EXISTS { ?m dkg:mentionOf ?e } } GROUP BY ?c""")   # named in an article, not only in reference data
            counts = {str(r["c"]): int(r["n"]) for r in res.rows}
            stats["entities"] = {name: counts.get(str(cls), 0) for name, cls in ENTITY_CLASSES.items()}
            res = run(f"""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  ?e a ?c . {in_list('c', event_classes())}
  FILTER NOT EXISTS {{ ?e dkg:hasReport ?r }} }} GROUP BY ?c""")   # reports, not merged events
            stats["events"] = {str(r["c"]): int(r["n"]) for r in res.rows}
        except Exception as exc:  # the page still renders; the error is shown in its place
            stats["error"] = str(exc)
        s = store()
        try:
            stats["triples"] = len(s)
        except TypeError:
            pass
        path = getattr(s, "path", None)
        if path is not None and Path(path).is_dir():
            mtimes = [p.stat().st_mtime for p in Path(path).iterdir() if p.is_file()]
            if mtimes:
                stats["updated"] = datetime.fromtimestamp(max(mtimes), tz=timezone.utc)
        return stats
    return cached("stats", 15, compute)


def quote_path(value: str) -> str:
    return quote(value, safe="")
