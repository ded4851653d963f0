"""The ontology (ontology/dkg.ttl), the SHACL shapes and kg.validate.

HermiT runs through owlready2 and needs Java; each reasoner call takes about a
second.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import validate
from kg.namespaces import DKG, ID, PROV, SCHEMA, SEM, WD, WDT

# Plain namespaces: rdflib's closed XSD/TIME namespaces warn when pytest
# inspects the module's globals.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
TIME = Namespace("http://www.w3.org/2006/time#")

ONTOLOGY_IRI = URIRef("https://w3id.org/dipkg/ontology")
SH = "http://www.w3.org/ns/shacl#"

CLASSES = """State Person Organization Ministry NewsAgency StateMedia GovernmentBody
InternationalOrganization Place City Venue Region Office OfficeHolding Agreement Item
DiplomaticEvent Meeting Summit Call Visit Invitation AgreementSigning Transfer ArmsTransfer
AidTransfer Statement Election TemporalExpression Granularity Status Mode Mention""".split()
EVENT_CLASSES = """DiplomaticEvent Meeting Summit Call Visit Invitation AgreementSigning Transfer
ArmsTransfer AidTransfer Statement Election""".split()
ROLE_PROPERTIES = "visitor host inviter invitee party signatory supplier recipient speaker candidate".split()
OBJECT_PROPERTIES = ["participant", *ROLE_PROPERTIES] + """destination place locatedIn stateOf time
granularity status mode accordingTo agreement item holder office inState inOrganization officeOf
sourceArticle mentionOf inArticle reportOf hasReport""".split()
DATATYPE_PROPERTIES = """text value anchor earliest latest startDate endDate evidence sentenceIndex
beginOffset endOffset sentenceBegin sentenceEnd extractor confidence qid contentHash quote name
articleId""".split()
STATUSES = "occurred planned cancelled denied alleged extended accepted declined signed agreed".split()
GRANULARITIES = "day week month year decade".split()
MODES = {"inPerson": "in-person", "phone": "phone", "video": "video"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return validate.load_ontology_graph()


@pytest.fixture(scope="module")
def base_report() -> validate.ConsistencyReport:
    return validate.check_consistency()


def superclasses(g: Graph, cls: URIRef) -> set:
    return set(g.transitive_objects(cls, RDFS.subClassOf))


def subclasses(g: Graph, cls: URIRef) -> set:
    return set(g.transitive_subjects(RDFS.subClassOf, cls))


# --- files and loading -------------------------------------------------------

def test_ontology_files_are_owl_only():
    files = validate.ontology_files()
    names = {p.name for p in files}
    assert "dkg.ttl" in names
    assert "shapes.ttl" not in names
    assert all(p.is_file() and p.parent.name == "ontology" for p in files)


def test_ontology_graph_has_no_shapes(onto):
    assert len(onto) > 500
    assert not any(str(p).startswith(SH) or str(o).startswith(SH) for _, p, o in onto)


def test_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) == \
        URIRef("https://opensource.org/licenses/MIT")
    assert onto.value(ONTOLOGY_IRI, RDFS.label) and onto.value(ONTOLOGY_IRI, RDFS.comment)


# --- terms -------------------------------------------------------------------

@pytest.mark.parametrize("name", CLASSES)
def test_class_exists(onto, name):
    assert (DKG[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_property_exists(onto, name):
    assert (DKG[name], RDF.type, OWL.ObjectProperty) in onto


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_property_exists(onto, name):
    assert (DKG[name], RDF.type, OWL.DatatypeProperty) in onto


def test_news_article_is_declared(onto):
    assert (SCHEMA.NewsArticle, RDF.type, OWL.Class) in onto
    assert PROV.Entity in superclasses(onto, SCHEMA.NewsArticle)


def test_every_dkg_term_has_label_and_comment(onto):
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DKG))}
    assert len(terms) > 90
    missing = [t for t in terms if onto.value(t, RDFS.label) is None or onto.value(t, RDFS.comment) is None]
    assert not missing, missing


def test_class_hierarchy(onto):
    for sub in "Ministry NewsAgency StateMedia GovernmentBody InternationalOrganization".split():
        assert (DKG[sub], RDFS.subClassOf, DKG.Organization) in onto
    for sub in "City Venue Region".split():
        assert (DKG[sub], RDFS.subClassOf, DKG.Place) in onto
    for sub in "Meeting Call Visit Invitation AgreementSigning Transfer Statement Election".split():
        assert (DKG[sub], RDFS.subClassOf, DKG.DiplomaticEvent) in onto
    assert (DKG.Summit, RDFS.subClassOf, DKG.Meeting) in onto
    assert (DKG.ArmsTransfer, RDFS.subClassOf, DKG.Transfer) in onto
    assert (DKG.AidTransfer, RDFS.subClassOf, DKG.Transfer) in onto
    # A call is not a meeting; an agreement is a document, not an event.
    assert DKG.Meeting not in superclasses(onto, DKG.Call)
    assert (DKG.Call, OWL.disjointWith, DKG.Meeting) in onto
    assert DKG.DiplomaticEvent not in superclasses(onto, DKG.Agreement)


def test_role_properties_are_participants(onto):
    for name in ROLE_PROPERTIES:
        assert (DKG[name], RDFS.subPropertyOf, DKG.participant) in onto
    assert (DKG.participant, RDFS.domain, DKG.DiplomaticEvent) in onto
    assert (DKG.hasReport, OWL.inverseOf, DKG.reportOf) in onto
    assert (DKG.accordingTo, RDFS.subPropertyOf, PROV.wasAttributedTo) in onto
    assert (DKG.sourceArticle, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto
    assert (DKG.sourceArticle, RDFS.range, SCHEMA.NewsArticle) in onto


def test_alignments(onto):
    assert SEM.Event in superclasses(onto, DKG.Meeting)
    assert SCHEMA.Event in superclasses(onto, DKG.Visit)
    assert TIME.TemporalEntity in superclasses(onto, DKG.TemporalExpression)
    assert (DKG.participant, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (DKG.place, RDFS.subPropertyOf, SEM.hasPlace) in onto
    assert (DKG.time, RDFS.subPropertyOf, SEM.hasTime) in onto
    assert (DKG.Person, SKOS.closeMatch, WD.Q5) in onto
    assert (DKG.State, SKOS.closeMatch, WD.Q3624078) in onto
    assert (DKG.Meeting, SKOS.closeMatch, WD.Q2761147) in onto
    assert (DKG.Agreement, SKOS.closeMatch, WD.Q131569) in onto
    assert (DKG.participant, SKOS.closeMatch, WDT.P710) in onto
    assert (DKG.planned, SKOS.closeMatch, SCHEMA.EventScheduled) in onto
    assert (DKG.cancelled, SKOS.closeMatch, SCHEMA.EventCancelled) in onto
    assert (DKG.day, SKOS.closeMatch, TIME.unitDay) in onto


def test_no_equivalence_with_outside_classes(onto):
    # Equivalences with outside terms could make two dkg classes equal; only
    # the closed enumerations (owl:oneOf, blank nodes) are allowed.
    for s, o in onto.subject_objects(OWL.equivalentClass):
        assert isinstance(o, BNode), (s, o)
        assert onto.value(o, OWL.oneOf) is not None


def test_no_range_hermit_cannot_read(onto):
    for prop, rng in onto.subject_objects(RDFS.range):
        if str(rng).startswith(str(XSD)):
            assert rng in validate._OWL2_DATATYPES, (prop, rng)
    assert not any(o == XSD.date for o in onto.objects())


@pytest.mark.parametrize("name", STATUSES)
def test_status_individual(onto, name):
    node = DKG[name]
    assert (node, RDF.type, DKG.Status) in onto
    notation = onto.value(node, SKOS.notation)
    assert notation == Literal(name) and notation.datatype is None and notation.language is None


def test_status_and_mode_vocabularies_are_closed(onto):
    enum = onto.value(DKG.Status, OWL.equivalentClass)
    assert {str(x) for x in Collection(onto, onto.value(enum, OWL.oneOf))} == {str(DKG[s]) for s in STATUSES}
    for local, notation in MODES.items():
        assert (DKG[local], RDF.type, DKG.Mode) in onto
        assert onto.value(DKG[local], SKOS.notation) == Literal(notation)
    for local in GRANULARITIES:
        assert (DKG[local], RDF.type, DKG.Granularity) in onto


@pytest.mark.parametrize("name", EVENT_CLASSES)
def test_event_class_has_cameo_annotation(onto, name):
    codes = [str(c) for c in onto.objects(DKG[name], DKG.cameoCode)]
    if name == "Election":
        # CAMEO has no election code: none is given, and the class says so.
        assert codes == []
        note = " ".join(str(n) for n in onto.objects(DKG.Election, SKOS.scopeNote))
        assert "CAMEO has no code" in note
        return
    assert codes, f"{name} has no dkg:cameoCode"
    assert all(c.isdigit() and 2 <= len(c) <= 4 for c in codes), codes


def test_cameo_and_plover_codes(onto):
    def codes(cls, prop=DKG.cameoCode):
        return {str(c) for c in onto.objects(DKG[cls], prop)}
    assert codes("Meeting") == {"040", "044"}
    assert codes("Call") == {"041"}
    assert codes("Visit") == {"042", "043"}
    assert codes("Invitation") == {"036"}
    assert codes("AgreementSigning") == {"057"}
    assert codes("ArmsTransfer") == {"072"}
    assert codes("Meeting", DKG.ploverCode) == {"CONSULT"}
    assert codes("Visit", DKG.ploverMode) == {"visit"}
    assert codes("Call", DKG.ploverMode) == {"phone"}
    assert codes("Invitation", DKG.ploverCode) == {"AGREE"}
    assert codes("ArmsTransfer", DKG.ploverContext) == {"military"}
    for prop in (DKG.cameoCode, DKG.ploverCode, DKG.ploverMode, DKG.ploverContext):
        assert (prop, RDF.type, OWL.AnnotationProperty) in onto


# --- HermiT --------------------------------------------------------------------

def test_ontology_is_consistent(base_report):
    assert base_report.consistent, base_report.message
    assert base_report.reasoner.startswith("HermiT")
    assert base_report.unsatisfiable == [], base_report.message


def test_state_and_person_is_inconsistent():
    g = Graph()
    g.add((ID["x/both"], RDF.type, DKG.State))
    g.add((ID["x/both"], RDF.type, DKG.Person))
    report = validate.check_consistency(g)
    assert not report.consistent
    assert "inconsistent" in report.message


def test_call_in_person_is_inconsistent():
    g = Graph()
    call = ID["event/t/1"]
    g.add((call, RDF.type, DKG.Call))
    g.add((call, DKG.mode, DKG.inPerson))
    assert not validate.check_consistency(g).consistent
    g.set((call, DKG.mode, DKG.phone))
    assert validate.check_consistency(g).consistent


def test_valid_data_is_consistent_and_dates_are_left_out():
    report = validate.check_consistency(valid_data())
    assert report.consistent, report.message
    assert report.dropped_literals == 4       # anchor, earliest, latest, datePublished
    assert "xsd:date" in report.message


def test_java_missing_is_a_clear_error(monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(validate.JavaNotFoundError, match="Java"):
        validate.check_consistency()


# --- SHACL -------------------------------------------------------------------

ART = ID["article/t"]
EVENT = ID["event/t/1"]
PUTIN, KIM = ID["person/vladimir-putin"], ID["person/kim-jong-un"]
RUSSIA, DPRK = ID["state/russia"], ID["state/north-korea"]


def valid_data() -> Graph:
    """One article with one visit, the way the mapping writes it."""
    g = Graph()
    g.add((ART, RDF.type, SCHEMA.NewsArticle))
    g.add((ART, SCHEMA.identifier, Literal("t")))
    g.add((ART, SCHEMA.headline, Literal("Putin to visit Pyongyang")))
    g.add((ART, SCHEMA.datePublished, Literal("2024-01-21", datatype=XSD.date)))
    g.add((ART, SCHEMA.url, Literal("https://example.org/t", datatype=XSD.anyURI)))
    for node, cls, label in ((PUTIN, DKG.Person, "Vladimir Putin"), (KIM, DKG.Person, "Kim Jong-un"),
                             (RUSSIA, DKG.State, "Russia"), (DPRK, DKG.State, "North Korea")):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((PUTIN, DKG.qid, Literal("Q7747")))
    city = ID["place/pyongyang"]
    g.add((city, RDF.type, DKG.Place))
    g.add((city, RDF.type, DKG.City))
    g.add((city, RDFS.label, Literal("Pyongyang")))
    g.add((city, DKG.locatedIn, DPRK))
    mention = ID["mention/t/0-5"]
    g.add((mention, RDF.type, DKG.Mention))
    g.add((mention, DKG.mentionOf, PUTIN))
    g.add((mention, DKG.inArticle, ART))
    g.add((mention, DKG.beginOffset, Literal(0)))
    g.add((mention, DKG.endOffset, Literal(5)))
    g.add((mention, DKG.text, Literal("Putin")))

    g.add((EVENT, RDF.type, DKG.Visit))
    g.add((EVENT, DKG.status, DKG.planned))
    g.add((EVENT, DKG.visitor, PUTIN))
    g.add((EVENT, DKG.host, KIM))
    g.add((EVENT, DKG.participant, PUTIN))
    g.add((EVENT, DKG.participant, KIM))
    g.add((EVENT, DKG.destination, city))
    g.add((EVENT, DKG.mode, DKG.inPerson))
    g.add((EVENT, DKG.sourceArticle, ART))
    g.add((EVENT, PROV.wasDerivedFrom, ART))
    g.add((EVENT, DKG.extractor, Literal("test")))
    g.add((EVENT, DKG.evidence, Literal("Putin will visit Pyongyang soon")))
    g.add((EVENT, DKG.beginOffset, Literal(0)))
    g.add((EVENT, DKG.endOffset, Literal(31)))
    g.add((EVENT, DKG.sentenceIndex, Literal(0)))
    g.add((EVENT, DKG.confidence, Literal(Decimal("0.8"))))
    when = URIRef(f"{EVENT}/time")
    g.add((EVENT, DKG.time, when))
    g.add((when, RDF.type, DKG.TemporalExpression))
    g.add((when, DKG.text, Literal("next month")))
    g.add((when, DKG.value, Literal("2024-02")))
    g.add((when, DKG.granularity, DKG.month))
    g.add((when, DKG.anchor, Literal("2024-01-21", datatype=XSD.date)))
    g.add((when, DKG.earliest, Literal("2024-02-01", datatype=XSD.date)))
    g.add((when, DKG.latest, Literal("2024-02-29", datatype=XSD.date)))

    holding = ID["holding/person/vladimir-putin/state/russia/president"]
    office = ID["office/state/russia/president"]
    g.add((office, RDF.type, DKG.Office))
    g.add((office, RDFS.label, Literal("President")))
    g.add((office, DKG.officeOf, RUSSIA))
    g.add((holding, RDF.type, DKG.OfficeHolding))
    g.add((holding, DKG.holder, PUTIN))
    g.add((holding, DKG.office, office))
    g.add((holding, DKG.inState, RUSSIA))
    g.add((holding, DKG.startDate, Literal("2012-05-07")))
    g.add((holding, DKG.sourceArticle, ART))
    return g


def assert_fails(g: Graph, *words: str) -> None:
    report = validate.validate_shapes(g)
    assert not report.conforms
    for word in words:
        assert word in report.text, report.text


def test_valid_data_conforms():
    report = validate.validate_shapes(valid_data())
    assert report.conforms, report.text


def test_event_without_status_fails():
    g = valid_data()
    g.remove((EVENT, DKG.status, None))
    assert_fails(g, "status")


def test_status_outside_vocabulary_fails():
    g = valid_data()
    g.set((EVENT, DKG.status, DKG.rumoured))
    assert_fails(g, "status")


def test_two_statuses_fail():
    g = valid_data()
    g.add((EVENT, DKG.status, DKG.occurred))
    assert_fails(g, "status")


def test_event_without_participant_fails():
    g = valid_data()
    g.remove((EVENT, DKG.participant, None))
    assert_fails(g, "participant")


def test_subclass_events_are_checked_too():
    # No reasoning: a Summit (a Meeting, a DiplomaticEvent) is checked all the same.
    g = valid_data()
    g.set((EVENT, RDF.type, DKG.Summit))
    g.remove((EVENT, DKG.destination, None))
    assert validate.validate_shapes(g).conforms
    g.remove((EVENT, DKG.status, None))
    assert not validate.validate_shapes(g).conforms


@pytest.mark.parametrize("value", ["2023-09-13", "2024-W02", "2023-09", "2023", "200"])
def test_time_values_that_conform(value):
    g = valid_data()
    g.set((URIRef(f"{EVENT}/time"), DKG.value, Literal(value)))
    assert validate.validate_shapes(g).conforms


@pytest.mark.parametrize("value", ["September 2023", "2023-9", "23", "2023-09-13T10:00"])
def test_time_values_that_fail(value):
    g = valid_data()
    g.set((URIRef(f"{EVENT}/time"), DKG.value, Literal(value)))
    assert_fails(g, "value")


def test_wrong_literal_types_fail():
    cases = [
        (EVENT, DKG.confidence, Literal(Decimal("1.5"))),
        (EVENT, DKG.confidence, Literal(0.8)),                  # xsd:double, not decimal
        (EVENT, DKG.beginOffset, Literal("0")),                 # string, not integer
        (URIRef(f"{EVENT}/time"), DKG.anchor, Literal("2024-01-21")),   # string, not xsd:date
        (URIRef(f"{EVENT}/time"), DKG.granularity, DKG.fortnight),
        (ART, SCHEMA.datePublished, Literal("21 January 2024")),
    ]
    for s, p, o in cases:
        g = valid_data()
        g.set((s, p, o))
        assert not validate.validate_shapes(g).conforms, (p, o)


def test_entities_need_one_label():
    g = valid_data()
    g.remove((RUSSIA, RDFS.label, None))
    assert_fails(g, "label")
    g = valid_data()
    g.add((ID["place/pyongyang"], RDFS.label, Literal("Phenian")))
    assert_fails(g, "label")


def test_office_holding_needs_a_person():
    g = valid_data()
    holding = ID["holding/person/vladimir-putin/state/russia/president"]
    g.set((holding, DKG.holder, RUSSIA))
    assert_fails(g, "holder")


def test_mention_needs_offsets():
    g = valid_data()
    g.remove((ID["mention/t/0-5"], DKG.endOffset, None))
    assert_fails(g, "endOffset")


def test_shapes_target_every_subclass(onto):
    shapes = validate.load_shapes_graph()
    targeted = set(shapes.objects(None, URIRef(SH + "targetClass")))
    for root in (DKG.DiplomaticEvent, DKG.Place, DKG.Organization):
        missing = subclasses(onto, root) - targeted
        assert not missing, f"shapes.ttl does not target {sorted(missing)}"
    assert {DKG.Person, DKG.State, DKG.OfficeHolding, DKG.TemporalExpression, DKG.Mention,
            SCHEMA.NewsArticle} <= targeted


def test_shapes_use_only_ontology_terms(onto):
    shapes = validate.load_shapes_graph()
    used = {t for triple in shapes for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(DKG))}
    defined = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(DKG))}
    assert used and not used - defined, sorted(used - defined)
