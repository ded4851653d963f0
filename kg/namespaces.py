"""The project's IRIs in one place, so that mapping, queries and pages agree.

`DKG` holds ontology terms; `ID` holds the things the graph talks about
(people, states, events); `GRAPH` names one graph per article.
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/dipkg/"
DKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES = {
    "dkg": DKG,
    "id": ID,
    "graph": GRAPH,
    "schema": SCHEMA,
    "sem": SEM,
    "prov": PROV,
    "time": TIME,
    "wd": WD,
    "wdt": WDT,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
}


def slug(text: str) -> str:
    """A stable, readable IRI segment: 'Park Min-jun' -> 'park-min-jun'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x"


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for editors and ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
