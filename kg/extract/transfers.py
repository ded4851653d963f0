"""Arms and aid transfers (a mixin of `EventFinder`): supplier, recipient, item and status,
from verbs ('supplied', 'received', 'arrived') and nouns ('deliveries of').
"""
from __future__ import annotations

from typing import Optional

from ..facts import AID_TRANSFER, ARMS_TRANSFER, ORGANIZATION, PERSON, PLACE, STATE, Event
from . import lexicon as lx

TRANSFER_NOUNS = {"delivery", "deliveries", "shipment", "shipments", "sale", "sales", "transfer", "transfers",
                  "supply", "supplies", "purchase", "purchases", "acquisition", "import", "imports",
                  "export", "exports", "consignment", "consignments"}
VESSEL_NOUNS = {"vessel", "vessels", "ship", "ships", "boat", "boats", "patrol", "radar", "radars"}


class TransferRules:
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
