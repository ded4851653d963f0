"""Entities in one article: find mentions, then decide which mentions are one entity.

Persons come from spaCy's PERSON spans, repaired where the small model cuts
names short or swallows titles; states, demonyms, capitals and international
organisations come from the gazetteer; other places and organisations from
spaCy's GPE/LOC/FAC/ORG spans and venue nouns. Within the article, "Lee",
"Lee Min-ho" and "Korean minister Lee Min Ho" become one person, and
"the Chilean leader", "the two leaders", "he" are resolved to persons
already mentioned.
"""
from __future__ import annotations

import datetime as _dt
import re
import string
from dataclasses import dataclass, field
from typing import Optional

from .. import gazetteer as gaz
from ..facts import ORGANIZATION, PERSON, PLACE, STATE, Entity, Mention, OfficeHolding, Evidence
from ..namespaces import slug
from . import lexicon as lx
from .titles import title_at

_POSSESSIVE = {"'s", "’s", "'", "’"}
_HEADLINE_VERBS = lx.HEADLINE_VERBS
# words of a title-case headline that the model may take for a person's name
_NOT_NAME_WORDS = lx.HEADLINE_VERBS | {"meetings", "joint", "summit", "press", "availability", "conference",
                                       "dialogue", "talks", "signing", "ceremony", "communique", "declaration",
                                       "the", "of", "and", "on", "with"}
# Office titles: the lexicon's, and staff titles that name a state's official only here
# (the event rules do not treat them as titles).
_OFFICES = {**lx.OFFICES, "chief of staff": "Chief of Staff", "military commander": "Military Commander",
            "army chief": "Army Chief", "junta chief": "Junta Leader", "junta leader": "Junta Leader",
            "communications director": "Communications Director",
            "special representative": "Special Representative"}
# "Commerce Secretary", "Health Minister": a portfolio word before a title head
_OFFICES.update({f"{w} {head}": f"{w.title()} {head.title()}"
                 for w in ("commerce", "health", "justice", "education", "agriculture", "industry",
                           "transport", "environment", "culture", "labor", "labour", "tourism",
                           "information", "treasury", "finance", "trade", "energy", "economy", "interior")
                 for head in ("minister", "secretary") if f"{w} {head}" not in _OFFICES})
_MIN_DATE = _dt.date(1, 1, 1)


def _clean_name(text: str) -> str:
    text = re.sub(r"(['’]s?)$", "", text.strip())
    return " ".join(text.split())


def _cap(tok) -> bool:
    return tok.text[:1].isupper() and tok.text.lower() not in lx.HONORIFICS


def _name_parts(name: str) -> list[str]:
    """The words of a personal name without initials and suffixes ('Lind Jr.' -> ['Lind'])."""
    parts = [p for p in name.replace("-", " ").split()
             if p.lower() not in lx.NAME_SUFFIXES and not (len(p.rstrip(".")) == 1 and p[:1].isupper())]
    return parts or name.split()


def _title_at_end(words: list[str]) -> Optional[tuple[int, str]]:
    """(number of words, office) if the words end with an office title."""
    for n in (4, 3, 2, 1):
        if len(words) >= n:
            phrase = " ".join(w.lower() for w in words[-n:])
            if phrase in _OFFICES:
                return n, _OFFICES[phrase]
    return None


@dataclass
class Registry:
    """Entities of an article and the tokens that refer to each."""
    entities: dict[str, Entity] = field(default_factory=dict)
    tokens: dict[int, list[str]] = field(default_factory=dict)
    offices: list[OfficeHolding] = field(default_factory=list)
    order: list[tuple[int, str]] = field(default_factory=list)    # (token index, key) of person mentions

    def add(self, key: str, kind: str, label: str, span, *, subtype=None, country=None, qid=None,
            mention_text: Optional[str] = None) -> str:
        e = self.entities.get(key)
        if e is None:
            e = self.entities[key] = Entity(key=key, kind=kind, label=label, subtype=subtype,
                                            country=country, qid=qid)
        if e.country is None and country:
            e.country = country
        text = mention_text or span.text
        if text not in e.aliases:
            e.aliases.append(text)
        if span is not None:
            start, end = span.start_char, span.end_char
            if not any(m.start == start and m.end == end for m in e.mentions):
                e.mentions.append(Mention(start, end, text))
            for t in span:
                keys = self.tokens.setdefault(t.i, [])
                if key not in keys:
                    keys.append(key)
            if kind == PERSON:
                self.order.append((span.start, key))
        return key

    def refer(self, span, keys: list[str]) -> None:
        """A phrase ("the two leaders", "he") that refers to known entities."""
        for key in keys:
            e = self.entities[key]
            if not any(m.start == span.start_char and m.end == span.end_char for m in e.mentions):
                e.mentions.append(Mention(span.start_char, span.end_char, span.text))
            for t in span:
                ks = self.tokens.setdefault(t.i, [])
                if key not in ks:
                    ks.append(key)
            if e.kind == PERSON:
                self.order.append((span.start, key))

    def cover(self, span, key: str) -> None:
        """Tokens (a title before a name) that stand for an entity in the parse, without
        being a mention of their own."""
        for t in span:
            keys = self.tokens.setdefault(t.i, [])
            if key not in keys:
                keys.append(key)

    def keys_at(self, i: int) -> list[str]:
        return self.tokens.get(i, [])

    def kind(self, key: str) -> str:
        return self.entities[key].kind


def state_key(state) -> str:
    return f"state/{state.key}"


