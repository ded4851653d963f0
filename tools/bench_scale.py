#!/usr/bin/env python3
"""Scale benchmark (not a test): the graph at about 1k, 5k and 10k generated articles.

For each size it generates a corpus of varied diplomatic news (people from
kg/data/office_holders.csv in office on the story's date, invented ministers
and envoys, states, demonyms and capitals from kg/data/states.csv, eight kinds
of event in several phrasings, dates written many ways), then reports:

- bulk ingest: `kg ingest` of the whole corpus into a fresh store, articles/s,
  and the peak RSS of the ingest (its process tree: main process and workers);
- one more article: `kg ingest` of one new article into that store, seconds
  (a whole command: process start and spaCy load included);
- the store's size on disk (with anything the store keeps beside it);
- `kg serve`: its peak RSS (process tree) while answering the load below;
- who-met-whom: the saved query in-process on the embedded store, against a
  real Oxigraph server (`oxigraph serve`) holding the same quads (median of
  5, HTTP and JSON parsing included for the server), and through
  `/api/queries/who-met-whom` on `kg serve`;
- `/sparql` under 16 concurrent clients for a fixed time: req/s, p50 and p99
  latency and errors, for `kg serve` and for the Oxigraph server, and the ratio.

Everything runs on 127.0.0.1; every server is started here and stopped by its
PID; each load run is bounded in time and in requests.

    .venv/bin/python tools/bench_scale.py                     # 1000,5000,10000 (hours on 2 cores)
    .venv/bin/python tools/bench_scale.py --sizes 100,300     # a quick look
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
BIN = Path(sys.executable).parent

# ---------------------------------------------------------------- corpus --
GIVEN = ["Amara", "Bogdan", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Ilse", "Jorge",
         "Kaito", "Leila", "Mateus", "Nadia", "Oskar", "Priya", "Quentin", "Rasa", "Samir", "Tove",
         "Umar", "Vera", "Wanjiru", "Xavier", "Yara", "Zoltan", "Aiko", "Bruno", "Catalina", "Dmitri",
         "Esra", "Femi", "Greta", "Hamid", "Irina", "Jonas", "Kalani", "Lucia", "Milan", "Noor"]
FAMILY = ["Abara", "Bergström", "Castellanos", "Dlamini", "Eriksen", "Fonseca", "Gashi", "Haddad",
          "Ivanova", "Jovanovic", "Kowalczyk", "Lindqvist", "Mbeki", "Nakamura", "Okafor", "Petrov",
          "Quispe", "Rahimi", "Sandoval", "Tanaka", "Uribe", "Varga", "Wieczorek", "Yilmaz", "Zapata",
          "Achterberg", "Bianchi", "Cardoso", "Demir", "Esposito", "Fischer", "Gallagher", "Horvat",
          "Iqbal", "Jensen", "Kovac", "Laine", "Moreau", "Novak", "Ortega"]
OFFICES = ["Foreign Minister", "Defence Minister", "Trade Minister", "Deputy Foreign Minister",
           "Finance Minister", "Energy Minister", "National Security Adviser", "Ambassador"]
TOPICS = ["trade", "energy security", "regional stability", "climate finance", "migration",
          "grain exports", "maritime security", "nuclear cooperation", "debt relief", "fisheries",
          "counterterrorism", "a ceasefire", "visa rules", "rare earth supplies", "water sharing"]
AGREEMENTS = ["a trade agreement", "a memorandum of understanding on energy", "a defence cooperation pact",
              "an agreement on visa-free travel", "a fisheries accord", "a joint declaration on climate",
              "an extradition treaty", "a currency swap agreement"]
ITEMS = ["air defence systems", "artillery shells", "drones", "armoured vehicles", "patrol boats",
         "fighter jets", "ammunition"]
AID = ["humanitarian aid", "medical supplies", "food aid", "emergency relief", "vaccines"]
VENUES = ["on the sidelines of the United Nations General Assembly", "at a regional summit",
          "during a state dinner", "at the foreign ministry", "at the presidential palace"]
SOURCES = ["the foreign ministry said", "officials said", "state media reported",
           "a government spokesperson said", "according to a joint statement"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Corpus:
    """Stories generated from the gazetteer and office-holder data, with a seeded RNG."""

    def __init__(self, seed: int = 7):
        self.rnd = random.Random(seed)
        with open(DATA / "states.csv", encoding="utf-8") as f:
            self.states = [r for r in csv.DictReader(f)
                           if r["status"] == "un_member" and r["demonyms"] and r["capital"]]
        self.holders: dict[str, list[dict]] = {}
        with open(DATA / "office_holders.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r.get("person_label") and r.get("start"):
                    self.holders.setdefault(r["country_key"], []).append(r)

    def _in_office(self, state: dict, day: dt.date) -> list[tuple[str, str]]:
        """(title, name) of real office holders of the state on that day."""
        out = []
        for r in self.holders.get(state["key"], []):
            start, end = r["start"], r.get("end") or "9999"
            if start <= day.isoformat() and day.isoformat() < end:
                title = r["office_label"].split(" of ")[0]
                out.append((title, r["person_label"]))
        return out

    def person(self, state: dict, day: dt.date) -> tuple[str, str]:
        """(title, name): half the time a real holder in office, else an invented official."""
        real = self._in_office(state, day)
        if real and self.rnd.random() < 0.5:
            return self.rnd.choice(real)
        return (self.rnd.choice(OFFICES), f"{self.rnd.choice(GIVEN)} {self.rnd.choice(FAMILY)}")

    def when(self, day: dt.date) -> tuple[str, dt.date]:
        """A date phrase relative to the publication day, and the day it means."""
        r = self.rnd.random()
        if r < 0.3:
            back = self.rnd.randint(1, 6)
            d = day - dt.timedelta(days=back)
            return f"on {WEEKDAYS[d.weekday()]}", d
        if r < 0.55:
            d = day - dt.timedelta(days=self.rnd.randint(0, 40))
            return f"on {d.day} {MONTHS[d.month - 1]} {d.year}", d
        if r < 0.7:
            d = day - dt.timedelta(days=self.rnd.randint(0, 20))
            return f"on {MONTHS[d.month - 1]} {d.day}", d
        if r < 0.8:
            return "last week", day - dt.timedelta(days=7)
        if r < 0.9:
            return "earlier this month", day.replace(day=1)
        d = day + dt.timedelta(days=self.rnd.randint(3, 60))
        return f"next {MONTHS[d.month - 1]}" if d.month != day.month else "later this month", d

    def story(self, i: int) -> dict:
        rnd = self.rnd
        day = dt.date(2012, 1, 1) + dt.timedelta(days=rnd.randint(0, 365 * 13))
        s1, s2, s3 = rnd.sample(self.states, 3)
        (t1, p1), (t2, p2), (t3, p3) = self.person(s1, day), self.person(s2, day), self.person(s3, day)
        d1, d2, d3 = (s["demonyms"].split("|")[0] for s in (s1, s2, s3))
        c1, c2 = s1["capital"], s2["capital"]
        when, _ = self.when(day)
        topic, src = rnd.choice(TOPICS), rnd.choice(SOURCES)
        sur1, sur2 = p1.split()[-1], p2.split()[-1]
        lead = rnd.choice([
            f"{d1} {t1} {p1} met {d2} {t2} {p2} in {c2} {when} to discuss {topic}, {src}.",
            f"{p1}, {s1['name']}'s {t1.lower()}, held talks with {d2} counterpart {p2} {when} in {c2}.",
            f"{d2} {t2} {p2} hosted {d1} {t1} {p1} in {c2} {when}, and the two discussed {topic}.",
            f"{d1} {t1} {p1} arrived in {c2} {when} for a two-day visit, {src}.",
            f"{d1} {t1} {p1} spoke by phone with {d2} {t2} {p2} {when} about {topic}, {src}.",
            f"{s1['name']} and {s2['name']} signed {rnd.choice(AGREEMENTS)} in {c1} {when}, {src}.",
            f"{s1['name']} will deliver {rnd.choice(ITEMS)} to {s2['name']}, {d1} {t1} {p1} said {when}.",
            f"{d1} {t1} {p1} invited {d2} {t2} {p2} to visit {c1}, {src} {when}.",
        ])
        middle = rnd.sample([
            f"{sur1} and {sur2} also discussed {rnd.choice(TOPICS)} {rnd.choice(VENUES)}.",
            f"{sur2} said the talks were \"frank and constructive\".",
            f"{d3} {t3} {p3} is expected to join the next round of talks in {s3['capital']}.",
            f"{s3['name']} sent {rnd.choice(AID)} to {s2['name']} {self.when(day)[0]}, {rnd.choice(SOURCES)}.",
            f"{sur1} later travelled to {s3['capital']}, where {sur1} met {p3}.",
            f"The two sides agreed to meet again {self.when(day)[0]}.",
            f"Critics in {s1['name']} said the visit achieved little on {rnd.choice(TOPICS)}.",
            f"{p3} of {s3['name']} denied reports that {sur3} had met {sur1}." if (sur3 := p3.split()[-1]) else "",
        ], k=rnd.randint(2, 4))
        title = rnd.choice([f"{d1} and {d2} officials meet in {c2}", f"{p1} in {c2} for talks on {topic}",
                            f"{s1['name']}, {s2['name']} discuss {topic}", f"{sur1} meets {sur2}"])
        text = title + "\n\n" + " ".join([lead] + [m for m in middle if m])
        return {"id": f"scale-{i:06d}", "title": title, "text": text, "published": day.isoformat(),
                "url": f"https://news.example.org/scale/{i}"}


def write_corpus(path: Path, n: int, start: int = 0, seed: int = 7) -> None:
    corpus = Corpus(seed + start)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(start, start + n):
            f.write(json.dumps(corpus.story(i)) + "\n")


# -------------------------------------------------------------- measuring --
def tree_rss(pid: int) -> int:
    """Bytes resident in a process and all its descendants."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


