"""Shared fixtures: sample facts built by hand (no spaCy), a real store, paths.

Each engineer adds fixtures here; keep them small and documented.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples" / "articles"
SEED_DIR = SHARED / "corpus" / "seed"


def kg_command() -> list[str]:
    """The installed `kg` console script of this environment."""
    exe = Path(sys.executable).parent / "kg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def needs_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside checkouts and in CI)")
    return path


def make_sample_facts(article_id: str = "sample-1"):
    """Two invented ministers meet in a capital; one invites the other; a pledge of aid."""
    from kg.articles import Article
    from kg.facts import (ArticleFacts, Entity, Event, Evidence, Mention, OfficeHolding,
                          TimeValue)

    text = ("Norwegian Foreign Minister Ingrid Halvorsen met Chilean Foreign Minister "
            "Tomás Araya in Santiago last September. Halvorsen invited Araya to Oslo.")
    art = Article(id=article_id, text=text, title="Ministers meet", published="2024-01-21",
                  url="https://news.example.org/sample")
    f = ArticleFacts(article=art, extractor="hand-built test facts")

    def ent(key, kind, label, start=None, subtype=None, country=None, qid=None):
        mentions = [Mention(start, start + len(label), label)] if start is not None else []
        f.entities[key] = Entity(key, kind, label, aliases=[label], mentions=mentions,
                                 subtype=subtype, country=country, qid=qid)

    ent("state/norway", "State", "Norway", qid="Q20")
    ent("state/chile", "State", "Chile", qid="Q298")
    ent("person/ingrid-halvorsen", "Person", "Ingrid Halvorsen", text.index("Ingrid"))
    ent("person/tomas-araya", "Person", "Tomás Araya", text.index("Tomás"))
    ent("place/santiago", "Place", "Santiago", text.index("Santiago"), subtype="City",
        country="state/chile")
    ent("place/oslo", "Place", "Oslo", text.index("Oslo"), subtype="City", country="state/norway")
    first = text.index(".") + 1
    ev1 = Evidence(0, first, text[:first], 0, 0, first, 0.8)
    ev2 = Evidence(first + 1, len(text), text[first + 1:], 1, first + 1, len(text), 0.7)
    meeting = Event(kind="Meeting", status="occurred", place="place/santiago", mode="in-person",
                    time=TimeValue("last September", "2023-09", "month", "2024-01-21",
                                   text.index("last"), text.index("last") + 14,
                                   "2023-09-01", "2023-09-30"), evidence=ev1)
    meeting.add("participant", "person/ingrid-halvorsen")
    meeting.add("participant", "person/tomas-araya")
    invitation = Event(kind="Invitation", status="extended", evidence=ev2)
    invitation.add("inviter", "person/ingrid-halvorsen")
    invitation.add("invitee", "person/tomas-araya")
    invitation.add("destination", "place/oslo")
    statement = Event(kind="Statement", status="occurred", evidence=ev2,
                      quote="Araya is welcome in Oslo", attribution="state/norway")
    statement.add("speaker", "person/ingrid-halvorsen")
    f.events += [meeting, invitation, statement]
    f.offices += [OfficeHolding("person/ingrid-halvorsen", "Foreign Minister", "state/norway", evidence=ev1),
                  OfficeHolding("person/tomas-araya", "Foreign Minister", "state/chile", evidence=ev1)]
    return f


@pytest.fixture
def sample_facts():
    return make_sample_facts()


@pytest.fixture
def sample_store(tmp_path):
    """A real on-disk Oxigraph store holding the sample article and the ontology."""
    from kg.mapping import to_graph
    from kg.store import LocalStore
    from kg.validate import load_ontology_graph

    store = LocalStore(tmp_path / "store")
    store.replace_graphs([to_graph(make_sample_facts())])
    store.load_ontology(load_ontology_graph())
    return store


@pytest.fixture(scope="session")
def extractor():
    """The real rule extractor (loads spaCy once per test session)."""
    from kg.extract import get_extractor

    return get_extractor("rules")


# --------------------------------------------------------------------------
# Web UI (tests/test_web_*.py, tests/test_browser_*.py)
# --------------------------------------------------------------------------
XSS_TITLE = "<script>alert('title')</script> Summit <img src=x onerror=alert('title-img')>"
XSS_AGREEMENT = "<img src=x onerror=alert('agreement')> accord"
XSS_TEXT = ("Eve <img src=x onerror=alert('text')> met Mallory in Geneva on 1 March 2024. "
            "She said <script>alert('body')</script> nothing.")


def make_web_facts():
    """Articles for the web pages: two real-looking meetings, a visit, a transfer, an XSS article."""
    from kg.articles import Article
    from kg.facts import (ArticleFacts, Entity, Event, Evidence, Mention, OfficeHolding,
                          TimeValue)

    out = []

    def article(aid, title, published, text, url=None):
        f = ArticleFacts(article=Article(id=aid, text=text, title=title, published=published, url=url),
                         extractor="hand-built web test facts")
        out.append(f)
        return f

    def ent(f, key, kind, label, qid=None, subtype=None, country=None, surface=None):
        text = f.article.text
        word = surface or label
        mentions, start = [], text.find(word)
        while start >= 0:
            mentions.append(Mention(start, start + len(word), word))
            start = text.find(word, start + 1)
        f.entities[key] = Entity(key, kind, label, aliases=[label], mentions=mentions, qid=qid,
                                 subtype=subtype, country=country)

    def sentence(f, n):
        text = f.article.text
        bounds, start = [], 0
        for part in text.split(". "):
            end = start + len(part) + (1 if start + len(part) < len(text) else 0)
            bounds.append((start, min(end, len(text))))
            start = start + len(part) + 2
        b, e = bounds[n]
        return Evidence(b, e, text[b:e], n, b, e, 0.9)

    def day(f, words, iso):
        s = f.article.text.index(words)
        return TimeValue(words, iso, "day", f.article.published, s, s + len(words), iso, iso)

    # 1. Putin and Xi in Beijing
    f = article("beijing-talks", "Putin and Xi meet in Beijing", "2024-05-16",
                "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on 16 May 2024. "
                "The two leaders signed a joint statement on a new era of partnership.",
                "https://news.example.org/beijing-talks")
    ent(f, "person/vladimir-putin", "Person", "Vladimir Putin", qid="Q7747")
    ent(f, "person/xi-jinping", "Person", "Xi Jinping", qid="Q15031")
    ent(f, "state/russia", "State", "Russia", qid="Q159", surface="Russian")
    ent(f, "state/china", "State", "China", qid="Q148", surface="Chinese")
    ent(f, "place/beijing", "Place", "Beijing", subtype="City", country="state/china")
    meeting = Event("Meeting", status="occurred", place="place/beijing", mode="in-person",
                    time=day(f, "16 May 2024", "2024-05-16"), evidence=sentence(f, 0),
                    trigger=Mention(f.article.text.index("met"), f.article.text.index("met") + 3, "met"))
    meeting.add("participant", "person/vladimir-putin")
    meeting.add("participant", "person/xi-jinping")
    signing = Event("AgreementSigning", status="signed", name="Joint statement on a new era",
                    time=day(f, "16 May 2024", "2024-05-16"), evidence=sentence(f, 1))
    signing.add("signatory", "person/vladimir-putin")
    signing.add("signatory", "person/xi-jinping")
    signing.add("party", "state/russia")
    signing.add("party", "state/china")
    f.events += [meeting, signing]
    f.offices += [OfficeHolding("person/vladimir-putin", "President", "state/russia", start="2012-05-07",
                                evidence=sentence(f, 0)),
                  OfficeHolding("person/xi-jinping", "President", "state/china", start="2013-03-14",
                                evidence=sentence(f, 0))]

    # 2. Putin in Pyongyang: a meeting, a visit, an alleged transfer over a year
    f = article("pyongyang-visit", "Kim Jong-un hosts Putin in Pyongyang", "2024-06-19",
                "North Korean leader Kim Jong-un met Vladimir Putin in Pyongyang on 19 June 2024. "
                "Putin visited North Korea for the first time in 24 years. "
                "Russia received artillery shells from North Korea in 2023, officials alleged.",
                "https://news.example.org/pyongyang-visit")
    ent(f, "person/kim-jong-un", "Person", "Kim Jong-un", qid="Q56226")
    ent(f, "person/vladimir-putin", "Person", "Vladimir Putin", qid="Q7747")
    ent(f, "state/north-korea", "State", "North Korea", qid="Q423")
    ent(f, "state/russia", "State", "Russia", qid="Q159")
    ent(f, "place/pyongyang", "Place", "Pyongyang", subtype="City", country="state/north-korea")
    meeting = Event("Meeting", status="occurred", place="place/pyongyang",
                    time=day(f, "19 June 2024", "2024-06-19"), evidence=sentence(f, 0))
    meeting.add("participant", "person/kim-jong-un")
    meeting.add("participant", "person/vladimir-putin")
    visit = Event("Visit", status="occurred", time=day(f, "19 June 2024", "2024-06-19"),
                  evidence=sentence(f, 1))
    visit.add("visitor", "person/vladimir-putin")
    visit.add("destination", "state/north-korea")
    visit.add("host", "person/kim-jong-un")
    s = f.article.text.index("2023")
    transfer = Event("ArmsTransfer", status="alleged", item="artillery shells", evidence=sentence(f, 2),
                     time=TimeValue("2023", "2023", "year", "2024-06-19", s, s + 4, "2023-01-01", "2023-12-31"))
    transfer.add("supplier", "state/north-korea")
    transfer.add("recipient", "state/russia")
    f.events += [meeting, visit, transfer]
    f.offices += [OfficeHolding("person/kim-jong-un", "Supreme Leader", "state/north-korea",
                                evidence=sentence(f, 0))]

    # 3. An article whose title and text try to run script
    f = article("xss-test", XSS_TITLE, "2024-03-01", XSS_TEXT, "javascript:alert('url')")
    ent(f, "person/eve", "Person", "Eve")
    ent(f, "person/mallory", "Person", "Mallory")
    ent(f, "place/geneva", "Place", "Geneva", subtype="City")
    meeting = Event("Meeting", status="occurred", place="place/geneva",
                    time=day(f, "1 March 2024", "2024-03-01"), evidence=sentence(f, 0),
                    quote="<script>alert('quote')</script>")
    meeting.add("participant", "person/eve")
    meeting.add("participant", "person/mallory")
    signing = Event("AgreementSigning", status="signed", name=XSS_AGREEMENT, evidence=sentence(f, 1))
    signing.add("signatory", "person/eve")
    signing.add("signatory", "person/mallory")
    f.events += [meeting, signing]
    return out


def make_report_facts():
    """A second article on the Pyongyang trip, before it happened: the same meeting and
    visit as planned (so `kg.merge` joins them with pyongyang-visit's, in conflict), and
    Putin's 2000 visit, an outlier that the timeline's opening window leaves out."""
    from kg.articles import Article
    from kg.facts import ArticleFacts, Entity, Event, Evidence, Mention, TimeValue

    text = ("Vladimir Putin will meet Kim Jong-un in Pyongyang this week, the Kremlin said. "
            "Putin will visit North Korea for talks. "
            "Putin last visited North Korea in 2000.")
    f = ArticleFacts(article=Article(id="pyongyang-plans", text=text, published="2024-06-17",
                                     title="Kremlin says Putin will meet Kim in Pyongyang this week",
                                     url="https://news.example.org/pyongyang-plans"),
                     extractor="hand-built web test facts")

    def ent(key, kind, label, **kw):
        spots, at = [], text.find(label)
        while at >= 0:
            spots.append(Mention(at, at + len(label), label))
            at = text.find(label, at + 1)
        f.entities[key] = Entity(key, kind, label, aliases=[label], mentions=spots, **kw)

    ent("person/vladimir-putin", "Person", "Vladimir Putin", qid="Q7747")
    ent("person/kim-jong-un", "Person", "Kim Jong-un", qid="Q56226")
    ent("state/north-korea", "State", "North Korea", qid="Q423")
    ent("place/pyongyang", "Place", "Pyongyang", subtype="City", country="state/north-korea")
    ent("org/kremlin", "Organization", "Kremlin")
    ends = [text.index(". ") + 1, text.index("talks.") + 6, len(text)]
    starts = [0, ends[0] + 1, ends[1] + 1]
    ev = [Evidence(b, e, text[b:e], n, b, e, 0.8) for n, (b, e) in enumerate(zip(starts, ends))]
    week = text.index("this week")
    meeting = Event("Meeting", status="planned", place="place/pyongyang", attribution="org/kremlin",
                    time=TimeValue("this week", "2024-W25", "week", "2024-06-17", week, week + 9,
                                   "2024-06-17", "2024-06-23"), evidence=ev[0])
    meeting.add("participant", "person/vladimir-putin")
    meeting.add("participant", "person/kim-jong-un")
    visit = Event("Visit", status="planned", evidence=ev[1])
    visit.add("visitor", "person/vladimir-putin")
    visit.add("destination", "state/north-korea")
    y2000 = text.index("2000")
    earlier = Event("Visit", status="occurred", evidence=ev[2],
                    time=TimeValue("2000", "2000", "year", "2024-06-17", y2000, y2000 + 4,
                                   "2000-01-01", "2000-12-31"))
    earlier.add("visitor", "person/vladimir-putin")
    earlier.add("destination", "state/north-korea")
    f.events += [meeting, visit, earlier]
    return f


def build_web_store(path):
    from kg.mapping import to_graph
    from kg.store import LocalStore
    from kg.validate import load_ontology_graph

    store = LocalStore(path)
    store.replace_graphs([to_graph(f) for f in make_web_facts()])
    store.load_ontology(load_ontology_graph())
    return store


def build_merged_web_store(path):
    """The web articles plus the report of the trip in advance, merged as `kg ingest` leaves them."""
    from kg.mapping import to_graph
    from kg.merge import rebuild
    from kg.store import LocalStore
    from kg.validate import load_ontology_graph

    store = LocalStore(path)
    store.replace_graphs([to_graph(f) for f in make_web_facts() + [make_report_facts()]])
    store.load_ontology(load_ontology_graph())
    rebuild(store)
    return store


def make_web_app(store, **settings):
    """The real app (web.create_app) around `store`, with settings overridden."""
    from kg.config import Config
    from web import create_app

    cfg = Config(store=str(getattr(store, "path", "kg-data")), **settings)
    app = create_app(cfg, store=store)
    app.config["TESTING"] = True
    return app


@pytest.fixture(scope="session")
def web_store(tmp_path_factory):
    """A store with the web test articles (read-only use: tests must not write to it)."""
    return build_web_store(tmp_path_factory.mktemp("web") / "store")


@pytest.fixture
def app(web_store):
    return make_web_app(web_store)


@pytest.fixture
def client(app):
    return app.test_client()


def _serve(store):
    """The app served for real by waitress on a free loopback port; yields its base URL."""
    import threading

    from waitress.server import create_server

    app = make_web_app(store)
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="kg-test")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(web_store):
    """The app on the web test store, served for real by waitress on a loopback port."""
    yield from _serve(web_store)


@pytest.fixture(scope="session")
def merged_web_store(tmp_path_factory):
    """The web articles and a second report of the Pyongyang trip, with graph/merged built
    (read-only use)."""
    return build_merged_web_store(tmp_path_factory.mktemp("merged") / "store")


@pytest.fixture
def merged_client(merged_web_store):
    return make_web_app(merged_web_store).test_client()


@pytest.fixture(scope="session")
def merged_live_server(merged_web_store):
    """The app on the merged web store, served for real by waitress on a loopback port."""
    yield from _serve(merged_web_store)


# --------------------------------------------------------------------------
# SPARQL endpoint, saved-query API, remote stores (tests/test_sparql_protocol.py,
# test_w3c_protocol.py, test_sparqlwrapper.py, test_saved_query_api.py,
# test_injection.py, test_safety.py, test_remote_store.py)
# --------------------------------------------------------------------------
def make_kg_graphs():
    """Named graphs where every saved query has rows: the web articles plus the sample one."""
    from kg.mapping import to_graph

    return [to_graph(f) for f in make_web_facts() + [make_sample_facts()]]


def build_kg_store(path):
    from kg.store import LocalStore
    from kg.validate import load_ontology_graph

    store = LocalStore(path)
    store.replace_graphs(make_kg_graphs())
    store.load_ontology(load_ontology_graph())
    from kg.merge import rebuild

    rebuild(store)       # graph/reference and graph/merged, as `kg ingest` leaves them
    return store


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc=None, timeout: float = 30.0) -> None:
    """Poll `url` until it answers (any status), failing early if `proc` exits."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {out[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


def stop_process(proc) -> None:
    """Stop a server we started, by its PID: SIGTERM, then SIGKILL if it lingers."""
    import signal
    import subprocess

    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
    if proc.stdout:
        proc.stdout.close()


class KgServer:
    """`kg serve` run for real (waitress) on a free loopback port, stopped by its PID."""

    def __init__(self, store_dir, *args: str, env: dict | None = None):
        import subprocess

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            kg_command() + ["--store", str(store_dir), "serve", "--host", "127.0.0.1",
                            "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=full_env, cwd=str(ROOT))
        try:
            wait_for_http(self.url + "/sparql", self.proc)
        except Exception:
            stop_process(self.proc)
            raise

    def stop(self) -> None:
        stop_process(self.proc)


class OxigraphServer:
    """A real Oxigraph server (`oxigraph serve`) on a free loopback port, stopped by its PID.

    Plain, without --union-default-graph: the store keeps its default graph as
    the merge of the named graphs itself (kg.remote).
    """

    def __init__(self, location):
        import subprocess

        exe = Path(sys.executable).parent / "oxigraph"
        if not exe.exists():
            pytest.skip("the oxigraph CLI is not installed (pip install '.[test]')")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_url, self.update_url = self.url + "/query", self.url + "/update"
        self.proc = subprocess.Popen(
            [str(exe), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_for_http(self.url + "/query?query=ASK%7B%7D", self.proc)
        except Exception:
            stop_process(self.proc)
            raise

    def stop(self) -> None:
        stop_process(self.proc)


@pytest.fixture(scope="session")
def kg_store(tmp_path_factory):
    """A store with every kind of fact (read-only use: tests must not write to it)."""
    return build_kg_store(tmp_path_factory.mktemp("kg") / "store")


@pytest.fixture
def sparql_app(kg_store):
    """The real app around `kg_store`; its query workers are stopped afterwards."""
    from web.sparql import close_query_pool

    app = make_web_app(kg_store)
    yield app
    close_query_pool(app)


@pytest.fixture
def sparql_client(sparql_app):
    return sparql_app.test_client()


@pytest.fixture
def oxigraph_server(tmp_path):
    server = OxigraphServer(tmp_path / "oxigraph")
    yield server
    server.stop()


def build_kg_store_dir(path):
    """`build_kg_store`, closed again so that another process (`kg serve`) can open it."""
    import gc

    store = build_kg_store(path)
    store.close()
    del store
    gc.collect()
    return path


RUNAWAY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def child_pids(pid: int) -> list[int]:
    """The PIDs of a process's children (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------
# Cross-article identity, merging, linking, corpus ingest (issue #6)
# ---------------------------------------------------------------------------
WIKIDATA_FIXTURES = ROOT / "tests" / "fixtures" / "wikidata"


@pytest.fixture
def wikidata_endpoint(tmp_path):
    """A local Oxigraph server holding the Wikidata-shaped items of tests/fixtures/wikidata/.

    The data is loaded with `oxigraph load` before the server starts; the server
    is stopped by its PID afterwards. Its SPARQL endpoint is `.query_url`.
    """
    import subprocess

    exe = Path(sys.executable).parent / "oxigraph"
    if not exe.exists():
        pytest.skip("the oxigraph CLI is not installed (pip install '.[test]')")
    location = tmp_path / "wikidata"
    files = sorted(str(p) for p in WIKIDATA_FIXTURES.glob("*.ttl"))
    subprocess.run([str(exe), "load", "--location", str(location), "--file", *files],
                   check=True, capture_output=True, timeout=120)
    server = OxigraphServer(location)
    yield server
    server.stop()


def corpus_inputs() -> list[str]:
    """The seed article, the dev articles and the VOA stories (skips when ../shared is absent)."""
    seed = sorted(needs_shared("corpus", "seed").glob("*.txt"))
    dev = needs_shared("eval", "dev", "articles")
    voa = needs_shared("corpus", "voa", "voa_stories.jsonl")
    return [str(p) for p in seed] + [str(dev), str(voa)]


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """A store with the seed, dev and VOA corpora ingested (parallel workers, merged)."""
    from kg.ingest import ingest
    from kg.store import LocalStore

    inputs = corpus_inputs()
    store = LocalStore(tmp_path_factory.mktemp("corpus") / "store")
    summary = ingest(store, inputs, workers=2, echo=lambda m: None)
    store.summary = summary
    return store


# --------------------------------------------------------------------------
# Browser tests (tests/test_browser_*.py): one Chromium for the whole session
# --------------------------------------------------------------------------
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
NODE_MODULES = ROOT / "node_modules"


def _unavailable(reason: str):
    """Skip locally; fail where the browser is required (KG_REQUIRE_BROWSER=1, as in CI)."""
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (KG_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not (NODE_MODULES / "@zazuko" / "yasgui").is_dir():
        _unavailable("node_modules/ is not installed (npm ci)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
