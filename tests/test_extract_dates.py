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
