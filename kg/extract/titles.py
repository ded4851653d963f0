"""The title grammar: office titles read from their parts, not from a list of phrasings.

    TITLE     := MODIFIER* HEAD [ "-" HEAD-SUFFIX ] [ ("of" | "for" | "to") PORTFOLIO ]
    PORTFOLIO := ["the"] WORD+ (("and" | "," | "of" | "for") ["the"] WORD+)*

HEAD is an office noun ("Minister", "Secretary", "Director", "Envoy", "Representative"),
MODIFIER a rank or qualifier written before it ("Deputy", "Assistant", "Executive",
"Special", "Presidential", "High", "Under"), and PORTFOLIO the capitalised words of a
brief ("for Coastal Affairs and Fisheries", "of State for Island Affairs"). The word
classes are data (`kg/data/title_words.csv`); the grammar is this module. It reads
titles that no list names ("Deputy Under Secretary for Ocean Affairs", "Special Envoy
for Rivers and Lakes", "Managing Director") so that the name after
the title is found and the title is recorded as the office as written.

A portfolio stops where a name begins: a token the model tags as a person, or, when
the model tags none, the last two capitalised words before a verb or punctuation
(with an initial before them), which are read as the name.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Optional

from . import lexicon as lx

_DATA = Path(__file__).resolve().parent.parent / "data" / "title_words.csv"
_LINKS = {"of", "for", "to"}
_INNER = {"and", "the", "of", "for", "&", ","}
_PARTICLES = {"de", "da", "del", "della", "di", "du", "dos", "das", "van", "von", "der", "bin", "bint", "ibn",
              "al", "el", "la", "le", "ben", "ould"}


@lru_cache(maxsize=1)
def word_classes() -> dict[str, set[str]]:
    """{"head": {...}, "modifier": {...}, "suffix": {...}} from the data file."""
    out: dict[str, set[str]] = {"head": set(), "modifier": set(), "suffix": set()}
    with open(_DATA, encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            out.setdefault(row["class"].strip(), set()).add(row["word"].strip().lower())
    return out


def _cap(tok) -> bool:
    return tok.text[:1].isupper()


def _name_starts(doc, j: int) -> bool:
    """Does a person's name begin at token j? A span the model tags as a person that holds
    a portfolio word ("Military Affairs Ana Ruiz") begins inside the title, not at j."""
    t = doc[j]
    if t.ent_type_ != "PERSON" or t.ent_iob_ != "B":
        return False
    k = j
    while k < len(doc) and (k == j or doc[k].ent_iob_ == "I"):
        if doc[k].lower_ in lx.PORTFOLIOS and doc[k].lower_ not in ("and", "the"):
            return False
        k += 1
    return True


def _initial(tok) -> bool:
    return len(tok.text) <= 2 and tok.text.endswith(".") and tok.text[:1].isupper()


def _line_break_before(doc, j: int) -> bool:
    return j > 0 and "\n" in doc[j - 1].text_with_ws


def title_at(doc, i: int, *, capitalised_only: bool = True) -> Optional[tuple[int, str]]:
    """(number of tokens, title as written) of a title starting at token i, or None.

    With `capitalised_only` (the default) every word but the links must be capitalised,
    as titles before a name are ("Deputy Foreign Minister Ana Ruiz")."""
    words = word_classes()
    n = len(doc)
    j = i
    while j < n and doc[j].lower_ in words["modifier"] and (_cap(doc[j]) or not capitalised_only) \
            and not _name_starts(doc, j) and not (j > i and _line_break_before(doc, j)):
        j += 1
    if j >= n or doc[j].lower_ not in words["head"] or (capitalised_only and not _cap(doc[j])):
        return None
    if j > i and _line_break_before(doc, j):
        return None
    j += 1
    # "Director-General", "President-elect", "Secretary-General"
    if j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ in words["suffix"] | words["head"]:
        j += 2
    elif j < n and doc[j].lower_ == "general" and _cap(doc[j]):
        j += 1                  # "Secretary General", "Director General" without the hyphen
    end = j
    if j + 1 < n and doc[j].lower_ in _LINKS and not _line_break_before(doc, j):
        k = j + 1
        last_word = None
        while k < n and k - j <= 12 and not _line_break_before(doc, k):
            t = doc[k]
            if _name_starts(doc, k):
                if _initial(t) and last_word == k - 1 and k - 1 > j + 1:
                    last_word -= 1      # "... of State Ana [J. Ruiz]": the given name before an initial
                break
            if t.lower_ in _INNER or t.text in ("-",):
                k += 1
                continue
            if not (_cap(t) and (t.is_alpha or t.text.endswith(".") or "-" in t.text)) or t.lower_ in lx.HEADLINE_VERBS:
                break
            if t.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                break
            last_word = k
            k += 1
        if last_word is not None:
            # two capitalised words closing the phrase right before a verb, a comma or the
            # end are a name, not part of the brief ("... for Climate Ana Ruiz said")
            tail = last_word + 1
            nxt = doc[tail] if tail < n else None
            if nxt is None or nxt.is_punct or not _cap(nxt) or nxt.pos_ in ("VERB", "AUX", "ADP") \
                    or nxt.lower_ in lx.HEADLINE_VERBS:
                run = tail
                while run > j + 1 and _cap(doc[run - 1]) and doc[run - 1].lower_ not in _INNER \
                        and doc[run - 1].pos_ == "PROPN" and doc[run - 1].lower_ not in words["head"] \
                        and doc[run - 1].lower_ not in lx.PORTFOLIOS:
                    run -= 1
                if nxt is not None and nxt.lower_ in _PARTICLES and tail + 1 < n and _cap(doc[tail + 1]) \
                        and tail - run >= 2:
                    # "... for Oceans Ana [de Souza]": one given name, then the particle
                    last_word = tail - 2
                    while last_word > j and doc[last_word].lower_ in _INNER:
                        last_word -= 1
                    run = tail
                elif tail - run >= 2:
                    # a name is its last two words, with an initial or a particle before them
                    name_start = tail - 2
                    if _initial(doc[name_start]) and name_start - 1 > j + 1:
                        name_start -= 1         # "Ana J. Ruiz": the initial is inside the name
                    while name_start - 1 > j + 1 and _initial(doc[name_start - 1]):
                        name_start -= 1
                    run = max(run, name_start)
                if tail - run >= 2 and run > j + 1:
                    last_word = run - 1
                    while last_word > j and doc[last_word].lower_ in _INNER:
                        last_word -= 1
                    if last_word <= j:
                        last_word = None
            if last_word is not None:
                end = last_word + 1
    span = doc[i:end]
    return end - i, " ".join(t.text for t in span).replace(" - ", "-").replace(" ,", ",")
