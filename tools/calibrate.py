#!/usr/bin/env python3
"""Fit the extractor's confidence model on the visible real gold sets and report its calibration.

    python tools/calibrate.py --write          # extract, fit on the tune halves, save kg/data/confidence.json
    python tools/calibrate.py                  # the same, without saving (report only)
    python tools/calibrate.py --dump rows.json # also keep the labelled rows ...
    python tools/calibrate.py --from-dump rows.json --write   # ... and refit from them without extracting

1. Every article of the State Department, current-events and VOA gold sets is extracted
   in-process with the rules extractor (the calibration post-pass switched off, so the
   rules' own confidence is kept for comparison), mapped to RDF and asked the saved
   queries (who-met-whom, visits, invitations, agreements, transfers), as the scorer does.
2. Each query row is labelled right or wrong with the matching functions of
   ../shared/eval/score.py (imported from its path): a meeting pair, a visit, an
   invitation or a transfer row is right when the scorer would count it a true positive,
   wrong when it would count a false positive; rows the scorer counts as neither (a pair
   that is a call in the gold, a negated fact reported negated) are left out. An
   agreement (the scorer's unit: one agreement node with its parties) labels every
   signing event behind it. Office holdings (the `leaders` query) are not events and
   keep the extractor's confidence.
3. Each row gets its event's features (kg/extract/confidence.py `features`: the Event's
   fields, trigger and evidence, and the article text). A logistic regression with an L2
   penalty is fitted by Newton's method on the rows of the tune halves; the penalty is
   the one of a small grid with the best Brier score in 5-fold cross-validation on the
   tune rows (folds by article), after a greedy forward selection of the features by the
   same cross-validated score (the kind is always in). The out-of-fold log-odds of the same cross-validation
   then get a Platt scaling (p = σ(a·z + b)), folded into the weights, so that the model
   is not over-confident on articles it was not fitted on; when they carry no signal
   (slope <= 0.05) every modelled fact gets the tune rows' base rate. Kinds with fewer
   than MIN_ROWS_PER_KIND tune rows are not modelled: their events keep the extractor's
   confidence, capped at UNCALIBRATED_CAP.
4. The calibration table (confidence bins -> rows, mean confidence, share right) is
   printed for the tune halves (fit) and the check halves (validation), for the fitted
   model and for the rules' own confidence. Only totals are printed for the check halves.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SETS = {
    "statedept": ("eval/statedept/gold.jsonl", "corpus/statedept/statedept_releases.jsonl"),
    "current-events": ("eval/current-events/gold.jsonl", "corpus/current-events/current_events.jsonl"),
    "voa": ("eval/voa/gold.jsonl", "corpus/voa/voa_stories.jsonl"),
}
QUERIES = {"who-met-whom": "meeting", "visits": "visit", "invitations": "invitation",
           "agreements": "signing", "transfers": "transfer"}
BINS = [0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001]
MIN_ROWS_PER_KIND = 8          # a kind with fewer tune rows keeps the extractor's confidence
MIN_FEATURE_ROWS = 5           # a feature seen on fewer tune rows is left out of the model
L2_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)   # penalty chosen by 5-fold cross-validation on the tune rows
L2 = 1.0
CLIP = (0.05, 0.95)
UNCALIBRATED_CAP = 0.75        # kinds outside the model never claim more than this


def load_score(shared: Path):
    spec = importlib.util.spec_from_file_location("dkg_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------- labelling --
def event_index(iri: str) -> int | None:
    try:
        return int(str(iri).rstrip("/").rsplit("/", 1)[1]) - 1
    except (IndexError, ValueError):
        return None


def label_meetings(S, rows, gold):
    """[(row, right?)] for who-met-whom rows, the way score.py's score_meetings counts them."""
    pred, seen = [], set()
    for r in rows:
        if S.status_word(r.get("mode")) in {"phone", "video", "telephone"}:
            continue
        key = (r.get("meeting") or r.get("date", ""), frozenset({S.norm(r.get("aLabel")), S.norm(r.get("bLabel"))}))
        if key in seen or S.norm(r.get("aLabel")) == S.norm(r.get("bLabel")):
            continue
        seen.add(key)
        pred.append(r)
    golds, neutral = [], []
    for m in gold.get("meetings", []):
        is_call = m.get("mode") in {"phone", "video"}
        for a, b in itertools.combinations(m.get("participants", []), 2):
            item = {"a": a, "b": b, "m": m}
            if is_call or not (S.gold_status_ok(m.get("status")) or S.status_word(m.get("status")) in S.NEGATIVE):
                neutral.append(item)
            else:
                golds.append(item)

    def same(r, gi):
        return ((S.name_match(r.get("aLabel"), gi["a"]) and S.name_match(r.get("bLabel"), gi["b"])) or
                (S.name_match(r.get("aLabel"), gi["b"]) and S.name_match(r.get("bLabel"), gi["a"])))

    def quality(r, gi):
        m = gi["m"]
        same_polarity = (S.status_word(r.get("status")) in S.NEGATIVE) == (S.status_word(m.get("status")) in S.NEGATIVE)
        grade = S.date_grade(r.get("date"), m.get("date"), m.get("date_window"))
        return (same_polarity, grade == "exact", grade == "consistent",
                bool(S.real(m.get("place"))) and S.place_match(r.get("placeLabel", ""), m.get("place")))

    matches, extra, _ = S.match_pairs(pred, golds, same, quality)
    _, extra, _ = S.match_pairs(extra, neutral, same)
    out = []
    for r, gi in matches:
        if S.status_word(gi["m"].get("status")) in S.NEGATIVE:
            if S.status_word(r.get("status")) not in S.NEGATIVE:
                out.append((r, False))
            continue
        out.append((r, True))
    out += [(r, False) for r in extra]
    return out


