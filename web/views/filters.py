"""Filters shared by the timeline and the network: values from the query string, checked.

Entity filters take an IRI or a name; dates are YYYY, YYYY-MM or YYYY-MM-DD.
Every value is bound as an RDF term, never pasted into a query; a bad value
raises `FilterError`, which the views report (HTTP 400 for the JSON).
"""
from __future__ import annotations

import re

from flask import request
from rdflib import Literal

from kg.facts import STATUSES
from kg.namespaces import DKG
from kg.queries import QueryError, check_iri, label_resolver

from . import common
from .common import event_classes, fetch_labels, local_name, run

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MAX_ITEMS = 5000      # events on the timeline
MAX_EDGES = 2000      # pairs in the network (the heaviest are kept)
TABLE_ROWS = 500      # rows of the tables under the timeline and the network


class FilterError(ValueError):
    pass


def entity_arg(name: str, ptype: str):
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if raw.startswith(("http://", "https://")):
        try:
            return check_iri(raw, name)
        except QueryError as exc:
            raise FilterError(str(exc)) from None
    try:
        iri = label_resolver(lambda q, b=None: run(q, b))(ptype, raw)
    except QueryError as exc:
        raise FilterError(str(exc)) from None
    if iri is None:
        raise FilterError(f"no {ptype} named {raw!r} in the graph")
    return iri


def date_arg(name: str):
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not _DATE.match(raw):
        raise FilterError(f"{name}: {raw!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return Literal(raw)


def kind_arg():
    raw = request.args.get("kind", "").strip()
    if not raw:
        return None
    kinds = {local_name(k): k for k in event_classes()}
    if raw not in kinds:
        raise FilterError(f"unknown kind {raw!r}; use one of {', '.join(sorted(kinds))}")
    return kinds[raw]


def status_arg():
    raw = request.args.get("status", "").strip()
    if not raw:
        return None
    if raw not in STATUSES:
        raise FilterError(f"unknown status {raw!r}; use one of {', '.join(STATUSES)}")
    return DKG[raw]


def date_filters(bindings, where_from="?latest", where_to="?earliest") -> str:
    parts = []
    f, t = date_arg("from"), date_arg("to")
    if f is not None:
        bindings["from"] = f
        parts.append(f"FILTER (BOUND({where_from}) && STR({where_from}) >= STR(?from))")
    if t is not None:
        bindings["to"] = t
        parts.append(f'FILTER (BOUND({where_to}) && STR({where_to}) <= CONCAT(STR(?to), "~"))')
    return "\n  ".join(parts)


def labels_for(iris):
    try:
        return fetch_labels(iris)
    except Exception:  # noqa: BLE001
        return {}


def filter_labels(names):
    vals = {n: request.args.get(n, "").strip() for n in names}
    labels = labels_for([v for v in vals.values() if common.is_http(v)])
    return {n: labels.get(v, "") for n, v in vals.items()}
