"""Incremental cross-article merge: update graph/merged for the articles that changed.

A full merge (`kg merge`, kg.merge.rebuild) reads every report in the store
and groups them all, so its cost grows with the store. `update()` touches
only what the changed articles' reports can reach, and gives the same
graph/merged as a full rebuild (tests/test_merge_incremental.py compares the
two). docs/performance.md, section "Incremental merge", explains why this is
exact; in short:

* The grouping (kg.merge.cluster) is greedy in a fixed order, and two reports
  can only be in one group, or change each other's group, when they are
  *linked*: same kind, different articles, the same actors, compatible names
  and (for dated reports) overlapping dates. Groups of linked reports are
  therefore decided independently of everything else.
* Dated reports come first in the order, so they are regrouped over the
  dated part of the changed reports' linked component (blocked by
  participant and date window). Undated reports come last and can join any
  dated group of their actors; they are regrouped over their own component,
  where an undated report is linked to the groups it could fit.
* Place kinds and states, labels, graph/reference and node numbering depend
  on the whole store; what the changed articles can change there is
  recomputed and compared with a snapshot, and only the nodes that change
  are rewritten.

The index lives beside the data, in `<store>/merge-index.sqlite` (SQLite,
one transaction per update). It holds each report's blocking keys (family,
participant, date window as day numbers), its merged node, the merged
nodes' numbering keys, each article's content hash, states and entities, and
the label/place facts the merged graph was written with. The store stays the
truth: an index that is missing, of another version or marked invalid makes
the next update a full rebuild, which writes a new index.

Crash safety: the store is patched first (one transaction), then the index
is committed. If the process dies in between, the index still names the
changed articles with their old hashes, so the next run redoes them; the
nodes to drop are also looked up by their reports in the store, so nodes
written by the interrupted run are replaced, not duplicated.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable, Optional

from .merge import (ARTICLE_GRAPHS, MERGED_GRAPH, REFERENCE_GRAPH, Cluster, MergeSummary, Places,
                    Report, _chunks, _names_agree, _rows, _undated_fits, _values, add_node,
                    assign_keys, base_key, cluster, conflicts, first_report, key_root, read_labels,
                    read_places, read_reports, same_actors, times_agree)
from .namespaces import GRAPH, ID

INDEX_FILE = "merge-index.sqlite"
VERSION = "1"
LABEL_TYPES = ("dkg:Person dkg:State dkg:Place dkg:City dkg:Venue dkg:Region dkg:Organization "
               "dkg:Ministry dkg:NewsAgency dkg:StateMedia dkg:GovernmentBody dkg:InternationalOrganization")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT, states TEXT, entities TEXT);
CREATE TABLE IF NOT EXISTS state_counts (state TEXT PRIMARY KEY, n INTEGER);
CREATE TABLE IF NOT EXISTS reports (iri TEXT PRIMARY KEY, article TEXT, data TEXT, node TEXT);
CREATE INDEX IF NOT EXISTS reports_article ON reports (article);
CREATE INDEX IF NOT EXISTS reports_node ON reports (node);
CREATE TABLE IF NOT EXISTS keys (family TEXT, key TEXT, iri TEXT, lo INTEGER, hi INTEGER);
CREATE INDEX IF NOT EXISTS keys_block ON keys (family, key, lo);
CREATE INDEX IF NOT EXISTS keys_iri ON keys (iri);
CREATE TABLE IF NOT EXISTS refs (entity TEXT, iri TEXT);
CREATE INDEX IF NOT EXISTS refs_entity ON refs (entity);
CREATE INDEX IF NOT EXISTS refs_iri ON refs (iri);
CREATE TABLE IF NOT EXISTS nodes (node TEXT PRIMARY KEY, base TEXT, root TEXT, first TEXT,
                                  multi INTEGER, conflict INTEGER);
CREATE INDEX IF NOT EXISTS nodes_root ON nodes (root);
CREATE TABLE IF NOT EXISTS entities (iri TEXT PRIMARY KEY, label TEXT, kind TEXT, state TEXT);
"""


def index_path(store) -> Optional[Path]:
    """Where the store's merge index lives; None for stores without a folder (remote ones)."""
    path = getattr(store, "path", None)
    if path is None or not hasattr(store, "patch_graph"):
        return None
    return Path(path) / INDEX_FILE


def _entities(r: Report) -> set[str]:
    out = set().union(*r.roles.values()) if r.roles else set()
    if r.place:
        out.add(r.place)
    return out


