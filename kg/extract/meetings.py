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
# nouns that name a multi-party gathering (a frame that collects its attendees)
FRAME_NOUNS = {"summit", "gathering", "conference", "retreat", "forum", "congress", "jamboree"}
# "X held / convened a summit"
CONVENE_VERBS = {"hold", "convene", "organise", "organize", "chair", "co-chair", "host"}
# "the summit drew / attracted / brought together X and Y"
DRAW_VERBS = {"draw", "attract", "bring", "gather", "unite"}
# bodies that sit in session: "told the council", "a meeting of the assembly"
BODY_NOUNS = {"council", "assembly", "parliament", "congress", "plenary", "conclave"}
# offices of "the leaders" and "the ministers" of a bloc
LEADER_OFFICES = ("president", "prime minister", "chancellor", "premier", "king", "emir", "sultan")
MINISTER_OFFICES = ("minister", "secretary of state")
# titles of a state's envoys to a standing body ("Ambassador X said")
ENVOY_TITLES = ("ambassador", "envoy", "permanent representative")
MEDIATION_NOUNS = {"mediation", "auspices", "auspice", "chairmanship", "facilitation", "patronage"}
# "X joined the delegation / the leaders"
JOINED_TOO = {"delegation", "leaders", "counterparts", "talks", "summit", "meeting"}
REMOTE_WORDS = {"video", "virtually", "online", "remotely", "videoconference", "videolink", "video-link",
                "teleconference", "virtual"}


