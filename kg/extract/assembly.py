"""Document-level event assembly: passes that read all of an article's events at once.

The event rules (`events.py` and the frame modules) find event mentions clause by
clause. What a clause does not say — when a present-tense report happened, whether
a participant is a named person at all — is settled here, once per article, by
looking at the article as a whole: its publication (or dateline) day, its headline
and the other events it tells. Each pass is a function over an `ArticleFrame` so
that it can be tested on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .. import timex
from ..facts import MEETING, PERSON, VISIT, Event
from . import lexicon as lx
from .entities import Registry

# auxiliaries that put a verb in the future or in a hypothetical: no news of the day
_NOT_NEWS_AUX = {"will", "would", "shall", "could", "might", "may", "should", "must", "had", "'ll", "'d"}
_PERFECT_AUX = {"has", "have", "'s", "'ve"}
_PROGRESSIVE_AUX = {"is", "are", "'re", "am"}
# adverbs that put a present-tense verb into a habit, not the day's news
_HABITUAL = {"usually", "often", "regularly", "annually", "always", "never", "rarely", "seldom",
             "sometimes", "frequently", "traditionally", "generally", "normally", "every"}


@dataclass
class ArticleFrame:
    """What every document-level pass may read: the parse, the entities, the events,
    and the day the article reports (its dateline or publication day)."""
    doc: object
    reg: Registry
    events: list[Event]
    anchor: Optional[str] = None
    title_end: int = field(default=-1)

    def __post_init__(self) -> None:
        if self.title_end < 0:
            nl = self.doc.text.find("\n")
            self.title_end = nl if nl >= 0 else 0

    @property
    def day(self) -> Optional[str]:
        return self.anchor[:10] if self.anchor and len(self.anchor) >= 10 else None

    def trigger_token(self, ev: Event):
        if ev.trigger is None:
            return None
        span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None


# ------------------------------------------------------------- participants --
def named_participants_only(frame: ArticleFrame) -> None:
    """A meeting is an encounter of named people (GUIDELINES, meetings 1 and 4): a
    participant that is an unnamed group ("Chilean officials") or a state is dropped,
    and a meeting left with fewer than two people is no meeting."""
    kept = []
    for ev in frame.events:
        if ev.kind == MEETING:
            persons = [k for k in ev.roles.get("participant", [])
                       if k in frame.reg.entities and frame.reg.kind(k) == PERSON]
            if len(persons) < 2:
                continue
            ev.roles["participant"] = persons
        kept.append(ev)
    frame.events[:] = kept


# ------------------------------------------------------------------- dates --
def governing_verb(tok):
    """The verb that carries a trigger: the trigger itself when it is a verb, else the
    verb whose object, subject or complement the trigger noun is ("holds talks")."""
    node = tok
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj", "conj", "compound") and node.head is not node:
            node = node.head
            continue
        return None
    return node if node.pos_ in ("VERB", "AUX") else None


def told_as_todays_news(verb) -> bool:
    """Is the verb in the simple present ("meets"), the present perfect ("has met") or the
    present progressive ("is visiting")? Reports in those tenses are the day's events
    (GUIDELINES, dates)."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _NOT_NEWS_AUX:
        return False
    if any(c.lower_ in _HABITUAL for c in verb.subtree if c.dep_ in ("advmod", "det", "npadvmod")):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False          # "to meet": an infinitive under another verb, dated by that verb
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    if verb.tag_ == "VBN" and auxes & _PERFECT_AUX:
        return True
    if verb.tag_ == "VBG" and auxes & _PROGRESSIVE_AUX:
        return True
    return False


def news_day_dates(frame: ArticleFrame) -> None:
    """An occurred meeting or visit with no date of its own, told in the present or the
    present perfect, happened on the day the article reports."""
    day = frame.day
    if day is None:
        return
    for ev in frame.events:
        if ev.kind not in (MEETING, VISIT) or ev.status != "occurred":
            continue
        if ev.time is not None and ev.time.value:
            continue
        tok = frame.trigger_token(ev)
        if tok is None or tok.tag_ in ("NNS", "NNPS"):
            continue          # "has made many trips": no one day
        verb = governing_verb(tok)
        if _TODAY.search(tok.sent.text):
            ev.time = timex.normalize("today", day)       # "met earlier today with ..."
            continue
        if verb is None and tok.idx < frame.title_end and not _headline_has_verb(frame):
            ev.time = timex.normalize("today", day)       # "A and B at their talks"
            continue
        if verb is None or not told_as_todays_news(verb):
            continue
        ev.time = timex.normalize("today", day)


