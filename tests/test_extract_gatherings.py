"""Multilateral gatherings as frames that collect their attendees across an article
(summits, forums, conferences), on invented articles."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def _people(f, ev):
    return {label(f, k) for k in ev.roles["participant"]}


def _gathering(f, status="occurred", name=None):
    evs = [ev for ev in f.events if ev.kind == "Meeting" and ev.status == status and len(ev.roles["participant"]) >= 3
           and (name is None or name in ev.trigger.text or name in (ev.name or ""))]
    assert len(evs) == 1, [(_people(f, e), e.trigger.text) for e in evs]
    return evs[0]


def test_summit_that_drew_leaders_counts_them_as_attendees():
    f = extract("gather_summit_span.txt")
    ev = _gathering(f)
    # "X opened the summit in P, which drew A and B"
    assert {"Edda Vantrell", "Piet Jorvaldsen", "Amos Kettering"} <= _people(f, ev)
    assert label(f, ev.place) == "Porto"


def test_meetings_told_inside_the_summit_story_happen_there():
    f = extract("gather_summit_span.txt")
    ev = _gathering(f)
    # "X met B on Friday" right after the summit sentence: B was at the summit
    assert "Selma Okonkwo" in _people(f, ev)
    (bilateral,) = [m for m in events(f, "Meeting", participant=["Edda Vantrell", "Selma Okonkwo"])
                    if len(m.roles["participant"]) == 2]
    assert label(f, bilateral.place) == "Porto" and bilateral.time.value == "2025-03-14"


def test_remote_attendee_stays_out_but_delegation_leader_is_in():
    f = extract("gather_summit_span.txt")
    ev = _gathering(f)
    people = _people(f, ev)
    assert "Hugo Merrin" not in people          # "took part by videoconference"
    assert "Tomas Reyl" in people               # "..., while B led the delegation"


def test_meeting_in_a_since_clause_is_not_at_the_summit():
    f = extract("gather_summit_span.txt")
    ev = _gathering(f)
    assert "Gregor Haldane" not in _people(f, ev)
    (old,) = events(f, "Meeting", participant=["Edda Vantrell", "Gregor Haldane"])
    assert old.place is None


def test_list_of_presidents_who_met_is_the_summit_itself():
    f = extract("gather_bloc_list.txt")
    ev = _gathering(f)
    assert _people(f, ev) == {"Ramon Estigarribia", "Lucia Fenwick", "Tomas Albarran", "Ana Quisbert",
                              "Elena Sotomayor"}      # "Peru was represented by Trade Minister X"
    assert label(f, ev.place) == "Quito" and ev.time.value == "2025-06-09"
    # told once: the "met" sentence is not a second meeting of the same people
    assert not [m for m in events(f, "Meeting", participant=["Ramon Estigarribia", "Lucia Fenwick"]) if m is not ev]


def test_skipper_is_not_an_attendee_and_no_such_meeting_keeps_the_summit():
    f = extract("gather_bloc_list.txt")
    ev = _gathering(f)
    assert "Marco Ulloa" not in _people(f, ev)
    (denied,) = events(f, "Meeting", participant=["Marco Ulloa", "Ramon Estigarribia"])
    assert denied.status == "denied"


def test_stand_in_sent_to_another_gathering_attends_it():
    f = extract("gather_bloc_list.txt")
    ev = _gathering(f, "planned")
    assert _people(f, ev) == {"Rita Mendes", "Pablo Ibarra", "Sofia Larranaga"}
    assert ev.time.value == "2025-06-12"        # the conference's Thursday, not the summit's Monday
    assert ev.place is None                     # not the place of a denied meeting told before


def test_joint_news_conference_is_an_encounter():
    f = extract("gather_mediated_talks.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Karim Haddad", "Daniel Omondi Karanja", "Asha Mwinyimkuu"])
            if e.trigger.text == "conference"]
    assert m.status == "occurred" and m.time.value == "2025-04-09"


def test_talks_that_brought_together_two_ministers_and_a_mediator():
    f = extract("gather_mediated_talks.txt")
    (m,) = events(f, "Meeting", participant=["Peter Wambugu", "Juma Salehe"])
    # "his Tanzanian counterpart X": the name given, not the nominal's guess
    assert {label(f, k) for k in m.roles["participant"]} == {"Peter Wambugu", "Juma Salehe", "Samir Fawzy"}
    assert label(f, m.place) == "Alexandria"


def test_meeting_under_someones_auspices_includes_them():
    f = extract("gather_mediated_talks.txt")
    met = [m for m in events(f, "Meeting", participant=["Daniel Omondi Karanja", "Asha Mwinyimkuu", "Karim Haddad"])
           if m.trigger.text == "met"]
    assert len(met) == 1 and label(f, met[0].place) == "Arusha"


def test_wanting_to_bring_people_together_is_planned():
    f = extract("gather_mediated_talks.txt")
    (m,) = events(f, "Meeting", participant=["Karim Haddad", "Daniel Omondi Karanja", "Peter Wambugu"])
    assert m.status == "planned" and label(f, m.place) == "Cairo" and m.time.value == "2025-06"


def test_planned_summit_attendees_from_a_subject_list_told_once():
    f = extract("gather_mediated_talks.txt")
    planned = [m for m in events(f, "Meeting", participant=["Daniel Omondi Karanja", "Juma Salehe"])
               if m.status == "planned"]
    assert len(planned) == 1
    assert _people(f, planned[0]) == {"Daniel Omondi Karanja", "Asha Mwinyimkuu", "Juma Salehe", "Paul Mugenzi"}


def test_signing_ceremony_counts_the_witness_and_takes_the_ceremony_date():
    f = extract("gather_signing.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Ines Araya", "Hugo Salcedo"]) if e.trigger.text == "signed"]
    assert _people(f, m) == {"Ines Araya", "Hugo Salcedo", "Mateo Cordero"}   # "with X countersigning the text"
    assert m.time.value == "2025-05-20"      # the signing told the sentence before, "on Tuesday"


def test_reception_after_the_ceremony_is_a_meeting():
    f = extract("gather_signing.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Mateo Cordero", "Hugo Salcedo"]) if e.trigger.text == "received"]
    assert m.status == "occurred"


def test_broker_of_a_signed_treaty_was_there():
    f = extract("gather_signing.txt")
    (m,) = events(f, "Meeting", participant=["Rosa Meneses", "Julio Tapia"])
    assert _people(f, m) == {"Rosa Meneses", "Julio Tapia", "Tomas Ibarra"} and m.time.value == "1998"


def test_meeting_hosted_and_attended_takes_the_met_sentence_before():
    f = extract("gather_convened_meeting.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Lucia Ferrer"]) if e.status == "occurred"]
    assert _people(f, m) == {"Lucia Ferrer", "Marek Zielny", "Soren Holt"}     # "..., which was attended by A and B"
    assert label(f, m.place) == "Rota" and m.time.value == "2025-02-03"         # "gathered in P on Monday"


def test_convened_meeting_chaired_by_and_attended_is_its_own_gathering():
    f = extract("gather_convened_meeting.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Clara Ruiz"]) if e.status == "planned"]
    # the speaker of "X said Spain plans to convene ..." is not there; the earlier meeting's people neither
    assert _people(f, m) == {"Clara Ruiz", "Amina Tazi", "Rui Coelho"}
    assert label(f, m.place) == "Seville" and m.time.value == "2025-02-07"


def test_side_meeting_chaired_at_the_summit_puts_its_chairs_there():
    f = extract("gather_summit_span.txt")
    ev = _gathering(f)
    assert "Karen Lund" in _people(f, ev)
    (side,) = [m for m in events(f, "Meeting", participant=["Piet Jorvaldsen", "Karen Lund"]) if m is not ev]
    assert len(side.roles["participant"]) == 2 and label(f, side.place) == "Porto"


def test_spouse_who_comes_along_is_not_a_participant():
    f = extract("gather_signing.txt")
    (m,) = events(f, "Meeting", participant=["Mateo Cordero", "Raul Quispe"])
    assert "Sandra Lopez" not in _people(f, m)
    assert any(e.label == "Sandra Lopez" for e in f.entities.values())


def test_passive_signing_by_two_ministers_takes_the_ceremony_told_before():
    f = extract("gather_signing_passive.txt")
    (m,) = events(f, "Meeting", participant=["Luis Pando", "Carla Benitez"])
    assert _people(f, m) == {"Luis Pando", "Carla Benitez", "Ana Quiroga"}    # "in the presence of X"
    assert label(f, m.place) == "La Paz" and m.time.value == "2025-07-04"      # from the sentence before


def test_speakers_who_told_or_spoke_at_the_summit_attend_it():
    f = extract("gather_speakers.txt")
    ev = _gathering(f)
    # "X told the summit", "Y spoke at the summit", "Z told delegates that ... host the next meeting"
    assert _people(f, ev) == {"Tevita Rabuka", "Lina Tuala", "Joel Natapei"}    # not "addressed ... via videoconference"
    assert label(f, ev.place) == "Suva" and ev.time.value == "2025-09-08"


def test_their_summit_held_in_a_city_is_attended_by_the_clause_subjects():
    f = extract("gather_their_summit.txt")
    ev = _gathering(f)
    assert _people(f, ev) == {"Jan Nowicki", "Eva Dvorakova", "Marek Hruby"}
    assert label(f, ev.place).lower() == "krakow" and ev.time.value == "2025-10-10"   # "summit, which took place in P"
    (lunch,) = [m for m in events(f, "Meeting", participant=["Jan Nowicki"]) if len(m.roles["participant"]) == 2]
    assert lunch.place == ev.place                 # the bilateral happened there too


def test_headline_listing_the_people_met_is_a_tour_of_bilateral_meetings():
    f = extract("gather_headline_tour.txt")
    meetings = [e for e in f.events if e.kind == "Meeting"]
    assert all(len(m.roles["participant"]) == 2 for m in meetings)        # never Devos with Lindqvist
    (m,) = events(f, "Meeting", participant=["Ana Ruiz", "Hugo Devos"])
    assert label(f, m.place) == "Egmont Palace" and m.time.value == "2025-02-10"   # the body's telling wins


def test_host_of_the_closing_round_took_part():
    f = extract("gather_chaired_session.txt")
    (m,) = events(f, "Meeting", participant=["Omar Tahir", "Idriss Mahamat"])
    assert _people(f, m) == {"Omar Tahir", "Idriss Mahamat", "Grace Wanjiru"}
    assert label(f, m.place) == "Nairobi"


def test_summit_in_a_since_clause_collects_no_attendees_from_the_story():
    f = extract("frame_since_summit.txt")
    # "her first trip abroad since X took part in a forum at P": X alone was there, and a later
    # "A met B on the sidelines of the (same-named) summit" is another summit
    assert not [e for e in f.events if e.kind == "Meeting" and "Oskar Brandt" in _people(f, e)]
    (oslo,) = [e for e in events(f, "Meeting", participant=["Ilse Marwen", "Dario Quenby"])
               if e.place and label(f, e.place) == "Oslo"]
    assert oslo.time.value == "2024-05"


def test_undated_talks_take_the_date_of_the_lead_their_attendees_open():
    f = extract("frame_lead_date.txt")
    # "Ministers from ORG called ... on Thursday. ... The ORG talks in P brought together A, B and C"
    ev = _gathering(f)
    assert _people(f, ev) == {"Anong Sirichai", "Farid Osman", "Lourdes Navarro"}
    assert label(f, ev.place) == "Penang" and ev.time is not None and ev.time.value == "2025-06-19"


def test_session_of_a_standing_body_told_nowhere_else_is_held_in_its_chamber():
    f = extract("frame_body_session.txt")
    # "at a meeting of the U.N. General Assembly" with no city: the body's chamber is the place
    ev = _gathering(f)
    assert {"Teodor Vasko", "Nadia Ferreyra", "Kwame Ansel"} <= _people(f, ev)
    assert ev.place is not None and "General Assembly" in label(f, ev.place)
