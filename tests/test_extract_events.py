"""Events and their arguments on short invented articles."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import events, extract, label  # noqa: E402


def test_bilateral_meeting_with_place_and_date():
    f = extract("norway_chile.txt")
    (m,) = events(f, "Meeting", participant=["Astrid Vellen", "Tomas Irarrazaval"])
    assert m.status == "occurred" and m.mode == "in-person"
    assert label(f, m.place) == "Santiago"
    assert m.time.value == "2025-03-11"          # "on Tuesday", published Wednesday 12 March


def test_meetings_are_between_people_not_states():
    for name in ("norway_chile.txt", "summit_called_off.txt", "arms_alleged.txt"):
        f = extract(name)
        for ev in f.events:
            if ev.kind in ("Meeting", "Call"):
                assert all(f.entities[k].kind == "Person" for k in ev.roles["participant"])


def test_visit_with_destination_and_planned_visit():
    f = extract("norway_chile.txt")
    done = events(f, "Visit", visitor=["Astrid Vellen"])
    assert any(label(f, v.roles["destination"][0]) == "Chile" and v.status == "occurred" for v in done)
    planned = events(f, "Visit", visitor=["Tomas Irarrazaval"])
    assert planned and planned[0].status == "planned" and planned[0].time.value == "2025-06"


def test_agreement_signing_with_parties_and_signatories():
    f = extract("norway_chile.txt")
    (a,) = events(f, "AgreementSigning")
    assert a.status == "signed"
    assert {label(f, k) for k in a.roles["party"]} == {"Norway", "Chile"}
    assert {label(f, k) for k in a.roles["signatory"]} == {"Astrid Vellen", "Tomas Irarrazaval"}
    assert "memorandum" in a.name


def test_phone_call_is_a_call_not_a_meeting():
    f = extract("phone_call.txt")
    assert not events(f, "Meeting")
    (c,) = events(f, "Call", participant=["Marek Zielinowski", "Rui Albuquerque Tavares"])
    assert c.mode == "phone" and c.time.value == "2025-02-06"


def test_invitations_declined_and_accepted():
    f = extract("invitation_declined.txt")
    declined = events(f, "Invitation", inviter=["Alassane Kone"], invitee=["Kwabena Asante-Mensah"])
    assert any(i.status == "declined" for i in declined)
    accepted = events(f, "Invitation", inviter=["Faure Agbeyome"], invitee=["Kwabena Asante-Mensah"])
    assert accepted and accepted[0].status == "accepted"
    assert label(f, accepted[0].roles["destination"][0]) == "Lome"


def test_arms_transfer_supplier_recipient_item():
    f = extract("arms_alleged.txt")
    (t,) = events(f, "ArmsTransfer")
    assert [label(f, k) for k in t.roles["supplier"]] == ["Belarus"]
    assert [label(f, k) for k in t.roles["recipient"]] == ["Russia"]
    assert "drones" in t.item


def test_every_event_carries_provenance():
    for name in ("norway_chile.txt", "summit_called_off.txt", "phone_call.txt",
                 "invitation_declined.txt", "arms_alleged.txt"):
        f = extract(name)
        text = f.article.text
        for ev in f.events:
            e = ev.evidence
            assert e is not None and text[e.start:e.end].strip() == e.text
            assert 0 < e.confidence <= 1
            assert e.sentence_start <= ev.trigger.start < e.sentence_end
