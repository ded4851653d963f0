"""Agreements: signed, agreed, planned and older agreements cited in the text.

A mixin of `EventFinder` (kg/extract/events.py). Triggers, read from the parse:

* a signing or agreeing verb with an agreement noun as its object or passive subject
  ("signed a treaty", "adopted a joint statement", "the accord was signed by X",
  "issued a declaration", "struck a deal"), each coordinated object its own agreement
  ("signed an MoU on A, an MoU on B and an agreement on C");
* "agree" with a clause or a topic ("agreed to resume talks", "agreed on border
  arrangements", "agreed to a ceasefire");
* an agreement noun modified by such a verb ("agreements reached by A and B",
  "a pact that the three countries signed", "an accord signed in 2001");
* an agreement noun with its own cue: parties ("a deal between A and B", "an
  A-B treaty"), a year ("a 2001 security pact", "the 1979 treaty"), a capitalised
  title ("the X Accords"), or planned/proposed ("a planned deal").

Parties are states (a person's state; an international organisation stands for itself).
Group phrases ("the two sides", "the three leaders", "they", "their countries") and
agreements that name one party only take the missing parties from the encounter the
text has just told, else from the states the sentence names, else from the states the
article is about. An agreement left with fewer than two parties is dropped.
"""
from __future__ import annotations

import re
from typing import Optional

from ..facts import AGREEMENT_SIGNING, CALL, MEETING, ORGANIZATION, PERSON, PLACE, STATE, VISIT, Event
from .. import gazetteer as gaz
from .syntax import phrase_name

# Nouns that name an agreement on their own (no signing verb needed when another cue is present).
AGREEMENT_HEADS = {"agreement", "treaty", "pact", "accord", "deal", "memorandum", "mou", "declaration",
                   "convention", "protocol", "charter", "communique", "communiqué", "ceasefire",
                   "cease-fire", "truce", "armistice", "accords", "memoranda", "mous"}
# Nouns that are an agreement when signed, adopted or issued ("signed the documents").
DOCUMENT_NOUNS = AGREEMENT_HEADS | {"document", "statement", "plan", "roadmap", "framework",
                                    "partnership", "arrangement", "contract", "principles",
                                    "commitment", "action", "programme", "program", "letter",
                                    "instrument", "understanding", "package", "alliance", "pledge"}
SIGN_VERBS = {"sign", "ink", "conclude", "seal", "ratify", "initial", "countersign"}
AGREE_VERBS = {"agree", "adopt", "reach", "approve", "endorse", "strike", "forge", "clinch",
               "issue", "announce", "finalize", "finalise", "negotiate", "unveil", "accept",
               "release", "hammer", "broker"}
# Verbs that only make an agreement of a noun that is one on its own.
WEAK_VERBS = {"announce", "accept", "unveil", "release", "approve", "endorse", "negotiate", "broker"}
VAGUE_TOPICS = {"thing", "things", "something", "anything", "everything", "nothing", "much", "more",
                "it", "this", "that", "what", "point", "points", "need", "importance"}
PLANNED_AMODS = {"planned", "proposed", "prospective", "potential", "possible", "draft", "future",
                 "envisaged", "mooted"}
GROUP_WORDS = {"sides", "countries", "nations", "governments", "leaders", "states", "parties",
               "neighbours", "neighbors", "presidents", "ministers", "delegations", "capitals",
               "allies", "partners", "they", "both", "two", "three", "four", "five", "six", "all",
               "officials", "heads", "premiers", "counterparts", "we"}
PERSON_GROUPS = {"leaders", "presidents", "ministers", "premiers", "counterparts", "heads"}
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
GENERIC_NAME_WORDS = AGREEMENT_HEADS | DOCUMENT_NOUNS | {
    "the", "a", "an", "new", "this", "that", "these", "those", "their", "its", "his", "her", "our",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "multiple",
    "agreements", "deals", "documents", "pacts", "treaties", "accords", "bilateral", "landmark",
    "historic", "signed", "s", "'s", "full", "formal", "final", "first"}
# Verbs that ask someone else to agree ("urged X to sign", "called for X to agree"): the
# agreement is only wanted, and the one urged must be named.
# Verbs that settle two states' relations, with the name of what they agreed.
RELATION_VERBS = {"restore": "restoration", "re-establish": "restoration", "reestablish": "restoration",
                  "resume": "restoration", "establish": "establishment", "normalise": "normalisation",
                  "normalize": "normalisation"}
# Modifiers of a document one state makes for itself ("an executive declaration").
DOMESTIC_AMODS = {"constitutional", "presidential", "executive", "royal", "emergency", "unilateral"}
# Verbs of seeking a deal with another side ("wants a pipeline pact with Rome"): planned.
WANT_VERBS = {"seek", "want", "eye", "pursue", "propose", "offer", "covet"}
# Words that describe a side that is no state ("X, head of a rebel enclave in Y").
NON_STATE_WORDS = {"breakaway", "region", "province", "territory", "separatist", "rebel", "rebels",
                   "self-declared", "militia", "insurgents", "enclave"}
