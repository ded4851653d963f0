"""Normalisation of temporal expressions against an article's date (kg.timex)."""
from __future__ import annotations

import pytest

from kg.facts import TimeValue
from kg.timex import find_times, normalize

SUN = "2024-01-21"   # a Sunday, in ISO week 2024-W03
TUE = "2024-01-16"   # a Tuesday, in ISO week 2024-W03

# text, anchor, tense, expected value, expected granularity
CASES = [
    # months named without a year
    ("last September", SUN, None, "2023-09", "month"),
    ("last September", "2024-10-05", None, "2024-09", "month"),
    ("last September", "2024-09-30", None, "2023-09", "month"),
    ("next September", "2024-09-02", None, "2025-09", "month"),
    ("March this year", SUN, None, "2024-03", "month"),
    ("in March last year", SUN, "past", "2023-03", "month"),
    ("in March", "2024-01-10", "future", "2024-03", "month"),
    ("in March", "2024-01-10", "past", "2023-03", "month"),
    ("in March", "2024-01-10", None, "2024-03", "month"),            # nearest
    ("in July", "2024-01-10", None, "2023-07", "month"),             # tie → past
    ("in December", "2024-01-10", None, "2023-12", "month"),
    ("mid-June", "2024-03-01", "future", "2024-06", "month"),
    ("end-March", "2024-05-01", None, "2024-03", "month"),
    # month-days without a year
    ("January 15", SUN, None, "2024-01-15", "day"),
    ("January 15", "2024-12-20", "future", "2025-01-15", "day"),
    ("January 15", "2024-12-20", "past", "2024-01-15", "day"),
    ("Jan. 3", "2023-12-20", None, "2024-01-03", "day"),
    ("January 15", "2024-07-16", None, "2024-01-15", "day"),          # 183 days each way → past
    ("January 15", "2024-07-17", None, "2025-01-15", "day"),
    ("the 16th of January", SUN, None, "2024-01-16", "day"),
    ("February 29", "2025-03-10", "past", "2024-02-29", "day"),       # leap years
    ("February 29", "2025-03-10", "future", "2028-02-29", "day"),
    ("Tuesday, January 16", SUN, None, "2024-01-16", "day"),
    # absolute dates: no anchor needed
    ("21st January 2024", None, None, "2024-01-21", "day"),
    ("January 15, 2024", None, None, "2024-01-15", "day"),
    ("5 June 2023", None, None, "2023-06-05", "day"),
    ("15/01/2024", None, None, "2024-01-15", "day"),
    ("2024-02-29", None, None, "2024-02-29", "day"),
    ("Tuesday, January 16, 2024", None, None, "2024-01-16", "day"),
    ("June 2023", None, None, "2023-06", "month"),
    ("Sept. 2023", None, None, "2023-09", "month"),
    ("2019", None, None, "2019", "year"),
    ("in the year 2000", None, None, "2000", "year"),
    ("the year 2000", SUN, None, "2000", "year"),
    ("early 2024", None, None, "2024", "year"),
    ("the first quarter of 2023", None, None, "2023", "year"),
    ("the summer of 2022", None, None, "2022", "year"),
    ("the 1990s", None, None, "199", "decade"),
    ("the early 1990s", None, None, "199", "decade"),
    ("the '80s", None, None, "198", "decade"),
    ("the 2000s", None, None, "200", "decade"),
    # deictic days
    ("yesterday", SUN, None, "2024-01-20", "day"),
    ("today", SUN, None, "2024-01-21", "day"),
    ("tomorrow", "2023-12-31", None, "2024-01-01", "day"),
    ("last night", "2024-03-01", None, "2024-02-29", "day"),
    ("the day before yesterday", "2024-03-01", None, "2024-02-28", "day"),
    ("earlier today", TUE, None, TUE, "day"),
    # weekdays
    ("Tuesday", SUN, "past", "2024-01-16", "day"),
    ("on Tuesday", SUN, "future", "2024-01-23", "day"),
    ("on Tuesday", SUN, None, "2024-01-23", "day"),                  # nearest: 2 days on
    ("Thursday", SUN, None, "2024-01-18", "day"),                    # nearest: 3 days back
    ("on Tuesday", TUE, "past", TUE, "day"),                         # wire style: same day
    ("on Tuesday", TUE, "future", TUE, "day"),
    ("last Tuesday", TUE, None, "2024-01-09", "day"),
    ("next Tuesday", TUE, None, "2024-01-23", "day"),
    ("Monday", TUE, "past", "2024-01-15", "day"),
    ("Monday", TUE, "future", "2024-01-22", "day"),
    ("Sunday night", "2024-01-22", None, "2024-01-21", "day"),
    ("late Friday", "2024-01-22", "past", "2024-01-19", "day"),
    ("Wednesday of last week", SUN, None, "2024-01-10", "day"),
    ("Saturday", "2024-03-04", "past", "2024-03-02", "day"),
    # weeks, incl. ISO week-year boundaries
    ("last week", SUN, None, "2024-W02", "week"),
    ("this week", SUN, None, "2024-W03", "week"),
    ("next week", SUN, None, "2024-W04", "week"),
    ("last week", "2024-01-03", None, "2023-W52", "week"),
    ("this week", "2021-01-03", None, "2020-W53", "week"),
    ("last week", "2021-01-10", None, "2020-W53", "week"),
    ("next week", "2024-12-30", None, "2025-W02", "week"),
    ("early next week", "2024-01-17", None, "2024-W04", "week"),
    ("two weeks ago", SUN, None, "2024-W01", "week"),
    ("last weekend", "2024-01-18", None, "2024-W02", "week"),
    ("over the weekend", "2024-01-16", None, "2024-W02", "week"),
    # months and years relative to the anchor
    ("earlier this month", SUN, None, "2024-01", "month"),
    ("the end of the month", SUN, None, "2024-01", "month"),
    ("next month", "2024-12-05", None, "2025-01", "month"),
    ("last month", "2024-01-05", None, "2023-12", "month"),
    ("last month", "2024-03-31", None, "2024-02", "month"),
    ("three months ago", "2024-05-31", None, "2024-02", "month"),
    ("this year", SUN, None, "2024", "year"),
    ("last year", SUN, None, "2023", "year"),
    ("late last year", SUN, None, "2023", "year"),
    ("next year", SUN, None, "2025", "year"),
    ("two years ago", SUN, None, "2022", "year"),
    ("about a year ago", SUN, None, "2023", "year"),
    ("in two years' time", SUN, None, "2026", "year"),
    ("the year before last", SUN, None, "2022", "year"),
    ("last summer", "2024-07-10", None, "2023", "year"),
    ("last summer", "2024-10-10", None, "2024", "year"),
    ("this decade", SUN, None, "202", "decade"),
    # an anchor long ago: nothing comes from the clock
    ("yesterday", "1995-03-01", None, "1995-02-28", "day"),
    ("last week", "1999-01-01", None, "1998-W52", "week"),
]


