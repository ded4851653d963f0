"""One IRI per real entity across articles: name keys, canonical labels, offices over time.

Every article is extracted on its own, so the same person must get the same
IRI from any article without looking at the others. The key is therefore a
pure function of the name (plus, for a bare surname or a Wikidata id, of the
states the article talks about):

* ``person_key("Park Min-jun") == person_key("Park Min Jun") == "person/park-min-jun"``:
  accents, hyphens, apostrophes, possessives and leading titles
  ("President", "Secretary", "Mr") are folded away, and transliteration
  variants of the same given name are folded to one spelling
  (Sergey/Sergei, Muhammad/Mohammed, ...), as is a final -iy/-yy/-ii.
* Names written with or without the syllable breaks of a known office
  holder ("Wang Xiao-ming", "Park Minjun") resolve to that holder's key, and so
  does a name of three words or more that is one typing slip away from
  exactly one known office holder.
* Nothing else is fuzzy: "Park Min Jun", "Park Min Jae" and "Park Soo Jin"
  keep three keys, because a difference in a name is as often two people as
  one typo.

`canonicalize(facts)` applies these keys to an extractor's output before
mapping (`kg.mapping.to_graph` calls it), so every extractor gets the same
identities. A person's label is the article's own spelling of the full name
(the canonical spelling joins the article's other spellings as skos:altLabel),
and it fills in Wikidata QIDs: states from the gazetteer, persons when
their name and one of the article's states match a gazetteer office holder.

The second half of the module is the reference graph (``graph/reference``):
the gazetteer's office holdings with start and end dates for the states in
the store, so that "who led Russia on 2010-06-01" has an answer.
"""
from __future__ import annotations

import copy
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from . import gazetteer as gaz
from .namespaces import slug

# --------------------------------------------------------------------------
# name folding
# --------------------------------------------------------------------------
# Words that stand before a name but are not part of it. Kept out: words that
# news uses as part of how a person is named (King, Queen, Pope, Prince, Sheikh).
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "comrade", "the",
    "president", "vice", "prime", "minister", "foreign", "defence", "defense", "deputy",
    "secretary", "general", "state", "premier", "chancellor", "chairman", "chairwoman",
    "chair", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
    "governor", "gov", "mayor", "ambassador", "envoy", "special", "spokesman", "spokeswoman",
    "spokesperson", "leader", "supreme", "commander", "marshal", "colonel", "col", "lt",
    "lieutenant", "captain", "capt", "major", "admiral", "brigadier", "gen", "former",
    "late", "acting", "interim", "then", "incoming", "outgoing", "communist", "party",
    "his", "her", "excellency", "speaker", "finance", "interior", "trade", "economy",
    "energy", "national", "security", "adviser", "advisor", "aide", "head", "chief",
    "presidential", "judge", "justice", "vice-president", "ex", "sheikh",
}
# Short forms of given names that news uses for the same person ("Jim Hollis" = "James Hollis").
NICKNAMES = {"jim": "james", "jimmy": "james", "steve": "stephen", "mike": "michael",
             "bill": "william", "bob": "robert", "joe": "joseph", "tom": "thomas",
             "nick": "nicholas", "liz": "elizabeth", "ben": "benjamin", "sergey": "sergei"}
# Spellings of one name, folded to the first form of each group.
_TRANSLIT_GROUPS = (
    ("sergei", "sergey", "sergej", "sergeij"),
    ("dmitry", "dmitri", "dmitriy", "dmitrii"),
    ("yevgeny", "evgeny", "yevgeniy", "evgeniy", "yevgeni", "evgeni"),
    ("alexei", "aleksei", "alexey", "aleksey", "alexej"),
    ("alexander", "aleksandr", "alexandr", "aleksander"),
    ("andrei", "andrey", "andrej"),
    ("nikolai", "nikolay", "nikolaj"),
    ("yuri", "yury", "yuriy", "iurii"),
    ("valery", "valeri", "valeriy", "valerii"),
    ("mikhail", "mikhael"),
    ("mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "muhamed"),
)
TRANSLIT = {variant: group[0] for group in _TRANSLIT_GROUPS for variant in group}
# Lower-case particles inside names ("Lula da Silva", "al-Sudani", "bin Salman").
PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "do", "dos", "das", "di", "del",
             "della", "van", "von", "der", "den", "la", "le", "du", "y", "ter", "ten"}
