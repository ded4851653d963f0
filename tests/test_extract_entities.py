"""Entities on short invented articles: persons, titles, offices, places and their countries."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import extract, label  # noqa: E402


def persons(facts):
    return {e.label for e in facts.entities.values() if e.kind == "Person"}


def test_titles_are_not_part_of_names_and_surnames_join_the_full_name():
    f = extract("norway_chile.txt")
    assert persons(f) == {"Astrid Vellen", "Tomas Irarrazaval"}
    vellen = f.entities["person/astrid-vellen"]
    assert "Vellen" in vellen.aliases          # "Vellen, who arrived ..." is the same person


def test_offices_link_person_office_and_state():
    f = extract("norway_chile.txt")
    held = {(label(f, h.person), h.office, label(f, h.state)) for h in f.offices}
    assert ("Astrid Vellen", "Foreign Minister", "Norway") in held
    assert ("Tomas Irarrazaval", "Foreign Minister", "Chile") in held


def test_places_are_linked_to_their_country():
    f = extract("norway_chile.txt")
    santiago = f.entities["place/santiago"]
    assert santiago.kind == "Place" and santiago.country == "state/chile"
    assert f.entities["place/oslo"].country == "state/norway"


def test_a_hyphenated_surname_alone_is_the_person_not_an_organisation():
    f = extract("invitation_declined.txt")
    assert not any(e.kind == "Organization" and "Asante" in e.label for e in f.entities.values())
    assert "Asante-Mensah" in f.entities["person/kwabena-asante-mensah"].aliases


def test_news_agency_and_government_metonym():
    f = extract("summit_called_off.txt")
    assert f.entities["org/rift-valley-press"].subtype == "NewsAgency"
    g = extract("arms_alleged.txt")
    kremlin = g.entities["org/kremlin"]
    assert kremlin.kind == "Organization" and kremlin.country == "state/russia"


def test_counterpart_resolves_to_the_person_of_that_state():
    f = extract("norway_chile.txt")
    inv = [e for e in f.events if e.kind == "Invitation"]
    assert inv and label(f, inv[0].roles["inviter"][0]) == "Astrid Vellen"


def test_every_mention_has_offsets_into_the_text():
    f = extract("norway_chile.txt")
    text = f.article.text
    for e in f.entities.values():
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