@pytest.mark.parametrize("text,anchor,tense,value,granularity", CASES)
def test_normalize(text, anchor, tense, value, granularity):
    tv = normalize(text, anchor, tense=tense)
    assert tv is not None, text
    assert (tv.value, tv.granularity) == (value, granularity)
    assert tv.text == text
    assert tv.anchor == anchor


@pytest.mark.parametrize("text", [
    "more than two decades", "recent years", "in recent months", "years", "decades",
    "a long time", "two years", "for three weeks", "the past two years", "the past week",
    "the coming months", "several years ago", "more than a year ago", "the last decade",
    "2019-2021", "between 2019 and 2021", "February 30",
    "the 20th century", "now", "recently", "Q1 2024",
])
def test_durations_and_vague_spans_are_none(text):
    assert normalize(text, SUN) is None
    assert normalize(text, SUN, tense="past") is None


@pytest.mark.parametrize("text,granularity", [
    ("yesterday", "day"), ("Tuesday", "day"), ("on Tuesday", "day"), ("January 15", "day"),
    ("last September", "month"), ("March this year", "month"), ("next month", "month"),
    ("last week", "week"), ("this year", "year"), ("two years ago", "year"),
    ("the end of the month", "month"),
])
def test_relative_without_anchor_keeps_granularity_only(text, granularity):
    tv = normalize(text, None, tense="past")
    assert tv == TimeValue(text=text, value=None, granularity=granularity)


