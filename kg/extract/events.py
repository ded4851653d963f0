"""Events in one parsed article: triggers, their arguments, status, time, place, source.

Rules read the dependency parse: a trigger word (met, visit, invitation,
signed, supplied, said, election) and the entities in its subject, object and
prepositional phrases. Status comes from the words that govern the trigger
(will, expected to, did not, called off, accused), time from the nearest date
expression normalised against the publication date.
"""
from __future__ import annotations

from typing import Iterable, Optional

from .. import timex
from ..facts import (AGREEMENT_SIGNING, AID_TRANSFER, ARMS_TRANSFER, CALL, ELECTION, INVITATION,
                     MEETING, ORGANIZATION, PERSON, PLACE, STATE, STATEMENT, VISIT, Event, Evidence,
                     Mention, TimeValue)
from . import lexicon as lx
from ..articles import _PUB_LINE
from .entities import EntityFinder, Registry, _sent_index

SUBJ = ("nsubj", "nsubjpass", "csubj")
PLACE_RANK = {"Venue": 0, "City": 1, "Region": 2, None: 3}


class EventFinder:
    def __init__(self, doc, finder: EntityFinder, article):
        self.doc = doc
        self.finder = finder
        self.reg: Registry = finder.reg
        self.anchor = article.published
        self.events: list[Event] = []
        self.times: list[TimeValue] = []
        self._time_cache: dict[tuple[int, Optional[str]], Optional[TimeValue]] = {}

    # ------------------------------------------------------------- driver --
    def run(self) -> list[Event]:
        for sent in self.doc.sents:
            for tok in sent:
                for make in (self._meeting, self._visit, self._invitation, self._agreement,
                             self._transfer, self._statement, self._election):
                    ev = make(tok)
                    if ev is not None:
                        self._finish(ev, tok)
        self._all_times()
        self._places_from_visits()
        merged = merge_duplicates(self.events)
        for ev in merged:
            self._prefer_persons(ev)
        return merged

    def _prefer_persons(self, ev: Event) -> None:
        """'North Korea's invitation by Kim Jong Un': when a role names a person, the
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
        for _ in range(4):
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
            if node.dep_ in ("xcomp", "advcl", "acl", "dobj", "pobj", "prep", "conj", "ccomp", "attr", "relcl", "pcomp") \
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
                for g in c.children:
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
            subj = self.subjects(tok)
            others = self.objects(tok) + self.pobjs(tok, {"with"})
            if lemma == "talk" and not self.pobjs(tok, {"with"}):
                return None
            parts = list(dict.fromkeys(subj + others))
            if any(c.lower_ in ("other", "another") for c in tok.subtree if c.dep_ in ("dobj",)) and len(subj) >= 2:
                parts = subj
            persons = [k for k in parts if self.reg.kind(k) == PERSON]
            if len(parts) < 2 or not persons and len(parts) < 2:
                return None
            ev = Event(kind=self._meet_kind(tok), status=self.status(tok))
            for k in parts:
                ev.add("participant", k)
            ev.time = self.time_for(tok)
            ev.place = self.places_under(tok)
            ev.mode = "phone" if ev.kind == CALL else "in-person"
            return ev
        if tok.pos_ in ("NOUN", "PROPN") and lemma in ("meeting", "talk", "summit", "talks", "encounter",
                                                        "negotiation", "consultation", "audience"):
            if lemma == "talk" and tok.text.lower() != "talks":
                return None
            gov = tok.head
            parts = []
            parts += self.pobjs(tok, {"with", "between"})
            poss = [c for c in tok.children if c.dep_ == "poss"]
            for p in poss:
                parts += self.keys(p) or ([k for k in self.subjects(gov)] if p.lower_ in ("their", "its") else [])
            if gov.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "attr", "nsubjpass"):
                parts = self.subjects(gov) + parts
                parts += self.pobjs(gov, {"with", "between"})
            elif tok.dep_ == "pobj" and gov.dep_ == "prep":
                verb = gov.head
                if verb.pos_ in ("VERB", "AUX"):
                    parts = self.subjects(verb) + parts
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "nmod"):
                    parts += self.keys(c)
            parts = list(dict.fromkeys(parts))
            if len(parts) < 2:
                return None
            ev = Event(kind=self._meet_kind(tok), status=self.status(tok))
            for k in parts:
                ev.add("participant", k)
            anchor_tok = gov if gov.pos_ in ("VERB", "AUX") else tok
            ev.time = self.time_for(tok) or self.time_for(anchor_tok)
            ev.place = self.places_under(tok) or (self.places_under(anchor_tok) if anchor_tok is not tok else None)
            ev.mode = "phone" if ev.kind == CALL else "in-person"
            if lemma == "summit":
                ev.name = _name_of(tok)
            return ev
        return None

    def _meet_kind(self, tok) -> str:
        near = {t.lower_ for t in tok.sent if abs(t.i - tok.i) <= 6}
        words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.head.subtree if t.dep_ in ("prep", "pobj", "amod", "compound")} | near
        return CALL if words & lx.CALL_CUES and (words & {"phone", "telephone", "video", "videoconference", "virtual", "virtually", "online", "teleconference"}) else MEETING

    def _visit(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        verbal = tok.pos_ == "VERB" and lemma in ("visit", "travel", "tour", "fly", "arrive", "head")
        nominal = tok.pos_ in ("NOUN", "PROPN") and lemma in ("visit", "trip", "tour", "journey")
        if not (verbal or nominal):
            return None
        places = (PLACE, STATE)
        if verbal:
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
        dest = [d for d in dest if d not in visitors]
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

    def _agreement(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in lx.SIGN_VERBS | lx.AGREE_VERBS:
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is None or obj.lemma_.lower() not in lx.AGREEMENT_NOUNS:
                if lemma in ("agree",) and any(c.dep_ == "xcomp" for c in tok.children):
                    obj = None
                else:
                    return None
            signers = self.subjects(tok) + self.pobjs(tok, {"with", "between"})
            if obj is not None:
                signers += self.pobjs(obj, {"between", "with"})
            signers = list(dict.fromkeys(signers))
            if len(signers) < 1:
                return None
            status = "signed" if lemma in lx.SIGN_VERBS else "agreed"
            st = self.status(tok)
            if st in ("planned", "denied", "cancelled"):
                status = st
            ev = Event(kind=AGREEMENT_SIGNING, status=status)
            for k in signers:
                if self.reg.kind(k) == PERSON:
                    ev.add("signatory", k)
                    s = self._state_of(k)
                    if s:
                        ev.add("party", s)
                else:
                    ev.add("party", k)
            ev.name = _name_of(obj) if obj is not None else None
            ev.time = self.time_for(tok)
            ev.place = self.places_under(tok)
            return ev
        return None

    def _transfer(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in lx.TRANSFER_VERBS:
            return None
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None:
            return None
        words = {t.lower_ for t in obj.subtree}
        arms, aid = words & lx.ARMS_NOUNS, words & lx.AID_NOUNS
        if not (arms or aid):
            return None
        kinds = (STATE, PERSON, ORGANIZATION)
        supplier = self.subjects(tok, kinds) if obj.dep_ == "dobj" else self.pobjs(tok, {"by"}, kinds)
        recipient = self.pobjs(tok, {"to", "for"}, kinds) + [k for c in tok.children if c.dep_ in ("dative", "iobj")
                                                             for k in self.keys(c, kinds)]
        supplier = [self._state_of(k) or k for k in supplier]
        recipient = [self._state_of(k) or k for k in recipient]
        if not supplier and not recipient:
            return None
        ev = Event(kind=ARMS_TRANSFER if arms else AID_TRANSFER, status=self.status(tok))
        if ev.status == "denied":
            ev.status = "denied"
        for k in dict.fromkeys(supplier):
            ev.add("supplier", k)
        for k in dict.fromkeys(recipient):
            if k not in supplier:
                ev.add("recipient", k)
        span = self.doc[obj.left_edge.i:obj.right_edge.i + 1]
        ev.item = " ".join(t.text for t in span if t.dep_ != "det" or t.i != span.start).strip() or obj.text
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
        if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and \
                not (tok.dep_ in ("advcl", "xcomp") and tok.head.tag_ in ("VBD", "VBN")):
            return "planned"
        if t and t.value and self.anchor and t.latest and t.earliest and t.earliest > self.anchor:
            return "planned"
        return "occurred"

    # -------------------------------------------------------------- time --
    def _tense(self, tok) -> Optional[str]:
        for node in [tok] + list(tok.ancestors)[:3]:
            if any(c.lower_ in ("will", "shall", "'ll") for c in node.children):
                return "future"
            if node.tag_ in ("VBD", "VBN"):
                return "past"
            if node.tag_ in ("VBZ", "VBP") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return "future"
        return None

    def _date_ents(self, sent):
        """DATE spans of the sentence, leaving out the article's own 'Published ...' line."""
        out = []
        for e in sent.ents:
            if e.label_ != "DATE":
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
            tv = timex.normalize(ent.text, self.anchor, tense=tense, start=ent.start_char, end=ent.end_char)
            self._time_cache[key] = tv
        return self._time_cache[key]

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


def _compatible(a: Event, b: Event) -> bool:
    if a.kind != b.kind:
        return False
    if a.status != b.status and a.kind != INVITATION:
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
        same.attribution = same.attribution or ev.attribution
        same.name = same.name or ev.name
    return out
