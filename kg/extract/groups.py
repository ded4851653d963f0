"""Unnamed groups of officials as meeting participants (a mixin of `EventFinder`).

Wire copy often tells of talks with people it does not name: "talks with Chilean
officials", "Kenyan and Ugandan officials met", "leaders from A and B will meet",
"meetings with G20 finance ministers". Such a phrase becomes one entity per state or
bloc it names, labelled with the phrase as written ("Chilean officials"), of kind
Organization (subtype "Group", not an ontology class) with `country` the state it
belongs to, so it maps to a `dkg:Organization` with `dkg:stateOf`. A group is only
made where a meeting rule asks for a participant; it is never a speaker, party or
supplier.

A delegation whose members the text names ("a Chilean delegation led by A,
including B and C"; "The Chilean delegation includes A, B and C") stands for its
members: a meeting with the group of that state has the named members instead.
"""
from __future__ import annotations

import re
from typing import Optional

from ..facts import ORGANIZATION, PERSON, STATE, Entity, Mention
from ..namespaces import slug

GROUP = "Group"          # pseudo-kind for EventFinder.keys(): unnamed groups of officials
GROUP_NOUNS = {"officials", "ministers", "diplomats", "negotiators", "envoys", "delegation",
               "delegations", "delegates", "leaders", "representatives", "lawmakers",
               "counterparts", "emissaries", "mediators"}
# words that may stand between the state and the head: "Chilean working-level negotiators"
GROUP_MODIFIERS = {"foreign", "defense", "defence", "finance", "trade", "senior", "top", "government",
                   "military", "security", "health", "economy", "energy", "working-level", "level",
                   "high-level", "ranking", "administration", "embassy", "ministry", "cabinet",
                   "state", "national", "economic", "commerce", "-", "interior", "justice",
                   "agriculture", "transport"}
MEMBER_VERBS = {"include", "comprise", "consist", "feature"}


