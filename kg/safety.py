"""What a query may not do: reach outside the store.

Both engines will fetch from the network when asked: Oxigraph runs SERVICE and
LOAD over HTTP, and rdflib runs SERVICE through urlopen and retrieves every
FROM / FROM NAMED / LOAD IRI (`SPARQL_LOAD_GRAPHS`), `file://` included. So a
query is parsed (by rdflib's SPARQL parser, so comments and strings cannot hide
or fake anything) and refused when it holds a SERVICE, when an update holds a
LOAD, or when FROM / FROM NAMED names a graph the store does not have.

Most queries never name either: a query whose text (with its `\\u` escapes
expanded) holds neither the word "service" nor "from" anywhere, in any case,
cannot have a SERVICE or a dataset clause, so it needs no parse here; only
its form (SELECT, ASK, ...) is read from the start of the text, and the engine
parses it once, when it runs it. The others are parsed by rdflib, and what the
parse found is remembered per text.
`no_network()` is the second line for the rdflib path: while it is active, the
interpreter's audit hook refuses any socket connection or URL opening.
"""
from __future__ import annotations

import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from pyparsing import ParseException, ParseResults


class UnsafeQuery(ValueError):
    """The query would reach outside the store; the message says what to change."""


class QuerySyntaxError(ValueError):
    """The query or update is not valid SPARQL 1.1; the message points at the spot."""


@dataclass(frozen=True)
class QueryInfo:
    form: str                                   # SELECT | ASK | CONSTRUCT | DESCRIBE
    from_graphs: Optional[tuple[str, ...]]      # FROM IRIs, None without a dataset clause
    from_named: Optional[tuple[str, ...]]       # FROM NAMED IRIs, None without a dataset clause

    @property
    def kind(self) -> str:
        """The QueryResult kind this query gives: select, ask or graph."""
        return {"SELECT": "select", "ASK": "ask"}.get(self.form, "graph")


@dataclass(frozen=True)
class UpdateInfo:
    has_dataset_clause: bool                    # some operation has USING or WITH


def _walk(node):
    # CompValue.get(key) returns the key itself when it is absent: test with `in`.
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for key in node:
            yield from _walk(node.get(key))
    elif isinstance(node, (list, tuple, ParseResults)):
        for item in node:
            yield from _walk(item)


def _syntax_error(exc: Exception, what: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"SPARQL {what} syntax error: {exc}")


def _refuse_service(tree) -> None:
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise UnsafeQuery(f"SERVICE <{node.get('term')}> refused: queries here never "
                              "fetch data from other servers")


def inspect_query(text: str) -> QueryInfo:
    """Refuse SERVICE; list the query's FROM / FROM NAMED graphs; tell its form.

    A text without the words "service" and "from" is only looked at (see
    `_quick_inspect`); others are parsed by rdflib. Short texts are
    remembered: rdflib's parser takes a few milliseconds per kilobyte.
    """
    return _inspect_cached(text) if len(text) <= 20_000 else _inspect(text)