def label_simple(S, rows, gold_items, pkey, gkey, pkey2, gkey2, idcol, match1=None, match2=None):
    match1, match2 = match1 or S.name_match, match2 or S.name_match
    pred, seen = [], set()
    for r in rows:
        key = (r.get(idcol) or r.get("date", ""), S.norm(r.get(pkey)), S.norm(r.get(pkey2)))
        if key not in seen:
            seen.add(key)
            pred.append(r)
    golds = [g for g in gold_items if S.gold_status_ok(g.get("status"))]
    negs = [g for g in gold_items if not S.gold_status_ok(g.get("status"))]

    def same(r, g):
        return match1(r.get(pkey), g[gkey]) and match2(r.get(pkey2), g[gkey2])

    def quality(r, g):
        return (S.status_word(r.get("status")) == S.status_word(g.get("status")),
                S.date_grade(r.get("date"), g.get("date"), g.get("date_window")) == "exact")

    matches, extra, _ = S.match_pairs(pred, golds, same, quality)
    _, extra, _ = S.match_pairs(extra, negs, lambda r, g: same(r, g) and S.status_word(r.get("status")) in S.NEGATIVE)
    return [(r, True) for r, _ in matches] + [(r, False) for r in extra]


def label_agreements(S, rows, gold_items):
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r.get("agreement") or r.get("name") or "?", {"parties": set(), "signings": set()})
        g["parties"].add(r.get("partyLabel", ""))
        if r.get("signing"):
            g["signings"].add(r["signing"])
    pred = [{"id": k, **v} for k, v in groups.items()]
    golds = [g for g in gold_items if S.gold_status_ok(g.get("status")) and S.real(g.get("parties"))]

    def same(p, g):
        gp = S.real(g.get("parties", []))
        hits = sum(1 for party in gp if any(S.place_match(x, [party]) for x in p["parties"]))
        return hits >= min(2, len(gp)) and hits > 0

    matches, extra, _ = S.match_pairs(pred, golds, same)
    out = []
    for p, ok in [(p, True) for p, _ in matches] + [(p, False) for p in extra]:
        for s in sorted(p["signings"]):
            out.append(({"signing": s}, ok))
    return out


def label_article(S, rows_by_query, gold) -> list[tuple[str, int, bool]]:
    """[(query, event index, right?)] for one article's query rows."""
    out = []
    for r, ok in label_meetings(S, rows_by_query.get("who-met-whom", []), gold):
        out.append(("who-met-whom", event_index(r.get("meeting", "")), ok))
    for r, ok in label_simple(S, rows_by_query.get("visits", []), gold.get("visits", []),
                              "visitorLabel", "visitor", "destinationLabel", "destination", "visit",
                              match2=S.place_match):
        out.append(("visits", event_index(r.get("visit", "")), ok))
    for r, ok in label_simple(S, rows_by_query.get("invitations", []), gold.get("invitations", []),
                              "inviterLabel", "inviter", "inviteeLabel", "invitee", "invitation"):
        out.append(("invitations", event_index(r.get("invitation", "")), ok))
    for r, ok in label_agreements(S, rows_by_query.get("agreements", []), gold.get("agreements", [])):
        out.append(("agreements", event_index(r.get("signing", "")), ok))
    transfers = [{"from": [x["from"]], "to": [x["to"]], "status": x.get("status")}
                 for x in gold.get("transfers", [])]
    for r, ok in label_simple(S, rows_by_query.get("transfers", []), transfers,
                              "fromLabel", "from", "toLabel", "to", "transfer",
                              match1=S.place_match, match2=S.place_match):
        out.append(("transfers", event_index(r.get("transfer", "")), ok))
    return [x for x in out if x[1] is not None]


