"""Normalise English temporal expressions against an article's publication date.

`normalize(text, anchor)` turns the raw text of a DATE entity ("last September",
"January 15", "the 1990s", "on Tuesday") into a `kg.facts.TimeValue` whose
`value` is ISO 8601 at the precision the text gives:

    day "2024-01-15" · week "2024-W02" · month "2023-09" · year "2000" · decade "199"

`find_times(text, anchor)` finds such expressions in a plain string with
regular expressions, for callers that do not run spaCy.

What is done by a library and what by rules
-------------------------------------------
* Absolute calendar dates of any written form ("21st January 2024", "Jan. 15",
  "15/01/2024", "June 2023", "Tuesday, January 16, 2024") are parsed by
  `dateparser`, restricted to its absolute parsers and given a fixed
  RELATIVE_BASE, so that it never looks at the clock.
* Month and year arithmetic uses `dateutil.relativedelta`; ISO weeks use the
  standard library (`date.isocalendar` / `date.fromisocalendar`).
* Everything relative to the anchor is done by the rules below, because no
  maintained library gets it right: dateparser misses "last September",
  "March this year" and "the year 2000", has no notion of "nearest" for an
  underspecified date (only past or future), resolves "last week" to a day
  instead of an ISO week, and returns day-level dates where the text only
  gives a month, year or decade. recognizers-text-suite pins emoji<2 and still
  missed cases. The rules are small, deterministic and tested.

Conventions (news style)
------------------------
* A bare weekday that falls on the anchor's own weekday is the anchor itself,
  whatever the tense: wire copy (AP/Reuters style) writes "said on Tuesday"
  instead of "today" in a Tuesday-dated story. "last Tuesday" is strictly
  before the anchor, "next Tuesday" strictly after.
* Underspecified dates ("Tuesday", "March", "January 15", "the summer") follow
  the tense hint: past → the latest one on or before the anchor, future → the
  earliest one on or after it, None → the nearest one (ties go to the past).
* "last September" is the most recent September strictly before the anchor's
  month; "next September" the first strictly after it.
* Phrases that name part of a period ("early 2024", "mid-June", "the end of the
  month", "the first quarter of 2024") resolve to the containing period.
* Durations, vague spans and rolling windows ("two years", "more than two
  decades", "recent years", "the past week", "the coming months") return None.
* Relative to the narrative instead of the anchor ("the next day", "that
  year", "three days later") → a TimeValue with value None and a granularity.
* A relative expression with no anchor → value None with the granularity set;
  nothing is ever resolved against today's date.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple, Optional

from dateutil.relativedelta import relativedelta

from kg.facts import TimeValue

DAY, WEEK, MONTH, YEAR, DECADE = "day", "week", "month", "year", "decade"
PAST, FUTURE = "past", "future"

__all__ = ["normalize", "find_times", "DAY", "WEEK", "MONTH", "YEAR", "DECADE"]


# --------------------------------------------------------------------------
# Resolved values
# --------------------------------------------------------------------------

class _R(NamedTuple):
    granularity: str
    value: Optional[str] = None
    earliest: Optional[dt.date] = None
    latest: Optional[dt.date] = None


def _day(d: dt.date) -> _R:
    return _R(DAY, d.isoformat(), d, d)


def _week(d: dt.date) -> _R:
    year, week, weekday = d.isocalendar()
    monday = d - dt.timedelta(days=weekday - 1)
    return _R(WEEK, f"{year:04d}-W{week:02d}", monday, monday + dt.timedelta(days=6))


def _month(year: int, month: int) -> _R:
    first = dt.date(year, month, 1)
    last = first + relativedelta(months=1, days=-1)
    return _R(MONTH, f"{year:04d}-{month:02d}", first, last)


def _year(year: int) -> Optional[_R]:
    if not 1 <= year <= 9999:
        return None
    return _R(YEAR, f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _decade(prefix: int) -> _R:
    """`prefix` is the year divided by ten: 199 for the 1990s."""
    return _R(DECADE, f"{prefix:03d}", dt.date(prefix * 10, 1, 1), dt.date(prefix * 10 + 9, 12, 31))


def _unresolved(granularity: str) -> _R:
    return _R(granularity)


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "a single": 1, "two": 2, "a couple of": 2, "a couple": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}
_DECADE_WORDS = {"thirties": 193, "forties": 194, "fifties": 195, "sixties": 196,
                 "seventies": 197, "eighties": 198, "nineties": 199}
# Northern-hemisphere meteorological seasons (first month, last month).
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_UNITS = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR, "decade": DECADE,
          "morning": DAY, "afternoon": DAY, "evening": DAY, "night": DAY, "weekend": WEEK}

_MON = (r"(?:january|february|march|april|may|june|july|august|september|october|november"
        r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_ALT = r"\d{1,3}|" + "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True))
_NUM = rf"(?:{_NUM_ALT})"
_TOD = r"(?:morning|afternoon|evening|night)"


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


# --------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------

# Words in front of the expression that do not change the point it names
# (prepositions, approximators). "more than"/"over"/"at least" are *not* here:
# "more than two years ago" is not a point.
_LEAD = re.compile(
    r"^(?:the|on|in|at|by|since|until|till|from|during|before|after|through|throughout"
    r"|for|over|as of|as early as|as late as|as recently as|as soon as|sometime|some time"
    r"|around|about|roughly|approximately|some|nearly|almost|circa|just|only|up to)\s+")


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s.lower()).strip(" \t\n,;:!?()[]\"")
    s = re.sub(r"(?<!\d0)'s$", "", s).rstrip(".' ")
    return _strip_lead(s)


def _strip_lead(s: str) -> str:
    while True:
        t = _LEAD.sub("", s, count=1)
        if t == s:
            return s
        s = t


# --------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------

def _pick(candidates: list[dt.date], anchor: dt.date, tense: Optional[str]) -> Optional[dt.date]:
    """Choose among candidate dates by tense: past → latest on or before the
    anchor, future → earliest on or after, None → nearest (ties to the past)."""
    if tense == PAST:
        pool = [c for c in candidates if c <= anchor]
        return max(pool) if pool else None
    if tense == FUTURE:
        pool = [c for c in candidates if c >= anchor]
        return min(pool) if pool else None
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _weekday(anchor: dt.date, wd: int, mode: str, tense: Optional[str]) -> dt.date:
    back = (anchor.weekday() - wd) % 7
    fwd = (wd - anchor.weekday()) % 7
    if mode == "last":
        return anchor - dt.timedelta(days=back or 7)
    if mode == "next":
        return anchor + dt.timedelta(days=fwd or 7)
    if back == 0:
        return anchor
    if mode == "this" and tense is None:
        return anchor + dt.timedelta(days=wd - anchor.weekday())   # within the anchor's week
    if tense == PAST:
        return anchor - dt.timedelta(days=back)
    if tense == FUTURE:
        return anchor + dt.timedelta(days=fwd)
    return anchor - dt.timedelta(days=back) if back <= fwd else anchor + dt.timedelta(days=fwd)


def _month_year(anchor: dt.date, month: int, mode: str, tense: Optional[str]) -> int:
    """The year of a month named without one."""
    diff = month - anchor.month
    if mode == "last":
        return anchor.year if diff < 0 else anchor.year - 1
    if mode == "next":
        return anchor.year if diff > 0 else anchor.year + 1
    if mode == "this":
        return anchor.year
    if tense == PAST:
        return anchor.year if diff <= 0 else anchor.year - 1
    if tense == FUTURE:
        return anchor.year if diff >= 0 else anchor.year + 1
    best = min((diff - 12, diff, diff + 12), key=lambda d: (abs(d), d > 0))
    return anchor.year + (best - diff) // 12


def _month_day(anchor: dt.date, month: int, day: int, tense: Optional[str]) -> Optional[dt.date]:
    """The date of a month-day named without a year ("January 15", "February 29")."""
    candidates = []
    for year in range(anchor.year - 4, anchor.year + 5):   # wide enough for 29 February
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            pass
    return _pick(candidates, anchor, tense)


def _shift(anchor: dt.date, unit: str, n: int) -> Optional[_R]:
    """The period `n` units away from the anchor (negative: before)."""
    if unit == DAY:
        return _day(anchor + dt.timedelta(days=n))
    if unit == WEEK:
        return _week(anchor + dt.timedelta(weeks=n))
    if unit == MONTH:
        d = anchor + relativedelta(months=n)
        return _month(d.year, d.month)
    if unit == YEAR:
        return _year(anchor.year + n)
    if unit == DECADE:      # "two decades ago": the year, not the decade
        return _year(anchor.year + 10 * n)
    return None


# --------------------------------------------------------------------------
# Absolute dates: dateparser
# --------------------------------------------------------------------------

# Only month names, weekday names, numbers and date punctuation may reach
# dateparser: it is lenient and would otherwise read "March 2023 two" as a day.
_ABS_TOKENS = re.compile(
    rf"(?:(?:{_MON}|{_WD}|\d{{1,4}}(?:st|nd|rd|th)?|of|the)\.?(?:[\s,./-]+|$))+")
_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_RANGE = re.compile(r"\b(?:and|to|through|till|until|between)\b|\d\s*[-/]\s*\d")


@lru_cache(maxsize=None)
def _parser(parts: tuple[str, ...]):
    from dateparser.date import DateDataParser   # imported lazily: slow to load
    return DateDataParser(languages=["en"], settings={
        "REQUIRE_PARTS": list(parts),
        # A leap year, so that "February 29" parses; never the clock.
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        "PARSERS": ["custom-formats", "absolute-time"],
    })


def _dateparse(s: str, parts: tuple[str, ...]) -> Optional[dt.date]:
    try:
        data = _parser(parts).get_date_data(s)
    except Exception:   # dateparser raises assorted errors on odd input
        return None
    return data.date_obj.date() if data and data.date_obj else None


def _absolute(s: str) -> Optional[tuple[str, dt.date]]:
    """("dmy" | "dm" | "my", date) for a written calendar date, else None."""
    if not _ABS_TOKENS.fullmatch(s) or not re.search(r"\d", s):
        return None
    if _RANGE.search(s) and not _NUMERIC_DATE.fullmatch(s):
        return None
    d = _dateparse(s, ("day", "month", "year"))
    if d:
        return "dmy", d
    if re.search(_MON, s) or re.fullmatch(r"\d{1,2}[/.]\d{1,2}", s):
        d = _dateparse(s, ("day", "month"))
        if d:
            return "dm", d
    d = _dateparse(s, ("month", "year"))
    if d and re.search(rf"(?<!\d){d.year}(?!\d)", s):
        return "my", d
    return None


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------

_PART = re.compile(
    r"^(?:(?:the )?(?:very )?(?:end|start|beginning|middle|close|first half|second half"
    r"|latter half|latter part|early part|first part|(?:first|second|third|fourth|last) "
    r"(?:quarter|week|weeks|days|half)) of (?:the )?"
    r"|(?:early|late|earlier|later|mid)(?: in| on)? (?!of\b)"
    r"|(?:early|late|mid|end)-|mid(?=\d))")

_DEICTIC = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
            "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
            "day before yesterday": -2, "day after tomorrow": 2}
_RE_DEICTIC = re.compile(
    r"(?:the )?(day before yesterday|day after tomorrow|today|tonight|yesterday|tomorrow"
    rf"|last night|this (?:morning|afternoon|evening))(?: {_TOD})?")
_RE_NARRATIVE = re.compile(
    r"(?:that|same|following|previous|preceding|prior|subsequent) "
    r"(day|morning|afternoon|evening|night|week|weekend|month|year)"
    r"|next (day|morning|afternoon|evening|night)"
    rf"|(?:{_NUM}|a few|several) (day|week|month|year)s? (?:later|earlier|before|after|on)"
    r"|(day|week|month|year) (?:before|after|earlier|later)")
_RE_WEEKEND = re.compile(r"(?:(last|past|this past|next|coming|this coming|this) )?weekend")
_RE_WEEKDAY = re.compile(
    rf"(?:(last|past|this past|next|coming|this coming|this) )?({_WD})(?: {_TOD})?")
_RE_WEEKDAY_WEEK = re.compile(
    rf"({_WD})(?: {_TOD})?,? (?:of )?(?:the )?(last|previous|this|next|following) week")
_RE_UNIT = re.compile(
    r"(last|past|this past|previous|preceding|prior|this|current|present|next|coming"
    r"|this coming|following) (week|month|year|decade)")
_RE_UNIT2 = re.compile(r"(week|month|year) (before last|after next)")
_RE_AGO = re.compile(rf"({_NUM}) (day|week|month|year|decade)s?(?: (ago)|'? time| from now| hence)")
_RE_MONTH_RELYEAR = re.compile(r"(.+?),? (?:of )?(this|last|next) year")
_RE_MONTH = re.compile(rf"(?:(last|past|this past|next|coming|this coming|this) )?({_MON})\.?")
_RE_SEASON = re.compile(r"(?:(last|past|this past|next|coming|this coming|this) )?"
                        r"(spring|summer|autumn|fall|winter)(?:,? (?:of )?(\d{4}))?")
_RE_DECADE = re.compile(r"(?:the )?(?:(1\d|20)(\d)0|'?([3-9])0)'?s|(thirties|forties|fifties"
                        r"|sixties|seventies|eighties|nineties)")
_RE_YEAR = re.compile(r"(?:the )?(?:year )?([12]\d{3})")
_RE_BARE_UNIT = re.compile(r"(day|week|month|year|decade)")

_MODE = {"last": "last", "past": "last", "this past": "last", "next": "next",
         "coming": "next", "this coming": "next", "this": "this", None: None}


def _resolve(s: str, a: Optional[dt.date], tense: Optional[str], in_part: bool = False,
             depth: int = 0) -> Optional[_R]:
    s = _strip_lead(s)
    if not s or depth > 4:
        return None

    # "early 2024", "mid-June", "the end of the month": the containing period.
    m = _PART.match(s)
    if m and m.end() < len(s):
        r = _resolve(s[m.end():], a, tense, True, depth + 1)
        if r is not None:
            return r

    # "the month" alone names nothing; after "the end of" it is the anchor's.
    m = _RE_BARE_UNIT.fullmatch(s)
    if m:
        if not in_part:
            return None
        unit = _UNITS[m.group(1)]
        return _shift(a, unit, 0) if a and unit != DECADE else (
            _decade(a.year // 10) if a else _unresolved(unit))

    m = _RE_DEICTIC.fullmatch(s)
    if m:
        return _day(a + dt.timedelta(days=_DEICTIC[m.group(1)])) if a else _unresolved(DAY)

    m = _RE_NARRATIVE.fullmatch(s)
    if m:
        word = next(g for g in m.groups() if g)
        return _unresolved(_UNITS[word])

    m = _RE_WEEKEND.fullmatch(s)
    if m:
        if a is None:
            return _unresolved(WEEK)
        mode = _MODE[m.group(1)]
        if mode == "last":
            return _week(a - dt.timedelta(weeks=1))
        if mode == "next":
            return _week(a if a.weekday() < 5 else a + dt.timedelta(weeks=1))
        if a.weekday() >= 5:
            return _week(a)
        since_sunday, until_saturday = a.weekday() + 1, 5 - a.weekday()
        if tense == PAST or (tense is None and since_sunday <= until_saturday):
            return _week(a - dt.timedelta(weeks=1))
        return _week(a)

    m = _RE_WEEKDAY_WEEK.fullmatch(s)
    if m:
        if a is None:
            return _unresolved(DAY)
        offset = {"last": -1, "previous": -1, "this": 0, "next": 1, "following": 1}[m.group(2)]
        if m.group(2) in ("previous", "following"):
            return _unresolved(DAY)
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=offset)
        return _day(monday + dt.timedelta(days=_WEEKDAYS[m.group(1)]))

    m = _RE_WEEKDAY.fullmatch(s)
    if m:
        if a is None:
            return _unresolved(DAY)
        return _day(_weekday(a, _WEEKDAYS[m.group(2)], _MODE[m.group(1)], tense))

    m = _RE_UNIT.fullmatch(s)
    if m:
        word, unit = m.group(1), _UNITS[m.group(2)]
        if word in ("previous", "preceding", "prior", "following"):
            return _unresolved(unit)            # relative to the narrative
        if word in ("past", "this past"):
            return None                         # a rolling window, not a calendar period
        n = {"last": -1, "next": 1, "coming": 1, "this coming": 1}.get(word, 0)
        if unit == DECADE:
            if n != 0:
                return None                     # "the last decade": ten years or the 2010s?
            return _decade(a.year // 10) if a else _unresolved(DECADE)
        return _shift(a, unit, n) if a else _unresolved(unit)

    m = _RE_UNIT2.fullmatch(s)
    if m:
        unit = _UNITS[m.group(1)]
        return _shift(a, unit, -2 if m.group(2) == "before last" else 2) if a else _unresolved(unit)

    m = _RE_AGO.fullmatch(s)
    if m:
        n, unit = _num(m.group(1)), _UNITS[m.group(2)]
        n = -n if m.group(3) else n
        gran = YEAR if unit == DECADE else unit
        return _shift(a, unit, n) if a else _unresolved(gran)

    # "March this year", "January 15 last year"
    m = _RE_MONTH_RELYEAR.fullmatch(s)
    if m:
        head = m.group(1)
        year = None if a is None else a.year + {"this": 0, "last": -1, "next": 1}[m.group(2)]
        mm = re.fullmatch(rf"({_MON})\.?", head)
        if mm:
            return _month(year, _MONTHS[mm.group(1)]) if a else _unresolved(MONTH)
        parsed = _absolute(head)
        if parsed and parsed[0] == "dm":
            if a is None:
                return _unresolved(DAY)
            try:
                return _day(dt.date(year, parsed[1].month, parsed[1].day))
            except ValueError:
                return None

    m = _RE_MONTH.fullmatch(s)
    if m:
        if a is None:
            return _unresolved(MONTH)
        month = _MONTHS[m.group(2)]
        return _month(_month_year(a, month, _MODE[m.group(1)], tense), month)

    m = _RE_SEASON.fullmatch(s)
    if m:
        # Seasons have no granularity of their own: they resolve to their year.
        mode, season, year = _MODE[m.group(1)], m.group(2), m.group(3)
        if year:
            return _year(int(year)) if not mode else None
        if season == "winter":
            return None                         # which year is "this winter"?
        if a is None:
            return _unresolved(YEAR)
        first, last = _SEASONS[season]
        if mode == "last" or (mode is None and tense == PAST):
            return _year(a.year if a.month > last or (mode is None and a.month >= first)
                         else a.year - 1)
        if mode == "next" or (mode is None and tense == FUTURE):
            return _year(a.year if a.month < first or (mode is None and a.month <= last)
                         else a.year + 1)
        return _year(a.year)

    m = _RE_DECADE.fullmatch(s)
    if m:
        if m.group(1):
            return _decade(int(m.group(1) + m.group(2)))
        if m.group(3):
            return _decade(190 + int(m.group(3)))
        return _decade(_DECADE_WORDS[m.group(4)])

    m = _RE_YEAR.fullmatch(s)
    if m:
        return _year(int(m.group(1)))

    # A weekday in front of a written date adds nothing: "Tuesday, January 16".
    s = re.sub(rf"^{_WD},? (?=(?:{_MON}|\d))", "", s)
    parsed = _absolute(s)
    if parsed:
        kind, d = parsed
        if kind == "dmy":
            return _day(d)
        if kind == "my":
            return _month(d.year, d.month)
        if a is None:
            return _unresolved(DAY)
        d = _month_day(a, d.month, d.day, tense)
        return _day(d) if d else None
    return None


def _parse_anchor(anchor) -> Optional[dt.date]:
    if anchor is None or anchor == "":
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})(?:$|[T ])", str(anchor))
    if not m:
        raise ValueError(f"anchor must be an ISO date YYYY-MM-DD, got {anchor!r}")
    return dt.date.fromisoformat(m.group(1))


def normalize(text: str, anchor: str | None, *, tense: str | None = None,
              start: int | None = None, end: int | None = None) -> TimeValue | None:
    """Normalise one temporal expression against `anchor` (ISO date or None).

    `tense` ("past", "future" or None) decides underspecified dates ("on
    Tuesday", "in March", "January 15"). Returns None for durations and vague
    spans that are no point or period on the calendar. `TimeValue.anchor` is
    the anchor given (as "YYYY-MM-DD"), whether or not the text needed it.
    """
    if tense not in (None, PAST, FUTURE):
        raise ValueError(f"tense must be 'past', 'future' or None, got {tense!r}")
    a = _parse_anchor(anchor)
    span = _day_range(_clean(text or ""), a, tense)
    if span is not None:
        first, last = span
        return TimeValue(text=text, value=first.isoformat(), granularity=DAY,
                         anchor=a.isoformat() if a else None, start=start, end=end,
                         earliest=first.isoformat(), latest=last.isoformat())
    r = _resolve(_clean(text or ""), a, tense)
    if r is None:
        return None
    return TimeValue(
        text=text, value=r.value, granularity=r.granularity,
        anchor=a.isoformat() if a else None, start=start, end=end,
        earliest=r.earliest.isoformat() if r.earliest else None,
        latest=r.latest.isoformat() if r.latest else None)


# "March 26-30", "March 26 to 30", "26-30 March 2022", "May 9 and 10", "from March 26 to
# April 2": a run of days, dated by its first day (the start of a trip is its date)
_RANGE = re.compile(
    r"^(?:from\s+|between\s+)?(?:(?P<m1>[A-Za-z]+)\.?\s+(?P<d1>\d{1,2})|(?P<d1b>\d{1,2})\s+(?P<m1b>[A-Za-z]+))"
    r"(?:st|nd|rd|th)?\s*(?:-|–|—|to|until|through|thru|and)\s*"
    r"(?:(?P<m2>[A-Za-z]+)\.?\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<m2b>[A-Za-z]+))?"
    r"(?:,?\s+(?P<y>\d{4}))?$", re.I)


_RANGE_DAYS_FIRST = re.compile(
    r"^(?:from\s+|between\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|to|until|through|and)\s*"
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[A-Za-z]+)(?:,?\s+(?P<y>\d{4}))?$", re.I)


def _day_range(text: str, anchor, tense) -> tuple | None:
    m = _RANGE_DAYS_FIRST.match(text.strip())
    if m:
        text = f"{m['m']} {m['d1']}-{m['d2']}" + (f", {m['y']}" if m["y"] else "")
    m = _RANGE.match(text.strip())
    if not m:
        return None
    m1 = m["m1"] or m["m1b"]
    d1 = int(m["d1"] or m["d1b"])
    m2 = m["m2"] or m["m2b"] or m1
    d2 = int(m["d2"])
    mon1, mon2 = _MONTHS.get(m1.lower()), _MONTHS.get(m2.lower())
    if not mon1 or not mon2:
        return None
    tail = f" {m['y']}" if m["y"] else ""
    first = _resolve(_clean(f"{m1} {d1}{tail}"), anchor, tense)
    if first is None or first.granularity != DAY or first.earliest is None:
        return None
    try:
        last = dt.date(first.earliest.year + (1 if mon2 < mon1 else 0), mon2, d2)
    except ValueError:
        return None
    if last < first.earliest or (last - first.earliest).days > 62:
        return None
    return first.earliest, last


def week_as_month(tv: TimeValue | None) -> TimeValue | None:
    """An ISO week as the month its Thursday falls in ("2024-W02" -> "2024-01"), for
    facts stated at month precision: news tells "last week" of an event whose day it
    does not give, and the month is what it dates. `earliest`/`latest` keep the week's
    own days. Other values are returned unchanged."""
    if tv is None or tv.granularity != WEEK or not tv.value:
        return tv
    m = re.fullmatch(r"(\d{4})-W(\d{2})", tv.value)
    if not m:
        return tv
    try:
        thursday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 4)
    except ValueError:
        return tv
    return TimeValue(text=tv.text, value=thursday.strftime("%Y-%m"), granularity=MONTH, anchor=tv.anchor,
                     start=tv.start, end=tv.end, earliest=tv.earliest, latest=tv.latest)


# --------------------------------------------------------------------------
# find_times: regex spotting in plain text
# --------------------------------------------------------------------------

# Month and weekday names must be capitalised here ("may" is a verb); the other
# words are matched in any case.
_F_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?"
          r"|Nov\.?|Dec\.?)(?![A-Za-z])")
_F_MON_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October"
               r"|November|December)\b")
_F_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_F_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_F_YEAR = r"(?<![\d,.])[12]\d{3}(?![\d%]|-\d|s\b)"
_F_PREP = "".join(rf"|(?<=\b[{w[0].upper()}{w[0]}]{w[1:]} )" for w in (
    "in", "since", "until", "till", "by", "during", "from", "before", "after", "through"))[1:]
_F_PART = (r"(?i:(?:the )?(?:very )?(?:end|start|beginning|middle|close|first half|second half"
           r"|(?:first|second|third|fourth|last) (?:quarter|week|half)) of (?:the )?"
           r"|(?:early|late|earlier|later|mid)(?: in)? |(?:early|late|mid|end)-)")
_F_RELW = r"(?i:last|past|this past|next|coming|this coming|this)"
_F_NUM = rf"(?i:{_NUM_ALT})"

_FIND = [re.compile(p) for p in (
    # written dates (a weekday in front is part of them)
    rf"\b(?:{_F_WD},? )?(?:{_F_MON} {_F_DAY},? {_F_YEAR}|{_F_DAY} (?:of )?{_F_MON},? {_F_YEAR})",
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b",
    rf"\b(?:{_F_WD},? )?(?:{_F_MON} {_F_DAY}|{_F_DAY} (?:of )?{_F_MON})"
    r"(?:,? (?i:this|last|next) year\b)?",
    rf"{_F_PART}?\b{_F_MON},? (?:of )?{_F_YEAR}",
    rf"{_F_PART}?\b(?:{_F_RELW} {_F_MON}|{_F_MON} (?:of )?(?i:this|last|next) year\b)",
    rf"(?:{_F_PREP}){_F_MON_FULL}",
    rf"{_F_PART}\b{_F_MON_FULL}",
    # weekdays
    rf"{_F_PART}?\b(?:{_F_RELW} )?{_F_WD}(?: (?i:morning|afternoon|evening|night)\b)?"
    r"(?:,? (?i:(?:of )?(?:last|this|next) week)\b)?",
    r"(?i:\b(?:last|past|this past|next|coming|this coming|this|the) weekend\b)",
    # relative to the anchor
    rf"{_F_PART}?(?i:\b(?:the )?(?:day before yesterday|day after tomorrow|yesterday|today"
    r"|tonight|tomorrow|last night|this morning|this afternoon|this evening)"
    r"(?: (?:morning|afternoon|evening|night))?\b)",
    rf"{_F_PART}?(?i:\b(?:the )?(?:last|this|current|next|coming) (?:week|month|year)\b"
    r"|\b(?:the )?(?:week|month|year) (?:before last|after next)\b)",
    rf"(?i:(?:the )?(?:end|start|beginning|middle|close) of the (?:week|month|year)\b)",
    rf"\b{_F_NUM} (?i:(?:day|week|month|year|decade)s? (?:ago|from now)\b)",
    rf"(?i:\bin ){_F_NUM} (?i:(?:day|week|month|year)s?'? time\b)",
    # years, decades, seasons
    rf"(?:{_F_PREP}){_F_YEAR}",
    rf"{_F_PART}{_F_YEAR}",
    rf"(?i:\bthe year ){_F_YEAR}",
    r"(?i:\b(?:the )?(?:early |mid-|late )?(?:1\d|20)\d0s\b|\bthe '?[3-9]0s\b)",
    rf"(?i:\b(?:the )?(?:(?:last|this|next) (?:spring|summer|autumn|fall)\b"
    rf"|(?:spring|summer|autumn|winter|fall),? (?:of )?{_F_YEAR}))",
)]


def find_times(text: str, anchor: str | None) -> list[TimeValue]:
    """Temporal expressions in `text`, normalised against `anchor`, in order.

    Regex-only (no spaCy, no tense): bare month names and bare years are taken
    only after a preposition ("in March", "since 2019") or a part word ("early
    2024"), so that "May" the verb and "2000 troops" are not dates.
    """
    spans = []
    for pattern in _FIND:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    spans.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    found, last_end = [], -1
    for s, e in spans:
        if s < last_end:
            continue
        tv = normalize(text[s:e], anchor, start=s, end=e)
        if tv is not None:
            found.append(tv)
            last_end = e
    return found