class EntityFinder:
    """Finds and resolves the entities of one parsed article."""

    def __init__(self, doc, article):
        self.doc = doc
        self.article = article
        self.reg = Registry()
        self.person_spans: list = []
        self.person_names: dict[str, str] = {}     # key -> canonical full name

    # ------------------------------------------------------------ driver --
    def run(self) -> Registry:
        self._gazetteer_mentions()
        self._capital_phrases()
        self._persons()
        self._other_ents()
        self._venues()
        self._dateline_places()
        self._fold_fragments()
        self._bare_surnames()
        self._titles_and_offices()
        self._predicate_offices()
        self._complete_offices()
        self._spouse_offices()
        self._drop_generic_offices()
        self._nominals_and_pronouns()
        self._offices_of_possessors()
        self._offices_of_actors()
        self._tidy_offices()
        self._publisher_offices()
        return self.reg

    def _publisher_offices(self) -> None:
        """A government's own release names its officials by title alone ("Spokesperson
        X", "the Special Envoy"): an office with neither state nor body, in a page that
        government published, is an office of that state."""
        st = gaz.publishing_state(getattr(self.article, "url", None))
        if st is None:
            return
        placed = {h.person for h in self.reg.offices if h.state or h.organization}
        for h in self.reg.offices:
            if h.state is not None or h.organization is not None or h.person in placed:
                continue
            office = (h.office or "").lower()
            if h.office in lx.LEADER_OFFICES or any(w in office for w in _OTHER_STATES_OFFICES):
                continue      # a head of state or a minister in a release is mostly another state's
            label = self.reg.entities[h.person].label
            if _known_holder(label, self.article.published, strict=False) is not None:
                continue      # a recorded holder of another state's office
            h.state = self._ensure_state(st)

    # ---------------------------------------------------------- gazetteer --
    def _gazetteer_mentions(self) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.util import filter_spans

        forms = gaz.surface_forms()
        matcher = _matcher(self.doc.vocab)
        spans = [self.doc[s:e] for _, s, e in matcher(self.doc)]
        self.gaz_spans = []
        person_toks = {t.i for ent in self.doc.ents if ent.label_ == "PERSON" for t in ent
                       if ent.text not in forms}
        for span in filter_spans(spans):
            if any(t.i in person_toks for t in span) and len(span) == 1:
                continue
            kind, ref = forms[span.text]
            self.gaz_spans.append((span, kind, ref))
        self.gaz_tokens = {t.i for s, _, _ in self.gaz_spans for t in s}
        for span, kind, ref in self.gaz_spans:
            if kind == "organization":
                org = gaz.lookup_organization(span.text)
                name = org.name if org else span.text
                self.reg.add(f"org/{slug(name)}", ORGANIZATION, name, span,
                             subtype="InternationalOrganization", qid=getattr(org, "qid", None) or None)
                continue
            state = gaz.state_by_key(ref)
            if state is None:
                continue
            skey = state_key(state)
            if kind == "capital" and not self._capital_is_government(span):
                self.reg.add(f"place/{slug(span.text)}", PLACE, span.text, span, subtype="City",
                             country=skey)
                self._ensure_state(state)
                continue
            if kind == "metonym":
                # "the Kremlin said": the government body, which belongs to the state
                self.reg.add(f"org/{slug(span.text)}", ORGANIZATION, span.text, span,
                             subtype="GovernmentBody", country=skey)
                self._ensure_state(state)
                continue
            self.reg.add(skey, STATE, state.name, span, qid=state.qid or None,
                         mention_text=_clean_name(span.text))

    def _capital_phrases(self) -> None:
        """'the Chilean capital', 'Norway's capital': the capital city of that state."""
        doc = self.doc
        ends = {s.end: (kind, ref) for s, kind, ref in self.gaz_spans if kind in ("state", "demonym")}
        for tok in doc:
            if tok.lower_ != "capital" or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            j = tok.i
            while j > 0 and doc[j - 1].text in _POSSESSIVE:
                j -= 1
            hit = ends.get(j)
            if hit is None:
                continue
            state = gaz.state_by_key(hit[1])
            if state is None or not state.capital:
                continue
            skey = self._ensure_state(state)
            self.reg.add(f"place/{slug(state.capital)}", PLACE, state.capital, doc[tok.i:tok.i + 1],
                         subtype="City", country=skey, mention_text=tok.text)

    def _city_country(self, text: str) -> Optional[str]:
        """The state a city the text does not place lies in, from the world cities list."""
        st = gaz.city_state(text)
        return self._ensure_state(st) if st is not None else None

    def _ensure_state(self, state) -> str:
        key = state_key(state)
        if key not in self.reg.entities:
            self.reg.entities[key] = Entity(key=key, kind=STATE, label=state.name, qid=state.qid or None)
        return key

    def _capital_is_government(self, span) -> bool:
        """'Santiago said' / 'Santiago's offer' name the government; 'in Santiago' the city."""
        root = span.root
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        if root.dep_ in ("nsubj", "nsubjpass", "poss", "agent") or (nxt is not None and nxt.text in _POSSESSIVE):
            return True
        if root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"):
            return True
        if root.dep_ == "pobj" and root.head.lower_ == "between":
            return True
        return False

    # ------------------------------------------------------------ persons --
    def _title_span_at(self, i: int) -> int:
        """Number of tokens of an office title or honorific starting at token i (0 if none)."""
        doc = self.doc
        # "Secretary of Foreign Affairs", "Minister for Trade"
        if doc[i].lower_ in lx.TITLE_HEADS and i + 2 < len(doc) and doc[i + 1].lower_ in ("of", "for"):
            j = i + 2
            # "Minister for Health and Island Affairs": unknown capitalised words inside the
            # portfolio, which ends at its last portfolio word
            while j < len(doc) and j - i < 9 and (doc[j].lower_ in lx.PORTFOLIOS or doc[j].is_alpha
                                                  and doc[j].text[:1].isupper() or doc[j].lower_ in ("for", "of")) \
                    and (doc[j].text[:1].isupper() or doc[j].lower_ in ("and", "the", "for", "of")) \
                    and "\n" not in doc[j - 1].text_with_ws:
                j += 1
            while j > i + 2 and (doc[j - 1].lower_ not in lx.PORTFOLIOS or doc[j - 1].lower_ in ("and", "the", "for", "of")):
                j -= 1
            if j > i + 2 and doc[i + 2].lower_ in lx.PORTFOLIOS:
                read = title_at(doc, i)
                return max(j - i, read[0] if read else 0)
        listed = 0
        for n in (4, 3, 2, 1):
            if i + n <= len(doc):
                phrase = " ".join(t.lower_ for t in doc[i:i + n])
                if phrase in _OFFICES or (n == 1 and (phrase in lx.HONORIFICS or phrase in lx.TITLE_WORDS)):
                    listed = n
                    break
        read = title_at(doc, i)
        return max(listed, read[0] if read else 0)

    def _title_ends_at(self, i: int) -> bool:
        """Does an office title that began before token i end at token i ('Secretary of State')?"""
        doc = self.doc
        for j in range(max(0, i - 3), i):
            if " ".join(t.lower_ for t in doc[j:i + 1]) in _OFFICES:
                return True
        return False

    def _in_title(self, i: int) -> bool:
        """Is token i part of an office title ('Trade' in 'Minister for Foreign Trade')?"""
        return any(j + self._title_span_at(j) > i for j in range(max(0, i - 12), i + 1))

    def _trim_person(self, start: int, end: int) -> tuple[int, int]:
        doc = self.doc
        while start < end:
            n = self._title_span_at(start)
            if n and start + n < end:
                start += n
                continue
            over = [j + self._title_span_at(j) for j in range(max(0, start - 12), start)
                    if j + self._title_span_at(j) > start]
            if over and max(over) < end:
                start = max(over)
                continue
            if over:
                return end, end       # the words are the end of a title ("... and Island Affairs")
            if self._title_ends_at(start) or doc[start].text in gaz.surface_forms() or \
                    doc[start].ent_type_ == "DATE" or doc[start].is_punct or doc[start].lower_ == "the" or \
                    doc[start].lower_ in _WEEKDAYS or doc[start].lower_ in _NAME_HONORIFICS:
                start += 1
                continue
            break
        # "Roe's Meeting with ...": a name ends at its possessive (a title-case headline
        # makes the model run the name on)
        cut = next((j for j in range(start + 1, end) if doc[j].text in _POSSESSIVE), None)
        if cut is not None:
            end = cut
        while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in (".",)
                               or doc[end - 1].text in _POSSESSIVE or doc[end - 1].lower_ in _HEADLINE_VERBS):
            end -= 1          # "... Ana Ruiz Travels to Lima": a title-case headline's verb
        return start, end

    def _titled_names(self) -> list[tuple[int, int]]:
        """Capitalised names right after a title ('President Ana Ruiz', 'Colonel Ole Berg')
        that the model tagged as something else or missed."""
        doc = self.doc
        out = []
        i = 0
        while i < len(doc):
            n = self._title_span_at(i)
            if not n or not doc[i].text[:1].isupper() and doc[i].lower_ not in _OFFICES:
                i += 1
                continue
            k = i + n
            # a title, then the capitalised words of a name; stop at anything else
            j = k
            while j < len(doc) and (doc[j].pos_ in ("PROPN",) and doc[j].text[:1].isupper()
                                    or j > k and doc[j].lower_ in _PARTICLES and doc[j].is_lower
                                    and j + 1 < len(doc) and _cap(doc[j + 1])) \
                    and doc[j].lower_ not in _HEADLINE_VERBS \
                    and j not in self.gaz_tokens and not self._title_span_at(j) \
                    and "\n" not in doc[j - 1].text_with_ws and doc[j].ent_type_ not in ("DATE", "NORP"):
                j += 1
                j += self._hyphen_part(j)
            if j - k == 1 and doc[k].ent_type_ == "GPE" or j - k > 1 and any(
                    doc[x].ent_type_ == "GPE" and doc[x].ent_iob_ == "B" and x > k for x in range(k, j)):
                j = k      # "Envoy Vienna ...": a place; a two-word name the model read as a place stays
            if j > k and doc[k].ent_type_ != "PERSON":
                out.append((k, j))
            elif j == k and k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].ent_type_ != "PERSON" \
                    and (self._state_before(i) or self._state_heading_title(i)):
                # "Portugal's Minister of Defence, Graca Tavares,": a name in apposition
                m = k + 1
                while m < len(doc) and m - k <= 4 and doc[m].pos_ == "PROPN" and _cap(doc[m]) \
                        and m not in self.gaz_tokens and not self._title_span_at(m) \
                        and doc[m].ent_type_ in ("", "ORG", "PERSON") and "\n" not in doc[m - 1].text_with_ws:
                    m += 1
                    m += self._hyphen_part(m)
                if m - k >= 3 and (m == len(doc) or doc[m].is_punct or doc[m].lower_ == "and"):
                    out.append((k + 1, m))
                    j = m
            i = max(j, i + 1)
        return out

    def _appositive_names(self) -> list[tuple[int, int]]:
        """A two- or three-word name the model read as an organisation or a place, followed
        by an office in apposition ("Ana Ruiz, spokesman for ...", "Ole Berg, Norway's envoy")."""
        doc = self.doc
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "GPE", "PRODUCT", "NORP") or not 2 <= len(ent) <= 3:
                continue
            if any(t.i in self.gaz_tokens or t.pos_ != "PROPN" or not _cap(t) or self._title_span_at(t.i)
                   or t.lower_ in lx.VENUE_NOUNS or t.lower_ in _ORG_WORDS or t.lower_ in lx.NEWS_WORDS
                   for t in ent):
                continue
            if ent.end < len(doc) and doc[ent.end].text == "," and self._appositive_office(ent.end)[0]:
                out.append((ent.start, ent.end))
        return out

    def _speaker_names(self) -> list[tuple[int, int]]:
        """Two or three capitalised words the model tagged as a title of a work, a product or an
        unknown place, used as the subject of a speech verb: a person ("Ana Ruiz told the
        council", "Ana Ruiz said")."""
        doc = self.doc
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("WORK_OF_ART", "PRODUCT", "GPE", "LOC", "FAC", "EVENT", "LAW") \
                    or not 2 <= len(ent) <= 3:
                continue
            if not all(t.pos_ == "PROPN" and _cap(t) and t.is_alpha for t in ent) \
                    or any(t.i in self.gaz_tokens or self._in_title(t.i) or t.lower_ in lx.VENUE_NOUNS
                           or t.lower_ in _ORG_WORDS or t.lower_ in lx.NEWS_WORDS for t in ent):
                continue
            root = ent.root
            if root.dep_ not in ("nsubj",) or root.head.lemma_ not in lx.SPEECH_VERBS:
                continue
            if "\n" in ent[:-1].text_with_ws or gaz.lookup_state(ent.text) or gaz.lookup_organization(ent.text):
                continue
            out.append((ent.start, ent.end))
        return out

    def _byline_names(self) -> list[tuple[int, int]]:
        """The name of a byline under the headline ("Ana Ruiz, Deputy Foreign Minister"): a
        line of two to four capitalised words, a comma, then a title."""
        doc = self.doc
        nl = doc.text.find("\n")
        if nl < 0:
            return []
        lines = [ln for ln in doc.text[nl:nl + 300].split("\n") if ln.strip()][:2]
        out = []
        for line in lines:
            m = re.match(r"^([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}),\s+(.+)$", line.strip())
            if not m:
                continue
            start = doc.text.find(line.strip(), nl)
            span = doc.char_span(start, start + len(m.group(1)), alignment_mode="expand")
            after = doc.char_span(start + m.end(1) + 2, start + len(line.strip()), alignment_mode="expand")
            if span is None or after is None or not any(title_at(doc, t.i) or t.lower_ in _OFFICES
                                                        for t in after[:3]):
                continue
            if any(t.i in self.gaz_tokens or self._title_span_at(t.i) for t in span):
                continue
            out.append((span.start, span.end))
        return out

    def _hyphen_part(self, i: int) -> int:
        """2 if tokens i, i+1 are '-' and a name part written without spaces ('Sy' '-' 'diallo')."""
        doc = self.doc
        if 0 < i and i + 1 < len(doc) and doc[i].text in ("-", "‐") and not doc[i - 1].whitespace_ \
                and not doc[i].whitespace_ and doc[i + 1].is_alpha and doc[i - 1].is_alpha \
                and doc[i - 1].text[:1].isupper() and i + 1 not in self.gaz_tokens \
                and doc[i + 1].ent_type_ not in ("DATE", "GPE", "NORP", "CARDINAL", "ORDINAL"):
            return 2
        return 0

    def _known_names(self) -> list[tuple[int, int]]:
        """Runs of capitalised words that spell the name of a recorded office holder (kg/data)
        but that the model tagged as an organisation or missed ("<Name>'s visit" read as an
        organisation, "<State>'s <Name>" read as a place)."""
        doc = self.doc
        # a capital's name may be a first name ("Victoria")
        capitals = {t.i for s_, kind, _ in self.gaz_spans if kind == "capital" and len(s_) == 1 for t in s_}
        blocked = self.gaz_tokens - capitals
        out = []
        i = 0
        while i < len(doc):
            t = doc[i]
            if not (t.pos_ == "PROPN" and _cap(t)) or i in blocked or t.ent_type_ == "PERSON":
                i += 1
                continue
            j = i
            while j < len(doc) and j - i < 5 and doc[j].pos_ == "PROPN" and _cap(doc[j]) \
                    and j not in blocked and doc[j].ent_type_ in ("", "ORG", "NORP", "FAC", "PRODUCT", "GPE") \
                    and not self._title_span_at(j) and (j == i or "\n" not in doc[j - 1].text_with_ws):
                j += 1
                j += self._hyphen_part(j)
            if j - i >= 2 and doc[j - 1].lower_ not in lx.VENUE_NOUNS and _known_holder_name(doc[i:j].text):
                out.append((i, j))
                for c in range(i, j):
                    if c in capitals:
                        self._unmark_place(c)
            i = max(j, i + 1)
        return out

    def _unmark_place(self, i: int) -> None:
        """Token i, read as a capital city, is part of a person's name."""
        for key in list(self.reg.keys_at(i)):
            e = self.reg.entities.get(key)
            if e is None or e.kind != PLACE:
                continue
            self.reg.tokens[i].remove(key)
            tok = self.doc[i]
            e.mentions = [m for m in e.mentions if not (m.start == tok.idx)]
            if not e.mentions:
                del self.reg.entities[key]
        self.gaz_tokens.discard(i)
        self.gaz_spans = [g for g in self.gaz_spans if not (g[1] == "capital" and g[0].start == i)]

    def _persons(self) -> None:
        doc = self.doc
        raw = []
        cands = [(ent.start, ent.end, ent.root.i) for ent in doc.ents if ent.label_ == "PERSON"]
        taken = {t for s, e, _ in cands for t in range(s, e)}
        bylines = self._byline_names()
        cands = [c for c in cands if not any(c[0] < e and s < c[1] for s, e in bylines)]
        taken = {t for s, e, _ in cands for t in range(s, e)}
        for s, e in bylines + self._titled_names() + self._known_names() + self._appositive_names() \
                + self._speaker_names():
            if not any(t in taken for t in range(s, e)):
                cands.append((s, e, e - 1))
                taken.update(range(s, e))
        for start, end, root_i in sorted(cands):
            # drop leading titles/honorifics swallowed by NER ("Supreme Leader X", "Foreign Secretary X")
            start, end = self._trim_person(start, end)
            if start >= end or all(t.lower_ in _NOT_NAME_WORDS for t in doc[start:end]):
                continue      # "Joint Statement", "Meeting" in a title-case headline: no one's name
            # extend left over capitalised first names the model missed ("Olav" + "Berg")
            while start > 0 and doc[start - 1].pos_ == "PROPN" and _cap(doc[start - 1]) \
                    and not _title_at_end([doc[start - 1].text]) and not self._in_title(start - 1) \
                    and doc[start - 1].i not in self.gaz_tokens and doc[start - 1].lower_ not in _WEEKDAYS \
                    and doc[start - 1].lower_ not in _NAME_HONORIFICS \
                    and not doc[start - 1].is_sent_start and doc[start - 1].ent_type_ not in ("GPE", "NORP", "DATE"):
                start -= 1
            # extend right over name parts ("Lee Min" + "Ho"), and over a hyphenated part
            # the model cut off ("Lee Min" + "-ho", "Anna" + "-Maria")
            end += self._hyphen_part(end)
            if end + 1 < len(doc) and doc[end].lower_ in _PARTICLES and doc[end].is_lower \
                    and doc[end + 1].pos_ == "PROPN" and _cap(doc[end + 1]) and doc[end + 1].i not in self.gaz_tokens:
                end += 2        # "Ana de Souza": a particle and the surname after it
            while end < len(doc) and doc[end].pos_ == "PROPN" and _cap(doc[end]) \
                    and doc[end].lower_ not in _HEADLINE_VERBS \
                    and doc[end].i not in self.gaz_tokens and not _title_at_end([doc[end].text]) \
                    and (doc[end].ent_type_ in ("", "PERSON", "ORG")
                         or doc[end - 1].lower_ in _PARTICLES and doc[end - 1].is_lower) \
                    and "\n" not in doc[end - 1].text_with_ws:
                end += 1
                end += self._hyphen_part(end)
            # a name never runs across a line break ("News Team\nNorwegian ...")
            for k in range(end - 1, start, -1):
                if "\n" in doc[k - 1].text_with_ws or doc[k - 1].is_space:
                    if k <= root_i:
                        start = k
                    else:
                        end = k
                    break
            while start < end and doc[start].is_space:
                start += 1
            if start >= end:
                continue
            span = doc[start:end]
            name = _clean_name(span.text)
            if not name or not any(c.isalpha() for c in name) or name in gaz.surface_forms():
                continue
            if len(span) >= 2 and span[-1].lower_ in lx.VENUE_NOUNS and span[-1].text[:1].isupper():
                continue      # "<Name> Square": a place named after a person
            if gaz.lookup_state(name) or gaz.lookup_demonym(name) or gaz.lookup_organization(name):
                continue
            raw.append((span, name))
        # "X and her husband Marco": the spouse's first name takes the family name of the person named
        self.spouses = []
        completed = set()        # names completed from the partner's: the mention quotes only the text
        for n, (span, name) in enumerate(raw):
            k = span.start - (1 if span.start > 0 and doc[span.start - 1].text == "," else 0)
            if len(name.split()) != 1 or k < 2 or doc[k - 1].lower_ not in _SPOUSE_WORDS \
                    or doc[k - 2].lower_ not in ("his", "her"):
                continue
            prev = [(sp, nm) for sp, nm in raw[:n] if sp.sent.start == span.sent.start and sp.end <= k - 2]
            if prev and len(prev[-1][1].split()) >= 1 and prev[-1][1].split()[-1] != name:
                partner = prev[-1][1]
                raw[n] = (span, f"{name} {_name_parts(partner)[-1]}")
                self.spouses.append((slug(raw[n][1]), partner))
                completed.add(n)
        # canonical names: the longest form seen; short forms join the full name they belong to
        full = {}
        for span, name in raw:
            if len(_name_parts(name)) >= 2:
                k = slug(name)
                if k not in full or len(name) > len(full[k]):
                    full[k] = name
        # "Anna K. Lind Jr." and "Anna Lind Jr": one person
        alias_of = {}
        for k, n in full.items():
            core = tuple(_name_parts(n))
            for k2, n2 in full.items():
                if k2 != k and tuple(_name_parts(n2)) == core and len(n2) > len(n):
                    alias_of[k] = k2
        counts = {}
        for span, name in raw:
            counts[slug(name)] = counts.get(slug(name), 0) + 1
        self.full_names = {k: n for k, n in full.items() if k not in alias_of}
        for n, (span, name) in enumerate(raw):
            key = self._person_key(name, self.full_names, counts)
            key = "person/" + alias_of.get(key[len("person/"):], key[len("person/"):])
            label = full.get(key[len("person/"):], name)
            self.reg.add(key, PERSON, label, span, mention_text=span.text if n in completed else name)
            self.person_spans.append((span, key))

    def _person_key(self, name: str, full: dict, counts: dict) -> str:
        parts = _name_parts(name)
        if len(parts) >= 2:
            return f"person/{slug(name)}"
        if not parts:
            return f"person/{slug(name)}"
        word = parts[0].lower()
        if parts[0].isupper() and len(parts[0]) >= 2:
            # "JRL" for "Jan Rolf Lind": the initials of a full name
            ini = [k for k, n in full.items() if "".join(w[0] for w in n.replace("-", " ").split()).lower() == word]
            if len(ini) == 1:
                return "person/" + ini[0]
        # a surname (last part), else a family name written first (first part)
        spouses = {sk for sk, _ in getattr(self, "spouses", [])}
        # "Mansour" is not "Khalid bin Mansour": a name after bin/ibn is the father's
        by_last = [k for k, n in full.items() if _name_parts(n)[-1].lower() == word and k not in spouses
                   and not (len(_name_parts(n)) >= 2 and _name_parts(n)[-2].lower() in ("bin", "ibn", "bint"))]
        by_first = [k for k, n in full.items() if _name_parts(n)[0].lower() == word and k not in spouses]
        for cands in (by_last, by_first):
            if cands:
                return "person/" + max(cands, key=lambda k: counts.get(k, 0))
        # a name used alone that is the middle word of exactly one full name ("Silva" in "Ana Silva Ruiz")
        mid = [k for k, n in full.items() if word in (p.lower() for p in _name_parts(n)[1:-1])
               and len(word) > 3 and word[:1].isalpha()]
        if len(mid) == 1 and parts[0][:1].isupper():
            return "person/" + mid[0]
        return f"person/{slug(name)}"

    def person_for_name(self, text: str) -> Optional[str]:
        """The known person a bare name ('Lind', 'Ruiz') or full name refers to."""
        parts = _name_parts(text)
        if not parts or not getattr(self, "full_names", None):
            return None
        k = slug(text)
        if k in self.full_names:
            return f"person/{k}"
        for k2, n2 in self.full_names.items():
            # "Ruiz-Lind" for "Ana Ruiz-Lind": the trailing words of a full name
            if len(n2.split()) > 1 and slug(" ".join(n2.split()[1:])) == k:
                return f"person/{k2}"
        if len(parts) == 1:
            word = parts[0].lower()
            for pos in (-1, 0):
                cands = [k for k, n in self.full_names.items() if _name_parts(n)[pos].lower() == word]
                if len(cands) == 1:
                    return f"person/{cands[0]}"
        return None

    # --------------------------------------------- places, organisations --
    def _other_ents(self) -> None:
        for ent in self.doc.ents:
            if any(t.i in self.gaz_tokens for t in ent):
                continue
            if any(self.reg.keys_at(t.i) for t in ent):
                continue
            text = _clean_name(re.sub(r"^the\s+", "", ent.text, flags=re.I))
            if not text or not text[0].isupper():
                continue
            if _state_compound(text):
                continue      # "Freedonia-Sylvania", "Freedonian-": states joined, no entity of their own
            person = self.person_for_name(text) if ent.label_ in ("GPE", "ORG", "FAC", "LOC", "NORP", "PRODUCT") else None
            if person:
                # a surname the model read as a place or an organisation: the person named earlier
                self.reg.add(person, PERSON, self.reg.entities[person].label, ent, mention_text=text)
                self.person_spans.append((ent, person))
                continue
            if ent.label_ == "GPE":
                self.reg.add(f"place/{slug(text)}", PLACE, text, ent, subtype="City",
                             country=self._country_near(ent) or self._city_country(text), mention_text=text)
            elif ent.label_ == "LOC":
                self.reg.add(f"place/{slug(text)}", PLACE, text, ent, subtype="Region",
                             country=self._country_near(ent), mention_text=text)
            elif ent.label_ == "FAC":
                self.reg.add(f"place/{slug(text)}", PLACE, text, ent, subtype="Venue",
                             country=self._country_near(ent), mention_text=text)
            elif ent.label_ == "ORG":
                if ent.root.lemma_.lower() in lx.VENUE_NOUNS and len(ent) > 1:
                    continue   # left to _venues
                if _title_at_end([ent[-1].text]) or len(text) < 2:
                    continue
                nxt = self.doc[ent.end].lower_ if ent.end < len(self.doc) else ""
                if f"{ent.text.lower()} {nxt}" in _OFFICES or any(
                        o.startswith(ent.text.lower() + " ") for o in _OFFICES):
                    continue
                self.reg.add(f"org/{slug(text)}", ORGANIZATION, text, ent,
                             subtype=self._org_subtype(ent), country=self._country_near(ent, tight=True),
                             mention_text=text)

    def _org_subtype(self, ent) -> Optional[str]:
        words = {t.lower_ for t in ent}
        if words & {"ministry", "department", "office", "government", "cabinet", "council",
                    "parliament", "assembly", "congress", "senate"}:
            return "Ministry" if "ministry" in words or "department" in words else "GovernmentBody"
        if words & lx.NEWS_WORDS:
            return "NewsAgency"
        sent = ent.sent
        if any(t.lemma_ in ("report", "quote", "cite") for t in sent) or \
                re.search(r"(state[- ]run|state|official) (media|news agency|agency|outlet|newspaper)",
                          sent.text, re.I) and re.search(re.escape(ent.text), sent.text):
            return "NewsAgency"
        return None

    def _venues(self) -> None:
        """Named venues the model missed: a capitalised run ending in a venue noun."""
        doc = self.doc
        for chunk in doc.noun_chunks:
            toks = [t for t in chunk if not (t.dep_ == "det" or t.text in _POSSESSIVE)]
            if not toks:
                continue
            # the capitalised run that ends in a venue noun
            run: list = []
            best = None
            for t in toks:
                if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ"):
                    run.append(t)
                    if t.lower_ in lx.VENUE_NOUNS and len(run) >= 2:
                        best = list(run)
                else:
                    if best:
                        break
                    run = []
            if not best:
                # "Riverside state guesthouse": a proper name followed by lower-case venue words
                if toks[-1].lower_ in lx.VENUE_NOUNS and toks[0].pos_ == "PROPN" and toks[0].text[:1].isupper() \
                        and toks[0].i not in self.gaz_tokens and not self.reg.keys_at(toks[0].i) \
                        and len(toks) <= 4:
                    best = toks
            if not best or any(self.reg.entities.get(k, None) and self.reg.kind(k) == PERSON
                               for t in best for k in self.reg.keys_at(t.i)):
                continue
            if len(best) == 1:
                continue
            span = doc[best[0].i:best[-1].i + 1]
            label = _clean_name(span.text)
            # a venue that is an international body (known by its abbreviation) takes the body's
            # full name, so that readers see which organisation it belongs to
            written = label                 # the mention quotes the text, whatever the label
            org = gaz.lookup_organization(label)
            if org is not None:
                label = org.name
            # the venue replaces partial ORG/PRODUCT readings of the same words
            for t in span:
                self.reg.tokens.pop(t.i, None)
            self.reg.add(f"place/{slug(label)}", PLACE, label, span, subtype="Venue",
                         country=self._country_near(span), mention_text=written)

    def _dateline_places(self) -> None:
        """The place of a wire dateline ("CITY, Country, Month D (Agency) -", "CITY -") is
        written in capitals: it is a place named in ordinary case ("Port Alba", not
        "PORT ALBA"), a capital city when the gazetteer knows it, never an organisation."""
        doc = self.doc
        parts = []
        for m in _DATELINE_PLACE.finditer(doc.text[:800]):
            # "CITY/OTHER CITY, ...": two datelines in one
            start = m.start(1)
            for piece in m.group(1).split("/"):
                parts.append((m, start, start + len(piece)))
                start += len(piece) + 1
        for m, a, b in parts:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or not span.text.isupper():
                continue
            text = string.capwords(_clean_name(span.text))
            text = re.sub(r"(?<=['’])[a-z]", lambda c: c.group(0).upper(), text)   # "O'Neill"
            if gaz.lookup_state(text) or gaz.lookup_demonym(text) \
                    or any(t.ent_type_ in ("PERSON", "DATE", "NORP") for t in span):
                continue
            org = gaz.lookup_organization(text)
            state = gaz.lookup_capital(text)
            if len(span) == 1 and len(span.text) <= 4 and state is None:
                continue      # an acronym ("NATO -"), not a place
            old = {k for t in span for k in self.reg.keys_at(t.i)
                   if self.reg.entities.get(k) is not None and self.reg.kind(k) in (PLACE, ORGANIZATION)}
            old |= {k for k, e in self.reg.entities.items() if e.kind in (PLACE, ORGANIZATION)
                    and any(span.start_char <= x.start < span.end_char for x in e.mentions)}
            for k in old:
                e = self.reg.entities[k]
                e.mentions = [x for x in e.mentions if not (span.start_char <= x.start < span.end_char)]
                e.aliases = [a for a in e.aliases if a != e.label or e.mentions]
                for t in span:
                    if k in self.reg.tokens.get(t.i, []):
                        self.reg.tokens[t.i].remove(k)
                if not e.mentions:
                    del self.reg.entities[k]
            if org is not None:
                self.reg.add(f"org/{slug(org.name)}", ORGANIZATION, org.name, span,
                             subtype="InternationalOrganization", qid=org.qid or None, mention_text=span.text)
            elif state is not None and state.capital and _fold(state.capital) == _fold(text):
                self.reg.add(f"place/{slug(state.capital)}", PLACE, state.capital, span, subtype="City",
                             country=state_key(state), mention_text=span.text)
                self._ensure_state(state)
            else:
                country = None
                rest = m.group(2) or ""
                st = gaz.lookup_state(string.capwords(rest.strip(" ,"))) if rest.strip(" ,") else None
                if st is not None and f"place/{slug(text)}" not in self.reg.entities:
                    country = state_key(st)      # a place the body names keeps its own reading
                self.reg.add(f"place/{slug(text)}", PLACE, text, span, subtype="Venue" if len(span) > 1 else "City",
                             country=country, mention_text=span.text)
            for k in self.reg.keys_at(span.start):
                e = self.reg.entities.get(k)
                if e is not None and e.kind in (PLACE, ORGANIZATION) and e.label.isupper() and len(e.label) > 4:
                    e.label = next((a for a in e.aliases if not a.isupper()), text)

    def _fold_fragments(self) -> None:
        """'Nordhavn' tagged as an organisation where the text elsewhere names
        the 'Nordhavn Palace': the fragment is the venue."""
        venues = [e for e in self.reg.entities.values() if e.kind == PLACE and e.subtype == "Venue"]
        for e in list(self.reg.entities.values()):
            if e.kind != ORGANIZATION:
                continue
            for v in venues:
                if v.label.startswith(e.label + " "):
                    for m in e.mentions:
                        v.mentions.append(m)
                    for i, keys in self.reg.tokens.items():
                        if e.key in keys:
                            keys[keys.index(e.key)] = v.key
                    del self.reg.entities[e.key]
                    break

    def _bare_surnames(self) -> None:
        """'Lind met with Berg ...' where the model tagged 'Lind' as a common noun: a lone
        capitalised word that is the surname of exactly one person the article names in full."""
        surnames: dict[str, list[str]] = {}
        spouses = {f"person/{sk}" for sk, _ in getattr(self, "spouses", [])}
        for e in self.reg.entities.values():
            if e.kind == PERSON and len(e.label.split()) >= 2 and e.key not in spouses:
                surnames.setdefault(e.label.split()[-1], []).append(e.key)
        doc = self.doc
        for t in doc:
            keys = surnames.get(t.text)
            if not keys or len(keys) != 1 or self.reg.keys_at(t.i) or t.pos_ not in ("PROPN", "NOUN"):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].text[:1].isupper() and doc[t.i + 1].pos_ == "PROPN":
                continue      # "Lind Tower": part of another name
            if t.i > 0 and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].text[:1].isupper() \
                    and doc[t.i - 1].lower_ not in _WEEKDAYS and doc[t.i - 1].ent_type_ != "DATE":
                continue
            e = self.reg.entities[keys[0]]
            self.reg.add(e.key, PERSON, e.label, doc[t.i:t.i + 1])

    def _country_near(self, span, tight: bool = False) -> Optional[str]:
        """The state a place lies in: '..., in Chile's far north', 'X, Country', a known capital."""
        doc = self.doc
        if span.text in gaz.surface_forms():
            return None
        state = gaz.lookup_capital(span.text)
        if state:
            return self._ensure_state(state)
        # "X, Country", "X in Country's Far East", "X space centre of Country"
        starts = {s.start: (kind, ref) for s, kind, ref in self.gaz_spans if kind in ("state", "capital")}
        k = span.end
        limit = min(len(doc), span.end + (3 if tight else 8))
        while k < limit:
            tok = doc[k]
            if tok.lower_ in (",", "in", "of", "near", "outside", "inside") or tok.lower_ == "the":
                nxt = k + 1 + (1 if k + 1 < len(doc) and doc[k + 1].lower_ == "the" else 0)
                if nxt in starts:
                    st = gaz.state_by_key(starts[nxt][1])
                    return self._ensure_state(st) if st else None
                if tok.lower_ == ",":
                    break
            elif tight or tok.pos_ not in ("NOUN", "ADJ", "PROPN", "DET") or tok.is_punct:
                break
            k += 1
        before = doc[max(0, span.start - 2):span.start]
        for s, kind, ref in self.gaz_spans:
            if s.end <= span.start and s.start >= before.start and kind in ("state", "demonym"):
                st = gaz.state_by_key(ref)
                if st:
                    return self._ensure_state(st)
        return None

    # ------------------------------------------------------------ offices --
    def _state_before(self, i: int) -> Optional[str]:
        """The state named right before token i: a demonym, 'X's', or a government metonym."""
        doc = self.doc
        j = i - 1
        while j >= 0 and doc[j].text in _POSSESSIVE | {"the", "The", "-"}:
            j -= 1
        if j < 0:
            return None
        for s, kind, ref in self.gaz_spans:
            if s.end - 1 == j and kind in ("state", "demonym", "metonym", "capital"):
                st = gaz.state_by_key(ref)
                return self._ensure_state(st) if st else None
        # "the country's", "the nation's": the state most recently named
        if doc[j].lower_ in ("country", "nation") and j > 0:
            for s, kind, ref in reversed(self.gaz_spans):
                if s.end <= j and kind in ("state", "demonym"):
                    st = gaz.state_by_key(ref)
                    return self._ensure_state(st) if st else None
        return None

    def _titles_and_offices(self) -> None:
        doc = self.doc
        seen = set()
        for span, key in self.person_spans:
            office, state, start = None, None, span.start
            # "[Chilean] [President] Ana Ruiz"
            s0 = span.start
            hit = self._title_hit(s0)
            if not hit:
                # "President Sheikh X", "Trade Minister Prince X": an honorific between
                k = s0
                while k > 0 and doc[k - 1].lower_ in lx.TITLE_WORDS and doc[k - 1].text[:1].isupper():
                    k -= 1
                if k < s0 and self._title_hit(k):
                    s0, hit = k, self._title_hit(k)
            if hit:
                n, office = hit
                start = s0 - n
                # "Foreign Policy Aide": qualifiers before the title stay out of the office name
                state = self._state_before(start)
                if state is None:
                    # "Estonian Foreign Ministry spokesperson", "Danish Deputy U.N. Ambassador",
                    # "Turkey's presidential spokesman": a state at the head of the title phrase
                    state = self._state_heading_title(start)
                if state is None and start > 0:
                    # "U.S. State Department spokesperson": an organisation before the title
                    for k in self.reg.keys_at(start - 1):
                        e = self.reg.entities[k]
                        if e.kind == ORGANIZATION and e.country:
                            state = e.country
                        elif e.kind == STATE:
                            state = k
            elif span.start > 1 and doc[span.start - 1].text == "," and \
                    _title_at_end([t.text for t in doc[max(0, self._title_end_before(span.start - 1) - 5):
                                                       self._title_end_before(span.start - 1)]]):
                # "Senegal's new prime minister, Oumar Ndiaye,": only with the state named;
                # "Quito's envoy to Bolivia, X,": the title before "to/for <State>"
                t_end = self._title_end_before(span.start - 1)
                n, office = _title_at_end([t.text for t in doc[max(0, t_end - 5):t_end]])
                start = t_end - n
                state = self._state_before(start) or self._state_heading_title(start)
                if state is None and not self._person_possessor(start) and \
                        not (start > 0 and doc[start - 1].lower_ in ("his", "her")):
                    office = None     # "her press secretary, X,": the state of the person "her" is
            else:
                office = None
            if office is None and not hit:
                # "Ruiz, the Chilean president," / "Ole Berg, Norway's foreign minister"
                office, state = self._appositive_office(span.end)
            if office and state is None and span.end + 1 < len(doc) and doc[span.end].lower_ in ("for", "of"):
                # "Ana Ruiz for Chile"
                k = span.end + 1 + (1 if doc[span.end + 1].lower_ == "the" else 0)
                for s_, kind, ref in self.gaz_spans:
                    if s_.start == k and kind == "state":
                        st = gaz.state_by_key(ref)
                        state = self._ensure_state(st) if st else None
            if hit and start < span.start and any(t.lower_ in ("of", "for", "to") for t in doc[start:span.start]):
                # the title is part of the mention: "met with [Minister for X and Y] Ana Ruiz"
                # parses the title word as the object, and it still means the person
                self.reg.cover(doc[start:span.start], key)
            body = None
            if office and state is None and hit:
                body = self._body_heading_title(start)
            if office and (key, office) not in seen:
                seen.add((key, office))
                sent = span.sent
                self.reg.offices.append(OfficeHolding(
                    person=key, office=office, state=state, organization=body,
                    evidence=Evidence(doc[start].idx, span.end_char, doc[start:span.end].text,
                                      sentence_index=_sent_index(doc, sent), sentence_start=sent.start_char,
                                      sentence_end=sent.end_char, confidence=0.8 if state else 0.6)))

    def _predicate_offices(self) -> None:
        """An office the clause gives a name: "X was Chilean prime minister until 1994", "X, who
        became finance minister in May", "X was sworn in as Peruvian health minister",
        "X was confirmed as trade minister"."""
        doc = self.doc
        seen = {(h.person, h.office) for h in self.reg.offices}
        for span, key in self.person_spans:
            root = span.root
            verbs = []
            if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ == "who" \
                    and doc[span.end + 1].head.pos_ in ("VERB", "AUX"):
                verbs.append(doc[span.end + 1].head)
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
                verbs.append(root.head)
            # "X served as ... and was ...": conjoined verbs without their own subject
            verbs += [c for v in list(verbs) for c in v.conjuncts
                      if c.pos_ in ("VERB", "AUX") and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)]
            for verb in verbs:
                if verb.lemma_ not in _OFFICE_VERBS or any(c.dep_ == "neg" for c in verb.children):
                    continue
                comps = [c for c in verb.children if c.dep_ in ("attr", "oprd")]
                for c in verb.children:
                    if c.dep_ == "prep" and c.lower_ == "as":
                        comps += [g for g in c.children if g.dep_ == "pobj"]
                    if c.dep_ == "prt":
                        comps += [g2 for g in c.children if g.lower_ == "as" for g2 in g.children if g2.dep_ == "pobj"]
                for c in comps:
                    # the title phrase: the words of the complement up to its head noun
                    end = c.i + 1
                    if end < len(doc) and doc[end].lower_ == "of":
                        end = max(t.i for t in c.subtree) + 1
                    hit = None
                    for e2 in range(end, c.i, -1):
                        hit = _title_at_end([t.text for t in doc[max(c.left_edge.i, e2 - 4):e2]])
                        if hit and _title_at_end([t.text for t in doc[e2 - hit[0]:e2]]):
                            end = e2
                            break
                        hit = None
                    if not hit or doc[end - 1].i < c.i:
                        continue
                    n, office = hit
                    title_start = end - n
                    if self._private_affiliation(end):
                        continue
                    state = self._state_before(title_start) or self._state_heading_title(title_start)
                    if (key, office) in seen:
                        if state:
                            for h in self.reg.offices:
                                if h.person == key and h.office == office and h.state is None:
                                    h.state = state
                        continue
                    seen.add((key, office))
                    sent = span.sent
                    self.reg.offices.append(OfficeHolding(
                        person=key, office=office, state=state,
                        evidence=Evidence(doc[title_start].idx, doc[end - 1].idx + len(doc[end - 1].text),
                                          doc[title_start:end].text,
                                          sentence_index=_sent_index(doc, sent), sentence_start=sent.start_char,
                                          sentence_end=sent.end_char, confidence=0.7 if state else 0.5)))

    def _title_end_before(self, i: int) -> int:
        """Where a title before token i ends, leaving out a 'for/to <State>' after it."""
        for s_, kind, _ in self.gaz_spans:
            if s_.end == i and kind == "state" and s_.start >= 2 and self.doc[s_.start - 1].lower_ in ("for", "to", "on"):
                return s_.start - 1
        return i

    def _title_hit(self, s0: int) -> Optional[tuple[int, str]]:
        """(number of tokens, office) of a title that ends right before token s0."""
        doc = self.doc
        words = [t.text for t in doc[max(0, s0 - 5):s0]]
        hit = _title_at_end(words)
        for j in range(max(0, s0 - 7), s0):
            n = self._title_span_at(j)
            if j + n == s0 and n >= 3 and doc[j].lower_ in lx.TITLE_HEADS and doc[j + 1].lower_ in ("of", "for"):
                # "Secretary of Energy", "Minister for Trade"
                port = " ".join(t.lower_ for t in doc[j + 2:s0] if t.lower_ not in ("the",))
                head = lx.TITLE_HEADS[doc[j].lower_]
                label = lx.PORTFOLIO_OFFICES.get(port) or f"{head} of {doc[j + 2:s0].text}"
                hit = (n, label)
                break
        # the title grammar: the longest title read from its parts that ends right before s0,
        # or before an acronym in brackets there ("Commissioner for Rivers (UNCR) X")
        ends = [s0]
        if s0 >= 3 and doc[s0 - 1].text == ")" and doc[s0 - 3].text == "(":
            ends.append(s0 - 3)
        for end in ends:
            for j in range(max(0, end - 14), end):
                read = title_at(doc, j)
                if read and j + read[0] == end:
                    if not hit or read[0] > hit[0]:
                        hit = (read[0] + (s0 - end), read[1])
                    break
            if hit:
                break
        return hit

    def _state_heading_title(self, start: int) -> Optional[str]:
        """The state that heads the words before a title: capitalised name words of a body
        ("Foreign Ministry", "State Department", "U.N."), rank and modifier adjectives."""
        doc = self.doc
        ends = {s.end: (kind, ref) for s, kind, ref in self.gaz_spans}
        k = start
        for _ in range(7):
            if k <= 0 or doc[k - 1].is_sent_start and k - 1 not in self.gaz_tokens:
                return None
            hit, hit_end = ends.get(k), k
            if hit is None and doc[k - 1].text in _POSSESSIVE:
                hit, hit_end = ends.get(k - 1), k - 1
            if hit is not None and hit[0] in ("state", "demonym", "metonym", "capital"):
                st = gaz.state_by_key(hit[1])
                return self._ensure_state(st) if st else None
            t = doc[k - 1]
            if hit is not None and hit[0] == "organization":
                k = min(s.start for s, _, _ in self.gaz_spans if s.end == hit_end)
                continue
            if t.text in _POSSESSIVE:
                return None
            if (t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ")
                    and not self.reg.keys_at(t.i)) or t.lower_ in lx.TITLE_MODIFIERS:
                k -= 1
                continue
            if t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod", "nmod") \
                    and t.head.i > t.i:
                k -= 1        # "Lithuania's border guard spokesman", "the Chilean rail agency director"
                continue
            return None
        return None

    def _body_heading_title(self, start: int) -> Optional[str]:
        """The international body that heads a title ("NATO Deputy Secretary General X",
        "UN Food Agency (UNFA) Director-General X"): the capitalised words before the
        title, when they hold an international organisation the gazetteer knows. The body
        is named as the text writes it, so that a programme of the UN stays itself."""
        doc = self.doc
        k = start
        if k >= 2 and doc[k - 1].text == ")":
            while k > 0 and doc[k - 1].text != "(" and start - k < 6:
                k -= 1
            k -= 1                          # "(UNFA)": an acronym in brackets
        end = k
        orgs = []
        while k > 0 and end - k < 8 and _cap(doc[k - 1]) and not doc[k - 1].is_sent_start \
                and doc[k - 1].ent_type_ not in ("PERSON", "DATE") and "\n" not in doc[k - 1].text_with_ws:
            ks = self.reg.keys_at(k - 1)
            if any(self.reg.kind(x) in (PERSON, STATE) for x in ks):
                break
            orgs += [x for x in ks if self.reg.kind(x) == ORGANIZATION
                     and self.reg.entities[x].subtype == "InternationalOrganization" and x not in orgs]
            k -= 1
        if k > 0 and doc[k - 1].is_sent_start and _cap(doc[k - 1]) and doc[k - 1].ent_type_ != "PERSON" and \
                not any(self.reg.kind(x) in (PERSON, STATE) for x in self.reg.keys_at(k - 1)):
            orgs += [x for x in self.reg.keys_at(k - 1) if self.reg.kind(x) == ORGANIZATION
                     and self.reg.entities[x].subtype == "InternationalOrganization" and x not in orgs]
            k -= 1
        if not orgs:
            return None
        words = doc[k:end]
        if len(words) == len(self.reg.entities[orgs[0]].mentions[0].text.split()) or all(
                orgs[0] in self.reg.keys_at(t.i) for t in words):
            return orgs[0]                  # the body alone: "NATO Deputy Secretary General"
        label = words.text
        key = f"org/{slug(label)}"
        self.reg.add(key, ORGANIZATION, label, words, subtype="InternationalOrganization")
        return key

    def _appositive_office(self, j: int) -> tuple[Optional[str], Optional[str]]:
        doc = self.doc
        if j >= len(doc) or doc[j].text != ",":
            return None, None
        k = j + 1
        if k < len(doc) and doc[k].lower_ in ("the", "a", "an"):
            k += 1
        state = None
        for s, kind, ref in self.gaz_spans:
            if s.start == k and kind in ("state", "demonym", "metonym"):
                st = gaz.state_by_key(ref)
                state = self._ensure_state(st) if st else None
                k = s.end
                if k < len(doc) and doc[k].text in _POSSESSIVE:
                    k += 1
                break
        # "Japan's new prime minister", "Turkey's presidential spokesman"
        # "former U.S. deputy secretary of state": a state after the modifiers
        for _ in range(4):
            if k >= len(doc) or any(" ".join(t.lower_ for t in doc[k:k + n]) in _OFFICES for n in (1, 2, 3, 4)):
                break
            if doc[k].lower_ in lx.TITLE_MODIFIERS:
                k += 1
                continue
            org = next((sp for sp in self.gaz_spans if sp[0].start == k and sp[1] == "organization"), None)
            if org is not None:
                k = org[0].end        # "Paraguayan deputy U.N. ambassador": an international body
                continue
            span = next((sp for sp in self.gaz_spans if sp[0].start == k and sp[1] in ("state", "demonym")), None)
            if span is not None and state is None:
                st = gaz.state_by_key(span[2])
                state = self._ensure_state(st) if st else None
                k = span[0].end
                continue
            break
        for skip in (0, 1, 2):
            # "a French energy policy adviser": lower-case words before the title
            if skip and (k + skip > len(doc) or not doc[k + skip - 1].is_alpha
                             or not (doc[k + skip - 1].is_lower and doc[k + skip - 1].pos_ in ("NOUN", "ADJ"))):
                break
            for n in (4, 3, 2, 1):
                if k + skip + n <= len(doc):
                    phrase = " ".join(t.lower_ for t in doc[k + skip:k + skip + n])
                    if phrase in _OFFICES:
                        if self._private_affiliation(k + skip + n):
                            return None, None
                        if state is None:
                            state = self._state_after_title(k + skip + n)
                        return _OFFICES[phrase], state
        return None, None

    def _state_after_title(self, i: int) -> Optional[str]:
        """'chairman of Ghana's Cocoa Board', 'envoy at the Peruvian
        embassy': the state of the body the title is of."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in ("of", "in", "at"):
            return None
        k = i + 1 + (1 if i + 1 < len(doc) and doc[i + 1].lower_ == "the" else 0)
        for s_, kind, ref in self.gaz_spans:
            if s_.start == k and kind in ("state", "demonym", "metonym"):
                nxt = s_.end
                possessive = nxt < len(doc) and doc[nxt].text in _POSSESSIVE
                # "of Ghana's ... Board" or "at the Peruvian embassy", not "envoy of Ghana to X"
                if possessive or kind in ("demonym", "metonym"):
                    st = gaz.state_by_key(ref)
                    return self._ensure_state(st) if st else None
        return None

    def _private_affiliation(self, i: int) -> bool:
        """'vice president at a think tank', 'chair of studies at an institute': a title
        followed by 'at/of/with' and something that is no state or international body."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in ("at", "of", "with"):
            return False
        k = i + 1 + (1 if i + 1 < len(doc) and doc[i + 1].lower_ == "the" else 0)
        if k >= len(doc):
            return False
        if any(t in self.gaz_tokens for t in range(k, min(len(doc), k + 4))):
            return False
        if doc[k].lower_ in ("country", "nation", "republic", "kingdom", "state", "government",
                             "emirate", "federation", "union", "island", "islands", "region"):
            return False
        return True

    def _complete_offices(self) -> None:
        """One person, one state: a title given without a state ('Secretary Ruiz') takes the
        state the article gives elsewhere; otherwise a known office holder of that name (kg/data)
        supplies it."""
        by_person: dict[str, set] = {}
        for h in self.reg.offices:
            if h.state:
                by_person.setdefault(h.person, set()).add(h.state)
        for h in self.reg.offices:
            if h.state is None and len(by_person.get(h.person, ())) == 1:
                h.state = next(iter(by_person[h.person]))
        for h in self.reg.offices:
            if h.state is None:
                for span, key in self.person_spans:
                    if key == h.person:
                        h.state = self._state_from_clause(span) or self._state_from_list(span, h)
                        if h.state:
                            break
        have = {h.person for h in self.reg.offices if h.state}
        for key, e in list(self.reg.entities.items()):
            if e.kind != PERSON or key in have or len(e.label.split()) != 1:
                continue
            # "King <first name>", "Emir <first name>": a monarch named by the first name alone
            for h in [h for h in self.reg.offices if h.person == key and h.office in _MONARCH_TITLES]:
                rec = _reigning(e.label, h.office, self.article.published)
                if rec is not None and gaz.state_by_key(rec.state_key):
                    h.state = self._ensure_state(gaz.state_by_key(rec.state_key))
                    e.label = rec.person_label
                    have.add(key)
        for key, e in list(self.reg.entities.items()):
            if e.kind != PERSON or key in have:
                continue
            titled = any(h.person == key for h in self.reg.offices)
            rec = _known_holder(e.label, self.article.published, strict=not titled)
            if rec is None:
                # a title that by itself names one state's office ("Secretary of State", "Pope"),
                # or a title in a body only one state has by that name ("State Department spokesman")
                for h in self.reg.offices:
                    ranked = _RANKED_SECRETARY.match(h.office or "")
                    if h.person == key and h.state is None and (h.office in _SINGLE_STATE_OFFICES or ranked
                                                                or self._single_state_body(h)):
                        st = gaz.state_by_key(_SINGLE_STATE_OFFICES.get(h.office)
                                              or (lx.SINGLE_STATE_TITLES["Secretary of State"] if ranked else None)
                                              or self._single_state_body(h))
                        h.state = self._ensure_state(st) if st else None
                        for h2 in self.reg.offices:
                            if h2.person == key and h2.state is None:
                                h2.state = h.state      # "Secretary Ruiz" too
                continue
            skey = self._ensure_state(gaz.state_by_key(rec.state_key)) if gaz.state_by_key(rec.state_key) else None
            if skey is None:
                continue
            mine = [h for h in self.reg.offices if h.person == key]
            if mine:
                for h in mine:
                    h.state = skey
            else:
                self.reg.offices.append(OfficeHolding(person=key, office=_short_office(rec), state=skey,
                                                      evidence=None))

    def _spouse_offices(self) -> None:
        """"President X and her husband Marco": the spouse of a head of state or government is
        listed with that state ("Spouse of the President")."""
        for skey, partner in getattr(self, "spouses", []):
            key = f"person/{skey}"
            if key not in self.reg.entities:
                continue
            pkey = self.person_for_name(partner)
            held = [h for h in self.reg.offices if h.person == pkey and h.state and h.office in lx.LEADER_OFFICES]
            if held and not any(h.person == key for h in self.reg.offices):
                self.reg.offices.append(OfficeHolding(person=key, office=f"Spouse of the {held[0].office}",
                                                      state=held[0].state, evidence=None))

    def _single_state_body(self, holding) -> Optional[str]:
        """The state of a government body named right before the title that only one state
        has under that name in English-language news ("State Department", "Pentagon")."""
        if holding.evidence is None:
            return None
        doc = self.doc
        start = next((t.i for t in doc if t.idx == holding.evidence.start), None)
        if start is None:
            return None
        k = start
        while k > 0 and start - k < 6 and (doc[k - 1].text[:1].isupper() or doc[k - 1].lower_ in ("of", "the")) \
                and not doc[k - 1].is_sent_end:
            k -= 1
        phrase = " ".join(t.lower_ for t in doc[k:start]) + " " + holding.evidence.text.lower()
        for body, state in _SINGLE_STATE_BODIES.items():
            if re.search(rf"\b{body}\b", phrase):
                return state
        return None

    def _state_of_phrase(self, tok) -> Optional[str]:
        """The state a noun phrase names ('Poland', 'the Brazilian delegation')."""
        for s, kind, ref in self.gaz_spans:
            if s.start >= tok.left_edge.i and s.end <= tok.i + 1 and kind in ("state", "demonym"):
                st = gaz.state_by_key(ref)
                return self._ensure_state(st) if st else None
        return None

    def _state_from_list(self, span, holding) -> Optional[str]:
        """'Kenyan Foreign Minister A; Defence Minister B; and ...': a titled name in a list
        takes the state of the titled name listed right before it."""
        doc = self.doc
        if holding.evidence is None:
            return None
        title_start = next((t.i for t in doc[max(0, span.start - 6):span.start]
                            if t.idx == holding.evidence.start), None)
        if title_start is None:
            return None
        prev = [(sp, k) for sp, k in self.person_spans
                if sp.end <= title_start and sp.sent.start == span.sent.start and k != holding.person]
        if not prev:
            return None
        sp, k = max(prev, key=lambda p: p[0].end)
        gap = doc[sp.end:title_start]
        if not gap or any(t.text not in (",", ";", "and") for t in gap) or not any(t.text in (",", ";") for t in gap):
            return None
        states = {h.state for h in self.reg.offices if h.person == k and h.state and h.evidence is not None}
        return next(iter(states)) if len(states) == 1 else None

    def _state_from_clause(self, span) -> Optional[str]:
        """A titled official the text ties to a state by the clause around the name:
        'Poland, whose defence minister X', 'Argentina was represented by foreign minister X',
        'foreign minister X led the Brazilian delegation'."""
        doc = self.doc
        root = span.root
        # "State, whose <title> X ..."
        for t in doc[max(0, span.start - 6):span.start]:
            if t.lower_ == "whose" and t.i > 1 and doc[t.i - 1].text == ",":
                k = t.i - 2
                for s, kind, ref in self.gaz_spans:
                    if s.end - 1 == k and kind == "state":
                        st = gaz.state_by_key(ref)
                        return self._ensure_state(st) if st else None
        # "<State> was represented by X"
        if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.lemma_ == "represent":
            for c in root.head.head.children:
                if c.dep_ == "nsubjpass":
                    return self._state_of_phrase(c)
        # "X led/headed the <Demonym> delegation"
        verb = root.head if root.dep_ == "nsubj" else None
        if verb is not None and verb.lemma_ in ("lead", "head"):
            for c in verb.children:
                if c.dep_ == "dobj" and c.lemma_ in ("delegation", "team", "side"):
                    return self._state_of_phrase(c)
        return None

    def _drop_generic_offices(self) -> None:
        specific = {(h.person, h.state) for h in self.reg.offices if h.office != "Leader"
                    and h.office in lx.LEADER_OFFICES}
        self.reg.offices = [h for h in self.reg.offices
                            if not (h.office == "Leader" and (h.person, h.state) in specific)]

    # ------------------------------------------------ nominals, pronouns --
    def leaders(self) -> list[str]:
        """Persons holding a leading office, most mentioned first."""
        keys = dict.fromkeys(h.person for h in self.reg.offices if h.office in lx.LEADER_OFFICES)
        return sorted(keys, key=lambda k: -len(self.reg.entities[k].mentions))

    def _leader_of(self, state: Optional[str], office: Optional[str]) -> Optional[str]:
        cands = [h for h in self.reg.offices if (state is None or h.state == state)]
        if office and office != "Leader":
            exact = [h.person for h in cands if h.office == office]
            if exact:
                return max(exact, key=lambda k: len(self.reg.entities[k].mentions))
        lead = [h.person for h in cands if h.office in lx.LEADER_OFFICES]
        if lead:
            return max(lead, key=lambda k: len(self.reg.entities[k].mentions))
        return None

    def _genders(self) -> None:
        """Gender the text shows for a person: 'Mr./Ms. X', 'Queen X', 'spokeswoman X'."""
        doc = self.doc
        self.gender: dict[str, str] = {}
        for span, key in self.person_spans:
            if span.start > 0:
                g = lx.GENDER_WORDS.get(doc[span.start - 1].lower_)
                if g:
                    self.gender.setdefault(key, g)

    def _nominals_and_pronouns(self) -> None:
        doc = self.doc
        self._genders()
        for tok in doc:
            if self.reg.keys_at(tok.i):
                continue
            low = tok.lower_
            # "the two leaders", "both leaders"
            if low in ("leaders", "presidents", "ministers", "sides") and tok.i > 0:
                if any(c.lower_ in ("two", "both") for c in tok.children) or doc[tok.i - 1].lower_ in ("two", "both"):
                    pair = self._recent_pair(tok.i, low)
                    if len(pair) == 2:
                        start = tok.i - 2 if tok.i >= 2 and doc[tok.i - 2].lower_ == "the" else tok.i - 1
                        self.reg.refer(doc[start:tok.i + 1], pair)
                continue
            # "his Norwegian counterpart": the person holding an office of that state
            if low in ("counterpart", "counterparts") and tok.i > 0:
                state = self._state_before(tok.i)
                cands = [h.person for h in self.reg.offices if state and h.state == state]
                if cands:
                    person = max(dict.fromkeys(cands), key=lambda k: len(self.reg.entities[k].mentions))
                    self.reg.refer(doc[tok.i:tok.i + 1], [person])
                continue
            # "the Chilean leader", "Norway's leader" with no name following
            hit = _title_at_end([low]) if low in lx.PERSON_NOUNS else None
            if hit and not (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON"):
                office = hit[1]
                if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
                    continue
                state = self._state_before(tok.i)
                if state is None:
                    continue
                person = self._leader_of(state, office)
                if person:
                    start = tok.i - 1
                    while start > 0 and (self.reg.keys_at(start - 1) == [state] or
                                         doc[start - 1].lower_ in ("the",) or doc[start - 1].text in _POSSESSIVE):
                        start -= 1
                    self.reg.refer(doc[tok.i:tok.i + 1], [person])
                continue
            if low in ("their", "they", "them") and tok.pos_ == "PRON":
                # "A and B at their talks": the people just named together
                group = self._coordinated_persons(tok)
                if len(group) >= 2:
                    self.reg.refer(doc[tok.i:tok.i + 1], group)
                continue
            if low == "the" and tok.i + 1 < len(doc):
                # "the Secretary", "the Deputy Foreign Minister": the person holding that title
                read = title_at(doc, tok.i + 1, capitalised_only=False)
                if read:
                    end = tok.i + 1 + read[0]
                    if end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].ent_type_ == "PERSON"
                                           or doc[end].text in _POSSESSIVE and end + 1 < len(doc)
                                           and doc[end + 1].pos_ == "PROPN"):
                        continue      # a title before a name, not in place of one
                    if any(self.reg.keys_at(j) for j in range(tok.i + 1, end)):
                        continue
                    person = self._holder_of_title(read[1], tok.i)
                    if person:
                        self.reg.refer(doc[tok.i:end], [person])
                continue
            if low in ("he", "she", "him", "his", "her") and tok.pos_ == "PRON":
                want = "f" if low in ("she", "her") else "m"
                own = set()
                if tok.dep_ in ("dobj", "pobj", "dative"):
                    # "X welcomed him": not X ("X welcomed himself" would say so)
                    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
                    own = {k for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                           for k in self.reg.keys_at(c.i)}
                person = self._antecedent(tok, lambda k: self.gender.get(k, want) == want and k not in own)
                if person:
                    self.gender.setdefault(person, want)
                    self.reg.refer(doc[tok.i:tok.i + 1], [person])

    def _coordinated_persons(self, tok) -> list[str]:
        """The persons named together ("A and B", "A, B and C") nearest before a plural
        pronoun: in its sentence, else the sentence before."""
        sents = [tok.sent]
        if tok.sent.start > 0:
            sents.append(self.doc[tok.sent.start - 1].sent)
        for sent in sents:
            best: list[str] = []
            for t in sent:
                if t.i >= tok.i:
                    break
                if t.dep_ == "conj":
                    continue
                group = []
                for m in [t] + [c for c in t.conjuncts if c.i > t.i]:
                    group += [k for k in self.reg.keys_at(m.i) if self.reg.kind(k) == PERSON and k not in group]
                if len(group) >= 2:
                    best = group
            if best:
                return best
        return []

    def _holder_of_title(self, title: str, i: int) -> Optional[str]:
        """The person named before token i whose office has every word of the title
        ("the Deputy Minister" -> the Deputy Foreign Minister named earlier); the one
        named last when several do."""
        want = {w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("of", "for", "the", "and")}
        if not want:
            return None
        holders = set()
        for h in self.reg.offices:
            have = set(re.findall(r"[a-z]+", (h.office or "").lower()))
            if want <= have:
                holders.add(h.person)
        best = None
        for pos, key in self.reg.order:
            if pos < i and key in holders and (best is None or pos >= best[0]):
                best = (pos, key)
        if best is None and len(holders) == 1:
            return next(iter(holders))
        return best[1] if best else None

    def _person_possessor(self, start: int) -> Optional[str]:
        """The person named right before a title in the possessive ("President Y's envoy")."""
        doc = self.doc
        if start > 1 and doc[start - 1].text in _POSSESSIVE:
            return next((k for k in self.reg.keys_at(start - 2) if self.reg.kind(k) == PERSON), None)
        return None

    def _person_state(self, key: str) -> Optional[str]:
        states = {h.state for h in self.reg.offices if h.person == key and h.state}
        return next(iter(states)) if len(states) == 1 else None

    def _offices_of_possessors(self) -> None:
        """Officials named through another person, read once pronouns are resolved:
        "his press secretary X" and "X, spokesman for President Y" serve Y's state;
        "her Uruguayan counterpart X" holds the office of the person "her" refers to, for Uruguay."""
        doc = self.doc
        for h in self.reg.offices:
            if h.state is not None or h.evidence is None:
                continue
            start = next((t.i for t in doc if t.idx == h.evidence.start), None)
            if start is None:
                continue
            owner = self._person_possessor(start)
            if owner is None and start > 0 and doc[start - 1].lower_ in ("his", "her"):
                owner = next((k for k in self.reg.keys_at(start - 1) if self.reg.kind(k) == PERSON), None)
            elif owner is None:
                # "X, spokesman for President Y": the person after "for"
                end = next((t.i for t in doc if t.idx <= h.evidence.end - 1 < t.idx + len(t.text)), None)
                if end is not None and end + 1 < len(doc) and doc[end + 1].text == ",":
                    # "X, spokesman for ...": the title after the name
                    for m in range(end + 2, min(len(doc) - 1, end + 7)):
                        if doc[m].is_punct:
                            break
                        if doc[m + 1].lower_ in ("for", "to") and _title_at_end([doc[m].text]):
                            end = m
                            break
                if end is not None and end + 1 < len(doc) and doc[end + 1].lower_ in ("for", "to"):
                    for t in doc[end + 2:min(len(doc), end + 6)]:
                        ks = [k for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PERSON]
                        if ks:
                            owner = ks[0]
                            break
                        if t.is_punct:
                            break
            if owner and owner != h.person:
                h.state = self._person_state(owner)
        for span, key in self.person_spans:
            if any(h.person == key and h.state for h in self.reg.offices):
                continue
            k = span.start - (1 if span.start > 0 and doc[span.start - 1].text == "," else 0)
            if k < 2 or doc[k - 1].lower_ != "counterpart":
                continue
            state = self._state_before(k - 1)
            if state is None:
                continue
            poss = doc[k - 2] if doc[k - 2].lower_ in ("his", "her") else \
                doc[k - 3] if k >= 3 and doc[k - 3].lower_ in ("his", "her") else None
            owner = next((o for o in (self.reg.keys_at(poss.i) if poss is not None else [])
                          if self.reg.kind(o) == PERSON), None)
            if owner is None and poss is None:
                # "X spoke with Chilean counterpart Y": the titled person before, in the sentence
                before = [(sp.start, k2) for sp, k2 in self.person_spans
                          if sp.sent.start == span.sent.start and sp.end <= k - 1 and k2 != key
                          and any(h.person == k2 for h in self.reg.offices)]
                owner = max(before)[1] if before else None
            offices = [h.office for h in self.reg.offices if h.person == owner and h.state != state]
            if not offices:
                continue
            sent = span.sent
            self.reg.offices.append(OfficeHolding(
                person=key, office=offices[0], state=state,
                evidence=Evidence(doc[k - 1].idx, span.end_char, doc[k - 1:span.end].text,
                                  sentence_index=_sent_index(doc, sent), sentence_start=sent.start_char,
                                  sentence_end=sent.end_char, confidence=0.6)))

    def _tidy_offices(self) -> None:
        """Office labels as the text spells them ("Defense Minister" where the text says
        "defense", "Advisor" where it says "advisor"), and a bare title dropped where the
        same person holds a fuller one for the same state ("Secretary X" beside "Secretary
        of State X", "Minister X" beside "Trade Minister X")."""
        doc = self.doc
        article = doc.text.lower()
        for h in self.reg.offices:
            # the article's own spelling (a copied or completed office has no text of its own)
            for us, uk in (("defense", "Defence"), ("advisor", "Adviser")):
                own = (h.evidence.text if h.evidence else "").lower()
                if uk in h.office and (us in own or uk.lower() not in own and us in article
                                       and uk.lower() not in article):
                    h.office = h.office.replace(uk, us.title())
            if h.office == "Leader" and h.state:
                # "the <demonym> leader X" where the recorded office is "Supreme Leader"
                rec = _known_holder(self.reg.entities[h.person].label, self.article.published)
                if rec is not None and f"state/{rec.state_key}" == h.state \
                        and _short_office(rec).endswith(" Leader"):
                    h.office = _short_office(rec)
            if h.evidence is not None and not h.office.startswith("Former") and self._former(h):
                h.office = f"Former {h.office}"
        keep = []
        for h in self.reg.offices:
            words = set(h.office.lower().split())
            if any(h2 is not h and h2.person == h.person and h2.state == h.state
                   and words < set(h2.office.lower().split()) for h2 in self.reg.offices):
                continue
            keep.append(h)
        self.reg.offices = keep

    def _state_of_token(self, tok) -> Optional[str]:
        """The state a subject stands for: the state, its capital or a government metonym
        ("<Capital> will ...", "the <metonym> said"), or a person with one state."""
        for k in self.reg.keys_at(tok.i):
            e = self.reg.entities.get(k)
            if e is None:
                continue
            if e.kind == STATE:
                return k
            if e.kind == ORGANIZATION and e.subtype == "GovernmentBody" and e.country:
                return e.country
            if e.kind == PERSON:
                return self._person_state(k)
        for s_, kind, ref in self.gaz_spans:
            if s_.start <= tok.i < s_.end and kind == "capital" and self._capital_is_government(s_):
                st = gaz.state_by_key(ref)
                return self._ensure_state(st) if st else None
        return None

    def _offices_of_actors(self) -> None:
        """A staff official with no state who speaks for the actor of the sentence: "<State>
        will send ..., government spokesperson X said", "<State> warned ..., with adviser
        X calling ...": the state (or the person with one state) the clause is about."""
        doc = self.doc
        for h in self.reg.offices:
            if h.state is not None or h.office in lx.LEADER_OFFICES or any(
                    h2.person == h.person and h2.state for h2 in self.reg.offices):
                continue
            span = next((sp for sp, k in self.person_spans if k == h.person and h.evidence is not None
                         and sp.start_char < h.evidence.end and sp.end_char > h.evidence.start), None)
            if span is None or span.root.dep_ != "nsubj":
                continue
            verb = span.root.head
            subjects = []
            if verb.lemma_ in ("say", "tell", "add", "announce", "confirm", "state"):
                # "<State> will ..., X said": the subject of the reported clause
                subjects += [g for c in verb.children if c.dep_ == "ccomp" and c.i < span.start
                             for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            if verb.lemma_ in ("say", "tell", "add", "announce", "confirm", "state") and verb.dep_ == "conj" \
                    and verb.head.i < span.start:
                # "<Leader> skipped ..., and presidential spokesman X told ..."
                subjects += [g for g in verb.head.children if g.dep_ in ("nsubj", "nsubjpass")]
            if verb.dep_ == "pcomp" and verb.head.lower_ == "with" and verb.head.head.dep_ == "ROOT":
                # "<State> warned ..., with X calling ..."
                subjects += [g for g in verb.head.head.children if g.dep_ in ("nsubj", "nsubjpass")]
            for subj in subjects:
                state = self._state_of_token(subj)
                if state:
                    h.state = state
                    break

    def _former(self, h) -> bool:
        """Is the title marked as no longer held: "former president X", "X, the country's
        former foreign minister"?"""
        doc = self.doc
        start = next((t.i for t in doc if t.idx == h.evidence.start), None)
        if start is None:
            return False
        span = next((sp for sp, k in self.person_spans if k == h.person and sp.start_char == h.evidence.start), None)
        if span is not None:
            # the title after the name: ", [the] [<State>'s] former <title>"
            k = span.end
            if k >= len(doc) or doc[k].text != ",":
                return False
            window = doc[k + 1:min(len(doc), k + 6)]
        else:
            # the words before the title: "<State>'s former", "the former"
            k = start
            while k > 0 and start - k < 4 and (doc[k - 1].lower_ in lx.TITLE_MODIFIERS or doc[k - 1].lower_ in ("the", "a")
                                               or doc[k - 1].text in _POSSESSIVE or (k - 1) in self.gaz_tokens):
                k -= 1
            window = doc[k:start]
        for t in window:
            if t.lower_ in ("former", "ex") or t.lower_.startswith("ex-"):
                return True
            if not (t.lower_ in lx.TITLE_MODIFIERS or t.lower_ in ("the", "a", "an") or t.text in _POSSESSIVE
                    or t.i in self.gaz_tokens):
                return False
        return False

    def _fits_noun(self, key: str, noun: str) -> bool:
        """Does the person hold an office the plural noun names ("ministers", "presidents")?"""
        offices = [(h.office or "").lower() for h in self.reg.offices if h.person == key]
        if noun == "ministers":
            return any("minister" in o or "secretary" in o for o in offices)
        if noun == "presidents":
            return any("president" in o for o in offices)
        if noun == "leaders":
            return any(h.office in lx.LEADER_OFFICES for h in self.reg.offices if h.person == key)
        return bool(offices)

    def _recent_pair(self, i: int, noun: str = "leaders") -> list[str]:
        # the two people just named ("A hosted B ..., and the two leaders signed"), else the
        # article's two main leaders; "the two ministers" are two ministers, not two presidents
        sent = self.doc[i].sent
        window = doc_sent_start(self.doc, sent.start - 1) if sent.start > 0 else sent.start
        near: list[str] = []
        for pos, key in sorted(self.reg.order, reverse=True):
            if window <= pos < i and key not in near and any(h.person == key for h in self.reg.offices):
                near.append(key)
        if len(near) == 2:
            return near
        fitting = [k for k in near if self._fits_noun(k, noun)]
        if len(near) > 2 and len(fitting) >= 2:
            return fitting[:2]          # the two most recently named who hold such an office
        if noun == "ministers":
            ministers = sorted(dict.fromkeys(h.person for h in self.reg.offices
                                             if self._fits_noun(h.person, noun)),
                               key=lambda k: -len(self.reg.entities[k].mentions))
            if len(ministers) >= 2:
                return ministers[:2]
        leaders = self.leaders()
        if len(leaders) >= 2:
            return leaders[:2]
        recent: list[str] = []
        for pos, key in sorted(self.reg.order, reverse=True):
            if pos < i and key not in recent:
                recent.append(key)
            if len(recent) == 2:
                break
        return recent

    def _antecedent(self, tok, fits=lambda k: True) -> Optional[str]:
        """The person a he/she/his refers to: a subject earlier in the sentence, else the last
        person; never a person whose gender the text shows to be the other one."""
        sent = tok.sent
        subjects = [k for t in sent if t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass")
                    for k in self.reg.keys_at(t.i) if self.reg.kind(k) == PERSON and fits(k)]
        if subjects:
            return subjects[-1]
        # "the anniversary of X's visit, when he met ...": a person named earlier in the
        # same sentence comes before the subject of the sentence before
        same = [(p, k) for p, k in self.reg.order if sent.start <= p < tok.i and fits(k)
                and self.reg.kind(k) == PERSON]
        if same:
            return max(same)[1]
        before = [(p, k) for p, k in self.reg.order if p < tok.i and fits(k)
                  and self.reg.kind(k) == PERSON]
        if before:
            # prefer the subject of the previous sentence
            prev_sent_start = sent.start
            prev = [(p, k) for p, k in before if doc_sent_start(self.doc, p) == doc_sent_start(self.doc, prev_sent_start - 1)] \
                if prev_sent_start > 0 else []
            for p, k in prev:
                if self.doc[p].dep_ in ("nsubj", "nsubjpass") or any(
                        self.doc[q].dep_ in ("nsubj", "nsubjpass") for q in range(p, p + 4) if q < len(self.doc)):
                    return k
            return max(before)[1]
        return None


def _fold(text: str) -> list[str]:
    import unicodedata
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", text) if w and len(w) > 1 and w not in lx.NAME_SUFFIXES]


# Words glued to a name by the model that are no part of it ("Wednesday Lind", "Professor X").
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_NAME_HONORIFICS = {"professor", "prof.", "prof"}
_SPOUSE_WORDS = {"wife", "husband", "spouse"}
# Words that make a capitalised name an organisation's ("Acme Group, a spokesman for ...").
_ORG_WORDS = {"corp", "corp.", "inc", "inc.", "ltd", "ltd.", "group", "bank", "party", "council", "ministry",
              "agency", "company", "institute", "university", "committee", "commission", "association",
              "foundation", "department", "office", "federation", "union", "organization", "organisation",
              "fund", "court", "army", "forces", "front", "movement", "club", "league"}
# Verbs that give their subject an office ("was", "became", "served as", "was sworn in as").
_OFFICE_VERBS = {"be", "become", "serve", "swear", "appoint", "name", "elect", "confirm", "install",
                 "remain", "succeed"}
# Titles that by themselves name one state's office when no state is given, and government
# bodies that English-language news names without their state (the U.S. ones above all).
_SINGLE_STATE_OFFICES = {**lx.SINGLE_STATE_TITLES, "Pope": "vatican-city"}
# words of offices a government's release gives mostly to other states' officials
_OTHER_STATES_OFFICES = ("minister", "president", "king", "queen", "emir", "prince", "chancellor", "premier",
                         "pope", "sultan", "monarch", "leader")
# "Assistant Secretary of State for X", "Under Secretary of State": ranks below the
# Secretary of State exist by these names in one state's service only (a British
# "Secretary of State for X" has no rank word before it)
_RANKED_SECRETARY = re.compile(r"^(?:(?:Principal|Acting|Senior)\s+)?(?:Deputy\s+)?(?:Assistant|Under|Deputy)\s+"
                               r"Secretary of State\b")
_SINGLE_STATE_BODIES = {"state department": "united-states", "department of state": "united-states",
                        "pentagon": "united-states", "national security council": "united-states",
                        "holy see": "vatican-city", "vatican": "vatican-city", "external affairs": "india",
                        # cabinet titles in the U.S. style and spelling
                        "commerce secretary": "united-states", "treasury secretary": "united-states",
                        "homeland security secretary": "united-states", "defense secretary": "united-states",
                        "secretary of defense": "united-states", "secretary of the treasury": "united-states",
                        "secretary of commerce": "united-states", "secretary of homeland security": "united-states"}

_HOLDERS: dict = {}
# A dateline at the start of a line: the place in capitals, an optional country, then a date,
# an agency or a dash ("PORT ALBA, Freedonia, March 3 (Agency) -").
_DATELINE_PLACE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'’]*(?:[ /-][A-Z][A-Z.'’]*){0,3})(?=\s*(?:,|[—–-]\s))"
    r"(?:,\s*([A-Za-z][A-Za-z .]{1,30}?)(?=\s*(?:,|\(|[—–-]\s)))?", re.M)