# ------------------------------------------------------------ extraction --
def _worker(job: tuple[str, list[tuple[dict, dict]]]) -> list[dict]:
    """Extract and label a batch of (record, gold) of one set; one spaCy load per batch."""
    shared, batch = job
    S = load_score(Path(shared))
    import rdflib
    from kg.articles import from_record
    from kg.config import load_config
    from kg.extract import confidence as conf
    from kg.extract import get_extractor
    from kg.mapping import to_graph

    conf.apply = lambda *a, **k: None          # keep the rules' own confidence for comparison
    run = get_extractor("rules", model=load_config().model)
    onto = S.ontology_graph(ROOT)
    queries = {k: (ROOT / "queries" / f"{k}.rq").read_text(encoding="utf-8") for k in QUERIES}
    out = []
    for rec, gold in batch:
        article = from_record(rec, rec["id"], rec["id"])
        try:
            facts = run(article)
        except Exception as exc:            # one article's failure must not stop the fit
            print(f"calibrate: extraction failed on one article ({type(exc).__name__}); skipped",
                  file=sys.stderr)
            continue
        g = rdflib.Graph()
        for t in onto:
            g.add(t)
        for t in to_graph(facts):
            g.add(t)
        rows_by_query = {}
        for k, q in queries.items():
            rows_by_query[k] = [{str(a): (str(b) if b is not None else "") for a, b in r.asdict().items()}
                                for r in g.query(q)]
        for query, idx, ok in label_article(S, rows_by_query, gold):
            if not 0 <= idx < len(facts.events):
                continue
            ev = facts.events[idx]
            out.append({"article": article.id, "query": query, "event": idx, "kind": ev.kind,
                        "right": ok, "rules": ev.evidence.confidence if ev.evidence else None,
                        "features": conf.features(ev, article)})
    return out


def collect(shared: Path, jobs: int) -> list[dict]:
    S = load_score(shared)
    work = []
    for name, (gold_path, articles) in SETS.items():
        golds = [json.loads(l) for l in (shared / gold_path).read_text(encoding="utf-8").splitlines() if l.strip()]
        texts = S.load_articles(shared / articles, [g["id"] for g in golds])
        for g in golds:
            src = texts.get(g["id"])
            if src is None:
                continue
            rec = dict(src) if isinstance(src, dict) else {"text": src}
            rec["id"] = g["id"]
            if g.get("published"):
                rec["published"] = g["published"]
            work.append((name, S.half_of(g["id"]), rec, g))
    batches = [work[i::jobs] for i in range(jobs)]
    meta = {w[2]["id"]: (w[0], w[1]) for w in work}
    rows = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_worker, [(str(shared), [(w[2], w[3]) for w in b]) for b in batches]):
            rows.extend(part)
    for r in rows:
        r["set"], r["half"] = meta[r["article"]]
    return rows


