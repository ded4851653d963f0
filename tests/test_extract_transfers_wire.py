"""Aid and arms transfers in wire copy (round 4), on the invented article aid_wire.txt."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import extract, label  # noqa: E402


def transfers(f):
    return {(tuple(label(f, k) for k in e.roles.get("supplier", [])),
             tuple(label(f, k) for k in e.roles.get("recipient", [])), e.status)
            for e in f.events if e.kind in ("ArmsTransfer", "AidTransfer")}


def test_approved_aid_is_planned():
    assert (("Canada",), ("Lithuania",), "planned") in transfers(extract("aid_wire.txt"))


def test_recipient_subject_with_from_or_demonym():
    t = transfers(extract("aid_wire.txt"))
    assert (("Norway",), ("Lithuania",), "occurred") in t          # "received ... from"
    assert (("Denmark",), ("Latvia",), "occurred") in t            # "accepted ... Danish funding"
    assert any(s == ("Sweden",) and r == ("Estonia",) for s, r, _ in t)   # "is seeking ... from"


def test_agreed_to_provide_is_planned():
    assert (("Finland",), ("Estonia",), "planned") in transfers(extract("aid_wire.txt"))


def test_instructors_arriving_are_sent_by_their_state():
    assert (("Portugal",), ("Latvia",), "occurred") in transfers(extract("aid_wire.txt"))


def test_warnings_and_sanction_packages_are_no_transfers():
    t = transfers(extract("aid_wire.txt"))
    assert not any("Belarus" in s for s, _, _ in t)
    assert not any("European Union" in s for s, _, _ in t)
