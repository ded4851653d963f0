"""Events in one parsed article: triggers, their arguments, status, time, place, source.

Rules read the dependency parse: a trigger word (met, visit, invitation,
signed, supplied, said, election) and the entities in its subject, object and
prepositional phrases. Status comes from the words that govern the trigger
(will, expected to, did not, called off, accused), time from the nearest date
expression normalised against the publication date.
"""
from __future__ import annotations

import re

from typing import Iterable, Optional

from .. import timex
from ..facts import (AID_TRANSFER, ARMS_TRANSFER, CALL, ELECTION, INVITATION, MEETING, ORGANIZATION, PERSON, PLACE,
                     STATE, STATEMENT, VISIT, Event, Evidence, Mention, TimeValue)
from . import lexicon as lx
from ..articles import _PUB_LINE
from .agreements import AgreementRules
from .encounters import EncounterRules
from .groups import GROUP, GroupRules
from .entities import EntityFinder, Registry, _sent_index
from .invitations import InvitationRules
from .meetings import MeetingRules
from .syntax import PLACE_RANK, SUBJ
from .transfers import TransferRules, items_compatible
from .visits import VisitRules



class EventFinder(MeetingRules, VisitRules, InvitationRules, AgreementRules, TransferRules, EncounterRules, GroupRules):
    def __init__(self, doc, finder: EntityFinder, article):
        self.doc = doc
        self.finder = finder
        self.reg: Registry = finder.reg
        self.anchor = _dateline_anchor(article.text, article.published)
        self.events: list[Event] = []
        self.times: list[TimeValue] = []
        self._time_cache: dict[tuple[int, Optional[str]], Optional[TimeValue]] = {}
        self._at_gathering: list = []
        self.article_id = article.id or "article"
        self._group_init()

    # ------------------------------------------------------------- driver --
    def run(self) -> list[Event]:
        self._delegations()
        for sent in self.doc.sents:
            for tok in sent:
                for make in (self._meeting, self._hosting, self._encounter, self._visit, self._invitation, self._agreement,
                             self._transfer, self._statement, self._election):
                    evs = make(tok)
                    for ev in (evs if isinstance(evs, list) else [evs]):
                        if ev is not None:
                            self._finish(ev, tok)
        self._gatherings()
        self._expand_groups()
        self._no_such()
        self._agreement_context()
        self._all_times()
        self._places_from_visits()
        self._inherit_times()
        self._visit_post()
        self._implicit_recipients()
        merged = merge_duplicates(self.events)
        for ev in merged:
            self._prefer_persons(ev)
        used = {k for ev in merged for k in ev.entities()}
        for k in [k for k in self.reg.entities if self.is_group(k) and k not in used]:
            del self.reg.entities[k]       # groups exist only as meeting participants
        return merged

    def _no_such(self) -> None:
        """'X could meet Y. No such meeting is planned.': the denial is about
        the event the text just mentioned."""
        kinds = {"meeting": MEETING, "talks": MEETING, "summit": MEETING, "encounter": MEETING,
                 "visit": VISIT, "trip": VISIT, "journey": VISIT, "tour": VISIT, "transfer": ARMS_TRANSFER}
        for tok in self.doc:
            if tok.lower_ != "such" or tok.head.lemma_.lower() not in kinds:
                continue
            noun = tok.head
            if not any(c.lower_ == "no" for c in noun.children):
                continue
            kind = kinds[noun.lemma_.lower()]
            before = [ev for ev in self.events if ev.kind == kind and ev.trigger is not None
                      and ev.trigger.start < noun.idx
                      and noun.sent.start_char - ev.evidence.end <= 400]
            if any(t.lemma_.lower() in ("meet", "visit") and any(c.dep_ == "neg" for c in t.children)
                   for t in noun.sent if t.i < noun.i):
                continue         # "She did not meet X, ... none was planned": the negated one
            if before:
                before[-1].status = "denied"

    def _prefer_persons(self, ev: Event) -> None:
        """'Norway's invitation by Ole Berg': when a role names a person, the
        person's own state in the same role is the same actor, said twice."""
        for role, keys in ev.roles.items():
            persons = [k for k in keys if self.reg.kind(k) == PERSON]
            their_states = {self._state_of(k) for k in persons}
            ev.roles[role] = [k for k in keys if not (self.reg.kind(k) == STATE and k in their_states)]

    def _places_from_visits(self) -> None:
        """A meeting told inside a visit ('visited X ... when he met Y') happened where the visit went."""
        for ev in self.events:
            if ev.kind != MEETING or ev.place or ev.evidence is None:
                continue
            cands = [v for v in self.events
                     if v.kind == VISIT and v.evidence and v.evidence.start == ev.evidence.start and
                     v.roles.get("destination") and set(v.roles.get("visitor", [])) & set(ev.roles.get("participant", []))]
            if cands:
                # several stops in one sentence: the visit of the meeting's date, else the one told last before it
                tm = ev.time.value if ev.time and ev.time.value else None
                at = ev.trigger.start if ev.trigger else 0
                best = min(cands, key=lambda v: (
                    not (tm and v.time and v.time.value and (tm.startswith(v.time.value) or v.time.value.startswith(tm))),
                    (v.trigger.start if v.trigger else 0) > at, abs(at - (v.trigger.start if v.trigger else 0))))
                ev.place = best.roles["destination"][0]

    def _inherit_times(self) -> None:
        """'A and B signed the pact on Tuesday. C and D signed it too, with E looking on. Before
        the ceremony, E received A.': a meeting that occurred and has no date of its own took
        place when the event told just before it did (the nearest dated event one or two
        sentences back, else the date expression of a clause there)."""
        sents = list(self.doc.sents)
        title_end = self.doc.text.find("\n")
        for ev in self.events:
            if ev.kind not in (MEETING, VISIT) or ev.status != "occurred" or ev.evidence is None or ev.trigger is None:
                continue
            if 0 <= ev.trigger.start < title_end:
                continue          # a headline has no story before it
            if ev.time is not None and ev.time.value:
                if ev.kind == MEETING and ev.place is None:
                    ev.place = self._place_before(ev, sents)
                    ev._place_inherited = ev.place is not None
                continue
            if ev.kind == MEETING and self.anchor and len(self.anchor) >= 10 and self._told_as_news(ev):
                # "X has met Y in P": told in the present perfect, the meeting is the day's news
                ev.time = timex.normalize("today", self.anchor[:10])
                continue
            if ev.kind == VISIT:
                # "X hosted Y in P": the visit is the meeting told by the same words
                twin = next((o for o in self.events if o.kind == MEETING and o.trigger is not None and
                             o.trigger.start == ev.trigger.start and o.time is not None and o.time.value and
                             set(ev.roles.get("visitor", [])) <= set(o.roles.get("participant", []))), None)
                if twin is not None:
                    ev.time = twin.time
                    ev._time_inherited = getattr(twin, "_time_inherited", False)
                    continue
                if not self._told_in_past(ev):
                    continue      # a visit told in the present is dated by the visit rules (the dateline day)
            n = ev.evidence.sentence_index
            if n is None or n >= len(sents):
                continue
            if self._in_time_clause(ev):
                continue          # "relations have warmed since X's meeting with Y": an earlier time
            if any(not self._in_dateline(e.start_char) and not _SAME_DAY.search(e.text) and _own_frame(e, self.anchor)
                   and not _in_relative_clause(e.root) for e in self._date_ents(sents[n])):
                continue          # "a year after X met Y": the sentence keeps its own time frame
            same_day = [e for e in self._date_ents(sents[n]) if _SAME_DAY.search(e.text)]
            if same_day:
                # "a session earlier that day": the day of the date told before
                tv = self.normalise(same_day[0], "past")
                if tv is not None and tv.value:
                    ev.time = tv
                    continue
            tv, place = self._time_before(ev, n, sents)
            if tv is not None:
                ev.time = tv
                ev._time_inherited = True
                if ev.kind == MEETING and ev.place is None:
                    ev.place = place       # the same scene: where that was told to happen
                    ev._place_inherited = place is not None

    def _told_as_news(self, ev: Event) -> bool:
        """Is the meeting's verb in the present perfect ('has met', 'have held talks')?"""
        span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if span is None:
            return False
        t = span[0]
        verb = t if t.pos_ in ("VERB", "AUX") else (t.head if t.dep_ in ("dobj", "nsubjpass") else None)
        if verb is None or verb.tag_ != "VBN" or verb.dep_ not in ("ROOT", "conj"):
            return False
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        return bool(auxes & {"has", "have", "'s", "'ve"}) and not auxes & {"will", "would", "could", "might", "may",
                                                                          "should", "must", "had"}

    def _in_time_clause(self, ev: Event) -> bool:
        """Is the trigger inside a 'since / until ...' phrase, which sets the
        event apart in time from the story around it?"""
        span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if span is None:
            return False
        node = span[0]
        for _ in range(4):
            if any(c.dep_ in ("mark", "prep") and c.lower_ in _TIME_LINKS and c.i < node.i for c in node.children) \
                    and node.pos_ in ("VERB", "AUX") and node.dep_ != "ROOT":
                return True
            if node.dep_ in ("pobj", "pcomp") and node.head.lower_ in _TIME_LINKS:
                return True
            if node.head is node or node.dep_ == "ROOT":
                break
            node = node.head
        return False

    def _bound_date(self, tv: TimeValue) -> bool:
        """'his first trip since March 2008': a date that bounds a span dates no event of its own."""
        if tv.start is None:
            return False
        before = self.doc.text[max(0, tv.start - 12):tv.start].lower().split()
        return bool(before) and before[-1] in ("since", "until", "till", "from")

    def _told_in_past(self, ev: Event) -> bool:
        """Is the event told in the simple past ('flew to P', 'hosted B'), not the present perfect?"""
        span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if span is None:
            return False
        t = span[0]
        verb = t if t.pos_ in ("VERB", "AUX") else t.head
        if verb.tag_ == "VBD":
            return True
        return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "'s", "'ve")
                                              for c in verb.children)

    def _time_before(self, ev: Event, n: int, sents) -> tuple:
        for back in (1, 2):
            m = n - back
            if m < 0:
                break
            donors = [o for o in self.events if o is not ev and o.evidence is not None and
                      o.evidence.sentence_index == m and o.time is not None and o.time.value and
                      o.status in ("occurred", "signed", "agreed") and o.kind != STATEMENT]
            donors = [o for o in donors if self._past_value(o.time) and not self._in_dateline(o.time.start)
                      and not self._bound_date(o.time)]
            if donors:
                best = max(donors, key=lambda o: o.trigger.start if o.trigger else 0)
                return best.time, self._where(best)
            if m >= len(sents):
                continue
            for ent in reversed(self._date_ents(sents[m])):
                if not _clause_date(ent) or self._in_dateline(ent.start_char):
                    continue
                owner = _clause_head(ent.root)
                if owner is not None and owner.lemma_.lower() in lx.SPEECH_VERBS | {"post", "tweet"}:
                    continue      # "Z wrote on Wednesday that ...": when something was said, not done
                tv = self.normalise(ent, "past")
                if tv is not None and tv.value and self._past_value(tv):
                    return tv, (self._place_in_clause(owner) if owner is not None else None)
        return None, None

    def _place_in_clause(self, verb) -> Optional[str]:
        """The place of a clause: its own 'in/at' phrase, else one deeper in it ('talks hosted by
        X in P', where the parser hangs 'in P' on X), never one inside a relative clause."""
        found = self.places_under(verb)
        if found:
            return found
        cands = []
        for t in verb.subtree:
            if t.dep_ != "prep" or t.lower_ not in ("in", "at") or _in_relative_clause(t):
                continue
            for g in t.children:
                if g.dep_ != "pobj":
                    continue
                for k in self.reg.keys_at(g.i):
                    if self.reg.kind(k) in (PLACE, STATE):
                        cands.append((0 if self.reg.kind(k) == PLACE else 1,
                                      PLACE_RANK.get(self.reg.entities[k].subtype, 3), g.i, k))
        return min(cands)[3] if cands else None

    def _where(self, ev: Event) -> Optional[str]:
        """Where another event of the same scene took place: a venue ('the palace') is one room of
        it, so a second event there is placed by the venue's city (named beside it) or state."""
        place = ev.place
        if not place:
            dest = ev.roles.get("destination") if ev.kind == VISIT else None
            place = dest[0] if dest else None
        if place and self.reg.entities[place].subtype == "Venue" and ev.evidence is not None:
            place = self._city_beside(place, ev) or self._state_of(place) or place
        return place

    def _place_before(self, ev: Event, sents) -> Optional[str]:
        """'X and Y held talks in P on Monday. On Monday, X also received Z': a dated meeting with
        no place of its own, told right after a placed event of the same day that shares a
        participant, happened there too."""
        n = ev.evidence.sentence_index
        people = set(ev.roles.get("participant", []))
        for back in (0, 1, 2):
            m = n - back
            if m < 0:
                break
            donors = [o for o in self.events if o is not ev and o.evidence is not None and
                      o.evidence.sentence_index == m and o.kind in (MEETING, VISIT) and
                      o.status == "occurred" and self._where(o) and o.time is not None and o.time.value and
                      (back or (o.trigger and ev.trigger and o.trigger.start < ev.trigger.start)) and
                      (o.time.value.startswith(ev.time.value) or ev.time.value.startswith(o.time.value)) and
                      people & (set(o.roles.get("participant", [])) | set(o.roles.get("visitor", [])))]
            if donors:
                return self._where(max(donors, key=lambda o: o.trigger.start if o.trigger else 0))
        return None

    def _in_dateline(self, start: Optional[int]) -> bool:
        """Is a character offset inside a dateline ('CITY, Month D (Agency) -')? Its date is
        when the story was filed, not when the events told after it took place."""
        if start is None:
            return False
        return any(m.start() <= start < m.end() for m in _DATELINE.finditer(self.doc.text[:600]))

    def _past_value(self, tv: TimeValue) -> bool:
        """A resolved date on or before publication (ISO weeks and decades are no day to inherit)."""
        v = tv.value or ""
        if not v[:4].isdigit() or "W" in v or len(v) < 4:
            return False
        return not self.anchor or v[:min(len(v), 10)] <= self.anchor[:min(len(v), 10)]

    def _finish(self, ev: Event, trigger) -> None:
        if ev.kind in (MEETING, CALL):
            # who met whom is about people: a state named beside its leader, a dateline country or
            # a sports team is not a participant
            persons = [k for k in ev.roles.get("participant", []) if self.reg.kind(k) == PERSON
                       or ev.kind == MEETING and self.is_group(k)]
            if len(persons) < 2:
                return
            ev.roles["participant"] = persons
        sent = trigger.sent
        ev.trigger = Mention(trigger.idx, trigger.idx + len(trigger.text), trigger.text)
        ev.evidence = Evidence(sent.start_char, sent.end_char, sent.text.strip(),
                               sentence_index=_sent_index(self.doc, sent), sentence_start=sent.start_char,
                               sentence_end=sent.end_char, confidence=self._confidence(ev))
        if ev.attribution is None:
            ev.attribution = self._attribution(trigger)
        self.events.append(ev)

    def _confidence(self, ev: Event) -> float:
        c = 0.5 + 0.1 * min(3, len(ev.entities()))
        if ev.time and ev.time.value:
            c += 0.05
        if ev.place:
            c += 0.05
        return round(min(c, 0.95), 2)

    # ------------------------------------------------------ entity lookup --
    def keys(self, tok, kinds: Iterable[str] = (PERSON, STATE), depth: int = 0) -> list[str]:
        """Entities a noun phrase headed by `tok` refers to (with its conjuncts)."""
        if tok is None or depth > 3:
            return []
        out = [k for k in self.reg.keys_at(tok.i) if self.reg.kind(k) in kinds]
        if not out and GROUP in kinds and not self.reg.keys_at(tok.i):
            out = list(self.group_keys(tok))
        if not out:
            for c in tok.children:
                if c.dep_ in ("appos", "compound", "nmod") or (c.dep_ == "poss" and tok.lower_ in lx.PERSON_NOUNS):
                    out += [k for k in self.keys(c, kinds, depth + 1) if k not in out]
        if not out:
            # "the heads of the agencies, including A and B": the members a phrase lists
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in _LISTING_PREPS:
                    for g in c.children:
                        if g.dep_ == "pobj":
                            out += [k for k in self.keys(g, kinds, depth + 1) if k not in out]
        for c in tok.conjuncts:
            if c.i > tok.i:
                out += [k for k in self.reg.keys_at(c.i) if self.reg.kind(k) in kinds and k not in out]
                if not self.reg.keys_at(c.i):
                    out += [k for k in self.keys(c, kinds, depth + 1) if k not in out]
        return out

    def subjects(self, verb, kinds=(PERSON, STATE)) -> list[str]:
        """The subject's entities, climbing to governing verbs for infinitives and nouns."""
        node = verb
        for _ in range(6 if GROUP in kinds else 4):
            for c in node.children:
                if c.dep_ in SUBJ:
                    found = self.keys(c, kinds)
                    if found:
                        return found
                    if c.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                        return self.keys(node.head, kinds)
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            found = self.keys(g, kinds)
                            if found:
                                return found
            if node.dep_ == "pcomp" and node.head.lower_ == "of" and node.head.head.pos_ == "VERB" and \
                    any(c.dep_ == "dobj" for c in node.head.head.children):
                # "accused X of supplying": the accused is who supplies
                obj = next(c for c in node.head.head.children if c.dep_ == "dobj")
                return self.keys(obj, kinds)
            if node.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in node.head.children) \
                    and node.head.lemma_.lower() not in ("promise",):
                # "told their envoys to meet": the object, not the subject, is who meets
                obj = next(c for c in node.head.children if c.dep_ in ("dobj", "dative"))
                return self.keys(obj, kinds)
            if GROUP in kinds and node.dep_ == "ccomp" and node.head.lemma_.lower() in lx.SPEECH_VERBS \
                    and node.pos_ in ("VERB", "AUX"):
                break        # "officials said no meeting was set": the speaker is not a participant
            if node.dep_ in ("xcomp", "advcl", "acl", "dobj", "pobj", "prep", "conj", "ccomp", "attr", "relcl", "pcomp",
                             "acomp") \
                    and node.head is not node:
                if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN"):
                    found = self.keys(node.head, kinds)
                    if found:
                        return found
                node = node.head
            else:
                break
        return []

    def pobjs(self, tok, preps: set[str], kinds=(PERSON, STATE)) -> list[str]:
        out = []
        if "with" in preps:
            # "talked with the chiefs of the agencies, including A and B": the list continues the with-phrase
            preps = set(preps) | (_LISTING_PREPS if any(c.dep_ == "prep" and c.lower_ == "with"
                                                        for c in tok.children) else set())
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                # "with A and with B": the second preposition is a conjunct of the first
                for p in [c] + [x for x in c.conjuncts if x.dep_ == "conj" and x.lower_ in preps]:
                    for g in p.children:
                        if g.dep_ == "pobj":
                            out += [k for k in self.keys(g, kinds) if k not in out]
        return out

    def objects(self, verb, kinds=(PERSON, STATE)) -> list[str]:
        out = []
        for c in verb.children:
            if c.dep_ in ("dobj", "attr", "dative", "iobj", "oprd"):
                out += [k for k in self.keys(c, kinds) if k not in out]
        return out

    def places_under(self, tok, preps=("in", "at", "on", "inside", "near", "outside", "during")) -> Optional[str]:
        """The most specific place in the trigger's 'in/at' phrases."""
        found = []
        heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "pobj", "attr")] + \
            [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children]
        for c in (c for h in heads for c in h.children):
            if c.dep_ == "prep" and c.lower_ in preps:
                for t in c.subtree:
                    for k in self.reg.keys_at(t.i):
                        e = self.reg.entities[k]
                        if e.kind in (PLACE, STATE):
                            found.append((t.i, k))
        if not found:
            return None
        rank = lambda ik: (0 if self.reg.entities[ik[1]].kind == PLACE else 1,
                           PLACE_RANK.get(self.reg.entities[ik[1]].subtype, 3), ik[0])
        return min(found, key=rank)[1]

    # ---------------------------------------------------------- triggers --
    def _state_of(self, key: str) -> Optional[str]:
        e = self.reg.entities.get(key)
        if e is None:
            return None
        if e.kind == STATE:
            return key
        if e.kind in (PLACE, ORGANIZATION):
            return e.country
        for h in self.reg.offices:
            if h.person == key and h.state:
                return h.state
        return None

    def _statement(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in ("say", "tell", "state", "announce", "declare", "warn",
                                               "urge", "insist", "stress", "confirm", "express"):
            return None
        kinds = (PERSON, ORGANIZATION, STATE)
        speakers = []
        for c in tok.children:
            if c.dep_ in ("nsubj",):
                speakers = self.keys(c, kinds)
        if not speakers:
            return None
        ev = Event(kind=STATEMENT, status="occurred")
        for k in speakers:
            ev.add("speaker", k)
        comp = next((c for c in tok.children if c.dep_ in ("ccomp", "dobj", "xcomp")), None)
        if comp is not None:
            ev.quote = self.doc[comp.left_edge.i:comp.right_edge.i + 1].text[:300]
        ev.time = self.time_for(tok, own_only=True)
        return ev

    def _election(self, tok) -> Optional[Event]:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ("election", "referendum"):
            return None
        states = []
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                states += self.keys(c, (STATE,))
        states += self.pobjs(tok, {"in"}, (STATE,))
        if not states:
            return None
        ev = Event(kind=ELECTION, status=self.status(tok))
        ev.place = states[0]
        ev.add("participant", states[0])
        ev.time = self.time_for(tok) or self._time_in_subtree(tok)
        if ev.time and ev.time.value and self.anchor and ev.time.value > self.anchor[:len(ev.time.value)]:
            ev.status = "planned"
        return ev

    # ------------------------------------------------------------ status --
    def status(self, tok) -> str:
        chain = [tok] + list(tok.ancestors)[:4]
        words = set()
        for node in chain:
            words.add(node.lemma_.lower())
            for c in node.children:
                if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt", "amod", "acomp", "mark"):
                    words.add(c.lower_)
                    words.add(c.lemma_.lower())
            if node.dep_ in ("ROOT",):
                break
        own = {c.lower_ for c in tok.children if c.dep_ in ("neg", "aux", "advmod", "prt", "amod")}
        gov = {node.lemma_.lower() for node in chain[1:]}
        if gov & {"cancel", "postpone", "scrap", "abandon", "shelve", "suspend", "delay"} or \
                ({"call", "pull"} & gov and "off" in words) or "off" in own and tok.lemma_ in ("call",):
            return "cancelled"
        if gov & lx.DENY_VERBS:
            return "denied"
        # "does not want to meet", "is not expected to visit": a negated governing verb
        node = tok
        while node.dep_ in ("xcomp", "acomp") and node.head is not node:
            node = node.head
            if any(c.dep_ == "neg" for c in node.children):
                return "denied"
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "attr") and \
                any(c.dep_ == "neg" for c in tok.head.children):
            return "denied"          # "has not held a meeting with ..."
        if own & lx.NEG_WORDS or (tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children)) or \
                any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return "denied"
        if (words & {"accuse", "accusation", "allege", "allegedly", "reportedly", "suspect", "suspected",
                     "claim", "purportedly"}):
            return "alleged"
        t = self.time_for(tok)
        if words & {"will", "shall", "'ll", "would", "could", "may", "might", "expect", "plan", "schedule",
                    "intend", "due", "upcoming", "forthcoming", "willingness", "willing", "hope",
                    "prepare", "propose", "aim", "seek", "want", "wish", "possible", "likely",
                    "potential", "set", "next", "future", "soon"}:
            return "planned"
        first_to = tok.dep_ in ("acl", "relcl", "xcomp") and any(
            c.lower_ in ("first", "last", "only") for c in list(tok.head.children) + [tok.head])
        if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and \
                not first_to and not (tok.dep_ in ("advcl", "xcomp") and tok.head.tag_ in ("VBD", "VBN")):
            return "planned"
        if t and t.value and self.anchor and t.latest and t.earliest and t.earliest > self.anchor:
            return "planned"
        return "occurred"

    # -------------------------------------------------------------- time --
    def _tense(self, tok) -> Optional[str]:
        for node in [tok] + list(tok.ancestors)[:3]:
            if any(c.lower_ in ("will", "shall", "'ll") for c in node.children):
                return "future"
            if node is not tok and node.lemma_.lower() in ("expect", "schedule", "plan", "slate", "due") and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for x in [tok] + list(tok.ancestors)
                        if x.i != node.i and node in x.ancestors for c in x.children):
                return "future"       # "is expected to visit in late April"
            if node.tag_ in ("VBD", "VBN"):
                return "past"
            if node.tag_ in ("VBZ", "VBP") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return "future"
        return None

    def _date_ents(self, sent):
        """DATE spans of the sentence, leaving out the article's own 'Published ...' line."""
        out = []
        for e in sent.ents:
            if e.label_ != "DATE" and not (e.label_ == "TIME" and _SAME_DAY.search(e.text)):
                continue
            text = self.doc.text
            line_start = text.rfind("\n", 0, e.start_char) + 1
            line_end = text.find("\n", e.end_char)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            if _PUB_LINE.match(line):
                continue
            out.append(e)
        return out

    def normalise(self, ent, tense) -> Optional[TimeValue]:
        key = (ent.start, tense)
        if key not in self._time_cache:
            tv = self._same_day(ent) if _SAME_DAY.search(ent.text) else None
            if tv is None:
                tv = timex.normalize(ent.text, self.anchor, tense=tense, start=ent.start_char, end=ent.end_char)
            # an event told "last week" is dated to the month (the week stays in earliest/latest)
            self._time_cache[key] = timex.week_as_month(tv)
        return self._time_cache[key]

    def _same_day(self, ent) -> Optional[TimeValue]:
        """'earlier in the day', 'the same day', 'the next day': the day of the date told in
        the sentence before (when that date is a day), shifted for next/previous."""
        import datetime as dt
        sents = list(self.doc.sents)
        n = next((i for i, s in enumerate(sents) if s.start <= ent.start < s.end), None)
        if n is None or n == 0:
            return None
        prev = []
        for m in range(n - 1, max(n - 4, -1), -1):
            # the nearest sentence before that gives a date ("X signed on Monday. It will ...
            # A session earlier that day ...")
            prev = [e for e in self._date_ents(sents[m]) if not _SAME_DAY.search(e.text)]
            if prev:
                break
        if not prev:
            return None
        base = self.normalise(prev[-1], None)
        if base is None or base.granularity != "day" or not base.value:
            return None
        try:
            day = dt.date.fromisoformat(base.value[:10])
        except ValueError:
            return None
        low = ent.text.lower()
        if re.search(r"\b(next|following)\s+day\b|\bday\s+later\b", low):
            day += dt.timedelta(days=1)
        elif re.search(r"\b(previous|preceding)\s+day\b|\bday\s+(before|earlier)\b", low):
            day -= dt.timedelta(days=1)
        return TimeValue(text=ent.text, value=day.isoformat(), granularity="day", anchor=base.value,
                         start=ent.start_char, end=ent.end_char, earliest=day.isoformat(),
                         latest=day.isoformat())

    def time_for(self, tok, own_only: bool = False) -> Optional[TimeValue]:
        """The date expression that belongs to the trigger: in its subtree, else nearest in the sentence."""
        sent = tok.sent
        tense = self._tense(tok)
        cands = []
        sub = {t.i for t in tok.subtree}
        for ent in self._date_ents(sent):
            tv = self.normalise(ent, tense)
            if tv is None or tv.value is None and tv.granularity is None:
                continue
            inside = ent.root.i in sub
            if inside and _in_argument_clause(ent.root, tok):
                continue     # "met X, whose government signed up in May": the clause's own date
            dist = abs(ent.root.i - tok.i)
            owner = _clause_head(ent.root)
            mine = owner is not None and owner.i == (_clause_head(tok).i if _clause_head(tok) is not None else -1)
            if not inside and not mine and _after_phrase(tok):
                continue     # "will visit P in April after meeting X": April is the visit's date
            if not inside and not mine:
                # a date of a governing clause ("the last time X visited was in 2000"), but never
                # the date of a speech act ("said on Monday that X will visit")
                governing = owner is not None and owner in tok.ancestors
                if not governing or owner.lemma_.lower() in lx.SPEECH_VERBS:
                    continue
            if own_only and not inside:
                continue
            cands.append((0 if inside else (1 if mine else 2), dist, tv))
        if not cands:
            return None
        cands.sort(key=lambda c: (c[0], c[1]))
        return cands[0][2]

    def _fits_status(self, tv: Optional[TimeValue], status: str) -> Optional[TimeValue]:
        """A date after publication is no date of something that already occurred
        ("leaders meeting in Jakarta agreed that X would chair in 2026")."""
        if tv is None or status != "occurred" or not tv.value or not self.anchor:
            return tv
        n = min(len(tv.value), 10)
        if tv.value[:4].isdigit() and tv.value[:n] > self.anchor[:n] and "W" not in tv.value:
            return None
        return tv

    def _time_in_subtree(self, tok) -> Optional[TimeValue]:
        for t in tok.subtree:
            if t.ent_type_ == "DATE":
                ent = next((e for e in tok.sent.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    return self.normalise(ent, None)
        return None

    def _all_times(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ == "DATE":
                tv = self.normalise(ent, None)
                if tv is not None:
                    self.times.append(tv)

    # ------------------------------------------------------- attribution --
    def _attribution(self, tok) -> Optional[str]:
        sent = tok.sent
        kinds = (ORGANIZATION, PERSON, STATE)
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                for g in self.doc[t.i + 1].children:
                    if g.dep_ == "pobj":
                        ks = self.keys(g, kinds)
                        for c in g.children:
                            if c.dep_ == "appos":
                                ks = self.keys(c, kinds) + ks
                        orgs = [k for k in ks if self.reg.kind(k) == ORGANIZATION]
                        if orgs or ks:
                            return (orgs or ks)[0]
        for t in sent:
            if t.pos_ == "VERB" and t.lemma_.lower() in lx.ATTRIBUTION_VERBS and t.i != tok.i:
                for c in t.children:
                    if c.dep_ == "nsubj":
                        ks = [k for k in self.keys(c, kinds)]
                        orgs = [k for k in ks if self.reg.kind(k) == ORGANIZATION]
                        if orgs and (t.lemma_.lower() == "report" or tok in t.subtree):
                            return orgs[0]
                        if ks and tok in t.subtree and tok.i != t.i and ks[0] not in self._args_of(tok):
                            return ks[0]
        return None

    def _args_of(self, tok) -> set:
        return set()


def _after_phrase(tok) -> bool:
    """Is the trigger inside "after / before / following ..." that modifies another clause?"""
    node = tok
    for _ in range(3):
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in ("after", "before", "following"):
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _own_frame(ent, anchor) -> bool:
    """Does a date expression give its sentence a time of its own: a date ('in 2019', 'since
    May') or a span counted from another event ('two months after', 'a year later', 'ago')?
    A bare duration ('a week of negotiations') does not."""
    nxt = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    if re.search(r"\b(after|before|later|earlier|ago|since)\b", ent.text, re.I) or \
            nxt in ("after", "before", "later", "earlier", "ago"):
        return True
    tv = timex.normalize(ent.text, anchor)
    return tv is not None and bool(tv.value)


def _clause_date(ent) -> bool:
    """Does the date expression date a clause ('met on Monday', 'talks chaired by X in P on
    Friday'), not name a thing ('a 2001 pact', 'an agreement from 1998')?"""
    root = ent.root
    if root.dep_ in ("compound", "amod", "nummod", "poss"):
        return False
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "of", "since", "until", "till", "by"):
        return False
    return not _in_relative_clause(root)


def _in_relative_clause(tok) -> bool:
    """'X, who became president in May, ...': a date in a relative clause is the clause's own."""
    node = tok
    for _ in range(5):
        if node.dep_ == "relcl":
            return True
        if node.head is node:
            break
        node = node.head
    return False


def _in_argument_clause(t, tok) -> bool:
    """Is `t` inside a relative clause of any argument of the trigger (not of the trigger)?"""
    node = t
    while node.i != tok.i and node.head.i != node.i:
        if node.dep_ == "relcl" and node.head.i != tok.i:
            return True
        node = node.head
    return False


def _clause_head(tok):
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        if node.head is node:
            return node
        node = node.head
    return None


def _is_clause(tok) -> bool:
    return tok.dep_ in ("advcl", "relcl", "ccomp")


_TIME_LINKS = ("since", "until", "till")
_LISTING_PREPS = {"including", "like", "among"}
_SAME_DAY = re.compile(r"\b(?:(?:earlier|later)\s+(?:in\s+|that\s+)?(?:the\s+|that\s+)?day|(?:the\s+)?same\s+day|"
                       r"that\s+day|(?:the\s+)?(?:next|following|previous|preceding)\s+day|"
                       r"(?:a|one)\s+day\s+(?:later|before|earlier))\b", re.I)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                        "oct", "nov", "dec"), 1)}
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,[^\n(]{0,40})?\s*[,(]\s*([A-Z][a-z]{2,8})\.?\s+(\d{1,2})\b",
                       re.M)


