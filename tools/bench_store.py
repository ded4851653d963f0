#!/usr/bin/env python3
"""Benchmark: the who-met-whom saved query on the Oxigraph store against rdflib's memory store.

Builds N synthetic articles (hand-made facts, no spaCy), loads them into both
stores and reports the time of each and their ratio. Ratios, not absolute
times, are what to compare across machines.

    .venv/bin/python tools/bench_store.py --articles 2000
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time

from kg.articles import Article
from kg.facts import ArticleFacts, Entity, Event, Evidence, TimeValue
from kg.mapping import to_graph
from kg.queries import get_query
from kg.runner import run_on_graph
from kg.store import LocalStore
from kg.validate import load_ontology_graph


def synthetic(n: int, people: int = 300, seed: int = 7) -> list[ArticleFacts]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        art = Article(id=f"bench-{i}", text="x" * 200, published="2024-01-01")
        f = ArticleFacts(article=art, extractor="bench")
        for _ in range(5):
            a, b = rnd.sample(range(people), 2)
            for p in (a, b):
                f.entities[f"person/p{p}"] = Entity(f"person/p{p}", "Person", f"Person {p}")
            ev = Event(kind="Meeting", status=rnd.choice(["occurred", "planned"]),
                       time=TimeValue("t", f"2023-{rnd.randint(1, 12):02d}", "month"),
                       evidence=Evidence(0, 10, "x" * 10))
            ev.add("participant", f"person/p{a}")
            ev.add("participant", f"person/p{b}")
            f.events.append(ev)
        out.append(f)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    graphs = [to_graph(f) for f in synthetic(args.articles)]
    onto = load_ontology_graph()
    query = get_query("who-met-whom").text

    with tempfile.TemporaryDirectory() as d:
        store = LocalStore(d)
        store.replace_graphs(graphs)
        store.load_ontology(onto)
        triples = len(store)
        t0 = time.perf_counter()
        ox_rows = len(store.query(query, max_rows=10**9).rows)
        ox_time = time.perf_counter() - t0

    g = onto
    for graph in graphs:
        for t in graph:
            g.add(t)
    t0 = time.perf_counter()
    rdf_rows = len(run_on_graph(g, query, max_rows=10**9).rows)
    rdf_time = time.perf_counter() - t0

    print(f"{args.articles} articles, {triples} quads")
    print(f"oxigraph: {ox_rows} rows in {ox_time:.3f} s")
    print(f"rdflib:   {rdf_rows} rows in {rdf_time:.3f} s")
    print(f"ratio rdflib/oxigraph: {rdf_time / max(ox_time, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
