"""The network of who met whom (people or states), drawn by vis-network from `/api/network`."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from flask import jsonify, render_template, request, url_for

from kg.facts import STATUSES

from . import common
from .common import in_list, local_name, meeting_classes, page_blueprint, run
from .filters import (MAX_EDGES, MAX_ITEMS, TABLE_ROWS, FilterError, date_filters, entity_arg,
                      filter_labels, labels_for, status_arg)

bp = page_blueprint("network", __name__)


def network_data():
    level = request.args.get("level", "person")
    if level not in ("person", "state"):
        raise FilterError("level must be person or state")
    bindings: dict = {}
    parts = []
    try:
        center = entity_arg("center", "person")
    except FilterError:
        center = entity_arg("center", "state")   # a name that is not a person's may be a state's
    if center is not None:
        bindings["center"] = center
        parts.append("""{ ?m dkg:participant|dkg:place ?center } UNION
      { ?ch dkg:inState ?center ; dkg:holder ?cp . ?m dkg:participant ?cp }""")
    status = status_arg()
    if status is not None:
        bindings["st"] = status
        parts.append("?m dkg:status ?st .")
    dates = date_filters(bindings)
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
    labels = labels_for(set(node_meetings) | {m for ms in edges.values() for m in list(ms)[:20]})
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
                           labels=filter_labels(["center"]),
                           data_src=url_for("network.api_network", **args))


@bp.route("/api/network")
def api_network():
    try:
        return jsonify(network_data())
    except FilterError as exc:
        return jsonify(error=str(exc)), 400
