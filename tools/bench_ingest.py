#!/usr/bin/env python3
"""Benchmark: `kg ingest` throughput and peak memory at two corpus sizes, and the time to
ingest one more article into stores of increasing size (--one-more).

Writes N and 2N synthetic stories (a template of our own with varied names and
dates) as JSONL, ingests each into a fresh store with `kg ingest`, and reports
articles per second and the peak resident memory of the ingest processes.
Streaming ingest should keep the memory ratio near 1 while the corpus doubles.
With --workers 1 (the default here) extraction runs inside the ingest process,
so its peak memory covers everything; with more workers it covers the main
process only (the workers are children of the forkserver).

    .venv/bin/python tools/bench_ingest.py --articles 40
    .venv/bin/python tools/bench_ingest.py --one-more 100,1000,3000 [--before DIR]

--one-more builds a store of each size from varied generated stories (many
people, states, places, kinds and dates), then times `kg ingest` of one new
short story into a copy of it, three times, and prints the median and the
ratio to the smallest store. With --before DIR (a checkout of another
version, e.g. `git archive <rev> | tar -x -C DIR`), the same copies are also
timed with that version's code, so both columns use the same data.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

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


# ------------------------------------------------------------ one more --
COUNTRIES = [("Norway", "Norwegian", "Oslo"), ("Chile", "Chilean", "Santiago"),
             ("Kenya", "Kenyan", "Nairobi"), ("Portugal", "Portuguese", "Lisbon"),
             ("Latvia", "Latvian", "Riga"), ("Canada", "Canadian", "Ottawa"),
             ("Japan", "Japanese", "Tokyo"), ("Brazil", "Brazilian", "Brasilia"),
             ("Egypt", "Egyptian", "Cairo"), ("Poland", "Polish", "Warsaw"),
             ("Vietnam", "Vietnamese", "Hanoi"), ("Ghana", "Ghanaian", "Accra"),
             ("Peru", "Peruvian", "Lima"), ("Finland", "Finnish", "Helsinki"),
             ("Indonesia", "Indonesian", "Jakarta"), ("Morocco", "Moroccan", "Rabat"),
             ("Austria", "Austrian", "Vienna"), ("Colombia", "Colombian", "Bogota"),
             ("Senegal", "Senegalese", "Dakar"), ("Thailand", "Thai", "Bangkok")]
FIRSTS = ["Ana", "Jonas", "Mira", "Paulo", "Edgars", "Claire", "Tomas", "Ingrid", "Kofi", "Lena",
          "Omar", "Rosa", "Kenji", "Amina", "Piotr", "Linh", "Erik", "Sofia", "Diego", "Hana"]
LASTS = ["Dahl", "Araya", "Otieno", "Correia", "Ozols", "Dubois", "Berg", "Silva", "Mensah", "Sato",
         "Mansour", "Nowak", "Tran", "Lund", "Vidal", "Okafor", "Moreau", "Costa", "Ruiz", "Kato"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ROLES = ["Foreign Minister", "President", "Prime Minister", "Defence Minister", "Trade Minister"]


def varied_story(i: int, rnd: random.Random) -> dict:
    """One short story of a varied kind about invented officials of two real states."""
    (s1, d1, c1), (s2, d2, c2) = rnd.sample(COUNTRIES, 2)
    a = f"{rnd.choice(FIRSTS)} {rnd.choice(LASTS)}"
    b = f"{rnd.choice(FIRSTS)} {rnd.choice(LASTS)}"
    r1, r2 = rnd.choice(ROLES), rnd.choice(ROLES)
    year = rnd.choice((2022, 2023, 2024))
    month = rnd.randrange(1, 13)
    day = rnd.randrange(1, 28)
    when = f"{MONTHS[month - 1]} {day}, {year}"
    pub = f"{year}-{month:02d}-{min(day + 1, 28):02d}"
    kind = rnd.randrange(5)
    if kind == 0:
        text = f"{d1} {r1} {a} met {d2} {r2} {b} in {c2} on {when}. The two discussed trade and energy."
    elif kind == 1:
        text = f"{d1} {r1} {a} visited {s2} on {when} and held talks with {r2} {b} in {c2}."
    elif kind == 2:
        text = (f"{d1} {r1} {a} and {d2} {r2} {b} signed an agreement on fisheries in {c1} on {when}, "
                "officials said.")
    elif kind == 3:
        text = f"{d1} {r1} {a} spoke by phone with {d2} {r2} {b} on {when} about the border."
    else:
        text = (f"{d1} {r1} {a} invited {d2} {r2} {b} to visit {c1} next month, "
                f"the foreign ministry said on {when}.")
    return {"id": f"story-{i}", "title": f"{s1} and {s2}", "text": text, "published": pub}


def _kg(code: Optional[str]) -> list[str]:
    if code is None:
        return [str(Path(sys.executable).parent / "kg")]
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {code!r}); from kg.cli import main; main()"]


def _timed_ingest(store: Path, src: Path, code: Optional[str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    t0 = time.perf_counter()
    subprocess.run(_kg(code) + ["--store", str(store), "ingest", "--workers", "1", str(src)],
                   check=True, capture_output=True, env=env)
    return time.perf_counter() - t0


# Times kg.ingest.ingest() alone, in a process whose extractor is already loaded: the part
# of one more article's cost that can depend on the store (store writes, merge).
_IN_PROCESS = """
import sys, time
sys.path.insert(0, sys.argv[1])
import kg.ingest as ingest_mod
from kg.store import LocalStore
ingest_mod._init_worker("rules", "")
store = LocalStore(sys.argv[2])
t0 = time.perf_counter()
ingest_mod.ingest(store, [sys.argv[3]], workers=1, echo=lambda m: None)
print(time.perf_counter() - t0)
"""


def _timed_in_process(store: Path, src: Path, code: Optional[str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    here = code or str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _IN_PROCESS, here, str(store), str(src)],
                         check=True, capture_output=True, text=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


def one_more(sizes: list[int], before: Optional[str], repeat: int, workdir: Optional[str]) -> None:
    rnd = random.Random(7)
    stories = [varied_story(i, rnd) for i in range(max(sizes) + repeat)]
    extra = stories[max(sizes):]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        keep = Path(workdir) if workdir else d
        keep.mkdir(parents=True, exist_ok=True)
        base = d / "base"
        have = 0
        for n in sorted(sizes):
            cached = keep / f"store-{n}"
            if cached.exists():                           # built by an earlier run (--workdir)
                shutil.rmtree(base, ignore_errors=True)
                shutil.copytree(cached, base)
            else:
                src = d / f"upto-{n}.jsonl"                # grow one store: only the new stories
                src.write_text("\n".join(json.dumps(s) for s in stories[have:n]), encoding="utf-8")
                _timed_ingest(base, src, None)
                if workdir:
                    shutil.copytree(base, cached)
            have = n
            times = {}
            for label, code in (("after", None), ("before", before)):
                if label == "before" and before is None:
                    continue
                for how, timer in (("cli", _timed_ingest), ("in-process", _timed_in_process)):
                    runs = []
                    for k in range(repeat):
                        copy = d / f"copy-{label}"
                        shutil.rmtree(copy, ignore_errors=True)
                        shutil.copytree(base, copy)
                        one = d / "one.jsonl"
                        one.write_text(json.dumps(extra[k]), encoding="utf-8")
                        runs.append(timer(copy, one, code))
                    times[f"{label} {how}"] = statistics.median(runs)
            rows.append((n, times))
            print(f"{n:6d} articles: " + "   ".join(f"{k} {v:6.2f} s" for k, v in times.items()), flush=True)
    first = rows[0][1]
    print("\none more article, time relative to the smallest store "
          f"({rows[0][0]} articles):")
    for n, times in rows:
        print(f"{n:6d}: " + "   ".join(f"{k} {v / first[k]:.2f}x" for k, v in times.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--one-more", default="", help="comma-separated store sizes (e.g. 100,1000,3000)")
    ap.add_argument("--before", default=None, help="a checkout of another version to time as well")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", default=None, help="keep the built stores here and reuse them")
    args = ap.parse_args()
    if args.one_more:
        one_more([int(x) for x in args.one_more.split(",")], args.before, args.repeat, args.workdir)
        return
    rate1, mem1 = run(args.articles, args.workers)
    rate2, mem2 = run(2 * args.articles, args.workers)
    print(f"{args.articles:5d} articles: {rate1:.2f} articles/s, peak RSS {mem1:.0f} MiB")
    print(f"{2 * args.articles:5d} articles: {rate2:.2f} articles/s, peak RSS {mem2:.0f} MiB")
    print(f"memory ratio (2N / N): {mem2 / mem1:.2f}   throughput ratio: {rate2 / rate1:.2f}")


if __name__ == "__main__":
    main()
