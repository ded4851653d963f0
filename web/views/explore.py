"""Timeline and network views, and the JSON they are drawn from.

`/api/timeline` lists dated events (filters: state, person, kind, from, to);
`/api/network` counts meetings between people or between states (filters:
level, center, from, to, status). Filter values are bound as RDF terms, never
pasted into the query; the fixed query fragments are chosen by which filters
are given.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

from flask import jsonify, render_template, request, url_for
from rdflib import Literal

from kg.facts import STATUSES
from kg.namespaces import DKG
from kg.queries import QueryError, check_iri, label_resolver

from . import common
from .common import (ROLE_LINKS, event_classes, fetch_labels, in_list, kind_name, local_name,
                     meeting_classes, run)
from .pages import bp

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MAX_ITEMS = 5000      # events on the timeline
MAX_EDGES = 2000      # pairs in the network (the heaviest are kept)
TABLE_ROWS = 500      # rows of the tables under the timeline and the network


class FilterError(ValueError):
    pass


def _entity_arg(name: str, ptype: str):
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if raw.startswith(("http://", "https://")):
        try:
            return check_iri(raw, name)
        except QueryError as exc:
            raise FilterError(str(exc)) from None
    try:
        iri = label_resolver(lambda q, b=None: run(q, b))(ptype, raw)
    except QueryError as exc:
        raise FilterError(str(exc)) from None
    if iri is None:
        raise FilterError(f"no {ptype} named {raw!r} in the graph")
    return iri


def _date_arg(name: str):
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not _DATE.match(raw):
        raise FilterError(f"{name}: {raw!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return Literal(raw)


def _kind_arg():
    raw = request.args.get("kind", "").strip()
    if not raw:
        return None
    kinds = {local_name(k): k for k in event_classes()}
    if raw not in kinds:
        raise FilterError(f"unknown kind {raw!r}; use one of {', '.join(sorted(kinds))}")
    return kinds[raw]


def _status_arg():
    raw = request.args.get("status", "").strip()
    if not raw:
        return None
    if raw not in STATUSES:
        raise FilterError(f"unknown status {raw!r}; use one of {', '.join(STATUSES)}")
    return DKG[raw]


def _date_filters(bindings, where_from="?latest", where_to="?earliest") -> str:
    parts = []
    f, t = _date_arg("from"), _date_arg("to")
    if f is not None:
        bindings["from"] = f
        parts.append(f"FILTER (BOUND({where_from}) && STR({where_from}) >= STR(?from))")
    if t is not None:
        bindings["to"] = t
        parts.append(f'FILTER (BOUND({where_to}) && STR({where_to}) <= CONCAT(STR(?to), "~"))')
    return "\n  ".join(parts)


def _labels_for(iris):
    try:
        return fetch_labels(iris)
    except Exception:  # noqa: BLE001
        return {}


# --------------------------------------------------------------- timeline --
def timeline_items():
    """(items, undated count, error) for the current request's filters."""
    bindings: dict = {}
    parts = []
    person = _entity_arg("person", "person")
    if person is not None:
        bindings["person"] = person
        parts.append(f"?e ?rp ?person . {in_list('rp', [DKG[r] for r in ROLE_LINKS])}")
    state = _entity_arg("state", "state")
    if state is not None:
        bindings["state"] = state
        parts.append(f"""{{ ?e ?rs ?state . {in_list('rs', [DKG[r] for r in common.EVENT_LINKS])} }} UNION
      {{ ?hh dkg:inState ?state ; dkg:holder ?pp . ?e dkg:participant ?pp }} UNION
      {{ ?pl dkg:locatedIn|dkg:stateOf ?state . ?e dkg:place|dkg:destination ?pl }}""")
    kind = _kind_arg()
    if kind is not None:
        bindings["kindf"] = kind
        parts.append("FILTER (?kind = ?kindf)")
    dates = _date_filters(bindings)
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
    labels = _labels_for(sources)
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


def _filter_labels(names):
    vals = {n: request.args.get(n, "").strip() for n in names}
    labels = _labels_for([v for v in vals.values() if common.is_http(v)])
    return {n: labels.get(v, "") for n, v in vals.items()}


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
                           kinds=kinds, args=args, labels=_filter_labels(["person", "state"]),
                           data_src=url_for("pages.api_timeline", **args))


@bp.route("/api/timeline")
def api_timeline():
    try:
        items, undated, cut = timeline_items()
    except FilterError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(items=items, undated=undated, truncated=cut)