_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)


def _headline_has_verb(frame: ArticleFrame) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG" for t in frame.doc if t.idx < frame.title_end)


def _month_of(tv):
    """The month a multi-day span starts in, as a month-precise time value."""
    from ..facts import TimeValue
    return TimeValue(text=tv.text, value=tv.value[:7], granularity="month", anchor=tv.anchor,
                     start=tv.start, end=tv.end, earliest=tv.earliest, latest=tv.latest)


_TIME_APART = {"after", "before", "since", "until", "following", "ahead"}


def trip_dates(frame: ArticleFrame) -> None:
    """A meeting with no date of its own that is part of a dated trip the article reports
    (a visit by one of its participants, with the same status) takes the trip's date: its
    day for a one-day stop, its month for a trip over several days (GUIDELINES, dates)."""
    reg = frame.reg
    visits = [v for v in frame.events if v.kind == VISIT and v.time is not None and v.time.value
              and len(v.time.value) >= 7]
    if not visits:
        return

    def state_of(key):
        e = reg.entities.get(key)
        if e is None:
            return None
        return key if e.kind == "State" else e.country

    for ev in frame.events:
        if ev.kind != MEETING or (ev.time is not None and ev.time.value):
            continue
        tok = frame.trigger_token(ev)
        if tok is not None and any(a.dep_ == "prep" and a.lower_ in _TIME_APART for a in [tok, tok.head]):
            continue            # "will visit P in April after meeting X": a time of its own
        people = set(ev.roles.get("participant", []))
        trips = [v for v in visits if people & set(v.roles.get("visitor", [])) and v.status == ev.status]
        if not trips:
            continue
        if ev.place:
            here = {ev.place, state_of(ev.place)}
            at_place = [v for v in trips if here & ({d for d in v.roles.get("destination", [])} |
                                                    {state_of(d) for d in v.roles.get("destination", [])})]
            trips = at_place or trips
        values = {v.time.value for v in trips}
        if len(values) != 1:
            continue            # stops on several dates, and nothing tells which one
        tv = trips[0].time
        multi_day = tv.earliest and tv.latest and tv.earliest != tv.latest
        ev.time = _month_of(tv) if multi_day and len(tv.value) >= 10 else tv
        if ev.place is None:
            dests = {d for v in trips for d in v.roles.get("destination", [])}
            if len(dests) == 1:
                ev.place = next(iter(dests))


# ---------------------------------------------------------------- headline --
# nouns that name an encounter in a headline with no verb ("A and B at their talks",
# "A, B and C at a joint news conference")
_HEADLINE_ENCOUNTERS = {"meeting", "meetings", "talks", "summit", "bilateral", "availability", "conference",
                        "encounter", "dialogue", "consultations", "signing", "ceremony"}
_PRESS_ONLY = {"availability", "conference"}       # only as "press availability/conference"
_PLANNED_CUES = {"will", "upcoming", "planned", "ahead", "expected", "travel", "travels", "trip"}


def headline_encounter(frame: ArticleFrame) -> None:
    """A headline that names two or more people and an encounter but no verb ("A and B
    at their talks", "A and B at a joint news conference") tells an encounter
    of all of them on the day of the article, when the clause rules found none there."""
    from ..facts import Evidence, Mention
    doc, reg = frame.doc, frame.reg
    if frame.title_end <= 0:
        return
    head = [t for t in doc if t.idx < frame.title_end]
    if not head or len(head) > 40:
        return
    if any(ev.kind in (MEETING, "Call") and ev.trigger is not None and ev.trigger.start < frame.title_end
           for ev in frame.events):
        return
    lows = [t.lower_ for t in head]
    if any(w in lx.CALL_CUES for w in lows):
        return
    if any(t.pos_ in ("VERB", "AUX") and t.lower_ not in ("meeting",) and t.tag_ != "VBG" for t in head):
        return                  # a headline with a verb is read by the clause rules
    noun = None
    for t in head:
        if t.lower_ in _HEADLINE_ENCOUNTERS:
            if t.lower_ in _PRESS_ONLY and not (t.i > 0 and doc[t.i - 1].lower_ == "press"):
                continue
            noun = t
    people: list[str] = []
    for t in head:
        for k in reg.keys_at(t.i):
            if reg.kind(k) == PERSON and k not in people:
                people.append(k)
    if noun is not None and len(people) == 1:
        # "Remarks to reporters after talks with X" under the byline "Y, <title>"
        author = byline_person(frame)
        if author and author not in people:
            people.insert(0, author)
    if noun is None and not (len(people) >= 2 and _transcript(doc.text[frame.title_end:])):
        return                  # "A and B" over a transcript of both speaking: a joint appearance
    if len(people) < 2:
        return
    if noun is None:
        noun = head[0]
    planned = any(w in _PLANNED_CUES for w in lows) or any(
        t.lower_ == "to" and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "VB" for t in head)   # "X to meet Y"
    ev = Event(kind=MEETING, status="planned" if planned else "occurred")
    for k in people:
        ev.add("participant", k)
    if not planned and frame.day:
        ev.time = timex.normalize("today", frame.day)
    sent = noun.sent
    ev.trigger = Mention(noun.idx, noun.idx + len(noun.text), noun.text)
    ev.evidence = Evidence(sent.start_char, sent.end_char, sent.text.strip(), sentence_index=0,
                           sentence_start=sent.start_char, sentence_end=sent.end_char, confidence=0.6)
    frame.events.append(ev)