# Name particles that say nothing about who a person is ("bin" in "Khalid bin Mansour").
_PARTICLES = {"bin", "ibn", "bint", "al", "el", "de", "da", "van", "von", "der", "la", "le", "du"}


def _state_compound(text: str) -> bool:
    """Is a hyphenated word made only of states, demonyms or blocs ("A-B ties" as one token)?"""
    parts = [p for p in re.split(r"[-‐–—/]", text)]
    if len(parts) < 2:
        return False
    words = [p.strip() for p in parts if p.strip()]
    return bool(words) and all(gaz.lookup_state(w) or gaz.lookup_demonym(w) or gaz.lookup_organization(w)
                               for w in words)


def _holder_index() -> dict:
    """Recorded office holders (the Wikidata snapshot and the hand-written earlier terms),
    by each distinctive word of the name and by the first letters of the surname."""
    if not _HOLDERS:
        recs = [rec for st in gaz.states() for rec in gaz.office_holders(st.key)]
        recs += gaz.extra_terms()
        for rec in recs:
            words = _fold(rec.person_label)
            if len(words) >= 2 or words and len(rec.person_label.split()) >= 2:
                keys = {w for w in words if w not in _PARTICLES and len(w) > 2} | {words[-1], words[0]}
                keys.add("~" + words[-1][:4])
                for k in keys:
                    _HOLDERS.setdefault(k, []).append((set(words), rec))
        _HOLDERS.setdefault("", [])
    return _HOLDERS


