"""Plain facts that extractors return, before any RDF.

Extractors know nothing about RDF and the mapping knows nothing about spaCy;
these dataclasses are the contract between them. Every fact carries the
`Evidence` that lets a reader go back to the sentence it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Entity kinds (ontology classes of the same name).
PERSON, STATE, PLACE, ORGANIZATION = "Person", "State", "Place", "Organization"

# Event kinds (ontology classes of the same name).
MEETING = "Meeting"
CALL = "Call"
VISIT = "Visit"
INVITATION = "Invitation"
AGREEMENT_SIGNING = "AgreementSigning"
ARMS_TRANSFER = "ArmsTransfer"
AID_TRANSFER = "AidTransfer"
STATEMENT = "Statement"
ELECTION = "Election"
EVENT_KINDS = (MEETING, CALL, VISIT, INVITATION, AGREEMENT_SIGNING, ARMS_TRANSFER,
               AID_TRANSFER, STATEMENT, ELECTION)

# Statuses (individuals of dkg:Status; the word is the individual's notation).
STATUSES = ("occurred", "planned", "cancelled", "denied", "alleged",
            "extended", "accepted", "declined", "signed", "agreed")

# Roles an entity can play in an event (ontology properties of the same name).
ROLES = ("participant", "visitor", "destination", "host", "inviter", "invitee",
         "party", "signatory", "supplier", "recipient", "speaker", "candidate")


@dataclass
class Evidence:
    """Where a fact was read: character offsets into the article text."""
    start: int
    end: int
    text: str
    sentence_index: int = 0
    sentence_start: int = 0
    sentence_end: int = 0
    confidence: float = 0.5


@dataclass
class Mention:
    """One place in the text that refers to an entity."""
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """One real-world thing as this article talks about it.

    `key` is the entity's identity inside the article and the basis of its IRI
    (e.g. "person/vladimir-putin", "state/russia").
    """
    key: str
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    qid: Optional[str] = None          # Wikidata QID, when known
    country: Optional[str] = None      # key of the State a place/organisation belongs to
    subtype: Optional[str] = None      # e.g. "City", "Venue", "NewsAgency", "Ministry"


@dataclass
class TimeValue:
    """A temporal expression normalised against an anchor date.

    `value` is ISO 8601 at the precision the text gives: "2023-09-13",
    "2023-09", "2024-W02", "2023", "200" (a decade) — or None when it cannot
    be resolved (e.g. a relative date in an article with no publication date).
    """
    text: str
    value: Optional[str]
    granularity: Optional[str]         # day | week | month | year | decade
    anchor: Optional[str] = None       # ISO date the expression was resolved against
    start: Optional[int] = None
    end: Optional[int] = None
    earliest: Optional[str] = None     # first day covered (ISO date)
    latest: Optional[str] = None       # last day covered (ISO date)


@dataclass
class OfficeHolding:
    """A person holds an office (e.g. "President") of a state."""
    person: str                        # entity key
    office: str                        # office label, e.g. "Foreign Minister"
    state: Optional[str] = None        # entity key of the State (None: international body)
    organization: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    evidence: Optional[Evidence] = None


@dataclass
class Event:
    """A diplomatic event with its arguments, status, time and source."""
    kind: str
    roles: dict[str, list[str]] = field(default_factory=dict)   # role -> entity keys
    status: str = "occurred"
    time: Optional[TimeValue] = None
    place: Optional[str] = None        # entity key of the most specific place
    attribution: Optional[str] = None  # entity key of who reported it
    mode: Optional[str] = None         # in-person | phone | video
    name: Optional[str] = None         # agreement or summit name
    item: Optional[str] = None         # what was transferred
    quote: Optional[str] = None        # what a statement said
    trigger: Optional[Mention] = None  # the word that signals the event
    evidence: Optional[Evidence] = None

    def add(self, role: str, key: str) -> None:
        keys = self.roles.setdefault(role, [])
        if key not in keys:
            keys.append(key)

    def entities(self) -> list[str]:
        seen: list[str] = []
        for keys in self.roles.values():
            seen.extend(k for k in keys if k not in seen)
        return seen


@dataclass
class ArticleFacts:
    """Everything one extractor read from one article."""
    article: "Article"  # noqa: F821 - kg.articles.Article
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    offices: list[OfficeHolding] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    extractor: str = ""
    warnings: list[str] = field(default_factory=list)