_SPEAKER_LINE = re.compile(r"^(?:[A-Z][A-Z.'’-]*\s+){0,4}[A-Z][A-Z.'’-]+:", re.M)
_BYLINE = re.compile(r"^([A-Z][^,\n]{2,60}),\s+[A-Z][^\n]{2,80}$")


def _transcript(body: str) -> bool:
    """Does the text go on as a transcript ("MINISTER X: ...", two speaker lines or more)?"""
    return len(_SPEAKER_LINE.findall(body[:20000])) >= 2


def byline_person(frame: ArticleFrame) -> Optional[str]:
    """The person of a byline line under the headline ("Ana Ruiz, Foreign Minister")."""
    doc, reg = frame.doc, frame.reg
    pos = frame.title_end
    for raw in doc.text[frame.title_end:frame.title_end + 400].split("\n"):
        start = doc.text.find(raw, pos)
        pos = start + len(raw)
        line = raw.strip()
        if not line:
            continue
        m = _BYLINE.match(line)
        if not m:
            return None
        for t in doc:
            if start <= t.idx < start + len(raw):
                for k in reg.keys_at(t.i):
                    if reg.kind(k) == PERSON:
                        return k
        return None
    return None


def _day_and_eve(day: str) -> set[str]:
    """The day and the day before: a readout often tells "yesterday's" call."""
    import datetime as dt
    d = dt.date.fromisoformat(day)
    return {day, (d - dt.timedelta(days=1)).isoformat()}


def calls_told_in_the_headline(frame: ArticleFrame) -> None:
    """A headline that names a call ("X's call with Y") governs the story under it: an
    occurred meeting of the call's people on that day, or undated, is the call itself."""
    from ..facts import CALL
    doc, reg = frame.doc, frame.reg
    if frame.title_end <= 0:
        return
    head = doc.text[:frame.title_end]
    words = {w.lower() for w in re.findall(r"[A-Za-z-]+", head)}
    if not words & (lx.CALL_CUES | {"calls"}):
        return
    head_words = {w.lower() for w in re.findall(r"[^\W\d_]+", head)}
    for ev in frame.events:
        if ev.kind != MEETING or ev.status != "occurred":
            continue
        if ev.time is not None and ev.time.value and frame.day and ev.time.value not in _day_and_eve(frame.day):
            continue              # a meeting of another day, told in passing
        people = ev.roles.get("participant", [])
        surnames = [reg.entities[k].label.split()[-1].lower() for k in people if k in reg.entities]
        if len(surnames) >= 2 and sum(1 for s in surnames if s in head_words) >= 2:
            ev.kind = CALL
            ev.mode = "video" if words & {"video", "videoconference", "virtual", "virtually", "online"} else "phone"


# ------------------------------------------------------------------ places --
def place_line(frame: ArticleFrame) -> Optional[str]:
    """The place a release or transcript gives on a line of its own near the top
    ("Washington, D.C." under the byline): the most specific place of the first such line."""
    doc, reg = frame.doc, frame.reg
    text = doc.text
    lines, pos = [], 0
    for raw in text[:1500].split("\n")[:12]:
        lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    for start, end, raw in lines[1:]:
        words = raw.strip()
        if not words or len(words) > 60:
            continue
        toks = [t for t in doc if start <= t.idx < end and not t.is_space]
        if not toks:
            continue
        places = []
        ok = True
        for t in toks:
            ks = [k for k in reg.keys_at(t.i) if reg.kind(k) in ("Place", "State")]
            if ks:
                places += [k for k in ks if k not in places]
            elif not t.is_punct:
                ok = False
                break
        if ok and places:
            cities = [k for k in places if reg.kind(k) == "Place"]
            return (cities or places)[0]
    return None