class PeakRSS:
    """Samples the RSS of a process tree every 0.2 s in a thread; .peak in bytes."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def run_measured(cmd: list[str], env: dict, log: Path) -> tuple[float, int]:
    """Run a command; its wall time and the peak RSS of its process tree."""
    t0 = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
        sampler = PeakRSS(proc.pid)
        rc = proc.wait()
        peak = sampler.stop()
    if rc != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {rc}; see {log}")
    return time.perf_counter() - t0, peak


def disk_size(store: Path) -> int:
    """Bytes of the store folder and of anything beside it named after it (indexes, caches)."""
    total = 0
    for p in store.parent.iterdir():
        if p.name == store.name or p.name.startswith(store.name + "."):
            items = [p] if p.is_file() else [x for x in p.rglob("*") if x.is_file()]
            total += sum(x.stat().st_size for x in items)
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(15)


def sparql_post(port: int, path: str, query: str, conn=None):
    """POST a query (form-encoded) and read the JSON results; returns (status, bytes, conn)."""
    body = urllib.parse.urlencode({"query": query})
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/sparql-results+json"})
    r = conn.getresponse()
    return r.status, r.read(), conn


def load_test(port: int, path: str, query: str, clients: int, seconds: float,
              max_requests: int = 200_000) -> dict:
    """`clients` threads POSTing the query for `seconds` (and at most max_requests in all)."""
    from collections import Counter

    lat, errors, count, kinds = [], [0], [0], Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        conn = None
        while time.monotonic() < deadline:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            t = time.perf_counter()
            try:
                status, _, conn = sparql_post(port, path, query, conn)
                ok, kind = status == 200, f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, conn, kind = False, None, type(exc).__name__
            with lock:
                if ok:
                    lat.append(time.perf_counter() - t)
                else:
                    errors[0] += 1
                    kinds[kind] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000 if lat else float("nan")
    return {"rps": len(lat) / wall, "p50": q(0.5), "p99": q(0.99), "errors": errors[0], "n": len(lat),
            "kinds": ", ".join(f"{k}: {v}" for k, v in kinds.most_common())}


def median_time(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# ------------------------------------------------------------------- run --
def bench_size(n: int, work: Path, args) -> dict:
    from kg.queries import get_query

    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    log = work / "log.txt"
    corpus, extra = work / f"corpus-{n}.jsonl", work / f"one-more-{n}.jsonl"
    write_corpus(corpus, n)
    write_corpus(extra, 1, start=n)
    store = work / f"store-{n}"
    kg = [str(BIN / "kg"), "--store", str(store)]
    row = {"articles": n}

    secs, peak = run_measured(kg + ["ingest", "--workers", str(args.workers), str(corpus)], env, log)
    row.update(ingest_rate=n / secs, ingest_s=secs, ingest_rss=peak)
    secs, _ = run_measured(kg + ["ingest", "--workers", "1", str(extra)], env, log)
    row["one_more_s"] = secs
    row["disk"] = disk_size(store)

    who = get_query("who-met-whom").text
    from kg.store import LocalStore

    local = LocalStore(store, read_only=True)
    row["quads"] = len(local)
    row["who_rows"] = len(local.query(who, max_rows=10**7, timeout=600).rows)
    row["who_embedded"] = median_time(lambda: local.query(who, max_rows=10**7, timeout=600))
    # Every quad, the default graph (the merge of the named graphs) included:
    # `kg export` leaves it out, since it is derived, but the server needs it.
    import pyoxigraph as ox

    dump = work / f"dump-{n}.nq"
    local._store.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    local.close()
    del local

    oxi_loc = work / f"oxigraph-{n}"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(oxi_loc), "--file", str(dump)],
                   check=True, capture_output=True, timeout=3600)
    dump.unlink()
    oport, kport = free_port(), free_port()
    oxi = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(oxi_loc),
                            "--bind", f"127.0.0.1:{oport}"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    serve = None
    try:
        wait_http("127.0.0.1", oport, "/query?query=ASK%7B%7D", oxi)
        status, body, _ = sparql_post(oport, "/query", who)
        got = len(json.loads(body)["results"]["bindings"]) if status == 200 else -1
        if got != row["who_rows"]:
            raise SystemExit(f"the Oxigraph server answered {got} rows (HTTP {status}), "
                             f"the embedded store {row['who_rows']}: not the same data")
        row["who_oxigraph"] = median_time(lambda: sparql_post(oport, "/query", who))
        row["oxi_load"] = load_test(oport, "/query", who, args.clients, args.seconds)

        with open(log, "ab") as out:
            serve = subprocess.Popen(kg + ["serve", "--host", "127.0.0.1", "--port", str(kport)],
                                     stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
        sampler = PeakRSS(serve.pid)
        wait_http("127.0.0.1", kport, "/sparql?query=ASK%7B%7D", serve)

        def api():
            c = http.client.HTTPConnection("127.0.0.1", kport, timeout=120)
            c.request("GET", "/api/queries/who-met-whom?format=json")
            c.getresponse().read()
            c.close()

        api()
        row["who_api"] = median_time(api)
        row["kg_load"] = load_test(kport, "/sparql", who, args.clients, args.seconds)
        row["serve_rss"] = sampler.stop()
    finally:
        if serve is not None:
            stop(serve)
        stop(oxi)
    return row


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; load average {load:.1f} at the start")


def table(rows: list[dict], args) -> str:
    mib = lambda b: f"{b / 2**20:,.0f} MiB"
    head = ["articles", "quads", "ingest art/s", "ingest peak RSS", "+1 article", "store on disk",
            "serve peak RSS", "who-met-whom rows", "embedded", "Oxigraph server", "kg API",
            f"/sparql req/s ({args.clients} clients)", "Oxigraph req/s", "ratio", "p50 / p99 ms", "errors"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        k, o = r["kg_load"], r["oxi_load"]
        out.append("| " + " | ".join([
            f"{r['articles']:,}", f"{r['quads']:,}", f"{r['ingest_rate']:.1f}", mib(r["ingest_rss"]),
            f"{r['one_more_s']:.1f} s", mib(r["disk"]), mib(r["serve_rss"]), f"{r['who_rows']:,}",
            f"{r['who_embedded'] * 1000:.0f} ms", f"{r['who_oxigraph'] * 1000:.0f} ms",
            f"{r['who_api'] * 1000:.0f} ms", f"{k['rps']:.1f}", f"{o['rps']:.1f}",
            f"{k['rps'] / o['rps']:.2f}" if o["rps"] else "-", f"{k['p50']:.0f} / {k['p99']:.0f}",
            f"{k['errors']}" + (f" ({k['kinds']})" if k["kinds"] else "") + f"; Oxigraph {o['errors']}"]) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes for the bulk ingest")
    ap.add_argument("--clients", type=int, default=16, help="concurrent /sparql clients")
    ap.add_argument("--seconds", type=float, default=20.0, help="length of each load run")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the stores (default: a temp dir)")
    ap.add_argument("--sample", type=int, metavar="N", help="print N generated articles and stop")
    args = ap.parse_args()
    if args.sample:
        c = Corpus()
        for i in range(args.sample):
            print(json.dumps(c.story(i), ensure_ascii=False, indent=1))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(machine(), flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-scale-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            t = time.perf_counter()
            rows.append(bench_size(n, work, args))
            print(f"size {n:,} done in {time.perf_counter() - t:.0f} s", flush=True)
            print(table(rows[-1:], args), flush=True)
    print()
    print(table(rows, args))
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"\n+1 article at {b['articles']:,} / at {a['articles']:,}: {b['one_more_s'] / a['one_more_s']:.2f}x; "
              f"ingest peak RSS {b['ingest_rss'] / a['ingest_rss']:.2f}x")


if __name__ == "__main__":
    main()
