"""Entity pages: people, states, places, organisations and events.

One URL per IRI: `/id/<key>` for the graph's own IRIs
(https://w3id.org/dipkg/id/<key>) and `/entity?iri=…` for any http(s) IRI.
Browsers get HTML; other clients get Turtle, JSON-LD or N-Triples by content
negotiation (Accept header) or `?format=turtle|jsonld|nt`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.mapping import bind_prefixes
from kg.namespaces import DKG, ID, SCHEMA, WD

from . import common
from .common import (ENTITY_CLASSES, EVENT_LINKS, ROLE_LINKS, event_classes, fact_anchor, fetch_labels,
                     in_list, kind_name, local_name, page_blueprint, run, term_view)

from .events import event_details, event_page, is_event

bp = page_blueprint("entities", __name__)

RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt"}
FORMAT_ALIASES = {"turtle": "text/turtle", "ttl": "text/turtle", "jsonld": "application/ld+json",
                  "json-ld": "application/ld+json", "nt": "application/n-triples"}
TRIPLE_LIMIT = 2000
_QID = re.compile(r"^Q[1-9]\d*$")


# ----------------------------------------------------------------- routes --
@bp.route("/id/<path:key>")
def entity_by_path(key):
    if ".." in key or not re.fullmatch(r"[A-Za-z0-9._~/-]+", key):
        abort(404, description="No such entity.")
    return _entity(str(ID[key]))


@bp.route("/entity")
def entity():
    iri = request.args.get("iri", "").strip()
    if not common.is_http(iri):
        abort(404, description="Entity pages exist for absolute http(s) IRIs only.")
    return _entity(iri)


def _wanted_type() -> str:
    fmt = request.args.get("format", "").lower()
    if fmt:
        if fmt in ("html",):
            return "text/html"
        if fmt not in FORMAT_ALIASES:
            abort(400, description=f"unknown format {fmt!r}; use turtle, jsonld or nt")
        return FORMAT_ALIASES[fmt]
    offered = ["text/html", "application/xhtml+xml", *RDF_TYPES]
    best = request.accept_mimetypes.best_match(offered, default="text/html")
    return "text/html" if best == "application/xhtml+xml" else best


def _describe(iri: str):
    node = URIRef(iri)
    out = run(f"SELECT ?x ?p ?o WHERE {{ ?x ?p ?o }} LIMIT {TRIPLE_LIMIT}", {"x": node})
    inc = run(f"SELECT ?x ?s ?p WHERE {{ ?s ?p ?x }} LIMIT {TRIPLE_LIMIT}", {"x": node})
    return out.rows, inc.rows


def _entity(iri: str):
    mime = _wanted_type()
    out_rows, in_rows = _describe(iri)
    if not out_rows and not in_rows:
        abort(404, description=f"The graph says nothing about {iri}.")
    node = URIRef(iri)
    if mime != "text/html":
        g = bind_prefixes(Graph())
        for r in out_rows:
            g.add((node, r["p"], r["o"]))
        for r in in_rows:
            g.add((r["s"], r["p"], node))
        body = g.serialize(format=RDF_TYPES[mime])
        resp = Response(body, mimetype=mime)
        resp.headers["Vary"] = "Accept"
        return resp

    types = [r["o"] for r in out_rows if r["p"] == RDF.type]
    if SCHEMA.NewsArticle in types and iri.startswith(str(ID) + "article/"):
        return redirect(url_for("articles.article", article_id=iri.rsplit("/", 1)[1]), code=303)
    if is_event(types):
        resp = Response(render_template("event.html", **event_page(iri, out_rows, in_rows, _raw)))
    else:
        resp = Response(render_template("entity.html", **_entity_page(iri, out_rows, in_rows)))
    resp.headers["Vary"] = "Accept"
    return resp


def _raw(iri, out_rows, in_rows, labels):
    out = [(term_view(r["p"], labels), term_view(r["o"], labels)) for r in out_rows]
    inc = [(term_view(r["s"], labels), term_view(r["p"], labels)) for r in in_rows]
    out.sort(key=lambda t: (t[0].value, t[1].value))
    inc.sort(key=lambda t: (t[1].value, t[0].value))
    return {"out": out, "in": inc, "limit": TRIPLE_LIMIT,
            "cut": len(out_rows) >= TRIPLE_LIMIT or len(in_rows) >= TRIPLE_LIMIT}


def _basics(iri, out_rows):
    by_p = defaultdict(list)
    for r in out_rows:
        by_p[r["p"]].append(r["o"])
    types = [t for t in by_p[RDF.type] if isinstance(t, URIRef)]
    labels = [o for o in by_p[RDFS.label]] or [o for o in by_p[SKOS.prefLabel]]
    label = next((str(o) for o in labels if getattr(o, "language", None) in (None, "en")),
                 str(labels[0]) if labels else common.fallback_label(iri))
    qids = {str(o) for o in by_p[DKG.qid] if _QID.match(str(o))}
    qids |= {str(o)[len(str(WD)):] for o in by_p[OWL.sameAs] if str(o).startswith(str(WD))
             and _QID.match(str(o)[len(str(WD)):])}
    return by_p, types, label, sorted(qids)


def _entity_page(iri, out_rows, in_rows):
    by_p, types, label, qids = _basics(iri, out_rows)
    node = URIRef(iri)
    offices = _offices(node)
    events = _events(node)
    iris = {str(t) for t in types} | {str(r["p"]) for r in out_rows} | {str(r["p"]) for r in in_rows}
    iris |= {str(r["o"]) for r in out_rows if isinstance(r["o"], URIRef)}
    iris |= {str(r["s"]) for r in in_rows[:500]}
    labels = fetch_labels(iris)
    return {"iri": iri, "label": label, "kind": "entity",
            "types": [term_view(t, labels) for t in types],
            "aliases": sorted({str(o) for o in by_p[SKOS.altLabel]} - {label}),
            "qids": qids, "offices": offices, "events": events,
            "located": [term_view(o, labels) for o in by_p[DKG.locatedIn] + by_p[DKG.stateOf]],
            "raw": _raw(iri, out_rows, in_rows, labels),
            "network_src": url_for("network.api_network", center=iri,
                                   level="state" if DKG.State in types else "person")}


def _offices(node):
    res = run("""SELECT ?x ?holding ?holder ?office ?state ?org ?start ?end ?source WHERE {
  { ?holding dkg:holder ?x } UNION { ?holding dkg:inState ?x } UNION { ?holding dkg:inOrganization ?x }
  UNION { ?holding dkg:office ?x }
  ?holding a dkg:OfficeHolding ; dkg:holder ?holder ; dkg:office ?office .
  OPTIONAL { ?holding dkg:inState ?state }
  OPTIONAL { ?holding dkg:inOrganization ?org }
  OPTIONAL { ?holding dkg:startDate ?start }
  OPTIONAL { ?holding dkg:endDate ?end }
  OPTIONAL { ?holding dkg:sourceArticle ?source }
} LIMIT 2000""", {"x": node})
    groups: dict[str, dict] = {}
    for r in res.rows:
        g = groups.setdefault(str(r["holding"]), {"holding": r["holding"], "holder": r["holder"],
                                                  "office": r["office"], "state": r.get("state"),
                                                  "org": r.get("org"), "start": r.get("start"),
                                                  "end": r.get("end"), "sources": set()})
        if r.get("source") is not None:
            g["sources"].add(r["source"])
    labels = fetch_labels({str(v) for g in groups.values() for k, v in g.items()
                           if k in ("holding", "holder", "office", "state", "org") and v is not None}
                          | {str(s) for g in groups.values() for s in g["sources"]})
    rows = []
    for g in groups.values():
        rows.append({"holder": term_view(g["holder"], labels), "office": term_view(g["office"], labels),
                     "where": term_view(g["state"] or g["org"], labels),
                     "start": str(g["start"] or ""), "end": str(g["end"] or ""),
                     "sources": [term_view(s, labels) for s in sorted(g["sources"], key=str)]})
    rows.sort(key=lambda r: (r["holder"].text, r["start"], r["office"].text))
    return rows


def _events(node):
    """The events `node` takes part in, one row per real event: the reports that
    `kg.merge` linked to one merged event are one row, with each article as a source."""
    res = run(f"""SELECT ?x ?e ?link ?kind ?status ?date ?earliest ?source ?evidence ?merged WHERE {{
  ?e ?link ?x .
  {in_list('link', [DKG[r] for r in EVENT_LINKS])}
  ?e a ?kind . {in_list('kind', event_classes())}
  OPTIONAL {{ ?e dkg:status ?status }}
  OPTIONAL {{ ?e dkg:time ?t . OPTIONAL {{ ?t dkg:value ?date }} OPTIONAL {{ ?t dkg:earliest ?earliest }} }}
  OPTIONAL {{ ?e dkg:sourceArticle ?source }}
  OPTIONAL {{ ?e dkg:evidence ?evidence }}
  OPTIONAL {{ ?e dkg:reportOf ?merged }}
}} LIMIT 5000""", {"x": node})
    groups: dict[str, dict] = {}
    for r in res.rows:
        e = str(r["e"])
        key = str(r["merged"]) if r.get("merged") is not None else e
        g = groups.setdefault(key, {"event": URIRef(key), "kinds": Counter(), "status": r.get("status"),
                                    "date": r.get("date"), "earliest": r.get("earliest"),
                                    "links": set(), "reports": {}, "merged": r.get("merged") is not None})
        if e not in g["reports"]:
            g["kinds"][r["kind"]] += 1
        g["links"].add(local_name(r["link"]))
        rep = g["reports"].setdefault(e, {"source": None, "evidence": ""})
        if r.get("source") is not None:
            rep.update(source=str(r["source"]), evidence=str(r.get("evidence") or ""))
    merged = [k for k, g in groups.items() if g["merged"]]
    if merged:   # the merged event's own status and best date stand for the row
        res = run(f"""SELECT ?m ?status ?date ?earliest WHERE {{ VALUES ?m {{ {common.iri_list(merged)} }}
  OPTIONAL {{ ?m dkg:status ?status }}
  OPTIONAL {{ ?m dkg:time ?t . OPTIONAL {{ ?t dkg:value ?date }} OPTIONAL {{ ?t dkg:earliest ?earliest }} }} }}""")
        for r in res.rows:
            g = groups[str(r["m"])]
            g.update(status=r.get("status"), date=r.get("date"), earliest=r.get("earliest"))
    details = event_details(list(groups))
    iris = set(groups) | {str(o) for d in details.values() for _, o in d} \
        | {rep["source"] for g in groups.values() for rep in g["reports"].values() if rep["source"]} \
        | {str(k) for g in groups.values() for k in g["kinds"]}
    labels = fetch_labels(iris)
    rows = []
    for e, g in groups.items():
        roles = sorted(g["links"] - ({"participant"} if len(g["links"]) > 1 else set()))
        others = defaultdict(set)
        places = []
        for role, o in details.get(e, []):
            if role in ("place",):
                places.append(o)
            elif o != node and role in ROLE_LINKS + ("destination",):
                others[str(o)].add(role)
        others_v = []
        for o, rs in others.items():
            rs = rs - {"participant"} if len(rs) > 1 else rs
            others_v.append((term_view(URIRef(o), labels), ", ".join(sorted(rs))))
        others_v.sort(key=lambda t: t[0].text)
        kind = min(g["kinds"], key=lambda k: (-g["kinds"][k], str(k)))
        sources = []
        for rep_iri, rep in sorted(g["reports"].items(), key=lambda kv: (kv[1]["source"] or "", kv[0])):
            if rep["source"]:
                sources.append((term_view(URIRef(rep["source"]), labels), rep["evidence"], fact_anchor(rep_iri)))
        rows.append({"event": term_view(g["event"], labels), "kind": kind_name(kind),
                     "date": str(g["date"] or ""), "sort": str(g["earliest"] or g["date"] or "9999"),
                     "roles": ", ".join(roles), "others": others_v,
                     "places": [term_view(p, labels) for p in places],
                     "status": local_name(g["status"]) if g["status"] is not None else "",
                     "count": len({s[0].value for s in sources}), "sources": sources})
    rows.sort(key=lambda r: (r["sort"], r["kind"]))
    return rows


# ------------------------------------------------------------ type-ahead --
@bp.route("/api/entities")
def api_entities():
    """Entities whose label contains `q`, for pickers: [{iri, label, type}]."""
    etype = request.args.get("type", "").strip().lower()
    text = request.args.get("q", "").strip()[:100]
    try:
        limit = max(1, min(int(request.args.get("limit", 20)), 100))
    except ValueError:
        limit = 20
    if etype and etype not in ENTITY_CLASSES:
        return jsonify(error=f"unknown type {etype!r}; use one of {', '.join(ENTITY_CLASSES)}"), 400
    classes = [ENTITY_CLASSES[etype]] if etype else list(ENTITY_CLASSES.values())
    out, seen = [], set()
    for cls in classes:
        res = run("""SELECT ?e ?label ?class ?q (MIN(?alt) AS ?match) WHERE {
  ?e a ?class ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?a }
  BIND (COALESCE(?a, ?label) AS ?alt)
  FILTER (CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))) || CONTAINS(LCASE(STR(?alt)), LCASE(STR(?q))))
} GROUP BY ?e ?label ?class ?q ORDER BY STRLEN(STR(?label)) LCASE(STR(?label)) LIMIT """ + str(limit * 3),
                  {"class": cls, "q": Literal(text)})
        name = next(k for k, v in ENTITY_CLASSES.items() if v == cls)
        for r in res.rows:
            iri = str(r["e"])
            if iri in seen:
                continue
            seen.add(iri)
            out.append({"iri": iri, "label": str(r["label"]), "type": name,
                        "url": common.entity_href(iri)})
    starts = text.casefold()
    out.sort(key=lambda e: (not e["label"].casefold().startswith(starts), len(e["label"]), e["label"]))
    return jsonify(out[:limit])
