"""Small, careful edits to SPARQL text, for engines that take nothing but text.

A remote endpoint has no binding API, and the SPARQL protocol's
`using-graph-uri` has no counterpart in pyoxigraph's update call, so a few
things must be written into the text itself:

* values, as terms written by `sparql_term`: every IRI is checked and every
  literal is escaped character by character, so no value can end its term
  early. rdflib's `.n3()` is not used for literals: its triple-quoted form
  mis-escapes a value that holds a newline and ends in a backslash-quote.
  (An engine that expands `\\u` escapes before parsing, as rdflib does, may
  read a value's own backslash-u as an escape, but still inside the string.)
* a `VALUES` block, placed at the start of the query's WHERE group rather than
  after the query: a trailing VALUES is joined only after the WHERE clause is
  evaluated, so the FILTERs inside it would still see the parameter unbound
  and match everything (checked on Oxigraph);
* `USING` clauses before the WHERE of each DELETE/INSERT operation;
* a `BASE`, so relative IRIs resolve against the endpoint's URL.

Positions are found with a tokenizer that knows strings, IRIs and comments,
so a brace or a keyword inside them is never mistaken for syntax. The texts
edited here are saved queries and updates from token holders; user queries
are never edited, and their safety is checked by a real parser (kg.safety).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

from rdflib import BNode, Literal, URIRef


class SparqlTextError(ValueError):
    """The text cannot be edited as asked (e.g. a query without a WHERE group)."""


# ------------------------------------------------------------------ terms --
_IRI_OK = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]+$")
_LANG_OK = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_BNODE_OK = re.compile(r"^[A-Za-z0-9_]+$")
_VAR_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def sparql_iri(iri: str) -> str:
    if not _IRI_OK.match(str(iri)):
        raise SparqlTextError(f"not an IRI that can be written in SPARQL: {str(iri)!r}")
    return f"<{iri}>"


def sparql_term(term, allow_bnode: bool = False) -> str:
    """An rdflib term as SPARQL text that cannot break out of its own syntax."""
    if isinstance(term, URIRef):
        return sparql_iri(str(term))
    if isinstance(term, Literal):
        text = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANG_OK.match(term.language):
                raise SparqlTextError(f"bad language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^{sparql_iri(str(term.datatype))}"
        return text
    if isinstance(term, BNode) and allow_bnode:
        label = str(term) if _BNODE_OK.match(str(term)) else "b" + re.sub(r"[^A-Za-z0-9_]", "_", str(term))
        return f"_:{label}"
    raise SparqlTextError(f"cannot write {term!r} here")


# -------------------------------------------------------------- tokenizer --
_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>,;"'#]*)?)
  | (?P<punct>.)
''', re.VERBOSE | re.DOTALL)


def tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, text, start, end) for every token, whitespace and comments included."""
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        kind = m.lastgroup
        yield kind, m.group(), m.start(), m.end()
        pos = m.end()


def _significant(text: str) -> Iterator[tuple[str, str, int, int, int, int]]:
    """Tokens that matter, with the brace and parenthesis depth before each."""
    braces = parens = 0
    for kind, tok, start, end in tokens(text):
        if kind in ("ws", "comment"):
            continue
        yield kind, tok, start, end, braces, parens
        if kind == "punct":
            braces += {"{": 1, "}": -1}.get(tok, 0)
            parens += {"(": 1, ")": -1}.get(tok, 0)


def where_group_start(query: str) -> int:
    """The offset just after the `{` that opens the query's WHERE group."""
    toks = list(_significant(query))
    form_at = next((i for i, t in enumerate(toks) if t[0] == "word" and t[4] == 0
                    and t[1].upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")), None)
    if form_at is None:
        raise SparqlTextError("no SELECT, CONSTRUCT, DESCRIBE or ASK found")
    i = form_at + 1
    if toks[form_at][1].upper() == "CONSTRUCT":
        if i < len(toks) and toks[i][1].upper() == "WHERE":
            raise SparqlTextError("CONSTRUCT WHERE has no separate WHERE group to bind into")
        if i < len(toks) and toks[i][1] == "{":          # skip the template
            depth = toks[i][4]
            i += 1
            while i < len(toks) and not (toks[i][1] == "}" and toks[i][4] == depth + 1):
                i += 1
            i += 1
    for kind, tok, start, end, braces, parens in toks[i:]:
        if tok == "{" and braces == 0 and parens == 0:
            return end
    raise SparqlTextError("the query has no WHERE group")


def insert_values(query: str, bindings: dict) -> str:
    """`query` with its parameters bound by a VALUES block inside the WHERE group."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VAR_OK.match(name):
            raise SparqlTextError(f"bad variable name {name!r}")
    row = " ".join(sparql_term(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]


def insert_using(update: str, default_graphs: Iterable[str] = (),
                 named_graphs: Iterable[str] = ()) -> str:
    """`update` with USING / USING NAMED clauses added to each DELETE/INSERT ... WHERE."""
    clause = "".join(f"USING {sparql_iri(g)} " for g in default_graphs)
    clause += "".join(f"USING NAMED {sparql_iri(g)} " for g in named_graphs)
    if not clause:
        return update
    spots = []
    previous: Optional[str] = None
    for kind, tok, start, end, braces, parens in _significant(update):
        if kind == "word" and tok.upper() == "WHERE" and braces == 0 and previous == "}":
            spots.append(start)
        previous = tok
    for at in reversed(spots):
        update = update[:at] + clause + update[at:]
    return update


def with_base(text: str, base: Optional[str]) -> str:
    """`text` with a BASE declaration in front (on the same line, so line numbers hold)."""
    if not base:
        return text
    return f"BASE {sparql_iri(base)} {text}"
