"""Visits and trips (a mixin of `EventFinder`): visitor, destination (the most
specific place named), host, status and time.

Triggers: visit/travel/fly/arrive/land/head/come/go/leave-for verbs, visit/trip/tour nouns,
"due in P", "attend/address a summit in P", "accompanied X to P", "hosted X in P",
"hosted by X" (the clause subject travelled), "where X will be present", "en route to P".
`_visit_post` (run by the driver after all triggers) adds visits told through bilateral
meetings abroad and accepted invitations, moves venue visits to their city, merges the
mentions of one stay, and dates visits told in the present.
"""
from __future__ import annotations

from typing import Optional

from ..facts import INVITATION, MEETING, PERSON, PLACE, STATE, VISIT, Event
from . import lexicon as lx
from .syntax import PLACE_RANK

_VISIT_VERBS = ("visit", "travel", "tour", "fly", "arrive", "head", "land", "come", "go", "leave", "depart")


class VisitRules:
    def _visit(self, tok):
        lemma = tok.lemma_.lower()
        verbal = tok.pos_ == "VERB" and lemma in _VISIT_VERBS
        nominal = tok.pos_ in ("NOUN", "PROPN") and lemma in ("visit", "trip", "tour", "journey")
        due = tok.lower_ == "due" and tok.dep_ == "acomp" and not any(c.dep_ == "xcomp" for c in tok.children)
        attend = tok.pos_ == "VERB" and lemma in ("attend", "address", "speak") and self._gathering_place(tok)
        places = (PLACE, STATE)
        if tok.pos_ == "VERB" and lemma in ("accompany", "host"):
            return self._companions_and_guests(tok, lemma)
        if tok.lower_ == "route" and tok.i > 0 and self.doc[tok.i - 1].lower_ == "en":
            return self._en_route(tok)
        if tok.lower_ == "present" and tok.dep_ == "acomp" and tok.head.dep_ == "relcl" and \
                any(c.lower_ == "where" for c in tok.head.children):
            return self._present_where(tok)
        if not (verbal or nominal or due or attend):
            return None
        plural = nominal and tok.tag_ in ("NNS", "NNPS")    # "regular visits": visits in general
        if attend and tok.dep_ == "relcl" and any(self.reg.kind(k) in (PLACE, STATE) for k in self.reg.keys_at(tok.head.i)):
            return None          # "to A, where she is to open the forum in P": told already
        if attend:
            visitors = [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON]
            dest = self._gathering_place(tok)
        elif due:
            # "X is due in <city>, <country>, on Sunday"
            visitors = [k for k in self.subjects(tok.head) if self.reg.kind(k) == PERSON]
            dest = self.pobjs(tok, {"in", "to"}, places)
            if not dest:
                return None
        elif verbal and tok.lower_ == "visiting" and tok.dep_ == "xcomp" and \
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
            elif lemma in ("leave", "depart"):
                dest = self.pobjs(tok, {"for"}, places)      # "leave A for B"
                if not dest:
                    return None
            elif lemma == "head":
                # "headed to P", not "headed the office in P"
                if any(c.dep_ == "dobj" for c in tok.children):
                    return None
                dest = self.pobjs(tok, {"to", "for", "toward", "towards", "into"}, places)
                if not dest:
                    return None
            elif lemma in ("come", "go"):
                dest = self.pobjs(tok, {"to"}, places)
                # "when it comes to X": only a person who comes or goes to a place
                subj = [c for c in tok.children if c.dep_ in ("nsubj", "expl")]
                if not dest or any(c.lower_ in ("it", "there", "this", "that") for c in subj) or \
                        not subj and tok.dep_ != "conj":
                    return None
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
            if not visitors and tok.dep_ == "pobj" and tok.head.lower_ in ("during", "on", "of", "for", "after"):
                # "said so during a visit to P", "as part of a visit to P"
                visitors = [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON]
            dest = self.pobjs(tok, {"to", "in"}, places)
            if not dest and tok.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in tok.children):
                # "is expected visit A and B": a verb the model read as a noun
                dest = self.objects(tok, places)
                visitors = visitors or [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON]
            if not dest and tok.dep_ == "dobj":
                dest = self.pobjs(tok.head, {"to", "in"}, places)
            if not dest and tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.pos_ == "VERB" and \
                    tok.head.head.lemma_.lower() in ("choose", "pick", "select"):
                dest = self.objects(tok.head.head, places)       # "picked P for her maiden foreign trip"
            if not dest and tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "take":
                dest = self.pobjs(tok.head, {"to"}, places)     # "the trip then takes her to A and to B"
            if plural and not dest:
                return None
        named = self._first_to_be(tok)
        if named:
            visitors = named
        elif verbal:
            visitors = self._by_own_title(tok, visitors)
        if not visitors:
            return None
        if self._invited_only(tok):
            return None
        explicit = bool(dest)
        if not dest:
            dest = self._nominal_place(tok, visitors)
        dest = [d for d in dest if d not in visitors]
        if not dest and lemma in ("arrive", "fly", "land") and verbal and \
                not any(c.dep_ == "prep" and c.lower_ in ("to", "into", "for") for c in tok.children):
            dest = self._current_trip(tok, visitors)
        if not dest and not (verbal and lemma in ("visit", "tour") and any(  # "toured a shipyard"
                c.dep_ == "dobj" and not self.keys(c, (PERSON,)) for c in tok.children)) \
                and not (verbal and any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in tok.children)):
            # "wrapping up a two-day trip": the place the sentence names, if it is abroad
            dest = self._abroad_in_sentence(tok, visitors)
        if not dest:
            return None
        # a trip inside one's own country is not a visit
        visitors = [v for v in visitors if not (self._home_of(v) and all((self._state_of(d) or d) == self._home_of(v)
                                                                            for d in dest))]
        if not visitors:
            return None
        status = self.status(tok)
        if self._under_invitation(tok) and status == "occurred":
            status = "planned"            # "invited X to visit P, and X accepted"
        if due and status == "occurred":
            status = "planned"
        time = self._planned_time(self.time_for(tok), status)
        out = []
        for group in (self._separate_places(dest) if explicit else [dest]):
            if all(self._home_of(v) and all((self._state_of(d) or d) == self._home_of(v) for d in group)
                   for v in visitors):
                continue          # "to Tokyo, Jakarta and <a home city>": the home leg is no visit
            ev = Event(kind=VISIT, status=status)
            for v in visitors:
                ev.add("visitor", v)
            best = self._most_specific(group)
            ev.add("destination", best)
            ev.place = best
            host = self._leader_for_place(best, visitors)
            if host:
                ev.add("host", host)
            ev.time = time
            if time is not None and self._since_date(tok, time):
                self._historic_visits().add(id(ev))
            elif time is not None and self._inside_since(tok, time):
                ev.time = None      # "first visit since the invasion in February 2022"
            out.append(ev)
        return out

    def _historic_visits(self) -> set:
        """Visits dated by 'since DATE' (an earlier visit): never merged into the current one."""
        return self.__dict__.setdefault("_historic", set())

    def _companions_and_guests(self, tok, lemma: str):
        """'A accompanied B to P' (both went), 'A, who hosted B in P' (B went); the place may
        be the one a 'where' clause hangs on ('arrived from P, where she had accompanied B ...')."""
        places = (PLACE, STATE)
        if lemma == "host" and tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl"):
            return self._hosted_by(tok)
        guests = [k for k in self.objects(tok, (PERSON,)) if self.reg.kind(k) == PERSON]
        if not guests or any(c.dep_ == "auxpass" for c in tok.children):
            return None
        if lemma == "host":
            dest = self.pobjs(tok, {"in"}, places)
            visitors = guests
        else:
            dest = self.pobjs(tok, {"to", "in"}, places)
            visitors = [k for k in self.subjects(tok) if self.reg.kind(k) == PERSON] + guests
        dest = [d for d in dest if self.reg.entities[d].subtype != "Venue"]
        if not dest and tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
            dest = [k for k in self.reg.keys_at(tok.head.i) if self.reg.kind(k) in places]
        if not dest:
            return None
        return self._trip(visitors, self._most_specific(dest), self.status(tok), self.time_for(tok))

    def _planned_time(self, time, status: str):
        """A planned visit 'in late May' is next May, not last May (the tense of a governing
        'is expected' or 'could' is no past)."""
        if time is None or status != "planned" or not time.value or not self.anchor or not time.text:
            return time
        n = min(len(time.value), 10)
        if time.value[:n] >= self.anchor[:n] or not time.value[:4].isdigit():
            return time
        from .. import timex
        again = timex.week_as_month(timex.normalize(time.text, self.anchor, tense="future", start=time.start,
                                                    end=time.end))
        return again if again is not None and again.value and again.value[:n] >= self.anchor[:n] else time

    def _en_route(self, tok):
        """'Speaking while en route on Friday to <city>, <country>, X said': X is travelling there."""
        dest = []
        for t in self.doc[tok.i + 1:min(tok.i + 5, tok.sent.end)]:
            if t.lower_ == "to":
                for u in self.doc[t.i + 1:min(t.i + 8, tok.sent.end)]:
                    dest += [k for k in self.reg.keys_at(u.i) if self.reg.kind(k) in (PLACE, STATE) and k not in dest]
                    if u.is_punct and dest and u.lower_ != ",":
                        break
                break
        dest = [d for d in dest if self.reg.entities[d].subtype != "Venue"]
        if not dest:
            return None
        node = tok
        while node.pos_ not in ("VERB", "AUX") and node.head is not node:
            node = node.head
        visitors = [k for k in self.subjects(node) if self.reg.kind(k) == PERSON]
        if not visitors:
            visitors = [k for c in tok.sent.root.children if c.dep_ == "nsubj" for k in self.keys(c, (PERSON,))]
        return self._trip(visitors, self._most_specific(dest), self.status(node),
                          self.time_for(tok) or self.time_for(node))

    def _present_where(self, tok):
        """'a forum in P, where X will be present as well': X goes to P."""
        where = tok.head.head
        dest = [k for k in self.reg.keys_at(where.i) if self.reg.kind(k) in (PLACE, STATE)]
        if not dest and where.lemma_.lower() in lx.GATHERING_NOUNS:
            dest = self.pobjs(where, {"in"}, (PLACE, STATE))      # "a forum in P, where X will be present"
        dest = [d for d in dest if self.reg.entities[d].subtype != "Venue"]
        visitors = [k for k in self.subjects(tok.head) if self.reg.kind(k) == PERSON]
        if not dest or not visitors:
            return None
        status = self.status(tok.head)
        return self._trip(visitors, dest[0], status, self._planned_time(self.time_for(where), status))

    def _hosted_by(self, tok):
        """'A met the other ministers in P, hosted by B': A visited P."""
        hosts = [k for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                 for k in self.keys(g, (PERSON,))]
        if not hosts:
            return None
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        places = (PLACE, STATE)
        dest = self.pobjs(tok.head, {"in"}, places) + self.pobjs(verb, {"in"}, places)
        dest = [d for d in dest if self.reg.entities[d].subtype != "Venue"]
        visitors = [k for k in self.subjects(verb) if self.reg.kind(k) == PERSON and k not in hosts]
        if not dest or not visitors:
            return None
        # only visitors whose own state is known: the host's guests come from elsewhere
        visitors = [v for v in visitors if self._home_of(v)]
        ev = self._trip(visitors, self._most_specific(dest), self.status(verb), self.time_for(verb))
        for h in (hosts if ev is not None else []):
            ev.add("host", h)
        return ev

    def _trip(self, visitors: list[str], dest: str, status: str, time) -> Optional[Event]:
        """A visit to `dest` by each of `visitors` who is not already at home there."""
        visitors = [v for v in dict.fromkeys(visitors)
                    if not (self._home_of(v) and (self._state_of(dest) or dest) == self._home_of(v))]
        if not visitors:
            return None
        ev = Event(kind=VISIT, status=status)
        for v in visitors:
            ev.add("visitor", v)
        ev.add("destination", dest)
        ev.place = dest
        ev.time = time
        return ev

    def _gathering_place(self, tok) -> list[str]:
        """'attended the island forum in P', 'spoke at the X congress in P': the gathering's city or state."""
        nouns = [c for c in tok.children if c.dep_ == "dobj"] + \
            [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if g.dep_ == "pobj"]
        for n in nouns:
            if n.lemma_.lower() not in lx.GATHERING_NOUNS or n.lemma_.lower() in ("talks", "meeting", "session"):
                continue
            found = self.pobjs(n, {"in"}, (PLACE, STATE))
            found = [k for k in found if self.reg.entities[k].subtype != "Venue"]
            if found:
                return found
        return []

    def _by_own_title(self, tok, visitors: list[str]) -> list[str]:
        """'A and B launched ... when the Chancellor travelled to P': the verb's own subject is a
        title, so the visitor is whichever of them holds it."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or self.keys(subj, (PERSON,)) or subj.lower_ in ("who", "that", "which") or \
                subj.pos_ == "PRON" or self.reg.keys_at(subj.i):
            return visitors
        words = {t.lower_ for t in subj.subtree if t.pos_ in ("NOUN", "PROPN")}
        if not words:
            return visitors
        # "engineers from the charity first arrived in P, X said": X is no visitor
        return [v for v in visitors if any(words <= set(h.office.lower().split())
                                           for h in self.reg.offices if h.person == v)]

    def _first_to_be(self, tok) -> list[str]:
        """'The last <demonym> leader to pay a visit to P was X': X is the visitor."""
        verb = tok.head if tok.dep_ == "dobj" else tok
        noun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        be = next((c for c in verb.children if c.dep_ in ("ccomp", "conj") and c.lemma_ == "be"), None)
        if noun is not None and be is not None and any(c.lower_ in ("first", "last", "only") for c in noun.children):
            # the same, misparsed with "make" as the root and "was X" as its complement
            return [k for c in be.children if c.dep_ == "attr" for k in self.keys(c, (PERSON,))]
        node = tok
        for _ in range(4):
            if node.head is node:
                return []
            if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
                noun = node.head
                if noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and any(
                        c.lower_ in ("first", "last", "only") for c in noun.children):
                    return [k for c in noun.head.children if c.dep_ == "attr"
                            for k in self.keys(c, (PERSON,))]
                return []
            node = node.head
        return []

    def _under_invitation(self, tok) -> bool:
        node = tok
        for _ in range(3):
            if node.head is node:
                return False
            if node.dep_ in ("xcomp", "acl", "advcl", "relcl") and node.head.lemma_.lower() in lx.INVITE_LEMMAS:
                return True
            node = node.head
        return False

    def _invited_only(self, tok) -> bool:
        """'X invited Y to visit P', 'an invitation to visit P': no visit, unless the sentence says
        the invitation was (or is likely to be) accepted."""
        if not self._under_invitation(tok):
            return False
        return not any(t.lemma_.lower() in ("accept", "agree") for t in tok.sent)

    def _since_date(self, tok, time) -> bool:
        """'her first trip to P since <date>': the date is that of the earlier visit."""
        for t in self.doc[tok.sent.start:tok.sent.end]:
            if t.lower_ == "since" and t.idx < (time.start or -1) and (time.start or 0) - t.idx <= 12:
                return True
        return False

    def _inside_since(self, tok, time) -> bool:
        for t in tok.sent:
            if t.lower_ == "since" and t.idx < (time.start or -1):
                sub = list(t.subtree)
                if sub and sub[-1].idx + len(sub[-1].text) >= (time.end or 0):
                    return True
        return False

    def _separate_places(self, dest: list[str]) -> list[list[str]]:
        """'visited A and B': one visit per place; '<city>, <country>' is one place."""
        inner = [d for d in dest if not (self.reg.kind(d) == STATE and
                                         any(self._state_of(o) == d for o in dest if o != d))]
        if len(inner) < 2 or any(self.reg.entities[d].subtype in ("Venue", "Region") for d in inner):
            return [dest]
        return [[d] + [o for o in dest if o not in inner and o == self._state_of(d)] for d in inner]

    def _abroad_in_sentence(self, tok, visitors: list[str]) -> list[str]:
        """A city or state the sentence names as a place ('in P', 'to P', 'at P'), if abroad."""
        home = {self._home_of(v) for v in visitors}
        found = []
        for t in tok.sent:
            for k in self.reg.keys_at(t.i):
                if self.reg.kind(k) not in (PLACE, STATE) or k in home or self._state_of(k) in home:
                    continue
                head = t
                while head.dep_ in ("compound", "flat") and head.head is not head:
                    head = head.head
                if head.dep_ == "pobj" and head.head.lower_ in ("in", "to", "into", "at"):
                    found.append(k)
        # a venue ('received at the airport') only when the sentence names no city or state
        found = [k for k in found if self.reg.entities[k].subtype != "Venue"] or found
        return found[:1] if len(set(found)) == 1 or (found and self.reg.kind(found[0]) == PLACE) else []

    def _current_trip(self, tok, visitors: list[str]) -> list[str]:
        """'X flew in on Friday': the place of the visit the text has just told."""
        for ev in reversed(self.events):
            if ev.kind != VISIT or ev.evidence is None or tok.sent.start_char - ev.evidence.end > 600:
                continue
            if set(ev.roles.get("visitor", [])) & set(visitors) and ev.roles.get("destination") and \
                    ev.status == "occurred":
                d = ev.roles["destination"][0]
                if self.reg.entities[d].subtype == "Venue":
                    d = self.reg.entities[d].country       # "hosted X at the palace": the palace's state
                return [d] if d else []
        return []

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

    # ------------------------------------------------------------ post-pass --
    def _visit_post(self) -> None:
        """Visits the text tells through other events, then one visit per trip."""
        self._visits_from_invitations()
        self._past_relative_clauses()
        self._venue_to_city()
        self._earlier_visits()
        self._merge_nested_visits()
        self._merge_close_days()
        self._date_present_visits()

    def _home_of(self, key: str) -> Optional[str]:
        return self._state_of(key) if self.reg.kind(key) == PERSON else None

    def _visits_from_meetings(self) -> None:
        """'A held talks with B in P', 'A met B in P': a participant from another state than
        P's travelled there (the meeting's date and status are the visit's)."""
        for ev in list(self.events):
            if ev.kind != MEETING or not ev.place or ev.evidence is None or getattr(ev, "_place_inherited", False):
                continue          # a place taken from the story around the meeting tells no journey
            place = ev.place
            if self.reg.kind(place) not in (PLACE, STATE):
                continue
            pstate = self._state_of(place)
            if pstate is None:
                continue
            if self.reg.entities[place].subtype == "Venue":
                continue
            people = [p for p in ev.roles.get("participant", []) if self.reg.kind(p) == PERSON]
            homes = {p: self._home_of(p) for p in people}
            if len(people) != 2 or None in homes.values() or list(homes.values()).count(pstate) != 1:
                continue          # gatherings and third-country meetings are not told as visits
            for p in people:
                if homes[p] == pstate:
                    continue
                if self._told_visit(p, place, ev):
                    continue
                v = Event(kind=VISIT, status=ev.status, time=ev.time, place=place,
                          attribution=ev.attribution, trigger=ev.trigger, evidence=ev.evidence)
                v.add("visitor", p)
                v.add("destination", place)
                self.events.append(v)

    def _merge_nested_visits(self) -> None:
        """'a visit to <country>' and 'arrived in <its capital>' by the same visitor, same status, same or
        no date: one visit, to the more specific place."""
        visits = [ev for ev in self.events if ev.kind == VISIT and ev.roles.get("destination")]
        drop = set()
        for i, a in enumerate(visits):
            for b in visits[i + 1:]:
                if id(a) in drop or id(b) in drop:
                    continue
                if set(a.roles.get("visitor", [])) != set(b.roles.get("visitor", [])) or a.status != b.status:
                    continue
                if id(a) in self._historic_visits() or id(b) in self._historic_visits():
                    continue
                da, db = a.roles["destination"][0], b.roles["destination"][0]
                if da == db:
                    continue
                ta = a.time.value if a.time else None
                tb = b.time.value if b.time else None
                gap = _days_apart(a.time, b.time)
                if ta and tb and not (ta.startswith(tb) or tb.startswith(ta)) and not (gap is not None and gap <= 3):
                    continue
                if self.reg.kind(db) == STATE and self._state_of(da) == db:
                    inner, outer = a, b
                elif self.reg.kind(da) == STATE and self._state_of(db) == da:
                    inner, outer = b, a
                else:
                    continue
                if self.reg.entities[inner.roles["destination"][0]].subtype == "Venue":
                    inner, outer = outer, inner       # a venue is where, not the place visited
                if inner.time is None or (outer.time and inner.time.value and outer.time.value
                                          and len(outer.time.value) > len(inner.time.value)) or \
                        (gap and outer.time.value < inner.time.value):
                    inner.time = outer.time or inner.time      # a stay told twice: from the earlier day
                for k in outer.roles.get("host", []):
                    inner.add("host", k)
                drop.add(id(outer))
        self.events = [ev for ev in self.events if id(ev) not in drop]

    def _past_relative_clauses(self) -> None:
        """'X, who hosted Y in P in May, will travel ...': a visit told in a past-tense
        relative clause occurred, whatever the main clause plans."""
        for ev in self.events:
            if ev.kind != VISIT or ev.status != "planned" or ev.trigger is None:
                continue
            span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            if span is None:
                continue
            t = span[0]
            if t.tag_ == "VBD" and t.dep_ == "relcl" and not any(
                    c.dep_ in ("aux", "neg") or c.lower_ in lx.NEG_WORDS for c in t.children):
                ev.status = "occurred"
                if ev.time is not None and self.anchor and ev.time.value and ev.time.value[:4].isdigit() and \
                        ev.time.value[:len(ev.time.value[:10])] > self.anchor[:len(ev.time.value[:10])]:
                    ev.time = None

    def _earlier_visits(self) -> None:
        """'... on an official visit, the first since <year>': the visit of that year is
        another visit by the same person to the same place."""
        from .. import timex
        for ev in list(self.events):
            if ev.kind != VISIT or ev.evidence is None or id(ev) in self._historic_visits() or \
                    not ev.roles.get("destination") or ev.trigger is None:
                continue
            span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span[0].sent
            for t in sent:
                if t.lower_ != "since" or t.head.lower_ not in _ORDINALS:
                    continue
                date = next((e for e in self._date_ents(sent) if e.root.head.i == t.i), None)
                if date is None or (ev.time is not None and ev.time.start == date.start_char):
                    continue
                tv = timex.normalize(date.text, self.anchor, tense="past", start=date.start_char, end=date.end_char)
                if tv is None or not tv.value:
                    continue
                if any(o.kind == VISIT and o.time is not None and o.time.value == tv.value and
                       set(o.roles.get("visitor", [])) == set(ev.roles.get("visitor", [])) for o in self.events):
                    continue
                old = Event(kind=VISIT, status="occurred", time=tv, trigger=ev.trigger, evidence=ev.evidence)
                for v in ev.roles.get("visitor", []):
                    old.add("visitor", v)
                d = ev.roles["destination"][0]
                old.add("destination", self._state_of(d) or d)
                old.place = old.roles["destination"][0]
                self._historic_visits().add(id(old))
                self.events.append(old)

    def _date_present_visits(self) -> None:
        """'X lands in P' (a headline), 'this is X's third stay', 'X has arrived': a visit
        told in the present, with no date of its own, is under way on the (dateline) day."""
        if not self.anchor or len(self.anchor) < 10:
            return
        title_end = self.doc.text.find("\n")
        from .. import timex
        for ev in self.events:
            if ev.kind != VISIT or ev.status != "occurred" or ev.time is not None or ev.trigger is None:
                continue
            span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            if span is None:
                continue
            t = span[0]
            verb = t if t.pos_ in ("VERB", "AUX") else (t.head if t.dep_ in ("dobj", "nsubj", "attr") else None)
            if verb is None:
                continue
            if t.tag_ in ("NNS", "NNPS"):
                continue           # "has made many trips": no one day
            present = verb.tag_ in ("VBZ", "VBP") or (verb is t and verb.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children))
            headline = 0 <= ev.trigger.start < title_end and verb.tag_ not in ("VBD",)
            if present or headline:
                ev.time = timex.normalize("today", self.anchor[:10])

    def _visits_from_invitations(self) -> None:
        """An accepted invitation to come to P: the invitee's planned visit to P."""
        for ev in list(self.events):
            if ev.kind != INVITATION or ev.status != "accepted" or not ev.roles.get("destination"):
                continue
            dest = ev.roles["destination"][0]
            for p in ev.roles.get("invitee", []):
                if self.reg.kind(p) != PERSON or (self._home_of(p) and self._state_of(dest) == self._home_of(p)):
                    continue
                if any(v.kind == VISIT and p in v.roles.get("visitor", []) and v.status == "planned"
                       and v.roles.get("destination", [None])[0] in (dest, self._state_of(dest)) for v in self.events):
                    continue
                v = Event(kind=VISIT, status="planned", place=dest, trigger=ev.trigger, evidence=ev.evidence)
                v.add("visitor", p)
                v.add("destination", dest)
                self.events.append(v)

    def _told_visit(self, person: str, place: str, meeting: Event) -> bool:
        """Does the text already tell this person's visit to that place (or a place in or around it)?"""
        pstate = self._state_of(place)
        for ev in self.events:
            if ev.kind != VISIT or person not in ev.roles.get("visitor", []) or not ev.roles.get("destination"):
                continue
            d = ev.roles["destination"][0]
            if d != place and d != pstate and self._state_of(d) != place and \
                    not (self._state_of(d) == pstate and self.reg.kind(d) != STATE and self.reg.kind(place) != STATE):
                continue
            if (ev.status in _NEG) != (meeting.status in _NEG):
                continue
            if _days_apart(ev.time, meeting.time) is not None and _days_apart(ev.time, meeting.time) > 3:
                continue
            return True
        return False

    def _venue_to_city(self) -> None:
        """'hosted X at <venue>, <city>': a visit goes to the city; a venue stays the
        destination only when the sentence names no city."""
        for ev in self.events:
            if ev.kind != VISIT or not ev.roles.get("destination") or ev.evidence is None:
                continue
            d = ev.roles["destination"][0]
            if self.reg.entities[d].subtype != "Venue":
                continue
            city = self._city_beside(d, ev)
            if city is None:
                city = self._other_stay(ev)
            if city is not None:
                ev.roles["destination"] = [city]
                ev.place = city

    def _city_beside(self, venue: str, ev: Event) -> Optional[str]:
        """'<venue>, <city>', 'the palace in <city>': the city named right after the venue."""
        span = self.doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
        if span is None:
            return None
        ends = [t.i for t in span if venue in self.reg.keys_at(t.i) and
                (t.i + 1 >= len(self.doc) or venue not in self.reg.keys_at(t.i + 1))]
        for e in ends:
            for t in self.doc[e + 1:min(e + 4, span.end)]:
                ks = [k for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PLACE
                      and self.reg.entities[k].subtype == "City"]
                if ks:
                    return ks[0]
                if t.lower_ not in (",", "in"):
                    break
        return None

    def _other_stay(self, ev: Event) -> Optional[str]:
        """A venue visit by someone whose stay the text tells elsewhere (same status, a day or two
        apart): the place of that stay."""
        for o in self.events:
            if o is ev or o.kind != VISIT or o.status != ev.status or not o.roles.get("destination") or \
                    id(o) in self._historic_visits():
                continue
            if set(o.roles.get("visitor", [])) != set(ev.roles.get("visitor", [])):
                continue
            d = o.roles["destination"][0]
            if self.reg.entities[d].subtype == "Venue":
                continue
            gap = _days_apart(o.time, ev.time)
            if gap is not None and gap > 0:
                continue
            if gap is None and o.time and ev.time and o.time.value and ev.time.value and \
                    not (o.time.value.startswith(ev.time.value) or ev.time.value.startswith(o.time.value)):
                continue
            return d
        return None

    def _merge_close_days(self) -> None:
        """Two mentions of one stay ('arrived on Sunday', 'hosted today'): same visitor and
        place, dates at most three days apart; the visit keeps the earlier day."""
        visits = [ev for ev in self.events if ev.kind == VISIT and ev.roles.get("destination")
                  and id(ev) not in self._historic_visits()]
        drop = set()
        for i, a in enumerate(visits):
            for b in visits[i + 1:]:
                if id(a) in drop or id(b) in drop or a.status != b.status:
                    continue
                if set(a.roles.get("visitor", [])) != set(b.roles.get("visitor", [])) or \
                        a.roles["destination"][:1] != b.roles["destination"][:1]:
                    continue
                gap = _days_apart(a.time, b.time)
                if gap is None or gap == 0 or gap > 3:
                    continue
                keep, lose = (a, b) if a.time.value <= b.time.value else (b, a)
                for k in lose.roles.get("host", []):
                    keep.add("host", k)
                drop.add(id(lose))
        self.events = [ev for ev in self.events if id(ev) not in drop]


_NEG = ("denied", "cancelled", "declined")
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "last"}


def _days_apart(a, b) -> Optional[int]:
    """Days between two day-precise times, else None."""
    import datetime as dt
    if a is None or b is None or not a.value or not b.value:
        return None
    try:
        da, db = dt.date.fromisoformat(a.value[:10]), dt.date.fromisoformat(b.value[:10])
    except ValueError:
        return None
    if len(a.value) < 10 or len(b.value) < 10:
        return None
    return abs((da - db).days)