def _known_holder(name: str, on: Optional[str], strict: bool = True):
    """A recorded office holder (kg/data) whose name is this person's name: one in office on
    the date if there is one, else one at any time, titled in the text or not (``strict`` is
    kept for callers), since former leaders are named without a title ("when X signed the
    treaty in 1979"). None when the candidates serve different states."""
    words = _fold(name)
    if len(words) < 2 and not (words and len(name.split()) >= 2 and len(words[0]) > 3):
        return None      # a bare surname; "A. Vellen"-style initials plus surname may go on
    cands = []
    for key in (words[-1], words[0], "~" + words[-1][:4]):
        for ws, rec in _holder_index().get(key, []):
            if rec in cands:
                continue
            if len(words) == 1 and (_fold(rec.person_label)[-1] != words[0] or
                                    rec.person_label[:1].lower() != name.strip()[:1].lower()):
                continue     # "A. Vellen": same surname and the same initial
            if len(words) >= 2 and (set(words) <= ws or ws <= set(words)) and _distinct(words, ws) \
                    or _variant_names(words, _fold(rec.person_label)) \
                    or len(words) == 1 and set(words) <= ws:
                cands.append(rec)
    if not cands:
        return None
    if on:
        live = []
        for rec in cands:
            start, end = rec.start_range, rec.end_range
            day = on[:10]
            if start and start[0].isoformat() <= day and (end is None or end[1].isoformat() >= day):
                live.append(rec)
        if live:
            cands = live
    states = {r.state_key for r in cands}
    if len(states) != 1:
        return None
    # the latest term: the office the person is best known by
    return max(cands, key=lambda r: (r.start_range or (_MIN_DATE, _MIN_DATE))[0])


