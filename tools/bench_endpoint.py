"""Load test of `/sparql` (or a saved-query URL) against an Oxigraph server holding the same quads.

    .venv/bin/python tools/bench_endpoint.py --store kg-data                 # 16 clients, 10 s each side
    .venv/bin/python tools/bench_endpoint.py --store kg-data --path /api/queries/who-met-whom
    .venv/bin/python tools/bench_endpoint.py --store kg-data --clients 1 --seconds 5
    .venv/bin/python tools/bench_endpoint.py --store kg-data --rounds 3 --checkout /tmp/old   # an older commit

Both servers run on 127.0.0.1 on free ports, one after the other (never at
the same time, so they do not share the CPU), and are stopped by their PIDs:
first `kg serve` on the store, then `oxigraph serve` on the same store folder
(the store keeps its default graph as the merge of the named graphs, so the
plain Oxigraph server answers the same query with the same rows; the script
checks that). Each client is a thread with one keep-alive HTTP/1.1
connection that sends the query again as soon as the last answer is read.
Every run is bounded by `--seconds`; requests have a 30 s client timeout.

The report gives requests per second, latency percentiles and errors for each
side and the ratio kg/Oxigraph. Targets (issue 11): ratio >= 0.7, p99 < 1 s,
0 errors. `--path` benchmarks any URL of `kg serve` alone (for example a
saved query), without the Oxigraph side.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUERY = """PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?meeting ?person ?label WHERE {
  ?meeting a dkg:Meeting ; dkg:participant ?person .
  ?person rdfs:label ?label
}"""
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not answer within {timeout:g} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def settle(pid: int, within: float = 90.0) -> None:
    """Wait until the server and its workers have started and are idle (kg serve starts its
    query workers in the background, one by one; their start must not be counted)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        pids = [pid, *children(pid)]
        before = {p: cpu_seconds(p) for p in pids}
        time.sleep(1.0)
        busy = sum(cpu_seconds(p) - c for p, c in before.items())
        if busy < 0.1 and sorted(pids) == sorted([pid, *children(pid)]):
            return


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)


def start_kg(store: Path, port: int, threads: int | None, checkout: Path | None = None) -> subprocess.Popen:
    """`kg serve` of this checkout, or of another one (`--checkout`, e.g. a `git archive` of an older commit)."""
    cmd = [sys.executable, "-m", "kg.cli", "--store", str(store), "serve", "--host", "127.0.0.1",
           "--port", str(port)]
    if threads:
        cmd += ["--threads", str(threads)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if checkout:
        env["PYTHONPATH"] = str(checkout)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            cwd=str(checkout or ROOT))
    wait_for(port, "/sparql?query=ASK%7B%7D", proc)
    return proc


