"""Small helpers over the dependency parse shared by the event rules."""
from __future__ import annotations

from typing import Optional

SUBJ = ("nsubj", "nsubjpass", "csubj")
# most specific first: a venue beats a city beats a region beats a country
PLACE_RANK = {"Venue": 0, "City": 1, "Region": 2, None: 3}


def phrase_name(tok) -> Optional[str]:
    """The name of an agreement or summit: its capitalised words, else its noun phrase."""
    if tok is None:
        return None
    span = tok.doc[tok.left_edge.i:tok.i + 1]
    words = [t for t in span if t.dep_ not in ("det", "poss", "case") and t.text not in ("'s", "’s")]
    caps = [t for t in words if t.text[:1].isupper()]
    if caps:
        start = caps[0].i
        name = tok.doc[start:tok.i + 1].text
    else:
        name = " ".join(t.text for t in words)
    # "treaty on comprehensive strategic partnership"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "of") and c.right_edge.i - tok.i <= 6:
            name = f"{name} {tok.doc[c.i:c.right_edge.i + 1].text}"
            break
    return name.strip() or None
