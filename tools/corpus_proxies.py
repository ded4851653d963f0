#!/usr/bin/env python3
"""Corpus proxies over the State Department releases (no gold needed).

Runs `kg extract` on every release of ../shared/corpus/statedept/statedept_releases.jsonl
(as JSON articles {"id", "text", "published", "title"}; published is the date part of
the release's UTC timestamp) and reads each output Turtle file with rdflib. A "meeting"
below is a row the saved query queries/who-met-whom.rq gives whose mode is in person: a
pair of labelled participants of a node of dkg:Meeting or one of its subclasses in the
ontology (a summit, ...), of any status. The rows are read straight from the triples the
way the query builds them (fast); `--saved-query` runs the query itself on every file.

(i)  meeting readouts: the share of releases of kind `meeting` that yield at least one
     meeting.  Target: at least 95%.
(ii) call readouts: the number of releases of kind `call` that yield an in-person
     meeting *between the call's two parties* with status occurred (or none).  Target: 0.
     The call's parties are read from the release's title, or, when the title has no
     call cue, from the first body sentence that has one. The cue is "call(s) with",
     optionally preceded by "phone", "video" or "telephone" ("spoke with", "spoke by
     phone with", "talked with" in the body). The caller side is the run of capitalised
     words (with the connectors "of", "and", "the", "de", "al", "bin", "von", "van", "da",
     "la" and hyphens) that ends right before the cue (before its possessive "'s"); the
     called side is the run that starts right after it. A participant belongs to a side
     when the last word of its label (its surname, accents and case folded) is a word of
     that side and is not a bare title word. A meeting row violates (ii) when one of its
     two participants belongs to the caller side and the other to the called side.
     Not counted as violations, but reported: planned meetings of the two parties (a call
     that arranges a visit), and occurred meetings of the two parties dated away from the
     call (a day-precise date other than the release's day or the day before, or a month
     or year that does not cover it: an earlier meeting told in passing, which the
     guidelines count as a meeting). An undated meeting of the two parties is a violation.
     Releases whose sides cannot be read are counted too.

    python tools/corpus_proxies.py                      # print the two proxies
    python tools/corpus_proxies.py --list /tmp/sd.tsv   # plus a per-release listing
    python tools/corpus_proxies.py --jobs 1 --keep /tmp/sd-out   # keep the Turtle files
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEETING_TARGET = 0.95

CONNECTORS = {"of", "and", "the", "de", "del", "al", "el", "bin", "von", "van", "da", "la", "le", "du"}
TITLE_WORDS = {"president", "prime", "minister", "foreign", "secretary", "general", "deputy",
               "state", "chancellor", "king", "queen", "crown", "prince", "vice", "chairperson",
               "chairman", "chair", "ambassador", "special", "envoy", "the", "of", "and", "s",
               "counselor", "under", "assistant", "high", "representative", "commissioner", "mr",
               "mrs", "ms", "dr", "sheikh", "emir", "senior", "adviser", "advisor", "affairs"}
TITLE_CUE = re.compile(r"(?:['’]s)?\s+(?:(?:phone|video|telephone)\s+)?calls?\s+with\s+", re.I)
BODY_CUE = re.compile(r"(?:['’]s)?\s+(?:(?:phone|video|telephone)\s+calls?\s+with"
                      r"|calls?\s+with|spoke\s+(?:by\s+(?:phone|telephone|video)\s+|today\s+)?with"
                      r"|talked\s+(?:by\s+phone\s+)?with)\s+", re.I)
NEGATIVE = {"cancelled", "canceled", "denied", "declined"}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s or "")).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def _capital_run(words: list[str], backward: bool = False) -> list[str]:
    """The run of capitalised words (and connectors) that starts at the cue: forward from
    the start of `words`, or backward from their end. A word ending in ':' or ';' closes
    the run on its side of the cue; so does a sentence-final period (not an initial)."""
    seq = list(reversed(words)) if backward else list(words)
    run = []
    for n, w in enumerate(seq):
        bare = w.strip(",;:()\"“”")
        closes = w.endswith((":", ";")) or (w.endswith(".") and len(bare) > 2)
        if backward and n and closes:
            break
        if not bare or not (bare[0].isupper() or bare[0].isdigit() or bare.lower() in CONNECTORS
                            or bare in {"-", "–"}):
            break
        run.append(bare.rstrip("."))
        if not backward and closes:
            break
    while run and run[-1].lower() in CONNECTORS:
        run.pop()
    return list(reversed(run)) if backward else run


def call_sides(title: str, text: str) -> tuple[str, str, str] | None:
    """(caller side, called side, where read) of a call release, or None."""
    candidates = [("title", title or "", TITLE_CUE)]
    body = text[len(title):] if title and text.startswith(title) else text
    for sent in re.split(r"(?<=[.!?])\s+|\n\s*\n", body)[:12]:
        candidates.append(("body", sent.strip(), BODY_CUE))
    for where, s, cue in candidates:
        m = cue.search(s)
        if not m:
            continue
        before = s[:m.start()].split()
        caller = _capital_run(before, backward=True)
        called = _capital_run(s[m.end():].split())
        if caller and called:
            return " ".join(caller), " ".join(called), where
    return None


def on_side(label: str, side_words: set[str]) -> bool:
    toks = fold(label).split()
    if not toks:
        return False
    last = toks[-1]
    return last not in TITLE_WORDS and last in side_words


def could_be_the_call(date: str, published: str) -> bool:
    """Could a meeting with this date be the call itself? Yes when undated, dated the
    release's day or the day before (a call is often released the next day, UTC), or dated
    coarser (a month, a year) in a way that covers that day."""
    import datetime as dt
    date = (date or "")[:10]
    if not date or not published:
        return True
    if len(date) == 10:
        try:
            d, p = dt.date.fromisoformat(date), dt.date.fromisoformat(published)
        except ValueError:
            return True
        return timedelta_days(p, d) in (0, 1)
    return published.startswith(date) or (date.startswith(published[:4]) and "W" in date)


def timedelta_days(later, earlier) -> int:
    return (later - earlier).days


def _records(corpus: Path) -> list[dict]:
    out = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
    return out


def _extract(records: list[dict], outdir: Path, indir: Path, jobs: int) -> float:
    """kg extract over the records, in `jobs` parallel batches."""
    kg = ROOT / ".venv" / "bin" / "kg"
    kg_cmd = [str(kg)] if kg.exists() else ["kg"]
    outdir.mkdir(parents=True, exist_ok=True)
    chunks = [records[i::jobs] for i in range(jobs)]
    procs, t0 = [], time.perf_counter()
    for n, chunk in enumerate(chunks):
        f = indir / f"in-{n}.jsonl"
        with open(f, "w", encoding="utf-8") as fh:
            for r in chunk:
                fh.write(json.dumps({"id": r["id"], "text": r["text"], "title": r.get("title"),
                                     "published": (r.get("published") or "")[:10] or None},
                                    ensure_ascii=False) + "\n")
        # one `kg extract` per batch, each kept to one process (KG_WORKERS)
        procs.append(subprocess.Popen(kg_cmd + ["extract", str(f), "-o", str(outdir)], cwd=ROOT,
                                      env=dict(os.environ, KG_WORKERS="1"),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            tail = "\n".join(err.strip().splitlines()[-5:])
            print(f"corpus_proxies: kg extract exited {p.returncode}:\n{tail}", file=sys.stderr)
    return time.perf_counter() - t0


_ONTO = None
_QUERY = None
_MEETING_CLASSES: set = set()


def _local(iri) -> str:
    return str(iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _meetings(path: str, saved_query: bool = False) -> list[dict]:
    """In-person who-met-whom rows of one output file.

    By default the rows are read straight from the triples, the way the saved query
    builds them (a node of a subclass of dkg:Meeting, every pair of its labelled
    participants, each under its smallest label; phone and video modes left out);
    `saved_query=True` runs queries/who-met-whom.rq instead (slower, same rows)."""
    global _ONTO, _QUERY, _MEETING_CLASSES
    import rdflib
    from rdflib.namespace import RDF, RDFS
    dkg = rdflib.Namespace("https://w3id.org/dipkg/ontology#")
    if _ONTO is None:
        _ONTO = rdflib.Graph()
        for f in sorted((ROOT / "ontology").glob("*.ttl")):
            _ONTO.parse(f)
        _QUERY = (ROOT / "queries" / "who-met-whom.rq").read_text(encoding="utf-8")
        _MEETING_CLASSES = set(_ONTO.transitive_subjects(RDFS.subClassOf, dkg.Meeting))
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    nodes = sorted({s for s, o in g.subject_objects(RDF.type) if o in _MEETING_CLASSES}, key=str)
    if not nodes:
        return []                                  # no meeting node: the query has no rows
    rows = []
    if saved_query:
        for t in _ONTO:
            g.add(t)
        seen = set()
        for r in g.query(_QUERY):
            d = {str(k): (str(v) if v is not None else "") for k, v in r.asdict().items()}
            if fold(d.get("mode")) in {"phone", "video", "telephone"}:
                continue
            key = (d.get("meeting"), d.get("aLabel"), d.get("bLabel"))
            if key not in seen:
                seen.add(key)
                rows.append({k: d.get(k, "") for k in ("aLabel", "bLabel", "status", "date", "placeLabel")})
        return rows
    for m in nodes:
        if fold(_local(g.value(m, dkg.mode))) in {"phone", "video", "telephone"}:
            continue
        labels = {}
        for p in g.objects(m, dkg.participant):
            names = [str(x) for x in g.objects(p, RDFS.label)]
            if names:
                labels[p] = min(names)
        place = g.value(m, dkg.place)
        place_label = min((str(x) for x in g.objects(place, RDFS.label)), default="") if place else ""
        when = g.value(m, dkg.time)
        date = str(g.value(when, dkg.value) or "") if when is not None else ""
        status = _local(g.value(m, dkg.status))
        people = sorted(labels, key=str)
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                rows.append({"aLabel": labels[a], "bLabel": labels[b], "status": status,
                             "date": date, "placeLabel": place_label})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path,
                    default=ROOT.parent / "shared" / "corpus" / "statedept" / "statedept_releases.jsonl")
    ap.add_argument("--jobs", type=int, default=2, help="parallel kg extract / rdflib workers (default 2)")
    ap.add_argument("--list", type=Path, help="write a per-release listing (TSV) to this file")
    ap.add_argument("--keep", type=Path, help="keep the extracted Turtle files in this folder")
    ap.add_argument("--json", type=Path, help="write the proxies as JSON to this file")
    ap.add_argument("--saved-query", action="store_true",
                    help="run queries/who-met-whom.rq on every file instead of reading the triples (slower)")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus_proxies: {args.corpus} is absent; no proxies")
        return 0
    records = _records(args.corpus)
    jobs = max(1, args.jobs)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.keep.resolve() if args.keep else Path(tmp) / "out"
        extract_s = _extract(records, outdir, Path(tmp), jobs)
        paths = [str(outdir / f"{r['id']}.ttl") for r in records]
        present = [p for p in paths if Path(p).exists()]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            found = dict(zip(present, pool.map(_meetings, present, [args.saved_query] * len(present),
                                               chunksize=8)))
    missing = len(paths) - len(present)

    listing = []
    meet_total = meet_yield = 0
    calls = call_violations = call_planned = call_earlier = call_unread = 0
    for r, p in zip(records, paths):
        rows = found.get(p)
        kind = r.get("kind", "")
        note = "no output" if rows is None else ""
        rows = rows or []
        if kind == "meeting":
            meet_total += 1
            meet_yield += bool(rows)
        if kind == "call":
            calls += 1
            sides = call_sides(r.get("title") or "", r.get("text") or "")
            if sides is None:
                call_unread += 1
                note = (note + "; " if note else "") + "call sides unread"
            else:
                caller, called, where = sides
                cw, dw = set(fold(caller).split()), set(fold(called).split())
                bad = planned = earlier = 0
                for row in rows:
                    a, b = row["aLabel"], row["bLabel"]
                    if (on_side(a, cw) and on_side(b, dw)) or (on_side(b, cw) and on_side(a, dw)):
                        st = fold(row["status"])
                        if st in NEGATIVE:
                            continue
                        if st not in {"", "occurred"}:
                            planned += 1
                        elif not could_be_the_call(row["date"], (r.get("published") or "")[:10]):
                            earlier += 1
                        else:
                            bad += 1
                call_violations += bool(bad)
                call_planned += bool(planned and not bad)
                call_earlier += bool(earlier and not bad)
                note = (note + "; " if note else "") + f"call: [{caller}] -> [{called}] ({where})" + \
                    (f"; IN-PERSON MEETING OF THE PARTIES x{bad}" if bad else "") + \
                    (f"; planned meeting of the parties x{planned}" if planned else "") + \
                    (f"; earlier-dated meeting of the parties x{earlier}" if earlier else "")
        pairs = "; ".join(f"{x['aLabel']} ~ {x['bLabel']} ({x['status'] or '-'}"
                          f"{', ' + x['placeLabel'] if x['placeLabel'] else ''}"
                          f"{', ' + x['date'] if x['date'] else ''})" for x in rows)
        listing.append((r["id"], kind, str(len(rows)), pairs, note))

    share = meet_yield / meet_total if meet_total else 0.0
    summary = {"releases": len(records), "no_output": missing, "extract_seconds": round(extract_s, 1),
               "meeting_releases": meet_total, "meeting_releases_with_meeting": meet_yield,
               "meeting_share": round(share, 3), "call_releases": calls,
               "calls_with_inperson_meeting_of_parties": call_violations,
               "calls_with_planned_meeting_of_parties": call_planned,
               "calls_with_other_dated_meeting_of_parties": call_earlier, "calls_sides_unread": call_unread}
    ok1 = "ok" if share >= MEETING_TARGET else "below target"
    ok2 = "ok" if call_violations == 0 else "above target"
    print(f"== Corpus proxies: {len(records)} State Department releases "
          f"(extraction {extract_s:.0f}s, {missing} without output)")
    print(f"  (i)  meeting releases yielding >= 1 meeting: {meet_yield}/{meet_total} = {share:.1%}"
          f"   target >= {MEETING_TARGET:.0%}  [{ok1}]")
    print(f"  (ii) call releases yielding an in-person meeting of the call's parties: {call_violations}"
          f"/{calls}   target 0  [{ok2}]")
    print(f"       (not counted: planned meetings of the parties {call_planned}, meetings of the parties dated "
          f"away from the call {call_earlier}; parties unread {call_unread})   [{time.perf_counter() - t0:.0f}s]")
    if args.list:
        with open(args.list, "w", encoding="utf-8") as fh:
            fh.write("id\tkind\tmeetings\tpairs\tnote\n")
            for row in listing:
                fh.write("\t".join(x.replace("\t", " ") for x in row) + "\n")
        print(f"       per-release listing: {args.list}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