_HYPHEN_PARTICLES = {"al", "el"}
_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u02bb": "'"})


def _strip_accents(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c))


def _words(name: str) -> list[str]:
    """The name's words as written (accents kept), without possessive, quotes and dots."""
    t = unicodedata.normalize("NFC", name or "").translate(_APOSTROPHES).strip()
    t = re.sub(r"'s?$", "", t)                     # "Ferreira's", "Saudis'"
    t = t.replace("'", "")                         # "O'Brien" -> "OBrien", "Shia'" -> "Shia"
    return [w for w in re.split(r"[^\w]+|_", t) if w]


def _fold_word(word: str) -> str:
    return _strip_accents(word).lower()


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a person's name: 'President Park Min-jun's' -> ['park', 'min', 'jun'].

    Titles before the name go; transliteration variants and short forms of a
    given name (first token of three or fewer) are folded; "el-" inside a
    name becomes "al-".
    """
    raw = [w for w in _words(name) if _fold_word(w)]
    words = [_fold_word(w) for w in raw]
    while len(words) > 1:
        if words[0] in TITLE_WORDS:
            words, raw = words[1:], raw[1:]
            continue
        # "Chilean President Araya", "Norway's Minister Dahl": a state before a title
        for n in (3, 2, 1):
            if len(words) > n + 1 and words[n] in TITLE_WORDS and \
                    (gaz.lookup_demonym(" ".join(raw[:n])) or gaz.lookup_state(" ".join(raw[:n]))):
                words, raw = words[n:], raw[n:]
                break
        else:
            break
    words = [TRANSLIT.get(w, w) for w in words]
    # Romanisations of a final -ий/-ый: "Kovalskiy", "Kovalskyy", "Kovalskyi", "Kovalskii" -> "-y"
    words = [re.sub(r"(?<=[a-z]{3})(iy|yy|yi|ii|ij)$", "y", w) for w in words]
    if len(words) >= 2 and words[0] in NICKNAMES:
        words[0] = NICKNAMES[words[0]]
    words = ["al" if w == "el" and 0 < i < len(words) - 1 else w for i, w in enumerate(words)]
    return words


def _is_initial(tok: str) -> bool:
    return len(tok) == 1 and tok.isalpha()


def _loose(tokens: list[str]) -> tuple[str, frozenset]:
    """(the name without middle initials and Jr./Sr., the initials it had)."""
    core = [t for i, t in enumerate(tokens)
            if not ((_is_initial(t) and 0 < i < len(tokens) - 1) or (t in _SUFFIXES and i > 0))]
    extra = frozenset(t for t in tokens if t not in core)
    return "".join(core), extra


def _squash(tokens: list[str]) -> str:
    return "".join(tokens)


def _render(tokens: list[str], original: str = "") -> str:
    """A display form of folded tokens, keeping the original's accents and inner capitals."""
    as_written = {}
    for w in _words(original):
        folded = TRANSLIT.get(_fold_word(w), _fold_word(w))
        as_written.setdefault(folded, w)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in _SUFFIXES and i > 0:
            out.append(_SUFFIXES[tok])
            continue
        if tok in PARTICLES and 0 < i < len(tokens) - 1:
            out.append(tok + ("-" if tok in _HYPHEN_PARTICLES else " "))
            continue
        w = as_written.get(tok)
        if w is None or _fold_word(w) != tok:
            w = tok
        if w.isupper() and len(w) > 1 and len(tokens) > 1 and not any(c.isdigit() for c in w):
            w = w.lower()                             # "PUTIN" in a headline
        w = w[:1].upper() + w[1:]
        if len(w) == 1 and w.isalpha() and len(tokens) > 1:
            w += "."                                  # "George W. Bush"
        out.append(w + " ")
    return "".join(out).strip().replace("- ", "-")


