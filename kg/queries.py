"""Saved queries: `queries/<name>.rq` files with a small typed header.

A header is the run of comment lines at the top of the file:

    # title: Who met whom, where and when
    # description: In-person meetings between two participants.
    # param: person person -- only meetings this person took part in
    # param: from date -- earliest date (YYYY, YYYY-MM or YYYY-MM-DD)

`param: NAME TYPE [required] -- description`. A parameter is a variable of
the query (`?person`); its value is checked against its type and bound as an
RDF term through the engine's bindings (Oxigraph substitutions, rdflib
initBindings) — never pasted into the query text. A parameter left out stays
unbound, so queries guard their filters with `COALESCE(STR(?name), "") = "" || ...`
(not `!BOUND(?name)`: Oxigraph's substitutions leave BOUND() false), and list
every parameter in the SELECT clause (Oxigraph substitutes projected variables only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"

# type -> (what a value looks like, the ontology class an entity must have)
PARAM_TYPES = {
    "iri": ("an absolute http(s) IRI", None),
    "string": ("any text", None),
    "date": ("a date: YYYY, YYYY-MM or YYYY-MM-DD", None),
    "integer": ("a whole number", None),
    "person": ("a person's IRI or name", "Person"),
    "state": ("a state's IRI or name", "State"),
    "place": ("a place's IRI or name", "Place"),
    "organization": ("an organisation's IRI or name", "Organization"),
    "event": ("an event's IRI", None),
}
ENTITY_TYPES = {"person", "state", "place", "organization"}


class QueryError(ValueError):
    """A saved query that does not exist, or a bad parameter value."""


@dataclass
class Param:
    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass
class SavedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Optional[Path] = None

    def param(self, name: str) -> Optional[Param]:
        return next((p for p in self.params if p.name == name), None)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = "\n".join(l for l in self.text.splitlines() if not l.lstrip().startswith("#"))
        m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return m.group(1).upper() if m else "SELECT"


_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)"
                    r"(?P<required>\s+required)?\s*(?:--\s*(?P<desc>.*))?$")


def parse(text: str, name: str, path: Optional[Path] = None) -> SavedQuery:
    q = SavedQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        key, _, value = stripped.lstrip("#").strip().partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            q.title = value
        elif key == "description":
            q.description = (q.description + " " + value).strip()
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m.group("type") not in PARAM_TYPES:
                raise QueryError(f"{path or name}: bad param line {value!r}; expected "
                                 f"'NAME TYPE [required] -- description' with TYPE one of "
                                 f"{', '.join(PARAM_TYPES)}")
            q.params.append(Param(m.group("name"), m.group("type"), bool(m.group("required")),
                                  (m.group("desc") or "").strip()))
    return q


def query_dir() -> Path:
    return QUERY_DIR


@lru_cache(maxsize=None)
def _load(path: Path, mtime: float) -> SavedQuery:
    return parse(path.read_text(encoding="utf-8"), path.stem, path)


def all_queries() -> dict[str, SavedQuery]:
    return {p.stem: _load(p, p.stat().st_mtime) for p in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> SavedQuery:
    if not _NAME.match(name or ""):
        raise QueryError(f"no saved query named {name!r}")
    path = QUERY_DIR / f"{name}.rq"
    if not path.exists():
        known = ", ".join(all_queries())
        raise QueryError(f"no saved query named {name!r}; known queries: {known}")
    return _load(path, path.stat().st_mtime)


# --------------------------------------------------------------- binding --
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_IRI_BAD = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f]")


def check_iri(value: str, pname: str) -> URIRef:
    if not re.match(r"^https?://[^/]", value) or _IRI_BAD.search(value):
        raise QueryError(f"parameter {pname!r}: {value!r} is not an absolute http(s) IRI")
    return URIRef(value)


def bind(query: SavedQuery, values: dict[str, str],
         resolve: Optional[Callable[[str, str], Optional[URIRef]]] = None) -> dict[str, object]:
    """Checked RDF terms for the given parameter values.

    `resolve(type, text)` turns a name into an entity IRI (e.g. by label in
    the store); without it, entity parameters need an IRI.
    """
    bindings: dict[str, object] = {}
    for key in values:
        if query.param(key) is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {key!r} (parameters: {known})")
    for p in query.params:
        raw = values.get(p.name)
        if raw is None or str(raw).strip() == "":
            if p.required:
                raise QueryError(f"parameter {p.name!r} is required ({PARAM_TYPES[p.type][0]})")
            continue
        raw = str(raw).strip()
        if p.type == "string":
            bindings[p.name] = Literal(raw)
        elif p.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", raw):
                raise QueryError(f"parameter {p.name!r}: {raw!r} is not a whole number")
            bindings[p.name] = Literal(int(raw), datatype=XSD.integer)
        elif p.type == "date":
            if not _DATE.match(raw):
                raise QueryError(f"parameter {p.name!r}: {raw!r} is not a date "
                                 "(YYYY, YYYY-MM or YYYY-MM-DD)")
            bindings[p.name] = Literal(raw)
        elif p.type in ("iri", "event"):
            bindings[p.name] = check_iri(raw, p.name)
        else:  # entity pickers
            if re.match(r"^https?://", raw):
                bindings[p.name] = check_iri(raw, p.name)
            else:
                iri = resolve(p.type, raw) if resolve else None
                if iri is None:
                    raise QueryError(f"parameter {p.name!r}: no {p.type} named {raw!r} in the graph")
                bindings[p.name] = iri
    return bindings


LABEL_LOOKUP = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?text ?class WHERE {
  ?e a ?class ; rdfs:label|skos:altLabel ?label .
  FILTER (LCASE(STR(?label)) = LCASE(STR(?text)))
} LIMIT 2"""


def label_resolver(run_query) -> Callable[[str, str], Optional[URIRef]]:
    """A resolver that finds an entity by its label, with `run_query(text, bindings)`."""
    from .namespaces import DKG

    def resolve(ptype: str, text: str) -> Optional[URIRef]:
        cls = PARAM_TYPES[ptype][1]
        res = run_query(LABEL_LOOKUP, {"text": Literal(text), "class": DKG[cls]})
        iris = [r["e"] for r in res.rows]
        if len(iris) > 1:
            raise QueryError(f"{text!r} names more than one {ptype}; give the IRI instead")
        return iris[0] if iris else None

    return resolve