def day_places(frame: ArticleFrame) -> None:
    """A meeting of the article's own day with no place of its own took place where the
    release is datelined (GUIDELINES, places: the dateline, when the article is about
    that place's events)."""
    if frame.day is None:
        return
    where = place_line(frame)
    if where is None:
        return
    for ev in frame.events:
        if ev.kind == MEETING and ev.place is None and ev.status == "occurred" and ev.time is not None \
                and ev.time.value == frame.day:
            ev.place = where


# -------------------------------------------------------------- agreements --
def documents_only(frame: ArticleFrame) -> None:
    """An agreement is a document signed or due to be signed (GUIDELINES, agreements): "A
    and B agree to resume talks" or "agreed that ..." tells a decision, not a document."""
    from ..facts import AGREEMENT_SIGNING
    kept = []
    for ev in frame.events:
        if ev.kind == AGREEMENT_SIGNING and ev.status == "agreed":
            tok = frame.trigger_token(ev)
            if tok is not None and tok.lemma_.lower() == "agree" and \
                    any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
                continue
            if ev.name and ev.name.lower().startswith(("agreement to ", "agreement that ")):
                continue
        kept.append(ev)
    frame.events[:] = kept


def scheduled_meetings_apart(frame: ArticleFrame) -> None:
    """"X will meet with A, B and C": a schedule lists appointments, one with each named
    counterpart, not one encounter of all of them. A planned meeting whose one subject
    meets a list of people becomes one meeting with each of them; told as past, the
    same words stay one encounter."""
    import copy
    reg = frame.reg
    out = []
    for ev in frame.events:
        parts = ev.roles.get("participant", [])
        tok = frame.trigger_token(ev) if ev.kind == MEETING and ev.status == "planned" and len(parts) >= 3 else None
        verb = governing_verb(tok) if tok is not None else None
        if verb is None:
            out.append(ev)
            continue
        subject = {k for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
                   for k in reg.keys_at(t.i) if k in parts}
        listed = {k for c in verb.children if c.dep_ in ("dobj", "prep") and (c.dep_ == "dobj" or c.lower_ == "with")
                  for t in c.subtree for k in reg.keys_at(t.i) if k in parts}
        if len(subject) != 1 or len(listed) < 2 or subject & listed or set(parts) != subject | listed:
            out.append(ev)
            continue
        (who,) = subject
        for other in [k for k in parts if k in listed]:
            one = copy.copy(ev)
            one.roles = {**ev.roles, "participant": [who, other]}
            out.append(one)
    frame.events[:] = out


# ------------------------------------------------------------------ merge --
def _compatible_values(a, b) -> bool:
    return a is None or b is None or a == b or a.startswith(b) or b.startswith(a)


def one_event_many_mentions(frame: ArticleFrame) -> None:
    """A headline, a lead and a body often tell one meeting two or three times ("X's
    meeting with Y" above, "X met Y in P today" below): meetings of the same people with
    the same status, whose dates and places do not disagree, are one event. The mention
    that says most is kept and takes what the others add."""
    reg = frame.reg

    def where(key):
        e = reg.entities.get(key) if key else None
        return None if e is None else (key if e.kind == "State" else e.country)

    def richness(ev):
        return (ev.place is not None, ev.time is not None and bool(ev.time.value),
                -(ev.trigger.start if ev.trigger else 0) if ev.trigger and ev.trigger.start < frame.title_end else 0)

    kept: list[Event] = []
    for ev in sorted(frame.events, key=lambda e: richness(e), reverse=True):
        if ev.kind != MEETING:
            kept.append(ev)
            continue
        people = frozenset(ev.roles.get("participant", []))
        twin = None
        for other in kept:
            if other.kind != MEETING or other.status != ev.status or \
                    frozenset(other.roles.get("participant", [])) != people:
                continue
            if not _compatible_values(other.time.value if other.time else None, ev.time.value if ev.time else None):
                continue
            if ev.place and other.place and ev.place != other.place and \
                    where(ev.place) != other.place and where(other.place) != ev.place:
                continue
            twin = other
            break
        if twin is None:
            kept.append(ev)
            continue
        if twin.place is None:
            twin.place = ev.place
        if (twin.time is None or not twin.time.value) and ev.time is not None:
            twin.time = ev.time
    order = {id(ev): i for i, ev in enumerate(frame.events)}
    frame.events[:] = sorted(kept, key=lambda e: order[id(e)])
