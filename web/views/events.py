"""The view of one event: a merged event with every report of it, or one article's report.

`kg.merge` links the reports of one real-world event (each article's own
node, with the status, date and place that article gives) to one node in
graph/merged. A reader wants the event first (who, where, when, status) and
then what each article says, so that disagreements are visible and sourced.
A single report gets the same view with one report, plus a link to the
merged event it belongs to.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.merge import value_window
from kg.namespaces import DKG

from . import common
from .common import (EVENT_LINKS, event_classes, fact_anchor, fetch_labels, in_list, kind_name,
                     local_name, run, term_view)

# "N reports say it …": the status in words.
STATUS_WORDS = {"occurred": "occurred", "planned": "was planned", "cancelled": "was cancelled",
                "denied": "was denied", "alleged": "is alleged", "extended": "was extended",
                "accepted": "was accepted", "declined": "was declined", "signed": "was signed",
                "agreed": "was agreed"}
MODE_WORDS = {"inPerson": "in person", "phone": "by phone", "video": "by video"}
GRANULARITY_WORDS = {"day": "to the day", "week": "to the week", "month": "to the month",
                     "year": "to the year", "decade": "to the decade"}


def is_event(types) -> bool:
    """An article's event node, or a merged event (typed dkg:DiplomaticEvent)."""
    return DKG.DiplomaticEvent in types or any(t in event_classes() for t in types)


def event_details(events: list) -> dict:
    """role/place links of many events: {event: [(role, entity)]}."""
    links = defaultdict(list)
    ev = [str(e) for e in events]
    for n in range(0, len(ev), 200):
        chunk = ev[n:n + 200]
        res = run(f"""SELECT ?e ?role ?o WHERE {{
  VALUES ?e {{ {common.iri_list(chunk)} }} ?e ?role ?o .
  {in_list('role', [DKG[r] for r in EVENT_LINKS])} }}""", max_rows=len(chunk) * 100)
        for r in res.rows:
            links[str(r["e"])].append((local_name(r["role"]), r["o"]))
    return links


def roles_of(links: list, labels: dict) -> list:
    """[(role, [TermView])] in the ontology's order; `participant` only for those with no other role."""
    roles: dict[str, list] = {}
    for role, o in links:
        if role in ("place", "accordingTo"):
            continue
        roles.setdefault(role, [])
        if o not in roles[role]:
            roles[role].append(o)
    if len(roles) > 1 and "participant" in roles:
        specific = {str(o) for r, os in roles.items() if r != "participant" for o in os}
        roles["participant"] = [o for o in roles["participant"] if str(o) not in specific]
        if not roles["participant"]:
            del roles["participant"]
    order = {r: i for i, r in enumerate(EVENT_LINKS)}
    return [(role, sorted((term_view(o, labels) for o in os), key=lambda t: t.text))
            for role, os in sorted(roles.items(), key=lambda kv: order.get(kv[0], 99))]


def _mode(term) -> str:
    return "" if term is None else MODE_WORDS.get(local_name(term), local_name(term))


def _first(rows, key):
    return next((r[key] for r in rows if r.get(key) is not None), None)


def read_reports(iris: list) -> list[dict]:
    """Each report with its article, status, time, place, evidence and attribution (raw terms)."""
    if not iris:
        return []
    res = run(f"""SELECT ?r ?kind ?a ?title ?published ?status ?value ?ttext ?gran ?earliest ?latest ?place
       ?evidence ?b ?conf ?extractor ?according ?quote ?name ?mode WHERE {{
  VALUES ?r {{ {common.iri_list(iris)} }}
  ?r a ?kind . {in_list('kind', event_classes())}
  OPTIONAL {{ ?r dkg:sourceArticle ?a .
             OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?published }} }}
  OPTIONAL {{ ?r dkg:status ?status }}
  OPTIONAL {{ ?r dkg:time ?t . OPTIONAL {{ ?t dkg:value ?value }} OPTIONAL {{ ?t dkg:text ?ttext }}
             OPTIONAL {{ ?t dkg:granularity ?gran }}
             OPTIONAL {{ ?t dkg:earliest ?earliest }} OPTIONAL {{ ?t dkg:latest ?latest }} }}
  OPTIONAL {{ ?r dkg:place ?place }}
  OPTIONAL {{ ?r dkg:evidence ?evidence }}
  OPTIONAL {{ ?r dkg:beginOffset ?b }}
  OPTIONAL {{ ?r dkg:confidence ?conf }}
  OPTIONAL {{ ?r dkg:extractor ?extractor }}
  OPTIONAL {{ ?r dkg:accordingTo ?according }}
  OPTIONAL {{ ?r dkg:quote ?quote }}
  OPTIONAL {{ ?r dkg:name ?name }}
  OPTIONAL {{ ?r dkg:mode ?mode }}
}}""", max_rows=len(iris) * 200)
    by_r = defaultdict(list)
    for r in res.rows:
        by_r[str(r["r"])].append(r)
    out = []
    for iri in iris:
        rows = by_r.get(str(iri))
        if not rows:
            continue
        kinds = sorted({r["kind"] for r in rows}, key=str)
        out.append({
            "iri": URIRef(str(iri)), "kind": kinds[0],
            "article": _first(rows, "a"), "title": _first(rows, "title"),
            "published": _first(rows, "published"), "status": _first(rows, "status"),
            "value": _first(rows, "value"), "text": _first(rows, "ttext"), "gran": _first(rows, "gran"),
            "earliest": _first(rows, "earliest"), "latest": _first(rows, "latest"),
            "place": _first(rows, "place"), "evidence": _first(rows, "evidence"),
            "located": _first(rows, "b") is not None, "confidence": _first(rows, "conf"),
            "extractor": _first(rows, "extractor"), "quote": _first(rows, "quote"),
            "name": _first(rows, "name"), "mode": _first(rows, "mode"),
            "according": sorted({r["according"] for r in rows if r.get("according") is not None}, key=str),
        })
    out.sort(key=lambda r: (str(r["published"] or "9999"), str(r["article"] or ""), str(r["iri"])))
    return out


