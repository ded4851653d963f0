"""More ways news tells of an in-person encounter (a mixin of `EventFinder`).

* passive receptions: "was received at the airport by X", "was welcomed by X",
  "was met by X";
* courtesy calls: "called on X", "paid a courtesy call on X";
* "sat down with X", "dined with X", "had dinner / lunch / breakfast with X";
* "spoke / chatted with X" when the text places it ("in P", "at the summit", "on the
  sidelines of ..."), and never with a phone or video cue;
* a signing by two or more people is a meeting of the signatories, with whoever
  "looked on" or was "present".

Participants are persons only; statuses come from `EventFinder.status`.
"""
from __future__ import annotations

from ..facts import MEETING, PERSON, PLACE, STATE, Event

RECEIVE_VERBS = {"receive", "welcome", "greet", "meet", "host"}
MEAL_NOUNS = {"dinner", "lunch", "breakfast", "banquet", "luncheon", "supper", "meal", "tea"}
SPEAK_VERBS = {"speak", "chat", "converse"}
# words spoken to someone present: "told X during the visit", "assured visiting X"
TELL_VERBS = {"tell", "assure", "brief", "thank", "congratulate", "inform", "reassure", "urge", "ask"}
GATHERING_WORDS = {"summit", "talks", "meeting", "conference", "negotiations", "visit", "dinner", "banquet"}
IN_PERSON_NOUNS = {"visit", "trip", "tour", "meeting", "talks", "summit", "stay", "dinner", "lunch",
                   "banquet", "ceremony", "reception"}
WITNESS_CUES = {"presence", "witness", "witnessed", "look", "watch"}
SPOUSE_NOUNS = {"wife", "husband", "spouse", "consort"}
# "a joint news conference / appearance / briefing with X"
JOINT_NOUNS = {"conference", "appearance", "briefing", "press", "statement-reading", "presser"}
MEETING_WORDS = {"talks", "meeting", "meetings", "round", "rounds", "session", "sessions", "negotiations",
                 "conference", "forum", "gathering", "summit", "retreat", "dialogue"}
WISH_WORDS = {"hope", "want", "plan", "seek", "aim", "intend", "wish", "hop"}
# "with C mediating", "with C looking on"
MEDIATE_VERBS = {"shuttle", "mediate", "preside", "moderate", "chair", "host", "look", "watch", "sit"}
# "the ministers of A and B": the offices such a plural names
ROLE_HEADS = {"minister": ("minister", "secretary of state", "foreign secretary"),
              "leader": ("president", "prime minister", "chancellor", "premier", "king", "emir", "sultan"),
              "diplomat": ("foreign minister", "secretary of state", "foreign secretary")}
PORTFOLIOS = {"foreign": ("foreign", "secretary of state"),
              "defense": ("defense", "defence"), "defence": ("defense", "defence"),
              "finance": ("finance", "treasury"), "trade": ("trade", "commerce")}
PHONE_WORDS = {"phone", "telephone", "video", "videoconference", "video-conference", "virtual",
               "virtually", "online", "teleconference", "videolink", "call"}


