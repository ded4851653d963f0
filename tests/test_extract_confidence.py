"""Calibrated confidence (kg/extract/confidence.py): features read from an Event and its
article, a logistic model given as data, and the pipeline's post-pass. Names and
sentences are invented."""
from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

from kg.extract import confidence as conf
from kg.facts import Event, Evidence, Mention, TimeValue

HEADLINE = "Halvorsen meets Teodorescu in Varnholm"
BODY = ("Foreign Minister Ingrid Halvorsen met Prime Minister Mirela Teodorescu in Varnholm on Tuesday "
        "to discuss fishing quotas.")
TEXT = f"{HEADLINE}\n\n{BODY}"
ARTICLE = SimpleNamespace(text=TEXT, title=HEADLINE)


def meeting(sentence_start=None, status="occurred", dated=True, placed=True, people=2, trigger="met"):
    start = TEXT.index(BODY) if sentence_start is None else sentence_start
    end = start + len(BODY) if sentence_start is None else TEXT.index("\n")
    ev = Event(kind="Meeting", status=status)
    for n in range(people):
        ev.add("participant", f"person/invented-{n}")
    if dated:
        t0 = TEXT.index("on Tuesday")
        ev.time = TimeValue(text="on Tuesday", value="2031-03-04", granularity="day", start=t0, end=t0 + 10)
    if placed:
        ev.place = "place/varnholm"
    t0 = TEXT.index(trigger, start)
    ev.trigger = Mention(t0, t0 + len(trigger), trigger)
    ev.evidence = Evidence(start, end, TEXT[start:end], sentence_index=1 if sentence_start is None else 0,
                           sentence_start=start, sentence_end=end, confidence=0.61)
    return ev


MODEL = {"kinds": ["Meeting", "Visit"], "intercept": -1.0, "clip": [0.05, 0.95],
         "weights": {"kind=Meeting": 0.5, "all named persons": 1.0, "dated": 0.5, "placed": 0.5,
                     "trigger names the frame": 0.5, "3+ persons": -1.5, "status=planned": -0.5}}


def test_features_of_a_plain_meeting_sentence():
    f = conf.features(meeting(), ARTICLE)
    for name in ("kind=Meeting", "all named persons", "dated", "dated to the day", "placed",
                 "date in the sentence", "place in the sentence",
                 "trigger names the frame", "in lead", "short article"):
        assert f.get(name) == 1.0, name
    for name in ("in headline", "3+ persons", "a group takes part", "status=planned",
                 "inside a quotation", "transcript", "long sentence"):
        assert name not in f, name


def test_headline_event_and_missing_arguments():
    ev = meeting(sentence_start=0, dated=False, placed=False, trigger="meets")
    f = conf.features(ev, ARTICLE)
    assert f.get("in headline") == 1.0 and "in lead" not in f
    assert "dated" not in f and "placed" not in f
    assert "date in the sentence" not in f and "place in the sentence" not in f


def test_an_inherited_date_and_place_are_not_in_the_sentence():
    ev = meeting()
    ev.time.start, ev.time.end = 0, 9                       # read elsewhere (e.g. a dateline)
    ev.place = "place/ostrava-nova"
    f = conf.features(ev, ARTICLE)
    assert f.get("dated") == 1.0 and f.get("placed") == 1.0
    assert "date in the sentence" not in f and "place in the sentence" not in f
    assert f.get("trigger names the frame") == 1.0        # "meets" is a form of the frame's word


def test_groups_states_and_many_people():
    ev = meeting(people=3)
    ev.add("participant", "group/a1/fishing-delegates")
    f = conf.features(ev, ARTICLE)
    assert f.get("3+ persons") == 1.0 and f.get("a group takes part") == 1.0
    assert "all named persons" not in f
    visit = Event(kind="Visit", roles={"visitor": ["state/varnholmia"], "destination": ["place/ostrava-nova"]})
    fv = conf.features(visit, ARTICLE)
    assert fv.get("no person") == 1.0 and fv.get("placed") == 1.0 and fv.get("kind=Visit") == 1.0


def test_quotation_and_transcript():
    text = ("HALVORSEN: We are glad to be here.\n\nTEODORESCU: Thank you.\n\n"
            "\"When I met the minister last spring we spoke about quotas,\" she said.")
    s = text.index("\"When")
    ev = Event(kind="Meeting", roles={"participant": ["person/a", "person/b"]})
    t0 = text.index("met the")
    ev.trigger = Mention(t0, t0 + 3, "met")
    ev.evidence = Evidence(s, len(text), text[s:], sentence_index=2, sentence_start=s, sentence_end=len(text))
    f = conf.features(ev, text=text, title=None)
    assert f.get("inside a quotation") == 1.0 and f.get("transcript") == 1.0


def test_transfers_share_one_kind():
    for kind in ("ArmsTransfer", "AidTransfer"):
        assert conf.features(Event(kind=kind), ARTICLE).get("kind=Transfer") == 1.0


def test_confidence_follows_the_model():
    ev = meeting()
    p = conf.confidence(ev, conf.features(ev, ARTICLE), MODEL)
    z = -1.0 + 0.5 + 1.0 + 0.5 + 0.5 + 0.5
    assert p == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-3)
    crowd = meeting(people=4)
    assert conf.confidence(crowd, conf.features(crowd, ARTICLE), MODEL) < p
    planned = meeting(status="planned")
    assert conf.confidence(planned, conf.features(planned, ARTICLE), MODEL) < p


def test_confidence_is_clipped():
    model = dict(MODEL, intercept=50.0)
    ev = meeting()
    assert conf.confidence(ev, conf.features(ev, ARTICLE), model) == 0.95
    model = dict(MODEL, intercept=-50.0)
    assert conf.confidence(ev, conf.features(ev, ARTICLE), model) == 0.05


def test_a_kind_outside_the_model_keeps_its_confidence():
    ev = Event(kind="Invitation", roles={"inviter": ["person/a"], "invitee": ["person/b"]})
    ev.evidence = Evidence(0, 5, "x", confidence=0.66)
    assert conf.confidence(ev, conf.features(ev, ARTICLE), MODEL) == 0.66
    assert conf.confidence(ev, {}, {}) == 0.66                 # no model at all


def test_an_uncalibrated_kind_is_capped():
    ev = Event(kind="Invitation", roles={"inviter": ["person/a"], "invitee": ["person/b"]})
    ev.evidence = Evidence(0, 5, "x", confidence=0.9)
    assert conf.confidence(ev, {}, dict(MODEL, uncalibrated_cap=0.75)) == 0.75


def test_apply_sets_every_events_confidence():
    events = [meeting(), meeting(people=4), Event(kind="Meeting")]   # the last has no evidence
    conf.apply(events, ARTICLE, MODEL)
    assert events[0].evidence.confidence > events[1].evidence.confidence
    assert events[2].evidence is None


def test_apply_without_a_model_changes_nothing(monkeypatch):
    monkeypatch.setattr(conf, "load", lambda *a, **k: None)
    ev = meeting()
    conf.apply([ev], ARTICLE)
    assert ev.evidence.confidence == 0.61


def test_shipped_model_is_well_formed():
    if not conf.DATA.exists():
        pytest.skip("no fitted model yet (python tools/calibrate.py --write)")
    model = json.loads(conf.DATA.read_text(encoding="utf-8"))
    assert model["kinds"] and isinstance(model["weights"], dict)
    lo, hi = model["clip"]
    assert 0 <= lo < hi <= 1
    ev = meeting()
    assert lo <= conf.confidence(ev, conf.features(ev, ARTICLE), model) <= hi
