"""Visits and trips (a mixin of `EventFinder`): visitor, destination (the most
specific place named), host, status and time.
"""
from __future__ import annotations

from typing import Optional

from ..facts import PERSON, PLACE, STATE, VISIT, Event
from .syntax import PLACE_RANK


class VisitRules:
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
