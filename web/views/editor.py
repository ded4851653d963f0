"""The SPARQL editor: YASGUI (from npm, served by this app) pointed at `/sparql`.

The page passes its settings through data- attributes (no inline script):
the endpoint, the project's prefixes, the first query, and `/api/vocabulary`,
which the autocompleters read instead of prefix.cc and LOV.
"""
from __future__ import annotations

import json

from flask import jsonify, render_template, request
from rdflib import URIRef

from kg.namespaces import PREFIXES, sparql_prefixes
from kg.queries import QueryError, get_query

from . import common
from .common import page_blueprint, run

bp = page_blueprint("editor", __name__)

SPARQL_PATH = "/sparql"      # web/sparql.py's endpoint
DEFAULT_QUERY = sparql_prefixes() + """
# Who met whom: pairs of participants of each meeting
SELECT ?meeting ?aLabel ?bLabel ?date WHERE {
  ?meeting a/rdfs:subClassOf* dkg:Meeting ; dkg:participant ?a, ?b .
  FILTER (STR(?a) < STR(?b))
  ?a rdfs:label ?aLabel . ?b rdfs:label ?bLabel .
  OPTIONAL { ?meeting dkg:time/dkg:value ?date }
}
ORDER BY ?date
LIMIT 100
"""


@bp.route("/editor")
def editor():
    query = DEFAULT_QUERY
    title = ""
    saved = request.args.get("saved", "").strip()
    if saved:
        try:
            q = get_query(saved)
            query, title = q.text, q.title
        except QueryError:
            pass
    elif request.args.get("query"):
        query = request.args["query"][:100_000]
    return render_template("editor.html", query=query, saved_title=title, endpoint=SPARQL_PATH,
                           prefixes=json.dumps({p: str(ns) for p, ns in PREFIXES.items()}))


@bp.route("/api/vocabulary")
def api_vocabulary():
    """Classes and properties the graph uses (with the ontology's), for autocompletion."""
    def compute():
        props = run("SELECT DISTINCT ?p WHERE { ?s ?p ?o } LIMIT 5000").rows
        classes = run("SELECT DISTINCT ?c WHERE { { ?s a ?c } UNION { ?c a owl:Class } } LIMIT 5000").rows
        declared = run("""SELECT DISTINCT ?p WHERE {
  VALUES ?t { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property } ?p a ?t }""").rows
        p = sorted({str(r["p"]) for r in props + declared if isinstance(r.get("p"), URIRef)})
        c = sorted({str(r["c"]) for r in classes if isinstance(r.get("c"), URIRef)})
        return {"properties": p, "classes": c}
    return jsonify(common.cached("vocabulary", 60, compute))
