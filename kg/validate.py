"""Check the ontology and the data against it: HermiT for logic, SHACL for shape.

Two different questions, two tools:

* `check_consistency` asks HermiT (through owlready2, which ships the jar and
  runs it with the system's Java) whether the ontology, optionally together
  with some data, has a model at all — e.g. no individual is both a
  `dkg:State` and a `dkg:Person`, no call has the mode "in person". It also
  lists named classes that can have no instance (a modelling error).
* `validate_shapes` asks pyshacl whether data looks the way the project writes
  it (`ontology/shapes.ttl`): every event has a participant, exactly one
  status from the vocabulary, offsets as integers, and so on.

SHACL choice: the shapes are checked on the data graph alone, with no
ontology graph and no RDFS/OWL inference (pyshacl ``inference="none"``).
The data states only the most specific class of each node (``dkg:Meeting``,
never ``dkg:DiplomaticEvent``), so every shape names each concrete class it is
meant for with its own ``sh:targetClass``, and closed vocabularies (status,
granularity, mode) are checked with ``sh:in`` on the individuals' IRIs rather
than ``sh:class``. This keeps validation fast, independent of reasoning, and
gives the same result on any SHACL engine; the price is that a new subclass
must be added to the shapes' targets (tests/test_ontology.py checks that every
event, place and organisation class is targeted).

Datatypes: HermiT accepts only the OWL 2 datatype map, and so refuses
``xsd:date`` (and ``xsd:gYear`` ...). The ontology therefore gives no such
range, and `check_consistency` drops literals of other datatypes from the data
before reasoning (their count is in the report's message).

owlready2 and pyshacl are imported inside the functions: importing this module
stays cheap.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdflib import ConjunctiveGraph, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
REASONER = "HermiT (owlready2)"

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus
# rdf:langString. HermiT rejects literals of any other datatype.
_OWL2_DATATYPES = frozenset({
    RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational,
    XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.nonPositiveInteger,
    XSD.positiveInteger, XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte,
    XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
    XSD.double, XSD.float, XSD.string, XSD.normalizedString, XSD.token, XSD.language,
    XSD.Name, XSD.NCName, XSD.NMTOKEN, XSD.boolean, XSD.hexBinary, XSD.base64Binary,
    XSD.anyURI, XSD.dateTime, XSD.dateTimeStamp,
})

# owlready2 writes its own temporary file for HermiT and leaves it behind when
# HermiT fails; reasoning runs one at a time, inside a private temp directory.
_REASONER_LOCK = threading.Lock()


class ReasonerError(RuntimeError):
    """The reasoner could not be run (as opposed to: it found a contradiction)."""


class JavaNotFoundError(ReasonerError):
    """HermiT needs a Java runtime and none was found."""


@dataclass
class ConsistencyReport:
    consistent: bool
    message: str
    reasoner: str = REASONER
    unsatisfiable: list[str] = field(default_factory=list)   # IRIs of classes that can have no member
    dropped_literals: int = 0                                 # literals HermiT cannot read, left out


@dataclass
class ShapesReport:
    conforms: bool
    text: str
    results: Optional[Graph] = None     # the SHACL validation report as RDF


def ontology_files() -> list[Path]:
    """The OWL files of the ontology (every .ttl in ontology/ except the shapes)."""
    if not ONTOLOGY_DIR.is_dir():
        raise FileNotFoundError(f"ontology folder not found: {ONTOLOGY_DIR}")
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p.resolve() != SHAPES_FILE.resolve())


def load_ontology_graph() -> Graph:
    """All OWL files of the ontology in one rdflib graph (without the shapes)."""
    g = Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


def load_shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _triples(graph: Graph):
    """Every triple of a graph, or of all named graphs of a dataset."""
    if isinstance(graph, ConjunctiveGraph):      # also rdflib.Dataset
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def _readable_by_hermit(o) -> bool:
    return not isinstance(o, Literal) or o.datatype is None or o.datatype in _OWL2_DATATYPES


def _java_exe() -> str:
    import owlready2

    java = owlready2.JAVA_EXE
    found = java if os.path.isabs(java) and os.access(java, os.X_OK) else shutil.which(java)
    if not found:
        raise JavaNotFoundError(
            f"Java runtime not found (looked for {java!r}): the HermiT reasoner needs Java 8 or "
            "later. Install it (e.g. `apt-get install openjdk-17-jre-headless`) or set "
            "owlready2.JAVA_EXE to the java executable.")
    return found


def check_consistency(extra: Optional[Graph] = None) -> ConsistencyReport:
    """Run HermiT on the ontology, plus the individuals in `extra` if given.

    Returns consistent=False when HermiT finds the whole inconsistent; raises
    `ReasonerError` (or `JavaNotFoundError`) when HermiT cannot be run at all.
    """
    import owlready2

    _java_exe()
    graph = load_ontology_graph()
    dropped = 0
    if extra is not None:
        for s, p, o in _triples(extra):
            if _readable_by_hermit(o):
                graph.add((s, p, o))
            else:
                dropped += 1
    # Never let owlready2 go to the network for an owl:imports.
    graph.remove((None, OWL.imports, None))

    with _REASONER_LOCK, tempfile.TemporaryDirectory(prefix="dkg-hermit-") as tmp:
        path = Path(tmp) / "ontology.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        saved_tempdir = tempfile.tempdir
        tempfile.tempdir = tmp          # owlready2's own file for HermiT goes here too
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
            unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        except owlready2.OwlReadyInconsistentOntologyError:
            what = "the ontology with the given data" if extra is not None else "the ontology"
            return ConsistencyReport(
                consistent=False,
                message=_with_dropped(f"HermiT: {what} is inconsistent (no model exists).", dropped),
                dropped_literals=dropped)
        except owlready2.OwlReadyJavaError as e:
            raise ReasonerError(f"HermiT failed to run: {e}") from e
        finally:
            tempfile.tempdir = saved_tempdir
            world.close()

    if unsatisfiable:
        message = "HermiT: consistent, but these classes can have no member: " + ", ".join(unsatisfiable)
    else:
        message = "HermiT: consistent; every named class is satisfiable."
    return ConsistencyReport(consistent=True, message=_with_dropped(message, dropped),
                             unsatisfiable=unsatisfiable, dropped_literals=dropped)


def _with_dropped(message: str, dropped: int) -> str:
    if dropped:
        message += (f" ({dropped} literal(s) with datatypes outside the OWL 2 datatype map, "
                    "such as xsd:date, were left out.)")
    return message


def validate_shapes(data: Graph) -> ShapesReport:
    """Validate `data` against ontology/shapes.ttl (no inference; see module doc).

    A dataset (rdflib.Dataset/ConjunctiveGraph) is validated graph by graph,
    as pyshacl does for datasets.
    """
    from pyshacl import validate

    conforms, results_graph, text = validate(
        data,
        shacl_graph=load_shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
    )
    return ShapesReport(conforms=bool(conforms), text=str(text), results=results_graph)
