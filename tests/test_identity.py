"""One IRI per real entity across articles (kg/identity.py), and offices over time."""
import copy

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDFS, SKOS

from kg import identity as I
from kg.articles import Article
from kg.facts import ArticleFacts, Entity, Event, Mention, OfficeHolding, TimeValue
from kg.mapping import to_graph
from kg.namespaces import DKG, ID, WD
from kg.store import LocalStore

from conftest import kg_command

# ------------------------------------------------------------------ names --
SAME = [
    ("Kim Jong-un", "Kim Jong Un"),
    ("Kim Jong Un", "North Korean leader Kim Jong Un's"),
    ("Choe Son-hui", "Choe Son Hui"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
    ("Volodymyr Zelenskyy", "President Volodymyr Zelensky"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Muhammad Shia' al-Sudani", "Mohammed Shia al-Sudani"),
    ("Abdel Fattah el-Sisi", "Abdel-Fattah al-Sisi"),
    ("Xi Jin-ping", "Xi Jinping"),
    ("Kim Jon-il", "Kim Jong Il"),            # a known misspelling
    ("Jim Risch", "James Risch"),
    ("Joseph R. Biden Jr.", "Joe Biden"),
    ("Ferdinand R. Marcos Jr.", "Ferdinand Marcos Jr."),
    ("Secretary Nguyen Phu Trong", "Nguyen Phu Trong"),
]
DIFFERENT = [
    ("Kim Jong Un", "Kim Jong Il"),
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Il", "Kim Yo Jong"),
    ("Kim Jong Un", "Kim Il Sung"),
    ("Ferdinand Marcos Jr.", "Ferdinand Marcos"),
    ("George H. W. Bush", "George W. Bush"),
    ("Dmitry Medvedev", "Dmitry Peskov"),
    ("Abdullah bin Zayed", "Mohammed bin Zayed"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_spellings_of_one_person_share_a_key_and_a_label(a, b):
    assert I.person_key(a) == I.person_key(b)
    assert I.person_label(a) == I.person_label(b)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_people_with_similar_names_keep_their_keys(a, b):
    assert I.person_key(a) != I.person_key(b)


def test_keys_are_readable_and_stable():
    assert I.person_key("Kim Jong-un") == "person/kim-jong-un"
    assert I.person_key("Vladimir Putin") == "person/vladimir-putin"
    assert I.person_label("Kim Jong-un") == "Kim Jong Un"
    assert I.person_label("Tomás Araya") == "Tomás Araya"          # accents kept in labels
    assert I.person_label("Mohammed Shia al-Sudani") == "Mohammed Shia al-Sudani"


def test_places_and_organisations():
    assert I.place_key("Kiev") == I.place_key("Kyiv") == "place/kyiv"
    assert I.place_label("Kiev") == "Kyiv"
    assert I.place_key("the Vostochny cosmodrome") == "place/vostochny-cosmodrome"
    assert I.place_label("VOSTOCHNY COSMODROME") == I.place_label("Vostochny Cosmodrome") == "Vostochny Cosmodrome"
    assert I.org_key("the U.N.") == I.org_key("United Nations") == "org/united-nations"


def test_bare_surnames_resolve_only_with_a_matching_state():
    assert I.resolve_surname("Putin", ["russia"]) == "person/vladimir-putin"
    assert I.resolve_surname("Putin", ["chile"]) is None
    assert I.resolve_surname("Kim", ["north-korea"]) is None        # several Kims


def test_person_qids_need_name_and_state():
    assert I.person_qid("Vladimir Putin", ["russia"]) == "Q7747"
    assert I.person_qid("Kim Jong-un", ["north-korea", "russia"]) == "Q56226"
    assert I.person_qid("Vladimir Putin", ["chile"]) is None


# -------------------------------------------------------- article facts --
def _facts(article_id, name, other, published="2023-09-14", state="state/russia"):
    """A hand-built article: `name` meets `other`; the article names Russia and North Korea."""
    text = f"{name} met {other} in Russia. The Russian leader spoke."
    art = Article(id=article_id, text=text, title="t", published=published)
    f = ArticleFacts(article=art, extractor="hand-built")
    k1, k2 = f"person/{name.lower().replace(' ', '-')}", f"person/{other.lower().replace(' ', '-')}"
    f.entities[k1] = Entity(k1, "Person", name, aliases=[name], mentions=[Mention(0, len(name), name)])
    f.entities[k2] = Entity(k2, "Person", other, aliases=[other],
                            mentions=[Mention(len(name) + 5, len(name) + 5 + len(other), other)])
    f.entities["state/russia"] = Entity("state/russia", "State", "Russia", qid="Q159")
    f.entities["state/north-korea"] = Entity("state/north-korea", "State", "North Korea", qid="Q423")
    ev = Event(kind="Meeting", status="occurred", place="state/russia",
               time=TimeValue("on Wednesday", "2023-09-13", "day", published, earliest="2023-09-13",
                              latest="2023-09-13"))
    ev.add("participant", k1)
    ev.add("participant", k2)
    f.events.append(ev)
    f.offices.append(OfficeHolding(k2, "President", state))
    return f


def test_two_articles_spelling_a_name_differently_give_one_node():
    g1 = to_graph(_facts("a1", "Kim Jong-un", "Vladimir Putin"))
    g2 = to_graph(_facts("a2", "Kim Jong Un", "Vladimir Putin"))
    kim = ID["person/kim-jong-un"]
    for g in (g1, g2):
        assert (ID["event/%s/1" % str(g.identifier).rsplit("/", 1)[-1]], DKG.participant, kim) in g
    # one node; each article labels it as it spells the name, and knows the canonical spelling
    assert set(g1.objects(kim, RDFS.label)) == {Literal("Kim Jong-un")}
    assert set(g2.objects(kim, RDFS.label)) == {Literal("Kim Jong Un")}
    assert Literal("Kim Jong Un") in set(g1.objects(kim, SKOS.altLabel))
    assert {str(o) for o in g2.objects(None, DKG.text)} >= {"Kim Jong Un"}
    # QIDs from the gazetteer: the person (name + a state of the article) and the state
    assert (kim, OWL.sameAs, WD["Q56226"]) in g1
    assert (ID["person/vladimir-putin"], DKG.qid, Literal("Q7747")) in g1
    assert (ID["state/russia"], OWL.sameAs, WD["Q159"]) in g1


def test_canonicalize_does_not_change_the_facts_it_is_given():
    f = _facts("a1", "Kim Jong-un", "Vladimir Putin")
    before = copy.deepcopy(f)
    I.canonicalize(f)
    assert f.entities.keys() == before.entities.keys()
    assert f.entities["person/kim-jong-un"].label == "Kim Jong-un"


def test_keys_that_fold_together_merge_their_entities_and_roles():
    f = _facts("a1", "Kim Jon-il", "Kim Jong Il")   # a typo and the right spelling, one article
    out = I.canonicalize(f)
    assert [k for k, e in out.entities.items() if e.kind == "Person"] == ["person/kim-jong-il"]
    e = out.entities["person/kim-jong-il"]
    assert {m.text for m in e.mentions} == {"Kim Jon-il", "Kim Jong Il"}
    assert out.events[0].roles["participant"] == ["person/kim-jong-il"]


def test_one_node_per_person_in_a_store_and_one_row_per_meeting(tmp_path):
    from kg.queries import get_query
    from kg.runner import run_saved
    from kg.config import Config

    store = LocalStore(tmp_path / "s")
    store.replace_graphs([to_graph(_facts("a1", "Kim Jong-un", "Vladimir Putin")),
                          to_graph(_facts("a2", "Kim Jong Un", "Vladimir Putin"))])
    rows = store.query("""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?p ?l WHERE { ?p a dkg:Person ; rdfs:label ?l }""").rows
    assert {str(r["p"]) for r in rows} == {str(ID["person/kim-jong-un"]), str(ID["person/vladimir-putin"])}
    res = run_saved(get_query("who-met-whom"), {}, Config(store=str(tmp_path / "s")), store=store)
    assert len(res.rows) == 2           # one per article, not one per label or copy of a label
    assert len({(str(r["a"]), str(r["aLabel"])) for r in res.rows}) == 1   # one label shown per node


# ---------------------------------------------------------- offices over time --
@pytest.mark.parametrize("state,on,role,who", [
    ("russia", "2005-06-01", "head_of_state", "Vladimir Putin"),
    ("russia", "2010-06-01", "head_of_state", "Dmitry Medvedev"),
    ("russia", "2010-06-01", "head_of_government", "Vladimir Putin"),
    ("russia", "2024-01-21", "head_of_state", "Vladimir Putin"),
    ("russia", "2024-01-21", "head_of_government", "Mikhail Mishustin"),
    ("north-korea", "2005", "head_of_state", "Kim Jong Il"),
    ("north-korea", "2023-09-13", "head_of_state", "Kim Jong Un"),
    ("united-states", "2019-06-01", "head_of_state", "Donald Trump"),
    ("united-states", "2023-06-01", "head_of_state", "Joe Biden"),
])
def test_holder_on_a_date(state, on, role, who):
    assert I.holder_on(state, on, role)[1] == who


def _leaders(store, **params):
    from kg.config import Config
    from kg.queries import get_query
    from kg.runner import run_saved

    res = run_saved(get_query("leaders"), params, Config(store=str(store.path)), store=store)
    return {(str(r["personLabel"]), str(r["roleLabel"])) for r in res.rows}


def test_leaders_query_answers_who_led_a_state_on_a_date(tmp_path):
    from kg.merge import rebuild

    store = LocalStore(tmp_path / "s")
    store.replace_graphs([to_graph(_facts("a1", "Kim Jong Un", "Vladimir Putin"))])
    rebuild(store)                       # graph/reference for the states in the store
    assert str(ID["state/russia"]).replace("id/state/russia", "graph/reference") in store.graph_names()
    russia = str(ID["state/russia"])
    on_2010 = _leaders(store, in_state=russia, on="2010-06-01")
    assert ("Dmitry Medvedev", "President") in on_2010
    assert ("Vladimir Putin", "Prime Minister") in on_2010
    assert ("Vladimir Putin", "President") not in on_2010
    on_2024 = _leaders(store, in_state=russia, on="2024-01-21")
    assert ("Vladimir Putin", "President") in on_2024
    assert ("Mikhail Mishustin", "Prime Minister") in on_2024
    assert ("Dmitry Medvedev", "President") not in on_2024
    # the article's own undated "President Putin" counts for its year (2023), not for 2010
    on_2023 = _leaders(store, in_state=russia, on="2023")
    assert ("Vladimir Putin", "President") in on_2023
    # by name, as a person would type it
    assert ("Kim Jong Un", "Supreme Leader") in _leaders(store, in_state="North Korea", on="2023-09-13")
    assert ("Kim Jong Un", "Supreme Leader") not in _leaders(store, in_state="North Korea", on="2005")


def test_reference_graph_has_dated_terms_with_qids():
    g = I.reference_graph(["russia"])
    holdings = list(g.subjects(DKG.holder, ID["person/dmitry-medvedev"]))
    assert len(holdings) == 2                            # president, then prime minister
    assert {str(g.value(h, DKG.startDate)) for h in holdings} == {"2008-05-07", "2012-05-08"}
    assert (ID["person/vladimir-putin"], OWL.sameAs, WD["Q7747"]) in g
    # only the states asked for
    assert not list(g.subjects(DKG.inState, ID["state/chile"]))


# ------------------------------------------------------------ the corpus --
KIM, CHOE, PUTIN, LAVROV = ("person/kim-jong-un", "person/choe-son-hui", "person/vladimir-putin",
                             "person/sergei-lavrov")
KNOWN_PEOPLE = {
    "person/kim-jong-un": ("kim", "jong", "un"),
    "person/vladimir-putin": ("vladimir", "putin"),
    "person/choe-son-hui": ("choe", "son", "hui"),
    "person/sergei-lavrov": ("lavrov",),
}


@pytest.mark.slow
def test_corpus_has_one_node_per_known_person(corpus_store):
    """Seed + dev + VOA: every spelling of these people is one node (labelled, in each
    article, as that article spells the name)."""
    rows = corpus_store.query("""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p (COUNT(DISTINCT ?g) AS ?articles) (GROUP_CONCAT(DISTINCT ?l; separator="|") AS ?labels)
        WHERE { GRAPH ?g { ?p a dkg:Person ; rdfs:label ?l }
                FILTER (STRSTARTS(STR(?g), "https://w3id.org/dipkg/graph/article/")) }
        GROUP BY ?p""", max_rows=10 ** 6, timeout=120).rows
    nodes = {str(r["p"])[len(str(ID)):]: r for r in rows}
    for r in corpus_store.query("""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
            SELECT DISTINCT ?p ?alt WHERE { ?m dkg:mentionOf ?p ; dkg:text ?alt }""",
                                max_rows=10 ** 6, timeout=120).rows:
        node = nodes.get(str(r["p"])[len(str(ID)):])
        if node is not None:
            node["alts"] = node.get("alts", "") + "|" + str(r["alt"])
    for key, words in KNOWN_PEOPLE.items():
        assert key in nodes, key
        # no second node whose name folds to the same person
        twins = [k for k in nodes if k != key and all(w in k.split("/")[-1].split("-") for w in words)
                 and len(k.split("/")[-1].split("-")) == len(key.split("/")[-1].split("-"))]
        assert not twins, (key, twins)
    assert int(nodes["person/kim-jong-un"]["articles"]) >= 5
    assert {"Kim Jong Un", "Kim Jong-un"} <= set(str(nodes["person/kim-jong-un"]["alts"]).split("|"))
    # whatever node the extractor made, a mention spelled like a known person is that person
    spelled = {"Kim Jong Un": KIM, "Kim Jong-un": KIM, "Choe Son Hui": CHOE, "Choe Son-hui": CHOE,
               "Vladimir Putin": PUTIN, "Sergei Lavrov": LAVROV, "Sergey Lavrov": LAVROV}
    rows = corpus_store.query("""PREFIX dkg: <https://w3id.org/dipkg/ontology#>
        SELECT DISTINCT ?t ?p WHERE { ?m dkg:mentionOf ?p ; dkg:text ?t . ?p a dkg:Person }""",
                              max_rows=10 ** 6, timeout=120).rows
    found = {(str(r["t"]), str(r["p"])[len(str(ID)):]) for r in rows if str(r["t"]) in spelled}
    assert {t for t, _ in found} >= {"Kim Jong Un", "Kim Jong-un", "Choe Son Hui", "Vladimir Putin"}
    assert all(spelled[t] == p for t, p in found), sorted(found)
    # and different people stay apart
    assert "person/kim-jong-il" in nodes
    assert nodes["person/kim-jong-il"]["labels"] != nodes["person/kim-jong-un"]["labels"]


@pytest.mark.slow
def test_corpus_links_known_people_to_wikidata(corpus_store):
    rows = corpus_store.query("""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT DISTINCT ?p ?w WHERE { ?p owl:sameAs ?w }""", max_rows=10 ** 6, timeout=60).rows
    same = {(str(r["p"]), str(r["w"])) for r in rows}
    assert (str(ID["person/vladimir-putin"]), str(WD["Q7747"])) in same
    assert (str(ID["person/kim-jong-un"]), str(WD["Q56226"])) in same
    assert (str(ID["state/north-korea"]), str(WD["Q423"])) in same


def test_kg_merge_command_rebuilds_the_cross_article_graphs(tmp_path):
    import subprocess

    path = tmp_path / "s"
    store = LocalStore(path)
    store.replace_graphs([to_graph(_facts("a1", "Kim Jong Un", "Vladimir Putin"))])
    del store
    import gc
    gc.collect()
    done = subprocess.run(kg_command() + ["--store", str(path), "merge"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "merged 1 event report(s) into 1 event(s)" in done.stderr
    names = LocalStore(path).graph_names()
    assert "https://w3id.org/dipkg/graph/merged" in names
    assert "https://w3id.org/dipkg/graph/reference" in names
