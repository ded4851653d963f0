"""`kg link`: find Wikidata items for persons and places the gazetteer could not link.

Online and only on request. For every person and place in the store that has
no QID yet, the English label (and the article spellings, skos:altLabel) is
looked up on a SPARQL endpoint shaped like Wikidata's (default
https://query.wikidata.org/sparql), in batches, through SPARQLWrapper with a
descriptive User-Agent. Answers are kept in a local JSON cache, so a second
run asks nothing it asked before.

A QID is recorded only when the evidence singles out one item:

* persons: an item that is a human (wdt:P31 wd:Q5) whose English label or
  alias is exactly one of the person's names, and whose citizenship
  (wdt:P27) is a state the articles tie the person to (an office held in
  it, or — when there is none — a state named in the same articles), or
  whose position held (wdt:P39) is an office the person holds in the graph.
  If more than one item fits, nothing is recorded. Bare one-word names are
  never looked up.
* places: an item whose English label or alias is the place's name and whose
  country (wdt:P17) is the state the place lies in; if several fit, the one
  whose type (wdt:P31) is a city or capital, for a city; else nothing.

Links go to the named graph graph/links: `<entity> owl:sameAs wd:Q… ;
dkg:qid "Q…"`, and a link node (`id/link/<entity key>`) with the matched
label, the criteria, the endpoint and the time, for a reader to check.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import __version__
from .namespaces import DKG, GRAPH, ID, WD

LINKS_GRAPH = GRAPH["links"]
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = (f"diplomatic-kg/{__version__} (kg link: entity linking for a knowledge graph of "
              "diplomatic news; https://w3id.org/dipkg/; python SPARQLWrapper)")
HUMAN = "Q5"
# Types that make an item a city for a City place (city, capital, big city, million city,
# city with millions, largest city, national capital, federal city, municipality seat).
CITY_TYPES = {"Q515", "Q5119", "Q1549591", "Q1637706", "Q200250", "Q1093829", "Q208511",
              "Q174844", "Q2264924", "Q15284"}
PLACE_CLASSES = ("Place", "City", "Venue", "Region")

_PREFIXES = f"""PREFIX dkg: <{DKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


class LinkError(RuntimeError):
    """The endpoint cannot be reached or answers with an error."""


@dataclass
class Target:
    """An entity of the store to link, with the context that can confirm a candidate."""
    iri: str
    kind: str                              # "person" | "place"
    label: str
    names: set = field(default_factory=set)
    state_qids: set = field(default_factory=set)      # from offices held / where the place lies
    context_qids: set = field(default_factory=set)    # states named in the same articles
    office_qids: set = field(default_factory=set)
    subtype: Optional[str] = None


@dataclass
class Link:
    iri: str
    qid: str
    label: str
    criteria: str


@dataclass
class LinkSummary:
    looked_up: int = 0
    linked: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)
    not_found: int = 0
    queries: int = 0
    cached: int = 0

    def text(self) -> str:
        lines = [f"looked up {self.looked_up} entit(y/ies): linked {len(self.linked)}, "
                 f"{len(self.ambiguous)} ambiguous, {self.not_found} not found "
                 f"({self.queries} endpoint request(s), {self.cached} name(s) from the cache)"]
        lines += [f"  {l.iri.rsplit('/id/', 1)[-1]} = wd:{l.qid}  ({l.criteria})" for l in self.linked]
        lines += [f"  ambiguous: {a}" for a in self.ambiguous]
        return "\n".join(lines)


# ------------------------------------------------------------ the store --
def _rows(store, text: str) -> list[dict]:
    return store.query(_PREFIXES + text, timeout=600, max_rows=10 ** 9).rows


def _qid(iri) -> Optional[str]:
    m = re.search(r"/entity/(Q[1-9][0-9]*)$", str(iri))
    return m.group(1) if m else None