# -------------------------------------------------------------- in words --
def _say(n: int) -> str:
    return f"{n} report{'s' if n != 1 else ''} say{'s' if n == 1 else ''}"


def _when_words(values: list[str]) -> str:
    """'on 2024-06-19' for days, 'in 2023-09' for coarser values, '' when none is dated."""
    dated = sorted({v for v in values if v})
    if not dated:
        return "with no date"
    parts = [("on " if len(v) == 10 else "in ") + v for v in dated]
    return " or ".join(parts)


def disagreements(reports: list[dict], labels: dict) -> list[dict]:
    """What the reports disagree on, in words, each claim with the articles that make it.

    Returns [{"text": "2 reports say it was planned, with no date", "sources": [TermView]}].
    Status groups are listed only when there are two or more statuses; dates
    only when two reports give days that differ or periods that do not overlap.
    """
    out = []

    def src(rs):
        seen, views = set(), []
        for r in rs:
            a = r["article"]
            if a is not None and str(a) not in seen:
                seen.add(str(a))
                views.append(term_view(a, labels, label=str(r["title"]) if r["title"] else None))
        return views

    by_status: dict[str, list] = defaultdict(list)
    for r in reports:
        if r["status"] is not None:
            by_status[local_name(r["status"])].append(r)
    if len(by_status) > 1:
        for status, rs in sorted(by_status.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            words = STATUS_WORDS.get(status, f"is {status}")
            out.append({"topic": "status",
                        "text": f"{_say(len(rs))} it {words}, {_when_words([str(r['value'] or '') for r in rs])}",
                        "sources": src(rs)})
    windows = [(r, value_window(str(r["value"])) if r["value"] else None) for r in reports]
    days = {w[0] for _, w in windows if w and w[0] == w[1]}
    dated = [(r, w) for r, w in windows if w]
    disjoint = any(a[0] > b[1] or b[0] > a[1] for _, a in dated for _, b in dated)
    if len(days) > 1 or disjoint:
        by_value: dict[str, list] = defaultdict(list)
        for r, _ in dated:
            by_value[str(r["value"])].append(r)
        for value, rs in sorted(by_value.items()):
            out.append({"topic": "date", "text": f"{_say(len(rs))} it was {_when_words([value])}",
                        "sources": src(rs)})
    places: dict[str, list] = defaultdict(list)
    for r in reports:
        if r["place"] is not None:
            places[str(r["place"])].append(r)
    inside = _containment(places) if len(places) > 1 else set()
    apart = any((a, b) not in inside and (b, a) not in inside for a in places for b in places if a < b)
    if apart:   # a venue and the city or state it lies in do not disagree
        for place, rs in sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            name = labels.get(place, common.fallback_label(place))
            out.append({"topic": "place", "text": f"{_say(len(rs))} it was in {name}", "sources": src(rs)})
    return out


def _containment(places) -> set:
    """(inner, outer) pairs among `places`: a venue in its city, a city in its state."""
    res = run(f"""SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {common.iri_list(places)} }}
  VALUES ?b {{ {common.iri_list(places)} }} ?a (dkg:locatedIn|dkg:stateOf)+ ?b }}""")
    return {(str(r["a"]), str(r["b"])) for r in res.rows}


# ------------------------------------------------------------------ page --
def event_page(iri: str, out_rows: list, in_rows: list, raw) -> dict:
    """Template data for event.html; `raw` draws the raw-triples box (entities._raw)."""
    by_p = defaultdict(list)
    for r in out_rows:
        by_p[r["p"]].append(r["o"])
    node = URIRef(iri)
    merged = bool(by_p[DKG.hasReport])
    report_iris = sorted(by_p[DKG.hasReport], key=str) if merged else [node]
    reports = read_reports(report_iris)
    parents = by_p[DKG.reportOf]
    parent_counts = {}
    if parents:
        res = run(f"""SELECT ?m (COUNT(DISTINCT ?r) AS ?n) WHERE {{
  VALUES ?m {{ {common.iri_list(parents)} }} ?m dkg:hasReport ?r }} GROUP BY ?m""")
        parent_counts = {str(r["m"]): int(r["n"]) for r in res.rows}

    time_rows = run("SELECT ?x ?t ?p ?o WHERE { ?x dkg:time ?t . ?t ?p ?o }", {"x": node}).rows
    when = {local_name(r["p"]): str(r["o"]) for r in time_rows if r["p"] != RDF.type}
    links = [(role, o) for role in EVENT_LINKS for o in by_p[DKG[role]]]
    report_links = event_details([r["iri"] for r in reports])

    iris = {str(o) for _, o in links} | {str(p) for p in parents}
    iris |= {str(o) for r in reports for o in [r["article"], r["place"], r["kind"], *r["according"]] if o is not None}
    iris |= {str(o) for ls in report_links.values() for _, o in ls}
    iris |= {str(o) for o in by_p[RDF.type]}
    iris |= {str(r["p"]) for r in out_rows} | {str(r["o"]) for r in out_rows if isinstance(r["o"], URIRef)}
    iris |= {str(r["s"]) for r in in_rows[:500]} | {str(r["p"]) for r in in_rows}
    iris.add(iri)
    labels = fetch_labels(iris)

    kinds = Counter(r["kind"] for r in reports)
    own_kinds = [t for t in by_p[RDF.type] if t in event_classes()]
    kind = own_kinds[0] if own_kinds else (min(kinds, key=lambda k: (-kinds[k], str(k))) if kinds else None)
    status = by_p[DKG.status][0] if by_p[DKG.status] else None
    places = by_p[DKG.place]
    place_states = []
    if places:
        res = run(f"""SELECT DISTINCT ?s WHERE {{ VALUES ?p {{ {common.iri_list(places)} }}
  ?p dkg:locatedIn|dkg:stateOf ?s }}""")
        place_states = [r["s"] for r in res.rows if r["s"] not in places]
        labels.update(fetch_labels(place_states))
    articles = {str(r["article"]) for r in reports if r["article"] is not None}
    label = labels.get(iri, common.fallback_label(iri))

    report_views = []
    for r in reports:
        a = r["article"]
        anchor = fact_anchor(r["iri"])
        article_view = term_view(a, labels, label=str(r["title"]) if r["title"] else None) if a is not None else None
        href = None
        if article_view is not None and article_view.href:
            href = f"{article_view.href}#{'t-' if r['located'] else ''}{anchor}"
        report_views.append({
            "node": term_view(r["iri"], labels), "kind": kind_name(r["kind"]),
            "other_kind": r["kind"] != kind, "article": article_view,
            "published": str(r["published"] or ""),
            "status": local_name(r["status"]) if r["status"] is not None else "",
            "date": str(r["value"] or ""), "date_text": str(r["text"] or ""),
            "precision": GRANULARITY_WORDS.get(local_name(r["gran"]) if r["gran"] is not None else "", ""),
            "place": term_view(r["place"], labels) if r["place"] is not None else None,
            "roles": roles_of(report_links.get(str(r["iri"]), []), labels),
            "evidence": str(r["evidence"] or ""), "evidence_href": href,
            "according": [term_view(o, labels) for o in r["according"]],
            "quote": str(r["quote"] or ""), "name": str(r["name"] or ""),
            "mode": _mode(r["mode"]),
            "confidence": str(r["confidence"] or ""), "extractor": str(r["extractor"] or ""),
        })
    res = run(f"""SELECT ?r ?p ?o WHERE {{ VALUES ?r {{ {common.iri_list([node] + [r["iri"] for r in reports])} }}
  ?r ?p ?o . FILTER (?p IN (dkg:agreement, dkg:item)) }}""")
    things = {"agreement": [], "item": []}
    for row in res.rows:
        if row["o"] not in things[local_name(row["p"])]:
            things[local_name(row["p"])].append(row["o"])
    labels.update(fetch_labels({str(o) for os in things.values() for o in os} - set(labels)))
    names = Counter(r["name"] for r in report_views if r["name"])
    quotes = [r["quote"] for r in report_views if r["quote"]]
    return {
        "iri": iri, "label": label, "merged": merged,
        "types": [term_view(t, labels) for t in by_p[RDF.type]],
        "kind": kind_name(kind) if kind is not None else "Event",
        "status": local_name(status) if status is not None else "",
        "when": when,
        "precision": GRANULARITY_WORDS.get(local_name(when.get("granularity", "")), ""),
        "places": [term_view(p, labels) for p in places],
        "place_states": [term_view(s, labels) for s in place_states],
        "roles": roles_of(links, labels),
        "name": str(by_p[DKG.name][0]) if by_p[DKG.name] else (min(names, key=lambda n: (-names[n], n)) if names else ""),
        "quote": quotes[0] if len(quotes) == 1 else "",
        "agreements": [term_view(o, labels) for o in things["agreement"]],
        "things": [term_view(o, labels) for o in things["item"]],
        "mode": _mode(by_p[DKG.mode][0]) if by_p[DKG.mode] else "",
        "reports": report_views, "sources": len(articles),
        "disagreements": disagreements(reports, labels),
        "parents": [(term_view(p, labels), parent_counts.get(str(p), 0)) for p in parents],
        "raw": raw(iri, out_rows, in_rows, labels),
    }