class EncounterRules:
    """Mixin for EventFinder (needs keys, subjects, objects, pobjs, status, time_for, places_under)."""

    def _encounter(self, tok):
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX", "NOUN"):
            return None
        if tok.pos_ == "VERB" and lemma in RECEIVE_VERBS and any(c.dep_ == "auxpass" for c in tok.children):
            guests = [k for k in self.subjects(tok, (PERSON,))]
            hosts = [k for c in tok.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                     for g in c.children if g.dep_ == "pobj" for k in self.keys(g, (PERSON,)) if k not in guests]
            return self._encounter_event(tok, guests + hosts, len(guests) and len(hosts))
        if tok.pos_ == "VERB" and lemma in ("call", "pay") or tok.pos_ == "NOUN" and lemma == "call":
            return self._courtesy_call(tok, lemma)
        if tok.pos_ == "VERB" and (lemma in ("sit", "dine", "lunch") or lemma in SPEAK_VERBS):
            if lemma == "sit" and not any(c.lower_ == "down" for c in tok.children):
                return None
            with_ = self.pobjs(tok, {"with"}, (PERSON,))
            subj = self.subjects(tok, (PERSON,))
            if lemma in SPEAK_VERBS and not self._placed(tok):
                return None
            return self._encounter_event(tok, subj + [k for k in with_ if k not in subj], subj and with_)
        if tok.pos_ == "NOUN" and lemma in MEAL_NOUNS and tok.dep_ in ("dobj",) and \
                tok.head.lemma_.lower() in ("have", "host", "hold", "attend", "share", "join"):
            subj = self.subjects(tok.head, (PERSON,))
            with_ = self.pobjs(tok, {"with"}, (PERSON,)) + self.pobjs(tok.head, {"with"}, (PERSON,))
            return self._encounter_event(tok, subj + [k for k in with_ if k not in subj], subj and with_)
        if tok.pos_ == "VERB" and lemma == "sign":
            return self._signing_meeting(tok)
        if tok.pos_ == "VERB" and lemma == "bring" and any(
                c.lower_ == "together" for c in list(tok.children) + [g for c in tok.children for g in c.children]):
            return self._brought_together(tok)
        if tok.pos_ == "NOUN" and lemma in JOINT_NOUNS and any(c.lower_ == "joint" for c in tok.children):
            return self._joint_appearance(tok)
        if tok.pos_ == "VERB" and lemma in TELL_VERBS:
            return self._told_in_person(tok)
        return None

    def _told_in_person(self, tok):
        """'A told B during the visit', 'A visited P and told B', 'A assured visiting B':
        words said face to face are an encounter."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "iobj")]
        objs += [g for c in tok.children if c.dep_ == "xcomp" and c.lower_ == "visiting"
                 for g in c.children if g.dep_ == "dobj"]
        hearers = [k for c in objs for k in self.keys(c, (PERSON,))]
        speakers = [k for k in self.subjects(tok, (PERSON,)) if k not in hearers]
        if not hearers or not speakers:
            return None
        during = any(c.dep_ == "prep" and c.lower_ in ("during", "at") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in IN_PERSON_NOUNS for g in c.children) for c in tok.children)
        after_visit = tok.dep_ == "conj" and tok.head.lemma_.lower() in ("visit", "tour") and tok.head.pos_ == "VERB"
        visiting = any(a.lower_ == "visiting" and a.dep_ in ("amod", "compound") for c in objs for a in c.subtree) or \
            any(c.dep_ == "xcomp" and c.lower_ == "visiting" for c in tok.children)
        there = self._there_at_gathering(tok)
        if not (during or after_visit or visiting or there is not None):
            return None
        ev = self._encounter_event(tok, speakers + hearers, True)
        if ev is not None and there is not None and ev.place is None:
            # "at the P summit": the place named before the noun, else in its phrases
            ev.place = next((k for c in there.subtree if c.i < there.i for k in self.reg.keys_at(c.i)
                             if self.reg.kind(k) in (PLACE, STATE)), None) or self.places_under(there) or \
                self.places_under(there.head)
        return ev

    def _there_at_gathering(self, tok):
        """'Hopes faded at a summit in P in May. There, A asked B for X': 'there' points back
        to a gathering the sentence before names."""
        if not any(c.lower_ == "there" and c.dep_ == "advmod" and c.i < tok.i for c in tok.children):
            return None
        start = tok.sent.start
        if start == 0:
            return None
        prev = self.doc[start - 1].sent
        return next((t for t in reversed(list(prev)) if t.lemma_.lower() in GATHERING_WORDS
                     and t.pos_ in ("NOUN", "PROPN")), None)

    def _placed(self, tok) -> bool:
        """'spoke with X in Paris', 'at the summit', 'on the sidelines of', 'during his visit'."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "during", "inside"):
                words = {t.lower_ for t in c.subtree}
                if c.lower_ == "on" and "sidelines" not in words:
                    continue
                if any(self.reg.kind(k) != PERSON for t in c.subtree for k in self.reg.keys_at(t.i)) or \
                        words & {"sidelines", "summit", "meeting", "visit", "talks", "conference", "ceremony",
                                 "palace", "airport", "residence", "office"}:
                    return True
        return False

    def _courtesy_call(self, tok, lemma):
        """'called on him', 'paid a courtesy call on President X'."""
        if lemma == "call" and tok.pos_ == "VERB":
            ons = [c for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ == "on"]
            if not ons or any(c.dep_ in ("xcomp", "advcl", "ccomp") and any(a.lower_ == "to" for a in c.children)
                              for c in tok.children):
                return None      # "called on X to withdraw" is a demand, not a visit
            guests = self.subjects(tok, (PERSON,))
            hosts = [k for c in ons for g in c.children if g.dep_ == "pobj" for k in self.keys(g, (PERSON,))]
            if not hosts:
                # "called on him" parsed with the pronoun as object of the particle verb
                hosts = self.objects(tok, (PERSON,))
        elif tok.pos_ == "NOUN":
            if not any(c.lower_ in ("courtesy", "formal", "official") for c in tok.children):
                return None
            hosts = self.pobjs(tok, {"on"}, (PERSON,))
            gov = tok.head
            guests = self.subjects(gov, (PERSON,)) if gov.pos_ in ("VERB", "AUX") else []
        else:
            return None
        hosts = [k for k in hosts if k not in guests]
        return self._encounter_event(tok, guests + hosts, guests and hosts)

    def _brought_together(self, tok):
        """'A round in P brought together A and B, with C mediating'; 'X brought
        together A and B': a meeting of the persons brought together (and X, a person)."""
        guests = []
        # office holders stand for the "ministers of A and B" only at a gathering told as past (in
        # the present tense the phrase describes who usually takes part in such talks)
        told = tok.tag_ in ("VBD", "VBN")
        for c in tok.children:
            if c.dep_ == "dobj":
                for x in [c] + list(c.conjuncts):
                    named = [k for a in x.children if a.dep_ == "appos" for k in self.keys(a, (PERSON,))]
                    # "his counterpart X": the name, not the nominal's guess
                    guests += [k for k in (named or [k for k in self.reg.keys_at(x.i) if self.reg.kind(k) == PERSON]
                                           or self.keys(x, (PERSON,)) or (self._holders_named_by(x) if told else []))
                               if k not in guests]
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        host = self.subjects(tok, (PERSON,)) if subj and self.keys(subj[0], (PERSON,)) or \
            not subj and tok.dep_ == "xcomp" else []       # "X wants to bring A and B together"
        if subj and not host and not any(t.lemma_.lower() in IN_PERSON_NOUNS | MEETING_WORDS or t.lower_ in MEETING_WORDS
                                         for t in subj[0].subtree):
            return None          # "the crisis brought together ...": no gathering
        between = [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                   for g in c.children if g.dep_ in ("pcomp", "pobj")
                   for x in g.subtree if x.dep_ == "nsubj" or g.dep_ == "pobj" and x.i == g.i
                   for k in self.keys(x, (PERSON,))
                   if g.dep_ == "pobj" or g.lemma_.lower() in MEDIATE_VERBS]
        if told and subj and any(k in guests for c in tok.children if c.dep_ == "dobj" for k in self._holders_named_by(c)):
            # "the X talks in P brought together the ministers of A, B and C": the bloc's ministers as the
            # article names them elsewhere ("X foreign ministers") are there as a body too
            guests += [k for k in self._bloc_group(subj[0], [c for c in tok.children if c.dep_ == "dobj"][0])
                       if k not in guests]
        ev = self._encounter_event(tok, host + [k for k in guests + between if k not in host], len(guests) >= 1)
        if ev is not None and ev.status == "occurred" and tok.dep_ == "xcomp" and \
                tok.head.lower_ in WISH_WORDS | {w + "s" for w in WISH_WORDS} | {w + "ed" for w in WISH_WORDS} | {"sought"}:
            ev.status = "planned"      # "wants to bring A and B together"
        if ev is not None and ev.place is None and subj:
            ev.place = next((k for t in subj[0].subtree if t.head.dep_ == "prep" and t.head.lower_ in ("in", "at")
                             for k in self.reg.keys_at(t.i) if self.reg.kind(k) in (PLACE, STATE)), None)
        if ev is not None and ev.time is None and ev.status == "occurred" and subj and told:
            # "the X talks in P brought together ...", undated: the date of the lead the talks are about
            ev.time = self._lead_date(ev.roles.get("participant", []) +
                                      [k for t in subj[0].subtree for k in self.reg.keys_at(t.i)])
        return ev

    def _holders_named_by(self, noun) -> list[str]:
        """'the ministers of A, B and C', 'leaders from A and B': the persons the article names
        as holding such an office for one of those states ('A's Foreign Minister X')."""
        want = ROLE_HEADS.get(noun.lemma_.lower())
        if want is None or noun.tag_ not in ("NNS", "NNPS"):
            return []
        preps = list(noun.children) + [c for c in noun.head.children if noun.dep_ == "dobj" and c.i == noun.i + 1]
        states = {k for c in preps if c.dep_ == "prep" and c.lower_ in ("from", "of")
                  for t in c.subtree for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE}
        if len(states) < 2:
            return []
        mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i}
        out = []
        for h in self.reg.offices:
            office = (h.office or "").lower()
            if h.state not in states or h.person in out or self.reg.kind(h.person) != PERSON or \
                    not any(w in office for w in want) or any(w in office for w in ("former", "deputy", "vice")):
                continue
            if mods & PORTFOLIOS.keys() and not any(p in office for m in mods & PORTFOLIOS.keys() for p in PORTFOLIOS[m]):
                continue     # "the foreign ministers of A and B": not A's defence minister
            out.append(h.person)
        return out

    def _bloc_group(self, gathering, noun) -> list[str]:
        """The group of a bloc's officials ('X foreign ministers') that the article names, for a
        gathering named after the bloc ('the X talks') whose attendees are 'the ministers of ...'."""
        blocs = {k for c in gathering.children if c.dep_ in ("compound", "nmod", "amod") and c.i < gathering.i
                 for k in self.reg.keys_at(c.i) if self.reg.entities[k].subtype == "InternationalOrganization"}
        if not blocs:
            return []
        for t in self.doc:
            if t.lemma_.lower() != noun.lemma_.lower() or t.tag_ not in ("NNS", "NNPS") or t.i == noun.i:
                continue
            if not any(k in blocs for c in t.children if c.i < t.i for k in self.reg.keys_at(c.i)):
                continue
            found = [k for k in self.group_keys(t) if self.is_group(k)]
            if found:
                return found[:1]
        return []

    def _joint_appearance(self, tok):
        """'X unveiled the plan at a joint press conference with A and B': they stood together."""
        with_ = self.pobjs(tok, {"with"}, (PERSON,))
        gov = tok.head
        for _ in range(4):
            # "presented a deal at a joint press appearance with ...": up to the verb
            if gov.pos_ in ("VERB", "AUX") or gov.head.i == gov.i:
                break
            gov = gov.head
        subj = self.subjects(gov, (PERSON,)) if gov.pos_ in ("VERB", "AUX") else []
        return self._encounter_event(tok, subj + [k for k in with_ if k not in subj], subj and with_)

    def _signing_meeting(self, tok):
        if tok.dep_ == "acl" and not any(c.dep_ == "agent" for c in tok.children):
            return None      # "a treaty signed in 1987": no signatories named
        signers = [k for k in self.subjects(tok, (PERSON,))]
        if signers:
            signers += [k for k in self._subject_list(tok) if k not in signers]   # "A and B signed" misparsed
        if any(c.dep_ == "auxpass" for c in tok.children):
            # "was signed by A for X and by B for Y" (names only: a bare title is nobody yet)
            signers = []
            signers += [k for b in tok.subtree if b.lower_ == "by" and b.dep_ in ("agent", "conj", "prep")
                        and tok.i in (b.head.i, b.head.head.i)
                        for t in b.subtree for k in self.reg.keys_at(t.i)
                        if self.reg.kind(k) == PERSON and k not in signers
                        and t.text in self.reg.entities[k].label]     # a name, not a title read as someone
        if len(signers) < 2:
            return None
        present = []
        for t in tok.sent:
            if t.lemma_.lower() in WITNESS_CUES or t.lower_ in ("present", "looking"):
                node = t
                if t.lower_ == "presence":
                    present += self.pobjs(t, {"of"}, (PERSON,))
                elif t.lemma_.lower() in ("look", "watch"):
                    present += self.subjects(t, (PERSON,))
                elif t.lower_ in ("witnessed",):
                    present += self.pobjs(t, {"by"}, (PERSON,))
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                # "signed ..., with X countersigning / looking on"
                present += [k for g in c.children if g.dep_ == "pcomp" and g.pos_ == "VERB"
                            for x in g.children if x.dep_ == "nsubj" for k in self.keys(x, (PERSON,))]
        # "signed an accord mediated by X"
        present += [k for a in tok.subtree if a.dep_ == "acl" and a.lemma_.lower() in ("broker", "mediate")
                    for x in a.children if x.dep_ == "agent" for g in x.children for k in self.keys(g, (PERSON,))]
        ev = self._encounter_event(tok, signers + [k for k in present if k not in signers], True)
        if ev is not None and (ev.time is None or ev.place is None):
            # "X signed a treaty at P on Monday. A and B signed both copies ...": the same signing
            sents = list(self.doc.sents)
            n = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), 0)
            if n > 0:
                prev = next((t for t in sents[n - 1] if t.pos_ == "VERB" and t.lemma_.lower() == "sign"), None)
                if prev is not None:
                    # "... signed a pact in the presence of X. The pact was signed by A and B."
                    for t in sents[n - 1]:
                        if t.lower_ == "presence":
                            for k in self.pobjs(t, {"of"}, (PERSON,)):
                                ev.add("participant", k)
                    ev.time = ev.time or self.time_for(prev)
                    if not any(c.dep_ == "prep" and c.lower_ in ("in", "at") for c in tok.children):
                        ev.place = ev.place or self.places_under(prev)   # (a place of its own it keeps)
        return ev

    def _companions(self, sent) -> set:
        """Persons the sentence names as someone's spouse ('X and his wife Y'): they come along,
        they are no participants of their own."""
        out = set()
        for t in sent:
            if t.lemma_.lower() in SPOUSE_NOUNS and any(c.dep_ == "poss" for c in t.children):
                xs = [t] + [c for c in t.children if c.dep_ == "appos"] + ([t.head] if t.dep_ == "compound" else [])
                for x in xs:
                    out |= {k for k in self.reg.keys_at(x.i) if self.reg.kind(k) == PERSON}
        return out

    def _encounter_event(self, tok, persons, ok):
        persons = list(dict.fromkeys(persons))
        spouses = self._companions(tok.sent)
        persons = [k for k in persons if k not in spouses]
        if not ok or len(persons) < 2:
            return None
        if {t.lower_ for t in tok.sent} & PHONE_WORDS - {"call"}:
            return None          # a phone or video exchange is not a meeting
        ev = Event(kind=MEETING, status=self.status(tok), mode="in-person")
        for k in persons:
            ev.add("participant", k)
        ev.time = self.time_for(tok)
        ev.place = self.places_under(tok)
        return ev
