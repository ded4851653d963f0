"""Article pages: the text with its mentions and evidence highlighted, and its facts.

The highlighted text is built here, piece by piece, with every piece of
article text escaped (markupsafe.escape) before any markup is put around it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from flask import Response, abort, render_template, request, url_for
from markupsafe import Markup, escape
from rdflib import Graph, Literal, URIRef

from kg.mapping import article_iri, bind_prefixes, graph_iri
from kg.namespaces import DKG, SCHEMA

from . import common
from .common import (event_classes, fact_anchor, fetch_labels, kind_name, local_name, page_blueprint, run,
                     term_view)

bp = page_blueprint("articles", __name__)

_ID = re.compile(r"^[A-Za-z0-9._-]+$")
ENTITY_KINDS = {str(DKG.Person): "person", str(DKG.State): "state", str(DKG.Place): "place",
                str(DKG.Organization): "organization"}


def _check_id(article_id: str) -> str:
    if not _ID.match(article_id or "") or article_id.strip(".") == "":
        abort(404, description="No such article.")
    return article_id


# ------------------------------------------------------------------ list --
@bp.route("/articles/")
def articles():
    text = request.args.get("q", "").strip()[:200]
    per = 50
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    filt = "FILTER (CONTAINS(LCASE(STR(COALESCE(?title, \"\"))), LCASE(STR(?q))) || CONTAINS(LCASE(STR(?id)), LCASE(STR(?q))))" if text else ""
    bindings = {"q": Literal(text)} if text else None
    qvar = "?q" if text else ""
    total = run(f"""SELECT {qvar} (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  ?a a schema:NewsArticle ; dkg:articleId ?id . OPTIONAL {{ ?a schema:headline ?title }} {filt} }}
  {'GROUP BY ?q' if text else ''}""", bindings)
    n = int(total.rows[0]["n"]) if total.rows else 0
    pages = max(1, math.ceil(n / per))
    page = min(page, pages)
    res = run(f"""SELECT ?a ?id ?title ?date {qvar} (COUNT(DISTINCT ?f) AS ?facts) WHERE {{
  ?a a schema:NewsArticle ; dkg:articleId ?id .
  OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?date }}
  OPTIONAL {{ ?f dkg:sourceArticle ?a }}
  {filt}
}} GROUP BY ?a ?id ?title ?date {qvar} ORDER BY DESC(?date) ?id LIMIT {per} OFFSET {(page - 1) * per}""",
              bindings)
    rows = [{"id": str(r["id"]), "title": str(r.get("title") or r["id"]),
             "date": str(r.get("date") or ""), "facts": int(r["facts"])} for r in res.rows]
    return render_template("articles.html", rows=rows, total=n, page=page, pages=pages, q=text)


# ------------------------------------------------------------------ page --
@dataclass
class Span:
    begin: int
    end: int
    kind: str                      # evidence | mention | trigger | time
    css: str = ""
    href: str | None = None
    title: str = ""
    anchors: list = field(default_factory=list)


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text as HTML, each span marked; overlapping spans are split at every boundary."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.begin < s.end <= n]
    cuts = sorted({0, n} | {s.begin for s in spans} | {s.end for s in spans})
    starts = {}
    for s in spans:
        if s.kind == "evidence":
            starts.setdefault(s.begin, []).extend(s.anchors)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        cover = [s for s in spans if s.begin <= a and b <= s.end]
        inner = sorted((s for s in cover if s.kind != "evidence"), key=lambda s: (s.end - s.begin))
        for s in reversed(inner):  # widest first on the outside
            if s.kind == "mention":
                attrs = f' class="mention {escape(s.css)}" title="{escape(s.title)}"'
                piece = (Markup(f'<a href="{escape(s.href)}"{attrs}>') if s.href
                         else Markup(f'<span{attrs}>')) + piece + Markup("</a>" if s.href else "</span>")
            else:
                piece = Markup(f'<span class="{escape(s.kind)}" title="{escape(s.title)}">') + piece + Markup("</span>")
        evid = [s for s in cover if s.kind == "evidence"]
        if evid:
            anchors = " ".join(x for s in evid for x in s.anchors)
            piece = Markup(f'<mark class="evidence" data-facts="{escape(anchors)}">') + piece + Markup("</mark>")
        for anchor in starts.get(a, []):
            piece = Markup(f'<span class="anchor" id="t-{escape(anchor)}"></span>') + piece
        out.append(piece)
    return Markup("").join(out)


def _int(value):
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@bp.route("/article/<article_id>")
def article(article_id):
    article_id = _check_id(article_id)
    a = article_iri(article_id)
    rows = run("SELECT ?a ?p ?o WHERE { ?a ?p ?o }", {"a": a}).rows
    if not rows:
        abort(404, description=f"No article with id {article_id!r} in the graph.")
    by_p: dict = {}
    for r in rows:
        by_p.setdefault(r["p"], []).append(r["o"])
    first = lambda p: by_p[p][0] if by_p.get(p) else None  # noqa: E731
    text = str(first(SCHEMA.articleBody) or "")
    url = first(SCHEMA.url)

    # Read inside the article's own named graph: a node shared by several articles
    # (an office holding) has evidence and offsets in each of them.
    g = graph_iri(article_id)
    mentions = run("""SELECT ?g ?a ?m ?ent ?b ?e ?type WHERE {
  GRAPH ?g { ?m dkg:inArticle ?a ; dkg:mentionOf ?ent ; dkg:beginOffset ?b ; dkg:endOffset ?e }
  OPTIONAL { ?ent a ?type . FILTER (?type IN (dkg:Person, dkg:State, dkg:Place, dkg:Organization)) }
}""", {"a": a, "g": g}).rows
    facts_rows = run(f"""SELECT ?g ?a ?f ?kind ?status ?evidence ?b ?e ?conf ?date ?tb ?te ?trb ?tre WHERE {{
  GRAPH ?g {{
    ?f dkg:sourceArticle ?a ; a ?kind .
    OPTIONAL {{ ?f dkg:status ?status }}
    OPTIONAL {{ ?f dkg:evidence ?evidence }}
    OPTIONAL {{ ?f dkg:beginOffset ?b ; dkg:endOffset ?e }}
    OPTIONAL {{ ?f dkg:confidence ?conf }}
    OPTIONAL {{ ?f dkg:time ?t . OPTIONAL {{ ?t dkg:value ?date }}
               OPTIONAL {{ ?t dkg:beginOffset ?tb ; dkg:endOffset ?te }} }}
    OPTIONAL {{ ?f dkg:trigger ?tr . ?tr dkg:beginOffset ?trb ; dkg:endOffset ?tre }}
  }}
  FILTER (?kind = dkg:OfficeHolding || ?kind IN ({', '.join(f'<{k}>' for k in event_classes())}))
}}""", {"a": a, "g": g}).rows

    facts: dict[str, dict] = {}
    for r in facts_rows:
        f = facts.setdefault(str(r["f"]), {"iri": r["f"], "kinds": set(), "row": r})
        f["kinds"].add(r["kind"])
    labels = fetch_labels(set(facts) | {str(m["ent"]) for m in mentions})

    spans: list[Span] = []
    for m in mentions:
        b, e = _int(m["b"]), _int(m["e"])
        if b is None or e is None:
            continue
        kind = ENTITY_KINDS.get(str(m.get("type")), "other")
        ent = str(m["ent"])
        spans.append(Span(b, e, "mention", css=f"m-{kind}", href=common.entity_href(ent),
                          title=f"{labels.get(ent, common.fallback_label(ent))} ({kind})"))
    fact_list = []
    for iri, f in facts.items():
        r = f["row"]
        kind = next((k for k in f["kinds"] if k != DKG.OfficeHolding), DKG.OfficeHolding)
        anchor = fact_anchor(iri)
        b, e = _int(r.get("b")), _int(r.get("e"))
        label = labels.get(iri, common.fallback_label(iri))
        if b is not None and e is not None:
            spans.append(Span(b, e, "evidence", anchors=[anchor]))
        tb, te = _int(r.get("tb")), _int(r.get("te"))
        if tb is not None and te is not None:
            spans.append(Span(tb, te, "time", title=f"time of: {label}"))
        trb, tre = _int(r.get("trb")), _int(r.get("tre"))
        if trb is not None and tre is not None:
            spans.append(Span(trb, tre, "trigger", title=f"{kind_name(kind)}: {label}"))
        fact_list.append({"anchor": anchor, "kind": kind_name(kind), "node": term_view(URIRef(iri), labels),
                          "status": local_name(r["status"]) if r.get("status") is not None else "",
                          "date": str(r.get("date") or ""), "evidence": str(r.get("evidence") or ""),
                          "confidence": str(r.get("conf") or ""), "located": b is not None,
                          "order": (b if b is not None else 10**9, kind_name(kind))})
    fact_list.sort(key=lambda f: f["order"])
    entities = {}
    for m in mentions:
        ent = str(m["ent"])
        kind = ENTITY_KINDS.get(str(m.get("type")), "other")
        entities.setdefault(ent, {"term": term_view(URIRef(ent), labels), "kind": kind, "count": 0})
        entities[ent]["count"] += 1
    return render_template(
        "article.html", article_id=article_id, iri=str(a),
        title=str(first(SCHEMA.headline) or article_id),
        published=str(first(SCHEMA.datePublished) or ""),
        url=str(url) if url is not None and common.is_http(str(url)) else None,
        body=highlight(text, spans), facts=fact_list,
        entities=sorted(entities.values(), key=lambda e: (e["kind"], e["term"].text)),
        graph_url=url_for("articles.article_graph", article_id=article_id))


@bp.route("/article/<article_id>/graph.ttl")
def article_graph(article_id):
    """The article's named graph as Turtle."""
    article_id = _check_id(article_id)
    gname = graph_iri(article_id)
    res = run("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": gname}, max_rows=10**7)
    if not res.rows:
        abort(404, description=f"No graph for article {article_id!r}.")
    g = bind_prefixes(Graph(identifier=gname))
    for r in res.rows:
        g.add((r["s"], r["p"], r["o"]))
    body = f"# Named graph <{gname}>\n" + g.serialize(format="turtle")
    resp = Response(body, mimetype="text/turtle")
    resp.headers["Content-Disposition"] = f'attachment; filename="{article_id}.ttl"'
    return resp