class GroupRules:
    """Mixin for EventFinder (needs reg, doc, keys, _state_of)."""

    def _group_init(self) -> None:
        self._groups: dict[int, list[str]] = {}
        self.group_members: dict[str, list[str]] = {}

    def is_group(self, key: str) -> bool:
        e = self.reg.entities.get(key)
        return e is not None and e.kind == ORGANIZATION and e.subtype == GROUP

    # ---------------------------------------------------------------- find --
    def group_keys(self, tok) -> list[str]:
        """The group entities a noun phrase headed by `tok` names ("Kenyan and Ugandan
        officials" -> two groups), or [] when it is not a group of some state's officials."""
        if tok.i in self._groups:
            return self._groups[tok.i]
        self._groups[tok.i] = out = self._make_groups(tok)
        return out

    def _owner_keys(self, tok) -> list[str]:
        out = []
        for k in self.reg.keys_at(tok.i):
            e = self.reg.entities[k]
            if e.kind == STATE or e.kind == ORGANIZATION and e.subtype == "InternationalOrganization":
                out.append(k)
            elif e.kind == ORGANIZATION and e.subtype is None and tok.pos_ == "PROPN":
                # a state name the gazetteer matcher missed (an abbreviation read as an organisation)
                from .. import gazetteer as gaz
                st = gaz.lookup_state(e.label)
                if st is not None:
                    out.append(self.finder._ensure_state(st))
        return out

    def _make_groups(self, tok) -> list[str]:
        low = tok.lower_
        if tok.pos_ not in ("NOUN", "PROPN") or low not in GROUP_NOUNS:
            return []
        if low != "delegation" and tok.tag_ not in ("NNS", "NNPS"):
            return []      # "a U.S. official": one unnamed person, not a group
        if any(c.lower_ in ("other", "another", "their", "his", "her", "its", "both", "these", "those")
               for c in tok.children if c.i < tok.i):
            return []      # "he and other officials", "their delegations": a named person's side
        if any(c.like_num or c.lower_ in ("several", "many", "some", "dozens") for c in tok.subtree if c.i < tok.i):
            return []      # "ministers of about 50 countries": a crowd, not one counterpart
        doc = tok.doc
        # modifiers before the head
        left = [t for t in doc[tok.left_edge.i:tok.i] if t.dep_ != "det" and t.dep_ != "poss" or self._owner_keys(t)]
        owners = []     # (token, key)
        for t in left:
            for k in self._owner_keys(t):
                if k not in [o[1] for o in owners]:
                    owners.append((t, k))
        # "leaders from A and B", "officials of A"
        from_phrase = None
        if not owners:
            for c in tok.children:
                # "leaders from A and B", "delegations representing A and B"
                if c.dep_ == "prep" and c.lower_ == "from" and c.i == tok.i + 1 or \
                        c.dep_ == "acl" and c.lemma_.lower() == "represent" and c.i == tok.i + 1:
                    for g in c.children:
                        if g.dep_ in ("pobj", "dobj"):
                            for t in [g] + list(g.conjuncts):
                                ks = self._owner_keys(t) or [k for x in t.subtree for k in self._owner_keys(x)][:1]
                                if ks and t.i > tok.i:
                                    owners.append((t, ks[0]))
                            from_phrase = c
            if any(t.like_num or t.lower_ in ("countries", "nations", "states") for t in
                   (from_phrase.subtree if from_phrase is not None else [])):
                return []
        if not owners:
            return []
        out = []
        if from_phrase is None:
            last_owner = max(t.i for t, _ in owners)
            tail = [t for t in doc[last_owner + 1:tok.i + 1]
                    if t.lower_ in GROUP_MODIFIERS or t.i == tok.i or self._owner_keys(t)]
            if any(t.lower_ not in GROUP_MODIFIERS and t.i != tok.i and not self._owner_keys(t)
                   for t in doc[last_owner + 1:tok.i]):
                return []
            for t, k in owners:
                words = _span_text(doc, self._owner_span(t)) + " " + _span_text(doc, tail)
                out.append(self._group_entity(words, k, tok))
        else:
            for t, k in owners:
                det = next((c for c in t.children if c.dep_ == "det" and c.lower_ == "the"), None)
                span = self._owner_span(t)
                start = det.i if det is not None else span[0]
                words = f"{tok.text} {from_phrase.text} " + _span_text(doc, (start, span[1]))
                out.append(self._group_entity(words, k, tok))
        return list(dict.fromkeys(out))

    def officials_of(self, state_key: str, tok) -> Optional[str]:
        """'U.S.-Ukraine talks', 'A and B held talks' with nobody named: the group of that state's
        officials, labelled '<demonym> officials' (the text's own form when it is an adjective
        or an abbreviation such as 'U.S.')."""
        from .. import gazetteer as gaz
        e = self.reg.entities.get(state_key)
        if e is None or e.kind != STATE:
            return None
        text = tok.text if state_key in self.reg.keys_at(tok.i) else ""
        if "-" in tok.text and not text:
            # one side of "U.S.-China": its own form
            from .. import gazetteer as gaz2
            text = next((x for x in tok.text.split("-") if x and (
                (gaz2.lookup_state(x) or gaz2.lookup_demonym(x)) is not None and
                f"state/{(gaz2.lookup_state(x) or gaz2.lookup_demonym(x)).key}" == state_key)), "")
        st = gaz.state_by_key(state_key.split("/", 1)[-1])
        if text and (gaz.lookup_demonym(text) is not None or re.fullmatch(r"(?:[A-Z]\.){2,}", text)):
            form = text
        elif st is not None and st.demonyms:
            form = "U.S." if st.key == "united-states" else st.demonyms[0]
        else:
            return None
        return self._group_entity(f"{form} officials", state_key, tok)

    def _owner_span(self, t) -> tuple[int, int]:
        """Token range of the state mention at `t` (e.g. "South African" or "S. Korea")."""
        keys = set(self._owner_keys(t))
        i = j = t.i
        while i - 1 >= 0 and set(self._owner_keys(t.doc[i - 1])) & keys:
            i -= 1
        while j + 1 < len(t.doc) and set(self._owner_keys(t.doc[j + 1])) & keys:
            j += 1
        return i, j + 1

    def _group_entity(self, words: str, owner: str, head) -> str:
        label = re.sub(r"\s+-\s+", "-", " ".join(words.split()))
        label = re.sub(r"^(the|a|an)\s+", "", label, flags=re.IGNORECASE)
        key = f"group/{slug(self.article_id)}/{slug(label)}"
        e = self.reg.entities.get(key)
        if e is None:
            country = owner if self.reg.kind(owner) == STATE else None
            e = self.reg.entities[key] = Entity(key=key, kind=ORGANIZATION, label=label, subtype=GROUP,
                                                country=country)
        e.aliases = e.aliases or [label]
        left = head.left_edge.idx
        m = Mention(left, head.idx + len(head.text), head.doc.text[left:head.idx + len(head.text)])
        if not any(x.start == m.start and x.end == m.end for x in e.mentions):
            e.mentions.append(m)
        return key

    # ------------------------------------------------------------ members --
    def _delegations(self) -> None:
        """Named members of delegations: 'a delegation led by A, including B and C',
        'the Chilean delegation includes A; B; and C', 'A led a delegation that included B'."""
        self._members_by_state: dict[Optional[str], list[tuple[int, list[str]]]] = {}
        for tok in self.doc:
            if tok.lower_ != "delegation" or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            members: list[str] = []
            # the delegation's own phrase: "led by A", "including B", "that included C"
            for c in tok.children:
                if c.dep_ in ("acl", "relcl", "prep"):
                    members += self._members_in(c)
            # "the delegation includes / is made up of A, B"
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in MEMBER_VERBS | {"make", "be"}:
                v = tok.head
                if v.lemma_.lower() in MEMBER_VERBS:
                    # the rest of the sentence: lists joined by semicolons defeat the parser
                    members += [k for t in v.sent if t.i > v.i and not self._in_possessive(t)
                                for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PERSON]
                elif v.lemma_.lower() == "make":
                    members += [k for c in v.children if c.dep_ == "prep" and c.lower_ == "up"
                                for g in c.children for x in g.children if x.dep_ == "pobj"
                                for k in self._person_list(x)]
            # "A led a delegation that included B": the leader is a member too
            # "A and B led the Chilean delegation" (with or without members named after it)
            if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("lead", "head"):
                members = [k for k in self.subjects(tok.head, (PERSON,))] + members
            members = list(dict.fromkeys(k for k in members if self.reg.kind(k) == PERSON))
            if not members:
                continue
            state = next((k for c in tok.children if c.i < tok.i for t in c.subtree
                          for k in self.reg.keys_at(t.i) if self.reg.kind(k) == STATE), None)
            if state is None:
                states = {self._state_of(k) for k in members} - {None}
                state = states.pop() if len(states) == 1 else None
            self._members_by_state.setdefault(state, []).append((tok.sent.start, members))
            for k in self.group_keys(tok):
                self.group_members[k] = members

    def _members_in(self, node) -> list[str]:
        out = []
        for t in node.subtree:
            if t.dep_ in ("pobj", "dobj", "attr", "appos", "conj") and t.head.lemma_.lower() in \
                    MEMBER_VERBS | {"by", "including", "include", "lead", "head"}:
                out += self._person_list(t)
            elif t.lower_ == "including" and t.dep_ == "prep":
                for g in t.children:
                    if g.dep_ == "pobj":
                        out += self._person_list(g)
        return out

    def _person_list(self, tok) -> list[str]:
        """Persons in a list that spaCy may have parsed as appositions or semicolon chains."""
        out = []
        for t in tok.subtree:
            if self._in_possessive(t):
                continue        # "the president's chief of staff A": A, not the president
            out += [k for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PERSON and k not in out]
        return out

    @staticmethod
    def _in_possessive(t) -> bool:
        node = t
        for _ in range(3):
            if node.dep_ == "poss" or any(c.dep_ == "case" for c in node.children):
                return True
            if node.dep_ not in ("compound", "flat") or node.head is node:
                return False
            node = node.head
        return False

    def _expand_groups(self) -> None:
        """A meeting with a group whose delegation the text names has the members instead."""
        for ev in self.events:
            if ev.kind != "Meeting":
                continue
            parts = ev.roles.get("participant", [])
            if not any(self.is_group(k) for k in parts):
                continue
            new: list[str] = []
            for k in parts:
                members = self.group_members.get(k) or self._nearby_members(k, ev)
                if members:
                    new += [m for m in members if m not in new]
                elif k not in new:
                    new.append(k)
            ev.roles["participant"] = new

    def _nearby_members(self, key: str, ev) -> list[str]:
        state = self.reg.entities[key].country
        if state is None or ev.evidence is None:
            return []
        best = None
        for start, members in self._members_by_state.get(state, []):
            dist = abs(self.doc[start].sent.start_char - ev.evidence.sentence_start)
            if dist <= 600 and (best is None or dist < best[0]):
                best = (dist, members)
        return best[1] if best else []


def _span_text(doc, rng) -> str:
    if isinstance(rng, tuple):
        return doc[rng[0]:rng[1]].text
    return " ".join(t.text for t in rng)
