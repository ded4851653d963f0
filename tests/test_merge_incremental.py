"""The incremental merge (kg/mergeindex.py) gives the same graph/merged and graph/reference
as a full rebuild (kg.merge.rebuild): after ingests in different orders and batch sizes, after
re-ingesting a changed article and after removing one. Real stores, real extraction."""
import json
import random

import pytest

from kg.articles import Article, read_articles
from kg.extract import get_extractor, register
from kg.ingest import ingest
from kg.mapping import graph_iri, to_graph
from kg.merge import MERGED_GRAPH, REFERENCE_GRAPH, rebuild
from kg.mergeindex import INDEX_FILE, stale_articles, update
from kg.store import LocalStore

from conftest import ROOT, SAMPLES, needs_shared
from test_merge import JUNE24, PUTIN, KIM, SEPT, SEPT13, VOSTOCHNY, article, corpus

FIXTURES = ROOT / "tests" / "fixtures" / "articles"

# --------------------------------------------------------------- helpers --
_FACTS: dict = {}


@register("cached-rules")
def _cached(model=""):
    """The rules extractor, run once per article text in this test session."""
    run = get_extractor("rules", model=model)

    def extract(art: Article):
        key = (art.id, art.content_hash)
        if key not in _FACTS:
            _FACTS[key] = run(art)
        return _FACTS[key]
    return extract


def derived(store):
    """graph/merged and graph/reference of a store, as sorted N-Quads lines."""
    return tuple(sorted(store.export("nq", graph=str(g)).decode().splitlines())
                 for g in (MERGED_GRAPH, REFERENCE_GRAPH))


def assert_same_as_full_rebuild(store, summary=None):
    """The store's derived graphs (and merge counts) equal those of a full rebuild."""
    before = derived(store)
    full = rebuild(store)
    assert derived(store) == before
    if summary is not None:
        assert summary.text() == full.text()
    return before


def records(paths):
    return [{"id": a.id, "text": a.text, "published": a.published, "url": a.url, "title": a.title}
            for a in read_articles(paths) if isinstance(a, Article)]


def write_jsonl(path, recs):
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def run(store, path, batch):
    s = ingest(store, [str(path)], extractor="cached-rules", workers=1, batch=batch, echo=lambda m: None)
    assert not s.failures, s.failures
    return s


def check_orders(tmp_path, recs, change):
    """Ingest `recs` in three orders and batch sizes, then change one article (`change(rec)`
    gives its new record) and re-ingest: every store equals its full rebuild and the others."""
    rnd = random.Random(11)
    shuffled = recs[:]
    rnd.shuffle(shuffled)
    runs = {"forward": (recs, 64), "reversed": (recs[::-1], 3), "shuffled": (shuffled, 1)}
    results = {}
    for name, (order, batch) in runs.items():
        store = LocalStore(tmp_path / name)
        half = len(order) // 2
        run(store, write_jsonl(tmp_path / f"{name}-1.jsonl", order[:half]), batch)
        s = run(store, write_jsonl(tmp_path / f"{name}-2.jsonl", order[half:]), batch)
        results[name] = assert_same_as_full_rebuild(store, s.merge)
        results[name + "-store"] = store
    assert results["forward"] == results["reversed"] == results["shuffled"]
    assert results["forward"][0], "no merged events at all: the corpus does not test anything"

    # re-ingest one changed article into the incrementally built stores
    idx = next(i for i, r in enumerate(recs) if change(r) is not None)
    changed = recs[:]
    changed[idx] = change(recs[idx])
    for name in ("reversed", "shuffled"):
        store = results[name + "-store"]
        s = run(store, write_jsonl(tmp_path / f"{name}-3.jsonl", [changed[idx]]), 4)
        assert s.articles == 1
        after = assert_same_as_full_rebuild(store, s.merge)
        assert after != results[name]          # the change reached graph/merged
        # and back again: the store returns to what it was
        s = run(store, write_jsonl(tmp_path / f"{name}-4.jsonl", [recs[idx]]), 4)
        assert assert_same_as_full_rebuild(store, s.merge) == results[name]