def _span(r: Report) -> tuple[Optional[int], Optional[int]]:
    w = r.window
    return (w[0].toordinal(), w[1].toordinal()) if w else (None, None)


def linked(a: Report, b: Report) -> bool:
    """Could the two reports ever be grouped together? (kg.merge.compatible without places)."""
    return (a.family == b.family and a.article != b.article and same_actors(a, b)
            and times_agree(a, b) and _names_agree(a.name, b.name))


def may_fit(u: Report, dated: list[Report]) -> bool:
    """Could undated report `u` ever join the group whose dated reports are `dated`?"""
    return all(linked(u, m) for m in dated) and _undated_fits(u, Cluster(list(dated)))


class MergeIndex:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self._cache: dict[str, Report] = {}

    @classmethod
    def for_store(cls, store) -> Optional["MergeIndex"]:
        path = index_path(store)
        return cls(path) if path is not None else None

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ meta --
    def meta(self, k: str, default=None):
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (k,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, k: str, v) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v)))

    def usable(self) -> bool:
        return self.meta("version") == VERSION and self.meta("valid") is True

    def invalidate(self) -> None:
        """Mark the index unusable (committed at once) before the store is rewritten in full."""
        self.db.execute("BEGIN")
        self.set_meta("valid", False)
        self.db.execute("COMMIT")

    def article_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, hash FROM articles"))

    def summary(self) -> MergeSummary:
        db = self.db
        reports = db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        events, multi, confl = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(multi), 0), COALESCE(SUM(conflict), 0) FROM nodes").fetchone()
        return MergeSummary(reports=reports, events=events, multi=multi, conflicts=confl,
                            reference_holdings=self.meta("holdings", 0))

    # --------------------------------------------------------- reports --
    def _report(self, iri: str, data: str) -> Report:
        r = self._cache.get(iri)
        if r is None:
            r = self._cache[iri] = Report.from_json(json.loads(data))
        return r

    def reports(self, iris: Iterable[str]) -> list[Report]:
        out = []
        for chunk in _chunks(set(iris), 500):
            q = f"SELECT iri, data FROM reports WHERE iri IN ({','.join('?' * len(chunk))})"
            out += [self._report(i, d) for i, d in self.db.execute(q, chunk)]
        return out

    def members(self, node: str) -> list[Report]:
        return [self._report(i, d) for i, d in
                self.db.execute("SELECT iri, data FROM reports WHERE node = ?", (node,))]

    def node_of(self, iri: str) -> Optional[str]:
        row = self.db.execute("SELECT node FROM reports WHERE iri = ?", (iri,)).fetchone()
        return row[0] if row else None

    def candidates(self, r: Report, dated: bool) -> list[Report]:
        """Reports sharing a family and an actor with `r`: dated ones whose window is within a
        day of r's (when r is dated), or undated ones."""
        iris: set[str] = set()
        lo, hi = _span(r)
        for key in r.core:
            if not dated:
                q, args = "SELECT iri FROM keys WHERE family=? AND key=? AND lo IS NULL", (r.family, key)
            elif lo is None:
                q, args = "SELECT iri FROM keys WHERE family=? AND key=? AND lo IS NOT NULL", (r.family, key)
            else:
                q = "SELECT iri FROM keys WHERE family=? AND key=? AND lo <= ? AND hi >= ?"
                args = (r.family, key, hi + 1, lo - 1)
            iris.update(i for (i,) in self.db.execute(q, args))
        iris.discard(r.iri)
        return self.reports(iris)

    def remove_article(self, aid: str) -> list[Report]:
        """Forget an article's reports; returns them (with their merged node in .node)."""
        db = self.db
        old = []
        for iri, data, node in db.execute("SELECT iri, data, node FROM reports WHERE article = ?", (aid,)).fetchall():
            r = Report.from_json(json.loads(data))
            r.node, r.gone = node, True          # the old version (a new one may reuse the IRI)
            old.append(r)
            self._cache.pop(iri, None)
            db.execute("DELETE FROM keys WHERE iri = ?", (iri,))
            db.execute("DELETE FROM refs WHERE iri = ?", (iri,))
        db.execute("DELETE FROM reports WHERE article = ?", (aid,))
        row = db.execute("SELECT states FROM articles WHERE id = ?", (aid,)).fetchone()
        if row:
            for s in json.loads(row[0]):
                db.execute("UPDATE state_counts SET n = n - 1 WHERE state = ?", (s,))
            db.execute("DELETE FROM state_counts WHERE n <= 0")
        db.execute("DELETE FROM articles WHERE id = ?", (aid,))
        return old

    def add_article(self, aid: str, hash_: str, states: list[str], entities: list[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
                        (aid, hash_, json.dumps(sorted(states)), json.dumps(sorted(entities))))
        for s in states:
            self.db.execute("INSERT INTO state_counts VALUES (?, 1) ON CONFLICT(state) DO UPDATE SET n = n + 1", (s,))

    def add_report(self, r: Report, node: Optional[str] = None) -> None:
        lo, hi = _span(r)
        self.db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?)",
                        (r.iri, r.article_id, json.dumps(r.to_json(), sort_keys=True), node))
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?, ?)",
                            [(r.family, k, r.iri, lo, hi) for k in sorted(r.core)])
        self.db.executemany("INSERT INTO refs VALUES (?, ?)", [(e, r.iri) for e in sorted(_entities(r))])
        self._cache[r.iri] = r

    def states(self) -> list[str]:
        return [s for (s,) in self.db.execute("SELECT state FROM state_counts WHERE n > 0 ORDER BY state")]

    # -------------------------------------------------------- entities --
    def snapshot(self, iris: Iterable[str]) -> dict[str, tuple]:
        out = {}
        for chunk in _chunks(set(iris), 500):
            q = f"SELECT iri, label, kind, state FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
            out.update((i, (l, k, s)) for i, l, k, s in self.db.execute(q, chunk))
        return out

    def set_entity(self, iri: str, label, kind, state) -> None:
        self.db.execute("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?)", (iri, label, kind, state))

    def places_and_labels(self, reports: Iterable[Report]) -> tuple[Places, dict[str, str]]:
        ents = set().union(*(_entities(r) for r in reports)) if reports else set()
        places, labels = Places(), {}
        for iri, (label, kind, state) in self.snapshot(ents).items():
            if label is not None:
                labels[iri] = label
            if kind is not None:
                places.kind[iri] = kind
            if state is not None:
                places.state[iri] = state
        return places, labels

    # ----------------------------------------------------------- nodes --
    def set_node(self, key: str, c: Cluster) -> None:
        self.db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?, ?)",
                        (key, base_key(c), key_root(base_key(c)), first_report(c),
                         int(len({r.article for r in c.reports}) > 1), int(bool(conflicts(c)))))
        self.db.executemany("UPDATE reports SET node = ? WHERE iri = ?", [(key, r.iri) for r in c.reports])


