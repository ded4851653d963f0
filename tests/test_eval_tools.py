"""The measuring tools' own logic (tools/eval_sets.py, tools/corpus_proxies.py,
tools/calibrate.py) on invented inputs; nothing here needs the gold sets."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _tool(name):
    spec = importlib.util.spec_from_file_location(f"tool_{name}", TOOLS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


proxies = _tool("corpus_proxies")
eval_sets = _tool("eval_sets")
calibrate = _tool("calibrate")


def test_call_sides_from_a_title():
    sides = proxies.call_sides("Minister Halvorsen’s Call with Varnholmian Prime Minister Teodorescu", "")
    assert sides == ("Minister Halvorsen", "Varnholmian Prime Minister Teodorescu", "title")


def test_call_sides_with_several_called_and_a_phone_cue():
    title = "Deputy Minister Okafor's Phone Call with Foreign Ministers Lindqvist and Marangoni"
    caller, called, where = proxies.call_sides(title, "")
    assert caller == "Deputy Minister Okafor" and called == "Foreign Ministers Lindqvist and Marangoni"


def test_call_sides_from_the_body_when_the_title_has_no_cue():
    text = ("Readout on Fisheries\n\nAs told by Spokesperson Ada Brenn: "
            "Minister Ingrid Halvorsen spoke today with Prime Minister Mirela Teodorescu about quotas.")
    caller, called, where = proxies.call_sides("Readout on Fisheries", text)
    assert where == "body"
    assert caller == "Minister Ingrid Halvorsen"            # the spokesperson before the colon is not
    assert called == "Prime Minister Mirela Teodorescu"


def test_a_participant_is_on_a_side_by_surname():
    side = set(proxies.fold("Varnholmian Prime Minister Teodorescu-Lund").split())
    assert proxies.on_side("Mirela Teodorescu-Lund", side)
    assert not proxies.on_side("Ingrid Halvorsen", side)
    assert not proxies.on_side("Prime Minister", side)        # a bare title is nobody


def test_whole_column_adds_the_halves_up():
    def half(tp, fp, fn, full, place):
        s = {"articles": 3, "extract_seconds": 1.0, "no_output": []}
        for kind in eval_sets.KINDS:
            s[kind] = {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None}
        s["who-met-whom"] = {"tp": tp, "fp": fp, "fn": fn, "negated_reported_as_fact": 0,
                             "full tuple": full, "place": place}
        return s
    whole = eval_sets.combine(half(3, 1, 0, 1.0, 1.0), half(1, 0, 3, 0.0, 0.0))
    wm = whole["who-met-whom"]
    assert (wm["tp"], wm["fp"], wm["fn"]) == (4, 1, 3)
    assert wm["precision"] == 0.8 and wm["recall"] == round(4 / 7, 3)
    assert wm["full tuple"] == 0.75                            # 3 of 3 and 0 of 1 true positives
    assert whole["approximate"] == ["who-met-whom/place"]
    assert whole["visits"]["f1"] is None


def test_logistic_fit_recovers_a_clear_signal():
    xs = [[1.0]] * 40 + [[0.0]] * 40
    ys = [1] * 36 + [0] * 4 + [1] * 8 + [0] * 32
    w = calibrate.fit_logistic(xs, ys, l2=0.0)
    p1 = 1 / (1 + math.exp(-(w[0] + w[1])))
    p0 = 1 / (1 + math.exp(-w[0]))
    assert abs(p1 - 0.9) < 0.01 and abs(p0 - 0.2) < 0.01


def test_event_index_from_an_event_iri():
    assert calibrate.event_index("https://w3id.org/dipkg/id/event/some-article/3") == 2
    assert calibrate.event_index("") is None


def test_a_meeting_dated_away_from_the_call_is_not_the_call():
    assert proxies.could_be_the_call("", "2031-05-14")               # undated: could be
    assert proxies.could_be_the_call("2031-05-14", "2031-05-14")
    assert proxies.could_be_the_call("2031-05-13", "2031-05-14")     # released the next day
    assert proxies.could_be_the_call("2031-05", "2031-05-14")
    assert not proxies.could_be_the_call("2031-05-02", "2031-05-14") # an earlier meeting told in passing
    assert not proxies.could_be_the_call("2030-11", "2031-05-14")
