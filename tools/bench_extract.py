#!/usr/bin/env python3
"""Benchmark: extraction throughput against raw spaCy `nlp.pipe` on the same texts and model.

Runs, on the same articles (default: the VOA stories beside the checkout):
raw `nlp.pipe` (one process), the old path (`nlp(text)` + rules per article),
`kg extract`'s batched path in this process, and with a pool of worker
processes (the pool start, spaCy load in each worker included). Prints the
wall time of each and its throughput as a ratio of raw spaCy's; for the runs
in this process also the CPU time and its ratio, which hold up better than
wall time on a machine shared with other work. With --profile,
also writes a cProfile of the batched path and prints its top functions.

    .venv/bin/python tools/bench_extract.py [--input FILE.jsonl] [--workers 2] [--profile]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "corpus" / "voa" / "voa_stories.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", default=str(VOA), help="articles (any input `kg extract` reads)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the batched path here")
    args = ap.parse_args()

    from kg.articles import Article, read_articles
    from kg.batch import extract_local
    from kg.extract import get_extractor
    from kg.mapping import to_graph

    arts = [a for a in read_articles([args.input]) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in arts)
    run = get_extractor("rules")
    nlp = run.nlp
    list(nlp.pipe([a.text for a in arts[:4]]))            # warm up
    rows = []

    def timed(label, fn, cpu=True):
        c, t = time.process_time(), time.perf_counter()
        fn()
        rows.append((label, time.perf_counter() - t, time.process_time() - c if cpu else None))

    def raw_pipe():
        for _ in nlp.pipe([a.text for a in arts]):
            pass

    def before():
        for a in arts:
            to_graph(run(a)).serialize(format="turtle")

    timed("raw spaCy nlp.pipe (1 process)", raw_pipe)
    timed("nlp(text) + rules per article (before)", before)

    if args.profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
    timed("kg extract, batched nlp.pipe, 1 process",
          lambda: list(extract_local(arts, workers=1, batch_size=args.batch_size)))
    if args.profile:
        pr.disable()
        pr.dump_stats(args.profile)

    if args.workers > 1:
        timed(f"kg extract, {args.workers} processes",
              lambda: list(extract_local(arts, workers=args.workers, batch_size=args.batch_size)), cpu=False)

    print(f"{len(arts)} articles, {words} words, model {nlp.meta.get('name')} {nlp.meta.get('version')}")
    raw, raw_cpu = rows[0][1], rows[0][2]
    print(f"{'':45} {'wall':>7}  {'articles/s':>10}  {'x raw':>6}  {'CPU':>7}  {'x raw':>6}")
    for label, secs, cpu in rows:
        line = f"{label:45} {secs:6.1f}s  {len(arts) / secs:10.2f}  {raw / secs:6.2f}"
        if cpu is not None:
            line += f"  {cpu:6.1f}s  {raw_cpu / cpu:6.2f}"
        print(line)
    if args.profile:
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