# ------------------------------------------------------------- reading --
def _article_info(store, ids: set[str]) -> dict[str, dict]:
    """Content hash, states and entities of each article graph in the store (absent: not stored)."""
    info: dict[str, dict] = {}
    prefix = len(str(GRAPH["article/"]))
    state_prefix = str(ID["state/"])
    for chunk in _chunks({str(GRAPH[f"article/{i}"]) for i in ids}):
        values = _values("g", chunk)
        for r in _rows(store, f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?a dkg:contentHash ?h }} {values} }}"):
            info[str(r["g"])[prefix:]] = {"hash": str(r["h"]), "states": set(), "entities": set()}
        for r in _rows(store, f"SELECT DISTINCT ?g ?s WHERE {{ GRAPH ?g {{ ?s a dkg:State }} {values} }}"):
            s = str(r["s"])
            if s.startswith(state_prefix) and str(r["g"])[prefix:] in info:
                info[str(r["g"])[prefix:]]["states"].add(s[len(state_prefix):])
        for r in _rows(store, f"""SELECT DISTINCT ?g ?x WHERE {{ GRAPH ?g {{
              {{ ?x rdfs:label ?o }} UNION {{ ?x dkg:locatedIn ?o }} UNION {{ ?x a ?o VALUES ?o {{ {LABEL_TYPES} }} }} }}
              {values} }}"""):
            if str(r["g"])[prefix:] in info:
                info[str(r["g"])[prefix:]]["entities"].add(str(r["x"]))
    return info


def _entity_facts(store, iris: set[str]) -> dict[str, tuple]:
    places = read_places(store, only=iris)
    labels = read_labels(store, only=iris)
    return {i: (labels.get(i), places.kind.get(i), places.state.get(i)) for i in iris}


