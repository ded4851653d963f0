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


def test_agreed_to_resume_is_an_agreement():
    f = extract(ART)
    agreed = [a for a in events(f, "AgreementSigning") if a.status == "agreed"]
    assert any(_parties(f, a) == {"Norway", "Portugal"} and "resume" in a.name for a in agreed)


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
