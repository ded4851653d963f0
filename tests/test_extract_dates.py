"""Meeting dates (round 4): dateline weekdays, same-day references, no future date for the past."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from _extract_helpers import extract, label  # noqa: E402


def meeting_dates(f):
    return {frozenset(label(f, k) for k in e.roles.get("participant", [])): (e.time.value if e.time else None)
            for e in f.events if e.kind == "Meeting"}


def test_weekday_counts_from_the_dateline_not_the_stamp():
    # stamped May 8, dateline May 7 (a Tuesday): "on Monday" is May 6
    d = meeting_dates(extract("same_day_talks.txt"))
    assert d[frozenset({"Ole Berg", "Ana Ruiz"})] == "2024-05-06"


def test_earlier_in_the_day_and_next_day_follow_the_sentence_before():
    d = meeting_dates(extract("same_day_talks.txt"))
    assert d[frozenset({"Ole Berg", "Lars Holm"})] == "2024-05-06"
    assert d[frozenset({"Ana Ruiz", "Lars Holm"})] == "2024-05-07"


def test_an_occurred_gathering_never_takes_a_future_date():
    # "opened a summit ..., where they agreed that Chile would host the next one in 2027"
    f = extract("same_day_talks.txt")
    summit = [e for e in f.events if e.kind == "Meeting" and len(e.roles.get("participant", [])) == 3]
    assert summit and summit[0].status == "occurred"
    for e in f.events:
        if e.kind == "Meeting" and e.status == "occurred" and e.time and e.time.value:
            assert e.time.value[:4] <= "2024"


def test_dateline_anchor_only_for_a_day_or_two_before_the_stamp():
    from kg.extract.events import _dateline_anchor
    assert _dateline_anchor("X\nOSLO, May 7 (Wire) - text", "2024-05-08") == "2024-05-07"
    assert _dateline_anchor("X\nOSLO, May 7 (Wire) - text", "2024-05-07") == "2024-05-07"
    assert _dateline_anchor("X\nOSLO, Dec 31 (Wire) - text", "2025-01-01") == "2024-12-31"
    assert _dateline_anchor("X\nOSLO, March 2 (Wire) - text", "2024-05-08") == "2024-05-08"


# ---- round 6: dates inherited from the story around an undated event (invented articles) ----

def _meeting(f, *names):
    return next(e for e in f.events if e.kind == "Meeting"
                and {label(f, k) for k in e.roles.get("participant", [])} == set(names))


def test_undated_meeting_takes_the_date_of_the_event_told_just_before():
    f = extract("attr_same_scene.txt")
    assert _meeting(f, "Hanna Voss", "Elisa Roque").time.value == "2025-03-14"


def test_visit_told_by_the_same_hosting_words_takes_the_meetings_date():
    f = extract("attr_same_scene.txt")
    (v,) = [e for e in f.events if e.kind == "Visit" and {label(f, k) for k in e.roles["visitor"]} == {"Elisa Roque"}]
    assert v.time is not None and v.time.value == "2025-03-14"


def test_lead_clause_date_not_the_dateline_date():
    # "CITY, June 12 (Agency) - ... negotiations chaired by X in P on Wednesday": not the 12th
    f = extract("attr_lead_clause.txt")
    assert _meeting(f, "Aldo Brenha", "Mira Tovar", "Jonas Pellegrini").time.value == "2025-06-11"


def test_sentence_with_its_own_relative_frame_inherits_nothing():
    # "three months after X's first meeting with Y": not the day told in the sentence before
    f = extract("attr_relative_frame.txt")
    m = _meeting(f, "Karl Tamm", "Aino Lehto")
    assert m.time is None or m.time.value is None


def test_date_of_a_speech_act_is_not_inherited():
    f = extract("attr_said_date.txt")
    m = _meeting(f, "Ivo Strand", "Petra Kalm")
    assert m.time is None or m.time.value is None


def test_earlier_in_the_day_reaches_back_past_undated_sentences():
    f = extract("attr_earlier_day.txt")
    assert _meeting(f, "Azlan Rahim", "Rosa Fuentes").time.value == "2025-05-20"


def test_last_week_dates_a_meeting_to_the_month():
    # published Thursday 2025-02-20: last week is 2025-W07 (Feb 10-16), told as the month
    f = extract("attr_week.txt")
    m = _meeting(f, "Clara Mundt", "Otto Brask")
    assert m.time.value == "2025-02" and m.time.granularity == "month"
    assert m.time.earliest == "2025-02-10" and m.time.latest == "2025-02-16"


def test_present_perfect_meeting_is_the_days_news_and_stays_apart_from_an_older_one():
    f = extract("attr_news_perfect.txt")
    dates = sorted(e.time.value for e in f.events if e.kind == "Meeting"
                   and {label(f, k) for k in e.roles["participant"]} == {"Joris Veldhuis", "Amani Koech"})
    assert dates == ["2024-06", "2025-09-03"]
