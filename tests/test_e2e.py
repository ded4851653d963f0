"""End to end: an article → `kg extract` → the who-met-whom row; and the same through the web page."""
import json
import subprocess

import pytest

from conftest import SAMPLES, SEED_DIR, kg_command, needs_shared


def run_kg(*args):
    return subprocess.run(kg_command() + list(args), capture_output=True, text=True, timeout=300)


def who_met_whom(ttl):
    res = run_kg("query", "who-met-whom", "--data", str(ttl), "--format", "json")
    assert res.returncode == 0, res.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(res.stdout)["results"]["bindings"]]


def test_sample_article_to_meeting_row(tmp_path):
    res = run_kg("extract", str(SAMPLES / "oslo-santiago-talks.txt"), "-o", str(tmp_path))
    assert res.returncode == 0, res.stderr
    rows = who_met_whom(tmp_path / "oslo-santiago-talks.ttl")
    match = [r for r in rows if {r["aLabel"], r["bLabel"]} == {"Ingrid Halvorsen", "Tomás Araya"}]
    assert match, rows
    r = match[0]
    assert r.get("placeLabel") == "Santiago"
    assert r.get("date") == "2024-03-12"          # "on Tuesday" in an article of Thursday 14 March
    assert r.get("status") == "occurred"


def test_seed_article_putin_kim_at_vostochny():
    needs_shared("corpus", "seed")
    [seed] = sorted(SEED_DIR.glob("*.txt"))
    import tempfile
    with tempfile.TemporaryDirectory() as out:
        res = run_kg("extract", str(seed), "-o", out)
        assert res.returncode == 0, res.stderr
        rows = who_met_whom(next(iter(__import__("pathlib").Path(out).glob("*.ttl"))))
    hits = [r for r in rows if {r["aLabel"], r["bLabel"]} == {"Vladimir Putin", "Kim Jong Un"}
            and r.get("date") == "2023-09"]
    assert hits, rows
    assert hits[0].get("placeLabel") == "Vostochny Cosmodrome"
    assert hits[0].get("status") == "occurred"


def test_same_row_through_the_web_page(tmp_path):
    from kg.config import Config
    from kg.store import LocalStore
    from web import create_app

    store_dir = tmp_path / "store"
    res = run_kg("--store", str(store_dir), "ingest", str(SAMPLES))
    assert res.returncode == 0, res.stderr
    cfg = Config(store=str(store_dir))
    app = create_app(cfg, store=LocalStore(store_dir))
    page = app.test_client().get("/queries/who-met-whom")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ingrid Halvorsen" in html and "Tomás Araya" in html and "Santiago" in html
    assert 'href="/id/person/ingrid-halvorsen"' in html
