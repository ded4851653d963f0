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
from ..facts import (AGREEMENT_SIGNING, AID_TRANSFER, ARMS_TRANSFER, CALL, ELECTION, INVITATION,
                     MEETING, ORGANIZATION, PERSON, PLACE, STATE, STATEMENT, VISIT, Event, Evidence,
                     Mention, TimeValue)
from . import lexicon as lx
from ..articles import _PUB_LINE
from .agreements import AgreementRules
from .encounters import EncounterRules
from .groups import GROUP, GroupRules
from .entities import EntityFinder, Registry, _sent_index

SUBJ = ("nsubj", "nsubjpass", "csubj")
TRANSFER_NOUNS = {"delivery", "deliveries", "shipment", "shipments", "sale", "sales", "transfer", "transfers",
                  "supply", "supplies", "purchase", "purchases", "acquisition", "import", "imports",
                  "export", "exports", "consignment", "consignments"}
VESSEL_NOUNS = {"vessel", "vessels", "ship", "ships", "boat", "boats", "patrol", "radar", "radars"}
MEET_KINDS = (PERSON, STATE, GROUP)
PLACE_RANK = {"Venue": 0, "City": 1, "Region": 2, None: 3}


class EventFinder(AgreementRules, EncounterRules, GroupRules):
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
                      and ev.trigger.start < noun.sent.start_char
                      and noun.sent.start_char - ev.evidence.end <= 400]
            if before:
                before[-1].status = "denied"

    def _implicit_recipients(self) -> None:
        """'Oslo would supply tanks': in an article whose other transfers all go to
        one state, a transfer that names no recipient goes there too; with no such state the
        transfer is too vague to keep."""
        kinds = (ARMS_TRANSFER, AID_TRANSFER)
        named = [k for ev in self.events if ev.kind in kinds for k in ev.roles.get("recipient", [])]
        common = max(dict.fromkeys(named), key=named.count) if named else None
        keep = []
        for ev in self.events:
            if ev.kind in kinds and not ev.roles.get("recipient"):
                if common is None or common in ev.roles.get("supplier", []) or ev.status == "denied":
                    continue
                ev.add("recipient", common)
            keep.append(ev)
        self.events = keep

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
            for v in self.events:
                if v.kind == VISIT and v.evidence and v.evidence.start == ev.evidence.start and \
                        v.roles.get("destination") and set(v.roles.get("visitor", [])) & set(ev.roles.get("participant", [])):
                    ev.place = v.roles["destination"][0]
                    break

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
        if not out and tok.dep_ == "pobj":
            pass
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
    def _meeting(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in ("meet", "talk", "confer", "hold", "have"):
            if lemma in ("hold", "have"):
                return None      # handled through their noun ("held talks")
            subj = self.subjects(tok, MEET_KINDS)
            others = self.objects(tok, MEET_KINDS) + self.pobjs(tok, {"with"}, MEET_KINDS)
            if lemma == "talk" and not self.pobjs(tok, {"with"}, MEET_KINDS):
                return None
            tour = False
            if not subj and lemma == "meet" and tok.tag_ in ("VB", "VBG") and self.objects(tok, MEET_KINDS):
                # "X's trip will include meeting A and B": A and B meet X, not each other
                subj = self._possessor_of_subject(tok)
                if not subj:
                    return None
                tour = True
            parts = list(dict.fromkeys(subj + others))
            if any(c.lower_ in ("other", "another") for c in tok.subtree if c.dep_ in ("dobj",)) and len(subj) >= 2:
                parts = subj
            persons = [k for k in parts if self.reg.kind(k) == PERSON or self.is_group(k)]
            if len(parts) < 2 or not persons and len(parts) < 2:
                return None
            ev = Event(kind=self._meet_kind(tok), status=self.status(tok))
            for k in parts:
                ev.add("participant", k)
            ev.time = self.time_for(tok)
            ev.place = self.places_under(tok)
            ev.mode = self._call_mode(tok) if ev.kind == CALL else "in-person"
            self._note_gathering(tok, ev)
            return self._split(tok, ev, subj, tour)
        if tok.pos_ == "VERB" and lemma in ("speak", "talk", "chat", "confer") and self._meet_kind(tok) == CALL:
            # "spoke by video link with X", "talked by phone with X"
            subj = self.subjects(tok, (PERSON,))
            others = [k for k in self.pobjs(tok, {"with", "to"}, (PERSON,)) if k not in subj]
            if subj and others:
                ev = Event(kind=CALL, status=self.status(tok), mode=self._call_mode(tok))
                for k in subj + others:
                    ev.add("participant", k)
                ev.time = self.time_for(tok)
                return ev
            return None
        if tok.pos_ in ("NOUN", "PROPN") and lemma in ("call", "conversation", "phone") and self._meet_kind(tok) == CALL:
            lemma = "meeting"
        if tok.pos_ in ("NOUN", "PROPN") and lemma in ("meeting", "talk", "summit", "talks", "encounter",
                                                        "negotiation", "consultation", "audience"):
            if lemma == "talk" and tok.text.lower() != "talks":
                return None
            gov = tok.head
            parts = []
            parts += self.pobjs(tok, {"with", "between"}, MEET_KINDS)
            poss = [c for c in tok.children if c.dep_ == "poss"]
            for p in poss:
                parts += self.keys(p) or ([k for k in self.subjects(gov)] if p.lower_ in ("their", "its") else [])
            if gov.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "attr", "nsubjpass"):
                parts = self.subjects(gov, MEET_KINDS) + parts
                parts += self.pobjs(gov, {"with", "between"}, MEET_KINDS)
            elif tok.dep_ in ("advcl", "pcomp") and gov.pos_ in ("VERB", "AUX"):
                # "Meeting with X on Monday, Y said ...": a participle read as a noun
                parts = self.subjects(gov, MEET_KINDS) + parts
            elif tok.dep_ == "pobj" and gov.dep_ == "prep":
                verb = gov.head
                if gov.lower_ == "of" and verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "attr") and \
                        verb.head.pos_ in ("VERB", "AUX"):
                    verb = verb.head     # "led two rounds of talks with X", "held a day of talks"
                if verb.pos_ in ("VERB", "AUX"):
                    subj = self.subjects(verb, MEET_KINDS)
                    if not subj and gov.i < verb.i:
                        # "After talks with X, Y said": the small model reads Y as X's apposition
                        subj = [k for w in tok.children if w.dep_ == "prep" and w.lower_ == "with"
                                for g in w.children if g.dep_ == "pobj" for a in g.children
                                if a.dep_ == "appos" and a.i > g.i
                                for k in self.reg.keys_at(a.i) if self.reg.kind(k) == PERSON]
                        parts = [k for k in parts if k not in subj]
                    parts = subj + parts
                    if verb.lemma_.lower() == "join":
                        # "A will join B for talks with C": B takes part too
                        parts += self.objects(verb, (PERSON,))
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "nmod"):
                    parts += self.keys(c)
            # "the A-B meeting": every person named in the modifiers
            pre = [k for t in self.doc[tok.left_edge.i:tok.i] if t.dep_ != "poss"
                   for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PERSON]
            if len(set(pre)) >= 2 and any(t.text in ("-", "–", "—") for t in self.doc[tok.left_edge.i:tok.i]):
                parts += pre
            parts = list(dict.fromkeys(parts))
            if len(parts) < 2:
                return None
            ev = Event(kind=self._meet_kind(tok), status=self.status(tok))
            for k in parts:
                ev.add("participant", k)
            anchor_tok = gov if gov.pos_ in ("VERB", "AUX") else tok
            ev.time = self.time_for(tok) or self.time_for(anchor_tok)
            ev.place = self.places_under(tok) or (self.places_under(anchor_tok) if anchor_tok is not tok else None)
            if ev.place is None:
                # "the Geneva talks": a city or venue named before the noun
                ev.place = next((k for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i
                                 for k in self.reg.keys_at(c.i) if self.reg.kind(k) == PLACE), None)
            ev.mode = self._call_mode(tok) if ev.kind == CALL else "in-person"
            if lemma == "summit":
                ev.name = _name_of(tok)
            self._note_gathering(anchor_tok, ev)
            subj = self.subjects(gov, MEET_KINDS) if gov.pos_ in ("VERB", "AUX") else []
            tour = self._possessor_of_subject(tok) if tok.dep_ == "dobj" else []
            if tour and not subj:
                subj = tour
            return self._split(tok, ev, subj, bool(tour))
        return None

    def _possessor_of_subject(self, tok) -> list[str]:
        """'X's travels will include meeting Y': the person whose trip or agenda it is."""
        node = tok
        for _ in range(3):
            node = node.head
            for c in node.children:
                if c.dep_ in SUBJ and c.lemma_.lower() in ("visit", "trip", "travel", "travels", "tour", "agenda",
                                                           "itinerary", "schedule", "programme", "program"):
                    return [k for p in c.children if p.dep_ == "poss"
                            for k in self.keys(p, (PERSON,))]
            if node.head is node:
                break
        return []

    def _split(self, tok, ev: Event, subj: list[str], tour: bool = False):
        """'held separate talks with A and with B': one meeting per counterpart; so too
        'X's trip will include meeting A and B' when A and B serve different states."""
        near = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.head.children}
        parts = ev.roles.get("participant", [])
        others = [k for k in parts if k not in subj]
        if tour:
            others = [o for o in others if self.reg.kind(o) == PERSON or self.is_group(o)]
            if len({self._state_of(o) for o in others}) == len(others):
                near = near | {"separate"}
        if not (near & lx.SPLIT_WORDS) or not subj or len(others) < 2:
            return ev
        out = []
        for o in others:
            e = Event(kind=ev.kind, status=ev.status, time=ev.time, place=ev.place, mode=ev.mode,
                      name=ev.name, attribution=ev.attribution)
            for k in subj + [o]:
                e.add("participant", k)
            out.append(e)
        return out

    def _gathering_in(self, tok):
        """A summit/conference noun the token's phrase is located at ('on the sidelines of the X summit')."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("at", "on", "during", "before", "after", "ahead", "to", "in"):
                for t in c.subtree:
                    if t.lemma_.lower() in lx.GATHERING_NOUNS - {"talks", "meeting", "negotiations", "consultations"} \
                            and t.pos_ in ("NOUN", "PROPN"):
                        return t
        return None

    def _note_gathering(self, tok, ev: Event) -> None:
        g = self._gathering_in(tok)
        if g is not None and ev.status == "occurred" and ev.kind == MEETING:
            self._at_gathering.append((g, list(ev.roles.get("participant", []))))

    def _hosting(self, tok):
        """'A hosted B and C in P': a meeting of host and guests, and a visit by each guest."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lx.HOST_VERBS:
            return None
        if any(c.dep_ == "auxpass" for c in tok.children):
            return None
        host = [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON]
        guests = [k for k in self.objects(tok, (PERSON,)) if k not in host]
        if tok.dep_ == "amod" and tok.tag_ in ("VBD", "VBN") and tok.head.i > tok.i and tok.head.pos_ == "PROPN":
            # "A hosted B in P" misread as the noun phrase "A hosted B": A modifies B
            guests = [k for k in self.reg.keys_at(tok.head.i) if self.reg.kind(k) == PERSON]
            host = [k for c in tok.head.children if c.dep_ in ("nmod", "compound") and c.i < tok.i
                    for k in self.reg.keys_at(c.i) if self.reg.kind(k) == PERSON and k not in guests]
        if not host or not guests:
            return None
        if self._gathering_in(tok) is not None or any(
                t.lemma_.lower() in ("summit", "gathering", "conference") for t in tok.subtree):
            return None      # hosting a summit: left to _gatherings
        status = self.status(tok)
        ev = Event(kind=self._meet_kind(tok), status=status)
        for k in host + guests:
            ev.add("participant", k)
        ev.time = self.time_for(tok)
        ev.place = self.places_under(tok) or (self.places_under(tok.head) if tok.dep_ == "amod" else None)
        ev.mode = "phone" if ev.kind == CALL else "in-person"
        out = [ev]
        if ev.kind == MEETING:
            dest = ev.place or self._state_of(host[0])
            for g in guests:
                home = self._state_of(g)
                if dest and home and home == (self._state_of(dest) or dest):
                    continue
                v = Event(kind=VISIT, status=status, time=ev.time)
                v.add("visitor", g)
                if dest:
                    v.add("destination", dest)
                    v.place = dest
                v.add("host", host[0])
                out.append(v)
        return out

    # ------------------------------------------------------- gatherings --
    def _attendees(self, tok) -> tuple[list[str], Optional[str]]:
        """Persons a word puts at a gathering: 'X attended', 'attended by X', 'X joined as an
        observer', 'X and Y were at the table', 'X was among those attending', 'X hosted the summit'."""
        lemma = tok.lemma_.lower()
        persons: list[str] = []
        if tok.pos_ == "VERB" and lemma in lx.ATTEND_VERBS | lx.HOST_VERBS:
            if lemma in ("address", "chair", "co-chair", "lead", "open", "skip", "boycott"):
                obj = [c for c in tok.children if c.dep_ == "dobj"]
                if not obj or obj[0].lemma_.lower() not in lx.GATHERING_NOUNS | {"delegation"}:
                    return [], None
            if lemma in lx.HOST_VERBS and not any(t.lemma_.lower() in lx.GATHERING_NOUNS | {"leader", "leaders"}
                                                  for t in tok.subtree):
                return [], None
            if any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ == "acl" and tok.tag_ == "VBN":
                persons = self.pobjs(tok, {"by"}, (PERSON,))
            else:
                persons = [k for k in self.subjects(tok, (PERSON,))]
                if lemma in lx.HOST_VERBS:
                    persons += self.objects(tok, (PERSON,))
        elif lemma == "part" and tok.head.lemma_.lower() == "take":
            return self._attendees_of(tok.head)
        elif tok.lower_ in lx.ATTEND_PHRASES and tok.pos_ in ("NOUN", "ADJ", "VERB"):
            node = tok.head if tok.dep_ in ("acomp", "pobj", "amod") else tok
            persons = [k for k in self.subjects(node, (PERSON,))]
            if not persons and node.head is not node:
                persons = [k for k in self.subjects(node.head, (PERSON,))]
            if tok.lower_ == "table" and not (tok.dep_ == "pobj" and tok.head.lower_ == "at"):
                return [], None
        if not persons:
            return [], None
        if lemma == "skip" or lemma == "boycott":
            return persons, "denied"
        words = {t.lower_ for t in tok.sent}
        if words & {"video", "virtually", "online", "remotely", "videoconference", "videolink"}:
            return [], None
        return persons, self.status(tok)

    def _attendees_of(self, verb):
        persons = [k for k in self.subjects(verb, (PERSON,))]
        return (persons, self.status(verb)) if persons else ([], None)

    def _frame_key(self, tok) -> Optional[str]:
        words = [t for t in tok.doc[tok.left_edge.i:tok.i + 1] if t.text[:1].isupper() and t.dep_ != "det"
                 and not t.is_sent_start or (t.text[:1].isupper() and t.pos_ == "PROPN")]
        if tok.text[:1].isupper() and tok not in words:
            words.append(tok)
        key = " ".join(t.lower_ for t in words if t.lower_ not in ("the", "a", "an"))
        return key or None

    def _gatherings(self) -> None:
        doc = self.doc
        frames: list[dict] = []
        sents = list(doc.sents)
        sent_no = {s.start: n for n, s in enumerate(sents)}

        def frame_for(t, n):
            key = self._frame_key(t)
            fresh = any(c.lower_ in ("a", "an", "another", "own", "next", "separate") for c in t.children) or \
                any(c.lower_ == "own" for c in t.subtree)
            if key:
                for f in frames:
                    if f["key"] and (key in f["key"] or f["key"] in key):
                        f["last"] = n
                        f["toks"].append(t)
                        return f
            elif not fresh and frames:
                f = max(frames, key=lambda f: f["last"])
                f["last"] = n
                f["toks"].append(t)
                return f
            f = {"key": key, "toks": [t], "last": n, "persons": {}, "sent": None, "first": n}
            frames.append(f)
            return f

        gathering_nouns = lx.GATHERING_NOUNS - {"talks", "negotiations", "consultations", "forum", "congress",
                                                "meeting", "session", "dialogue", "ceremony"}
        noted = {g.i: parts for g, parts in self._at_gathering}
        for n, sent in enumerate(sents):
            here = None
            for t in sent:
                if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in gathering_nouns and t.tag_ not in ("NNS", "NNPS"):
                    # (a plural, "the bloc's summits since 2019", is summits in general)
                    here = frame_for(t, n)
                    for k in noted.get(t.i, []):
                        here["persons"].setdefault(k, ("occurred", sent))
            for t in sent:
                persons, status = self._attendees(t)
                if not persons:
                    continue
                g = next((x for x in t.subtree if x.pos_ in ("NOUN", "PROPN") and x.lemma_.lower() in gathering_nouns
                          and x.tag_ not in ("NNS", "NNPS")), None)
                f = frame_for(g, n) if g is not None else here
                if f is None and frames and n - max(frames, key=lambda f: f["last"])["last"] <= 3:
                    f = max(frames, key=lambda f: f["last"])
                if f is None:
                    continue
                f["last"] = n
                f.setdefault("cues", []).append((t, status))
                for k in persons:
                    old = f["persons"].get(k)
                    if old is None or old[0] == "occurred" and status in ("denied", "cancelled"):
                        f["persons"][k] = (status, sent)
        for f in frames:
            for status in ("occurred", "planned"):
                members = [k for k, (st, _) in f["persons"].items() if st == status]
                if status == "planned":
                    # the host of a coming summit is there too
                    members += [k for k, (st, snt) in f["persons"].items() if st == "occurred" and members
                                and any(t.lemma_.lower() in lx.HOST_VERBS for t in snt if t.pos_ == "VERB")]
                members = [k for k in dict.fromkeys(members) if self.reg.kind(k) == PERSON]
                if len(members) < 3 and not (len(members) == 2 and status == "occurred"):
                    continue
                ev = Event(kind=MEETING, status=status, mode="in-person")
                for k in members:
                    ev.add("participant", k)
                tok = f["toks"][0]
                fits = (lambda tv: self._fits_status(tv, status))
                for t, st in f.get("cues", []):
                    if st == status:
                        ev.time = ev.time or fits(self.time_for(t))
                for t in f["toks"]:
                    head = t.head if t.head.pos_ in ("VERB", "AUX") else t
                    ev.time = ev.time or fits(self.time_for(t)) or fits(self.time_for(head))
                    ev.place = ev.place or self.places_under(t) or self.places_under(head)
                first_sent = min((s for st, s in f["persons"].values() if st == status), key=lambda s: s.start)
                if ev.time is None:
                    ev.time = next((fits(self.time_for(t)) for t in first_sent if t.dep_ == "ROOT"), None)
                if ev.place is None:
                    ev.place = next((self.places_under(t) for t in first_sent if t.dep_ == "ROOT"), None)
                key = f["key"]
                ev.name = _name_of(tok) if key else None
                sent = tok.sent
                ev.trigger = Mention(tok.idx, tok.idx + len(tok.text), tok.text)
                ev.evidence = Evidence(first_sent.start_char, first_sent.end_char, first_sent.text.strip(),
                                       sentence_index=_sent_index(self.doc, first_sent),
                                       sentence_start=first_sent.start_char, sentence_end=first_sent.end_char,
                                       confidence=0.6)
                ev.attribution = self._attribution(tok)
                self.events.append(ev)

    def _call_mode(self, tok) -> str:
        near = {t.lower_ for t in tok.sent if abs(t.i - tok.i) <= 6}
        return "video" if near & {"video", "videoconference", "video-conference", "virtual", "virtually",
                                  "online", "videolink"} else "phone"

    def _meet_kind(self, tok) -> str:
        near = {t.lower_ for t in tok.sent if abs(t.i - tok.i) <= 6}
        words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.head.subtree if t.dep_ in ("prep", "pobj", "amod", "compound")} | near
        return CALL if words & lx.CALL_CUES and (words & {"phone", "telephone", "video", "videoconference", "virtual", "virtually", "online", "teleconference"}) else MEETING

    def _visit(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        verbal = tok.pos_ == "VERB" and lemma in ("visit", "travel", "tour", "fly", "arrive", "head")
        nominal = tok.pos_ in ("NOUN", "PROPN") and lemma in ("visit", "trip", "tour", "journey") \
            and tok.tag_ not in ("NNS", "NNPS")     # "reciprocal visits": visits in general
        if not (verbal or nominal):
            return None
        places = (PLACE, STATE)
        if verbal and tok.lower_ == "visiting" and tok.dep_ == "xcomp" and \
                any(self.reg.kind(k) == PERSON for c in tok.children if c.dep_ == "dobj" for k in self.keys(c, (PERSON,))):
            # "assured visiting Foreign Minister X", parsed as a verb with X as its object
            visitors = [k for c in tok.children if c.dep_ == "dobj" for k in self.keys(c, (PERSON,))]
            dest = []
        elif verbal and tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN"):
            # "assured visiting Foreign Minister X": the person so described is the visitor
            node = tok.head
            while node.dep_ == "compound" and node.head is not node:
                node = node.head
            visitors = list(dict.fromkeys(k for t in self.doc[tok.i + 1:node.i + 1] for k in self.reg.keys_at(t.i)
                                          if self.reg.kind(k) == PERSON))
            dest = []
        elif verbal:
            visitors = [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON]
            if lemma in ("visit", "tour"):
                dest = self.objects(tok, places) or self.pobjs(tok, {"to", "in"}, places)
            else:
                dest = self.pobjs(tok, {"to", "in", "into"}, places)
        else:
            visitors = []
            for c in tok.children:
                if c.dep_ in ("poss", "compound"):
                    visitors += [k for k in self.keys(c) if self.reg.kind(k) == PERSON]
            if not visitors:
                visitors += [k for k in self.pobjs(tok, {"by"}) if self.reg.kind(k) == PERSON]
            if not visitors and tok.dep_ in ("dobj", "attr"):
                visitors = [k for k in self.subjects(tok.head) if self.reg.kind(k) == PERSON]
            if not visitors and tok.dep_ in ("nsubj",):
                visitors = []
            dest = self.pobjs(tok, {"to", "in"}, places)
            if not dest and tok.dep_ == "dobj":
                dest = self.pobjs(tok.head, {"to", "in"}, places)
        if not visitors:
            return None
        if not dest:
            dest = self._nominal_place(tok, visitors)
        dest = [d for d in dest if d not in visitors]
        if not dest:
            # "wrapping up a two-day trip": the place the sentence names, if it is abroad
            home = {self._state_of(v) for v in visitors}
            found = [k for t in tok.sent for k in self.reg.keys_at(t.i)
                     if self.reg.kind(k) in (PLACE, STATE) and k not in home and self._state_of(k) not in home]
            dest = found[:1] if len(set(found)) == 1 or (found and self.reg.kind(found[0]) == PLACE) else []
        if not dest:
            return None
        home = {self._state_of(v) for v in visitors} - {None}
        if home and all((self._state_of(d) or d) in home for d in dest):
            return None          # a trip inside one's own country is not a visit
        ev = Event(kind=VISIT, status=self.status(tok))
        for v in visitors:
            ev.add("visitor", v)
        if dest:
            best = self._most_specific(dest)
            ev.add("destination", best)
            ev.place = best
            host = self._leader_for_place(best, visitors)
            if host:
                ev.add("host", host)
        ev.time = self.time_for(tok)
        return ev

    def _nominal_place(self, tok, visitors: list[str]) -> list[str]:
        """'arrived in the country', 'flown into the Chilean capital', 'a visit to the
        state': the capital of the state named before 'capital', else the state most recently
        named that is not the visitor's own."""
        doc = self.doc
        home = {self._state_of(v) for v in visitors}
        for t in tok.subtree if tok.pos_ == "VERB" else list(tok.subtree):
            if t.dep_ != "pobj" or t.lower_ not in ("country", "nation", "state", "capital", "kingdom",
                                                    "republic", "island", "city") or self.reg.keys_at(t.i):
                continue
            if t.lower_ == "capital":
                for c in t.children:
                    st = next((self.reg.entities[k] for k in self.reg.keys_at(c.i)
                               if self.reg.kind(k) == STATE), None)
                    if st is not None:
                        cap = self._capital_of(st.key)
                        return [cap] if cap else [st.key]
                continue
            if t.lower_ == "city":
                continue
            for i in range(t.i - 1, -1, -1):
                ks = [k for k in self.reg.keys_at(i) if self.reg.kind(k) == STATE and k not in home]
                if ks:
                    return ks[:1]
        return []

    def _capital_of(self, state_key: str) -> Optional[str]:
        from .. import gazetteer as gaz
        from ..namespaces import slug
        st = gaz.state_by_key(state_key.split("/", 1)[1])
        if st is None or not st.capital:
            return None
        key = f"place/{slug(st.capital)}"
        if key not in self.reg.entities:
            from ..facts import Entity
            self.reg.entities[key] = Entity(key=key, kind=PLACE, label=st.capital, subtype="City",
                                            country=state_key)
        return key

    def _most_specific(self, keys: list[str]) -> str:
        return min(keys, key=lambda k: (0 if self.reg.kind(k) == PLACE else 1,
                                        PLACE_RANK.get(self.reg.entities[k].subtype, 3)))

    def _leader_for_place(self, key: str, visitors: list[str]) -> Optional[str]:
        return None   # hosts are only taken from the text ("hosted by"), not guessed

    def _invitation(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if lemma not in lx.INVITE_LEMMAS:
            return None
        inviter, invitee, dest = [], [], []
        status = "extended"
        if tok.pos_ == "VERB":
            inviter = self.subjects(tok)
            invitee = self.objects(tok)
            if tok.dep_ == "xcomp" or any(c.dep_ == "auxpass" for c in tok.children):
                invitee, inviter = self.subjects(tok), self.pobjs(tok, {"by"})
            for c in tok.children:
                if c.dep_ in ("xcomp", "advcl") :
                    dest += self.objects(c, (PLACE, STATE)) + self.pobjs(c, {"to", "in"}, (PLACE, STATE))
                if c.dep_ == "prep" and c.lower_ == "to":
                    dest += [k for g in c.children for k in self.keys(g, (PLACE, STATE))]
        else:
            for c in tok.children:
                if c.dep_ == "poss":
                    inviter += self.keys(c)
                if c.dep_ in ("compound", "amod"):
                    inviter += self.keys(c)
            inviter += self.pobjs(tok, {"by", "from"})
            # "an invitation to X to visit": X is invited (the small model may read X as a verb)
            invitee += [k for k in self.pobjs(tok, {"to"}, (PERSON,)) if k not in inviter]
            invitee += [k for c in tok.children if c.dep_ == "acl" for k in self.reg.keys_at(c.i)
                        if self.reg.kind(k) == PERSON and k not in inviter]
            for c in tok.children:
                if c.dep_ == "acl" or (c.dep_ == "prep" and c.lower_ == "to"):
                    dest += [k for t in c.subtree for k in self.reg.keys_at(t.i)
                             if self.reg.kind(k) in (PLACE, STATE)]
            gov = tok.head if tok.dep_ in ("dobj", "nsubjpass", "pobj") else None
            if gov is not None and tok.dep_ == "pobj":
                gov = gov.head
            if gov is not None:
                glemma = gov.lemma_.lower()
                if glemma in ("accept", "welcome", "take"):
                    status = "accepted"
                elif glemma in ("decline", "reject", "refuse", "snub", "turn", "rebuff"):
                    status = "declined"
                elif glemma in ("extend", "issue", "send", "deliver", "convey", "hand", "renew"):
                    inviter = inviter or self.subjects(gov)
                invitee = invitee or ([k for k in self.subjects(gov) if k not in inviter]
                                      if glemma not in ("extend", "issue", "send", "deliver", "convey", "hand", "renew")
                                      else self.pobjs(gov, {"to"}))
                if glemma in ("thank", "express", "appreciate") or any(t.lower_ in ("thanks", "gratitude") for t in gov.subtree):
                    invitee = invitee or self.subjects(gov)
        inviter = [k for k in dict.fromkeys(inviter)]
        invitee = [k for k in dict.fromkeys(invitee) if k not in inviter]
        if not inviter and not invitee:
            return None
        ev = Event(kind=INVITATION, status=status)
        for k in inviter:
            ev.add("inviter", k)
        for k in invitee:
            ev.add("invitee", k)
        if not dest:
            # an invitation to visit the inviter's own country, unless the text says otherwise
            states = [self._state_of(k) for k in inviter]
            dest = [s for s in states if s]
        if dest:
            ev.add("destination", self._most_specific(dest))
        neg = self.status(tok)
        if neg in ("denied", "cancelled"):
            ev.status = "declined" if neg == "denied" else neg
        elif neg == "planned" and status == "extended" and tok.pos_ == "VERB" and any(
                c.lower_ in ("will", "to", "would") for c in tok.children):
            ev.status = "planned"
        ev.time = self.time_for(tok) or (self.time_for(tok.head) if tok.head is not tok else None)
        return ev

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

    def _transfer(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and lemma in TRANSFER_NOUNS:
            return self._transfer_noun(tok, lemma)
        if tok.pos_ == "VERB" and lemma in lx.RECEIVE_VERBS:
            return self._receipt(tok)
        if tok.pos_ == "VERB" and lemma in lx.ARRIVE_VERBS:
            return self._arrival_of_forces(tok)
        pledge = lemma in lx.PLEDGE_VERBS
        if tok.dep_ == "pcomp" and tok.head.lower_ in ("against", "from"):
            return None      # "warned X against supplying", "barred X from sending": no transfer
        if tok.pos_ != "VERB" or not (lemma in lx.TRANSFER_VERBS or pledge):
            return None
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and {t.lower_ for t in obj.subtree} & lx.NOT_TRANSFERRED:
            return None      # "announced a package of sanctions"
        if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            obj = tok.head       # "vessels supplied by X"
            if not any(c.dep_ == "agent" for c in tok.children):
                return None
            supplier = [k for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                        for k in self.keys(g, (STATE, PERSON, ORGANIZATION))]
            words = {t.lower_ for t in obj.subtree if t.i < tok.i}
            if not supplier or not words & (lx.ARMS_NOUNS | lx.AID_NOUNS | VESSEL_NOUNS):
                return None
            return self._transfer_event(
                tok, bool(words & (lx.ARMS_NOUNS | VESSEL_NOUNS)), self.status(tok),
                [self._state_of(k) or k for k in supplier],
                [self._state_of(k) or k for k in self.pobjs(tok, {"to", "for"}, (STATE, PERSON, ORGANIZATION, PLACE))],
                self.doc[obj.left_edge.i:obj.i + 1].text)
        if obj is None:
            return None
        kinds = (STATE, PERSON, ORGANIZATION)
        given_to = []
        words = {t.lower_ for t in obj.subtree}
        if not (words & (lx.ARMS_NOUNS | lx.AID_NOUNS)) and self.keys(obj, kinds):
            # "supplied Y with an air defence system": the object receives, 'with' gives the item
            item = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                         for g in c.children if g.dep_ == "pobj"), None)
            if item is not None:
                given_to = self.keys(obj, kinds)
                obj = item
                words = {t.lower_ for t in obj.subtree}
        arms, aid = words & (lx.ARMS_NOUNS | VESSEL_NOUNS), words & lx.AID_NOUNS
        if not (arms or aid):
            return None
        supplier = self.subjects(tok, kinds) if obj.dep_ != "nsubjpass" else self.pobjs(tok, {"by"}, kinds)
        if not supplier and obj.dep_ != "nsubjpass":
            # "two Norwegian aircraft delivered ammunition": the demonym names the supplier
            for c in tok.children:
                if c.dep_ == "nsubj":
                    supplier = [k for a in c.children if a.dep_ in ("amod", "compound", "poss")
                                for k in self.keys(a, (STATE,))]
        # "A, together with B, has supplied ..."
        supplier += [k for c in tok.children if c.dep_ == "nsubj" for a in c.children
                     if a.dep_ == "advmod" and a.lower_ == "together"
                     for k in self.pobjs(a, {"with"}, kinds) if k not in supplier]
        supplier += [k for c in tok.children if c.dep_ == "nsubj" for a in c.children if a.dep_ == "prep"
                     and a.lower_ == "with" and any(x.lower_ == "together" for x in c.children)
                     for g in a.children if g.dep_ == "pobj" for k in self.keys(g, kinds) if k not in supplier]
        recipient = given_to + self.pobjs(tok, {"to", "for"}, kinds + (PLACE,)) + \
            [k for t in obj.subtree if t.pos_ in ("NOUN", "PROPN", "NUM", "SYM")
             for k in self.pobjs(t, {"to", "for"}, kinds + (PLACE,))] + \
            [k for c in tok.children if c.dep_ in ("dative", "iobj") for k in self.keys(c, kinds)]
        supplier = [self._state_of(k) or k for k in supplier]
        recipient = self._state_recipients(recipient)
        if not supplier and not recipient:
            return None
        if not supplier and not arms and not (aid - {"cargo", "containers"}):
            return None      # "it delivered an unknown cargo to X": nobody's transfer
        status = self.status(tok)
        if status == "occurred" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lx.COMMIT_VERBS:
            status = "planned"     # "agreed to provide", "pledged to send"
        if pledge and status == "occurred":
            status = "planned"     # "approved $5 million in aid for X": pledged, not delivered
        span = self.doc[obj.left_edge.i:obj.right_edge.i + 1]
        ev = self._transfer_event(
            tok, bool(arms), status, supplier, recipient,
            " ".join(t.text for t in span if t.dep_ != "det" or t.i != span.start).strip() or obj.text)
        if ev.status == "occurred":
            src = self._attribution(tok)
            if src and src not in supplier and src not in recipient and \
                    (self._state_of(src) or src) not in set(supplier) | set(recipient):
                ev.status = "alleged"      # a third party's claim
        return ev

    def _state_recipients(self, keys: list[str]) -> list[str]:
        """Recipients are states (or blocs): a person stands for their state; a name the
        model mistook for an entity ("Leopard 2") is no recipient."""
        out = []
        for k in keys:
            k2 = self._state_of(k) or k
            kind = self.reg.kind(k2)
            if kind == PERSON or kind == ORGANIZATION and \
                    self.reg.entities[k2].subtype != "InternationalOrganization":
                continue
            out.append(k2)
        return out

    def _receipt(self, tok) -> Optional[Event]:
        """'Y received 20 tanks from X', 'Y accepted $2 billion in Chinese funding',
        'Y is seeking shells from X': the subject receives, 'from' or a demonym gives."""
        kinds = (STATE, PERSON, ORGANIZATION)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        words = {t.lower_ for t in obj.subtree}
        arms, aid = words & (lx.ARMS_NOUNS | VESSEL_NOUNS), words & lx.AID_NOUNS
        if not (arms or aid) or words & lx.NOT_TRANSFERRED:
            return None
        supplier = self.pobjs(tok, {"from"}, kinds + (PLACE,)) + \
            [k for t in obj.subtree for k in self.pobjs(t, {"from"}, kinds + (PLACE,))]
        supplier = [self.reg.entities[k].country or k if self.reg.kind(k) == PLACE else k for k in supplier]
        if not supplier:
            supplier = [k for t in obj.subtree if t.dep_ in ("amod", "compound", "poss", "nmod")
                        for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE]
        recipient = self.subjects(tok, kinds)
        supplier = list(dict.fromkeys(self._state_of(k) or k for k in supplier))
        recipient = [k for k in dict.fromkeys(self._state_recipients(recipient)) if k not in supplier]
        supplier = [k for k in supplier if self.reg.kind(k) == STATE]
        if not supplier or not recipient:
            return None
        return self._transfer_event(tok, bool(arms), self.status(tok), supplier, recipient,
                                    self.doc[obj.left_edge.i:obj.right_edge.i + 1].text)

    def _arrival_of_forces(self, tok) -> Optional[Event]:
        """'Russian military instructors arrived in X', 'European peacekeepers arrived in X':
        personnel sent by a state (never 'troops', which may be an invasion)."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ not in lx.DEPLOYED_PERSONNEL:
            return None
        supplier = [k for t in subj.subtree if t.i < subj.i for k in self.reg.keys_at(t.i)
                    if self.reg.kind(k) in (STATE, ORGANIZATION)]
        supplier = [k for k in dict.fromkeys(self._state_of(k) or k for k in supplier)
                    if self.reg.kind(k) == STATE or self.reg.entities[k].subtype == "InternationalOrganization"]
        dest = self.pobjs(tok, {"in", "to"}, (STATE, PLACE))
        recipient = []
        for k in dest:
            e = self.reg.entities[k]
            k2 = k if e.kind == STATE else e.country
            if k2 and k2 not in supplier:
                recipient.append(k2)
        if not supplier or not recipient:
            return None
        return self._transfer_event(tok, True, self.status(tok), supplier[:1], recipient[:1],
                                    self.doc[subj.left_edge.i:subj.i + 1].text)

    def _transfer_noun(self, tok, lemma) -> Optional[Event]:
        """'deliveries of artillery shells to X', 'possible sales of jets by A to X',
        'X's purchase of Y's missile system', 'shipments of weapons from X'."""
        kinds = (STATE, PERSON, ORGANIZATION)
        item = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), None)
        if item is None:
            return None
        words = {t.lower_ for t in item.subtree}
        arms, aid = words & (lx.ARMS_NOUNS | VESSEL_NOUNS), words & lx.AID_NOUNS
        if not (arms or aid):
            return None
        own = [k for c in tok.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < tok.i
               for t in c.subtree for k in self.reg.keys_at(t.i) if self.reg.kind(k) in kinds]
        seller = self.pobjs(tok, {"from", "by"}, kinds) + \
            [k for t in item.children if t.dep_ == "poss" for k in self.keys(t, kinds)]
        to = self.pobjs(tok, {"to", "for"}, kinds + (PLACE,)) + self.pobjs(item, {"to", "for"}, kinds + (PLACE,))
        if lemma in ("purchase", "purchases", "acquisition", "import", "imports", "receipt"):
            supplier, recipient = seller, own + to
        else:
            supplier, recipient = own + seller, to
        supplier = list(dict.fromkeys(self._state_of(k) or k for k in supplier))
        recipient = [k for k in dict.fromkeys(self._state_of(k) or k for k in recipient) if k not in supplier]
        if not supplier or not recipient:
            return None
        amods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "advmod")}
        status = "planned" if amods & {"possible", "planned", "proposed", "potential", "future", "prospective"} \
            else self.status(tok)
        return self._transfer_event(tok, bool(arms), status, supplier, recipient,
                                    self.doc[item.left_edge.i:item.right_edge.i + 1].text)

    def _transfer_event(self, tok, arms: bool, status: str, suppliers, recipients, item: str) -> Event:
        """The transfer every transfer rule builds: suppliers and recipients once each (a
        state never supplies itself), what moved, and the date of the trigger's clause."""
        ev = Event(kind=ARMS_TRANSFER if arms else AID_TRANSFER, status=status)
        for k in dict.fromkeys(suppliers):
            ev.add("supplier", k)
        for k in dict.fromkeys(recipients):
            if k not in ev.roles.get("supplier", []):
                ev.add("recipient", k)
        ev.item = item
        ev.time = self.time_for(tok)
        return ev

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
            self._time_cache[key] = tv
        return self._time_cache[key]

    def _same_day(self, ent) -> Optional[TimeValue]:
        """'earlier in the day', 'the same day', 'the next day': the day of the date told in
        the sentence before (when that date is a day), shifted for next/previous."""
        import datetime as dt
        sents = list(self.doc.sents)
        n = next((i for i, s in enumerate(sents) if s.start <= ent.start < s.end), None)
        if n is None or n == 0:
            return None
        prev = self._date_ents(sents[n - 1])
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


def _name_of(tok) -> Optional[str]:
    """The name of an agreement or summit: its capitalised words, else its noun phrase."""
    if tok is None:
        return None
    span = tok.doc[tok.left_edge.i:tok.i + 1]
    words = [t for t in span if t.dep_ not in ("det", "poss", "case") and t.text not in ("'s", "’s")]
    caps = [t for t in words if t.text[:1].isupper()]
    if caps:
        start = caps[0].i
        name = tok.doc[start:tok.i + 1].text
    else:
        name = " ".join(t.text for t in words)
    # "treaty on comprehensive strategic partnership"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "of") and c.right_edge.i - tok.i <= 6:
            name = f"{name} {tok.doc[c.i:c.right_edge.i + 1].text}"
            break
    return name.strip() or None


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
    ta = a.time.value if a.time else None
    tb = b.time.value if b.time else None
    if ta and tb and not (ta.startswith(tb) or tb.startswith(ta)):
        return False
    if a.kind in (VISIT,):
        return set(a.roles.get("visitor", [])) == set(b.roles.get("visitor", [])) and (
            not a.roles.get("destination") or not b.roles.get("destination") or
            a.roles["destination"] == b.roles["destination"])
    if a.kind in (MEETING, CALL):
        return set(a.roles.get("participant", [])) == set(b.roles.get("participant", []))
    if a.kind == INVITATION:
        return set(a.roles.get("inviter", [])) & set(b.roles.get("inviter", [])) or \
            set(a.roles.get("invitee", [])) & set(b.roles.get("invitee", []))
    if a.kind in (ARMS_TRANSFER, AID_TRANSFER):
        return a.roles.get("supplier") == b.roles.get("supplier") and a.roles.get("recipient") == b.roles.get("recipient")
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
        if (same.time is None or same.time.value is None) and ev.time is not None:
            same.time = ev.time
        elif ev.time and same.time and ev.time.value and same.time.value and len(ev.time.value) > len(same.time.value):
            same.time = ev.time
        if same.place is None:
            same.place = ev.place
        if same.status == "planned" and ev.status == "accepted":
            same.status = ev.status
        if same.kind in (ARMS_TRANSFER, AID_TRANSFER) and "alleged" in (same.status, ev.status):
            same.status = "alleged"      # a claim told once as fact is still a claim
        same.attribution = same.attribution or ev.attribution
        same.name = same.name or ev.name
    return out