def start_oxigraph(store: Path, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).parent / "oxigraph"
    exe = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not exe:
        raise SystemExit("the oxigraph CLI is not installed (pip install oxigraph)")
    proc = subprocess.Popen([exe, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--timeout-s", "10"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port, "/query?query=ASK%7B%7D", proc)
    return proc


class Target:
    def __init__(self, port: int, path: str, query: str | None, method: str):
        self.port, self.method = port, method
        if query is None:
            self.url, self.body, self.headers = path, None, {"Accept": ACCEPT}
        elif method == "GET":
            self.url = path + "?" + urllib.parse.urlencode({"query": query})
            self.body, self.headers = None, {"Accept": ACCEPT}
        else:
            self.url, self.body = path, query.encode()
            self.headers = {"Accept": ACCEPT, "Content-Type": "application/sparql-query"}

    def fetch(self, conn: http.client.HTTPConnection) -> tuple[int, bytes]:
        conn.request(self.method if self.body is not None else "GET", self.url, body=self.body,
                     headers=self.headers)
        resp = conn.getresponse()
        return resp.status, resp.read()


def load(target: Target, clients: int, seconds: float) -> dict:
    """`clients` threads sending requests back to back for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
        mine, bad = [], []
        start.wait()
        while time.monotonic() < stop_at[0]:
            t = time.monotonic()
            try:
                status, _ = target.fetch(conn)
                if status != 200:
                    bad.append(f"HTTP {status}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
            mine.append(time.monotonic() - t)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pct(0.50),
            "p90": pct(0.90), "p99": pct(0.99), "max": latencies[-1] if latencies else float("nan"),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:5]}


def rows(target: Target) -> tuple[int, set]:
    conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
    status, body = target.fetch(conn)
    conn.close()
    if status != 200:
        raise SystemExit(f"the query failed with HTTP {status}: {body[:300]!r}")
    data = json.loads(body)
    bindings = data["results"]["bindings"]
    return len(bindings), {tuple(sorted((k, v["value"]) for k, v in b.items())) for b in bindings}


def side(name: str, proc_start, target: Target, args) -> tuple[dict, tuple]:
    proc = proc_start()
    try:
        answer = rows(target) if target.body is not None or target.method == "GET" else (0, set())
        for _ in range(20):                                   # warm-up
            conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
            target.fetch(conn)
            conn.close()
        single = []
        conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
        for _ in range(args.single):
            t = time.monotonic()
            target.fetch(conn)
            single.append(time.monotonic() - t)
        conn.close()
        single.sort()
        settle(proc.pid)
        main_cpu, kids_cpu = cpu_seconds(proc.pid), {k: cpu_seconds(k) for k in children(proc.pid)}
        stats = load(target, args.clients, args.seconds)
        n = max(stats["requests"], 1)
        stats["cpu_main"] = (cpu_seconds(proc.pid) - main_cpu) / n
        # workers started during the run count whole (their start is part of the cost)
        stats["cpu_workers"] = sum(cpu_seconds(k) - kids_cpu.get(k, 0.0) for k in children(proc.pid)) / n
        stats["single_p50"] = single[len(single) // 2] if single else float("nan")
        return stats, answer
    finally:
        stop(proc)


def show(name: str, s: dict) -> None:
    print(f"{name:10} {s['rps']:8.1f} req/s  p50 {s['p50'] * 1000:6.1f} ms  p90 {s['p90'] * 1000:6.1f} ms  "
          f"p99 {s['p99'] * 1000:6.1f} ms  max {s['max'] * 1000:6.1f} ms  errors {s['errors']}"
          f"{' ' + ','.join(s['error_kinds']) if s['errors'] else ''}  "
          f"(one client: {s['single_p50'] * 1000:.1f} ms; {s['requests']} requests)")
    workers = f" + workers {s['cpu_workers'] * 1000:.2f} ms" if s["cpu_workers"] else ""
    print(f"{'':10} server CPU per request: {s['cpu_main'] * 1000:.2f} ms{workers}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True, type=Path, help="the store folder (kg-data)")
    ap.add_argument("--query", help="SPARQL query text or @file (default: meetings with participants)")
    ap.add_argument("--path", help="benchmark this URL of kg serve instead (no Oxigraph side)")
    ap.add_argument("--method", choices=["GET", "POST"], default="POST")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each load run (max 20)")
    ap.add_argument("--single", type=int, default=30, help="one-client requests before the load run")
    ap.add_argument("--threads", type=int, help="pass --threads to kg serve")
    ap.add_argument("--checkout", type=Path,
                    help="serve the kg code of this folder instead (e.g. `git archive OLD | tar -x -C DIR`)")
    ap.add_argument("--only", choices=["kg", "oxigraph"], help="run one side only")
    ap.add_argument("--rounds", type=int, default=1,
                    help="alternate the two sides this many times (the machine's other load varies)")
    args = ap.parse_args()
    args.seconds = min(args.seconds, 20.0)
    if not (args.store / "CURRENT").exists():
        raise SystemExit(f"{args.store} is not a store folder (run `kg ingest` first)")
    query = args.query or DEFAULT_QUERY
    if query.startswith("@"):
        query = Path(query[1:]).read_text()
    port = free_port()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}; "
          f"{args.clients} client(s), {args.seconds:g} s per side, {args.method}")
    if args.path:
        stats, _ = side("kg", lambda: start_kg(args.store, port, args.threads, args.checkout),
                        Target(port, args.path, None, "GET"), args)
        show("kg " + args.path, stats)
        return
    ratios, met_all = [], True
    for n in range(args.rounds):
        if args.rounds > 1:
            print(f"-- round {n + 1} of {args.rounds}")
        results = {}
        if args.only in (None, "kg"):
            results["kg"] = side("kg", lambda: start_kg(args.store, port, args.threads, args.checkout),
                                 Target(port, "/sparql", query, args.method), args)
            show("kg serve", results["kg"][0])
        if args.only in (None, "oxigraph"):
            results["oxigraph"] = side("oxigraph", lambda: start_oxigraph(args.store, port),
                                       Target(port, "/query", query, args.method), args)
            show("oxigraph", results["oxigraph"][0])
        if len(results) == 2:
            (kg, kg_rows), (ox, ox_rows) = results["kg"], results["oxigraph"]
            same = kg_rows == ox_rows
            print(f"rows: kg {kg_rows[0]}, oxigraph {ox_rows[0]}, {'same rows' if same else 'DIFFERENT ROWS'}")
            ratio = kg["rps"] / ox["rps"] if ox["rps"] else float("nan")
            met = ratio >= 0.7 and kg["p99"] < 1.0 and kg["errors"] == 0 and same
            met_all = met_all and kg["p99"] < 1.0 and kg["errors"] == 0 and same
            ratios.append(ratio)
            cpu_ratio = ox["cpu_main"] / (kg["cpu_main"] + kg["cpu_workers"])
            print(f"ratio kg/oxigraph: {ratio:.2f} req/s (target >= 0.7, p99 < 1 s, 0 errors): "
                  f"{'met' if met else 'NOT met'}; server CPU per request oxigraph/kg: {cpu_ratio:.2f}")
    if len(ratios) > 1:
        ratios.sort()
        median = ratios[len(ratios) // 2]
        print(f"median ratio over {len(ratios)} rounds: {median:.2f} "
              f"(min {ratios[0]:.2f}, max {ratios[-1]:.2f}): "
              f"{'met' if median >= 0.7 and met_all else 'NOT met'}")


if __name__ == "__main__":
    main()