# --------------------------------------------------------------- fitting --
def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / piv
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def fit_logistic(xs: list[list[float]], ys: list[int], l2: float = L2, iters: int = 30) -> list[float]:
    """Weights (intercept first, not penalised) by Newton's method."""
    d = len(xs[0]) + 1
    w = [0.0] * d
    data = [([1.0] + x, y) for x, y in zip(xs, ys)]
    for _ in range(iters):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in data:
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i in range(d):
                if x[i]:
                    grad[i] += (p - y) * x[i]
                    for j in range(d):
                        if x[j]:
                            hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-6
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def fit(rows: list[dict], l2: float | None = None, only: list[str] | None = None) -> dict:
    l2 = L2 if l2 is None else l2
    tune = [r for r in rows if r["half"] == "tune"]
    counts: dict[str, int] = {}
    for r in tune:
        for k in r["features"]:
            counts[k] = counts.get(k, 0) + 1
    kinds = sorted({k[len("kind="):] for k, n in counts.items() if k.startswith("kind=") and n >= MIN_ROWS_PER_KIND})
    names = sorted(k for k, n in counts.items() if n >= MIN_FEATURE_ROWS and (only is None or k in only))
    used = [r for r in tune if any(r["features"].get(f"kind={k}") for k in kinds)]
    xs = [[r["features"].get(n, 0.0) for n in names] for r in used]
    ys = [int(r["right"]) for r in used]
    w = fit_logistic(xs, ys, l2)
    return {
        "version": 1,
        "model": "logistic regression, L2-penalised, fitted by tools/calibrate.py",
        "fitted": dt.date.today().isoformat(),
        "fitted_on": "tune halves of the statedept, current-events and VOA gold sets: "
                     f"{len(used)} query rows (meeting pairs, visits, invitations, agreements, transfers)",
        "kinds": kinds,
        "l2": l2,
        "clip": list(CLIP),
        "uncalibrated_cap": UNCALIBRATED_CAP,
        "intercept": round(w[0], 4),
        "weights": {n: round(wi, 4) for n, wi in zip(names, w[1:])},
    }


def cross_validate(rows: list[dict], l2: float, folds: int = 5, only: list[str] | None = None) -> float:
    """Brier score of `l2` in k-fold cross-validation on the tune rows, folds by article."""
    import random
    tune = [r for r in rows if r["half"] == "tune"]
    arts = sorted({r["article"] for r in tune})
    random.Random(0).shuffle(arts)
    err = n = 0
    for k in range(folds):
        held = set(arts[k::folds])
        model = fit([r for r in tune if r["article"] not in held], l2, only)
        test = [r for r in tune if r["article"] in held]
        for p, r in zip(predict(test, model), test):
            err += (p - r["right"]) ** 2
            n += 1
    return err / n if n else float("inf")


def linear(r: dict, model: dict) -> float:
    """The model's log-odds for a row (before the logistic function and the clip)."""
    return model["intercept"] + sum(model["weights"].get(k, 0.0) * v for k, v in r["features"].items())


def recalibrate(rows: list[dict], l2: float, folds: int = 5, only: list[str] | None = None) -> tuple[float, float]:
    """Platt scaling on out-of-fold log-odds of the tune rows: (a, b) with p = σ(a·z + b).
    A model fitted on a few hundred rows is over-confident on rows it has not seen (a < 1);
    the out-of-fold scores show by how much, without looking at the check halves."""
    import random
    from kg.extract.confidence import kind_group
    tune = [r for r in rows if r["half"] == "tune"]
    arts = sorted({r["article"] for r in tune})
    random.Random(0).shuffle(arts)
    zs, ys = [], []
    for k in range(folds):
        held = set(arts[k::folds])
        model = fit([r for r in tune if r["article"] not in held], l2, only)
        for r in tune:
            if r["article"] in held and kind_group(r["kind"]) in model["kinds"]:
                zs.append([linear(r, model)])
                ys.append(int(r["right"]))
    if len(set(ys)) < 2:
        return 1.0, 0.0
    b, a = fit_logistic(zs, ys, 0.0)
    if a <= 0.05:
        # no out-of-fold signal at all: every fact gets the base rate
        base = sum(ys) / len(ys)
        return 0.0, math.log(base / (1 - base))
    return min(a, 1.0), b


def recalibrate_intercept_only(rows, l2, chosen) -> float:
    """With the slope capped at 1, only a shift of the log-odds is kept (refitted)."""
    import random
    from kg.extract.confidence import kind_group
    tune = [r for r in rows if r["half"] == "tune"]
    arts = sorted({r["article"] for r in tune})
    random.Random(0).shuffle(arts)
    zs, ys = [], []
    for k in range(5):
        held = set(arts[k::5])
        model = fit([r for r in tune if r["article"] not in held], l2, chosen)
        for r in tune:
            if r["article"] in held and kind_group(r["kind"]) in model["kinds"]:
                zs.append(linear(r, model))
                ys.append(int(r["right"]))
    b = 0.0
    for _ in range(50):                      # Newton on the shift alone
        ps = [1 / (1 + math.exp(-max(-30, min(30, z + b)))) for z in zs]
        g = sum(p - y for p, y in zip(ps, ys))
        h = sum(p * (1 - p) for p in ps) or 1e-9
        b -= g / h
        if abs(g / h) < 1e-7:
            break
    return b


