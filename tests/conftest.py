"""Shared fixtures: sample facts built by hand (no spaCy), a real store, paths.

Each engineer adds fixtures here; keep them small and documented.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples" / "articles"
SEED_DIR = SHARED / "corpus" / "seed"


def kg_command() -> list[str]:
    """The installed `kg` console script of this environment."""
    exe = Path(sys.executable).parent / "kg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def needs_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside checkouts and in CI)")
    return path


def make_sample_facts(article_id: str = "sample-1"):
    """Two invented ministers meet in a capital; one invites the other; a pledge of aid."""
    from kg.articles import Article
    from kg.facts import (ArticleFacts, Entity, Event, Evidence, Mention, OfficeHolding,
                          TimeValue)

    text = ("Norwegian Foreign Minister Ingrid Halvorsen met Chilean Foreign Minister "
            "Tomás Araya in Santiago last September. Halvorsen invited Araya to Oslo.")
    art = Article(id=article_id, text=text, title="Ministers meet", published="2024-01-21",
                  url="https://news.example.org/sample")
    f = ArticleFacts(article=art, extractor="hand-built test facts")

    def ent(key, kind, label, start=None, subtype=None, country=None, qid=None):
        mentions = [Mention(start, start + len(label), label)] if start is not None else []
        f.entities[key] = Entity(key, kind, label, aliases=[label], mentions=mentions,
                                 subtype=subtype, country=country, qid=qid)

    ent("state/norway", "State", "Norway", qid="Q20")
    ent("state/chile", "State", "Chile", qid="Q298")
    ent("person/ingrid-halvorsen", "Person", "Ingrid Halvorsen", text.index("Ingrid"))
    ent("person/tomas-araya", "Person", "Tomás Araya", text.index("Tomás"))
    ent("place/santiago", "Place", "Santiago", text.index("Santiago"), subtype="City",
        country="state/chile")
    ent("place/oslo", "Place", "Oslo", text.index("Oslo"), subtype="City", country="state/norway")
    first = text.index(".") + 1
    ev1 = Evidence(0, first, text[:first], 0, 0, first, 0.8)
    ev2 = Evidence(first + 1, len(text), text[first + 1:], 1, first + 1, len(text), 0.7)
    meeting = Event(kind="Meeting", status="occurred", place="place/santiago", mode="in-person",
                    time=TimeValue("last September", "2023-09", "month", "2024-01-21",
                                   text.index("last"), text.index("last") + 14,
                                   "2023-09-01", "2023-09-30"), evidence=ev1)
    meeting.add("participant", "person/ingrid-halvorsen")
    meeting.add("participant", "person/tomas-araya")
    invitation = Event(kind="Invitation", status="extended", evidence=ev2)
    invitation.add("inviter", "person/ingrid-halvorsen")
    invitation.add("invitee", "person/tomas-araya")
    invitation.add("destination", "place/oslo")
    f.events += [meeting, invitation]
    f.offices += [OfficeHolding("person/ingrid-halvorsen", "Foreign Minister", "state/norway", evidence=ev1),
                  OfficeHolding("person/tomas-araya", "Foreign Minister", "state/chile", evidence=ev1)]
    return f


@pytest.fixture
def sample_facts():
    return make_sample_facts()


@pytest.fixture
def sample_store(tmp_path):
    """A real on-disk Oxigraph store holding the sample article and the ontology."""
    from kg.mapping import to_graph
    from kg.store import LocalStore
    from kg.validate import load_ontology_graph

    store = LocalStore(tmp_path / "store")
    store.replace_graphs([to_graph(make_sample_facts())])
    store.load_ontology(load_ontology_graph())
    return store


@pytest.fixture(scope="session")
def extractor():
    """The real rule extractor (loads spaCy once per test session)."""
    from kg.extract import get_extractor

    return get_extractor("rules")
