"""One event, many reports (kg/merge.py): graph/merged in a real store, built without spaCy."""
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.articles import Article
from kg.config import Config
from kg.facts import ArticleFacts, Entity, Event, TimeValue
from kg.mapping import graph_iri, to_graph
from kg.merge import MERGED_GRAPH, rebuild, value_window
from kg.namespaces import DKG, ID
from kg.queries import get_query
from kg.runner import run_saved
from kg.store import LocalStore

PUTIN, KIM, KIM_IL = "person/vladimir-putin", "person/kim-jong-un", "person/kim-jong-il"
VOSTOCHNY, PYONGYANG = "place/vostochny-cosmodrome", "place/pyongyang"


def _time(value, gran, earliest, latest):
    return TimeValue(value, value, gran, None, earliest=earliest, latest=latest)


def article(aid, published, *, status="occurred", time=None, place=None, who=(PUTIN, KIM), kind="Meeting"):
    """An article reporting one event; entities carry the labels every article gives them."""
    art = Article(id=aid, text=f"Report {aid}.", title=aid, published=published)
    f = ArticleFacts(article=art, extractor="hand-built")
    names = {PUTIN: "Vladimir Putin", KIM: "Kim Jong Un", KIM_IL: "Kim Jong Il"}
    for k in who:
        f.entities[k] = Entity(k, "Person", names[k])
    f.entities["state/russia"] = Entity("state/russia", "State", "Russia", qid="Q159")
    f.entities["state/north-korea"] = Entity("state/north-korea", "State", "North Korea", qid="Q423")
    if place == VOSTOCHNY:
        f.entities[place] = Entity(place, "Place", "Vostochny Cosmodrome", subtype="Venue",
                                   country="state/russia")
    if place == PYONGYANG:
        f.entities[place] = Entity(place, "Place", "Pyongyang", subtype="City", country="state/north-korea")
    ev = Event(kind=kind, status=status, time=time, place=place)
    for k in who:
        ev.add("participant", k)
    f.events.append(ev)
    return f


SEPT = _time("2023-09", "month", "2023-09-01", "2023-09-30")
SEPT13 = _time("2023-09-13", "day", "2023-09-13", "2023-09-13")
SEPT14 = _time("2023-09-14", "day", "2023-09-14", "2023-09-14")
JUNE24 = _time("2024-06-19", "day", "2024-06-19", "2024-06-19")


def corpus():
    return [
        article("planned", "2023-09-05", status="planned", time=SEPT),                 # before
        article("venue", "2023-09-13", time=SEPT13, place=VOSTOCHNY),                  # the day
        article("state", "2023-09-14", time=SEPT13, place="state/russia"),             # coarser place
        article("recap", "2024-01-21", time=SEPT, place=VOSTOCHNY),                    # months later
        article("undated", "2023-09-20"),                                              # no date given
        article("pyongyang", "2024-06-19", time=JUNE24, place=PYONGYANG),              # another summit
        article("father", "2024-06-19", time=_time("2000-07", "month", "2000-07-01", "2000-07-31"),
                place=PYONGYANG, who=(PUTIN, KIM_IL)),
    ]


def build(tmp_path, facts, name="s"):
    store = LocalStore(tmp_path / name)
    for f in facts:
        store.replace_graphs([to_graph(f)])
    summary = rebuild(store)
    return store, summary


def merged_of(store, report_iri):
    rows = store.query(f"""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT ?m WHERE {{ GRAPH <{MERGED_GRAPH}> {{ <{report_iri}> dkg:reportOf ?m }} }}""").rows
    assert len(rows) == 1, (report_iri, rows)
    return rows[0]["m"]


def merged_values(store, node, prop):
    rows = store.query(f"""SELECT ?o WHERE {{ GRAPH <{MERGED_GRAPH}> {{ <{node}> <{prop}> ?o }} }}""").rows
    return {r["o"] for r in rows}


def ev(aid):
    return str(ID[f"event/{aid}/1"])


