"""Helpers for the extractor tests: run the rule extractor on a fixture article."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


@lru_cache(maxsize=None)
def extract(name: str):
    from kg.articles import read_text
    from kg.extract import get_extractor

    return get_extractor("rules")(read_text(FIXTURES / name))


def label(facts, key):
    return facts.entities[key].label if key in facts.entities else key


def events(facts, kind, **roles):
    """Events of a kind whose roles include the given labels (role=[labels])."""
    out = []
    for ev in facts.events:
        if ev.kind != kind:
            continue
        ok = all(set(want) <= {label(facts, k) for k in ev.roles.get(role, [])} for role, want in roles.items())
        if ok:
            out.append(ev)
    return out