def _dateline_anchor(text: str, published: Optional[str]) -> Optional[str]:
    """Weekdays count from the dateline day ("CITY, Month D (Agency) -") when the article was
    stamped a day or two later (published in another time zone); else from publication."""
    import datetime as dt
    if not published or len(published) < 10:
        return published
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return published
    for m in _DATELINE.finditer(text[:600]):
        month = _MONTHS.get(m.group(1)[:3].lower())
        if not month:
            continue
        try:
            day = dt.date(pub.year, month, int(m.group(2)))
        except ValueError:
            continue
        if day > pub:
            try:
                day = day.replace(year=pub.year - 1)
            except ValueError:
                continue
        if 0 < (pub - day).days <= 3:
            return day.isoformat() + published[10:]
        return published
    return published


def _compatible(a: Event, b: Event) -> bool:
    if a.kind != b.kind:
        return False
    if a.status != b.status and a.kind != INVITATION and not (
            a.kind in (ARMS_TRANSFER, AID_TRANSFER) and {a.status, b.status} == {"occurred", "alleged"}):
        return False
    neg = {"denied", "cancelled", "declined"}
    if (a.status in neg) != (b.status in neg):
        return False
    ta = a.time.value if a.time and not getattr(a, "_time_inherited", False) else None
    tb = b.time.value if b.time and not getattr(b, "_time_inherited", False) else None
    if ta and tb and not (ta.startswith(tb) or tb.startswith(ta)):
        return False
    if a.kind in (VISIT,):
        return set(a.roles.get("visitor", [])) == set(b.roles.get("visitor", [])) and (
            not a.roles.get("destination") or not b.roles.get("destination") or
            a.roles["destination"] == b.roles["destination"])
    if a.kind in (MEETING, CALL):
        return set(a.roles.get("participant", [])) == set(b.roles.get("participant", []))
    if a.kind == INVITATION:
        if a.roles.get("invitee") and b.roles.get("invitee") and \
                not set(a.roles["invitee"]) & set(b.roles["invitee"]):
            return False     # one inviter, two invitations to different people
        return set(a.roles.get("inviter", [])) & set(b.roles.get("inviter", [])) or \
            set(a.roles.get("invitee", [])) & set(b.roles.get("invitee", []))
    if a.kind in (ARMS_TRANSFER, AID_TRANSFER):
        return a.roles.get("supplier") == b.roles.get("supplier") and a.roles.get("recipient") == b.roles.get("recipient") \
            and items_compatible(a.item, b.item)
    if a.kind == ELECTION:
        return a.roles.get("participant") == b.roles.get("participant")
    return False


def merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per real event within an article: later mentions fill what earlier ones lacked."""
    out: list[Event] = []
    for ev in events:
        same = next((o for o in out if _compatible(o, ev)), None)
        if same is None:
            out.append(ev)
            continue
        for role, keys in ev.roles.items():
            for k in keys:
                same.add(role, k)
        if (same.time is None or same.time.value is None or getattr(same, "_time_inherited", False)) and \
                ev.time is not None and ev.time.value and not getattr(ev, "_time_inherited", False):
            same.time = ev.time          # a date told for this event beats one taken from the story around it
            same._time_inherited = False
        elif (same.time is None or same.time.value is None) and ev.time is not None:
            same.time = ev.time
            same._time_inherited = getattr(ev, "_time_inherited", False)
        elif ev.time and same.time and ev.time.value and same.time.value and len(ev.time.value) > len(same.time.value) \
                and not getattr(ev, "_time_inherited", False):
            same.time = ev.time
        if same.place is None:
            same.place = ev.place
        if same.status in ("planned", "extended") and ev.status == "accepted":
            same.status = ev.status
        if same.kind in (ARMS_TRANSFER, AID_TRANSFER) and "alleged" in (same.status, ev.status):
            same.status = "alleged"      # a claim told once as fact is still a claim
        same.attribution = same.attribution or ev.attribution
        same.name = same.name or ev.name
    return out