# Joint appearances whose "with" names the other sides ("at a joint press briefing with A and B").
JOINT_EVENTS = {"conference", "appearance", "briefing", "ceremony", "statement"}
# Verbs that list the agreements just told ("These cover a protocol on X and a pact on Y").
LIST_VERBS = {"include", "comprise", "cover"}
URGE_VERBS = {"urge", "call", "ask", "encourage", "press", "demand", "invite", "appeal", "push"}
# Governing verbs that make an agreement only expected ("was supposed to sign") or denied
# ("failed to agree").
EXPECT_VERBS = {"suppose"}
FAIL_VERBS = {"fail", "refuse", "decline"}
# Modals of speculation: "might accept a deal" is no agreement anyone has made or planned.
SPECULATIVE = {"could", "might", "may", "would"}
# "agreed to provide ...": a state's commitment to a transfer (read by the transfer rules).
GIVING_VERBS = {"supply", "transfer", "provide", "deliver", "send", "ship", "sell", "give", "export",
                "donate", "lend", "pay", "fund", "finance"}
DATE_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
              "friday", "saturday", "sunday", "last", "this", "next", "year", "month", "week"}


class AgreementRules:
    """Mixin for EventFinder: agreement triggers, parties from context, merging."""

    # ----------------------------------------------------------- triggers --
    def _agreement(self, tok):
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in SIGN_VERBS | AGREE_VERBS:
            return self._agreement_verb(tok, lemma)
        if tok.pos_ in ("NOUN", "PROPN") and lemma in AGREEMENT_HEADS | {"accords"}:
            return self._agreement_noun(tok)
        if tok.pos_ == "VERB" and lemma in RELATION_VERBS:
            return self._relations(tok, lemma)
        return None

    def _relations(self, tok, lemma):
        """'Both states restored full diplomatic ties in 1990', 'A established
        relations with B': the two sides agreed on their relations (told as done: a past
        tense, not 'to normalise' or 'could restore')."""
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ in ("relations", "ties")), None)
        if obj is None or any(t.lower_ in ("economic", "trade", "business", "cultural") for t in obj.lefts):
            return None
        finite = tok.tag_ == "VBD" or tok.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)
        if not finite or self.status(tok) != "occurred":
            return None
        kinds = (PERSON, STATE, ORGANIZATION)
        group, parties = None, []
        for phrase in self._clause_subject(tok):
            n = self._is_group(phrase)
            if n is not None:
                group = n
            else:
                parties += self._phrase_parties(phrase)
        parties += self.pobjs(tok, {"with", "between"}, kinds) + self.pobjs(obj, {"with", "between"}, kinds)
        ev = Event(kind=AGREEMENT_SIGNING, status="agreed")
        self._add_parties(ev, parties)
        ev.name = RELATION_VERBS[lemma] + " of diplomatic relations"
        ev.time = self.time_for(tok)
        ev._group = group
        ev._anchor = tok.i
        ev._clause = False
        return ev

    def _agreement_objects(self, verb, lemma):
        """The agreement nouns a signing/agreeing verb governs, each coordinated one apart."""
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma == "agree":
            objs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "to", "upon")
                     for g in c.children if g.dep_ == "pobj"]
        out = []
        for o in objs:
            for x in _members(o):
                if x.pos_ in ("NOUN", "PROPN") and x not in out:
                    out.append(x)
        if not out and verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in DOCUMENT_NOUNS:
            out = [verb.head]          # "agreements reached by A and B", "a pact they signed"
        if not out and not objs:
            rel = self._misparsed_relative(verb)
            if rel is not None:
                out = [rel]
        return out

    def _misparsed_relative(self, verb):
        """'a customs accord that the four neighbours signed', parsed with 'signed' as a
        modifier of 'neighbours': the agreement noun right before 'that/which' is the object."""
        if verb.dep_ not in ("acl", "relcl") or verb.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        doc = verb.doc
        for j in range(verb.i - 1, max(verb.sent.start, verb.i - 10), -1):
            if doc[j].lower_ in ("that", "which") and j - 1 >= verb.sent.start:
                noun = doc[j - 1]
                if noun.pos_ in ("NOUN", "PROPN") and noun.lemma_.lower() in AGREEMENT_HEADS:
                    return noun
                return None
        return None

    def _clause_subject(self, verb):
        """The subject phrase of the verb, climbing through infinitives, conjuncts and
        'an accord signed in 2001' to the clause that has one; and the agent of a passive."""
        node = verb
        for _ in range(5):
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            subj += [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if subj:
                return subj
            if node.dep_ in ("xcomp", "conj", "acl", "relcl", "dobj", "pobj", "prep", "advcl", "pcomp") \
                    and node.head is not node:
                node = node.head
            else:
                break
        return []

    def _is_group(self, phrase) -> Optional[int]:
        """'the two sides', 'the three leaders', 'they', 'both countries', 'their governments':
        the number of parties the phrase stands for (0: as many as the context has); None if the
        phrase is not such a group. Bare plurals ('governments') are governments in general."""
        words = {t.lower_ for t in phrase.subtree}
        if phrase.lower_ in ("they", "we", "both"):
            return NUMBERS.get(phrase.lower_, 0)
        if phrase.lower_ not in GROUP_WORDS:
            return None
        if self.keys(phrase, (STATE, ORGANIZATION)) or (self.keys(phrase, (PERSON,)) and not words & set(NUMBERS)):
            return None              # "the United States", "the Gulf States"
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in phrase.children):
            return None              # "the leaders of A, B and C": named
        definite = any(t.lower_ in ("the", "both", "their", "our", "these", "those", "all") or t.lower_ in NUMBERS
                       for t in phrase.subtree if t.i < phrase.i)
        if not definite:
            return None
        return next((NUMBERS[w] for w in words if w in NUMBERS), 0)

    def _phrase_parties(self, phrase) -> list[str]:
        """Entities a subject phrase names, 'the leaders of A, B and C' included."""
        kinds = (PERSON, STATE, ORGANIZATION)
        out = self.keys(phrase, kinds)
        if not out:
            for c in phrase.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            out += [k for k in self.keys(g, kinds) if k not in out]
                if c.dep_ in ("amod", "compound"):
                    out += [k for k in self.keys(c, kinds) if k not in out]
        for c in phrase.conjuncts:
            if c.i > phrase.i and not self.keys(c, kinds):
                out += [k for k in self._phrase_parties(c) if k not in out]
        return out

    def _agreement_verb(self, tok, lemma):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in tok.children):
            return None          # "whether they agree or not": no agreement is reported
        if lemma == "agree" and any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children):
            return None          # '"Nothing is settled yet," agreed X': agreeing with a view, not a deal
        if lemma == "hammer" and not any(c.lower_ == "out" for c in tok.children):
            return None
        objs = self._agreement_objects(tok, lemma)
        heads = AGREEMENT_HEADS if lemma in WEAK_VERBS else DOCUMENT_NOUNS
        nouns = [o for o in objs if (o.lemma_.lower() in heads or o.lower_ in heads) and not _unspecific(o)]
        if objs and not nouns and any(_unspecific(o) for o in objs):
            return None          # "any further accords to be signed": no agreement in particular
        gov = self._governor(tok)
        if gov is not None and gov.lemma_.lower() in URGE_VERBS and (
                not self._urged(gov, tok) or any(_bare(n) for n in nouns)):
            return None          # "asking city councils to sign a charter", "pressed X to reach agreement"
        if any(c.dep_ == "amod" and c.lower_ in DOMESTIC_AMODS for n in nouns for c in n.children):
            return None          # "signed an executive declaration": a state's own act
        if lemma in WEAK_VERBS and any(c.dep_ == "aux" and c.lower_ in SPECULATIVE for c in
                                       list(tok.children) + (list(tok.head.children) if tok.dep_ == "conj" else [])) and \
                any(not _definite(n) for n in nouns):
            return None          # "might accept a weak deal": speculation
        clause = topic = comp = None
        if not nouns:
            if lemma != "agree":
                return None
            # "agreed to resume talks", "agreed that ...", "agreed on patrolling arrangements"
            clause = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            topic = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to")
                          for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if topic is not None and topic.lower_ in VAGUE_TOPICS:
                topic = None
            if clause is not None and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in AGREEMENT_HEADS
                                          for c in clause.children):
                return None      # "agreed to activate a pact signed in 2001": the pact is the event
            if clause is not None and clause.lemma_.lower() in GIVING_VERBS and \
                    len({self._party_of(k) for p in self._clause_subject(tok) for k in self._phrase_parties(p)}
                        - {None}) < 2 and not any(self._is_group(p) is not None for p in self._clause_subject(tok)):
                return None      # "A has agreed to lend B two ships": a pledged transfer
            if clause is None and topic is None and comp is None:
                return None
            nouns = [None]
        status = "signed" if lemma in SIGN_VERBS else "agreed"
        st = self.status(tok)
        if lemma == "negotiate" and st == "occurred":
            st = "signed"
        if st in ("planned", "denied", "cancelled", "alleged"):
            status = "planned" if st == "alleged" else st
        if lemma in ("finalize", "finalise") and status == "agreed":
            status = "signed"
        if gov is not None and gov.lemma_.lower() in FAIL_VERBS:
            status = "denied"    # "declined to agree to the quotas"
        elif gov is not None and gov.lemma_.lower() in EXPECT_VERBS | URGE_VERBS and status in ("signed", "agreed"):
            status = "planned"   # "was supposed to sign a pact", "urged X to accept a deal"
        if any(c.dep_ == "det" and c.lower_ == "no" for n in nouns if n is not None for c in n.children):
            status = "denied"    # "no agreement was signed"
        kinds = (PERSON, STATE, ORGANIZATION)
        group = None
        verb_parties: list[str] = []
        subject_phrases = self._clause_subject(tok)
        if gov is not None and gov.lemma_.lower() in URGE_VERBS:
            # "pressed A to agree to a truce": the one urged, not the one urging
            subject_phrases = [c for c in gov.children if c.dep_ in ("dobj", "dative")] + \
                [g for c in gov.children if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        if nouns and nouns[0] is not None and self._misparsed_relative(tok) is not None and \
                nouns[0].i == self._misparsed_relative(tok).i:
            subject_phrases = [tok.head]      # "an accord that the four neighbours signed"
        if lemma != "broker":
            for phrase in subject_phrases:
                n = self._is_group(phrase)
                people = self.keys(phrase, (PERSON,)) if phrase.lower_ in PERSON_GROUPS else []
                if n is not None and people:
                    verb_parties += people      # "the two ministers signed": resolved to the two
                elif n is not None:
                    group = n if group is None else max(group, n)
                else:
                    verb_parties += self._phrase_parties(phrase)
        if lemma != "broker" and group is None and not verb_parties and any(
                _named_body(p) for p in subject_phrases):
            return None          # "Larkspur ministers agreed": a body the text does not resolve to states
        verb_parties += self.pobjs(tok, {"with", "between"}, kinds)
        # "unveiled the declaration at a joint press briefing with A and B"
        verb_parties += [k for g in (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "at"
                                     for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in JOINT_EVENTS
                                     and any(a.lower_ == "joint" for a in g.children))
                         for k in self.pobjs(g, {"with"}, kinds) if k not in verb_parties]
        for noun in nouns:
            if noun is not None and group is None:
                if any(c.dep_ == "poss" and c.lower_ in ("their", "our") for c in noun.children) and not verb_parties:
                    group = 0
        out = []
        for noun in nouns:
            parties = list(verb_parties)
            if noun is not None:
                parties += self._noun_parties(noun)
                name = self._agreement_name(noun)
                if noun.lemma_.lower() not in AGREEMENT_HEADS and group is None and \
                        len({self._party_of(k) for k in parties} - {None}) < 2 and \
                        not any(c.lower_ in ("joint", "bilateral", "trilateral") for c in noun.children):
                    continue     # "a statement he issued": one voice is not an agreement
            else:
                target = clause or topic or comp
                if target is clause:
                    parties += self.pobjs(clause, {"with", "between"}, kinds)
                    parties += [k for k in self._nominal_place(clause, parties) if k not in parties]
                words = [t for t in target.subtree if not t.is_punct and t.dep_ not in ("aux", "mark")
                         or t.i > target.i][:10]
                lead = {clause: "agreement to ", topic: "agreement on ", comp: "agreement that "}[target]
                name = lead + " ".join(t.text for t in words)
            ev = Event(kind=AGREEMENT_SIGNING, status=status)
            self._add_parties(ev, parties)
            ev.name = name
            anchor = noun if noun is not None else tok
            ev.time = self.time_for(tok) or (self._year_of(noun) if noun is not None else None)
            ev.place = self.places_under(tok)
            ev._group = group
            ev._anchor = anchor.i
            ev._clause = noun is None
            ev._backref = noun is not None and _bare_definite(noun) and (
                lemma in WEAK_VERBS or len({self._party_of(k) for k in parties} - {None}) < 2)
            out.append(ev)
        return out

    def _governor(self, verb):
        """The verb an infinitive or gerund agreement verb depends on: 'supposed' in 'was
        supposed to sign', 'pressed' in 'pressed X to match that step by agreeing'."""
        node = verb
        for _ in range(6):
            if node.dep_ in ("xcomp", "pcomp", "advcl", "ccomp", "pobj", "prep", "acl") and node.head is not node:
                node = node.head
                if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in URGE_VERBS | EXPECT_VERBS | FAIL_VERBS:
                    return node
            else:
                break
        return None

    def _urged(self, gov, verb) -> bool:
        """Does the urging name whom it urges ('urged A to accept', 'called for A to')?"""
        kinds = (PERSON, STATE, ORGANIZATION)
        if any(self.keys(c, kinds) for c in gov.children if c.dep_ in ("dobj", "dative")):
            return True
        if self.pobjs(gov, {"for", "on", "upon"}, kinds):
            return True
        return any(self.keys(c, kinds) for t in verb.ancestors if t.i != gov.i and gov in t.ancestors
                   for c in t.children if c.dep_ in ("nsubj", "nsubjpass"))

    def _agreement_noun(self, tok):
        """An agreement noun that no signing verb governs, with a cue of its own."""
        if tok.ent_type_ in ("ORG", "FAC", "GPE", "LOC") and tok.ent_iob_ != "" and \
                any(t.ent_type_ == tok.ent_type_ and t.i > tok.i and t.ent_iob_ == "I" for t in tok.doc[tok.i + 1:tok.i + 3]):
            return None          # "the North Atlantic Treaty Organization"
        gov = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "conj") and gov.lemma_.lower() in SIGN_VERBS | AGREE_VERBS:
            return None       # the verb rule reads it
        root = _list_root(tok)
        if root.i != tok.i:
            if root.head.lemma_.lower() in SIGN_VERBS | AGREE_VERBS and root.dep_ in ("dobj", "nsubjpass"):
                return None
        if root.dep_ == "dobj" and root.head.lemma_.lower() in LIST_VERBS and \
                any(c.dep_ == "nsubj" and (c.lower_ in ("they", "these", "those", "it") or
                                           c.lemma_.lower() in DOCUMENT_NOUNS | {"memoranda"})
                    for c in root.head.children):
            # "These cover a protocol on ports and a pact on tourism": each one of the
            # agreements just told, with its parties and status
            ev = Event(kind=AGREEMENT_SIGNING, status="signed")
            ev.name = self._agreement_name(tok)
            ev.time = None
            ev._group = None
            ev._anchor = tok.i
            ev._listed = True
            ev._clause = False
            return ev
        if tok.dep_ == "pobj" and gov.lower_ in ("on", "to", "upon") and gov.head.lemma_.lower() == "agree":
            return None
        if any(c.dep_ in ("relcl", "acl") and c.lemma_.lower() in SIGN_VERBS | AGREE_VERBS for c in tok.children):
            return None       # "a pact signed in 2001": the verb rule reads it
        if _unspecific(tok):
            return None       # "any deal between A and B"
        if tok.tag_ in ("NNS", "NNPS") and tok.lower_ != "accords":
            named = False
        else:
            named = self._titled(tok)
        parties = self._noun_parties(tok)
        year = self._year_of(tok)
        amods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
        planned = bool(amods & PLANNED_AMODS)
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in WANT_VERBS and parties and \
                self.pobjs(tok, {"with", "between"}, (PERSON, STATE, ORGANIZATION, PLACE)):
            # "A wants a pipeline pact with Rome": a deal one side seeks with another
            wanted = [k for p in self._clause_subject(tok.head) for k in self._phrase_parties(p)]
            if wanted:
                parties = wanted + [k for k in parties if k not in wanted]
                planned = True
        if not (named or year or len(parties) >= 2 or planned and parties):
            return None
        st = self.status(tok)
        if planned or st == "planned":
            status = "planned"
        elif st in ("denied", "cancelled"):
            status = st
        else:
            status = "signed"
        ev = Event(kind=AGREEMENT_SIGNING, status=status)
        self._add_parties(ev, parties)
        ev.name = self._agreement_name(tok)
        ev.time = year or (self.time_for(tok) if status != "planned" else None)
        ev._group = None
        ev._anchor = tok.i
        # context fills the parties of a cited older agreement, but not of a titled one ("the 1998 X
        # Accords"): whose accord that is, the article need not say
        ev._weak = not parties and (not year or named)
        return ev

    # ------------------------------------------------------------ helpers --
    def _titled(self, tok) -> bool:
        """'the X Accords', 'the Y Declaration': a capitalised agreement noun with a
        capitalised modifier, not at the start of a sentence or a headline."""
        if not tok.text[:1].isupper() or tok.is_sent_start:
            return False
        caps = [c for c in tok.lefts if c.text[:1].isupper() and c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        return bool(caps) or any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children)

    def _year_of(self, tok):
        """'a 2001 security pact', 'the treaty of 1979', 'an agreement from 1998'."""
        for t in tok.subtree:
            if t.ent_type_ == "DATE" and (t.i < tok.i or t.head is tok or t.head.head is tok and
                                          t.head.lower_ in ("of", "from", "in")):
                if not re.fullmatch(r"(1[89]|20)\d\d", t.text):
                    continue
                ent = next((e for e in tok.sent.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    tv = self.normalise(ent, "past")
                    if tv is not None and tv.value:
                        return tv
        return None

    def _noun_parties(self, noun) -> list[str]:
        """'between A and B', 'with A', 'an A-B treaty', 'the Chilean-Peruvian accord', 'A's deal with B'."""
        kinds = (PERSON, STATE, ORGANIZATION)
        out = self.pobjs(noun, {"between", "with", "among"}, kinds)
        # "a memorandum of understanding with X": the sides hang on the 'of' noun
        for g in (g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in DOCUMENT_NOUNS | {"cooperation"}):
            out += [k for k in self.pobjs(g, {"between", "with", "among"}, kinds) if k not in out]
        # "a pact with Rome": a capital as a side stands for its state
        for k in self.pobjs(noun, {"between", "with", "among"}, (PLACE,)):
            st = gaz.lookup_capital(self.reg.entities[k].label)
            key = f"state/{st.key}" if st is not None else None
            if key and key in self.reg.entities and key not in out:
                out.append(key)
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < noun.i:
                if any(re.search(r"(proposed|brokered|backed|led|sponsored|mediated|drafted|style)$", t.lower_)
                       for t in c.subtree):
                    continue     # "an X-brokered ceasefire": the broker is not a party
                for t in c.subtree:
                    out += [k for k in self.reg.keys_at(t.i) if self.reg.kind(k) in kinds and k not in out]
        # "a ceasefire in the A-B war": the sides of the war
        if noun.lemma_.lower() in ("ceasefire", "cease-fire", "truce", "armistice"):
            for g in (g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "between", "for")
                      for g in c.children if g.dep_ == "pobj"):
                for t in g.subtree:
                    if t.i < g.i:
                        out += [k for k in self.reg.keys_at(t.i) if self.reg.kind(k) in kinds and k not in out]
        # "agreements establishing relations with A and B"
        for c in noun.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() not in SIGN_VERBS | AGREE_VERBS and \
                    not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                out += [k for k in self.pobjs(c, {"with", "between"}, kinds) if k not in out]
                for o in c.children:
                    if o.dep_ == "dobj":
                        out += [k for k in self.pobjs(o, {"with", "between"}, kinds) if k not in out]
        return out

    def _party_of(self, k: str) -> Optional[str]:
        e = self.reg.entities.get(k)
        if e is None:
            return None
        if e.kind == PERSON:
            return self._state_of(k)
        if e.kind == STATE or e.kind == ORGANIZATION and e.subtype == "InternationalOrganization":
            return k
        return e.country if e.kind == ORGANIZATION else None

    def _add_parties(self, ev: Event, keys: list[str]) -> None:
        for k in dict.fromkeys(keys):
            e = self.reg.entities.get(k)
            if e is None:
                continue
            if e.kind == PERSON:
                ev.add("signatory", k)
                s = self._state_of(k)
                if s:
                    ev.add("party", s)
            elif e.kind == STATE:
                ev.add("party", k)
            elif e.kind == ORGANIZATION:
                if e.subtype == "InternationalOrganization":
                    ev.add("party", k)
                elif e.country and e.subtype not in ("NewsAgency",):
                    ev.add("party", e.country)

    def _quoted_name(self, noun) -> Optional[str]:
        """'a "Pledge to Warn"': the title between the quotes around the noun."""
        doc, quotes = noun.doc, {'"', "“", "”"}
        left = next((t for t in reversed(doc[max(noun.sent.start, noun.i - 4):noun.i]) if t.text in quotes), None)
        right = next((t for t in doc[noun.i + 1:min(noun.sent.end, noun.i + 7)] if t.text in quotes), None)
        if left is None or right is None or left.text == "”" or right.text == "“":
            return None
        inner = doc[left.i + 1:right.i]
        if not inner.text[:1].isupper() or any(t.is_punct and t.text in ",;" for t in inner):
            return None
        return inner.text

    def _agreement_name(self, noun) -> Optional[str]:
        quoted = self._quoted_name(noun)
        if quoted and noun.sent.start != 0:
            return quoted
        name = phrase_name(noun)
        for c in noun.children:
            # "the documents on the lawn": a place, not what the agreement is on
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
            if pobj is not None and c.lower_ in ("on", "of") and name and (" " + c.text + " ") in name and any(
                    self.reg.kind(k) == PLACE for t in pobj.subtree if t.i <= pobj.i for k in self.reg.keys_at(t.i)):
                name = name[:name.rfind(" " + c.text + " ")]
        for c in noun.children:
            # "a treaty on trade at the X Palace": the topic, without the place
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
            if pobj is not None and c.lower_ in ("on", "of") and name and f" {c.text} " not in name and \
                    pobj.i - c.i <= 8 and not any(self.reg.kind(k) == PLACE for t in pobj.subtree
                                                  for k in self.reg.keys_at(t.i) if t.i <= pobj.i):
                name = f"{name} {noun.doc[c.i:pobj.i + 1].text}"
                break
        if noun.sent.start == 0:
            # a headline's capitalised words are not a name: keep the noun and its modifiers
            mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and not self.reg.keys_at(c.i)
                    and c.lemma_.lower() not in SIGN_VERBS | AGREE_VERBS]
            name = " ".join([t.text for t in mods] + [noun.text])
        if name:
            name = name.strip(' "“”\'‘’,')
            name = re.sub(r"\s+", " ", name)
        return name or None

    # --------------------------------------------------------- post-pass --
    def _agreement_context(self) -> None:
        """Fill in missing parties, name generic agreements after their parties, merge repeats,
        drop what is left with fewer than two parties."""
        keep = []
        for ev in self.events:
            if ev.kind != AGREEMENT_SIGNING:
                keep.append(ev)
                continue
            if getattr(ev, "_listed", False):
                before = [o for o in keep if o.kind == AGREEMENT_SIGNING and o.evidence and ev.evidence
                          and 0 <= ev.evidence.start - o.evidence.start <= 600]
                if not before:
                    continue
                last = before[-1]
                for role in ("party", "signatory"):
                    for k in last.roles.get(role, []):
                        ev.add(role, k)
                ev.status, ev.time, ev.place = last.status, last.time, last.place
                if getattr(last, "_anchor", None) is not None and (self.doc[last._anchor].tag_ in ("NNS", "NNPS")
                                                                   or self.doc[last._anchor].lower_ == "memoranda"):
                    last._replaced = True      # "the memoranda were signed ... These cover A, B, C"
                keep.append(ev)
                continue
            parties = list(ev.roles.get("party", []))
            group = getattr(ev, "_group", None)
            prev = self._earlier_agreement(ev, keep, parties) if group is None else None
            if prev is not None:
                # "the deal" / "a ceasefire" that one side accepts: the agreement told before
                for k in ev.roles.get("signatory", []):
                    if self._party_of(k) in prev.roles["party"]:
                        prev.add("signatory", k)
                if ev.status not in ("denied", "cancelled"):
                    if prev.status == "planned" and ev.status in ("signed", "agreed"):
                        prev.status = ev.status
                    elif prev.status == "agreed" and ev.status == "signed":
                        prev.status = "signed"
                prev.time = prev.time or ev.time
                continue
            if group is not None or (len(parties) < 2 and not getattr(ev, "_weak", False)):
                met, others = self._context_states(ev, parties)
                if group == 0 and met:
                    want = len(parties) + len(met)      # "they agreed": everyone at the encounter
                else:
                    want = max(group or 2, len(parties) if group is None else 0)
                order = met + others
                if any(self._state_of(k) is None and self._non_state_side(k, ev) for k in ev.roles.get("signatory", [])):
                    order = []       # "with X, head of a rebel enclave in Y": no state to guess
                if group is None:
                    # "A settled its quarrel with B when two envoys signed a treaty": the states the
                    # sentence itself names as actors come before the encounter told earlier
                    order = [k for k in self._sentence_states(ev) if k not in parties] + order
                for k in order:
                    if len(parties) >= want:
                        break
                    if k not in parties:
                        parties.append(k)
                ev.roles["party"] = parties
            if len(set(ev.roles.get("party", []))) < 2:
                continue
            if ev.status == "denied":
                continue         # "has not agreed to", "refused to sign": no agreement to report
            if ev.name and not (set(_words(ev.name)) - GENERIC_NAME_WORDS):
                labels = [self.reg.entities[k].label for k in ev.roles["party"]][:4]
                head = _words(ev.name)[-1] if _words(ev.name) else "agreement"
                ev.name = f"{'–'.join(labels)} {head}"
            keep.append(ev)
        self.events = _merge_agreements([ev for ev in keep if not getattr(ev, "_replaced", False)])

    def _earlier_agreement(self, ev: Event, kept: list, parties: list) -> Optional[Event]:
        """The agreement told before that this mention refers back to: for 'the deal' after a
        weak verb ('approve the deal', 'accept the deal') the latest agreement; for 'the deal'
        or a one-party mention otherwise, the latest one with the same head noun whose parties
        include this mention's."""
        backref = getattr(ev, "_backref", False)
        if not backref and (len(parties) >= 2 or getattr(ev, "_weak", False)):
            return None
        anchor = getattr(ev, "_anchor", None)
        if anchor is None:
            return None
        head = self.doc[anchor].lemma_.lower()
        if head not in AGREEMENT_HEADS:
            return None
        earlier = [o for o in kept if o.kind == AGREEMENT_SIGNING and len(set(o.roles.get("party", []))) >= 2
                   and getattr(o, "_anchor", None) is not None and o._anchor < anchor]
        if not earlier:
            return None
        if backref and self.doc[anchor].head.lemma_.lower() in WEAK_VERBS:
            return earlier[-1]
        same = [o for o in earlier if (backref or self.doc[o._anchor].lemma_.lower() == head)
                and set(parties) <= set(o.roles.get("party", []))]
        return same[-1] if same else None

    def _non_state_side(self, key: str, ev: Event) -> bool:
        """Is the signatory described, in the agreement's sentence, as the leader of something
        that is no state ('X, head of a rebel enclave in Y')?"""
        if ev.evidence is None:
            return False
        sent = list(self.doc.sents)[ev.evidence.sentence_index]
        for t in sent:
            if key in self.reg.keys_at(t.i):
                for a in t.children:
                    if a.dep_ == "appos" and {w.lower_ for w in a.subtree} & NON_STATE_WORDS:
                        return True
        return False

    def _sentence_states(self, ev: Event) -> list[str]:
        """States the agreement's own sentence names as actors (not 'in/at' places, not a
        broker), in order; none when the sentence names more states than an agreement needs."""
        if ev.evidence is None:
            return []
        sents = list(self.doc.sents)
        idx = ev.evidence.sentence_index
        if not 0 <= idx < len(sents):
            return []
        out = []
        anchor = getattr(ev, "_anchor", None)
        for t in sents[idx]:
            if t.head.lemma_.lower() in AGREEMENT_HEADS and t.head.i != anchor and t.dep_ in ("compound", "amod", "nmod", "poss"):
                continue         # "the A deal is a treaty, while B signed ...": another agreement's party
            if _locative(t) or any(a.lower_ == "by" and a.dep_ == "agent" or
                                   re.search(r"(brokered|mediated)$", a.lower_) for a in list(t.ancestors)[:3]):
                continue
            for k in self.reg.keys_at(t.i):
                st = self._state_of(k) if self.reg.kind(k) in (PERSON, STATE) else None
                if st and st not in out and self.reg.kind(st) == STATE:
                    out.append(st)
        return out if len(out) <= 3 else []

    def _state_salience(self) -> dict:
        """How often the article names each state, its people included."""
        counts = {}
        for k, e in self.reg.entities.items():
            if e.kind == STATE:
                counts[k] = len(e.mentions)
        for k, e in self.reg.entities.items():
            if e.kind == PERSON:
                s = self._state_of(k)
                if s in counts:
                    counts[s] += len(e.mentions)
        return counts

    def _context_states(self, ev: Event, have: list[str]) -> tuple[list[str], list[str]]:
        """States the agreement's context is about, most likely first: the states of the
        encounter told last (up to this sentence), then the states this sentence and the one
        before name, then the states the article names most."""
        out: list[str] = []
        pos = ev.evidence.start if ev.evidence else 0
        recent = [e for e in self.events if e.kind in (MEETING, VISIT, CALL) and e.evidence
                  and e.evidence.start <= pos and pos - e.evidence.start <= 1200]
        if recent:
            last = max(recent, key=lambda e: (e.evidence.start, len(e.entities())))
            same_sent = [e for e in recent if e.evidence.start == last.evidence.start]
            for e in same_sent:
                for k in e.entities():
                    s = self._state_of(k)
                    if s and s not in out and self.reg.kind(s) == STATE:
                        out.append(s)
        sents = list(self.doc.sents)
        idx = ev.evidence.sentence_index if ev.evidence else 0
        near = []
        for s in [sents[i] for i in (idx, idx - 1) if 0 <= i < len(sents)]:
            for t in s:
                if _locative(t):
                    continue
                for k in self.reg.keys_at(t.i):
                    st = self._state_of(k) if self.reg.kind(k) in (PERSON, STATE) else None
                    if st and st not in near and self.reg.kind(st) == STATE:
                        near.append(st)
        counts = self._state_salience()
        met = sorted((k for k in out if k not in have), key=lambda k: -counts.get(k, 0))
        here = [k for k in near[:0]]
        out = [k for k in near if k not in out]
        out += [k for k in sorted(counts, key=lambda k: -counts[k]) if counts[k] >= 2 and k not in out]
        return met, [k for k in out if k not in have and k not in met]