# --------------------------------------------------------------------------
# known persons (gazetteer office holders and a short supplement)
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One term of one person in one office of one state (from the gazetteer or the supplement)."""
    state_key: str
    office_label: str
    office_qid: str
    person_label: str
    person_qid: str
    start: str
    end: str
    role: str
    source: str


# Terms the gazetteer data lacks (it starts around 2010 and leaves terms open),
# written by hand from the public record in kg/data/office_terms_extra.csv (QIDs are
# Wikidata's, CC0; dates are those of the inauguration or appointment).
EXTRA_TERMS = Path(__file__).resolve().parent / "data" / "office_terms_extra.csv"


@lru_cache(maxsize=1)
def supplement() -> tuple["Term", ...]:
    with open(EXTRA_TERMS, encoding="utf-8", newline="") as fh:
        return tuple(Term(**row) for row in csv.DictReader(fh))


@dataclass
class KnownPerson:
    key: str
    label: str
    qids: set
    states: set


def _year(value: str) -> str:
    return (value or "")[:4]


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """Every known term: the gazetteer's, merged with the supplement, duplicates dropped.

    A gazetteer term of the same person in the same office starting the same
    year as a supplement term is the same term at a coarser date: the
    supplement's exact dates win.
    """
    out: dict[tuple, Term] = {}
    gazetteer_terms = []
    for state in gaz.states():
        for r in gaz.office_holders(state.key):
            gazetteer_terms.append(Term(r.state_key, r.office_label, r.office_qid, r.person_label,
                                        r.person_qid, r.start.strip(), r.end.strip(), r.role_guess,
                                        r.source))
    for t in (*supplement(), *gazetteer_terms):
        if not t.start:
            continue
        k = (t.state_key, person_key_plain(t.person_label), office_short_label(t), _year(t.start))
        if k not in out:
            out[k] = t
    return tuple(sorted(out.values(), key=lambda t: (t.state_key, office_short_label(t), t.start,
                                                     t.person_label)))


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, KnownPerson], dict[str, str], dict[str, set]]:
    """(key -> person, squashed name -> key, surname token -> keys)."""
    by_key: dict[str, KnownPerson] = {}
    squashed: dict[str, str] = {}
    loose: dict[str, set] = {}
    for t in terms():
        tokens = name_tokens(t.person_label)
        if not tokens:
            continue
        key = "person/" + "-".join(tokens)
        p = by_key.get(key)
        if p is None:
            p = by_key[key] = KnownPerson(key, _render_known(tokens, t.person_label), set(), set())
            squashed.setdefault(_squash(tokens), key)
            lo, extra = _loose(tokens)
            loose.setdefault(lo, set()).add((key, extra))
        if t.person_qid:
            p.qids.add(t.person_qid)
        p.states.add(t.state_key)
    _LOOSE.clear()
    _LOOSE.update(loose)
    surnames: dict[str, set] = {}
    for key in by_key:
        tokens = key[len("person/"):].split("-")
        if len(tokens) >= 2:
            for tok in {tokens[0], tokens[-1]}:
                if len(tok) >= 2 and tok not in PARTICLES:
                    surnames.setdefault(tok, set()).add(key)
    return by_key, squashed, surnames


_LOOSE: dict[str, set] = {}


def _render_known(tokens: list[str], label: str) -> str:
    """A known person's label: the gazetteer's words (short forms kept: 'Joe Hale')."""
    words = [w for w in _words(label)]
    if len(words) == len(tokens):
        out = []
        for w, tok in zip(words, tokens):
            if tok in PARTICLES or tok in _SUFFIXES or _is_initial(tok):
                out.append(None)
            else:
                out.append(w[:1].upper() + w[1:])
        rendered = _render(tokens, label).split(" ")
        if len(rendered) == len(out):
            return " ".join(o if o is not None else r for o, r in zip(out, rendered))
    return _render(tokens, label)


def person_key_plain(name: str) -> str:
    """The key from the name alone, without consulting the known persons.

    Middle initials are left out ("Thomas R. Hale Jr." = "Thomas Hale Jr.").
    """
    tokens = name_tokens(name)
    tokens = [t for i, t in enumerate(tokens) if not (_is_initial(t) and 0 < i < len(tokens) - 1)]
    return "person/" + ("-".join(tokens) if tokens else slug(name))


def known_person(name_or_key: str) -> Optional[KnownPerson]:
    """The gazetteer/supplement person this name (or key) denotes, if any.

    The name matches when it is the known name without word breaks ("Xi
    Jin-ping"), or without middle initials and Jr./Sr. that the known name has
    ("Joseph R. Hale Jr." -> Joe Hale; never "John H. W. Hale" -> John W. Hale).
    """
    by_key, squashed, _ = _known()
    if name_or_key.startswith("person/"):
        return by_key.get(name_or_key)
    tokens = name_tokens(name_or_key)
    if not tokens:
        return None
    key = squashed.get(_squash(tokens))
    if key is None:
        lo, extra = _loose(tokens)
        hits = {k for k, theirs in _LOOSE.get(lo, ()) if extra <= theirs or not theirs}
        if len(hits) == 1 and len(lo) > 3:
            key = next(iter(hits))
    if key is None:
        key = _one_slip_away(tokens)
    return by_key.get(key) if key else None


def _one_slip_away(tokens: list[str]) -> Optional[str]:
    """The one known person whose name differs from these tokens by a single
    typing slip (one letter added, dropped or changed) in one word: 'Park Mn Jun'
    for 'Park Min Jun'. Only names of three words or more, so that two short
    names a letter apart ('Joan Smith', 'John Smith') are never joined."""
    if len(tokens) < 3:
        return None
    by_key, _, _ = _known()
    hits = set()
    for key in by_key:
        theirs = key[len("person/"):].split("-")
        if len(theirs) != len(tokens) or theirs == tokens:
            continue
        diff = [(a, b) for a, b in zip(tokens, theirs) if a != b]
        if len(diff) == 1 and min(len(diff[0][0]), len(diff[0][1])) >= 2 and _one_edit(*diff[0]):
            hits.add(key)
    return next(iter(hits)) if len(hits) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b are one insertion, deletion or substitution apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def person_key(name: str) -> str:
    """The entity key of a person: 'Park Min-jun', 'Park Min Jun', 'park minjun' -> 'person/park-min-jun'."""
    p = known_person(name)
    return p.key if p else person_key_plain(name)


def person_label(name: str) -> str:
    """The display label for the person's node, the same in every article."""
    p = known_person(name)
    if p:
        return p.label
    tokens = person_key_plain(name)[len("person/"):].split("-") if name_tokens(name) else []
    return _render(tokens, name) if tokens else " ".join(name.split())


def same_person(a: str, b: str) -> bool:
    """Whether two written names denote the same person by these rules."""
    return person_key(a) == person_key(b)


def resolve_surname(word: str, state_keys: Iterable[str]) -> Optional[str]:
    """A bare surname ('Ferreira') -> the one known office holder of one of these states with it."""
    tokens = name_tokens(word)
    if len(tokens) != 1:
        return None
    _, _, surnames = _known()
    states = set(state_keys)
    by_key = _known()[0]
    hits = {k for k in surnames.get(tokens[0], set()) if by_key[k].states & states}
    return next(iter(hits)) if len(hits) == 1 else None


def person_qid(name_or_key: str, state_keys: Iterable[str]) -> Optional[str]:
    """The person's QID when the name matches a known office holder of one of these states."""
    p = known_person(name_or_key)
    if p is None or len(p.qids) != 1 or not (p.states & set(state_keys)):
        return None
    return next(iter(p.qids))


# --------------------------------------------------------------------------
# places and organisations
# --------------------------------------------------------------------------
_SMALL_WORDS = {"of", "the", "and", "de", "la", "le", "du", "des", "da", "do", "on", "upon", "at",
                "in", "al", "el", "for"}


def _clean_place(name: str) -> str:
    t = unicodedata.normalize("NFC", name or "").translate(_APOSTROPHES).strip().strip("\"“”()[],;:")
    t = re.sub(r"'s?$", "", t).strip()
    t = re.sub(r"^the\s+", "", t, flags=re.IGNORECASE)
    return " ".join(t.split())


def title_label(name: str) -> str:
    """'Baikonur cosmodrome' -> 'Baikonur Cosmodrome'; small words stay lower case."""
    clean = _clean_place(name)
    if sum(c.isalpha() for c in clean) > 4 and clean.upper() == clean:
        clean = clean.lower()                     # "VOSTOCHNY COSMODROME" in a dateline
    words = clean.split(" ")
    out = []
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def place_key(name: str) -> str:
    """'Kiev' and 'Kyiv' -> 'place/kyiv' (capitals by the gazetteer); else the slug of the name."""
    clean = _clean_place(name)
    state = gaz.lookup_capital(clean) if clean else None
    if state is not None and state.capital:
        return "place/" + slug(state.capital)
    return "place/" + slug(clean or name)


def place_label(name: str) -> str:
    clean = _clean_place(name)
    state = gaz.lookup_capital(clean) if clean else None
    if state is not None and state.capital:
        return state.capital
    return title_label(clean) if clean else name


def capital_state(name: str) -> Optional[str]:
    """The key of the state whose capital (or seat) this is."""
    clean = _clean_place(name)
    state = gaz.lookup_capital(clean) if clean else None
    return state.key if state else None


def org_key(name: str) -> str:
    clean = _clean_place(name)
    org = gaz.lookup_organization(clean) if clean else None
    return "org/" + slug(org.name if org else (clean or name))


def org_label(name: str) -> str:
    clean = _clean_place(name)
    org = gaz.lookup_organization(clean) if clean else None
    return org.name if org else (title_label(clean) if clean else name)


def state_key(name: str) -> Optional[str]:
    state = gaz.lookup_state(name) or gaz.lookup_demonym(name)
    return f"state/{state.key}" if state else None


def canonical(kind: str, name: str, key: str = "") -> tuple[str, str]:
    """(key, label) of an entity of this ontology kind named so."""
    if kind == "Person":
        return person_key(name), person_label(name)
    if kind == "Place":
        return place_key(name), place_label(name)
    if kind == "Organization":
        return org_key(name), org_label(name)
    if kind == "State":
        st = gaz.state_by_key(key.split("/", 1)[-1]) if key.startswith("state/") else None
        st = st or gaz.lookup_state(name)
        if st:
            return f"state/{st.key}", st.name
    return key or f"{kind.lower()}/{slug(name)}", name


# --------------------------------------------------------------------------
# applying the keys to one article's facts
# --------------------------------------------------------------------------
def canonicalize(facts):
    """A copy of the facts with cross-article keys, one label per node, and QIDs.

    Entities whose keys become equal are merged (their aliases and mentions
    joined); every reference to an old key (roles, place, attribution,
    offices, countries) follows. The facts passed in are not changed.
    """
    from .facts import Entity

    src = facts.entities
    article_states = {k[len("state/"):] for k, e in src.items() if e.kind == "State"}
    article_states |= {h.state[len("state/"):] for h in facts.offices if h.state}

    remap: dict[str, str] = {}
    labels: dict[str, str] = {}
    for k, e in src.items():
        if e.kind == "Person":
            tokens = name_tokens(e.label)
            if len(tokens) == 1:
                hit = resolve_surname(e.label, article_states)
                if hit:
                    remap[k], labels[hit] = hit, _known()[0][hit].label
                    continue
        if e.kind == "Organization" and e.subtype == "Group":
            # an unnamed group ("Chilean officials") is this article's group only
            remap[k] = k
            labels.setdefault(k, e.label)
            continue
        if e.kind == "Place" and e.subtype not in (None, "City"):
            # a venue or region keeps its own name even when it shares a capital's words
            new_key, label = "place/" + slug(_clean_place(e.label) or e.label), title_label(e.label)
        else:
            new_key, label = canonical(e.kind, e.label, k)
            if e.kind == "Person" and len(name_tokens(e.label)) >= 2:
                # The node's label is the article's own spelling of the full name (readers
                # and scorers look for the name as written); the canonical spelling is kept
                # as an alias, and the key, not the label, carries the identity.
                label = " ".join(e.label.split())
        if k.startswith("state/") and e.kind == "State":
            new_key = k if gaz.state_by_key(k[len("state/"):]) is None else new_key
        remap[k] = new_key
        labels.setdefault(new_key, label)

    def m(key: Optional[str]) -> Optional[str]:
        return remap.get(key, key) if key else key

    entities: dict[str, Entity] = {}
    for k, e in src.items():
        nk = remap[k]
        target = entities.get(nk)
        if target is None:
            target = entities[nk] = Entity(key=nk, kind=e.kind, label=labels[nk], aliases=[],
                                           mentions=[], qid=e.qid, country=m(e.country),
                                           subtype=e.subtype)
        canonical_label = canonical(e.kind, e.label, k)[1] if e.kind == "Person" else None
        for alias in [e.label, *e.aliases, canonical_label]:
            if alias and alias not in target.aliases:
                target.aliases.append(alias)
        for mention in e.mentions:
            if not any(x.start == mention.start and x.end == mention.end for x in target.mentions):
                target.mentions.append(copy.copy(mention))
        target.qid = target.qid or e.qid
        target.country = target.country or m(e.country)
        target.subtype = target.subtype or e.subtype

    for e in entities.values():
        if e.kind == "State" and not e.qid:
            st = gaz.state_by_key(e.key[len("state/"):])
            e.qid = (st.qid or None) if st else None
        if e.kind == "Person" and not e.qid:
            e.qid = person_qid(e.key, article_states)
        if e.kind == "Place" and e.country is None and e.subtype == "City":
            cs = capital_state(e.label)
            if cs and f"state/{cs}" in entities:
                e.country = f"state/{cs}"

    out = copy.copy(facts)
    out.entities = entities
    out.events = []
    for ev in facts.events:
        ev2 = copy.deepcopy(ev)
        roles: dict[str, list[str]] = {}
        for role, keys in ev.roles.items():
            for key in keys:
                nk = m(key)
                if nk not in roles.setdefault(role, []):
                    roles[role].append(nk)
        ev2.roles = roles
        ev2.place, ev2.attribution = m(ev.place), m(ev.attribution)
        out.events.append(ev2)
    out.offices = []
    seen = set()
    for h in facts.offices:
        h2 = copy.copy(h)
        h2.person, h2.state, h2.organization = m(h.person), m(h.state), m(h.organization)
        ident = (h2.person, h2.state, h2.organization, h2.office)
        if ident not in seen:
            seen.add(ident)
            out.offices.append(h2)
    return out


# --------------------------------------------------------------------------
# offices over time: the reference graph
# --------------------------------------------------------------------------
def office_short_label(t: Term) -> str:
    """'President of Russia' -> 'President', as the extractor names offices."""
    from .extract import lexicon as lx

    label = " ".join(t.office_label.replace('"', "").split())
    low = label.lower()
    if t.role in ("foreign_minister",) or "foreign" in low:
        if "secretary of state" in low and "foreign" not in low:
            return "Secretary of State"
        if "foreign secretary" in low or "secretary of state for foreign" in low:
            return "Foreign Secretary"
        return "Foreign Minister"
    head = re.split(r"\s+of\s+", label, maxsplit=1)[0]
    words = head.lower().split()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[-n:])
        if phrase in lx.OFFICES and n == len(words):
            return lx.OFFICES[phrase]
    for n in range(min(len(words), 3), 0, -1):
        phrase = " ".join(words[-n:])
        if phrase in lx.OFFICES:
            return lx.OFFICES[phrase]
    return label[:1].upper() + label[1:]