# Anything that could make a query reach outside the store is spelled with one of
# these words; a text that lacks them everywhere (strings and comments included)
# has no SERVICE and no dataset clause, whatever its syntax.
_OUTSIDE_WORDS = re.compile(r"service|from", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRIREF = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_PROLOGUE_AND_FORM = re.compile(
    r"(?:\s+|\#[^\n\r]*|BASE\s*" + _IRIREF + r"|PREFIX\s*[^\s:<>#]*:\s*" + _IRIREF + r")*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![A-Za-z0-9_])", re.IGNORECASE)


def _codepoints(text: str) -> str:
    """`text` with SPARQL's \\uXXXX / \\UXXXXXXXX escapes expanded everywhere (as a parser may)."""
    def char(m):
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group()
    return _CODEPOINT.sub(char, text) if "\\" in text else text


def _quick_inspect(text: str) -> Optional[QueryInfo]:
    """QueryInfo without a parse, for a text that cannot name SERVICE or FROM; else None."""
    if _OUTSIDE_WORDS.search(text) or _OUTSIDE_WORDS.search(_codepoints(text)):
        return None
    m = _PROLOGUE_AND_FORM.match(text)
    if m is None:
        return None        # not a query this simple scan understands: let the parser say why
    return QueryInfo(m.group(1).upper(), None, None)


def _inspect(text: str) -> QueryInfo:
    quick = _quick_inspect(text)
    if quick is not None:
        return quick
    return _parse_and_inspect(text)


def _parse_and_inspect(text: str) -> QueryInfo:
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        raise _syntax_error(exc, "query") from None
    _refuse_service(tree)
    body = tree[1]
    form = body.name.replace("Query", "").upper()
    clauses = dict.get(body, "datasetClause")
    if not clauses:
        return QueryInfo(form, None, None)
    try:
        prologue = translatePrologue(tree[0], None)
        default = tuple(str(prologue.absolutize(c.get("default"))) for c in clauses if "default" in c)
        named = tuple(str(prologue.absolutize(c.get("named"))) for c in clauses if "named" in c)
    except Exception as exc:  # unknown prefix and the like
        raise _syntax_error(exc, "query") from None
    return QueryInfo(form, default, named)


_inspect_cached = lru_cache(maxsize=256)(_inspect)


def inspect_update(text: str) -> UpdateInfo:
    """Parse an update; refuse LOAD and SERVICE."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except ParseException as exc:
        raise _syntax_error(exc, "update") from None
    _refuse_service(tree)
    dataset = False
    for node in _walk(tree):
        if node.name == "Load":
            raise UnsafeQuery(f"LOAD <{node.get('iri')}> refused: updates here never fetch "
                              "data from other servers; load files with `kg ingest` or `kg push`")
        if node.name == "Modify" and ("withClause" in node or "using" in node):
            dataset = True
    for op in tree.request:
        target = _default_graph_target(op)
        if target:
            raise UnsafeQuery(f"{target} refused: the default graph here is the merge of the named "
                              "graphs and the store keeps it; write into a named graph instead "
                              "(GRAPH <iri> { ... } or WITH <iri>)")
    return UpdateInfo(has_dataset_clause=dataset)


def _has_default_triples(quads) -> bool:
    # rdflib's CompValue.get takes no default (its second argument means something else)
    return quads is not None and "triples" in quads and any(len(block) for block in quads["triples"])


def _default_graph_target(op) -> Optional[str]:
    """How an update operation would write to the default graph itself, if it does."""
    name = op.name
    if name in ("InsertData", "DeleteData", "DeleteWhere") and "quads" in op and _has_default_triples(op["quads"]):
        words = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE"}[name]
        return f"{words} on the default graph"
    if name == "Modify" and "withClause" not in op:
        for clause in ("delete", "insert"):
            if clause in op and "quads" in op[clause] and _has_default_triples(op[clause]["quads"]):
                return f"{clause.upper()} into the default graph"
    if name in ("Clear", "Drop") and "graphiri" in op and op["graphiri"] == "DEFAULT":
        return f"{name.upper()} DEFAULT"
    if name in ("Add", "Move", "Copy") and "graph" in op and list(op["graph"])[-1:] == ["DEFAULT"]:
        return f"{name.upper()} ... TO DEFAULT"
    return None


def resolve_dataset(info: QueryInfo, default_uris: Optional[list[str]], named_uris: Optional[list[str]],
                    has_graph: Callable[[str], bool]) -> tuple[Optional[list[str]], Optional[list[str]]]:
    """The (default graphs, named graphs) to query; None for "the store's union / all".

    The protocol's `default-graph-uri` / `named-graph-uri` override FROM (and
    name graphs of the store, never fetched: a missing one is just empty).
    Otherwise FROM / FROM NAMED must name graphs the store has.
    """
    if default_uris or named_uris:
        return list(default_uris or []), list(named_uris or [])
    if info.from_graphs is None:
        return None, None
    outside = [g for g in (*info.from_graphs, *info.from_named) if not has_graph(g)]
    if outside:
        raise UnsafeQuery(f"FROM <{outside[0]}> refused: the store has no such graph, and "
                          "queries here never fetch data from other servers")
    return list(info.from_graphs), list(info.from_named)


# ------------------------------------------------------ network guard --
_state = threading.local()
_installed = False
_install_lock = threading.Lock()
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                   "socket.gethostbyaddr", "socket.sendto", "urllib.Request"}


def _audit(event: str, args) -> None:
    if event in _NETWORK_EVENTS and getattr(_state, "blocked", False):
        raise PermissionError(f"network access refused while a query runs ({event})")


@contextmanager
def no_network():
    """Refuse sockets and URL opening in this thread for the duration.

    Audit hooks cannot be removed, so the hook is installed once and does
    nothing outside this context.
    """
    global _installed
    with _install_lock:
        if not _installed:
            sys.addaudithook(_audit)
            _installed = True
    previous = getattr(_state, "blocked", False)
    _state.blocked = True
    try:
        yield
    finally:
        _state.blocked = previous
