"""The timeline: one item per real event on a time axis (vis-timeline, from `/api/timeline`).

Reports that `kg.merge` linked to one merged event are one item with their
number of sources; events that are not merged (statements, or a store that
was never merged) are items of their own. A few mis-dated events would
stretch the axis over centuries, so the axis opens on the span that holds
most events (`default_window`) and a control shows them all. Events with no
date cannot be placed on the axis; they are listed under it, with the same
filters.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flask import jsonify, render_template, request, url_for

from kg.facts import STATUSES
from kg.namespaces import DKG

from . import common
from .common import ROLE_LINKS, event_classes, in_list, kind_name, local_name, page_blueprint, run
from .filters import (MAX_ITEMS, TABLE_ROWS, FilterError, date_filters, entity_arg, filter_labels,
                      kind_arg, labels_for, status_arg)

bp = page_blueprint("timeline", __name__)

TAIL = 0.05         # the axis opens without the earliest and latest 5 % of dated events ...
FENCE = 3.0         # ... and without dates further than 3 interquartile ranges from the middle half,
FENCE_MIN = 730     # or two years if that is more (a few close events are no outliers)


def _rows(bindings: dict, parts: list[str], dates: str):
    proj = " ".join(f"?{k}" for k in bindings)
    return run(f"""SELECT DISTINCT ?e ?r ?kind ?label ?earliest ?latest ?value ?status ?source {proj} WHERE {{
  {{ ?e dkg:hasReport ?r . ?r a ?kind . OPTIONAL {{ ?r dkg:sourceArticle ?source }} }}
  UNION
  {{ ?e a ?kind . FILTER NOT EXISTS {{ ?e dkg:reportOf ?merged }} BIND (?e AS ?r)
     OPTIONAL {{ ?e dkg:sourceArticle ?source }} }}
  {in_list('kind', event_classes())}
  {' '.join(parts)}
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e dkg:time ?t . OPTIONAL {{ ?t dkg:earliest ?earliest }} OPTIONAL {{ ?t dkg:latest ?latest }}
             OPTIONAL {{ ?t dkg:value ?value }} }}
  OPTIONAL {{ ?e dkg:status ?status }}
  {dates}
}} ORDER BY ?earliest ?e LIMIT {MAX_ITEMS * 4 + 1}""", bindings or None)


def timeline_items():
    """(dated items, undated items, truncated) for the current request's filters."""
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
    status = status_arg()
    if status is not None:
        bindings["statusf"] = status
        parts.append("?e dkg:status ?statusf .")
    res = _rows(bindings, parts, date_filters(bindings))
    cut = len(res.rows) > MAX_ITEMS * 4

    events: dict[str, dict] = {}
    for r in res.rows[:MAX_ITEMS * 4]:
        e = str(r["e"])
        ev = events.get(e)
        if ev is None:
            if len(events) >= MAX_ITEMS:
                cut = True
                continue
            ev = events[e] = {"row": r, "kinds": Counter(), "reports": set(), "sources": []}
        if str(r["r"]) not in ev["reports"]:
            ev["reports"].add(str(r["r"]))
            ev["kinds"][r["kind"]] += 1
        src = r.get("source")
        if src is not None and str(src) not in ev["sources"]:
            ev["sources"].append(str(src))
    labels = labels_for({s for ev in events.values() for s in ev["sources"][:1]})

    dated, undated = [], []
    for e, ev in events.items():
        r = ev["row"]
        k = min(ev["kinds"], key=lambda x: (-ev["kinds"][x], str(x)))
        item = {"id": e, "label": str(r.get("label") or common.fallback_label(e)),
                "kind": local_name(k), "kindLabel": kind_name(k),
                "status": local_name(r["status"]) if r.get("status") is not None else "",
                "url": common.entity_href(e), "sources": len(ev["sources"])}
        if ev["sources"]:
            src = ev["sources"][0]
            item["source"] = {"url": common.entity_href(src), "label": labels.get(src, src)}
        if r.get("earliest") is None:
            undated.append(item)
            continue
        start = str(r["earliest"])[:10]
        end = str(r.get("latest") or start)[:10]
        item.update(start=start, date=str(r.get("value") or start))
        if end > start:
            try:
                item["end"] = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
            except ValueError:
                pass
        dated.append(item)
    undated.sort(key=lambda it: (it["kindLabel"], it["label"]))
    return dated, undated, cut


def _quantile(values: list[int], q: float) -> float:
    """The q-quantile of sorted values, interpolated linearly between neighbours."""
    pos = q * (len(values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def default_window(items: list[dict]) -> dict | None:
    """The span the axis opens on: where most dated events are.

    Start and end are the earliest and latest event dates inside both the
    5th–95th percentile and Tukey's far-out fences (3 IQR beyond the
    quartiles, at least two years), so that a handful of mis-dated events neither stretch the
    axis nor, in a small graph, pull it away from the rest.
    """
    days, ends = [], {}
    for it in items:
        try:
            start = date.fromisoformat(it["start"]).toordinal()
            end = date.fromisoformat(it["end"]).toordinal() - 1 if it.get("end") else start
        except (KeyError, ValueError):
            continue
        days.append(start)
        if end - start <= 31:     # a month or finer is shown whole; a year-long bar may run on
            ends[start] = max(ends.get(start, start), end)
    if not days:
        return None
    days.sort()
    q1, q3 = _quantile(days, .25), _quantile(days, .75)
    fence = max(FENCE * (q3 - q1), FENCE_MIN)
    tail = int(len(days) * TAIL)          # whole events: a small graph loses none to the tails
    low = max(days[tail], q1 - fence)
    high = min(days[-1 - tail], q3 + fence)
    inside = [d for d in days if low <= d <= high] or days
    start = date.fromordinal(inside[0])
    end = date.fromordinal(max(ends.get(d, d) for d in inside))
    return {"start": start.isoformat(), "end": end.isoformat(), "shown": len(inside), "total": len(days),
            "first": date.fromordinal(days[0]).isoformat(),
            "last": date.fromordinal(max(ends.get(d, d) for d in days)).isoformat()}


@bp.route("/timeline")
def timeline():
    error, items, undated, cut = None, [], [], False
    try:
        items, undated, cut = timeline_items()
    except FilterError as exc:
        error = str(exc)
    kinds = sorted((local_name(k), kind_name(k)) for k in event_classes())
    args = {k: v for k, v in request.args.items() if v}
    counts = Counter(it["kindLabel"] for it in items + undated)
    return render_template("timeline.html", items=items, undated=undated, table_rows=TABLE_ROWS, cut=cut,
                           error=error, kinds=kinds, statuses=STATUSES, args=args, counts=sorted(counts.items()),
                           window=default_window(items), labels=filter_labels(["person", "state"]),
                           data_src=url_for("timeline.api_timeline", **args))


@bp.route("/api/timeline")
def api_timeline():
    try:
        items, undated, cut = timeline_items()
    except FilterError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(items=items, undated=len(undated), undatedItems=undated, truncated=cut,
                   window=default_window(items))