class MeetingRules:
    def _meeting(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in ("meet", "talk", "confer", "hold", "have"):
            if lemma in ("hold", "have"):
                return None      # handled through their noun ("held talks")
            subj = self.subjects(tok, MEET_KINDS)
            if lemma == "meet" and subj:
                subj += [k for k in self._subject_list(tok) if k not in subj]
            if lemma == "meet" and not subj:
                subj = self._numbered_leaders(tok)
            others = self.objects(tok, MEET_KINDS) + self.pobjs(tok, {"with"}, MEET_KINDS)
            # "met in P under X's mediation / auspices": the mediator is there too
            others += [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "under"
                       for g in c.children if g.dep_ == "pobj" and (g.lemma_.lower() in MEDIATION_NOUNS or
                                                                    g.lower_ in MEDIATION_NOUNS)
                       for p in g.children if p.dep_ == "poss" for k in self.keys(p, (PERSON,)) if k not in subj]
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
            earlier = self._before_that(tok, ev)
            out = self._split(tok, ev, subj, tour)
            if earlier is None:
                return out
            return (out if isinstance(out, list) else [out]) + [earlier]
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
                found = self.subjects(gov, MEET_KINDS)
                if found:
                    found += [k for k in self._subject_list(gov) if k not in found]   # "A and B chaired the session"
                parts = found + parts
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
            if tok.lower_ in ("talks", "meeting", "negotiations") and not any(
                    self.reg.kind(k) == PERSON or self.is_group(k) for k in parts):
                parts = self._states_as_officials(tok, parts) or parts
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

    def _states_as_officials(self, tok, parts) -> list[str]:
        """'the A-B talks in P', 'their meeting' (A and B): talks between two states with no
        person named are talks of their officials, one group per state."""
        if any(self.reg.kind(k) == PERSON for t in tok.sent for k in self.reg.keys_at(t.i)):
            return []      # "A-B talks ... as X stays away": the persons are the participants
        if any(c.dep_ == "prep" and c.lower_ in ("between", "with") for c in tok.children) or \
                tok.head.lemma_.lower() in lx.HOST_VERBS | {"mediate", "broker", "facilitate"} or \
                any(a.lemma_.lower() in lx.HOST_VERBS for a in list(tok.ancestors)[:3]):
            return []      # "A and B hosted earlier rounds between the two foes": hosts, not sides
        states = [k for k in parts if self.reg.kind(k) == STATE]
        hyphen = [t for t in self.doc[tok.left_edge.i:tok.i] if t.dep_ != "poss"
                  for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE] \
            if any(t.text in ("-", "–", "—") for t in self.doc[tok.left_edge.i:tok.i]) else []
        toks = {}
        for t in hyphen:
            for k in self.reg.keys_at(t.i):
                if self.reg.kind(k) == STATE:
                    toks.setdefault(k, t)
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        if not toks and prev is not None and "-" in prev.text.strip("-") and \
                not any(self.reg.kind(k) in (STATE, PERSON, PLACE) for k in self.reg.keys_at(prev.i)):
            # "U.S.-China talks" read as one token: each side a state
            from .. import gazetteer as gaz
            sides = [gaz.lookup_state(x) or gaz.lookup_demonym(x) for x in prev.text.split("-")]
            if len(sides) == 2 and all(sides) and sides[0].key != sides[1].key:
                for st in sides:
                    toks[self.finder._ensure_state(st)] = prev
        states = list(dict.fromkeys(states + list(toks)))
        if len(states) != 2 or any(self.reg.kind(k) == PERSON for k in parts):
            return []
        out = [self.officials_of(k, toks.get(k, tok)) for k in states]
        return [k for k in out if k] if all(out) else []

    def _numbered_leaders(self, verb) -> list[str]:
        """'The three leaders first met in P in 2019': the persons of the latest meeting told with
        exactly that many people."""
        numbers = {"three": 3, "four": 4, "five": 5}
        for c in verb.children:
            if c.dep_ != "nsubj" or c.tag_ != "NNS" or c.lemma_.lower() not in ("leader", "president", "minister"):
                continue
            n = next((numbers[x.lower_] for x in c.children if x.lower_ in numbers), None)
            if n is None:
                return []
            for ev in reversed(self.events):
                if ev.kind != MEETING or ev.trigger is None or ev.trigger.start >= verb.idx:
                    continue
                persons = [k for k in ev.roles.get("participant", []) if self.reg.kind(k) == PERSON]
                if len(persons) == n:
                    return persons
            return []
        return []

    def _subject_list(self, verb) -> list[str]:
        """Every person named in the verb's own subject phrase: the small model parses long
        lists ("A of X, B of Y and C of Z met"; "X's A, Y's B and Z's C were there")
        as chains of modifiers, so the conjuncts are not found. Persons inside a possessive
        ("A's spokesman B") or a clause ("B, who met C") are left out."""
        out: list[str] = []
        for _ in range(2):
            # "A, B and C plan to go": the subject of the governing verb
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.dep_ != "xcomp":
                break
            verb = verb.head
        for c in verb.children:
            if c.dep_ not in ("nsubj", "nsubjpass") or c.i > verb.i:
                continue
            stack = [c]
            while stack:
                t = stack.pop()
                for k in self.reg.keys_at(t.i):
                    if self.reg.kind(k) == PERSON and k not in out:
                        out.append(k)
                for g in t.children:
                    if g.dep_ in ("relcl", "acl", "advcl", "poss", "ccomp", "dobj") or g.dep_ == "prep" and \
                            g.lower_ not in ("of", "from") or g.dep_ == "conj" and g.pos_ in ("VERB", "AUX"):
                        if g.dep_ == "poss" and not any(self.reg.kind(k) == PERSON for k in self.reg.keys_at(g.i)):
                            stack.append(g)      # "Chile's President A": the state, not a person
                        continue
                    stack.append(g)
        return out

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

    def _before_that(self, tok, ev: Event) -> Optional[Event]:
        """'A and B met at the forum in P in June and, before that, at the fair in Q': a second,
        earlier meeting of the same people, with the place and date told after the marker."""
        mark = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("before", "prior")
                     and any(g.lower_ in ("that", "then") for g in c.subtree)), None)
        if mark is None or ev.status != "occurred" or not any(c.dep_ == "cc" and c.i < mark.i for c in tok.children):
            return None
        after = mark.right_edge.i
        place = None
        for c in tok.children:
            if c.dep_ == "prep" and c.i > after and c.lower_ in ("in", "at"):
                place = next((k for t in c.subtree for k in self.reg.keys_at(t.i)
                              if self.reg.kind(k) in (PLACE, STATE)), None)
                if place:
                    break
        if place is None:
            return None
        tense = self._tense(tok)
        sub = {t.i for t in tok.subtree}
        time = next((tv for e in self._date_ents(tok.sent) if e.start > after and e.root.i in sub
                     for tv in [self.normalise(e, tense)] if tv is not None), None)
        first = [k for c in tok.children if c.dep_ == "prep" and c.i < mark.i and c.lower_ in ("in", "at")
                 for t in c.subtree for k in self.reg.keys_at(t.i) if self.reg.kind(k) in (PLACE, STATE)]
        if ev.place == place:
            ev.place = first[0] if first else None
        if ev.time is not None and ev.time.start is not None and ev.time.start >= self.doc[after].idx:
            ev.time = next((tv for e in self._date_ents(tok.sent) if e.end <= mark.i and e.root.i in sub
                            for tv in [self.normalise(e, tense)] if tv is not None), None)
        out = Event(kind=ev.kind, status=ev.status, time=time, place=place, mode=ev.mode)
        for k in ev.roles.get("participant", []):
            out.add("participant", k)
        return out

    def _lead_date(self, keys):
        """The date of the story's lead clause, for an undated gathering that the lead's subject
        took part in ('Ministers of the X bloc urged ... on Friday. ... The X talks in P brought
        together A, B and C'): persons, groups or organisations the two share."""
        title_end = self.doc.text.find("\n")
        lead = next((s for s in self.doc.sents if s.start_char > title_end and
                     sum(not t.is_punct for t in s) >= 6 and any(t.pos_ == "VERB" for t in s)), None)
        if lead is None:
            return None
        root = lead.root
        subj = {k for c in root.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
                for k in self.reg.keys_at(t.i) if self.reg.kind(k) not in (PLACE, STATE)}
        if not subj & set(keys):
            return None
        return self._fits_status(self._unsaid_time(root), "occurred")

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
        title_end = self.doc.text.find("\n")
        if tok.idx < title_end and tok.pos_ == "VERB" and len(subj) == 1:
            near = near | {"separate"}     # a headline's "X meets A, B and C": the stops of a tour
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
        g = self._gathering_in(tok)
        if g is not None and not any(a.dep_ == "prep" and a.lower_ in ("before", "after", "ahead")
                                     for a in g.ancestors) or any(
                t.lemma_.lower() in ("summit", "gathering", "conference") for t in tok.subtree
                if not any(a.lower_ in ("before", "after", "ahead") and a.dep_ == "prep" for a in t.ancestors)):
            return None      # hosting a summit: left to _gatherings ("after the banquet, X received Y" is not)
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
        extra = self._more_attendees(tok, lemma)
        if extra is not None:
            persons = extra
        elif tok.pos_ == "VERB" and lemma in lx.ATTEND_VERBS | lx.HOST_VERBS:
            if lemma == "join" and any(c.dep_ == "dobj" and c.lemma_.lower() not in lx.GATHERING_NOUNS | JOINED_TOO
                                       and not self.keys(c, (PERSON,)) for c in tok.children):
                return [], None      # "joined the bloc / the government": no gathering
            passive = any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ == "conj" and tok.tag_ == "VBN" \
                and any(c.dep_ == "auxpass" for c in tok.head.children)
            if lemma in ("address", "chair", "co-chair", "lead", "open", "skip", "boycott"):
                obj = [c for c in tok.children if c.dep_ == "dobj"]
                if passive:
                    # "it was chaired by X", "the session was chaired by X"
                    subj = [c for c in (tok.head if tok.dep_ == "conj" else tok).children if c.dep_ == "nsubjpass"]
                    obj = subj if subj and subj[0].lower_ == "it" else obj or subj
                if not obj or obj[0].lemma_.lower() not in lx.GATHERING_NOUNS | {"delegation"} and \
                        not (passive and obj[0].lower_ == "it"):
                    return [], None
            if lemma in lx.HOST_VERBS and not any(t.lemma_.lower() in lx.GATHERING_NOUNS | {"leader", "leaders"}
                                                  for t in tok.subtree):
                return [], None
            if passive or tok.dep_ == "acl" and tok.tag_ == "VBN":
                persons = self.pobjs(tok, {"by"}, (PERSON,)) + [
                    k for c in tok.children if c.dep_ == "agent" for g in c.children for k in self.keys(g, (PERSON,))]
            else:
                persons = [k for k in self.subjects(tok, (PERSON,))]
                if persons:
                    persons += [k for k in self._subject_list(tok) if k not in persons]
                if lemma in lx.HOST_VERBS:
                    persons += self.objects(tok, (PERSON,))
        elif lemma == "part" and tok.head.lemma_.lower() == "take":
            if any(c.dep_ == "neg" for c in tok.head.children):
                return [], None
            persons, status = self._attendees_of(tok.head)
            if persons and not self._remote(tok.head):
                return persons, status
            return [], None
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
        if self._remote(tok):
            return [], None
        return persons, self.status(tok)

    def _remote(self, tok) -> bool:
        """'followed the forum over a video feed': a cue told in its own clause (not a clause
        joined to it: '..., and B went in person') as remote."""
        node = tok.head if tok.dep_ in ("acomp", "pobj", "amod", "dobj") and tok.pos_ != "VERB" else tok
        words = set()
        stack = [node]
        while stack:
            t = stack.pop()
            words.add(t.lower_)
            stack += [c for c in t.children if c.dep_ not in ("conj", "cc") or t.i != node.i]
        return bool(words & REMOTE_WORDS)

    def _more_attendees(self, tok, lemma) -> Optional[list[str]]:
        """More ways a text puts persons at a gathering; None when the word is no such cue.
        'X held / convened / organised a summit', 'the summit drew / brought together X and Y',
        'A was represented by X', 'X represented A at the summit', 'sends Y instead'."""
        if tok.pos_ == "NOUN" and lemma in FRAME_NOUNS and tok.tag_ == "NN" and \
                any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children):
            # "A, B and C pledged ... during their summit": the clause's subjects held it
            verb = tok.head
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                    break
                verb = verb.head
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in lx.SPEECH_VERBS:
                return None
            found = self.subjects(verb, (PERSON,))
            found += [k for k in self._subject_list(verb) if k not in found]
            return found if len(found) >= 2 else None
        if tok.pos_ != "VERB":
            return None
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if lemma in CONVENE_VERBS:
            if not objs or objs[0].lemma_.lower() not in FRAME_NOUNS | {"meeting", "session"} or \
                    objs[0].tag_ in ("NNS", "NNPS"):
                return None
            if objs[0].lemma_.lower() in ("meeting", "session") and not self._convened_meeting(objs[0]):
                return []        # "held a meeting with X": a meeting rule's own, no gathering
            # "(Y said) Norway would host a meeting": a state convenes, not the speaker
            return self._subject_list(tok)
        if lemma in DRAW_VERBS:
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if not subj:
                return None
            s = subj[0]
            if s.lower_ in ("which", "that") and tok.dep_ == "relcl":
                s = tok.head
                if s.dep_ == "pobj" and s.head.dep_ == "prep" and s.head.head.lemma_.lower() in FRAME_NOUNS:
                    s = s.head.head        # "the congress in P, which drew X": P read as the antecedent
            if s.lemma_.lower() not in FRAME_NOUNS:
                return None
            if lemma == "bring" and not any(c.lower_ == "together" for c in tok.children):
                return None
            return self.objects(tok, (PERSON,))
        if lemma in ("tell", "brief"):
            # "X told the council / the summit / delegates": X spoke there
            if not any(self._audience(c) for c in objs + [c for c in tok.children if c.dep_ == "dative"]):
                return None
            return self.subjects(tok, (PERSON,))
        if lemma == "speak" and any(c.dep_ == "prep" and c.lower_ in ("at", "to", "before") and any(
                g.dep_ == "pobj" and (g.lemma_.lower() in FRAME_NOUNS or self._audience(g)) for g in c.children)
                for c in tok.children):
            return self.subjects(tok, (PERSON,))       # "X spoke at the summit / to the assembly"
        if lemma == "represent":
            if any(c.dep_ == "auxpass" for c in tok.children):
                return self.pobjs(tok, {"by"}, (PERSON,)) + [k for c in tok.children if c.dep_ == "agent"
                                                             for g in c.children if g.dep_ == "pobj"
                                                             for k in self.keys(g, (PERSON,))]
            if not objs or not self.keys(objs[0], (STATE,)):
                return None        # "X represented A": A a state
            return self.subjects(tok, (PERSON,))
        if lemma == "send":
            if not any(c.lower_ == "instead" for c in tok.children) and not (
                    tok.dep_ in ("advcl", "conj") and tok.head.lemma_.lower() in lx.ATTEND_VERBS):
                return None
            return self.objects(tok, (PERSON,))
        return None

    @staticmethod
    def _audience(tok) -> bool:
        """'the council', 'council members', 'the summit', 'delegates', 'the assembly'."""
        low = tok.lemma_.lower()
        if low in BODY_NOUNS | FRAME_NOUNS | {"delegate", "delegates", "participant", "participants"}:
            return True
        return low in ("member", "members") and any(c.dep_ == "compound" and c.lemma_.lower() in BODY_NOUNS
                                                    for c in tok.children)

    @staticmethod
    def _back_reference(t) -> bool:
        """A gathering named in a clause that looks back from the story: 'her first trip abroad
        since X took part in a forum at P', 'since the fair at P', 'the last time X chaired a forum'."""
        for a in [t] + list(t.ancestors):
            if a.dep_ == "prep" and a.lower_ == "since":
                return True
            if any(c.dep_ == "mark" and c.lower_ == "since" for c in a.children):
                return True
            if a.dep_ == "relcl" and a.head.lemma_.lower() == "time" and \
                    any(c.lower_ in ("last", "previous", "first") for c in a.head.children):
                return True
        return False

    def _attendees_of(self, verb):
        persons = [k for k in self.subjects(verb, (PERSON,))]
        if persons:
            persons += [k for k in self._subject_list(verb) if k not in persons]
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
        # a headline's meetings go last, so that the body's telling (place, date) wins when they merge
        title_end = doc.text.find("\n")
        heads = [e for e in self.events if e.kind == MEETING and e.trigger is not None and e.trigger.start < title_end]
        self.events = [e for e in self.events if e not in heads] + heads
        self._chaired_talks()
        frames: list[dict] = []
        sents = list(doc.sents)
        sent_no = {s.start: n for n, s in enumerate(sents)}

        def frame_for(t, n):
            for f in frames:
                if any(x.i == t.i for x in f["toks"]):
                    f["last"] = max(f["last"], n)
                    return f         # the same word seen again (as a cue's object)
            if self._back_reference(t):
                # "her first trip abroad since X took part in a forum at P": a gathering of its own,
                # with only its own cue's attendees; the story around it is not told there
                f = {"key": None, "toks": [t], "last": n, "persons": {}, "sent": None, "first": n, "back": True}
                frames.append(f)
                return f
            frames_now = [f for f in frames if not f.get("back")]
            key = self._frame_key(t)
            fresh = any(c.lower_ in ("a", "an", "another", "own", "next", "separate") for c in t.children) or \
                any(c.lower_ == "own" for c in t.subtree)
            if not fresh and frames_now and any(c.dep_ == "compound" and c.pos_ == "NOUN" and not c.ent_type_
                                              and not any(x.like_num for x in c.subtree) for c in t.children):
                # "the summit ... the regional energy conference": another kind of gathering, named
                latest = max(frames_now, key=lambda f: f["last"])
                fresh = all(x.lemma_.lower() != t.lemma_.lower() for x in latest["toks"])
            if key:
                for f in frames_now:
                    if f["key"] and (key in f["key"] or f["key"] in key):
                        f["last"] = n
                        f["toks"].append(t)
                        return f
            elif not fresh and frames_now:
                f = max(frames_now, key=lambda f: f["last"])
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
            heres = []
            for t in sent:
                if t.pos_ in ("NOUN", "PROPN") and t.tag_ not in ("NNS", "NNPS") and (
                        t.lemma_.lower() in gathering_nouns or self._convened_meeting(t)):
                    # (a plural, "the bloc's summits since 2019", is summits in general)
                    here = frame_for(t, n)
                    heres.append((t.i, here))
                    for k in noted.get(t.i, []):
                        here["persons"].setdefault(k, ("occurred", sent))
            for t in sent:
                persons, status = self._attendees(t)
                if not persons:
                    continue
                said = {y.i for c in t.children if c.dep_ in ("ccomp", "parataxis") for y in c.subtree}
                g = next((x for x in t.subtree if x.pos_ in ("NOUN", "PROPN") and x.tag_ not in ("NNS", "NNPS")
                          and x.i not in said       # "told delegates that ... host the next meeting"
                          and (x.lemma_.lower() in gathering_nouns or self._convened_meeting(x))), None)
                if g is None and any(x.lemma_.lower() in lx.GATHERING_NOUNS | FRAME_NOUNS and x.i not in said
                                     and any(c.lower_ in ("a", "an", "another") for c in x.children)
                                     for x in t.subtree):
                    continue     # "X spoke at a students' forum": some other gathering
                if g is not None:
                    f = frame_for(g, n)
                else:
                    # a gathering named only inside what the cue reports is not where it happened
                    inside = {id(fr) for i, fr in heres if i in said or fr.get("back")}
                    f = next((fr for i, fr in reversed(heres) if i not in said and not fr.get("back")), None)
                    older = [fr for fr in frames if not fr.get("back") and id(fr) not in inside or any(
                        x.i not in said and x.sent.start != t.sent.start for x in fr["toks"])]
                    if f is None and older and n - max(older, key=lambda f: f["last"])["last"] <= 3:
                        f = max(older, key=lambda f: f["last"])
                if f is None:
                    continue
                f["last"] = n
                f.setdefault("cues", []).append((t, status))
                for k in persons:
                    old = f["persons"].get(k)
                    if old is None or old[0] == "occurred" and status in ("denied", "cancelled"):
                        f["persons"][k] = (status, sent)
        self._session_speakers(frames, sents, sent_no)
        self._members_speaking(frames, sents, sent_no)
        title_end = self.doc.text.find("\n")
        for f in frames:
            # the title's words come last: "X to miss forum; Y picked as next host" dates nothing
            f["toks"].sort(key=lambda t: t.idx < title_end)
        attached = self._frame_meetings(frames, sent_no)
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
                ev.time, ev.place = self._frame_when(f, status)
                if ev.time is None or ev.place is None:
                    # "Delegates gathered at P on Monday. The session was run by X": that gathering
                    first = min(f["toks"], key=lambda t: t.i)
                    n0 = sent_no[first.sent.start]
                    if n0 > 0 and first.lemma_.lower() in ("meeting", "session", "gathering") and \
                            any(c.dep_ == "det" and c.lower_ == "the" for c in first.children):
                        verb = next((t for t in sents[n0 - 1] if t.pos_ == "VERB" and t.lemma_.lower() in
                                     ("meet", "gather", "convene") and not any(c.dep_ == "neg" for c in t.children)),
                                    None)
                        if verb is not None:
                            ev.time = ev.time or fits(self.time_for(verb))
                            ev.place = ev.place or self.places_under(verb)
                if status == "occurred" and ev.place is not None:
                    # a meeting held there names the city: "a summit in P ... met in C"
                    inner = [m.place for m in attached.get(id(f), []) if m.place is not None and m.place != ev.place
                             and self.reg.kind(m.place) == PLACE and self._state_of(m.place) == ev.place]
                    ev.place = inner[0] if inner else ev.place
                first_sent = min((s for st, s in f["persons"].values() if st == status), key=lambda s: s.start)
                if ev.time is None:
                    ev.time = next((fits(self._unsaid_time(t)) for t in first_sent if t.dep_ == "ROOT"), None)
                if ev.time is None and status == "occurred":
                    ev.time = self._lead_date(members + [k for t in f["toks"] for c in t.children
                                                         if c.dep_ in ("compound", "nmod", "amod")
                                                         for k in self.reg.keys_at(c.i)])
                if ev.place is None:
                    ev.place = next((self.places_under(t) for t in first_sent if t.dep_ == "ROOT"), None)
                if ev.place is None and status == "occurred":
                    # "a meeting of the X council", told nowhere else: the chamber of that body
                    bodies = [k for t in f["toks"] for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.subtree for k in self.reg.keys_at(g.i)
                              if self.reg.kind(k) == PLACE and        # an organisation is no dkg:place
                              (self.reg.entities[k].label or "").split()[-1:] and
                              self.reg.entities[k].label.split()[-1].lower() in BODY_NOUNS]
                    ev.place = bodies[0] if bodies else None
                key = f["key"]
                ev.name = phrase_name(tok) if key else None
                sent = tok.sent
                ev.trigger = Mention(tok.idx, tok.idx + len(tok.text), tok.text)
                ev.evidence = Evidence(first_sent.start_char, first_sent.end_char, first_sent.text.strip(),
                                       sentence_index=_sent_index(self.doc, first_sent),
                                       sentence_start=first_sent.start_char, sentence_end=first_sent.end_char,
                                       confidence=0.6)
                ev.attribution = self._attribution(tok)
                tok_starts = {t.idx for t in f["toks"]}
                for other in [e for e in self.events if e.kind == MEETING and e.status == status and e.trigger
                              and e.trigger.start in tok_starts
                              and set(e.roles.get("participant", [])) <= set(members)]:
                    self.events.remove(other)      # the summit noun's own reading, now the whole frame
                if status == "occurred":
                    for m in attached.get(id(f), []):
                        m.place = m.place or ev.place
                        m.time = m.time or ev.time
                self.events.append(ev)
        self._absorb_body_meetings()

    def _session_speakers(self, frames, sents, sent_no) -> None:
        """'... a meeting of the council. "...," Ambassador X said. Y told the council ...': at a
        session of a standing body, the envoys quoted after it opens speak there, and whoever
        tells 'the council' speaks at its session however far back it was named."""
        for f in frames:
            bodies = {g.lemma_.lower() for t in f["toks"] for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.subtree if g.lemma_.lower() in BODY_NOUNS}
            if not bodies:
                continue
            first = min(f["toks"], key=lambda t: t.i)
            if self.status(first) != "occurred" or first.sent.start not in sent_no:
                continue
            for sent in sents[sent_no[first.sent.start]:]:
                for t in sent:
                    if t.lemma_.lower() in ("meeting", "session") and t.tag_ == "NN" and t.i > first.i and \
                            not any(c.lower_ in ("a", "an", "another", "next", "last", "previous") for c in t.children) \
                            and any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in t.children):
                        f["toks"].append(t)      # "at Friday's meeting": the session again, with its day
                    if t.pos_ != "VERB" or t.lemma_.lower() not in ("say", "tell", "add"):
                        continue
                    audience = [c for c in t.children if c.dep_ in ("dobj", "dative") and
                                (c.lemma_.lower() in bodies or any(g.dep_ == "compound" and g.lemma_.lower() in bodies
                                                                   for g in c.children))]
                    speakers = self.subjects(t, (PERSON,))
                    if not audience:
                        speakers = [k for k in speakers if any(
                            h.person == k and any(w in (h.office or "").lower() for w in ENVOY_TITLES)
                            for h in self.reg.offices)]
                    if any(c.dep_ == "dobj" and c.lemma_.lower() in ("reporter", "journalist", "media")
                           for c in t.children):
                        continue     # told reporters: outside the chamber
                    for k in speakers:
                        f["persons"].setdefault(k, ("occurred", sent))

    def _members_speaking(self, frames, sents, sent_no) -> None:
        """'Leaders of the bloc meeting in P agreed that ... . Prime Minister X said his country
        ...': right after the gathered leaders (or ministers) are told acting together, a leader
        (or minister) who speaks is one of them."""
        title_end = self.doc.text.find("\n")
        for f in frames:
            if f.get("back") or not any(st == "occurred" for st, _ in f["persons"].values()):
                continue
            ns = {sent_no[t.sent.start] for t in f["toks"] if t.idx > title_end and t.sent.start in sent_no} | \
                {sent_no[t.sent.start] for t, _ in f.get("cues", []) if t.idx > title_end and t.sent.start in sent_no}
            if not ns:
                continue
            for n in range(max(1, min(ns)), min(max(ns) + 2, len(sents))):
                body = next((t for t in sents[n - 1] if t.tag_ == "NNS" and t.dep_ == "nsubj" and
                             t.lemma_.lower() in ("leader", "minister") and t.head.tag_ == "VBD" and
                             not any(c.dep_ == "neg" for c in t.head.children)), None)
                if body is None:
                    continue
                want = LEADER_OFFICES if body.lemma_.lower() == "leader" else MINISTER_OFFICES
                for t in sents[n]:
                    if t.pos_ != "VERB" or t.lemma_.lower() != "say":
                        continue
                    for k in self.subjects(t, (PERSON,)):
                        if any(h.person == k and any(w in (h.office or "").lower() for w in want) and
                               not any(w in (h.office or "").lower() for w in ("former", "deputy", "vice"))
                               for h in self.reg.offices):
                            f["persons"].setdefault(k, ("occurred", sents[n]))

    def _absorb_body_meetings(self) -> None:
        """'The X talks in P gathered A, B and C ... A said after meetings with X ministers':
        a meeting with a group of officials that a larger meeting of the same article already
        has, with nobody else in it, is that gathering told again (not a bilateral on its sidelines)."""
        import datetime as dt
        for small in [e for e in self.events if e.kind == MEETING]:
            parts = set(small.roles.get("participant", []))
            if not any(self.is_group(k) for k in parts):
                continue
            for big in self.events:
                if big is small or big.kind != MEETING or big.status != small.status or \
                        not parts < set(big.roles.get("participant", [])):
                    continue
                if small.place and big.place and small.place != big.place and \
                        self._state_of(small.place) != self._state_of(big.place):
                    continue
                a = small.time.value if small.time and small.time.value else None
                b = big.time.value if big.time and big.time.value else None
                if a and b and not (a.startswith(b) or b.startswith(a)):
                    try:
                        if abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) > 2:
                            continue
                    except ValueError:
                        continue
                # the same gathering: merged with it once dates are known (the later telling may date it)
                small.roles["participant"] = list(big.roles["participant"])
                small.place = small.place or big.place
                big.place = big.place or small.place
                break

    def _chaired_talks(self) -> None:
        """'... talks in P between A and B. X, who hosted the last round, said ...': who
        chairs or hosts the talks just told takes part in them."""
        for t in self.doc:
            if t.pos_ != "VERB" or t.lemma_.lower() not in ("chair", "co-chair", "host", "mediate", "moderate"):
                continue
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is None or obj.lemma_.lower() not in ("session", "talks", "talk", "meeting", "round",
                                                         "negotiation", "negotiations", "dialogue") or \
                    not any(c.lower_ == "the" for c in obj.children):
                continue
            chairs = self.subjects(t, (PERSON,))
            if not chairs and t.dep_ == "relcl" and t.head.dep_ == "appos":
                chairs = self.keys(t.head.head, (PERSON,))     # "X, the mediator's envoy, who hosted ..."
            if not chairs:
                continue
            start = t.sent.start_char
            prev = [e for e in self.events if e.kind == MEETING and e.evidence is not None and e.trigger is not None
                    and e.trigger.start < t.idx and start - e.evidence.sentence_start <= 400
                    and e.evidence.sentence_end >= start - 2 - 400]
            prev = [e for e in prev if e.evidence.sentence_start <= start]
            if not prev:
                continue
            ev = max(prev, key=lambda e: e.trigger.start)
            if self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")[0].lemma_.lower() \
                    not in ("talk", "talks", "meeting", "negotiation", "negotiations", "session", "dialogue", "meet"):
                continue
            for k in chairs:
                ev.add("participant", k)

    def _convened_meeting(self, t) -> bool:
        """'convened / hosted / chaired a meeting', 'a meeting that X hosted and Y attended',
        'X will attend the meeting': a meeting told as a gathering with hosts and attendees."""
        if t.lemma_.lower() not in ("meeting", "session"):
            return False
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.lemma_.lower() in BODY_NOUNS or any(
                    self.reg.entities[k].subtype == "InternationalOrganization" for k in self.reg.keys_at(g.i))
                for g in c.subtree) for c in t.children):
            return True          # "a meeting of the council", "a session of the assembly"
        if t.dep_ not in ("dobj", "nsubjpass", "nsubj"):
            return False
        if any(x.lemma_.lower() in FRAME_NOUNS | {"sidelines", "margins", "margin"} for x in t.head.subtree if x.i != t.i):
            return False         # "hosted a breakfast meeting at the forum": part of the forum
        if self.pobjs(t, {"with", "between"}, (PERSON, GROUP)):
            return False         # "a meeting with X": a meeting rule's own ("with A and B", states, is a gathering)
        return t.head.lemma_.lower() in CONVENE_VERBS | lx.ATTEND_VERBS | lx.HOST_VERBS | {"call"} and \
            (t.dep_ != "nsubj" or t.head.lemma_.lower() in ("open", "gather", "convene"))

    def _unsaid_time(self, t):
        """The date of a cue, but not one inside what a speech verb reports ('"Before May, ..."
        X told the council': a date of what was said)."""
        tv = self.time_for(t)
        said = [c for c in t.children if c.dep_ in ("ccomp", "parataxis")] \
            if t.lemma_.lower() in lx.SPEECH_VERBS else []
        if tv is not None and tv.start is not None and any(
                self.doc[c.left_edge.i].idx <= tv.start < c.right_edge.idx + len(c.right_edge) for c in said):
            return None
        return tv

    def _frame_when(self, f, status):
        fits = (lambda tv: self._fits_status(tv, status))
        time = place = None
        for t, st in f.get("cues", []):
            if st == status:
                time = time or fits(self._unsaid_time(t))
        for t in f["toks"]:
            head = t.head if t.head.pos_ in ("VERB", "AUX") else t
            time = time or fits(self.time_for(t)) or fits(self.time_for(head))
            # "the congress, held in P": the participle names the venue
            held = [c for c in t.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in
                    ("hold", "take", "convene", "stage", "host", "open")]
            place = place or self.places_under(t) or next(
                (p for c in held for p in [self.places_under(c)] if p), None) or self.places_under(head)
        return time, place

    def _frame_meetings(self, frames, sent_no) -> dict:
        """A meeting told while the text is about a gathering ('X opened the
        forum. She met B on Friday.') happened there: with no place of its own (or
        one inside the gathering's), at a compatible date, its participants attend the
        gathering and it takes the gathering's place and date. The title opens no span."""
        import datetime as dt
        title_end = self.doc.text.find("\n")
        out: dict = {}
        spans = []
        for f in frames:
            if f.get("back") or not any(st == "occurred" for st, _ in f["persons"].values()):
                continue
            ns = {sent_no[t.sent.start] for t in f["toks"] if t.idx > title_end} | \
                {sent_no[t.sent.start] for t, _ in f.get("cues", []) if t.idx > title_end}
            if ns:
                spans.append((f, ns))
        if not spans:
            return out
        for ev in list(self.events):
            if ev.kind != MEETING or ev.status != "occurred" or ev.evidence is None or \
                    ev.evidence.sentence_start <= title_end or ev.mode not in (None, "in-person"):
                continue
            first = self.doc.char_span(ev.evidence.sentence_start, ev.evidence.sentence_start + 1,
                                       alignment_mode="expand")
            if first is None or first[0].sent.start not in sent_no:
                continue
            n = sent_no[first[0].sent.start]
            trig = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand") if ev.trigger else None
            other_time = ("after", "before", "since", "following", "until")
            if trig is not None and any(a.dep_ == "prep" and a.lower_ in other_time or any(
                    c.dep_ == "mark" and c.lower_ in other_time for c in a.children)
                    for a in [trig[0]] + list(trig[0].ancestors)[:4]):
                continue     # "... since / after X's meeting with Y ended": another time
            best = None
            for f, ns in spans:
                before = [x for x in ns if x <= n]
                if not before or not (max(ns) >= n or n - max(before) <= 1):
                    continue
                if best is None or max(before) > best[1]:
                    best = (f, max(before))
            if best is None:
                continue
            f = best[0]
            if "_when" not in f:
                f["_when"] = self._frame_when(f, "occurred")
            ftime, fplace = f["_when"]
            if ev.place is not None and fplace is not None and ev.place != fplace and \
                    self._state_of(ev.place) != (self._state_of(fplace) or fplace):
                continue
            if ev.time is not None and ev.time.value:
                if (ftime is None or not ftime.value) and not self.anchor:
                    continue
                # an undated gathering under way: the dateline day
                a, b = ev.time.value, (ftime.value if ftime is not None and ftime.value else self.anchor[:10])
                if not (a.startswith(b) or b.startswith(a)):
                    try:
                        gap = abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
                    except ValueError:
                        continue
                    if gap > 2:
                        continue
            for k in ev.roles.get("participant", []):
                if self.reg.kind(k) == PERSON:
                    f["persons"].setdefault(k, ("occurred", first[0].sent))
            out.setdefault(id(f), []).append(ev)
            if trig is not None and trig[0].pos_ == "VERB" and trig[0].lemma_.lower() == "meet" and \
                    len(ev.roles.get("participant", [])) >= 3:
                # "A, B and C met in P with D" inside the gathering's story: the gathering itself, told once
                self.events.remove(ev)
        return out

    def _call_mode(self, tok) -> str:
        near = {t.lower_ for t in tok.sent if abs(t.i - tok.i) <= 6}
        return "video" if near & {"video", "videoconference", "video-conference", "virtual", "virtually",
                                  "online", "videolink"} else "phone"

    def _meet_kind(self, tok) -> str:
        near = {t.lower_ for t in tok.sent if abs(t.i - tok.i) <= 6}
        words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.head.subtree if t.dep_ in ("prep", "pobj", "amod", "compound")} | near
        return CALL if words & lx.CALL_CUES and (words & {"phone", "telephone", "video", "videoconference", "virtual", "virtually", "online", "teleconference"}) else MEETING
