"""Meeting places taken from the scene around an event (round 6), on invented articles."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import extract, label  # noqa: E402


def _meeting(f, *names):
    return next(e for e in f.events if e.kind == "Meeting"
                and {label(f, k) for k in e.roles.get("participant", [])} == set(names))


def test_undated_unplaced_meeting_takes_the_place_of_the_clause_whose_date_it_takes():
    # "after negotiations chaired by X in P on Wednesday. X unveiled ... with A and B."
    f = extract("attr_lead_clause.txt")
    m = _meeting(f, "Aldo Brenha", "Mira Tovar", "Jonas Pellegrini")
    assert label(f, m.place) == "Lisbon"


def test_inherited_place_makes_no_visit():
    f = extract("attr_lead_clause.txt")
    assert not [e for e in f.events if e.kind == "Visit"
                and {label(f, k) for k in e.roles["visitor"]} & {"Mira Tovar", "Jonas Pellegrini"}]


def test_same_day_meeting_sharing_a_participant_is_placed_where_that_one_was():
    # a later meeting of the same day with a participant of the placed one: same city or state
    f = extract("attr_same_scene.txt")
    m = _meeting(f, "Elisa Roque", "Pedro Lunares", "Marek Sande")
    assert label(f, m.place) in ("Oslo", "Norway")