_MONARCH_TITLES = {"King", "Queen", "Emir", "Sultan", "Monarch"}


def _reigning(first: str, office: str, on: Optional[str]):
    """The recorded monarch whose name begins with this first name and whose office is of
    this kind ("King" + first name), in office on the date; None unless exactly one person."""
    word = _fold(first)
    if len(word) != 1 or not on:
        return None
    found = {}
    for ws, rec in _holder_index().get(word[0], []):
        if _fold(rec.person_label)[0] != word[0] or office.lower() not in rec.office_label.lower():
            continue
        start, end = rec.start_range, rec.end_range
        if start and start[0].isoformat() <= on[:10] and (end is None or end[1].isoformat() >= on[:10]):
            found.setdefault(rec.state_key, []).append(rec)
    if len(found) != 1:
        return None
    recs = next(iter(found.values()))
    # the fullest form of the name ("X bin Y Al Z" over "X of <State>")
    return max(recs, key=lambda r: (" of " not in r.person_label, len(r.person_label)))


def _known_holder_name(text: str) -> bool:
    """Does the text spell the whole name of a recorded office holder (every word of it,
    bar honorifics and particles, or a transliteration of it)?"""
    words = _fold(text)
    if len(words) < 2:
        return False
    for key in (words[-1], "~" + words[-1][:4]):
        for ws, rec in _holder_index().get(key, []):
            rec_words = _fold(rec.person_label)
            core = [w for w in rec_words if w not in _PARTICLES and w not in ("prince", "sheikh", "king")]
            if set(words) == set(rec_words) or set(core) <= set(words) <= set(rec_words) \
                    or _variant_names(words, rec_words) \
                    or set(words) <= set(rec_words) and words[0] == rec_words[0]:   # without a second surname
                return True
    return False