def final_model(rows: list[dict]) -> tuple[dict, dict[float, float]]:
    """Fit on the tune rows, L2 by cross-validation, then fold the Platt recalibration
    (a, b) into the weights: σ(a·(w0 + w·x) + b) = σ((a·w0 + b) + (a·w)·x)."""
    chosen, _ = select_features(rows)
    l2, cv = choose_l2(rows, chosen)
    model = fit(rows, l2, chosen)
    a, b = recalibrate(rows, l2, only=chosen)
    if a == 1.0 and b != 0.0:
        b = recalibrate_intercept_only(rows, l2, chosen)
    model["recalibration"] = {"a": round(a, 4), "b": round(b, 4),
                              "how": "Platt scaling on 5-fold out-of-fold log-odds of the tune rows, "
                                     "folded into intercept and weights"}
    model["intercept"] = round(a * model["intercept"] + b, 4)
    model["weights"] = {k: round(a * v, 4) for k, v in model["weights"].items()}
    model["cross_validated_brier"] = {str(k): round(v, 4) for k, v in cv.items()}
    return model, cv


def select_features(rows: list[dict], l2: float = 1.0) -> tuple[list[str], float]:
    """Greedy forward selection by cross-validated Brier score on the tune rows: a feature
    is added only while it makes the held-out predictions better. With a few hundred rows,
    a model with every feature is worse on held-out articles than the base rate."""
    tune = [r for r in rows if r["half"] == "tune"]
    counts: dict[str, int] = {}
    for r in tune:
        for k in r["features"]:
            counts[k] = counts.get(k, 0) + 1
    pool = sorted(k for k, n in counts.items() if n >= MIN_FEATURE_ROWS and not k.startswith("kind="))
    kinds = [k for k in counts if k.startswith("kind=")]
    chosen = list(kinds)               # the kind is always in the model (one intercept per kind)
    best = cross_validate(rows, l2, only=chosen)
    while pool:
        trial = {k: cross_validate(rows, l2, only=chosen + [k]) for k in pool}
        k = min(trial, key=lambda x: (trial[x], x))
        if trial[k] > best - 0.001:
            break
        chosen.append(k)
        pool.remove(k)
        best = trial[k]
    return chosen, best


def choose_l2(rows: list[dict], only: list[str] | None = None) -> tuple[float, dict[float, float]]:
    scores = {l2: cross_validate(rows, l2, only=only) for l2 in L2_GRID}
    return min(scores, key=lambda k: (round(scores[k], 4), -k)), scores


# ------------------------------------------------------------- reporting --
def predict(rows: list[dict], model: dict) -> list[float]:
    from kg.extract.confidence import kind_group, score
    out = []
    for r in rows:
        if kind_group(r["kind"]) in model["kinds"]:
            out.append(score(r["features"], model))
        else:
            own = r["rules"] if r["rules"] is not None else 0.5
            out.append(round(min(own, model.get("uncalibrated_cap", 1.0)), 3))
    return out


def calibration(rows: list[dict], confs: list[float]) -> list[tuple[str, int, float, float]]:
    table = []
    for lo, hi in zip(BINS, BINS[1:]):
        sel = [(c, r["right"]) for c, r in zip(confs, rows) if lo <= c < hi]
        if sel:
            table.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(sel), sum(c for c, _ in sel) / len(sel),
                          sum(ok for _, ok in sel) / len(sel)))
        else:
            table.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", 0, float("nan"), float("nan")))
    return table


def summary(rows: list[dict], confs: list[float]) -> dict:
    n = len(rows)
    hi = [r["right"] for c, r in zip(confs, rows) if c >= 0.8]
    brier = sum((c - r["right"]) ** 2 for c, r in zip(confs, rows)) / n if n else float("nan")
    return {"rows": n, "right": sum(r["right"] for r in rows), "at_0.8": len(hi),
            "right_at_0.8": (sum(hi) / len(hi)) if hi else float("nan"), "brier": brier}