def unlinked(store, kinds=("person", "place")) -> list[Target]:
    """Persons and places with no QID in any graph."""
    targets: dict[str, Target] = {}
    if "person" in kinds:
        for r in _rows(store, """
SELECT ?e ?label WHERE { ?e a dkg:Person ; rdfs:label ?label .
  FILTER NOT EXISTS { ?e dkg:qid ?q } FILTER NOT EXISTS { ?e owl:sameAs ?w } }"""):
            targets.setdefault(str(r["e"]), Target(str(r["e"]), "person", str(r["label"])))
    if "place" in kinds:
        for r in _rows(store, """
SELECT ?e ?label ?type WHERE { ?e a ?type ; rdfs:label ?label .
  VALUES ?type { dkg:Place dkg:City dkg:Venue dkg:Region }
  FILTER NOT EXISTS { ?e dkg:qid ?q } FILTER NOT EXISTS { ?e owl:sameAs ?w } }"""):
            t = targets.setdefault(str(r["e"]), Target(str(r["e"]), "place", str(r["label"])))
            sub = str(r["type"]).rsplit("#", 1)[-1]
            if sub != "Place":
                t.subtype = sub
    if not targets:
        return []
    for r in _rows(store, "SELECT ?e ?alt WHERE { ?e skos:altLabel ?alt }"):
        t = targets.get(str(r["e"]))
        if t is not None:
            t.names.add(str(r["alt"]))
    for r in _rows(store, """
SELECT ?e ?q WHERE { ?h dkg:holder ?e ; dkg:inState ?s . ?s dkg:qid ?q }"""):
        t = targets.get(str(r["e"]))
        if t is not None:
            t.state_qids.add(str(r["q"]))
    for r in _rows(store, """
SELECT ?e ?q WHERE { ?h dkg:holder ?e ; dkg:office ?o . ?o dkg:qid ?q }"""):
        t = targets.get(str(r["e"]))
        if t is not None:
            t.office_qids.add(str(r["q"]))
    for r in _rows(store, "SELECT ?e ?q WHERE { ?e dkg:locatedIn ?s . ?s dkg:qid ?q }"):
        t = targets.get(str(r["e"]))
        if t is not None:
            t.state_qids.add(str(r["q"]))
    for r in _rows(store, """
SELECT DISTINCT ?e ?q WHERE { GRAPH ?g { ?m dkg:mentionOf ?e . ?s a dkg:State ; dkg:qid ?q } }"""):
        t = targets.get(str(r["e"]))
        if t is not None:
            t.context_qids.add(str(r["q"]))
    for t in targets.values():
        t.names.add(t.label)
    return sorted(targets.values(), key=lambda t: t.iri)


def _lookup_names(t: Target) -> list[str]:
    names = {" ".join(n.split()) for n in t.names if n and n.strip()}
    if t.kind == "person":
        names = {n for n in names if len(n.split()) >= 2}   # never a bare surname
    return sorted(n for n in names if len(n) <= 200)


# ------------------------------------------------------------- the endpoint --
def _literal(text: str) -> str:
    """A name as an English SPARQL literal, escaped by the same code as query parameters."""
    from rdflib import Literal

    from .sparqltext import sparql_term

    return sparql_term(Literal(text, lang="en"))


_WIKIDATA_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


def _lookup_query(names: list[str], columns: str, constraint: str, extra: str) -> str:
    """Items whose English label or alias is one of the names, with what confirms them."""
    values = " ".join(_literal(n) for n in names)
    return _WIKIDATA_PREFIXES + f"""SELECT ?name ?item ?itemLabel ?description {columns} WHERE {{
  VALUES ?name {{ {values} }}
  ?item rdfs:label|skos:altLabel ?name ;
        {constraint} .
  OPTIONAL {{ ?item rdfs:label ?itemLabel FILTER (LANG(?itemLabel) = "en") }}
  OPTIONAL {{ ?item schema:description ?description FILTER (LANG(?description) = "en") }}
  {extra}
}}"""


def person_query(names: list[str]) -> str:
    return _lookup_query(names, "?country ?position", f"wdt:P31 wd:{HUMAN}",
                         "OPTIONAL { ?item wdt:P27 ?country }\n  OPTIONAL { ?item wdt:P39 ?position }")


def place_query(names: list[str]) -> str:
    return _lookup_query(names, "?country ?type", "wdt:P17 ?country",
                         "OPTIONAL { ?item wdt:P31 ?type }")


