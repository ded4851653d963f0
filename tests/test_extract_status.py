"""Status and attribution: planned, cancelled, denied, alleged never come out as occurred."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def test_called_off_summit_is_cancelled():
    f = extract("summit_called_off.txt")
    pair = events(f, "Meeting", participant=["Daniel Omondi Karanja", "Asha Mwinyimkuu"])
    assert pair
    assert {m.status for m in pair} <= {"cancelled", "denied"}
    assert any(m.status == "cancelled" for m in pair)


def test_did_not_meet_is_denied():
    f = extract("summit_called_off.txt")
    assert any(m.status == "denied" for m in
               events(f, "Meeting", participant=["Daniel Omondi Karanja", "Asha Mwinyimkuu"]))


def test_will_travel_is_planned_with_a_future_date():
    f = extract("summit_called_off.txt")
    (v,) = events(f, "Visit", visitor=["Daniel Omondi Karanja"])
    assert v.status == "planned" and label(f, v.roles["destination"][0]) == "Kampala"
    assert v.time.value == "2024-05-23"          # "on Thursday" after a Monday publication
    (m,) = events(f, "Meeting", participant=["Samuel Okello-Byaruhanga"])
    assert m.status == "planned"


def test_third_party_accusation_is_alleged_and_keeps_its_source():
    f = extract("arms_alleged.txt")
    (t,) = events(f, "ArmsTransfer")
    assert t.status == "alleged"
    assert t.attribution == "state/lithuania"


def test_attribution_to_a_government_body():
    f = extract("arms_alleged.txt")
    (m,) = events(f, "Meeting")
    assert m.status == "occurred" and m.attribution == "org/kremlin"
    assert m.time.value == "2024-08"             # "last month"
    assert label(f, m.place) == "Minsk"


def test_first_to_visit_is_not_a_plan():
    f = extract("norway_chile.txt")
    assert not [v for v in events(f, "Visit", visitor=["Astrid Vellen"]) if v.status == "planned"]
