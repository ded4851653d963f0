"""`/sparql`: a SPARQL 1.1 Protocol endpoint that SPARQLWrapper, YASGUI and curl can rely on.

Queries come by GET, by POST form or by POST `application/sparql-query`;
updates by POST form or `application/sparql-update`, and only when the server
was started with a write token and the request bears it. Each query text is
checked once here (kg.safety, remembered per text), which also tells its form
and so its answer's format; then it runs through kg.querypool (dataset,
deadline, row cap) in a worker that is killed at the deadline, so a runaway
query cannot hold the server, and the worker sends back the answer already
serialised by Oxigraph. Errors are plain text: 400 bad request or refused
query, 401/403 updates, 405 method, 406 no acceptable format, 413 body too
large, 415 content type, 503 time limit.
"""
from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from flask import Blueprint, Response, current_app, redirect, request
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF
from werkzeug.exceptions import RequestEntityTooLarge

from kg import conneg
from kg.querypool import QueryPool, render_guarded, run_guarded
from kg.queries import QueryError
from kg.safety import QuerySyntaxError, UnsafeQuery, inspect_query, inspect_update
from kg.sparqltext import SparqlTextError, insert_using, sparql_iri, with_base
from kg.store import QueryTimeout, StoreError

bp = Blueprint("sparql", __name__)

EDITOR_URL = "/editor"
ALLOWED = "GET, HEAD, POST, OPTIONS"
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: Optional[dict] = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def plain(status: int, message: str, headers: Optional[dict] = None) -> Response:
    resp = Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


# ------------------------------------------------------- running queries --
_pool_lock = threading.Lock()


def query_pool(app=None) -> Optional[QueryPool]:
    """The app's worker pool for its store (None if the store cannot be reopened by a worker)."""
    from web import get_store

    app = app or current_app._get_current_object()
    if "kg_querypool" not in app.extensions:
        with _pool_lock:
            if "kg_querypool" not in app.extensions:
                with app.app_context():
                    app.extensions["kg_querypool"] = QueryPool.for_store(get_store())
    return app.extensions["kg_querypool"]


def warm_query_pool(app) -> None:
    """Start the app's query workers now, in the background (`kg serve` calls this)."""
    pool = query_pool(app)
    if pool is not None:
        pool.warm()


def close_query_pool(app) -> None:
    pool = app.extensions.pop("kg_querypool", None)
    if pool is not None:
        pool.close()


def run_query(text: str, bindings: Optional[dict] = None, *, default_uris=None, named_uris=None,
              base: Optional[str] = None, max_rows: Optional[int] = None):
    """Run a query on the app's store with the configured time limit and row cap."""
    from web import get_store

    cfg = current_app.config["KG"]
    job = dict(bindings=bindings, default_uris=default_uris, named_uris=named_uris, base=base,
               timeout=float(cfg.query_timeout), max_rows=int(max_rows or cfg.max_rows))
    pool = query_pool()
    if pool is None:
        return run_guarded(get_store(), text, **job)
    return pool.query(text, **job)


def render_query(text: str, fmt: conneg.Format, bindings: Optional[dict] = None, *,
                 default_uris=None, named_uris=None, base: Optional[str] = None) -> conneg.Rendered:
    """Run a query like run_query, answered as bytes in `fmt` (which must suit its form).

    The text is checked here, once per distinct text (kg.safety remembers),
    and the workers are told what the check found.
    """
    from web import get_store

    cfg = current_app.config["KG"]
    job = dict(fmt=fmt, info=inspect_query(with_base(text, base)), bindings=bindings,
               default_uris=default_uris, named_uris=named_uris, base=base,
               timeout=float(cfg.query_timeout), max_rows=int(cfg.max_rows))
    pool = query_pool()
    if pool is None:
        return render_guarded(get_store(), text, **job)
    return pool.render(text, **job)


def query_failure(exc: Exception) -> Response:
    """The response for an exception raised by run_query or render_query."""
    if isinstance(exc, (QuerySyntaxError, UnsafeQuery, QueryError, SparqlTextError)):
        return plain(400, str(exc))
    if isinstance(exc, QueryTimeout):
        return plain(503, f"{exc}. Narrow the query (LIMIT, more specific patterns) and try again.")
    return plain(500, f"the store failed: {exc}")


