"""Saved-query pages: the list, and one page per query (form, sortable paged table, downloads).

The form is built from the query's typed `# param:` lines; values are bound
by `kg.queries.bind`, never pasted into the SPARQL text.
"""
from __future__ import annotations

import math
from urllib.parse import urlencode

from flask import abort, current_app, render_template, request, url_for
from rdflib import URIRef

from kg.facts import STATUSES
from kg.queries import PARAM_TYPES, QueryError, all_queries, bind, get_query, label_resolver
from kg.store import StoreError

from . import common
from .common import fetch_labels, page_blueprint, run, term_view

bp = page_blueprint("queries", __name__)

PER_PAGE = (25, 50, 100, 250)
ENTITY_PARAM_TYPES = {"person", "state", "place", "organization"}


@bp.route("/queries/")
def query_list():
    return render_template("queries.html", queries=all_queries())


# ---------------------------------------------------------- saved query --
def _resolver():
    return label_resolver(lambda q, b=None: run(q, b))


def _form_fields(q, values: dict) -> list[dict]:
    """What the template needs to draw one input per parameter."""
    iris = [v for p in q.params if p.type in ENTITY_PARAM_TYPES | {"iri", "event"}
            for v in [values.get(p.name, "")] if common.is_http(v)]
    labels = fetch_labels(iris) if iris else {}
    fields = []
    for p in q.params:
        value = values.get(p.name, "")
        f = {"name": p.name, "type": p.type, "required": p.required,
             "description": p.description or PARAM_TYPES[p.type][0],
             "hint": PARAM_TYPES[p.type][0], "value": value, "label": labels.get(value, ""),
             "input": "text", "pattern": None, "typeahead": None, "choices": None}
        if p.type in ENTITY_PARAM_TYPES:
            f["typeahead"] = p.type
        elif p.type == "date":
            f["pattern"] = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
            f["placeholder"] = "YYYY, YYYY-MM or YYYY-MM-DD"
        elif p.type == "integer":
            f["input"] = "number"
        elif p.type in ("iri", "event"):
            f["input"] = "url"
            f["placeholder"] = "https://…"
        elif p.type == "string" and "status" in p.name:
            f["choices"] = list(STATUSES)
        elif p.type == "string" and p.name.startswith("kind"):
            f["choices"] = sorted(common.local_name(k) for k in common.event_classes())
        fields.append(f)
    # A "from"/"to" pair of dates is drawn side by side as one date range.
    names = [f["name"] for f in fields]
    for f in fields:
        f["range_start"] = (f["type"] == "date" and f["name"] == "from" and "to" in names)
        f["range_end"] = (f["type"] == "date" and f["name"] == "to" and "from" in names)
    return fields


def _table(q, result, args) -> dict:
    """Columns and the rows of the current page, IRIs labelled and linked."""
    params = {p.name for p in q.params}
    shown = [v for v in result.vars if v not in params]
    pair = {v: v + "Label" for v in shown if v + "Label" in shown}
    label_cols = set(pair.values())
    cols = [v for v in shown if v not in label_cols]

    def cell(row, v):
        term = row.get(v)
        label = str(row[pair[v]]) if v in pair and row.get(pair[v]) is not None else None
        return term_view(term, label=label)

    rows = [{v: cell(r, v) for v in cols} for r in result.rows]
    sort = args.get("sort", "")
    desc = args.get("dir") == "desc"
    if sort in cols:
        rows.sort(key=lambda r: r[sort].sort_key, reverse=desc)
        if desc:  # unbound values stay last either way
            rows.sort(key=lambda r: r[sort].kind == "none")
    try:
        per = int(args.get("per", 50))
    except ValueError:
        per = 50
    per = per if per in PER_PAGE else 50
    pages = max(1, math.ceil(len(rows) / per))
    try:
        page = min(max(1, int(args.get("page", 1))), pages)
    except ValueError:
        page = 1
    page_rows = rows[(page - 1) * per: page * per]
    # Label the IRIs that the query gives no label for (events, articles, ...).
    need = {c.value for r in page_rows for c in r.values() if c.kind == "iri" and c.text == common.fallback_label(c.value)}
    if need:
        labels = fetch_labels(need)
        for r in page_rows:
            for c in r.values():
                if c.kind == "iri" and c.value in labels and c.text == common.fallback_label(c.value):
                    c.text = labels[c.value]
    return {"cols": cols, "rows": page_rows, "total": len(rows), "page": page, "pages": pages,
            "per": per, "sort": sort if sort in cols else "", "desc": desc,
            "first": (page - 1) * per + 1 if rows else 0, "last": (page - 1) * per + len(page_rows)}


def _graph_table(result) -> dict:
    triples = sorted(result.graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    labels = fetch_labels({str(x) for t in triples[:1000] for x in t if isinstance(x, URIRef)})
    rows = [{"subject": term_view(s, labels), "predicate": term_view(p, labels), "object": term_view(o, labels)}
            for s, p, o in triples[:1000]]
    return {"cols": ["subject", "predicate", "object"], "rows": rows, "total": len(triples),
            "page": 1, "pages": 1, "per": len(rows), "sort": "", "desc": False,
            "first": 1 if rows else 0, "last": len(rows)}


@bp.route("/queries/<name>")
def saved_query(name):
    try:
        q = get_query(name)
    except QueryError as exc:
        abort(404, description=str(exc))
    values = {p.name: request.args.get(p.name, "").strip() for p in q.params}
    given = {k: v for k, v in values.items() if v}
    error = result = table = None
    try:
        bindings = bind(q, given, _resolver())
        result = run(q.text, bindings, prefixes=False)
    except QueryError as exc:
        error = str(exc)
    except StoreError as exc:
        error = f"The query could not be run: {exc}"
    except Exception as exc:  # noqa: BLE001 - e.g. a syntax error in a saved query file
        current_app.logger.exception("saved query %s failed", name)
        error = f"The query failed: {exc}"
    if result is not None:
        if result.kind == "select":
            table = _table(q, result, request.args)
        elif result.kind == "graph":
            table = _graph_table(result)

    def page_url(**changes):
        args = {k: v for k, v in request.args.items() if v}
        args.update({k: v for k, v in changes.items()})
        args = {k: v for k, v in args.items() if v not in (None, "")}
        return url_for("queries.saved_query", name=name) + ("?" + urlencode(args) if args else "")

    fmts = [("CSV", "csv"), ("TSV", "tsv"), ("JSON", "json")] if q.form in ("SELECT", "ASK") \
        else [("Turtle", "turtle"), ("N-Triples", "nt"), ("JSON-LD", "json-ld")]
    downloads = [(label, f"/api/queries/{name}?" + urlencode({**given, "format": fmt})) for label, fmt in fmts]
    return render_template("query.html", q=q, fields=_form_fields(q, values), error=error,
                           result=result, table=table, page_url=page_url, downloads=downloads,
                           per_page=PER_PAGE, max_rows=common.cfg().max_rows,
                           editor_url=url_for("editor.editor", saved=name))