def stale_articles(store, store_hashes: Optional[dict[str, str]] = None) -> Optional[set[str]]:
    """Articles whose stored graph differs from what graph/merged was built from (e.g. after a
    run was killed, or an article was written by another tool); None when there is no usable index."""
    idx = MergeIndex.for_store(store)
    if idx is None:
        return None
    try:
        if not idx.usable():
            return None
        have = idx.article_hashes()
    finally:
        idx.close()
    now = store.article_hashes() if store_hashes is None else store_hashes
    return {i for i in set(have) | set(now) if have.get(i) != now.get(i)}


# ------------------------------------------------------------ rebuild --
def write_full(store, reports: list[Report], keyed, places: Places, labels: dict[str, str],
               state_keys: list[str], holdings: int) -> None:
    """Write a new index for a store whose graph/merged was just rebuilt in full."""
    idx = MergeIndex.for_store(store)
    if idx is None:
        return
    try:
        prefix = len(str(GRAPH["article/"]))
        ids = {str(r["g"])[prefix:] for r in _rows(store, f"""SELECT DISTINCT ?g WHERE {{
              GRAPH ?g {{ ?a dkg:contentHash ?h }} FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}""")}
        info = _article_info(store, ids)
        db = idx.db
        db.execute("BEGIN")
        for t in ("articles", "state_counts", "reports", "keys", "refs", "nodes", "entities"):
            db.execute(f"DELETE FROM {t}")
        for aid, a in sorted(info.items()):
            idx.add_article(aid, a["hash"], sorted(a["states"]), sorted(a["entities"]))
        for r in reports:
            idx.add_report(r)
        for key, c in keyed:
            idx.set_node(key, c)
        for e in sorted(set().union(*(_entities(r) for r in reports)) if reports else ()):
            idx.set_entity(e, labels.get(e), places.kind.get(e), places.state.get(e))
        idx.set_meta("states", sorted(state_keys))
        idx.set_meta("holdings", holdings)
        idx.set_meta("version", VERSION)
        idx.set_meta("valid", True)
        db.execute("COMMIT")
    finally:
        idx.close()


def invalidate(store) -> None:
    idx = MergeIndex.for_store(store)
    if idx is not None:
        try:
            idx.invalidate()
        finally:
            idx.close()


# ------------------------------------------------------------- update --
def update(store, article_ids: Iterable[str]) -> MergeSummary:
    """Bring graph/reference and graph/merged up to date after the articles `article_ids`
    were added, replaced or removed; a full rebuild when the store has no usable index."""
    from .merge import rebuild

    idx = MergeIndex.for_store(store)
    if idx is None:
        return rebuild(store)
    try:
        if not idx.usable():
            idx.close()
            idx = None
            return rebuild(store)
        ids = set(article_ids)
        if ids:
            idx.db.execute("BEGIN")
            try:
                _update(store, idx, ids)
            except BaseException:
                idx.db.execute("ROLLBACK")
                raise
            idx.db.execute("COMMIT")
        return idx.summary()
    finally:
        if idx is not None:
            idx.close()


