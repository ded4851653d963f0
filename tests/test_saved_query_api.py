"""Saved queries as an API: `/api/queries/<name>` in every format, typed parameters, OpenAPI."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import make_web_app
from kg.queries import all_queries, get_query

QUERIES = sorted(all_queries())
PUTIN = "https://w3id.org/dipkg/id/person/vladimir-putin"
TABLE_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"}


def _rows(resp) -> list[dict]:
    data = json.loads(resp.data)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _count(resp, fmt: str) -> int:
    body = resp.data.decode()
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return len(ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}results"))
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(body)))) - 1
    return len(body.rstrip("\n").split("\n")) - 1


def test_list_of_queries(sparql_client):
    data = json.loads(sparql_client.get("/api/queries").data)
    assert [q["name"] for q in data] == QUERIES
    wmw = next(q for q in data if q["name"] == "who-met-whom")
    assert wmw["url"].endswith("/api/queries/who-met-whom")
    assert {"name": "person", "type": "person", "required": False,
            "description": "only meetings this person took part in"} in wmw["params"]


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_in_every_format(sparql_client, kg_store, name):
    expected = len(kg_store.query(get_query(name).text).rows)
    assert expected > 0, f"the test data should give {name} some rows"
    for fmt, mime in TABLE_TYPES.items():
        by_param = sparql_client.get(f"/api/queries/{name}", query_string={"format": fmt})
        by_accept = sparql_client.get(f"/api/queries/{name}", headers={"Accept": mime})
        for resp in (by_param, by_accept):
            assert resp.status_code == 200, resp.data
            assert resp.headers["Content-Type"] == f"{mime}; charset=utf-8"
            assert _count(resp, fmt) == expected
        assert by_param.data == by_accept.data


def test_parameters_by_iri_and_by_name(sparql_client):
    everything = _rows(sparql_client.get("/api/queries/who-met-whom"))
    by_iri = _rows(sparql_client.get("/api/queries/who-met-whom", query_string={"person": PUTIN}))
    by_name = _rows(sparql_client.get("/api/queries/who-met-whom",
                                      query_string={"person": "vladimir putin"}))
    assert 0 < len(by_iri) < len(everything)
    assert by_iri == by_name
    assert all(PUTIN in (r["a"], r["b"]) and r["person"] == PUTIN for r in by_iri)


def test_date_and_string_parameters(sparql_client):
    everything = _rows(sparql_client.get("/api/queries/who-met-whom"))
    since = _rows(sparql_client.get("/api/queries/who-met-whom", query_string={"from": "2024-05"}))
    assert 0 < len(since) < len(everything)
    assert all(r["date"] >= "2024-05" for r in since)
    until = _rows(sparql_client.get("/api/queries/who-met-whom",
                                    query_string={"from": "2024-05", "to": "2024-05-31"}))
    assert [r["date"] for r in until] == ["2024-05-16"]
    planned = _rows(sparql_client.get("/api/queries/who-met-whom", query_string={"only_status": "planned"}))
    occurred = _rows(sparql_client.get("/api/queries/who-met-whom", query_string={"only_status": "occurred"}))
    assert planned == [] and len(occurred) == len(everything)


@pytest.mark.parametrize("name, params, message", [
    ("who-met-whom", {"from": "last year"}, "is not a date"),
    ("who-met-whom", {"from": "2024-13"}, "is not a date"),
    ("who-met-whom", {"person": "Nobody At All"}, "no person named"),
    ("who-met-whom", {"person": "http://exa mple.org/x"}, "not an absolute http(s) IRI"),
    ("who-met-whom", {"person": "javascript:alert(1)"}, "no person named"),
    ("who-met-whom", {"nonsense": "1"}, "has no parameter 'nonsense'"),
    ("leaders", {"in_state": "Vladimir Putin"}, "no state named"),
    ("who-met-whom", {"format": "pdf"}, "format 'pdf' is not available"),
])
def test_bad_values_get_400_with_a_message(sparql_client, name, params, message):
    resp = sparql_client.get(f"/api/queries/{name}", query_string=params)
    assert resp.status_code == 400
    assert resp.mimetype == "text/plain"
    assert message in resp.data.decode()


def test_repeated_parameter_unknown_query_and_unacceptable_format(sparql_client):
    resp = sparql_client.get("/api/queries/who-met-whom?from=2024&from=2023")
    assert resp.status_code == 400 and b"given 2 times" in resp.data
    resp = sparql_client.get("/api/queries/no-such-query")
    assert resp.status_code == 404 and resp.mimetype == "text/plain"
    resp = sparql_client.get("/api/queries/who-met-whom", headers={"Accept": "text/html"})
    assert resp.status_code == 406


def test_truncation_is_flagged(kg_store):
    from web.sparql import close_query_pool

    app = make_web_app(kg_store, max_rows=1)
    try:
        resp = app.test_client().get("/api/queries/who-met-whom")
        assert resp.headers["X-KG-Truncated"] == "true"
        assert json.loads(resp.data)["truncated"] is True
        assert len(_rows(resp)) == 1
    finally:
        close_query_pool(app)


# ------------------------------------------------------------------- OpenAPI --
def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_openapi_document_describes_every_query(sparql_client):
    resp = sparql_client.get("/api/openapi.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    doc = json.loads(resp.data)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] and doc["info"]["version"]
    for name, q in all_queries().items():
        op = doc["paths"][f"/api/queries/{name}"]["get"]
        assert op["summary"] == q.title and op["description"] == q.description
        params = {p["name"]: p for p in op["parameters"]}
        assert set(params) == {p.name for p in q.params} | {"format"}
        for p in q.params:
            spec = params[p.name]
            assert spec["in"] == "query" and spec["required"] is p.required
            assert spec["schema"]["type"] == ("integer" if p.type == "integer" else "string")
            assert p.type in spec["description"]
        assert set(op["responses"]) >= {"200", "400", "406", "503"}
        assert "application/sparql-results+json" in op["responses"]["200"]["content"]
    dates = doc["paths"]["/api/queries/who-met-whom"]["get"]["parameters"]
    assert next(p for p in dates if p["name"] == "from")["schema"]["pattern"].startswith("^\\d{4}")
    ids = [op["operationId"] for path in doc["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[-1] in doc["components"]["schemas"]
