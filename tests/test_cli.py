"""The `kg` command line as users run it: real subprocesses, real files."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES, kg_command

COMMANDS = ["extract", "ingest", "export", "query", "queries", "serve", "validate"]


def kg(*args, cwd=None, check=False):
    return subprocess.run(kg_command() + list(args), capture_output=True, text=True, cwd=cwd,
                          check=check, timeout=300)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    res = kg(command, "--help")
    assert res.returncode == 0, res.stderr
    assert "Usage:" in res.stdout


def test_query_does_not_load_spacy():
    code = ("import sys; from click.testing import CliRunner; from kg.cli import main; "
            "r = CliRunner().invoke(main, ['queries']); assert r.exit_code == 0, r.output; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_extract_skips_bad_articles_names_them_and_fails(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"id": "empty", "text": "  "}), encoding="utf-8")
    out = tmp_path / "out"
    res = kg("extract", str(SAMPLES / "oslo-santiago-talks.txt"), str(bad), str(empty), "-o", str(out))
    assert res.returncode != 0
    assert "broken.json" in res.stderr and "not valid JSON" in res.stderr
    assert "empty.json" in res.stderr and "'text'" in res.stderr
    assert "Traceback" not in res.stderr
    assert (out / "oslo-santiago-talks.ttl").exists()


def test_json_id_names_the_output_file(tmp_path):
    f = tmp_path / "whatever.json"
    f.write_text(json.dumps({"id": "story-42", "text": "The French president met the Kenyan president in Paris.",
                             "published": "2024-02-01"}), encoding="utf-8")
    res = kg("extract", str(f), "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "story-42.ttl").exists()


def test_ingest_query_export_round_trip(tmp_path):
    store = str(tmp_path / "store")
    res = kg("--store", store, "ingest", str(SAMPLES))
    assert res.returncode == 0, res.stderr
    assert "ingested 4 article(s)" in res.stderr
    again = kg("--store", store, "ingest", str(SAMPLES))
    assert "skipped 4 unchanged" in again.stderr
    rows = kg("--store", store, "query", "who-met-whom", "--format", "json")
    assert rows.returncode == 0, rows.stderr
    data = json.loads(rows.stdout)
    pairs = {frozenset((b["aLabel"]["value"], b["bLabel"]["value"])) for b in data["results"]["bindings"]}
    assert frozenset({"Ingrid Halvorsen", "Tomás Araya"}) in pairs
    exported = tmp_path / "all.trig"
    res = kg("--store", store, "export", "-o", str(exported), "--format", "trig")
    assert res.returncode == 0, res.stderr
    assert "graph/article/oslo-santiago-talks" in exported.read_text(encoding="utf-8")


def test_query_user_mistakes_are_one_line_errors(tmp_path):
    res = kg("--store", str(tmp_path / "s"), "query", "no-such-query")
    assert res.returncode != 0 and "no saved query" in res.stderr and "Traceback" not in res.stderr
    res = kg("--store", str(tmp_path / "s"), "query", "who-met-whom", "--param", "from=yesterday")
    assert res.returncode != 0 and "not a date" in res.stderr and "Traceback" not in res.stderr
    res = kg("--store", str(tmp_path / "s"), "query", "who-met-whom", "--param", "oops")
    assert res.returncode != 0 and "NAME=VALUE" in res.stderr


def test_validate_passes_on_the_ontology():
    res = kg("validate", cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "consistent" in res.stdout
