"""Corpus ingest: streaming, worker processes, summary, skipping unchanged articles, and a
run killed with SIGKILL that, run again, gives the same store as an uninterrupted run."""
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections import Counter

import pytest

from kg import ingest as ingest_mod
from kg.articles import read_articles
from kg.extract import EXTRACTORS, register
from kg.facts import ArticleFacts, Entity, Event
from kg.ingest import ingest
from kg.store import LocalStore

from conftest import kg_command

# ------------------------------------------------------- invented articles --
STATES = [("Norway", "Norwegian", "Oslo"), ("Chile", "Chilean", "Santiago"), ("Kenya", "Kenyan", "Nairobi"),
          ("Japan", "Japanese", "Tokyo"), ("Brazil", "Brazilian", "Brasilia"), ("Egypt", "Egyptian", "Cairo"),
          ("Poland", "Polish", "Warsaw"), ("Vietnam", "Vietnamese", "Hanoi")]
FIRST = ["Ingrid", "Tomas", "Amina", "Kenji", "Lucia", "Omar", "Piotr", "Linh", "Erik", "Rosa"]
LAST = ["Halvorsen", "Araya", "Wanjiru", "Sato", "Ferreira", "Mansour", "Nowak", "Tran", "Lund", "Vidal"]


def write_articles(folder, n=30):
    """`n` short articles written for this test (invented people, real states)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b = STATES[i % len(STATES)], STATES[(i * 3 + 1) % len(STATES)]
        if a == b:
            b = STATES[(i + 1) % len(STATES)]
        p1 = f"{FIRST[i % 10]} {LAST[(i * 7) % 10]}"
        p2 = f"{FIRST[(i + 3) % 10]} {LAST[(i * 3 + 5) % 10]}"
        day = 1 + i % 27
        (folder / f"story-{i:02d}.txt").write_text(
            f"{a[0]} and {b[0]} ministers hold talks in {b[2]}\n"
            f"Published March {day}, 2024\n\n"
            f"{a[1]} Foreign Minister {p1} met {b[1]} Foreign Minister {p2} in {b[2]} on Tuesday "
            f"to discuss trade and energy, officials said. {p1} said the talks were useful. "
            f"The two ministers agreed to meet again in {a[2]} next year.\n", encoding="utf-8")
    return folder


# ---------------------------------------------------- a stand-in extractor --
CALLS = []


@register("test-fake")
def _fake(model=""):
    """Reads nothing: one meeting of two fixed people per article (no spaCy)."""
    def run(article):
        CALLS.append(article.id)
        if "EXPLODE" in article.text:
            raise ValueError("cannot parse this one")
        f = ArticleFacts(article=article, extractor="test-fake")
        for k, label in (("person/ann-lee", "Ann Lee"), ("person/bo-kim", "Bo Kim")):
            f.entities[k] = Entity(k, "Person", label)
        ev = Event(kind="Meeting")
        ev.add("participant", "person/ann-lee")
        ev.add("participant", "person/bo-kim")
        f.events.append(ev)
        return f
    return run


def quads(path):
    """Every quad of the store at `path`, blank nodes renamed, as a multiset of strings."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path))
    out = Counter(re.sub(r"_:[A-Za-z0-9]+", "_:b", str(q)) for q in store)
    del store
    gc.collect()
    return out


# ----------------------------------------------------------------- tests --
def _ingest_counting_reads(tmp_path, monkeypatch, **options):
    """Ingest 12 articles; for each article stored, how many had been read by then."""
    folder = write_articles(tmp_path / "in", 12)
    pulled = []

    def counting(paths):
        for item in read_articles(paths):
            pulled.append(item)
            yield item

    monkeypatch.setattr(ingest_mod, "read_articles", counting)
    at_store = []
    store = LocalStore(tmp_path / "s")
    summary = ingest(store, [str(folder)], extractor="test-fake", workers=1,
                     on_stored=lambda i: at_store.append(len(pulled)), **options)
    return summary, at_store


def test_articles_are_streamed_not_read_all_at_once(tmp_path, monkeypatch):
    summary, at_store = _ingest_counting_reads(tmp_path, monkeypatch, merge=False, batch=1)
    assert summary.articles == 12
    # each article was stored before the next one was even read
    assert at_store == list(range(1, 13))


def test_batches_bound_what_is_read_ahead_of_the_store(tmp_path, monkeypatch):
    summary, at_store = _ingest_counting_reads(tmp_path, monkeypatch, batch=5)
    assert summary.articles == 12 and len(at_store) == 12
    # batches of at most five: when the k-th article is stored, at most four more were read
    assert all(k <= n < k + 5 for k, n in enumerate(at_store, 1)), at_store
    assert "merged 12 event report(s)" in summary.text()