def _inferred_ends(ts: list[Term]) -> dict[Term, str]:
    """End dates for open terms: the start of the next holder of the same office."""
    ends: dict[Term, str] = {}
    by_office: dict[tuple, list[Term]] = {}
    for t in ts:
        by_office.setdefault((t.state_key, office_short_label(t)), []).append(t)
    for group in by_office.values():
        group.sort(key=lambda t: (t.start, t.person_label))
        for i, t in enumerate(group):
            if t.end:
                continue
            me = person_key_plain(t.person_label)
            later = [o for o in group[i + 1:] if person_key_plain(o.person_label) != me
                     and o.start > t.start and _year(o.start) >= _year(t.start)]
            if later:
                ends[t] = later[0].start
    return ends


def reference_graph(state_keys: Optional[Iterable[str]] = None):
    """graph/reference: states, office holders and their terms (start/end) from the gazetteer.

    `state_keys` limits it to those states (e.g. the states in the store);
    None means every state. Open terms are closed at the start of the next
    holder of the same office (marked with a comment), so that a date query
    finds one holder outside transition periods.
    """
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, PROV, RDF, RDFS

    from .mapping import bind_prefixes, entity_iri
    from .namespaces import DKG, GRAPH, WD

    wanted = None if state_keys is None else set(state_keys)
    g = bind_prefixes(Graph(identifier=GRAPH["reference"]))
    # The bundled gazetteer is the source of every holding here (see kg/data/README.md).
    GAZETTEER_DATASET = entity_iri("dataset/gazetteer")
    g.add((GAZETTEER_DATASET, RDF.type, PROV.Entity))
    g.add((GAZETTEER_DATASET, RDFS.label, Literal(
        "kg gazetteer: Wikidata office holders via every-politician-scrapers (CC0), "
        "with a hand-written supplement of earlier terms")))
    chosen = [t for t in terms() if wanted is None or t.state_key in wanted]
    ends = _inferred_ends(chosen)
    office_qids: dict[URIRef, set] = {}
    for st in gaz.states():
        if wanted is not None and st.key not in wanted:
            continue
        node = entity_iri(f"state/{st.key}")
        g.add((node, RDF.type, DKG.State))
        g.add((node, RDFS.label, Literal(st.name)))
        if st.qid:
            g.add((node, DKG.qid, Literal(st.qid)))
            g.add((node, OWL.sameAs, WD[st.qid]))
    for t in chosen:
        pkey = person_key(t.person_label)
        person = entity_iri(pkey)
        known = known_person(pkey)
        g.add((person, RDF.type, DKG.Person))
        g.add((person, RDFS.label, Literal(known.label if known else person_label(t.person_label))))
        if t.person_label != (known.label if known else ""):
            g.add((person, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(t.person_label)))
        if known and len(known.qids) == 1:
            qid = next(iter(known.qids))
            g.add((person, DKG.qid, Literal(qid)))
            g.add((person, OWL.sameAs, WD[qid]))
        short = office_short_label(t)
        state = entity_iri(f"state/{t.state_key}")
        office = entity_iri(f"office/state/{t.state_key}/{slug(short)}")
        g.add((office, RDF.type, DKG.Office))
        g.add((office, RDFS.label, Literal(short)))
        g.add((office, DKG.officeOf, state))
        if t.office_qid:
            office_qids.setdefault(office, set()).add(t.office_qid)
        holding = entity_iri(f"holding/{pkey}/state/{t.state_key}/{slug(short)}/{t.start}")
        g.add((holding, RDF.type, DKG.OfficeHolding))
        g.add((holding, DKG.holder, person))
        g.add((holding, DKG.office, office))
        g.add((holding, DKG.inState, state))
        g.add((holding, RDFS.label, Literal(f"{short}: {known.label if known else t.person_label}")))
        g.add((holding, DKG.startDate, Literal(t.start)))
        end = t.end or ends.get(t)
        if end:
            g.add((holding, DKG.endDate, Literal(end)))
        if not t.end and end:
            g.add((holding, RDFS.comment, Literal("end date inferred from the start of the next "
                                                  "holder of the same office")))
        g.add((holding, PROV.wasDerivedFrom, GAZETTEER_DATASET))
        if t.person_qid:
            g.add((holding, PROV.wasDerivedFrom, WD[t.person_qid]))
        if t.source == "supplement":
            g.add((holding, RDFS.comment, Literal("from the hand-written supplement of earlier "
                                                  "terms (public record)")))
    for office, qids in office_qids.items():
        if len(qids) == 1:
            qid = next(iter(qids))
            g.add((office, DKG.qid, Literal(qid)))
    return g


def holder_on(state_key: str, on: str, role: str = "head_of_state") -> Optional[tuple[str, str, Optional[str]]]:
    """(person key, label, QID) of who held the role in the state on the date, if the data says.

    For an extractor resolving "the Russian leader" by the article's date. The
    latest term that covers the date wins (year-precision data cannot settle a
    transition year).
    """
    mine = [t for t in terms() if t.state_key == state_key]
    ends = _inferred_ends(mine)
    chosen = None
    for t in mine:
        if t.role != role:
            continue
        end = t.end or ends.get(t, "")
        if t.start[:len(on)] <= on and (not end or end >= on[:len(end)]):
            if chosen is None or t.start > chosen.start:
                chosen = t
    if chosen is None:
        return None
    p = known_person(chosen.person_label)
    if p is None:
        return None
    return p.key, p.label, (next(iter(p.qids)) if len(p.qids) == 1 else None)