def _members(o) -> list:
    """The nouns of a coordinated or appositive list headed by `o` ('the X Principles, a short
    communique called "Y", and a Pledge to Warn'): `o`, its conjuncts and appositions."""
    out, todo = [], [o]
    while todo:
        x = todo.pop(0)
        if x in out or len(out) > 12:
            continue
        out.append(x)
        for c in x.children:
            if c.dep_ in ("conj", "appos") and c.i > x.i:
                todo.append(c)
            elif c.dep_ == "acl" and c.lemma_.lower() in ("dub", "call", "name", "title", "know"):
                # 'a communique called "X", and a Y': X names the communique, Y is the next item
                for g in c.children:
                    if g.dep_ in ("oprd", "attr", "dobj"):
                        todo += [cc for cc in g.children if cc.dep_ == "conj"]
    return out


def _list_root(tok):
    """The first noun of the list a noun stands in (through conjuncts and appositions)."""
    root = tok
    for _ in range(12):
        if root.dep_ in ("conj", "appos") and root.head is not root:
            root = root.head
        elif root.dep_ in ("oprd", "attr") and root.head.dep_ == "acl" and root.head.head is not root.head:
            root = root.head.head
        elif root.dep_ == "pobj" and root.i != tok.i:
            # "an MoU on research in farming, an MoU on ports": the second item hangs
            # inside the first one's topic; the list is the first item's
            first = next((a for a in list(root.ancestors)[:4] if a.pos_ in ("NOUN", "PROPN")
                          and a.lemma_.lower() in AGREEMENT_HEADS), None)
            if first is None:
                break
            root = first
        else:
            break
    return root


