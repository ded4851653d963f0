"""Facts → RDF: one named graph per article, typed by the ontology.

The mapping is the only place that knows both the fact dataclasses and the
ontology's terms. IRIs are deterministic (entity keys, article ids, positions
in the text), so re-extracting an article yields the same graph.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .facts import ArticleFacts, Entity, Event, Evidence, OfficeHolding, TimeValue
from .namespaces import DKG, GRAPH, ID, PREFIXES, SCHEMA, WD, slug

# Roles that make their holder a participant of the event (dkg:participant's
# sub-properties). They are written with the super-property too, so that
# queries need no reasoner.
PARTICIPANT_ROLES = {"participant", "visitor", "host", "inviter", "invitee", "party",
                     "signatory", "supplier", "recipient", "speaker", "candidate"}
MODES = {"in-person": DKG.inPerson, "phone": DKG.phone, "video": DKG.video}
SUBTYPES = {"City", "Venue", "Region", "Ministry", "NewsAgency", "StateMedia",
            "GovernmentBody", "InternationalOrganization"}


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def graph_iri(article_id: str) -> URIRef:
    return GRAPH[f"article/{article_id}"]


def entity_iri(key: str) -> URIRef:
    return ID[key]


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def to_graph(facts: ArticleFacts) -> Graph:
    """The article's named graph (an rdflib Graph whose identifier is its IRI)."""
    from .identity import canonicalize

    facts = canonicalize(facts)        # cross-article keys, one label per node, QIDs
    art = facts.article
    g = bind_prefixes(Graph(identifier=graph_iri(art.id)))
    a = article_iri(art.id)
    extractor = facts.extractor or f"kg {__version__}"

    g.add((a, RDF.type, SCHEMA.NewsArticle))
    g.add((a, SCHEMA.identifier, Literal(art.id)))
    g.add((a, DKG.articleId, Literal(art.id)))
    g.add((a, DKG.contentHash, Literal(art.content_hash)))
    g.add((a, SCHEMA.articleBody, Literal(art.text)))
    if art.title:
        g.add((a, SCHEMA.headline, Literal(art.title)))
    if art.published:
        g.add((a, SCHEMA.datePublished, Literal(art.published, datatype=XSD.date)))
    if art.url and art.url.startswith(("http://", "https://")):
        g.add((a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))

    for entity in facts.entities.values():
        _entity(g, entity, a)
    for holding in facts.offices:
        _office(g, holding, facts, a, extractor)
    for n, event in enumerate(facts.events, 1):
        _event(g, event, ID[f"event/{art.id}/{n}"], facts, a, extractor)
    return g


def _entity(g: Graph, e: Entity, article: URIRef) -> None:
    node = entity_iri(e.key)
    g.add((node, RDF.type, DKG[e.kind]))
    if e.subtype in SUBTYPES:
        g.add((node, RDF.type, DKG[e.subtype]))
    g.add((node, RDFS.label, Literal(e.label)))
    for alias in sorted(set(e.aliases) - {e.label}):
        g.add((node, SKOS.altLabel, Literal(alias)))
    if e.qid:
        g.add((node, DKG.qid, Literal(e.qid)))
        g.add((node, OWL.sameAs, WD[e.qid]))
    if e.country:
        prop = DKG.locatedIn if e.kind == "Place" else DKG.stateOf
        g.add((node, prop, entity_iri(e.country)))
    for m in e.mentions:
        mention = ID[f"mention/{article.split('/')[-1]}/{m.start}-{m.end}"]
        g.add((mention, RDF.type, DKG.Mention))
        g.add((mention, DKG.mentionOf, node))
        g.add((mention, DKG.inArticle, article))
        g.add((mention, DKG.beginOffset, Literal(m.start)))
        g.add((mention, DKG.endOffset, Literal(m.end)))
        g.add((mention, DKG.text, Literal(m.text)))


def _evidence(g: Graph, node: URIRef, ev: Optional[Evidence], article: URIRef, extractor: str) -> None:
    g.add((node, DKG.sourceArticle, article))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, DKG.extractor, Literal(extractor)))
    if ev is None:
        return
    g.add((node, DKG.evidence, Literal(ev.text)))
    g.add((node, DKG.beginOffset, Literal(ev.start)))
    g.add((node, DKG.endOffset, Literal(ev.end)))
    g.add((node, DKG.sentenceIndex, Literal(ev.sentence_index)))
    g.add((node, DKG.sentenceBegin, Literal(ev.sentence_start)))
    g.add((node, DKG.sentenceEnd, Literal(ev.sentence_end)))
    g.add((node, DKG.confidence, Literal(Decimal(str(round(ev.confidence, 3))))))