def test_reports_of_one_meeting_share_one_merged_node(tmp_path):
    store, summary = build(tmp_path, corpus())
    sept = merged_of(store, ev("venue"))
    for aid in ("planned", "state", "recap", "undated"):
        assert merged_of(store, ev(aid)) == sept, aid
    assert merged_of(store, ev("pyongyang")) != sept
    assert merged_of(store, ev("father")) not in (sept, merged_of(store, ev("pyongyang")))
    assert summary.reports == 7 and summary.events == 3 and summary.multi == 1
    # every source article and every report is listed on the merged node
    sources = {str(a).rsplit("/", 1)[-1] for a in merged_values(store, sept, DKG.sourceArticle)}
    assert sources == {"planned", "venue", "state", "recap", "undated"}
    assert {str(r) for r in merged_values(store, sept, DKG.hasReport)} == {
        ev(a) for a in ("planned", "venue", "state", "recap", "undated")}
    # best time and place; status of the latest report
    assert merged_values(store, sept, DKG.place) == {ID[VOSTOCHNY]}
    [t] = merged_values(store, sept, DKG.time)
    assert merged_values(store, t, DKG.value) == {Literal("2023-09-13")}
    assert merged_values(store, sept, DKG.status) == {DKG.occurred}


def test_conflicts_are_visible_and_the_articles_keep_their_claims(tmp_path):
    store, _ = build(tmp_path, corpus())
    sept = merged_of(store, ev("venue"))
    assert merged_values(store, sept, DKG.conflict) == {Literal(True)}
    [note] = merged_values(store, sept, RDFS.comment)
    assert "planned (planned)" in str(note) and "occurred (" in str(note)
    # the planning article's own graph still says planned, with its month precision
    rows = store.query(f"""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT ?s ?v WHERE {{ GRAPH <{graph_iri('planned')}> {{ <{ev('planned')}> dkg:status ?s ;
        dkg:time/dkg:value ?v }} }}""").rows
    assert [(str(r["s"]), str(r["v"])) for r in rows] == [(str(DKG.planned), "2023-09")]
    # the Pyongyang summit has one report and no conflict
    assert merged_values(store, merged_of(store, ev("pyongyang")), DKG.conflict) == {Literal(False)}


def test_dates_a_day_apart_merge_with_a_date_conflict_and_far_dates_do_not(tmp_path):
    store, _ = build(tmp_path, [article("a", "2023-09-13", time=SEPT13, place=VOSTOCHNY),
                                article("b", "2023-09-15", time=SEPT14, place=VOSTOCHNY),
                                article("c", "2024-06-19", time=JUNE24, place=VOSTOCHNY)])
    m = merged_of(store, ev("a"))
    assert merged_of(store, ev("b")) == m and merged_of(store, ev("c")) != m
    [note] = merged_values(store, m, RDFS.comment)
    assert "date: 2023-09-13 (a); 2023-09-14 (b)" in str(note)


def test_incompatible_places_and_kinds_stay_apart(tmp_path):
    store, _ = build(tmp_path, [
        article("a", "2023-09-13", time=SEPT13, place=VOSTOCHNY),
        article("b", "2023-09-13", time=SEPT13, place=PYONGYANG),                 # other country
        article("c", "2023-09-13", time=SEPT13, place=VOSTOCHNY, kind="Call"),    # a call is not a meeting
    ])
    assert len({merged_of(store, ev(x)) for x in "abc"}) == 3


def test_an_undated_report_with_two_candidates_stays_alone(tmp_path):
    store, _ = build(tmp_path, [article("a", "2023-09-13", time=SEPT13),
                                article("b", "2024-06-19", time=JUNE24),
                                article("vague", "2024-07-01")])     # occurred, after both
    assert merged_of(store, ev("vague")) not in (merged_of(store, ev("a")), merged_of(store, ev("b")))


def test_merging_is_deterministic_and_independent_of_ingest_order(tmp_path):
    s1, _ = build(tmp_path, corpus(), "one")
    s2, _ = build(tmp_path, list(reversed(corpus())), "two")
    rebuild(s2)                                   # and rebuilding changes nothing

    def merged(store):
        return sorted(store.export("nq", graph=str(MERGED_GRAPH)).decode().splitlines())

    assert merged(s1) == merged(s2) and merged(s1)


