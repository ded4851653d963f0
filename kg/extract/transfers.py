"""Arms and aid transfers (a mixin of `EventFinder`): supplier, recipient, item and status,
from verbs ('supplied', 'received', 'arrived') and nouns ('deliveries of').
"""
from __future__ import annotations

import re
from typing import Optional

from ..facts import AID_TRANSFER, ARMS_TRANSFER, ORGANIZATION, PERSON, PLACE, STATE, Event
from . import lexicon as lx
from .. import gazetteer as gaz
from ..namespaces import slug

TRANSFER_NOUNS = {"deployment", "deployments", "delivery", "deliveries", "shipment", "shipments", "sale", "sales", "transfer", "transfers",
                  "supply", "supplies", "purchase", "purchases", "acquisition", "import", "imports",
                  "export", "exports", "consignment", "consignments"}
VESSEL_NOUNS = {"vessel", "vessels", "ship", "ships", "boat", "boats", "patrol", "radar", "radars"}
# Verbs of giving a present, and the presents that move from one state's leader to another's
# ("presented X with a carriage", "the third horse Y has gifted X").
GIFT_VERBS = {"present", "give", "gift", "donate", "hand"}
GIFT_NOUNS = {"gift", "gifts", "present", "presents", "car", "cars", "limousine", "limousines",
              "vehicle", "horse", "horses", "dog", "dogs", "puppy", "puppies", "panda", "pandas"}
# Words that make the transfer they govern one that never took place.
FAIL_WORDS = {"fail", "failure", "refuse", "refusal", "decline", "reluctance"}
# Verbs of a legislature granting money ("the sums a parliament appropriated for X"): planned.
VOTE_VERBS = {"vote", "appropriate", "allocate"}
# "X helped Y rebuild a bridge": development aid told through what it helped to make.
HELP_VERBS = {"help", "assist", "cooperate"}
BUILD_VERBS = {"build", "construct", "develop", "modernize", "modernise", "upgrade", "rebuild",
               "repair", "renovate", "expand", "equip", "establish", "finance", "fund"}
# Nouns of support that are a transfer when military, financial or economic ("Lima's
# military backing of X", "Danish financial support for Y").
BACKING_NOUNS = {"backing", "support", "assistance", "aid", "help"}
BACKING_KINDS = {"military", "financial", "economic", "budgetary", "humanitarian", "development",
                 "security", "defence", "defense"}
# Words that are no item of their own when told apart ("the weapons" = "the artillery shells").
GENERIC_ITEM_WORDS = {"the", "a", "an", "of", "and", "to", "for", "from", "in", "with", "more", "other",
                      "new", "additional", "further", "military", "weapons", "arms", "aid", "assistance",
                      "equipment", "support", "some", "its", "their", "his", "her", "such", "these",
                      "those", "this", "that", "all", "any", "million", "billion", "worth", "$"}


def _item_words(item) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9-]+", (item or "").lower()) if w and not w.isdigit()} - GENERIC_ITEM_WORDS


def items_compatible(a, b) -> bool:
    """Two mentions of one transfer: the items share a word, or one names only generic
    things ("the weapons"). 'mobile radar units' and 'two patrol boats' are two."""
    wa, wb = _item_words(a), _item_words(b)
    return not wa or not wb or bool(wa & wb)