# ------------------------------------------------------ hand-built facts --
def test_one_article_at_a_time_in_any_order_equals_a_full_rebuild(tmp_path):
    for seed in range(4):
        facts = corpus()
        random.Random(seed).shuffle(facts)
        store = LocalStore(tmp_path / f"s{seed}")
        rebuild(store)                                   # an empty store with an index
        for f in facts:
            store.replace_graphs([to_graph(f)])
            summary = update(store, [f.article.id])
        assert summary.reports == 7 and summary.events == 3
        assert_same_as_full_rebuild(store, summary)


def test_changed_and_removed_articles_update_the_merged_events(tmp_path):
    store = LocalStore(tmp_path / "s")
    rebuild(store)
    for f in corpus():
        store.replace_graphs([to_graph(f)])
        update(store, [f.article.id])
    full = assert_same_as_full_rebuild(store)
    # the venue article now reports a meeting in June 2024: the September event loses it
    store.replace_graphs([to_graph(article("venue", "2024-06-20", time=JUNE24))])
    s = update(store, ["venue"])
    moved = assert_same_as_full_rebuild(store, s)
    assert moved != full
    # an article that disappears takes its report out of the merged events
    store.update(f"DROP GRAPH <{graph_iri('pyongyang')}>")
    s = update(store, ["pyongyang"])
    assert_same_as_full_rebuild(store, s)
    assert s.reports == 6
    # an undated planning report and a new place facts for Vostochny
    store.replace_graphs([to_graph(article("later", "2023-10-01", time=SEPT, place=VOSTOCHNY)),
                          to_graph(article("vague2", "2023-08-30", status="planned"))])
    s = update(store, ["later", "vague2"])
    assert_same_as_full_rebuild(store, s)


def test_numbering_of_merged_nodes_follows_the_full_rebuild(tmp_path):
    """Two distinct events with one key get '-2'; adding an earlier report renumbers them."""
    store = LocalStore(tmp_path / "s")
    rebuild(store)
    # same kind, day and persons, but places in two countries: two events, one base key
    facts = [article("b1", "2023-09-13", time=SEPT13, place=VOSTOCHNY),
             article("c1", "2023-09-13", time=SEPT13, place="place/pyongyang"),
             article("a0", "2023-09-13", time=SEPT13, place="place/pyongyang"),
             article("a1", "2023-09-13", time=SEPT13, who=(PUTIN, KIM))]
    for f in facts:
        store.replace_graphs([to_graph(f)])
        s = update(store, [f.article.id])
        assert_same_as_full_rebuild(store, s)


def test_a_store_without_index_or_after_another_writer_is_caught_up(tmp_path):
    store = LocalStore(tmp_path / "s")
    for f in corpus()[:4]:
        store.replace_graphs([to_graph(f)])
    s = update(store, [])                      # no index yet: a full rebuild writes one
    assert (tmp_path / "s" / INDEX_FILE).exists() and s.reports == 4
    for f in corpus()[4:]:                     # written without a merge (web ingest, --no-merge)
        store.replace_graphs([to_graph(f)])
    stale = stale_articles(store)
    assert stale == {f.article.id for f in corpus()[4:]}
    s = update(store, stale)
    assert_same_as_full_rebuild(store, s)
    assert stale_articles(store) == set()


# ---------------------------------------------------- the project's corpus --
def _add_meeting(rec):
    """The samples: a second article reports the Oslo–Santiago talks (a new cross-article link)."""
    if rec["id"] != "summit-called-off":
        return None
    return dict(rec, text=rec["text"] + "\n\nSeparately, Norwegian Foreign Minister Ingrid Halvorsen "
                "met Chilean Foreign Minister Tomás Araya in Santiago on March 12, 2024.\n")


@pytest.mark.slow
def test_fixtures_and_samples_in_any_order_equal_a_full_rebuild(tmp_path):
    recs = records([str(SAMPLES), str(FIXTURES)])
    assert len(recs) > 50
    check_orders(tmp_path, recs, _add_meeting)


def _headline_only(rec):
    return dict(rec, text=(rec.get("title") or "No news") + "\n")