def test_summary_counts_facts_and_failures_with_reasons(tmp_path):
    folder = write_articles(tmp_path / "in", 3)
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "bad.txt").write_text("Headline\nPublished 2024-03-01\n\nEXPLODE\n", encoding="utf-8")
    with open(folder / "batch.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "j1", "text": "One story.", "published": "2024-03-02"}) + "\n")
        fh.write("{not json\n")
    store = LocalStore(tmp_path / "s")
    s = ingest(store, [str(folder)], extractor="test-fake", workers=1)
    assert (s.articles, s.failed, s.skipped) == (4, 3, 0)
    assert s.facts["Meeting"] == 4
    text = s.text()
    assert "ingested 4 article(s)" in text and "Meeting: 4" in text
    assert "empty.txt: the article has no text" in text
    assert "bad.txt: extraction failed (ValueError: cannot parse this one)" in text
    assert "batch.jsonl:2: not valid JSON" in text
    assert "merged 4 event report(s)" in text                  # graph/merged was rebuilt


def test_a_second_run_skips_unchanged_articles(tmp_path):
    folder = write_articles(tmp_path / "in", 5)
    store = LocalStore(tmp_path / "s")
    ingest(store, [str(folder)], extractor="test-fake", workers=1)
    before = len(store)
    CALLS.clear()
    again = ingest(store, [str(folder)], extractor="test-fake", workers=1)
    assert (again.articles, again.skipped, CALLS) == (0, 5, [])
    assert len(store) == before
    p = folder / "story-02.txt"
    p.write_text(p.read_text() + "A new last sentence.\n", encoding="utf-8")
    changed = ingest(store, [str(folder)], extractor="test-fake", workers=1)
    assert (changed.articles, changed.skipped, CALLS) == (1, 4, ["story-02"])


def test_one_id_for_two_different_articles_is_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("One\nPublished 2024-03-01\n\nFirst text.\n", encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text("Two\nPublished 2024-03-01\n\nOther text.\n", encoding="utf-8")
    s = ingest(LocalStore(tmp_path / "s"), [str(tmp_path / "a"), str(tmp_path / "b")],
               extractor="test-fake", workers=1, merge=False)
    assert s.articles == 1 and s.failed == 1 and "is used by another article" in s.failures[0]


def _run_kg(store, folder, *extra, timeout=600):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run(kg_command() + ["--store", str(store), "ingest", str(folder), *extra],
                          capture_output=True, text=True, timeout=timeout, env=env)


def _start_and_kill(store, folder, kill_at):
    """Run `kg ingest -v` and SIGKILL it once it has reported `kill_at` stored articles."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    proc = subprocess.Popen(kg_command() + ["--store", str(store), "ingest", str(folder),
                                            "--workers", "1", "-v"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    stored = 0
    deadline = time.monotonic() + 300
    try:
        for line in proc.stderr:
            if line.startswith("stored "):
                stored += 1
                if stored == kill_at:
                    os.kill(proc.pid, signal.SIGKILL)       # mid-way, without warning
                    break
            assert time.monotonic() < deadline, "the ingest never got going"
    finally:
        if proc.poll() is None:
            proc.wait(60)
        proc.stderr.close()
    return proc.returncode, stored


@pytest.mark.slow
def test_killed_run_then_rerun_equals_an_uninterrupted_run(tmp_path):
    folder = write_articles(tmp_path / "in", 30)
    whole, crashed = tmp_path / "whole", tmp_path / "crashed"

    done = _run_kg(whole, folder, "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "ingested 30 article(s)" in done.stderr

    for attempt, kill_at in enumerate((12, 4, 1)):
        # Under heavy load the reader may lag behind the run (its lines wait in the pipe);
        # if the run was over before the kill landed, start again and kill sooner.
        shutil.rmtree(crashed, ignore_errors=True)
        returncode, stored = _start_and_kill(crashed, folder, kill_at)
        if returncode == -signal.SIGKILL:
            break
    assert returncode == -signal.SIGKILL, "the run ended before it could be killed"
    partial = quads(crashed)
    hashes = sum(1 for q in partial if "#contentHash>" in q and "/graph/article/" in q)
    assert stored <= hashes <= 30           # every article reported stored was really stored

    again = _run_kg(crashed, folder, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert f"skipped {hashes} unchanged" in again.stderr
    assert quads(crashed) == quads(whole)


@pytest.mark.slow
def test_worker_processes_give_the_same_store(tmp_path):
    folder = write_articles(tmp_path / "in", 12)
    one, two = tmp_path / "one", tmp_path / "two"
    a = _run_kg(one, folder, "--workers", "1")
    b = _run_kg(two, folder, "--workers", "2")
    assert a.returncode == 0 and b.returncode == 0, (a.stderr, b.stderr)
    assert "ingested 12 article(s)" in b.stderr and "articles/s" in b.stderr
    assert quads(one) == quads(two)
