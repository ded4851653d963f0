"""Visits: stops of a longer trip, visits told through meetings, hosts and accepted
invitations, venues, historical back-references; invitations with a pronoun inviter.
All on invented articles."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def _visits(f, who):
    return sorted((label(f, ev.roles["destination"][0]), ev.status, ev.time.value if ev.time else None)
                  for ev in events(f, "Visit", visitor=[who]))


def test_stops_of_a_tour_are_visits():
    f = extract("visit_trip_stops.txt")
    got = _visits(f, "Ingrid Solberg")
    dests = [d for d, _, _ in got]
    assert ("Lima", "planned", "2025-03-16") in got             # "leave Santiago on Sunday for Lima"
    assert ("Bolivia", "planned", None) in got and ("Paraguay", "planned", None) in got   # "tour will take her to"
    assert "Venezuela" not in dests                              # "when it comes to Venezuela"


def test_arrival_and_hosting_are_one_stay_in_the_city():
    f = extract("visit_trip_stops.txt")
    stays = [v for v in _visits(f, "Ingrid Solberg") if v[1] == "occurred" and (v[2] or "").startswith("2025-03")]
    assert stays == [("Santiago", "occurred", "2025-03-13")]     # not the palace, the earlier day


def test_conjoined_destinations_are_separate_visits():
    f = extract("visit_trip_stops.txt")
    got = _visits(f, "Anders Holt")
    assert {d for d, _, _ in got} == {"Quito", "Bogota", "Brasilia"}
    assert ("Brasilia", "occurred", "2025-01") in got           # "travelled on to Brasilia in January"


def test_meeting_abroad_is_no_visit_by_itself():
    # GUIDELINES, visits: a meeting held abroad does not by itself make a visit
    f = extract("visit_told_elsewhere.txt")
    assert _visits(f, "Daniel Mwangi") == [] and _visits(f, "Paul Otieno") == []
    assert ("Lusaka", "occurred", "2025-03-11") not in _visits(f, "Aino Virtanen")


def test_attending_a_summit_abroad_is_a_visit():
    f = extract("visit_told_elsewhere.txt")
    assert ("Accra", "planned", "2025-04") in _visits(f, "Aino Virtanen")


def test_gathering_guests_are_not_read_as_visits():
    f = extract("visit_told_elsewhere.txt")
    assert _visits(f, "Lars Holm") == [] and _visits(f, "Maja Berg") == []


def test_invitation_to_visit_is_no_visit_unless_accepted():
    f = extract("visit_invited.txt")
    assert _visits(f, "Amadou Diallo") == []                     # invited only
    (inv,) = events(f, "Invitation", inviter=["Rui Matos"], invitee=["Kofi Mensah"])
    assert inv.status == "accepted"                              # "Mensah accepted the invitation at once."
    assert _visits(f, "Kofi Mensah") == [("Porto", "planned", "2026")]
    (other,) = events(f, "Invitation", invitee=["Amadou Diallo"])
    assert other is not inv and other.status == "extended"


def test_pronoun_inviter_is_the_subject_before():
    f = extract("visit_invited.txt")
    (inv,) = events(f, "Invitation", invitee=["Carlos Teixeira"])
    assert [label(f, k) for k in inv.roles["inviter"]] == ["Joana Reis"]
    assert inv.status == "planned"


def test_first_trip_since_a_date_is_also_the_earlier_visit():
    f = extract("visit_history.txt")
    got = _visits(f, "Markus Weber")
    assert ("Ulaanbaatar", "occurred", "2025-03-14") in got           # landed in the capital: not dated 2008
    assert ("Mongolia", "occurred", "2008-03") in got             # the earlier visit


def test_the_last_leader_to_visit_was_x():
    f = extract("visit_history.txt")
    assert _visits(f, "Karl Brunner") == [("Mongolia", "occurred", "1995")]
    assert not any(d == "1995" for _, _, d in _visits(f, "Markus Weber"))


def test_airport_is_not_the_destination_when_the_city_is_known():
    f = extract("visit_history.txt")
    assert not any("Airport" in d for d, _, _ in _visits(f, "Markus Weber"))
    assert ("Japan", "cancelled", "2023") in _visits(f, "Markus Weber")


def test_companion_and_guest_visits():
    f = extract("visit_companions.txt")
    # "from Madrid, where she had accompanied President Doyle to a wine fair": both went
    assert [d for d, _, _ in _visits(f, "Ciara Walsh")] == ["Madrid"]
    assert [d for d, _, _ in _visits(f, "Sean Doyle")] == ["Madrid"]
    # "X, who hosted Y in P in February, will travel ...": Y's visit occurred
    assert _visits(f, "Tomas Irarrazaval") == [("Mexico City", "occurred", "2025-02")]
    assert ("Lima", "planned", "2025-04") in _visits(f, "Luis Ortega")


def test_visit_read_as_a_noun_with_objects_and_a_future_month():
    f = extract("visit_companions.txt")
    got = _visits(f, "Freja Lund")
    assert ("Ghana", "planned", "2025-06") in got and ("Senegal", "planned", "2025-06") in got


def test_title_subject_picks_the_visitor():
    f = extract("visit_companions.txt")
    assert ("Mexico City", "occurred", "2024-06") in _visits(f, "Freja Lund")
    assert not any(d == "Mexico City" for d, _, _ in _visits(f, "Luis Ortega"))


def test_visit_told_in_the_present_is_dated_the_publication_day():
    f = extract("visit_present.txt")
    assert _visits(f, "Luis Ortega")[:1] == [("Lima", "occurred", "2025-03-14")]   # headline "lands in"
    assert _visits(f, "Marta Rojas") == [("Lima", "occurred", "2025-01")]


def test_met_counterparts_hosted_by_a_minister_abroad():
    f = extract("visit_told_elsewhere.txt")
    v = [ev for ev in events(f, "Visit", visitor=["Aino Virtanen"]) if label(f, ev.place) == "Riga"]
    assert len(v) == 1 and v[0].time.value == "2025-01"
    assert [label(f, k) for k in v[0].roles.get("host", [])] == ["Janis Ozols"]
    assert _visits(f, "Janis Ozols") == []


def test_present_at_a_summit_abroad_is_a_visit():
    f = extract("visit_told_elsewhere.txt")
    assert _visits(f, "Erik Dahl") == [("Accra", "planned", "2025-04")]


def test_the_first_since_a_year_is_an_earlier_visit():
    f = extract("visit_history.txt")
    got = _visits(f, "Markus Weber")
    assert ("Laos", "planned", "2025-03-16") in got
    assert ("Laos", "occurred", "2019") in got


def test_en_route_to_a_city():
    f = extract("visit_present.txt")
    assert _visits(f, "Paolo Conti") == [("Tunis", "occurred", "2025-03-13")]


def test_heading_an_office_or_a_group_arriving_is_no_visit_by_the_speaker():
    f = extract("visit_present.txt")
    assert _visits(f, "Nora Field") == []


def test_two_stops_in_one_sentence_and_the_meeting_place():
    f = extract("visit_trip_stops.txt")
    got = _visits(f, "Ingrid Solberg")
    assert ("Peru", "occurred", "2024-11") in got              # "picked Peru for her first trip"
    assert ("Ecuador", "occurred", "2025-01") in got
    (m,) = events(f, "Meeting", participant=["Ingrid Solberg", "Luis Vera"])
    assert label(f, m.place) == "Ecuador"                      # the stop of the meeting's date
