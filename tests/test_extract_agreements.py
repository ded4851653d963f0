"""Agreements, more encounters and transfers on an invented article (accords_and_arms.txt)."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402

ART = "accords_and_arms.txt"


def _parties(f, ev):
    return {label(f, k) for k in ev.roles.get("party", [])}


def test_treaty_signed_by_two_leaders_with_its_name():
    f = extract(ART)
    treaties = [a for a in events(f, "AgreementSigning") if "treaty" in (a.name or "")]
    assert treaties, [a.name for a in events(f, "AgreementSigning")]
    t = treaties[0]
    assert t.status == "signed" and _parties(f, t) == {"Norway", "Portugal"}
    assert "maritime" in t.name                  # the headline names it; the body repeats it


def test_agreed_to_resume_is_no_agreement():
    # GUIDELINES, agreements: a decision only "agreed", with no document signed, is none
    f = extract(ART)
    assert not [a for a in events(f, "AgreementSigning") if a.name and "resume" in a.name]


def test_older_pact_cited_with_its_year():
    f = extract(ART)
    old = [a for a in events(f, "AgreementSigning") if a.time and a.time.value == "2009"]
    assert old and old[0].status == "signed" and _parties(f, old[0]) == {"Norway", "Portugal"}


def test_denied_agreements_are_not_reported():
    f = extract(ART)
    for a in events(f, "AgreementSigning"):
        assert a.status != "occurred"
        assert "energy" not in (a.name or "") and "statement" not in (a.name or "")


def test_signing_is_a_meeting_of_signatories_and_witness():
    f = extract(ART)
    ms = events(f, "Meeting", participant=["Ingrid Solheim", "Rui Tavares"])
    assert ms and all(m.status == "occurred" for m in ms)
    assert events(f, "Meeting", participant=["Ingrid Solheim", "Mikko Aaltonen"])


def test_reception_sit_down_and_courtesy_call():
    f = extract(ART)
    assert events(f, "Meeting", participant=["Rui Tavares", "Lars Dahl"])
    call = events(f, "Meeting", participant=["Lars Dahl", "Mikko Aaltonen"])
    assert call and call[0].mode == "in-person"


def test_nominal_and_passive_transfers():
    f = extract(ART)
    arms = events(f, "ArmsTransfer", supplier=["Norway"], recipient=["Portugal"])
    items = " | ".join(a.item or "" for a in arms)
    assert "artillery shells" in items           # "deliveries of artillery shells to X by Y"


def test_passive_supply_and_nominal_shipments():
    f = extract("vessels_supplied.txt")
    arms = events(f, "ArmsTransfer", supplier=["Norway"], recipient=["Chile"])
    assert arms and all(a.status == "occurred" for a in arms)
    assert any("vessels" in (a.item or "") or "boats" in (a.item or "") for a in arms)


# ---- round 5: hedged mentions, lists, relations, sides told elsewhere (agree_*.txt) ----

def _agreements(name):
    f = extract(name)
    return f, events(f, "AgreementSigning")


def test_hedged_wanted_and_unilateral_mentions_are_no_agreements():
    f, ags = _agreements("agree_hedged.txt")
    # "any further agreements to be signed", "might ... accept a weak deal", "failed once again
    # to agree on gas price caps", "asking universities ... to sign its charter", "Larkspur ministers agreed",
    # "Canada also agreed to lend ... ships": none is an agreement
    assert [_parties(f, a) for a in ags] == [{"Armenia", "Azerbaijan"}]


def test_urged_side_of_a_ceasefire_joins_the_ceasefire_told_before():
    f, ags = _agreements("agree_hedged.txt")
    cf = [a for a in ags if "ceasefire" in (a.name or "")]
    assert len(cf) == 1 and cf[0].status == "planned"
    assert not any("Chile" in _parties(f, a) or "Peru" in _parties(f, a) for a in ags)


def test_listed_memoranda_are_one_agreement_each():
    f, ags = _agreements("agree_lists.txt")
    signed = [a for a in ags if a.status == "signed"]
    assert len(signed) == 3
    assert all(_parties(f, a) == {"Ghana", "Vietnam"} for a in signed)
    names = " | ".join(a.name or "" for a in signed)
    assert "fisheries" in names and "student" in names


def test_restored_diplomatic_relations_is_an_agreement():
    f, ags = _agreements("agree_lists.txt")
    rel = [a for a in ags if "relations" in (a.name or "")]
    assert rel and rel[0].status == "agreed" and _parties(f, rel[0]) == {"Ghana", "Vietnam"}
    assert rel[0].time and rel[0].time.value == "1994"


def test_appositive_list_of_adopted_documents_and_misparsed_relative():
    f, ags = _agreements("agree_trilateral.txt")
    names = {a.name for a in ags}
    assert {"Andes Principles", "Pledge to Warn"} <= names
    assert all(_parties(f, a) == {"Chile", "Peru", "Ecuador"} for a in ags)
    accord = [a for a in ags if "customs accord" in (a.name or "")]   # "an accord that the three neighbours signed"
    assert accord and accord[0].status == "signed" and accord[0].time.value == "2024-09"


def test_sides_from_joint_appearance_and_from_the_sentence():
    f, ags = _agreements("agree_sides.txt")
    decl = [a for a in ags if a.name == "Lisbon Declaration"]
    assert decl and _parties(f, decl[0]) == {"Portugal", "Senegal", "Gambia"}
    # "signed a treaty" by two people the text gives no state: the states the sentence names
    assert any(_parties(f, a) == {"Norway", "Iceland"} for a in ags)
    # "a pact ... with X, head of a rebel enclave": no state is guessed for X
    assert not any("fishing" in (a.name or "") for a in ags)


def test_sought_deal_with_a_capital_and_a_third_party_approving():
    f, ags = _agreements("agree_sides.txt")
    assert any(_parties(f, a) == {"Algeria", "Italy"} and a.status == "planned" for a in ags)
    # "Moreira ... ready to endorse the deal" refers back to the deal; his state is no party
    assert not any("Brazil" in _parties(f, a) for a in ags)
    water = [a for a in ags if "water" in (a.name or "")]
    assert water and water[0].status == "planned"       # "had been supposed to sign"


def test_titled_older_accord_without_sides_gets_no_guessed_parties():
    f, ags = _agreements("agree_sides.txt")
    assert not any("Coral" in (a.name or "") for a in ags)     # "still monitors the 1998 Coral Bay Accords"