def test_merged_queries_count_sources(tmp_path):
    store, _ = build(tmp_path, corpus())
    cfg = Config(store=str(tmp_path / "s"))
    rows = run_saved(get_query("meetings-merged"), {"person": str(ID[PUTIN])}, cfg, store=store).rows
    by_date = {str(r.get("date", "")): r for r in rows if str(r["b"]) == str(ID[PUTIN]) or str(r["a"]) == str(ID[PUTIN])}
    sept = by_date["2023-09-13"]
    assert int(sept["sources"]) == 5 and str(sept["conflict"]) == "true"
    assert "planned (planned)" in str(sept["statuses"]) and "undated (undated)" in str(sept["dates"])
    assert str(sept["placeLabel"]) == "Vostochny Cosmodrome"
    assert len([r for r in rows if str(r["date"]) == "2023-09-13"]) == 1   # one row, not one per report
    # the per-article query still lists each article's claim, once each
    per_article = run_saved(get_query("who-met-whom"), {"person": str(ID[PUTIN])}, cfg, store=store).rows
    assert len(per_article) == 7
    ev_rows = run_saved(get_query("events-merged"), {"min_sources": "2"}, cfg, store=store).rows
    assert [int(r["sources"]) for r in ev_rows] == [5] and str(ev_rows[0]["kind"]) == "Meeting"
    assert run_saved(get_query("events-merged"), {"kind_is": "Visit"}, cfg, store=store).rows == []


@pytest.mark.parametrize("value,first,last", [
    ("2023-09-13", "2023-09-13", "2023-09-13"), ("2023-09", "2023-09-01", "2023-09-30"),
    ("2024-02", "2024-02-01", "2024-02-29"), ("2024-W02", "2024-01-08", "2024-01-14"),
    ("2023", "2023-01-01", "2023-12-31"), ("200", "2000-01-01", "2009-12-31")])
def test_value_windows(value, first, last):
    a, b = value_window(value)
    assert (a.isoformat(), b.isoformat()) == (first, last)


# ------------------------------------------------------------ the corpus --
@pytest.mark.slow
def test_vostochny_2023_meeting_appears_once_with_its_reports(corpus_store):
    """Seed + dev + VOA: the Putin–Kim meeting of September 2023 is one merged event."""
    cfg = Config(store=str(corpus_store.path))
    rows = run_saved(get_query("meetings-merged"),
                     {"person": str(ID[PUTIN]), "from": "2023-09-01", "to": "2023-09-30"},
                     cfg, store=corpus_store).rows
    kim = [r for r in rows if {str(r["a"]), str(r["b"])} == {str(ID[PUTIN]), str(ID[KIM])}]
    assert len(kim) == 1, [(str(r["meeting"]), str(r["articles"])) for r in kim]
    meeting = kim[0]
    articles = set(str(meeting["articles"]).split(", "))
    assert {"seed", "putin-pyongyang-2024-01-21"} <= articles       # the seed, twice over
    assert int(meeting["sources"]) == len(articles) >= 3
    assert str(meeting["status"]) == "occurred"
    # every article's report of a Putin–Kim meeting in September 2023 points to it
    reports = corpus_store.query(f"""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT DISTINCT ?e ?m WHERE {{ GRAPH ?g {{ ?e a dkg:Meeting ; dkg:participant <{ID[PUTIN]}>, <{ID[KIM]}> ;
              dkg:time/dkg:earliest ?from ; dkg:time/dkg:latest ?to }}
          FILTER (STR(?from) >= "2023-09-01" && STR(?to) <= "2023-09-30")
          OPTIONAL {{ ?e dkg:reportOf ?m }} }}""", max_rows=1000).rows
    assert reports and {str(r.get("m")) for r in reports} == {str(meeting["meeting"])}


@pytest.mark.slow
def test_d02_report_of_vostochny_joins_when_the_article_is_dated(corpus_store):
    rows = corpus_store.query("""PREFIX schema: <https://schema.org/>
        SELECT ?d WHERE { <https://w3id.org/dipkg/id/article/d02> schema:datePublished ?d }""").rows
    assert [str(r["d"]) for r in rows] == ["2023-09-13"]     # a bare date line under the headline
    m = corpus_store.query(f"""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT DISTINCT ?m WHERE {{ ?e dkg:sourceArticle <https://w3id.org/dipkg/id/article/d02> ;
          a dkg:Meeting ; dkg:participant <{ID[PUTIN]}>, <{ID[KIM]}> ; dkg:reportOf ?m .
          ?m dkg:sourceArticle <https://w3id.org/dipkg/id/article/seed> }}""").rows
    assert len(m) == 1
