"""The timeline: events on a time axis, drawn by vis-timeline from `/api/timeline`."""
from __future__ import annotations

from datetime import date, timedelta

from flask import jsonify, render_template, request, url_for

from kg.namespaces import DKG

from . import common
from .common import ROLE_LINKS, event_classes, in_list, kind_name, local_name, page_blueprint, run
from .filters import (MAX_ITEMS, TABLE_ROWS, FilterError, date_filters, entity_arg, filter_labels,
                      kind_arg, labels_for)

bp = page_blueprint("timeline", __name__)


def timeline_items():
    """(items, undated count, error) for the current request's filters."""
    bindings: dict = {}
    parts = []
    person = entity_arg("person", "person")
    if person is not None:
        bindings["person"] = person
        parts.append(f"?e ?rp ?person . {in_list('rp', [DKG[r] for r in ROLE_LINKS])}")
    state = entity_arg("state", "state")
    if state is not None:
        bindings["state"] = state
        parts.append(f"""{{ ?e ?rs ?state . {in_list('rs', [DKG[r] for r in common.EVENT_LINKS])} }} UNION
      {{ ?hh dkg:inState ?state ; dkg:holder ?pp . ?e dkg:participant ?pp }} UNION
      {{ ?pl dkg:locatedIn|dkg:stateOf ?state . ?e dkg:place|dkg:destination ?pl }}""")
    kind = kind_arg()
    if kind is not None:
        bindings["kindf"] = kind
        parts.append("FILTER (?kind = ?kindf)")
    dates = date_filters(bindings)
    proj = " ".join(f"?{k}" for k in bindings)
    res = run(f"""SELECT DISTINCT ?e ?kind ?label ?earliest ?latest ?value ?status ?source {proj} WHERE {{
  {' '.join(parts)}
  ?e a ?kind . {in_list('kind', event_classes())}
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e dkg:time ?t . OPTIONAL {{ ?t dkg:earliest ?earliest }} OPTIONAL {{ ?t dkg:latest ?latest }}
             OPTIONAL {{ ?t dkg:value ?value }} }}
  OPTIONAL {{ ?e dkg:status ?status }}
  OPTIONAL {{ ?e dkg:sourceArticle ?source }}
  {dates}
}} ORDER BY ?earliest LIMIT {MAX_ITEMS + 1}""", bindings or None)
    items, undated, seen = [], 0, set()
    sources = {str(r["source"]) for r in res.rows if r.get("source") is not None}
    labels = labels_for(sources)
    for r in res.rows[:MAX_ITEMS]:
        e = str(r["e"])
        if e in seen:
            continue
        seen.add(e)
        if r.get("earliest") is None:
            undated += 1
            continue
        start = str(r["earliest"])[:10]
        end = str(r.get("latest") or start)[:10]
        item = {"id": e, "label": str(r.get("label") or common.fallback_label(e)),
                "kind": local_name(r["kind"]), "kindLabel": kind_name(r["kind"]),
                "start": start, "date": str(r.get("value") or start),
                "status": local_name(r["status"]) if r.get("status") is not None else "",
                "url": common.entity_href(e)}
        if end > start:
            try:
                item["end"] = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
            except ValueError:
                pass
        if r.get("source") is not None:
            src = str(r["source"])
            item["source"] = {"url": common.entity_href(src), "label": labels.get(src, src)}
        items.append(item)
    return items, undated, len(res.rows) > MAX_ITEMS


@bp.route("/timeline")
def timeline():
    error, items, undated, cut = None, [], 0, False
    try:
        items, undated, cut = timeline_items()
    except FilterError as exc:
        error = str(exc)
    kinds = sorted((local_name(k), kind_name(k)) for k in event_classes())
    args = {k: v for k, v in request.args.items() if v}
    return render_template("timeline.html", items=items, table_rows=TABLE_ROWS, undated=undated, cut=cut, error=error,
                           kinds=kinds, args=args, labels=filter_labels(["person", "state"]),
                           data_src=url_for("timeline.api_timeline", **args))


@bp.route("/api/timeline")
def api_timeline():
    try:
        items, undated, cut = timeline_items()
    except FilterError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(items=items, undated=undated, truncated=cut)