def _distinct(words: list[str], ws: set) -> bool:
    """A name shared in part (one set inside the other) must share two distinctive words,
    so that "Lee Min" is not every Lee."""
    common = [w for w in set(words) & ws if w not in _PARTICLES]
    return len(common) >= 2


def _variant_names(a: list[str], b: list[str]) -> bool:
    """Two spellings of one name that differ only by transliteration ('Sergei'/'Sergey',
    'Andriy'/'Andrii', 'Petrenko'/'Petrenkko'): same number of words, other words one letter
    apart, the surname at most one letter apart (two in a long surname)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    x, y = sorted((a[-1], b[-1]), key=len)
    if x != y and not (x[:4] == y[:4] and _edits(x, y) <= (2 if len(x) >= 8 else 1) and len(x) >= 7
                       and y != x + "a" and a[:-1] == b[:-1]):
        return False      # "Orlov" / "Orlova" are two people
    for x, y in zip(a[:-1], b[:-1]):
        if x == y:
            continue
        if min(len(x), len(y)) < (3 if len(a) >= 3 else 4) or x[:3] != y[:3] or abs(len(x) - len(y)) > 1:
            return False
        if _edits(x, y) > 1:
            return False
    return True


def _edits(x: str, y: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        cur = [i]
        for j, cy in enumerate(y, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cx != cy)))
        prev = cur
    return prev[-1]


def _short_office(rec) -> str:
    label = rec.office_label.lower()
    for word, office in (("foreign", "Foreign Minister"), ("supreme leader", "Supreme Leader"),
                         ("chairman", "Chairman"), ("prime minister", "Prime Minister"),
                         ("vice president", "Vice President"), ("president", "President"),
                         ("chancellor", "Chancellor"), ("king", "King"), ("queen", "Queen"),
                         ("emir", "Emir"), ("sultan", "Sultan"), ("premier", "Premier")):
        if word in label:
            return office
    return {"head_of_state": "Head of State", "head_of_government": "Head of Government",
            "foreign_minister": "Foreign Minister"}.get(rec.role_guess, rec.office_label)


def doc_sent_start(doc, i: int) -> int:
    return doc[i].sent.start if 0 <= i < len(doc) else -1


def _sent_index(doc, sent) -> int:
    for n, s in enumerate(doc.sents):
        if s.start == sent.start:
            return n
    return 0


_MATCHERS: dict = {}


def _matcher(vocab):
    """A PhraseMatcher over every gazetteer surface form, built once per vocabulary."""
    from spacy.matcher import PhraseMatcher

    m = _MATCHERS.get(id(vocab))
    if m is None:
        from spacy.lang.en import English

        tokenizer = English().tokenizer
        m = PhraseMatcher(vocab, attr="ORTH")
        m.add("GAZ", [tokenizer(f) for f in gaz.surface_forms()])
        _MATCHERS[id(vocab)] = m
    return m
