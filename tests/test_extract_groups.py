"""Meetings with unnamed groups of officials, delegations, and nominal / participial meetings
(round 3), on invented articles."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def _meetings(f):
    return [sorted(label(f, k) for k in ev.roles["participant"]) for ev in events(f, "Meeting")]


def test_talks_with_unnamed_officials_are_no_meeting():
    # GUIDELINES, meetings 1 and 4: participants who are never named make no meeting
    f = extract("group_talks.txt")
    assert not events(f, "Meeting", participant=["Linda Marsh", "Ukrainian officials"])
    assert not [k for k, e in f.entities.items() if e.subtype == "Group" and e.label == "Ukrainian officials"]


def test_named_delegation_members_replace_the_group():
    f = extract("group_talks.txt")
    (m,) = events(f, "Meeting", participant=["Linda Marsh", "Tom Hale", "Ivan Petrescu", "Oleh Sirbu"])
    assert m.status == "planned" and m.time.value == "2025-03-13"
    assert "Moldovan officials" not in {label(f, k) for k in m.roles["participant"]}


def test_meetings_with_bloc_ministers_name_nobody():
    f = extract("group_talks.txt")
    assert not events(f, "Meeting", participant=["G7 foreign ministers"])


def test_coordinated_unnamed_groups_make_no_meeting():
    f = extract("group_talks.txt")
    assert not events(f, "Meeting", participant=["Kenyan officials", "Ugandan officials"])
    assert not events(f, "Meeting", participant=["leaders from the U.S.", "leaders from China"])


def test_crowds_and_lone_groups_are_not_participants():
    f = extract("group_talks.txt")
    for parts in _meetings(f):
        assert not any("countries" in p or p.lower().startswith("defence ministers") for p in parts)


def test_participle_meeting_told_during_visit_and_visiting_guest():
    f = extract("nominal_meetings.txt")
    (m,) = events(f, "Meeting", participant=["Sofia Lenz", "Emil Varga"])
    assert m.status == "occurred" and m.time.value == "2025-03-10"
    (t,) = events(f, "Meeting", participant=["Kofi Mensah", "Ama Owusu"])
    assert t.time.value == "2024-08"
    (a,) = events(f, "Meeting", participant=["Alan Brooke", "Pia Holm"])
    assert label(f, a.place) == "Washington" and a.time.value == "2025-03-06"
    (v,) = events(f, "Visit", visitor=["Pia Holm"])
    assert not events(f, "Visit", visitor=["Alan Brooke"])


def test_phone_conversation_stays_a_call():
    f = extract("nominal_meetings.txt")
    assert not events(f, "Meeting", participant=["Ruth Adler"])
    assert events(f, "Call", participant=["Ruth Adler", "Omar Haddad"])


def test_meeting_after_which_a_trip_follows_keeps_its_own_date():
    f = extract("wire_meetings.txt")
    (m,) = [e for e in events(f, "Meeting", participant=["Grace Marlow", "Paul Denton"])
            if "after meeting" in e.evidence.text]
    assert m.time is None or not m.time.value.startswith("2025-04")   # April is the trip's date


def test_trip_that_includes_meeting_two_leaders_gives_two_meetings():
    f = extract("wire_meetings.txt")
    assert events(f, "Meeting", participant=["Grace Marlow", "Tomas Irarrazaval"])
    assert events(f, "Meeting", participant=["Grace Marlow", "Rosa Quispe"])
    assert not [e for e in events(f, "Meeting", participant=["Tomas Irarrazaval", "Rosa Quispe"])
                if e.status != "planned" or e.time is None or e.time.value != "2025-05"]


def test_hours_of_talks_and_a_city_named_before_talks():
    f = extract("wire_meetings.txt")
    assert not events(f, "Meeting", participant=["Linda Marsh", "Ukrainian officials"])
    (p,) = events(f, "Meeting", participant=["Linda Marsh", "Tom Hale"])
    assert p.status == "planned" and label(f, p.place) == "Geneva" and p.time.value == "2025-03-18"
    assert "Moldovan officials" not in {label(f, k) for k in p.roles["participant"]}


def test_due_to_meet_is_planned_with_place_and_month():
    f = extract("wire_meetings.txt")
    (m,) = events(f, "Meeting", participant=["Tomas Irarrazaval", "Rosa Quispe"])
    assert m.status == "planned" and label(f, m.place) == "Lima"


def test_speaker_of_a_denial_is_not_a_participant():
    f = extract("wire_meetings.txt")
    for ev in events(f, "Meeting"):
        assert "Aides" not in {label(f, k) for k in ev.roles["participant"]}
    denied = [e for e in events(f, "Meeting", participant=["Grace Marlow", "Rosa Quispe"]) if e.status == "denied"]
    assert denied


def test_invitation_to_a_person_to_visit():
    f = extract("wire_meetings.txt")
    (i,) = events(f, "Invitation", inviter=["Paul Denton"], invitee=["Grace Marlow"])
    assert label(f, i.roles["destination"][0]) == "United States"


def test_bare_surname_is_the_person_named_in_full_before():
    f = extract("wire_meetings.txt")
    (h,) = events(f, "Meeting", participant=["Paul Denton", "Tomas Irarrazaval"])
    assert label(f, h.place) == "White House"
    (m,) = [e for e in events(f, "Meeting", participant=["Paul Denton", "Grace Marlow"])
            if e.time and e.time.value == "2023-06"]
    assert m.status == "occurred"


def test_trip_home_is_not_a_visit():
    f = extract("wire_meetings.txt")
    assert not [v for v in events(f, "Visit", visitor=["Grace Marlow"])
                if label(f, v.roles["destination"][0]) in ("Canberra", "Australia")]


def test_delegations_led_by_named_people_meet_as_those_people():
    from kg.articles import Article
    from kg.extract import get_extractor
    text = ("Senior delegations representing Chile and Peru met on June 3 and 4 for a strategic dialogue. "
            "Foreign Minister Rui Alves led the Chilean delegation while Foreign Minister Jon Vidal and "
            "Defense Minister Eva Lund led the Peruvian delegation.")
    f = get_extractor("rules")(Article(id="t", text=text, published="2022-05-11"))
    meetings = [{f.entities[k].label for k in ev.roles["participant"]} for ev in f.events if ev.kind == "Meeting"]
    assert {"Rui Alves", "Jon Vidal", "Eva Lund"} in meetings
