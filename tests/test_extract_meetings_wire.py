"""Who met whom in wire copy (round 6), on invented articles: attendees of a gathering named
only by their offices, ..."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def _names(f, ev):
    return sorted(label(f, k) for k in ev.roles["participant"])


def test_ministers_from_listed_states_are_the_named_ministers():
    f = extract("meet_bloc_ministers.txt")
    (m,) = events(f, "Meeting", participant=["Anan Sirikul", "Farid Osman"])
    assert m.status == "occurred" and label(f, m.place) == "Penang"
    # the defence minister is no foreign minister; the bloc's unnamed ministers are no participants
    assert _names(f, m) == ["Anan Sirikul", "Farid Osman"]


def test_a_present_tense_description_of_such_talks_is_no_meeting():
    f = extract("meet_bloc_ministers.txt")
    assert not [ev for ev in events(f, "Meeting") if ev.trigger and ev.trigger.text == "bring"]


def test_a_meeting_with_a_bloc_group_already_in_the_gathering_is_the_gathering():
    f = extract("meet_bloc_ministers.txt")
    assert not [ev for ev in events(f, "Meeting") if _names(f, ev) == ["ASEAN foreign ministers", "Anan Sirikul"]]


def test_envoys_quoted_after_a_council_session_opens_speak_there():
    f = extract("meet_council_session.txt")
    (m,) = events(f, "Meeting", participant=["Pablo Ferreira", "Omar Haddad"])
    assert m.status == "occurred"
    assert m.time.value == "2025-06-13"            # "at Friday's meeting", not the quote's "last April"
    names = _names(f, m)
    assert "Ingrid Solberg" in names               # quoted before and after: an envoy at the session
    assert "Lena Brandt" not in names              # not an envoy


def test_there_after_a_gathering_places_words_said_face_to_face():
    f = extract("meet_there_asked.txt")
    (m,) = events(f, "Meeting", participant=["Tomas Vell", "Irena Koss"])
    assert m.status == "occurred" and label(f, m.place) == "Valletta" and m.time.value == "2021"
    # the second "There," points back to a building, not to a gathering
    assert not events(f, "Meeting", participant=["Marta Lind", "Irena Koss"])


def test_talks_of_two_states_with_nobody_named_are_no_meeting():
    f = extract("meet_state_sides.txt")
    groups = {label(f, k) for ev in events(f, "Meeting") for k in ev.roles["participant"]
              if f.entities[k].kind != "Person"}
    assert not groups


def test_a_leader_speaking_right_after_the_gathered_leaders_acted_is_one_of_them():
    f = extract("meet_members_speaking.txt")
    (m,) = events(f, "Meeting", participant=["Josefa Naivalu", "Sione Fifita", "Leota Aumua"])
    assert m.status == "occurred" and label(f, m.place) == "Suva"
    assert not {"Clara Whitlow", "Tavita Leone"} & set(_names(f, m))      # later, or no leader


def test_the_three_leaders_are_the_three_people_of_the_last_such_meeting():
    f = extract("meet_numbered_leaders.txt")
    ms = events(f, "Meeting", participant=["Erik Solheim Berg", "Anna Ozola", "Mette Kjaer"])
    old = [m for m in ms if m.time is not None and m.time.value == "2022"]
    assert len(old) == 1 and label(f, old[0].place) == "Lisbon"


def test_an_earlier_meeting_told_after_a_marker_is_a_meeting_of_its_own():
    f = extract("frame_before_that.txt")
    # "A and B had met at the forum in P1 (month) and, earlier still, at the fair in P2": one meeting per place and date
    got = {(label(f, e.place), e.time.value) for e in events(f, "Meeting", participant=["Ilse Marwen", "Dario Quenby"])
           if e.status == "occurred"}
    assert got == {("Oslo", "2025-01"), ("Geneva", "2024-10")}