def report(rows: list[dict], model: dict, markdown: bool = False) -> list[str]:
    lines = []
    for half in ("tune", "check"):
        sel = [r for r in rows if r["half"] == half]
        if not sel:
            continue
        new, old = predict(sel, model), [r["rules"] if r["rules"] is not None else 0.5 for r in sel]
        tn, to = calibration(sel, new), calibration(sel, old)
        sn, so = summary(sel, new), summary(sel, old)
        role = "fit" if half == "tune" else "validation"
        if markdown:
            lines += [f"**{half} halves ({role})**: {sn['rows']} rows, {sn['right']} right.", "",
                      "| confidence | rows | mean conf. | right | rules' own: rows | right |",
                      "|---|---|---|---|---|---|"]
            for (b, n, m, s), (_, n2, _, s2) in zip(tn, to):
                lines.append(f"| {b} | {n} | {_f(m)} | {_f(s)} | {n2} | {_f(s2)} |")
            lines += ["", f"At ≥ 0.8: {sn['at_0.8']} rows, {_f(sn['right_at_0.8'])} right "
                          f"(rules' own confidence: {so['at_0.8']} rows, {_f(so['right_at_0.8'])} right). "
                          f"Brier score {sn['brier']:.3f} (rules' own {so['brier']:.3f}).", ""]
        else:
            lines += [f"== {half} halves ({role}): {sn['rows']} rows, {sn['right']} right",
                      f"{'confidence':<12}{'rows':>6}{'mean':>7}{'right':>7}   | rules' own:{'rows':>6}{'right':>7}"]
            for (b, n, m, s), (_, n2, _, s2) in zip(tn, to):
                lines.append(f"{b:<12}{n:>6}{_f(m):>7}{_f(s):>7}   |{'':>11}{n2:>6}{_f(s2):>7}")
            lines.append(f"at >= 0.8: {sn['at_0.8']} rows, {_f(sn['right_at_0.8'])} right"
                         f"  (rules' own: {so['at_0.8']} rows, {_f(so['right_at_0.8'])} right);"
                         f" Brier {sn['brier']:.3f} (rules' own {so['brier']:.3f})")
            by_set = {}
            for r, c in zip(sel, new):
                by_set.setdefault(r["set"], []).append((r, c))
            for name, pairs in sorted(by_set.items()):
                s = summary([p[0] for p in pairs], [p[1] for p in pairs])
                lines.append(f"  {name:<15} {s['rows']:>4} rows, {s['right'] / s['rows']:.2f} right, "
                             f"mean confidence {sum(p[1] for p in pairs) / len(pairs):.2f}; "
                             f"at >= 0.8: {s['at_0.8']} rows, {_f(s['right_at_0.8'])} right")
            lines.append("")
    return lines


def _f(v: float) -> str:
    return "–" if v != v else f"{v:.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--write", action="store_true", help="save the fitted model to kg/data/confidence.json")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes (default 2)")
    ap.add_argument("--dump", type=Path, help="save the labelled rows (features, right/wrong) as JSON")
    ap.add_argument("--from-dump", type=Path, help="refit from rows saved by --dump, without extracting")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown (docs/quality.md)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    if args.from_dump:
        rows = json.loads(args.from_dump.read_text(encoding="utf-8"))
    else:
        if not (args.shared / "eval" / "score.py").exists():
            print(f"calibrate: {args.shared}/eval is absent; nothing to fit")
            return 0
        rows = collect(args.shared.resolve(), max(1, args.jobs))
        if args.dump:
            args.dump.write_text(json.dumps(rows), encoding="utf-8")
    model, cv = final_model(rows)
    l2 = model["l2"]
    print(f"calibrate: {len(rows)} labelled rows ({sum(r['half'] == 'tune' for r in rows)} tune, "
          f"{sum(r['half'] == 'check' for r in rows)} check) in {time.perf_counter() - t0:.0f}s; "
          f"kinds modelled: {', '.join(model['kinds'])}")
    print("L2 penalty by 5-fold cross-validation on the tune rows (Brier): " +
          ", ".join(f"{k}: {v:.3f}" for k, v in cv.items()) + f" -> {l2}")
    rc = model["recalibration"]
    print(f"recalibration (out-of-fold Platt scaling, folded into the weights): a={rc['a']:.2f} b={rc['b']:+.2f}")
    print("weights (log-odds):  intercept " + f"{model['intercept']:+.2f}; " +
          "; ".join(f"{k} {v:+.2f}" for k, v in sorted(model["weights"].items(), key=lambda kv: -abs(kv[1]))))
    print()
    print("\n".join(report(rows, model, markdown=args.markdown)))
    if args.write:
        from kg.extract.confidence import DATA
        DATA.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"calibrate: model written to {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
