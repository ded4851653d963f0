"""Invitations (a mixin of `EventFinder`): inviter, invitee, destination, and
whether the invitation was extended, accepted or declined.
"""
from __future__ import annotations

from typing import Optional

from ..facts import INVITATION, PERSON, PLACE, STATE, Event
from . import lexicon as lx


class InvitationRules:
    def _invitation(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if lemma not in lx.INVITE_LEMMAS:
            return None
        inviter, invitee, dest = [], [], []
        status = "extended"
        if tok.pos_ == "VERB":
            inviter = self.subjects(tok)
            invitee = self.objects(tok)
            if inviter and set(inviter) <= set(invitee):
                inviter = self._pronoun_subject(tok) or inviter
            if (tok.dep_ == "xcomp" and not (tok.tag_ == "VB" and invitee)) or \
                    any(c.dep_ == "auxpass" for c in tok.children):
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
            if status in ("accepted", "declined") and tok.pos_ == "NOUN":
                self._answer_last_invitation(tok, status)
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

    def _pronoun_subject(self, tok) -> list[str]:
        """'The Chancellor will see X on Friday. She intends to invite X': a pronoun read as
        the invitee is the subject of the sentence before, a person or a title the article gives
        to exactly one person."""
        subj = next((c for c in tok.subtree if c.dep_ == "nsubj" and c.lower_ in ("he", "she")), None)
        if subj is None:
            node = tok
            while node.dep_ in ("xcomp", "ccomp") and node.head is not node:
                node = node.head
            subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("he", "she")), None)
        if subj is None or tok.sent.start == 0:
            return []
        prev = self.doc[tok.sent.start - 1].sent
        root = prev.root
        for c in root.children:
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            found = [k for k in self.keys(c, (PERSON,))]
            if found:
                return found[:1]
            words = {t.lower_ for t in c.subtree if t.pos_ in ("PROPN", "NOUN")}
            if not words:
                continue
            holders = {h.person for h in self.reg.offices
                       if words <= set(h.office.lower().split()) and self.reg.kind(h.person) == PERSON}
            if holders:
                # "the Chancellor": the holder the article names most (former holders less)
                ranked = sorted(holders, key=lambda k: -len(self.reg.entities[k].mentions))
                if len(ranked) == 1 or len(self.reg.entities[ranked[0]].mentions) > \
                        len(self.reg.entities[ranked[1]].mentions):
                    return ranked[:1]
        return []

    def _answer_last_invitation(self, tok, status: str) -> None:
        """'X invited Y to the congress. Y accepted the invitation at once.': the
        answer is about the invitation the text has just told."""
        if self.status(tok.head) == "denied":
            status = "declined" if status == "accepted" else status
        for ev in reversed(self.events):
            if ev.kind == INVITATION and ev.evidence is not None and tok.sent.start_char - ev.evidence.end <= 300:
                if ev.status in ("extended", "planned"):
                    ev.status = status
                return
