"""ISO weeks told at month precision (round 6)."""
from __future__ import annotations

from kg import timex


def test_week_becomes_the_month_of_its_thursday():
    tv = timex.week_as_month(timex.normalize("last week", "2024-01-21"))      # 2024-W02, Jan 8-14
    assert tv.value == "2024-01" and tv.granularity == "month"
    assert tv.earliest == "2024-01-08" and tv.latest == "2024-01-14"


def test_week_across_two_months_goes_to_the_month_holding_most_days():
    # 2024-W22 runs Mon May 27 - Sun Jun 2; its Thursday is May 30
    tv = timex.week_as_month(timex.normalize("last week", "2024-06-05"))
    assert tv.value == "2024-05"


def test_other_values_pass_through():
    day = timex.normalize("on Tuesday", "2024-01-21", tense="past")
    assert timex.week_as_month(day) is day
    assert timex.week_as_month(None) is None
