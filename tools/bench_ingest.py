#!/usr/bin/env python3
"""Benchmark: `kg ingest` throughput and peak memory at two corpus sizes.

Writes N and 2N synthetic stories (a template of our own with varied names and
dates) as JSONL, ingests each into a fresh store with `kg ingest`, and reports
articles per second and the peak resident memory of the ingest processes.
Streaming ingest should keep the memory ratio near 1 while the corpus doubles.
With --workers 1 (the default here) extraction runs inside the ingest process,
so its peak memory covers everything; with more workers it covers the main
process only (the workers are children of the forkserver).

    .venv/bin/python tools/bench_ingest.py --articles 40
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATES = [("Norwegian", "Oslo"), ("Chilean", "Santiago"), ("Kenyan", "Nairobi"),
          ("Portuguese", "Lisbon"), ("Latvian", "Riga"), ("Canadian", "Ottawa")]
GIVEN = ["Ana", "Jonas", "Mira", "Paulo", "Edgars", "Claire", "Tomas", "Ingrid"]
FAMILY = ["Dahl", "Araya", "Otieno", "Correia", "Ozols", "Dubois", "Berg", "Silva"]


def story(i: int, rnd: random.Random) -> dict:
    (d1, c1), (d2, c2) = rnd.sample(STATES, 2)
    a = f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"
    b = f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"
    text = (f"{d1} Foreign Minister {a} met {d2} Foreign Minister {b} in {c2} on Tuesday. "
            f"The two ministers signed an agreement on trade, officials said. "
            f"{b} accepted an invitation to visit {c1} next month.")
    return {"id": f"bench-{i}", "text": text, "published": f"2024-0{1 + i % 9}-1{i % 10}"}


def run(n: int, workers: int) -> tuple[float, float]:
    rnd = random.Random(n)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "stories.jsonl"
        src.write_text("\n".join(json.dumps(story(i, rnd)) for i in range(n)), encoding="utf-8")
        kg = str(Path(sys.executable).parent / "kg")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run([kg, "--store", str(Path(d) / "store"), "ingest", "--workers", str(workers),
                        str(src)], check=True, capture_output=True)
        elapsed = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return n / elapsed, max(peak, before) / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    rate1, mem1 = run(args.articles, args.workers)
    rate2, mem2 = run(2 * args.articles, args.workers)
    print(f"{args.articles:5d} articles: {rate1:.2f} articles/s, peak RSS {mem1:.0f} MiB")
    print(f"{2 * args.articles:5d} articles: {rate2:.2f} articles/s, peak RSS {mem2:.0f} MiB")
    print(f"memory ratio (2N / N): {mem2 / mem1:.2f}   throughput ratio: {rate2 / rate1:.2f}")


if __name__ == "__main__":
    main()