def result_response(result, fmt: conneg.Format) -> Response:
    resp = Response(conneg.render(result, fmt), content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    if result.truncated:
        resp.headers["X-KG-Truncated"] = "true"
    return resp


def rendered_response(rendered: conneg.Rendered, fmt: conneg.Format) -> Response:
    resp = Response(rendered.body, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    if rendered.truncated:
        resp.headers["X-KG-Truncated"] = "true"
    return resp


def not_acceptable(offers) -> Response:
    return plain(406, "none of the formats in the Accept header is available here; this result "
                      "can be sent as " + ", ".join(f.mime for f in offers), {"Vary": "Accept"})


# ------------------------------------------------------- reading requests --
def endpoint_url() -> str:
    """This request's URL without its query string (the base of relative IRIs), remembered per host."""
    env = request.environ
    return _base_url(env.get("wsgi.url_scheme", "http"), env.get("HTTP_HOST") or env.get("SERVER_NAME", ""),
                     env.get("SERVER_PORT", ""), request.root_path, request.path) \
        if len(env.get("HTTP_HOST") or "") < 300 else request.base_url


@lru_cache(maxsize=64)
def _base_url(scheme, host, port, root_path, path) -> str:
    return request.base_url          # werkzeug's IRI handling, once per distinct host


def _format_param() -> Optional[str]:
    """`format=` or `output=` from the URL or, in a form POST, the body (SPARQLWrapper sends both)."""
    sources = [request.args]
    if request.method == "POST" and request.mimetype == FORM:
        sources.append(request.form)
    for name in ("format", "output"):
        for src in sources:
            if src.get(name):
                return src.get(name)
    return None


@dataclass
class Operation:
    kind: str                                   # "query" | "update"
    text: str
    graphs: dict = field(default_factory=dict)  # protocol graph parameter -> IRIs


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def _graph_iris(sources, name: str) -> list[str]:
    iris = [v for src in sources for v in src.getlist(name)]
    for iri in iris:
        try:
            sparql_iri(iri)
        except SparqlTextError:
            raise ProtocolError(400, f"{name}: {iri!r} is not an IRI") from None
        if ":" not in iri:
            raise ProtocolError(400, f"{name}: {iri!r} is not an absolute IRI")
    return iris


def read_operation() -> Optional[Operation]:
    """The query or update a request carries (None: a GET without one)."""
    args = request.args
    sources = [args]
    if request.method in ("GET", "HEAD"):
        if "update" in args:
            raise ProtocolError(400, "updates must be sent with POST")
        queries, updates = args.getlist("query"), []
    else:
        ctype = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if not ctype:
            raise ProtocolError(415, f"POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
        if ctype == FORM:
            form = request.form
            for name in ("query", "update"):
                if name in form and name in args:
                    raise ProtocolError(400, f"'{name}' is given both in the URL and in the body")
            queries, updates = form.getlist("query"), form.getlist("update")
            sources.append(form)
        elif ctype in (QUERY_TYPE, UPDATE_TYPE):
            if charset not in ("utf-8", "utf8"):
                raise ProtocolError(415, f"charset {charset!r} is not supported; send UTF-8")
            if "query" in args or "update" in args:
                raise ProtocolError(400, f"with {ctype} the body is the operation; "
                                         "do not also put one in the URL")
            text = _utf8(request.get_data(cache=False))
            queries, updates = ([text], []) if ctype == QUERY_TYPE else ([], [text])
        else:
            raise ProtocolError(415, f"Content-Type {ctype!r} is not supported; use {FORM}, "
                                     f"{QUERY_TYPE} or {UPDATE_TYPE}")
    if len(queries) > 1:
        raise ProtocolError(400, "several 'query' parameters: send one query per request")
    if len(updates) > 1:
        raise ProtocolError(400, "several 'update' parameters: send one update request "
                                 "(operations separated by ';')")
    if queries and updates:
        raise ProtocolError(400, "a request carries a query or an update, not both")
    if not queries and not updates:
        if request.method in ("GET", "HEAD"):
            return None
        raise ProtocolError(400, "no 'query' or 'update' in the request")
    text = (queries or updates)[0]
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    graphs = {name: _graph_iris(sources, name) for name in GRAPH_PARAMS}
    return Operation("query" if queries else "update", text, graphs)


# ----------------------------------------------------------------- views --
@bp.after_request
def cors(resp: Response) -> Response:
    """Any origin may read results; no credentials are ever involved."""
    if request.path == "/sparql":
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Expose-Headers"] = "X-KG-Truncated, Content-Type"
    return resp


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def endpoint():
    if request.method == "OPTIONS":
        return Response(status=204, headers={
            "Allow": ALLOWED, "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600"})
    if request.method not in ("GET", "HEAD", "POST"):
        return plain(405, f"method {request.method} is not allowed here; use GET or POST",
                     {"Allow": ALLOWED})
    try:
        op = read_operation()
    except ProtocolError as exc:
        return plain(exc.status, exc.message, exc.headers)
    except RequestEntityTooLarge:
        return plain(413, f"the request body is larger than {current_app.config['MAX_CONTENT_LENGTH']} "
                          "bytes (setting max_body)")
    if op is None:
        return describe_service()
    if op.kind == "update":
        return run_update(op)
    return answer_query(op)


def answer_query(op: Operation) -> Response:
    accept = request.headers.get("Accept")
    fmt_name = _format_param()
    if conneg.best(accept, conneg.TABLE_FORMATS + conneg.GRAPH_FORMATS) is None and not fmt_name:
        return not_acceptable(conneg.TABLE_FORMATS + conneg.GRAPH_FORMATS)
    try:
        base = endpoint_url()
        kind = inspect_query(with_base(op.text, base)).kind
        fmt = conneg.choose(kind, accept, fmt_name)
        if fmt is None:
            return not_acceptable(conneg.offers_for(kind))
        rendered = render_query(op.text, fmt, default_uris=op.graphs["default-graph-uri"],
                                named_uris=op.graphs["named-graph-uri"], base=base)
    except Exception as exc:
        return query_failure(exc)
    return rendered_response(rendered, fmt)


def _authorised(token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def run_update(op: Operation) -> Response:
    from web import get_store

    token = current_app.config["KG"].write_token
    if not token:
        return plain(403, "this server is read-only: updates are refused (start it with "
                          "`kg serve --write-token TOKEN` to allow them)")
    if not _authorised(token):
        return plain(401, "updates need the header 'Authorization: Bearer <write token>'",
                     {"WWW-Authenticate": 'Bearer realm="kg"'})
    using, using_named = op.graphs["using-graph-uri"], op.graphs["using-named-graph-uri"]
    text = with_base(op.text, endpoint_url())
    try:
        info = inspect_update(text)
        if (using or using_named) and info.has_dataset_clause:
            return plain(400, "using-graph-uri / using-named-graph-uri cannot be combined with "
                              "USING, USING NAMED or WITH in the update")
        get_store().update(insert_using(text, using, using_named))
    except (QuerySyntaxError, UnsafeQuery, SparqlTextError) as exc:
        return plain(400, str(exc))
    except StoreError as exc:
        return plain(400, str(exc))
    resp = Response(status=204)
    del resp.headers["Content-Type"]
    return resp


def describe_service() -> Response:
    """GET /sparql without a query: the editor for browsers, the service description otherwise."""
    fmt = conneg.best(request.headers.get("Accept"), conneg.GRAPH_FORMATS + (conneg.HTML,))
    if fmt is conneg.HTML:
        return redirect(EDITOR_URL, code=303)
    if fmt is None:
        return not_acceptable(conneg.GRAPH_FORMATS)
    from kg.results import QueryResult

    return result_response(QueryResult(kind="graph", graph=service_description()), fmt)


def service_description() -> Graph:
    cfg = current_app.config["KG"]
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    svc = URIRef(request.base_url)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    if cfg.write_token:
        g.add((svc, SD.supportedLanguage, SD.SPARQL11Update))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        g.add((svc, SD.resultFormat, FORMATS[name]))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))     # kept as the merge of the named graphs
    dataset, default = BNode(), BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    return g
