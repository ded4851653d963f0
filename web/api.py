"""Saved queries as a typed HTTP API, described by OpenAPI 3.

`GET /api/queries/<name>?param=value` runs `queries/<name>.rq` with its
declared parameters checked and bound as RDF terms (kg.queries.bind), never
pasted into the text; the result comes in any format its query form allows,
by Accept or by `format=`. `GET /api/openapi.json` documents every query, so
clients can be generated and forms drawn from the same declarations.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from kg import __version__, conneg
from kg.queries import PARAM_TYPES, QueryError, SavedQuery, all_queries, bind, get_query, label_resolver

from .sparql import plain, query_failure, render_query, rendered_response, run_query

bp = Blueprint("api", __name__, url_prefix="/api")

RESERVED = {"format"}          # query-string names that are not query parameters


@bp.after_request
def cors(resp: Response) -> Response:
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Access-Control-Expose-Headers"] = "X-KG-Truncated, Content-Type"
    return resp


def _kind(q: SavedQuery) -> str:
    return {"SELECT": "select", "ASK": "ask"}.get(q.form, "graph")


@bp.get("/queries")
def list_queries():
    return jsonify([{
        "name": q.name, "title": q.title, "description": q.description, "form": q.form,
        "url": url_for("api.run_saved", name=q.name, _external=True),
        "params": [{"name": p.name, "type": p.type, "required": p.required,
                    "description": p.description} for p in q.params],
    } for q in all_queries().values()])


@bp.get("/queries/<name>")
def run_saved(name: str):
    try:
        saved = get_query(name)
    except QueryError as exc:
        return plain(404, str(exc))
    values = {}
    for key in request.args:
        if key in RESERVED:
            continue
        given = request.args.getlist(key)
        if len(given) > 1:
            return plain(400, f"parameter {key!r} is given {len(given)} times; give it once")
        values[key] = given[0]
    offers = conneg.offers_for(_kind(saved))
    try:
        fmt = conneg.choose(_kind(saved), request.headers.get("Accept"), request.args.get("format"),
                            strict=True)
    except conneg.UnknownFormat as exc:
        return plain(400, str(exc))
    if fmt is None:
        from .sparql import not_acceptable

        return not_acceptable(offers)
    try:
        bindings = bind(saved, values, label_resolver(lambda text, b: run_query(text, b)))
        rendered = render_query(saved.text, fmt, bindings)
    except Exception as exc:
        return query_failure(exc)
    return rendered_response(rendered, fmt)


# --------------------------------------------------------------- OpenAPI --
_SCHEMAS = {
    "iri": {"type": "string", "format": "uri", "pattern": "^https?://"},
    "string": {"type": "string"},
    "date": {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
    "integer": {"type": "integer"},
    "event": {"type": "string", "format": "uri", "pattern": "^https?://"},
}
_TABLE_SCHEMA = {"type": "object", "properties": {
    "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
    "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {
        "type": "object", "additionalProperties": {"$ref": "#/components/schemas/Term"}}}}},
    "boolean": {"type": "boolean"},
    "truncated": {"type": "boolean", "description": "present and true when rows were cut at max_rows"},
}}
_TERM_SCHEMA = {"type": "object", "required": ["type", "value"], "properties": {
    "type": {"type": "string", "enum": ["uri", "literal", "bnode"]}, "value": {"type": "string"},
    "xml:lang": {"type": "string"}, "datatype": {"type": "string"}}}
_TEXT = {"text/plain": {"schema": {"type": "string"}}}


def _parameter(p) -> dict:
    what = PARAM_TYPES[p.type][0]
    schema = dict(_SCHEMAS.get(p.type, {"type": "string"}))
    return {"name": p.name, "in": "query", "required": p.required, "schema": schema,
            "description": f"{p.description} ({p.type}: {what})".strip()}


def _operation(q: SavedQuery) -> dict:
    offers = conneg.offers_for(_kind(q))
    content = {}
    for f in offers:
        content[f.mime] = ({"schema": {"$ref": "#/components/schemas/SparqlResults"}}
                           if f.name == "json" else {"schema": {"type": "string"}})
    fmt = {"name": "format", "in": "query", "required": False,
           "description": "Result format; overrides the Accept header.",
           "schema": {"type": "string", "enum": [f.name for f in offers]}}
    return {
        "operationId": q.name.replace("-", "_"),
        "summary": q.title or q.name,
        "description": q.description,
        "tags": ["saved queries"],
        "parameters": [_parameter(p) for p in q.params] + [fmt],
        "responses": {
            "200": {"description": "The results. The header X-KG-Truncated: true says rows were cut.",
                    "headers": {"X-KG-Truncated": {"schema": {"type": "string", "enum": ["true"]}}},
                    "content": content},
            "400": {"description": "A parameter value is not of its type, or names nothing.",
                    "content": _TEXT},
            "406": {"description": "No acceptable format.", "content": _TEXT},
            "503": {"description": "The query ran past the time limit.", "content": _TEXT},
        },
    }


@bp.get("/openapi.json")
def openapi():
    paths = {f"/api/queries/{q.name}": {"get": _operation(q)} for q in all_queries().values()}
    paths["/api/queries"] = {"get": {
        "operationId": "list_queries", "summary": "The saved queries and their parameters",
        "tags": ["saved queries"],
        "responses": {"200": {"description": "One entry per saved query.",
                              "content": {"application/json": {"schema": {"type": "array",
                                                                          "items": {"type": "object"}}}}}}}}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Diplomatic knowledge graph: saved queries", "version": __version__,
                 "description": "Each saved SPARQL query as an operation. Parameters are typed and "
                                "bound as RDF terms; the SPARQL 1.1 endpoint itself is at /sparql."},
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": paths,
        "components": {"schemas": {"SparqlResults": _TABLE_SCHEMA, "Term": _TERM_SCHEMA}},
    }
    return jsonify(doc)