def _office(g: Graph, h: OfficeHolding, facts: ArticleFacts, article: URIRef, extractor: str) -> None:
    where = h.state or h.organization or "none"
    office = ID[f"office/{where}/{slug(h.office)}"]
    holding = ID[f"holding/{h.person}/{where}/{slug(h.office)}"]
    g.add((office, RDF.type, DKG.Office))
    g.add((office, RDFS.label, Literal(h.office)))
    g.add((holding, RDF.type, DKG.OfficeHolding))
    g.add((holding, DKG.holder, entity_iri(h.person)))
    g.add((holding, DKG.office, office))
    if h.state:
        g.add((office, DKG.officeOf, entity_iri(h.state)))
        g.add((holding, DKG.inState, entity_iri(h.state)))
    if h.organization:
        g.add((holding, DKG.inOrganization, entity_iri(h.organization)))
    if h.start:
        g.add((holding, DKG.startDate, Literal(h.start)))
    if h.end:
        g.add((holding, DKG.endDate, Literal(h.end)))
    person = facts.entities.get(h.person)
    label = f"{h.office}: {person.label}" if person else h.office
    g.add((holding, RDFS.label, Literal(label)))
    _evidence(g, holding, h.evidence, article, extractor)


def _time(g: Graph, node: URIRef, t: TimeValue) -> None:
    g.add((node, RDF.type, DKG.TemporalExpression))
    g.add((node, DKG.text, Literal(t.text)))
    if t.value:
        g.add((node, DKG.value, Literal(t.value)))
    if t.granularity:
        g.add((node, DKG.granularity, DKG[t.granularity]))
    for prop, value in ((DKG.anchor, t.anchor), (DKG.earliest, t.earliest), (DKG.latest, t.latest)):
        if value:
            g.add((node, prop, Literal(value, datatype=XSD.date)))
    if t.start is not None and t.end is not None:
        g.add((node, DKG.beginOffset, Literal(t.start)))
        g.add((node, DKG.endOffset, Literal(t.end)))


def _event(g: Graph, e: Event, node: URIRef, facts: ArticleFacts, article: URIRef, extractor: str) -> None:
    g.add((node, RDF.type, DKG[e.kind]))
    g.add((node, DKG.status, DKG[e.status]))
    for role, keys in e.roles.items():
        for key in keys:
            g.add((node, DKG[role], entity_iri(key)))
            if role in PARTICIPANT_ROLES:
                g.add((node, DKG.participant, entity_iri(key)))
    g.add((node, RDFS.label, Literal(_event_label(e, facts))))
    if e.place:
        g.add((node, DKG.place, entity_iri(e.place)))
    if e.time is not None:
        tnode = URIRef(f"{node}/time")
        g.add((node, DKG.time, tnode))
        _time(g, tnode, e.time)
    if e.attribution:
        g.add((node, DKG.accordingTo, entity_iri(e.attribution)))
    if e.mode in MODES:
        g.add((node, DKG.mode, MODES[e.mode]))
    if e.name:
        g.add((node, DKG.name, Literal(e.name)))
    if e.kind == "AgreementSigning":
        agreement = ID[f"agreement/{slug(e.name)}"] if e.name else URIRef(f"{node}/agreement")
        g.add((agreement, RDF.type, DKG.Agreement))
        g.add((agreement, RDFS.label, Literal(e.name or "unnamed agreement")))
        g.add((node, DKG.agreement, agreement))
    if e.item:
        item = ID[f"item/{slug(e.item)}"]
        g.add((item, RDF.type, DKG.Item))
        g.add((item, RDFS.label, Literal(e.item)))
        g.add((node, DKG.item, item))
    if e.quote:
        g.add((node, DKG.quote, Literal(e.quote)))
    if e.trigger is not None:
        trig = URIRef(f"{node}/trigger")
        g.add((node, DKG.trigger, trig))
        g.add((trig, RDF.type, DKG.Mention))
        g.add((trig, DKG.mentionOf, node))
        g.add((trig, DKG.inArticle, article))
        g.add((trig, DKG.beginOffset, Literal(e.trigger.start)))
        g.add((trig, DKG.endOffset, Literal(e.trigger.end)))
        g.add((trig, DKG.text, Literal(e.trigger.text)))
    _evidence(g, node, e.evidence, article, extractor)


def _event_label(e: Event, facts: ArticleFacts) -> str:
    names = [facts.entities[k].label for k in e.entities() if k in facts.entities]
    words = {"AgreementSigning": "Agreement signing", "ArmsTransfer": "Arms transfer",
             "AidTransfer": "Aid transfer"}
    kind = words.get(e.kind, e.kind)
    when = f" ({e.time.value})" if e.time and e.time.value else ""
    return f"{kind}: {', '.join(names[:4]) or 'unnamed'}{when}"


def to_dataset(all_facts: list[ArticleFacts]) -> Dataset:
    """Several articles as one dataset, each in its own named graph."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    for facts in all_facts:
        graph = ds.graph(graph_iri(facts.article.id))
        for triple in to_graph(facts):
            graph.add(triple)
    return ds
