"""Calibrated confidence of an extracted event: P(the fact is right | what it looks like).

`features(event, article)` describes an event by what any extractor's output shows: the
Event's own fields (kind, status, roles, time, place, trigger, evidence) and the article's
text. It knows nothing about the rules that produced the event. `confidence(event,
features)` turns them into a probability with a logistic model whose weights are data,
`kg/data/confidence.json`, fitted by `tools/calibrate.py` on the visible real gold sets
(`python tools/calibrate.py --write` refits it after the rules change). `apply(events,
article)` is the pipeline's last step: it sets every event's `evidence.confidence`.

A kind the model was not fitted on (too few examples) keeps the confidence the extractor
gave, capped at the model's `uncalibrated_cap` (an uncalibrated value must not claim the
certainty of a calibrated one); a missing data file leaves every confidence as it was.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

DATA = Path(__file__).resolve().parent.parent / "data" / "confidence.json"

# The word a frame is named by: an event whose trigger is a form of it is the plain case.
_BASE_WORDS = {
    "Meeting": ("meet", "met", "talks"),
    "Call": ("call", "spoke", "phone"),
    "Visit": ("visit",),
    "Invitation": ("invit",),
    "AgreementSigning": ("sign",),
    "ArmsTransfer": ("deliver", "suppl", "send", "sent", "provid", "transfer"),
    "AidTransfer": ("deliver", "suppl", "send", "sent", "provid", "transfer", "aid"),
}
# Kinds the model distinguishes; the two transfer classes share one.
KIND_GROUPS = {"ArmsTransfer": "Transfer", "AidTransfer": "Transfer"}
_QUOTES = "\"“”"
_SPEAKER_LINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}:", re.M)
_WORD = re.compile(r"\w+")


def kind_group(kind: str) -> str:
    return KIND_GROUPS.get(kind, kind)


def _headline_end(text: str, title: Optional[str]) -> int:
    """End offset of the headline inside the text (0 when the text does not start with one)."""
    if title and text.lstrip().startswith(title.strip()):
        return text.index(title.strip()) + len(title.strip())
    first = text.split("\n", 1)[0]
    if "\n" in text and len(first) <= 200 and not first.rstrip().endswith("."):
        return len(first)
    return 0


def features(event, article: Any = None, text: Optional[str] = None,
             title: Optional[str] = None) -> dict[str, float]:
    """Binary features of an event (1.0 = present). `article` is a kg.articles.Article or
    anything with `text` and `title`; `text`/`title` may be given instead."""
    if article is not None:
        text = text if text is not None else getattr(article, "text", "") or ""
        title = title if title is not None else getattr(article, "title", None)
    text = text or ""
    f: dict[str, float] = {}
    group = kind_group(event.kind)
    f[f"kind={group}"] = 1.0

    status = event.status or "occurred"
    if status == "planned":
        f["status=planned"] = 1.0
    elif status not in ("occurred", "signed", "extended", "accepted"):
        f["status=other"] = 1.0

    place_roles = {"destination"}
    keys = [k for role, ks in event.roles.items() if role not in place_roles for k in ks]
    keys = list(dict.fromkeys(keys))
    people = [k for k in keys if k.startswith("person/")]
    if keys and len(people) == len(keys):
        f["all named persons"] = 1.0
    if any(k.startswith("group/") for k in keys):
        f["a group takes part"] = 1.0
    if len(people) >= 3:
        f["3+ persons"] = 1.0
    if not people:
        f["no person"] = 1.0

    if event.time is not None and event.time.value:
        f["dated"] = 1.0
        if (event.time.granularity or "") == "day":
            f["dated to the day"] = 1.0
    if event.place or event.roles.get("destination"):
        f["placed"] = 1.0
    if event.attribution:
        f["attributed"] = 1.0

    trig = (event.trigger.text if event.trigger is not None else "").lower()
    if trig and trig.startswith(_BASE_WORDS.get(event.kind, ("\0",))):
        f["trigger names the frame"] = 1.0

    ev = event.evidence
    sentence = ""
    if ev is not None:
        t = event.time
        if t is not None and t.value and t.start is not None and ev.sentence_start <= t.start < ev.sentence_end:
            f["date in the sentence"] = 1.0       # not inherited from the dateline or the trip
        where = event.place or (event.roles.get("destination") or [None])[0]
        if where:
            words = [w for w in where.split("/", 1)[-1].split("-") if len(w) > 2]
            said = _WORD.findall((ev.text or "").lower())
            if words and all(w in said for w in words):
                f["place in the sentence"] = 1.0
        sentence = text[ev.sentence_start:ev.sentence_end] if ev.sentence_end > ev.sentence_start else ev.text
        sentence = sentence or ev.text or ""
        head_end = _headline_end(text, title)
        if head_end and ev.start < head_end:
            f["in headline"] = 1.0
        elif ev.sentence_index <= 2:
            f["in lead"] = 1.0
        tstart = event.trigger.start - ev.sentence_start if event.trigger is not None else len(sentence)
        before = sentence[:max(0, tstart)]
        if sum(before.count(q) for q in _QUOTES) % 2 == 1 or sentence.lstrip()[:1] in _QUOTES:
            f["inside a quotation"] = 1.0
        if len(_WORD.findall(sentence)) > 40:
            f["long sentence"] = 1.0
    if len(text) < 800:
        f["short article"] = 1.0
    if len(_SPEAKER_LINE.findall(text)) >= 2:
        f["transcript"] = 1.0
    return f


@lru_cache(maxsize=4)
def load(path: str = str(DATA)) -> Optional[dict]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def score(feats: dict[str, float], model: dict) -> float:
    """The model's probability for a feature dict (no fallback)."""
    z = model.get("intercept", 0.0)
    weights = model.get("weights", {})
    z += sum(weights.get(name, 0.0) * value for name, value in feats.items())
    lo, hi = model.get("clip", (0.02, 0.98))
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return round(min(hi, max(lo, p)), 3)


def confidence(event, features: dict[str, float], model: Optional[dict] = None) -> float:
    """P(correct) for the event; the event's own confidence when the model does not cover it."""
    model = model if model is not None else load()
    fallback = event.evidence.confidence if event.evidence is not None else 0.5
    if not model:
        return fallback
    if kind_group(event.kind) not in model.get("kinds", ()):
        # not calibrated: the extractor's own value, never above the model's cap for it
        return round(min(fallback, model.get("uncalibrated_cap", 1.0)), 3)
    return score(features, model)


def apply(events: Iterable, article: Any = None, model: Optional[dict] = None) -> None:
    """Set `evidence.confidence` of every event that has evidence (the pipeline's post-pass)."""
    model = model if model is not None else load()
    if not model:
        return
    for ev in events:
        if ev.evidence is not None:
            ev.evidence.confidence = confidence(ev, features(ev, article), model)