@pytest.mark.parametrize("text,granularity", [
    ("the next day", "day"), ("the same day", "day"), ("three days later", "day"),
    ("later that year", "year"), ("the following week", "week"),
])
def test_narrative_relative_is_unresolved(text, granularity):
    tv = normalize(text, SUN)
    assert (tv.value, tv.granularity, tv.earliest, tv.latest) == (None, granularity, None, None)


@pytest.mark.parametrize("text,anchor,earliest,latest", [
    ("last week", "2024-01-03", "2023-12-25", "2023-12-31"),
    ("next month", "2024-01-21", "2024-02-01", "2024-02-29"),    # leap February
    ("last year", "2024-01-21", "2023-01-01", "2023-12-31"),
    ("the 1990s", None, "1990-01-01", "1999-12-31"),
    ("February 2023", None, "2023-02-01", "2023-02-28"),
    ("yesterday", "2024-03-01", "2024-02-29", "2024-02-29"),
])
def test_earliest_latest(text, anchor, earliest, latest):
    tv = normalize(text, anchor)
    assert (tv.earliest, tv.latest) == (earliest, latest)


def test_offsets_pass_through_and_anchor_is_normalised():
    tv = normalize("last week", "2024-01-21T08:30:00Z", start=10, end=19)
    assert (tv.start, tv.end, tv.anchor, tv.value) == (10, 19, "2024-01-21", "2024-W02")


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        normalize("today", "21/01/2024")
    with pytest.raises(ValueError):
        normalize("Tuesday", SUN, tense="present")


def test_find_times():
    text = ("On Tuesday the minister said the talks, first held last September and again "
            "in March this year, would resume next week. Officials met in 2019 and in early "
            "2024. It was his first visit in two years. May brings 2000 troops. "
            "A treaty signed on 5 June 2023 dates from the 1990s; the envoy left two days ago.")
    found = find_times(text, SUN)
    assert [(t.text, t.value) for t in found] == [
        ("Tuesday", "2024-01-23"),
        ("last September", "2023-09"),
        ("March this year", "2024-03"),
        ("next week", "2024-W04"),
        ("2019", "2019"),
        ("early 2024", "2024"),
        ("5 June 2023", "2023-06-05"),
        ("the 1990s", "199"),
        ("two days ago", "2024-01-19"),
    ]
    for t in found:
        assert text[t.start:t.end] == t.text
        assert t.anchor == SUN


def test_find_times_without_anchor_keeps_relative_unresolved():
    found = find_times("Talks on Tuesday, 16 January 2024, followed a visit last month.", None)
    assert [(t.text, t.value, t.granularity) for t in found] == [
        ("Tuesday, 16 January 2024", "2024-01-16", "day"),
        ("last month", None, "month"),
    ]


@pytest.mark.parametrize("text,value,latest", [
    ("January 15-17", "2024-01-15", "2024-01-17"),
    ("March 26 to 30", "2024-03-26", "2024-03-30"),
    ("12-14 May 2023", "2023-05-12", "2023-05-14"),
    ("June 3 and 4", "2024-06-03", "2024-06-04"),
    ("from December 30 to January 2", "2023-12-30", "2024-01-02"),
])
def test_a_run_of_days_is_dated_by_its_first_day(text, value, latest):
    tv = normalize(text, SUN)
    assert tv.value == value and tv.granularity == "day" and tv.earliest == value and tv.latest == latest
