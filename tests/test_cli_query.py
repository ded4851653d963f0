"""`kg query`: the table format never cuts a value, and `--help` lists the saved queries'
parameters; articles longer than spaCy reads at once are refused with a clear sentence."""
from __future__ import annotations

import json
import re
import subprocess

from rdflib import Literal, URIRef

from conftest import kg_command
from kg.articles import MAX_CHARS, ArticleError, from_record, read_articles
from kg.queries import all_queries
from kg.results import QueryResult, to_table

EVENT = "https://w3id.org/dipkg/id/event/merged/meeting/2023-09-13/kim-jong-un--vladimir-putin-and-a-long-tail"


def test_table_shortens_iris_with_prefixes_and_wraps_instead_of_cutting():
    a, b = URIRef(EVENT + "/14"), URIRef(EVENT + "/15")
    long_text = Literal("word " * 30 + "end")
    res = QueryResult(kind="select", vars=["event", "note"],
                      rows=[{"event": a, "note": long_text}, {"event": b}])
    table = to_table(res)
    lines = table.splitlines()
    assert all(len(line) <= 60 + 2 + 60 for line in lines)
    # each value can be read back whole from its column, continuation lines included
    width = lines[1].index("  ")
    column = [line[:width].strip() for line in lines[2:-2]]
    joined = "".join(column)
    assert "id:" + EVENT.split("/id/", 1)[1] + "/14" in joined and joined.endswith("/15")
    notes = " ".join(line[width + 2:].strip() for line in lines[2:-2] if line[width + 2:].strip())
    assert notes == str(long_text).strip()
    assert lines[-2] == "(2 rows)"
    assert lines[-1] == "prefixes: id: <https://w3id.org/dipkg/id/>"


def test_table_keeps_iris_without_a_prefix_whole():
    odd = URIRef("http://example.org/a/very/long/path/" + "x" * 80)
    table = to_table(QueryResult(kind="select", vars=["x"], rows=[{"x": odd}]))
    assert "".join(line.strip() for line in table.splitlines()[2:-1]) == str(odd)
    assert "prefixes" not in table


def test_kg_query_table_end_to_end(tmp_path):
    from conftest import make_sample_facts
    from kg.mapping import to_graph

    data = tmp_path / "sample.ttl"
    to_graph(make_sample_facts()).serialize(destination=str(data), format="turtle")
    out = subprocess.run(kg_command() + ["query", "who-met-whom", "--data", str(data)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert re.search(r"^id:event/sample-1/\d+\s", out.stdout, re.M)
    assert "id:person/ingrid-halvorsen" in out.stdout and "id:article/sample-1" in out.stdout
    assert out.stdout.rstrip().endswith("prefixes: id: <https://w3id.org/dipkg/id/>")


def test_query_help_lists_every_saved_query_and_its_parameters():
    out = subprocess.run(kg_command() + ["query", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Saved queries (NAME) and their parameters (--param NAME=VALUE):" in out.stdout
    for q in all_queries().values():
        assert f"  {q.name}: {q.title}" in out.stdout
        for p in q.params:
            assert re.search(rf"^\s+{re.escape(p.name)} \({p.type}", out.stdout, re.M), (q.name, p.name)


def test_an_article_too_long_for_the_parser_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("A headline\nPublished 1 March 2024\n" + "Talks went on. " * (MAX_CHARS // 15 + 10),
                    encoding="utf-8")
    (tmp_path / "short.txt").write_text("Short\nPublished 1 March 2024\nThey met.", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert len(errors) == 1 and len(items) == 2          # the other article is still read
    msg = str(errors[0])
    assert msg.startswith(str(path) + ": the text is 1,0")
    assert "more than the 1,000,000" in msg and "split it into parts" in msg and "E088" not in msg
    record = {"text": "x" * (MAX_CHARS + 1), "id": "big"}
    try:
        from_record(record, "the form", "big")
    except ArticleError as exc:
        assert "1,000,001 characters" in str(exc)
    else:
        raise AssertionError("a record longer than the limit was accepted")
    assert from_record({"text": "x" * MAX_CHARS}, "the form", "ok").id == "ok"
    json.dumps(record)     # the record itself is plain data; nothing was truncated
