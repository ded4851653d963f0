"""One event, many reports: link each article's event node to one node per real-world event.

GDELT-style counts of reports are not counts of events. After ingest, this
module reads every article's event nodes from the store and groups the ones
that report the same real-world event. Two reports are taken to be the same
event when they are

* of the same kind (a Summit counts as a Meeting), from different articles;
* about the same participants: they share at least two (or all, when one
  side names fewer), persons taken over states when a report names persons;
  for visits the visitor, for transfers the supplier and the recipient, for
  invitations the inviter and the invitee must agree;
* at compatible places: the same place, or one inside the other (a venue or
  city in a state, a venue and a city or region of the same state), or no
  place given;
* at overlapping times at the precision each gives ("last September" =
  2023-09 overlaps 2023-09-13), with one day of slack between two exact
  days (time zones); an undated report joins only when exactly one group
  fits it, and then only a group in the past of an "occurred" report or in
  the future of a "planned" one.

A report joins a group only if it fits every report already in it, and only
if exactly one group fits (an ambiguous report stays on its own). The most
precise reports are placed first, so that vague ones join the groups they
fit. The order is fixed (precision, date, article, IRI), so the result
depends only on what is in the store.

Each group becomes one node in the named graph graph/merged, typed
dkg:DiplomaticEvent (not Meeting etc., so that the per-article queries do not
count it twice), with every participant, the most precise time and place, the
status of the latest report, dkg:hasReport to every article's node (and
dkg:reportOf back), dkg:sourceArticle for every article, and dkg:conflict
true plus an rdfs:comment listing each status and date with its article when
the reports disagree. The article graphs are never changed: each keeps its
own wording, status and date precision.

Statements are not merged (each is its speaker's claim as the article quotes it).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from . import __version__
from .namespaces import DKG, GRAPH, ID, slug

MERGED_GRAPH = GRAPH["merged"]
REFERENCE_GRAPH = GRAPH["reference"]
ARTICLE_GRAPHS = str(GRAPH["article/"])

KINDS = ("Meeting", "Summit", "Call", "Visit", "Invitation", "AgreementSigning", "ArmsTransfer",
         "AidTransfer", "Election")
FAMILY = {"Summit": "Meeting"}
ROLES = ("participant", "visitor", "destination", "host", "inviter", "invitee", "party",
         "signatory", "supplier", "recipient", "speaker", "candidate")
# Status precedence when two reports are published the same day (the more final wins).
STATUS_RANK = {s: i for i, s in enumerate(("occurred", "signed", "agreed", "accepted", "declined",
                                           "cancelled", "denied", "alleged", "extended", "planned"))}
PAST_STATUSES = {"occurred", "signed", "agreed"}
FUTURE_STATUSES = {"planned", "extended"}
PLACE_RANK = {"Venue": 0, "City": 1, "Region": 2, "Place": 3, "State": 4}
GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
KIND_WORDS = {"AgreementSigning": "Agreement signing", "ArmsTransfer": "Arms transfer",
              "AidTransfer": "Aid transfer"}
_NAME_STOP = {"the", "a", "an", "of", "on", "and", "for", "to", "in", "between", "with"}


# --------------------------------------------------------------- reading --
@dataclass
class Report:
    iri: str
    kind: str
    article: str
    status: Optional[str] = None
    published: Optional[str] = None
    value: Optional[str] = None
    granularity: Optional[str] = None
    earliest: Optional[str] = None
    latest: Optional[str] = None
    place: Optional[str] = None
    name: Optional[str] = None
    roles: dict = field(default_factory=dict)

    @property
    def family(self) -> str:
        return FAMILY.get(self.kind, self.kind)

    @property
    def participants(self) -> set:
        return set(self.roles.get("participant", ()))

    @property
    def core(self) -> set:
        persons = {p for p in self.participants if p.startswith(str(ID["person/"]))}
        return persons or self.participants

    @property
    def window(self) -> Optional[tuple[dt.date, dt.date]]:
        if self.earliest and self.latest:
            try:
                return dt.date.fromisoformat(self.earliest[:10]), dt.date.fromisoformat(self.latest[:10])
            except ValueError:
                pass
        return value_window(self.value)

    @property
    def precision(self) -> int:
        if self.window is None:
            return 9
        return GRAN_RANK.get(self.granularity or "", 5)

    @property
    def article_id(self) -> str:
        return self.article.rsplit("/", 1)[-1]

    def to_json(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if v is not None and k != "roles"}
        d["roles"] = {k: sorted(v) for k, v in sorted(self.roles.items())}
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Report":
        d = dict(d)
        roles = {k: set(v) for k, v in d.pop("roles", {}).items()}
        return cls(roles=roles, **d)


def value_window(value: Optional[str]) -> Optional[tuple[dt.date, dt.date]]:
    """The days an ISO value covers: '2023-09' -> (2023-09-01, 2023-09-30); '200' -> the 2000s."""
    if not value:
        return None
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            d = dt.date.fromisoformat(v)
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:7])
            nxt = dt.date(y + m // 12, m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        m = re.fullmatch(r"(\d{4})-W(\d{2})", v)
        if m:
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + dt.timedelta(days=6)
        if re.fullmatch(r"\d{4}", v):
            return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
        if re.fullmatch(r"\d{3}", v):
            return dt.date(int(v) * 10, 1, 1), dt.date(int(v) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


_PREFIXES = f"""PREFIX dkg: <{DKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""


def _rows(store, text: str, **kw) -> list[dict]:
    return store.query(_PREFIXES + text, timeout=3600, max_rows=10 ** 9, **kw).rows


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def _chunks(items, n: int = 400):
    items = sorted(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def read_reports(store, graphs=None) -> list[Report]:
    """Every article's event reports, or only those in the named `graphs` (article graph IRIs)."""
    if graphs is not None:
        out: list[Report] = []
        for chunk in _chunks(set(graphs)):       # a dataset of those graphs: the engine reads only them
            out += _read_reports(store, "", named_graphs=chunk)
        return out
    return _read_reports(store, f'FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}"))')


def _read_reports(store, where: str, **kw) -> list[Report]:
    kinds = " ".join(f"dkg:{k}" for k in KINDS)
    reports: dict[str, Report] = {}
    for r in _rows(store, f"""
SELECT ?e ?class ?article ?status ?published ?value ?gran ?earliest ?latest ?place ?name WHERE {{
  GRAPH ?g {{
    ?e a ?class ; dkg:sourceArticle ?article .
    VALUES ?class {{ {kinds} }}
    OPTIONAL {{ ?e dkg:status ?status }}
    OPTIONAL {{ ?e dkg:time ?t .
               OPTIONAL {{ ?t dkg:value ?value }} OPTIONAL {{ ?t dkg:granularity ?gran }}
               OPTIONAL {{ ?t dkg:earliest ?earliest }} OPTIONAL {{ ?t dkg:latest ?latest }} }}
    OPTIONAL {{ ?e dkg:place ?place }}
    OPTIONAL {{ ?e dkg:name ?name }}
    OPTIONAL {{ ?article schema:datePublished ?published }}
  }}
  {where}
}}""", **kw):
        iri = str(r["e"])
        if iri in reports:
            continue
        def s(k):
            v = r.get(k)
            return str(v) if v is not None else None
        reports[iri] = Report(
            iri=iri, kind=str(r["class"]).rsplit("#", 1)[-1], article=str(r["article"]),
            status=s("status").rsplit("#", 1)[-1] if s("status") else None, published=s("published"),
            value=s("value"), granularity=s("gran").rsplit("#", 1)[-1] if s("gran") else None,
            earliest=s("earliest"), latest=s("latest"), place=s("place"), name=s("name"))
    roles = " ".join(f"dkg:{r}" for r in ROLES)
    for r in _rows(store, f"""
SELECT ?e ?p ?x WHERE {{
  GRAPH ?g {{ ?e ?p ?x . VALUES ?p {{ {roles} }} }}
  {where}
}}""", **kw):
        rep = reports.get(str(r["e"]))
        if rep is not None:
            rep.roles.setdefault(str(r["p"]).rsplit("#", 1)[-1], set()).add(str(r["x"]))
    return list(reports.values())


@dataclass
class Places:
    """What the store knows about places: their kind and the state each lies in."""
    kind: dict = field(default_factory=dict)       # iri -> Venue | City | Region | Place | State
    state: dict = field(default_factory=dict)      # iri -> state iri

    def state_of(self, p: str) -> Optional[str]:
        return p if self.kind.get(p) == "State" else self.state.get(p)

    def compatible(self, a: Optional[str], b: Optional[str]) -> bool:
        if not a or not b or a == b:
            return True
        sa, sb = self.state_of(a), self.state_of(b)
        ka, kb = self.kind.get(a, "Place"), self.kind.get(b, "Place")
        if ka == "State" or kb == "State":
            return sa is not None and sa == sb           # a place in that state
        if sa is None or sb is None or sa != sb:
            return False
        return ka != kb                                 # venue and city/region of one state

    def rank(self, p: str) -> int:
        return PLACE_RANK.get(self.kind.get(p, "Place"), 3)


def _restricted(var: str, only) -> list[str]:
    """VALUES clauses that limit ?var to `only` (one clause per chunk), or no limit."""
    return [""] if only is None else [_values(var, c) for c in _chunks(set(only))]


def read_places(store, only=None) -> Places:
    """Kinds and states of places in the store (of the IRIs in `only`, when given)."""
    places = Places()
    order = {"Place": 4, "Region": 3, "City": 2, "Venue": 1, "State": 0}
    for values in _restricted("p", only):
        for r in _rows(store, """
SELECT ?p ?type WHERE { ?p a ?type . VALUES ?type { dkg:Place dkg:City dkg:Venue dkg:Region dkg:State } %s }"""
                       % values):
            p, t = str(r["p"]), str(r["type"]).rsplit("#", 1)[-1]
            if p not in places.kind or order[t] < order[places.kind[p]]:
                places.kind[p] = t
        for r in _rows(store, "SELECT ?p ?s WHERE { ?p dkg:locatedIn ?s %s }" % values):
            p, st = str(r["p"]), str(r["s"])
            if p not in places.state or st < places.state[p]:      # the first by IRI, whatever the read order
                places.state[p] = st
    return places


def read_labels(store, only=None) -> dict[str, str]:
    """The label shown for each entity (the first in code-point order), of `only` when given."""
    labels: dict[str, str] = {}
    for values in _restricted("x", only):
        for r in _rows(store, """
SELECT ?x ?l WHERE { ?x rdfs:label ?l . VALUES ?t { dkg:Person dkg:State dkg:Place dkg:City dkg:Venue
  dkg:Region dkg:Organization dkg:Ministry dkg:NewsAgency dkg:StateMedia dkg:GovernmentBody
  dkg:InternationalOrganization } ?x a ?t %s }""" % values):
            x, l = str(r["x"]), str(r["l"])
            if x not in labels or l < labels[x]:
                labels[x] = l
    return labels


# ------------------------------------------------------------ comparing --
def _overlap(a: set, b: set) -> bool:
    if not a or not b:
        return True
    return bool(a & b)


def _names_agree(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return True
    ta = {w for w in re.findall(r"[a-z0-9]+", a.lower()) if w not in _NAME_STOP}
    tb = {w for w in re.findall(r"[a-z0-9]+", b.lower()) if w not in _NAME_STOP}
    if not ta or not tb:
        return True
    return len(ta & tb) * 2 >= min(len(ta), len(tb))


def same_actors(a: Report, b: Report) -> bool:
    ca, cb = a.core, b.core
    shared = len(ca & cb)
    if shared < 1 or shared < min(2, len(ca), len(cb)):
        return False
    if a.family == "Visit" and not _overlap(a.roles.get("visitor", set()), b.roles.get("visitor", set())):
        return False
    for role in ("supplier", "recipient", "inviter", "invitee"):
        if not _overlap(a.roles.get(role, set()), b.roles.get(role, set())):
            return False
    return True


def times_agree(a: Report, b: Report) -> bool:
    wa, wb = a.window, b.window
    if wa is None or wb is None:
        return True
    slack = dt.timedelta(days=1) if wa[0] == wa[1] and wb[0] == wb[1] else dt.timedelta(0)
    return wa[0] <= wb[1] + slack and wb[0] <= wa[1] + slack


def compatible(a: Report, b: Report, places: Places) -> bool:
    if a.family != b.family or a.article == b.article:
        return False
    if not same_actors(a, b) or not times_agree(a, b) or not _names_agree(a.name, b.name):
        return False
    if not places.compatible(a.place, b.place):
        return False
    for da in a.roles.get("destination", ()) or (None,):
        for db in b.roles.get("destination", ()) or (None,):
            if not places.compatible(da, db):
                return False
    return True


@dataclass
class Cluster:
    reports: list = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.reports[0].family

    def window(self) -> Optional[tuple[dt.date, dt.date]]:
        ws = [r.window for r in self.reports if r.window is not None]
        if not ws:
            return None
        return max(w[0] for w in ws), min(w[1] for w in ws)


def _undated_fits(r: Report, c: Cluster) -> bool:
    w = c.window()
    if w is None or not r.published:
        return True
    try:
        pub = dt.date.fromisoformat(r.published[:10])
    except ValueError:
        return True
    if r.status in PAST_STATUSES:
        return min(x.window[0] for x in c.reports if x.window) <= pub + dt.timedelta(days=1)
    if r.status in FUTURE_STATUSES:
        return max(x.window[1] for x in c.reports if x.window) >= pub - dt.timedelta(days=1)
    return True


def order(r: Report):
    """The fixed order in which reports are grouped: the most precise first."""
    w = r.window
    return (r.precision, (w[1] - w[0]).days if w else 10 ** 6, w[0] if w else dt.date.max,
            r.article, r.iri)


def cluster(reports: list[Report], places: Places, initial: Optional[list[Cluster]] = None) -> list[Cluster]:
    """Group reports of the same event (see the module docstring for the rules).

    `initial` are groups already formed from reports that come earlier in the
    order (the incremental merge passes the dated groups when it places
    undated reports); they are extended in place and returned first.
    """
    clusters: list[Cluster] = list(initial or ())
    index: dict[tuple[str, str], list[int]] = {}     # (family, participant) -> cluster numbers
    for n, c in enumerate(clusters):
        for m in c.reports:
            for p in m.core:
                lst = index.setdefault((m.family, p), [])
                if n not in lst:
                    lst.append(n)
    for r in sorted(reports, key=order):
        seen: set[int] = set()
        fits = []
        for p in sorted(r.core):
            for n in index.get((r.family, p), ()):
                if n in seen:
                    continue
                seen.add(n)
                c = clusters[n]
                if all(compatible(r, m, places) for m in c.reports) and \
                        (r.window is not None or _undated_fits(r, c)):
                    fits.append(n)
        if len(fits) == 1:
            n = fits[0]
            clusters[n].reports.append(r)
        else:
            clusters.append(Cluster([r]))
            n = len(clusters) - 1
        for p in r.core:
            lst = index.setdefault((r.family, p), [])
            if n not in lst:
                lst.append(n)
    return clusters


# -------------------------------------------------------------- writing --
@dataclass
class MergeSummary:
    reports: int = 0
    events: int = 0
    multi: int = 0
    conflicts: int = 0
    reference_holdings: int = 0

    def text(self) -> str:
        return (f"merged {self.reports} event report(s) into {self.events} event(s): "
                f"{self.multi} reported by several articles, {self.conflicts} with conflicting "
                f"reports; {self.reference_holdings} reference office holding(s)")


def _best_status(c: Cluster) -> Optional[str]:
    rs = [r for r in c.reports if r.status]
    if not rs:
        return None
    best = max(rs, key=lambda r: (r.published or "", -STATUS_RANK.get(r.status, 99), r.iri))
    return best.status


def _best_time(c: Cluster) -> Optional[Report]:
    rs = [r for r in c.reports if r.window is not None]
    if not rs:
        return None
    return min(rs, key=lambda r: ((r.window[1] - r.window[0]).days, r.precision,
                                  "" if not r.published else chr(0x10FFFF), r.iri))


def _best_place(c: Cluster, places: Places) -> Optional[str]:
    ps = Counter(r.place for r in c.reports if r.place)
    if not ps:
        return None
    return min(ps, key=lambda p: (places.rank(p), -ps[p], p))


def conflicts(c: Cluster) -> list[str]:
    """What the reports disagree on, each value with its articles ([] when they agree)."""
    out = []
    statuses: dict[str, list[str]] = {}
    for r in c.reports:
        if r.status:
            statuses.setdefault(r.status, []).append(r.article_id)
    if len(statuses) > 1:
        out.append("status: " + "; ".join(f"{s} ({', '.join(sorted(a))})"
                                           for s, a in sorted(statuses.items())))
    days: dict[str, list[str]] = {}
    for r in c.reports:
        w = r.window
        if w is not None and w[0] == w[1]:
            days.setdefault(w[0].isoformat(), []).append(r.article_id)
    ws = [r.window for r in c.reports if r.window is not None]
    disjoint = any(a[0] > b[1] or b[0] > a[1] for a in ws for b in ws)
    if len(days) > 1 or disjoint:
        dates: dict[str, list[str]] = {}
        for r in c.reports:
            if r.value:
                dates.setdefault(r.value, []).append(r.article_id)
        out.append("date: " + "; ".join(f"{d} ({', '.join(sorted(a))})" for d, a in sorted(dates.items())))
    return out


def base_key(c: Cluster) -> str:
    """The merged node's key before numbering: kind, best date and the first three persons/states."""
    kinds = Counter(r.kind for r in c.reports)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    timed = _best_time(c)
    who = sorted(p.rsplit("/", 1)[-1] for p in (set().union(*(r.core for r in c.reports))))
    return f"event/merged/{slug(kind)}/{timed.value if timed and timed.value else 'undated'}/" \
           f"{'--'.join(who[:3]) or 'unnamed'}"


def key_root(key: str) -> str:
    """A key without trailing '-<n>' parts: two keys can only collide when their roots are equal."""
    return re.sub(r"(-\d+)+$", "", key)


def first_report(c: Cluster) -> str:
    """Groups are numbered in the order of their first report IRI."""
    return min(r.iri for r in c.reports)


def assign_keys(clusters: list, base=base_key, first=first_report) -> list[tuple[str, object]]:
    """(key, group) in numbering order; a key already taken gets '-2', '-3', ...

    `base` and `first` give a group's base key and first report (the incremental
    merge numbers stand-ins for unchanged nodes with them)."""
    used: set[str] = set()
    out = []
    for c in sorted(clusters, key=first):
        base_ = base(c)
        key, n = base_, 1
        while key in used:
            n += 1
            key = f"{base_}-{n}"
        used.add(key)
        out.append((key, c))
    return out


def merged_graph(clusters: list[Cluster], places: Places, labels: dict[str, str], keyed=None):
    """graph/merged for the groups (or for the (key, group) pairs in `keyed`, already numbered)."""
    from rdflib import Graph

    from .mapping import bind_prefixes

    g = bind_prefixes(Graph(identifier=MERGED_GRAPH))
    for key, c in (keyed if keyed is not None else assign_keys(clusters)):
        add_node(g, key, c, places, labels)
    return g


def add_node(g, key: str, c: Cluster, places: Places, labels: dict[str, str]) -> None:
    """The triples of one merged event node (and its time node) into `g`."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    kinds = Counter(r.kind for r in c.reports)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    timed = _best_time(c)
    participants = sorted(set().union(*(r.participants for r in c.reports)))
    node = ID[key]
    g.add((node, RDF.type, DKG.DiplomaticEvent))
    names = sorted({labels.get(p, p.rsplit("/", 1)[-1]) for p in participants})
    when = f" ({timed.value})" if timed and timed.value else ""
    word = KIND_WORDS.get(kind, kind)
    g.add((node, RDFS.label, Literal(f"{word}: {', '.join(names[:4]) or 'unnamed'}{when}")))
    g.add((node, DKG.extractor, Literal(f"kg.merge {__version__}")))
    status = _best_status(c)
    if status:
        g.add((node, DKG.status, DKG[status]))
    for role in ROLES:
        for x in sorted(set().union(*(r.roles.get(role, set()) for r in c.reports))):
            g.add((node, DKG[role], URIRef(x)))
    place = _best_place(c, places)
    if place:
        g.add((node, DKG.place, URIRef(place)))
    if timed is not None:
        t = URIRef(f"{node}/time")
        g.add((node, DKG.time, t))
        g.add((t, RDF.type, DKG.TemporalExpression))
        g.add((t, DKG.text, Literal(timed.value or "")))
        if timed.value:
            g.add((t, DKG.value, Literal(timed.value)))
        if timed.granularity:
            g.add((t, DKG.granularity, DKG[timed.granularity]))
        w = timed.window
        g.add((t, DKG.earliest, Literal(w[0].isoformat(), datatype=XSD.date)))
        g.add((t, DKG.latest, Literal(w[1].isoformat(), datatype=XSD.date)))
    names_ = Counter(r.name for r in c.reports if r.name)
    if names_:
        g.add((node, DKG.name, Literal(min(names_, key=lambda x: (-names_[x], x)))))
    for r in sorted(c.reports, key=lambda r: r.iri):
        g.add((node, DKG.hasReport, URIRef(r.iri)))
        g.add((URIRef(r.iri), DKG.reportOf, node))
        g.add((node, DKG.sourceArticle, URIRef(r.article)))
    found = conflicts(c)
    g.add((node, DKG.conflict, Literal(bool(found))))
    if found:
        g.add((node, RDFS.comment, Literal("Reports disagree. " + " | ".join(found))))


def merge_store(store, state_keys=None, holdings: int = 0) -> MergeSummary:
    """Rebuild graph/merged from the article graphs in the store (and a new merge index
    beside a local store, for kg.mergeindex.update)."""
    reports = read_reports(store)
    places = read_places(store)
    labels = read_labels(store)
    clusters = cluster(reports, places)
    keyed = assign_keys(clusters)
    store.replace_graphs([merged_graph(clusters, places, labels, keyed=keyed)])
    s = MergeSummary(reports=len(reports), events=len(clusters),
                     multi=sum(1 for c in clusters if len({r.article for r in c.reports}) > 1),
                     conflicts=sum(1 for c in clusters if conflicts(c)), reference_holdings=holdings)
    if state_keys is not None:
        from .mergeindex import write_full

        write_full(store, reports, keyed, places, labels, state_keys, holdings)
    return s


def store_state_keys(store) -> list[str]:
    prefix = str(ID["state/"])
    rows = _rows(store, f"""
SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a dkg:State }} FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}""")
    return sorted(str(r["s"])[len(prefix):] for r in rows if str(r["s"]).startswith(prefix))


def rebuild(store) -> MergeSummary:
    """The graphs derived from the whole store: graph/reference, then graph/merged.

    Reads everything (O(store)); `kg ingest` uses kg.mergeindex.update instead,
    which touches only what the changed articles can reach and gives the same result.
    """
    from rdflib.namespace import RDF

    from .identity import reference_graph
    from .mergeindex import invalidate

    invalidate(store)               # a run killed before the end leaves no index to trust
    keys = store_state_keys(store)
    ref = reference_graph(keys)
    store.replace_graphs([ref])
    return merge_store(store, keys, len(set(ref.subjects(RDF.type, DKG.OfficeHolding))))