@pytest.mark.slow
def test_dev_and_voa_corpora_in_any_order_equal_a_full_rebuild(tmp_path):
    """../shared's dev articles and VOA stories (skips when ../shared is absent)."""
    dev = needs_shared("eval", "dev", "articles")
    voa = needs_shared("corpus", "voa", "voa_stories.jsonl")
    recs = records([str(dev), str(voa)])
    # the changed article: one that is a source of an event several articles report
    probe = LocalStore(tmp_path / "probe")
    run(probe, write_jsonl(tmp_path / "all.jsonl", recs), 64)
    rows = probe.query(f"""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT ?id WHERE {{ GRAPH <{MERGED_GRAPH}> {{ ?m dkg:sourceArticle ?a, ?b FILTER (?a != ?b) }}
          ?a dkg:articleId ?id }} ORDER BY ?id LIMIT 1""").rows
    assert rows, "no event with several reports in the dev + VOA corpora"
    target = str(rows[0]["id"])
    check_orders(tmp_path, recs, lambda r: _headline_only(r) if r["id"] == target else None)


def test_new_labels_places_and_states_elsewhere_in_the_store_reach_the_merged_events(tmp_path):
    """What one article says about an entity (a label, the state a place is in) changes merged
    events built from other articles; so does a state that comes and goes (graph/reference)."""
    from kg.facts import Entity

    store = LocalStore(tmp_path / "s")
    rebuild(store)
    quiet = [article("a", "2023-09-13", time=SEPT13, place="place/tumen"),
             article("b", "2023-09-14", time=SEPT13, place="place/vladivostok")]
    for f in quiet:             # two places nobody has located yet: they may be one
        f.entities[f.events[0].place] = Entity(f.events[0].place, "Place", f.events[0].place[6:].title())
        store.replace_graphs([to_graph(f)])
        update(store, [f.article.id])
    first = assert_same_as_full_rebuild(store)
    # a third article puts both places in states (other ones), gives Kim a new first label
    # and names a state no other article names
    f = article("c", "2024-01-05", time=JUNE24, who=(PUTIN,))
    f.entities["place/tumen"] = Entity("place/tumen", "Place", "Tumen", subtype="City", country="state/north-korea")
    f.entities["place/vladivostok"] = Entity("place/vladivostok", "Place", "Vladivostok", subtype="City",
                                             country="state/russia")
    f.entities[KIM] = Entity(KIM, "Person", "KIM JONG UN")         # first in code-point order
    f.entities["state/finland"] = Entity("state/finland", "State", "Finland", qid="Q33")
    store.replace_graphs([to_graph(f)])
    s = update(store, ["c"])
    second = assert_same_as_full_rebuild(store, s)
    assert second[0] != first[0] and second[1] != first[1]
    assert any("KIM JONG UN" in line for line in second[0])
    # the article goes again: labels, places and graph/reference go back
    store.update(f"DROP GRAPH <{graph_iri('c')}>")
    s = update(store, ["c"])
    assert assert_same_as_full_rebuild(store, s) == first


def test_a_state_named_later_brings_reference_labels_to_earlier_merged_events(tmp_path):
    """graph/reference grows with the states the store names; its office holders' labels
    count for merged events already written."""
    from kg.facts import Entity

    niinisto = "person/sauli-niinisto"
    store = LocalStore(tmp_path / "s")
    rebuild(store)
    f = article("n1", "2023-09-13", time=SEPT13)
    f.entities[niinisto] = Entity(niinisto, "Person", "sauli niinisto")     # after "Sauli Niinistö"
    f.events[0].add("participant", niinisto)
    store.replace_graphs([to_graph(f)])
    update(store, ["n1"])
    before = assert_same_as_full_rebuild(store)
    g = article("n2", "2024-02-01", time=JUNE24)
    g.entities["state/finland"] = Entity("state/finland", "State", "Finland", qid="Q33")
    store.replace_graphs([to_graph(g)])
    s = update(store, ["n2"])
    after = assert_same_as_full_rebuild(store, s)
    assert not any("Sauli Niinistö" in line for line in before[0])
    assert any("Sauli Niinistö" in line and "label" in line for line in after[0])