def sparqlwrapper_runner(endpoint: str, timeout: float = 60.0) -> Callable[[str], list[dict]]:
    """Run a SELECT on the endpoint with SPARQLWrapper: JSON bindings as {var: value}."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    def run(query: str) -> list[dict]:
        sw = SPARQLWrapper(endpoint, agent=USER_AGENT)
        sw.setQuery(query)
        sw.setMethod(POST)
        sw.setReturnFormat(JSON)
        sw.setTimeout(int(timeout))
        try:
            res = sw.queryAndConvert()
        except Exception as exc:  # URLError, HTTP errors, timeouts, bad JSON
            raise LinkError(f"{endpoint}: the SPARQL query failed ({type(exc).__name__}: {exc})") from None
        return [{k: v.get("value") for k, v in b.items()} for b in res["results"]["bindings"]]

    return run


class Cache:
    """name lookups already answered: (endpoint, kind, name) -> candidate items."""

    def __init__(self, path: Optional[Path]):
        self.path = Path(path) if path else None
        self.data: dict = {}
        if self.path and self.path.exists():
            try:
                self.data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self.data = {}

    @staticmethod
    def key(endpoint: str, kind: str, name: str) -> str:
        return hashlib.sha256(f"{endpoint}\0{kind}\0{name}".encode("utf-8")).hexdigest()

    def get(self, endpoint, kind, name):
        return self.data.get(self.key(endpoint, kind, name))

    def put(self, endpoint, kind, name, items) -> None:
        self.data[self.key(endpoint, kind, name)] = items

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, sort_keys=True, indent=0),
                       encoding="utf-8")
        tmp.replace(self.path)


def _group(rows: list[dict], extra: str) -> dict[str, list[dict]]:
    """Rows of one batch -> name -> candidate items with their countries, positions/types."""
    out: dict[str, dict[str, dict]] = {}
    for r in rows:
        name, item = r.get("name"), _qid(r.get("item", ""))
        if not name or not item:
            continue
        c = out.setdefault(name, {}).setdefault(item, {"qid": item, "label": r.get("itemLabel"),
                                                       "description": r.get("description"),
                                                       "countries": [], extra: []})
        for field_, key in (("countries", "country"), (extra, "position" if extra == "positions" else "type")):
            q = _qid(r.get(key, "") or "")
            if q and q not in c[field_]:
                c[field_].append(q)
    return {n: sorted(items.values(), key=lambda c: c["qid"]) for n, items in out.items()}


# ------------------------------------------------------------- deciding --
def decide(t: Target, candidates: dict[str, list[dict]]) -> tuple[Optional[Link], str]:
    """The link the evidence supports, or (None, why not)."""
    items: dict[str, dict] = {}
    matched: dict[str, set] = {}
    for name, cands in candidates.items():
        for c in cands:
            items.setdefault(c["qid"], c)
            matched.setdefault(c["qid"], set()).add(name)
    if not items:
        return None, "no candidate"
    fits = []
    for qid, c in sorted(items.items()):
        why = []
        if t.kind == "person":
            if set(c["countries"]) & t.state_qids:
                why.append("citizenship " + ", ".join(f"wd:{q}" for q in sorted(set(c["countries"]) & t.state_qids))
                           + " = a state where the graph says the person holds office")
            if set(c.get("positions", [])) & t.office_qids:
                why.append("position held " + ", ".join(f"wd:{q}" for q in sorted(set(c["positions"]) & t.office_qids))
                           + " = an office the graph says the person holds")
            if not why and not t.state_qids and set(c["countries"]) & t.context_qids:
                why.append("citizenship " + ", ".join(f"wd:{q}" for q in sorted(set(c["countries"]) & t.context_qids))
                           + " = a state named in the articles that mention the person")
        else:
            if set(c["countries"]) & (t.state_qids or t.context_qids):
                src = "the state the place lies in" if t.state_qids else "a state named in the same articles"
                why.append("country " + ", ".join(f"wd:{q}" for q in sorted(set(c["countries"]) & (t.state_qids or t.context_qids)))
                           + f" = {src}")
        if why:
            fits.append((qid, why))
    if t.kind == "place" and len(fits) > 1 and t.subtype == "City":
        cities = [(q, w + ["type is a city or capital"]) for q, w in fits if set(items[q].get("types", [])) & CITY_TYPES]
        if len(cities) == 1:
            fits = cities
    if len(fits) != 1:
        if not fits:
            return None, f"{len(items)} candidate(s), none confirmed by country or office"
        return None, f"{len(fits)} candidates fit equally: " + ", ".join(f"wd:{q}" for q, _ in fits)
    qid, why = fits[0]
    c = items[qid]
    kind = "human (wdt:P31 wd:Q5), " if t.kind == "person" else ""
    names = " / ".join(repr(n) for n in sorted(matched[qid]))
    criteria = (f"exact English label or alias {names}; {kind}{'; '.join(why)}; "
                f"the only one of {len(items)} candidate(s) that fits")
    return Link(t.iri, qid, c.get("label") or t.label, criteria), ""


# ------------------------------------------------------------- the run --
def link(store, endpoint: str = WIKIDATA_SPARQL, *, cache_path: Optional[Path] = None,
         batch: int = 50, kinds=("person", "place"), runner: Optional[Callable] = None,
         dry_run: bool = False, limit: Optional[int] = None) -> LinkSummary:
    """Look up unlinked entities on the endpoint and store confident links in graph/links."""
    run = runner or sparqlwrapper_runner(endpoint)
    cache = Cache(cache_path)
    summary = LinkSummary()
    targets = unlinked(store, kinds)
    if limit is not None:
        targets = targets[:limit]
    summary.looked_up = len(targets)
    # name -> candidates, per kind
    answers: dict[tuple[str, str], list] = {}
    for kind, make in (("person", person_query), ("place", place_query)):
        names = sorted({n for t in targets if t.kind == kind for n in _lookup_names(t)})
        todo = []
        for n in names:
            hit = cache.get(endpoint, kind, n)
            if hit is None:
                todo.append(n)
            else:
                answers[(kind, n)] = hit
                summary.cached += 1
        extra = "positions" if kind == "person" else "types"
        for i in range(0, len(todo), max(1, batch)):
            chunk = todo[i:i + batch]
            rows = run(make(chunk))
            summary.queries += 1
            grouped = _group(rows, extra)
            for n in chunk:
                items = grouped.get(n, [])
                answers[(kind, n)] = items
                cache.put(endpoint, kind, n, items)
            cache.save()                 # keep what was learnt even if a later batch fails
    links: list[Link] = []
    for t in targets:
        cands = {n: answers.get((t.kind, n), []) for n in _lookup_names(t)}
        found, why = decide(t, cands)
        if found:
            links.append(found)
        elif any(cands.values()):
            summary.ambiguous.append(f"{t.iri.rsplit('/id/', 1)[-1]} ({t.label}): {why}")
        else:
            summary.not_found += 1
    summary.linked = links
    if links and not dry_run:
        write_links(store, links, endpoint)
    return summary


def write_links(store, links: list[Link], endpoint: str) -> None:
    """Add the links to graph/links (kept from earlier runs), in one write."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

    from .mapping import bind_prefixes

    g = bind_prefixes(Graph(identifier=LINKS_GRAPH))
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}",
                      timeout=600, max_rows=10 ** 9)
    if res.graph is not None:
        for t in res.graph:
            g.add(t)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    for l in links:
        e = URIRef(l.iri)
        key = l.iri.rsplit("/id/", 1)[-1]
        node = ID[f"link/{key}"]
        g.add((e, OWL.sameAs, WD[l.qid]))
        g.add((e, DKG.qid, Literal(l.qid)))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDFS.label, Literal(f"Wikidata link: {key} = wd:{l.qid} ({l.label})")))
        g.add((node, RDFS.seeAlso, e))
        g.add((node, DKG.qid, Literal(l.qid)))
        g.add((node, PROV.wasDerivedFrom, WD[l.qid]))
        g.add((node, SKOS.note, Literal(l.criteria)))
        g.add((node, PROV.wasAttributedTo, URIRef(endpoint) if endpoint.startswith("http") else Literal(endpoint)))
        g.add((node, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
        g.add((node, DKG.extractor, Literal(f"kg link {__version__}")))
    store.replace_graphs([g])