class TransferRules:
    def _implicit_recipients(self) -> None:
        """'Oslo would supply tanks': in an article whose other transfers all go to
        one state, a transfer that names no recipient goes there too; with no such state the
        transfer is too vague to keep."""
        kinds = (ARMS_TRANSFER, AID_TRANSFER)
        named = [k for ev in self.events if ev.kind in kinds for k in ev.roles.get("recipient", [])]
        common = max(dict.fromkeys(named), key=named.count) if named else None
        self._implicit_suppliers()
        keep = []
        for ev in self.events:
            if ev.kind in kinds and not ev.roles.get("recipient"):
                if common is None or common in ev.roles.get("supplier", []) or ev.status == "denied" or \
                        getattr(ev, "_told_recipient", False):
                    continue     # "sends arms to a militia": a recipient told, just not a state
                ev.add("recipient", common)
            keep.append(ev)
        self.events = keep


    def _implicit_suppliers(self) -> None:
        """'X's purchase of the new frigates' with no seller: the state that the article
        shows supplying that recipient (only one such state) is the seller; else dropped.
        Then mentions of one transfer are merged: same sides, a shared item word."""
        kinds = (ARMS_TRANSFER, AID_TRANSFER)
        keep = []
        for ev in self.events:
            if ev.kind in kinds and not [k for k in ev.roles.get("supplier", []) if self.reg.kind(k) in (STATE, ORGANIZATION)]:
                rec = ev.roles.get("recipient", [])
                sups = {k for o in self.events if o.kind in kinds and o is not ev and o.status != "denied"
                        and o.roles.get("recipient") == rec for k in o.roles.get("supplier", [])}
                if len(sups) != 1 or not rec:
                    continue     # a transfer from nobody the text names is no row of "who supplied whom"
                ev.roles["supplier"] = []
                ev.add("supplier", sups.pop())
            keep.append(ev)
        out = []
        for ev in keep:
            same = next((o for o in out if ev.kind == o.kind and ev.kind in kinds
                         and o.roles.get("supplier") == ev.roles.get("supplier")
                         and o.roles.get("recipient") == ev.roles.get("recipient")
                         and ({o.status, ev.status} <= {"occurred", "alleged"} or o.status == ev.status)
                         and _item_words(o.item) & _item_words(ev.item)), None)
            if same is None:
                out.append(ev)
                continue
            if "alleged" in (same.status, ev.status):
                same.status = "alleged"
            same.time = same.time or ev.time
            same.attribution = same.attribution or ev.attribution
        self.events = out

    def _transfer(self, tok) -> Optional[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and lemma in TRANSFER_NOUNS:
            return self._transfer_noun(tok, lemma)
        if tok.pos_ == "VERB" and lemma in lx.RECEIVE_VERBS:
            return self._receipt(tok)
        if tok.pos_ == "VERB" and lemma in lx.ARRIVE_VERBS:
            return self._arrival_of_forces(tok)
        if tok.pos_ == "NOUN" and lemma in BACKING_NOUNS:
            return self._backing(tok)
        pledge = lemma in lx.PLEDGE_VERBS
        if tok.dep_ == "pcomp" and tok.head.lower_ in ("against", "from"):
            return None      # "warned X against supplying", "barred X from sending": no transfer
        if tok.pos_ == "VERB" and lemma in ("pay", "invest"):
            return self._payment(tok)
        if tok.pos_ == "VERB" and lemma in HELP_VERBS:
            return self._help_build(tok)
        gift = lemma in GIFT_VERBS
        pledge = pledge or lemma in VOTE_VERBS
        if tok.pos_ != "VERB" or not (lemma in lx.TRANSFER_VERBS or pledge or gift):
            return None
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if tok.dep_ == "relcl" and tok.head.pos_ == "NOUN" and (obj is None or obj.lower_ in ("that", "which")):
            obj = tok.head       # "the sums a parliament appropriated for X", "the guns which A sent"
        given_to = []
        if obj is not None and tok.dep_ == "relcl" and tok.head.pos_ == "NOUN" and \
                self.keys(obj, (STATE, PERSON)) and \
                {t.lower_ for t in tok.head.subtree if t.i < tok.i} & (lx.ARMS_NOUNS | lx.AID_NOUNS | GIFT_NOUNS):
            # "the third horse she has gifted the prince": the noun is what was given
            given_to = self.keys(obj, (STATE, PERSON))
            obj = tok.head
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
        head_item = obj.i == tok.head.i
        words = {t.lower_ for t in obj.subtree if not head_item or t.i < tok.i}
        if head_item and obj.lower_ in ("monies", "moneys", "sums", "appropriations"):
            words.add("money")
        if not given_to and not (words & (lx.ARMS_NOUNS | lx.AID_NOUNS | GIFT_NOUNS)) and self.keys(obj, kinds):
            # "supplied Y with an air defence system": the object receives, 'with' gives the item
            item = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                         for g in c.children if g.dep_ == "pobj"), None)
            if item is not None:
                given_to = self.keys(obj, kinds)
                obj = item
                words = {t.lower_ for t in obj.subtree}
        arms, aid = words & (lx.ARMS_NOUNS | VESSEL_NOUNS), words & lx.AID_NOUNS
        if gift:
            aid = aid | (words & GIFT_NOUNS)
        if not (arms or aid):
            return None
        passive = obj.dep_ == "nsubjpass" and obj.head.i == tok.i
        supplier = self.subjects(tok, kinds) if not passive else self.pobjs(tok, {"by"}, kinds)
        # "the A Senate appropriated": a national body stands for the state before its name
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and any(self.reg.kind(k) == ORGANIZATION and not self._state_of(k) and
                                    self.reg.entities[k].subtype != "InternationalOrganization" for k in supplier):
            states = [k for a in subj.children if a.dep_ in ("compound", "amod", "nmod", "poss")
                      for k in self.reg.keys_at(a.i) if self.reg.kind(k) == STATE]
            if states:
                supplier = states
        if not supplier and not passive:
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
                     and a.lower_ == "with" and any(x.lower_ == "together" for x in list(c.children) + list(a.children))
                     for g in a.children if g.dep_ == "pobj" for k in self.keys(g, kinds) if k not in supplier]
        recipient = given_to + self.pobjs(tok, {"to", "for"}, kinds + (PLACE,)) + \
            [k for t in obj.subtree if t.pos_ in ("NOUN", "PROPN", "NUM", "SYM")
             for k in self.pobjs(t, {"to", "for"}, kinds + (PLACE,))] + \
            [k for c in tok.children if c.dep_ in ("dative", "iobj") for k in self.keys(c, kinds)] + \
            [k for c in tok.children if c.dep_ == "dative" and c.lower_ in ("to", "for")
             for g in c.children if g.dep_ == "pobj" for k in self.keys(g, kinds + (PLACE,))]
        if not supplier:
            # "the refusal to export Swedish jets to X": the item's state supplies
            supplier = [k for t in obj.subtree if t.dep_ in ("compound", "amod", "nmod", "poss") and t.i < obj.i
                        for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE]
        supplier = [self._state_of(k) or k for k in supplier]
        recipient = self._state_recipients(recipient)
        if not supplier and not recipient:
            return None
        if not supplier and not arms and not (aid - {"cargo", "containers"}):
            return None      # "it delivered an unknown cargo to X": nobody's transfer
        told_recipient = any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for") for c in tok.children) or \
            any(c.dep_ in ("dative", "iobj") for c in tok.children)
        status = self.status(tok)
        if status == "occurred" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lx.COMMIT_VERBS:
            status = "planned"     # "agreed to provide", "pledged to send"
        if pledge and status == "occurred":
            status = "planned"     # "approved $5 million in aid for X": pledged, not delivered
        if tok.dep_ in ("xcomp", "acl", "advcl") and tok.head.lemma_.lower() in FAIL_WORDS:
            status = "denied"      # "the refusal to export jets to X", "failed to deliver"
        span = self.doc[obj.left_edge.i:obj.right_edge.i + 1]
        if head_item:
            span = self.doc[obj.left_edge.i:obj.i + 1]
        ev = self._transfer_event(
            tok, bool(arms), status, supplier, recipient,
            " ".join(t.text for t in span if t.dep_ != "det" or t.i != span.start).strip() or obj.text)
        ev._told_recipient = told_recipient and not recipient
        if ev.status == "occurred":
            src = self._attribution(tok)
            if src and src not in supplier and src not in recipient and \
                    (self._state_of(src) or src) not in set(supplier) | set(recipient):
                ev.status = "alleged"      # a third party's claim
        return ev

    def _money(self, tok) -> bool:
        """Is the phrase headed by `tok` a sum of money ("$40 million", "5 million euros")?"""
        words = {t.lower_ for t in tok.subtree}
        return tok.ent_type_ == "MONEY" or bool(words & {"$", "€", "£", "dollars", "euros", "pounds", "yuan", "rupees"})

    def _payment(self, tok) -> Optional[Event]:
        """'A will pay B $40 million over ten years': a sum of money paid to a state."""
        kinds = (STATE, PERSON, ORGANIZATION)
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "iobj")]
        money = next((c for c in objs if self._money(c)), None)
        if money is None:
            return None
        recipient = [k for c in objs if c is not money for k in self.keys(c, kinds)]
        recipient += self.pobjs(tok, {"to"}, kinds)
        if tok.lemma_.lower() == "invest":
            # "would invest $8 million in clinics (in X)": the state invested in, if named
            recipient = [k for h in (tok, money) for k in self.pobjs(h, {"in"}, (STATE,))]
        recipient = self._state_recipients(recipient)
        supplier = [self._state_of(k) or k for k in self.subjects(tok, kinds)]
        supplier = [k for k in supplier if self.reg.kind(k) == STATE]
        if not supplier or not recipient and tok.lemma_.lower() != "invest":
            return None      # an investment with no state named takes the article's recipient
        status = self.status(tok)
        return self._transfer_event(tok, False, status, supplier, recipient,
                                    self.doc[money.left_edge.i:money.right_edge.i + 1].text)

    def _help_build(self, tok) -> Optional[Event]:
        """'A helped B rebuild a bridge': development aid from the subject to
        the state that was helped, the item what was built."""
        kinds = (STATE, PERSON, ORGANIZATION)
        comp = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in BUILD_VERBS), None)
        if comp is None:
            # "cooperated in expanding a harbour for X", "assist with upgrading the depot"
            comp = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "with", "on")
                         for g in c.children if g.dep_ == "pcomp" and g.lemma_.lower() in BUILD_VERBS), None)
        if comp is None:
            return None
        helped = [c for c in tok.children if c.dep_ in ("dobj", "dative")] + \
            [c for c in comp.children if c.dep_ == "nsubj"] + \
            [g for h in [comp] + [c for c in comp.children if c.dep_ == "dobj"] for c in h.children
             if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"]
        recipient = self._state_recipients([k for c in helped for k in self.keys(c, kinds)])
        supplier = [self._state_of(k) or k for k in self.subjects(tok, kinds)]
        supplier = [k for k in supplier if self.reg.kind(k) == STATE]
        item = next((c for c in comp.children if c.dep_ == "dobj"), None)
        if not supplier or not recipient or item is None:
            return None
        return self._transfer_event(tok, False, self.status(tok), supplier, recipient,
                                    self.doc[item.left_edge.i:item.right_edge.i + 1].text)

    def _backing(self, tok) -> Optional[Event]:
        """'Lima's military backing of X', 'Danish financial support for Y': a kind of
        support (military, financial ...) with the supplier before the noun and the recipient
        after it. Not inside a verb's transfer ('approved military aid for X' is read there)."""
        if not any(c.dep_ == "amod" and c.lower_ in BACKING_KINDS for c in tok.children):
            return None
        for a in list(tok.ancestors)[:3]:
            if a.lemma_.lower() in lx.TRANSFER_VERBS | lx.PLEDGE_VERBS | lx.RECEIVE_VERBS | GIFT_VERBS:
                return None
        kinds = (STATE, PERSON, ORGANIZATION)
        supplier = [k for c in tok.children if c.dep_ in ("poss", "nmod", "compound", "amod") and c.i < tok.i
                    for t in c.subtree for k in self.reg.keys_at(t.i) if self.reg.kind(k) in kinds + (PLACE,)]
        supplier = [k for k in dict.fromkeys(self._state_of(k) or k for k in supplier) if self.reg.kind(k) == STATE]
        recipient = [k for g in (g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "to")
                                 for g in c.children if g.dep_ == "pobj")
                     for t in g.subtree for k in self.reg.keys_at(t.i)
                     if self.reg.kind(k) in (STATE, ORGANIZATION)]
        recipient = [k for k in dict.fromkeys(self._state_of(k) or k for k in recipient)
                     if self.reg.kind(k) == STATE and k not in supplier]
        if not supplier or not recipient:
            return None
        arms = any(c.lower_ in ("military", "security", "defence", "defense") for c in tok.children)
        return self._transfer_event(tok, arms, self.status(tok), supplier[:1], recipient[:1],
                                    self.doc[tok.left_edge.i:tok.i + 1].text)

    def _state_recipients(self, keys: list[str]) -> list[str]:
        """Recipients are states (or blocs): a person stands for their state; a name the
        model mistook for an entity (a weapon's model name) is no recipient."""
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
        if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            return self._receipt_passive(tok)
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

    def _receipt_passive(self, tok) -> Optional[Event]:
        """'A's rifles bought by the B army': the agent receives, the
        possessor or demonym of the noun supplies."""
        noun = tok.head
        words = {t.lower_ for t in noun.subtree if t.i < tok.i}
        arms, aid = words & (lx.ARMS_NOUNS | VESSEL_NOUNS), words & lx.AID_NOUNS
        if not (arms or aid) or words & lx.NOT_TRANSFERRED:
            return None
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        recipient = [k for g in agent for t in g.subtree for k in self.reg.keys_at(t.i)
                     if self.reg.kind(k) in (STATE, PERSON, ORGANIZATION)]
        recipient = [k for k in dict.fromkeys(self._state_of(k) or k for k in recipient) if self.reg.kind(k) == STATE]
        supplier = [k for t in noun.subtree if t.i < tok.i and t.dep_ in ("amod", "compound", "poss", "nmod")
                    for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE]
        supplier = list(dict.fromkeys(supplier))
        recipient = [k for k in recipient if k not in supplier]
        if not supplier or not recipient:
            return None
        return self._transfer_event(tok, bool(arms), self.status(tok), supplier[:1], recipient[:1],
                                    self.doc[noun.left_edge.i:noun.i + 1].text)

    def _arrival_of_forces(self, tok) -> Optional[Event]:
        """'Polish military advisers arrived in X', 'European trainers arrived in X':
        personnel sent by a state (never 'troops', which may be an invasion)."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ not in lx.DEPLOYED_PERSONNEL:
            return None
        supplier = [k for t in subj.subtree if t.i < subj.i for k in self.reg.keys_at(t.i)
                    if self.reg.kind(k) in (STATE, ORGANIZATION)]
        supplier = [k for k in dict.fromkeys(self._state_of(k) or k for k in supplier)
                    if self.reg.kind(k) == STATE or self.reg.entities[k].subtype == "InternationalOrganization"]
        if not supplier:
            # "European trainers sent to X": a European force belongs to the EU
            eu = next((t for t in subj.subtree if t.i < subj.i and t.lower_ == "european"), None)
            org = gaz.org_by_key("european-union") if eu is not None else None
            if org is not None:
                supplier = [self.reg.add("org/" + slug(org.name), ORGANIZATION, org.name, self.doc[eu.i:eu.i + 1],
                                         subtype="InternationalOrganization", qid=getattr(org, "qid", None) or None)]
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
        needs_supplier = False
        if not supplier and recipient and arms and lemma in ("purchase", "purchases", "acquisition", "delivery",
                                                            "deliveries"):
            needs_supplier = True      # "X's purchase of the new frigates": the seller told elsewhere
        elif not supplier or not recipient:
            return None
        amods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "advmod")}
        status = "planned" if amods & {"possible", "planned", "proposed", "potential", "future", "prospective"} \
            else self.status(tok)
        ev = self._transfer_event(tok, bool(arms), status, supplier, recipient,
                                  self.doc[item.left_edge.i:item.right_edge.i + 1].text)
        ev._needs_supplier = needs_supplier
        return ev

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
