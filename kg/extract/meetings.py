"""Meetings and talks (a mixin of `EventFinder`): 'met', 'held talks', summits and
gatherings with their attendees, hosts, and phone or video calls kept apart.
"""
from __future__ import annotations

from typing import Optional

from ..facts import CALL, MEETING, PERSON, PLACE, STATE, VISIT, Event, Evidence, Mention
from . import lexicon as lx
from .entities import _sent_index
from .groups import GROUP
from .syntax import SUBJ, phrase_name

MEET_KINDS = (PERSON, STATE, GROUP)


class MeetingRules:
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
                ev.name = phrase_name(tok)
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
                ev.name = phrase_name(tok) if key else None
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