# ---------------------------------------------------------------- network --
def network_data():
    level = request.args.get("level", "person")
    if level not in ("person", "state"):
        raise FilterError("level must be person or state")
    bindings: dict = {}
    parts = []
    try:
        center = _entity_arg("center", "person")
    except FilterError:
        center = _entity_arg("center", "state")   # a name that is not a person's may be a state's
    if center is not None:
        bindings["center"] = center
        parts.append("""{ ?m dkg:participant|dkg:place ?center } UNION
      { ?ch dkg:inState ?center ; dkg:holder ?cp . ?m dkg:participant ?cp }""")
    status = _status_arg()
    if status is not None:
        bindings["st"] = status
        parts.append("?m dkg:status ?st .")
    dates = _date_filters(bindings)
    proj = " ".join(f"?{k}" for k in bindings)
    res = run(f"""SELECT DISTINCT ?m ?p ?ptype ?earliest {proj} WHERE {{
  {' '.join(parts)}
  ?m a ?k . {in_list('k', meeting_classes())}
  ?m dkg:participant ?p . ?p a ?ptype . FILTER (?ptype IN (dkg:Person, dkg:State))
  OPTIONAL {{ ?m dkg:time ?t . OPTIONAL {{ ?t dkg:earliest ?earliest }} OPTIONAL {{ ?t dkg:latest ?latest }} }}
  {dates}
}} LIMIT {MAX_ITEMS * 4}""", bindings or None)
    by_meeting = defaultdict(set)
    types = {}
    for r in res.rows:
        by_meeting[str(r["m"])].add(str(r["p"]))
        types[str(r["p"])] = local_name(r["ptype"])
    if level == "state":
        mapping = _states_of([p for p, t in types.items()])
        by_meeting = {m: {s for p in ps for s in mapping.get(p, ())} for m, ps in by_meeting.items()}
    else:
        by_meeting = {m: {p for p in ps if types.get(p) == "Person"} for m, ps in by_meeting.items()}
    edges = defaultdict(set)
    node_meetings = defaultdict(set)
    for m, ps in by_meeting.items():
        for a, b in combinations(sorted(ps), 2):
            edges[(a, b)].add(m)
            node_meetings[a].add(m)
            node_meetings[b].add(m)
    labels = _labels_for(set(node_meetings) | {m for ms in edges.values() for m in list(ms)[:20]})
    nodes = [{"id": n, "label": labels.get(n, common.fallback_label(n)), "url": common.entity_href(n),
              "meetings": len(ms), "center": center is not None and n == str(center)}
             for n, ms in node_meetings.items()]
    nodes.sort(key=lambda n: (-n["meetings"], n["label"]))
    edge_list = []
    for (a, b), ms in edges.items():
        edge_list.append({"from": a, "to": b, "value": len(ms),
                          "fromLabel": labels.get(a, common.fallback_label(a)),
                          "toLabel": labels.get(b, common.fallback_label(b)),
                          "meetings": [{"url": common.entity_href(m), "label": labels.get(m, common.fallback_label(m))}
                                       for m in sorted(ms)[:20]]})
    edge_list.sort(key=lambda e: (-e["value"], e["fromLabel"], e["toLabel"]))
    truncated = len(edge_list) > MAX_EDGES
    if truncated:   # keep the heaviest pairs, and the people or states they join
        edge_list = edge_list[:MAX_EDGES]
        keep = {e["from"] for e in edge_list} | {e["to"] for e in edge_list}
        nodes = [n for n in nodes if n["id"] in keep]
    return {"level": level, "nodes": nodes, "edges": edge_list, "meetings": len(by_meeting),
            "truncated": truncated}


def _states_of(iris) -> dict[str, set]:
    out = defaultdict(set)
    iris = [i for i in iris if common.is_http(i)]
    for n in range(0, len(iris), 200):
        chunk = iris[n:n + 200]
        res = run(f"""SELECT DISTINCT ?p ?s WHERE {{ VALUES ?p {{ {common.iri_list(chunk)} }}
  {{ ?p a dkg:State BIND (?p AS ?s) }} UNION {{ ?h dkg:holder ?p ; dkg:inState ?s }} }}""")
        for r in res.rows:
            out[str(r["p"])].add(str(r["s"]))
    return out


@bp.route("/network")
def network():
    error, data = None, {"nodes": [], "edges": [], "level": "person", "meetings": 0}
    try:
        data = network_data()
    except FilterError as exc:
        error = str(exc)
    args = {k: v for k, v in request.args.items() if v}
    return render_template("network.html", data=data, table_rows=TABLE_ROWS, error=error, args=args, statuses=STATUSES,
                           labels=_filter_labels(["center"]),
                           data_src=url_for("pages.api_network", **args))


@bp.route("/api/network")
def api_network():
    try:
        return jsonify(network_data())
    except FilterError as exc:
        return jsonify(error=str(exc)), 400