def _update(store, idx: MergeIndex, ids: set[str]) -> None:
    from rdflib import Graph, URIRef

    from .identity import reference_graph
    from .mapping import bind_prefixes

    # 1. The changed articles: forget their old reports, index the new ones.
    info = _article_info(store, ids)
    old_states = idx.states()
    old_entities: set[str] = set()
    for aid in sorted(ids):
        row = idx.db.execute("SELECT entities FROM articles WHERE id = ?", (aid,)).fetchone()
        if row:
            old_entities.update(json.loads(row[0]))
    removed: list[Report] = []
    for aid in sorted(ids):
        removed += idx.remove_article(aid)
    added = read_reports(store, [str(GRAPH[f"article/{i}"]) for i in info])
    new_entities: set[str] = set()
    for aid, a in sorted(info.items()):
        idx.add_article(aid, a["hash"], sorted(a["states"]), sorted(a["entities"]))
        new_entities |= a["entities"]
    for r in added:
        idx.add_report(r)

    # 2. graph/reference follows the set of states named in the store. It is the union of
    #    per-state parts, so new states only add their part; a state that goes is rebuilt.
    new_states = idx.states()
    ref = ref_part = None
    check = old_entities | new_entities
    if new_states != old_states:
        if set(old_states) <= set(new_states):
            ref_part = reference_graph(sorted(set(new_states) - set(old_states)))
            changed_triples = set(ref_part)
        else:
            ref = reference_graph(new_states)
            changed_triples = set(ref) ^ set(reference_graph(old_states))
        for s_, _, o in changed_triples:
            check |= {str(x) for x in (s_, o) if isinstance(x, URIRef)}
        idx.set_meta("states", new_states)
        # Written now, before labels are read below: its labels count for the merged nodes.
        if ref is not None:
            store.replace_graphs([ref])
        else:
            store.patch_graph(str(REFERENCE_GRAPH), (), ref_part)
        n = _rows(store, f"SELECT (COUNT(DISTINCT ?h) AS ?n) WHERE {{ GRAPH <{REFERENCE_GRAPH}> "
                         f"{{ ?h a dkg:OfficeHolding }} }}")
        idx.set_meta("holdings", int(n[0]["n"].toPython()))

    # 3. Labels, place kinds and states the changed graphs may have changed.
    added_entities = set().union(*(_entities(r) for r in added)) if added else set()
    known = idx.snapshot(check | added_entities)
    check = set(known) | added_entities
    facts = _entity_facts(store, check)
    relabelled, moved = set(), set()
    for e in check:
        was = known.get(e)
        now = facts[e]
        if was is None or was != now:
            idx.set_entity(e, *now)
        if was is not None and was[0] != now[0]:
            relabelled.add(e)
        if was is not None and was[1:] != now[1:]:
            moved.add(e)
    seeds = list(removed) + list(added)
    if moved:
        iris = set()
        for chunk in _chunks(moved, 500):
            iris.update(i for (i,) in idx.db.execute(
                f"SELECT iri FROM refs WHERE entity IN ({','.join('?' * len(chunk))})", chunk))
        seeds += idx.reports(iris)
    gone = {r.iri for r in removed}

    def key(r: Report):
        return r.iri, getattr(r, "gone", False)

    # 4. Dated reports: regroup the linked component of the dated seeds.
    dated: dict[str, Report] = {}
    stack = [r for r in seeds if r.window is not None]
    seen = {key(r) for r in stack}
    while stack:
        r = stack.pop()
        if not getattr(r, "gone", False):
            dated[r.iri] = r
        for c in idx.candidates(r, dated=True):
            if key(c) not in seen and linked(r, c):
                seen.add(key(c))
                stack.append(c)
    old_nodes = {idx.node_of(i) for i in dated} | {r.node for r in removed}
    places, _ = idx.places_and_labels(dated.values())
    phase1 = cluster(list(dated.values()), places)
    new_group = {r.iri: n for n, c in enumerate(phase1) for r in c.reports}

    # 5. Undated reports: regroup those linked to a changed report or group, with the dated
    #    groups they could join (a group is named ('new', n) or ('old', node)).
    def handle(x: str):
        return ("new", new_group[x]) if x in new_group else ("old", idx.node_of(x))

    def dated_of(h) -> list[Report]:
        if h[0] == "new":
            return phase1[h[1]].reports
        return [m for m in idx.members(h[1]) if m.window is not None]

    undated: dict[str, Report] = {}
    groups: dict = {}
    stack = [("u", r) for r in seeds if r.window is None]
    seen_u = {key(r) for _, r in stack}
    old_dated = {}
    for r in removed:
        if r.window is not None and r.node:
            old_dated.setdefault(r.node, []).append(r)
    for node in old_nodes - {None}:
        members = [m for m in idx.members(node) if m.window is not None] + old_dated.get(node, [])
        if members:
            stack.append(("g", (None, members)))
    for n in range(len(phase1)):
        stack.append(("g", (("new", n), phase1[n].reports)))
        groups[("new", n)] = phase1[n].reports
    while stack:
        kind, item = stack.pop()
        if kind == "u":
            u = item
            if not getattr(u, "gone", False):
                undated[u.iri] = u
            for v in idx.candidates(u, dated=False):
                if key(v) not in seen_u and linked(u, v):
                    seen_u.add(key(v))
                    stack.append(("u", v))
            for h in {handle(x.iri) for x in idx.candidates(u, dated=True)}:
                if h not in groups and h[1] is not None and may_fit(u, dated_of(h)):
                    groups[h] = dated_of(h)
                    stack.append(("g", (h, groups[h])))
        else:
            h, members = item
            probe = Report(iri="", kind=members[0].kind, article="")
            found = {}
            for m in members:
                probe.roles = {"participant": m.core}
                for v in idx.candidates(probe, dated=False):
                    found[v.iri] = v
            for v in found.values():
                if key(v) not in seen_u and may_fit(v, members):
                    seen_u.add(key(v))
                    stack.append(("u", v))
    initial = [Cluster(list(members)) for members in groups.values()]
    places, _ = idx.places_and_labels(list(undated.values()) + [m for c in initial for m in c.reports])
    final = cluster(list(undated.values()), places, initial=initial)
    drop = set(old_nodes) | {h[1] for h in groups if h[0] == "old"}
    drop |= {idx.node_of(i) for i in undated} | {r.node for r in removed if r.window is None}
    drop.discard(None)

    # 6. Nodes whose label changes (a participant's label did) are rewritten as they are.
    keep: dict[str, Cluster] = {}          # unchanged groups to rewrite: old node -> group
    if relabelled:
        nodes = set()
        for chunk in _chunks(relabelled, 500):
            nodes.update(n for (n,) in idx.db.execute(
                f"SELECT DISTINCT reports.node FROM refs JOIN reports ON refs.iri = reports.iri "
                f"WHERE refs.entity IN ({','.join('?' * len(chunk))})", chunk))
        for n in nodes - drop - {None}:
            keep[n] = Cluster(idx.members(n))

    # 7. Numbering: redo it for every key root whose groups changed.
    keyed_new: list[tuple[str, Cluster]] = []
    roots: dict[str, list] = {}
    for c in final:
        roots.setdefault(key_root(base_key(c)), []).append(("new", c))
    for n, c in keep.items():
        roots.setdefault(key_root(base_key(c)), []).append(("keep", n, c))
    for chunk in _chunks(drop, 500):
        for (root,) in idx.db.execute(f"SELECT DISTINCT root FROM nodes WHERE node IN "
                                      f"({','.join('?' * len(chunk))})", chunk):
            roots.setdefault(root, [])
    renamed: dict[str, str] = {}
    for root, entries in sorted(roots.items()):
        members = [e[-1] for e in entries]
        stand_ins = {}
        for node, base, first in idx.db.execute("SELECT node, base, first FROM nodes WHERE root = ?", (root,)):
            if node in drop or node in keep:
                continue
            s = _StandIn(base, first)
            stand_ins[id(s)] = node
            members.append(s)
        for key, c in _numbered(members):
            if id(c) in stand_ins:
                if key != stand_ins[id(c)]:
                    renamed[stand_ins[id(c)]] = key
            else:
                keyed_new.append((key, c))
    for old, key in renamed.items():
        keyed_new.append((key, Cluster(idx.members(old))))
    drop |= set(keep) | set(renamed)

    # 8. Write: the store first (one transaction), then the index (committed by the caller).
    rendered = [c for _, c in keyed_new]
    places, labels = idx.places_and_labels([r for c in rendered for r in c.reports])
    g = bind_prefixes(Graph(identifier=MERGED_GRAPH))
    for key, c in keyed_new:
        add_node(g, key, c, places, labels)
    touched = {r.iri for c in rendered for r in c.reports} | gone
    for chunk in _chunks(touched):
        for r in _rows(store, f"SELECT DISTINCT ?m WHERE {{ GRAPH <{MERGED_GRAPH}> {{ ?r dkg:reportOf ?m }} "
                              f"{_values('r', chunk)} }}"):
            drop.add(str(r["m"])[len(str(ID)):])
    iris = set()
    for key in drop:
        iris |= {str(ID[key]), f"{ID[key]}/time"}
    store.patch_graph(str(MERGED_GRAPH), iris, g)
    for chunk in _chunks(drop, 500):
        idx.db.execute(f"DELETE FROM nodes WHERE node IN ({','.join('?' * len(chunk))})", chunk)
    for key, c in keyed_new:
        idx.set_node(key, c)


class _StandIn:
    """An unchanged merged node in a numbering group: only its base key and first report count."""

    def __init__(self, base: str, first: str):
        self.base, self.first = base, first


def _numbered(items: list) -> list[tuple[str, object]]:
    """merge.assign_keys for a mix of groups and stand-ins (same rule: order of first report)."""
    return assign_keys(items, base=lambda c: c.base if isinstance(c, _StandIn) else base_key(c),
                       first=lambda c: c.first if isinstance(c, _StandIn) else first_report(c))