def _named_body(phrase) -> bool:
    """'Larkspur leaders', 'Tidewater ministers': people of a capitalised body that is no entity
    (the caller has found no entity in the phrase)."""
    if phrase.lower_ not in PERSON_GROUPS | {"members", "officials", "countries", "nations"}:
        return False
    return any(c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN" and c.text[:1].isupper()
               for c in phrase.children)


def _bare(noun) -> bool:
    """'to reach agreement': the noun alone, with no determiner, modifier or topic."""
    return noun.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "amod", "compound", "nmod", "prep", "nummod")
                                         for c in noun.children)


def _unspecific(noun) -> bool:
    """'any further accords', 'any deal': no agreement in particular."""
    return any(c.dep_ == "det" and c.lower_ in ("any", "whatever") for c in noun.children)


def _definite(noun) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
               for c in noun.children)


def _bare_definite(noun) -> bool:
    """'the deal', 'this agreement': a definite agreement noun with no name, parties or
    topic of its own, which refers back to one the text has told."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return False
    return not any(c.dep_ in ("compound", "amod", "nmod", "poss", "prep", "relcl", "acl", "appos")
                   for c in noun.children) and noun.lower_ in AGREEMENT_HEADS


def _locative(t) -> bool:
    """Is the token inside an 'in/at/near ...' phrase (where, not who)?"""
    for a in list(t.ancestors)[:4]:
        if a.dep_ == "prep" and a.lower_ in ("in", "at", "near", "inside", "outside", "on"):
            return True
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9'’-]+", (text or "").lower()) if w]


def _name_key(name: Optional[str]) -> set[str]:
    return set(_words(name or "")) - GENERIC_NAME_WORDS


def _merge_agreements(events: list[Event]) -> list[Event]:
    """One event per agreement: mentions with the same parties whose names do not differ
    (one is generic, or one's specific words include the other's) and whose dates agree."""
    out: list[Event] = []
    for ev in events:
        if ev.kind != AGREEMENT_SIGNING:
            out.append(ev)
            continue
        same = None
        for o in out:
            if o.kind != AGREEMENT_SIGNING:
                continue
            if set(o.roles.get("party", [])) != set(ev.roles.get("party", [])):
                continue
            neg = {"denied", "cancelled"}
            if (o.status in neg) != (ev.status in neg):
                continue
            a, b = _name_key(o.name), _name_key(ev.name)
            ga, gb = _generic(o), _generic(ev)
            headline = _sent(o) == 0 or _sent(ev) == 0           # a headline repeats the lead
            same_sentence = _sent(o) == _sent(ev) and (_clausal(o) or _clausal(ev))
            generic_ok = (ga or gb) and not (_clausal(o) or _clausal(ev))
            if not (generic_ok or a <= b and a or b <= a and b or headline or same_sentence):
                continue
            ta = o.time.value if o.time else None
            tb = ev.time.value if ev.time else None
            if ta and tb and not (ta.startswith(tb) or tb.startswith(ta)):
                continue
            same = o
            break
        if same is None:
            out.append(ev)
            continue
        for role, keys in ev.roles.items():
            for k in keys:
                same.add(role, k)
        if not _generic(ev) and (_generic(same) or _sent(same) == 0 or _clausal(same) and not _clausal(ev)):
            same.name = ev.name
        if _sent(same) == 0 and ev.evidence:
            same.evidence = ev.evidence          # the body tells it, the headline repeats it
        if (same.time is None or not same.time.value) and ev.time is not None:
            same.time = ev.time
        if same.status == "planned" and ev.status in ("signed", "agreed"):
            same.status = ev.status
        elif same.status == "agreed" and ev.status == "signed":
            same.status = "signed"
        same.place = same.place or ev.place
        same.attribution = same.attribution or ev.attribution
    return out


def _sent(ev: Event) -> int:
    return ev.evidence.sentence_index if ev.evidence else -1


def _clausal(ev: Event) -> bool:
    """Named after what was agreed ('agreement to resume talks'), not a document."""
    told = getattr(ev, "_clause", None)
    if told is not None:
        return told              # "an agreement on student exchanges" is a document
    return bool(ev.name) and ev.name.startswith(("agreement to ", "agreement on ", "agreement that "))


def _generic(ev: Event) -> bool:
    """A name made only of the parties and an agreement noun ('Chile–Norway treaty')."""
    if not ev.name:
        return True
    return ev.name.startswith("agreement ") is False and bool(re.search("–", ev.name)) and \
        len(_words(ev.name)) <= 6 and _words(ev.name)[-1] in GENERIC_NAME_WORDS
