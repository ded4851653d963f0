"""The web pages through Flask's test client: home, saved queries, entities, articles, APIs.

The graph is built by hand (tests/conftest.py: make_web_facts), mapped with
kg.mapping and stored in a real Oxigraph store; no spaCy.
"""
from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, URIRef

from conftest import make_web_app

PUTIN = "https://w3id.org/dipkg/id/person/vladimir-putin"
XI = "https://w3id.org/dipkg/id/person/xi-jinping"
RUSSIA = "https://w3id.org/dipkg/id/state/russia"


def html(resp) -> str:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    return resp.get_data(as_text=True)


def rows(page: str) -> list[str]:
    body = re.search(r'<table class="results" id="results">.*?<tbody>(.*?)</tbody>', page, re.S)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []


# ------------------------------------------------------------------ home --
def test_home_counts_and_saved_queries(client):
    page = html(client.get("/"))
    assert "<title>Home — Diplomatic KG</title>" in page
    assert re.search(r'id="count-articles">3<', page)
    assert re.search(r'id="count-persons">5<', page)
    assert re.search(r'id="count-states">3<', page)
    assert "Meeting</a></td><td class=\"num\">3" in page
    assert 'href="/queries/who-met-whom"' in page and "Who met whom, where and when" in page
    # footer: the graph's size and last update
    assert re.search(r"[\d,]+ triples\s*·\s*3 articles\s*·\s*last updated", page)


def test_security_headers_and_no_inline_script(client):
    for url in ("/", "/queries/who-met-whom", "/id/person/vladimir-putin", "/article/beijing-talks",
                "/timeline", "/network", "/editor", "/articles/"):
        resp = client.get(url)
        page = html(resp)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        scripts = re.findall(r"<script\b([^>]*)>", page)
        assert scripts and all("src=" in attrs for attrs in scripts), url
        assert not re.search(r"<[^>]*\son[a-z]+=", page), url
        assert "cdn" not in " ".join(re.findall(r'(?:src|href)="([^"]+)"', page)).lower()


# ----------------------------------------------------------- saved query --
def test_who_met_whom_page_shows_the_meeting(client):
    """End to end: a sample graph -> the who-met-whom page shows the row."""
    page = html(client.get("/queries/who-met-whom"))
    assert "<h1>Who met whom, where and when</h1>" in page
    putin_xi = [r for r in rows(page) if "Vladimir Putin" in r and "Xi Jinping" in r]
    assert len(putin_xi) == 1
    row = putin_xi[0]
    assert 'href="/id/person/vladimir-putin"' in row and 'href="/id/person/xi-jinping"' in row
    assert 'href="/id/place/beijing"' in row and "2024-05-16" in row
    assert 'href="/article/beijing-talks"' in row
    assert "3 rows." in page


def test_parameter_and_label_columns_are_hidden(client):
    page = html(client.get("/queries/who-met-whom"))
    heads = re.findall(r'<th scope="col"[^>]*>\s*<a [^>]*>([^<]+)<', page)
    assert heads == ["meeting", "a", "b", "place", "date", "status", "mode", "source"]


def test_form_has_typed_inputs(client):
    page = html(client.get("/queries/who-met-whom"))
    assert re.search(r'<label for="f-person">person</label>', page)
    assert 'data-typeahead="person"' in page and 'list="dl-person"' in page
    assert "<legend>Date range</legend>" in page
    assert re.search(r'id="f-from"[^>]*pattern=', page, re.S)
    assert '<option value="occurred">' in page


def test_query_with_person_parameter(client):
    by_iri = html(client.get("/queries/who-met-whom", query_string={"person": XI}))
    assert len(rows(by_iri)) == 1 and "Xi Jinping" in rows(by_iri)[0]
    assert "= Xi Jinping" in by_iri          # the picker shows whom the IRI names
    by_name = html(client.get("/queries/who-met-whom", query_string={"person": "Vladimir Putin"}))
    assert len(rows(by_name)) == 2
    assert all("Vladimir Putin" in r for r in rows(by_name))


def test_query_with_date_range_and_status(client):
    page = html(client.get("/queries/who-met-whom", query_string={"from": "2024-05", "to": "2024-05-31"}))
    assert len(rows(page)) == 1 and "Xi Jinping" in rows(page)[0]
    page = html(client.get("/queries/who-met-whom", query_string={"only_status": "planned"}))
    assert "No rows match." in page


def test_bad_parameter_is_reported(client):
    page = html(client.get("/queries/who-met-whom", query_string={"from": "May 2024"}))
    assert 'id="query-error"' in page and "is not a date" in page
    page = html(client.get("/queries/who-met-whom", query_string={"person": "Nobody Atall"}))
    assert "no person named" in page


def test_unknown_query_is_404(client):
    resp = client.get("/queries/no-such-query")
    assert resp.status_code == 404
    assert "no saved query named" in resp.get_data(as_text=True)


def test_sorting_and_paging(client):
    page = html(client.get("/queries/who-met-whom", query_string={"sort": "date", "dir": "desc"}))
    dates = [re.search(r"\d{4}-\d{2}-\d{2}", r).group(0) for r in rows(page)]
    assert dates == sorted(dates, reverse=True)
    assert 'aria-sort="descending"' in page
    page = html(client.get("/queries/who-met-whom", query_string={"per": "25", "page": "9"}))
    assert len(rows(page)) == 3            # a page past the end shows the last page


def test_paging_splits_rows(app):
    from web.views.queries import _table
    from kg.queries import get_query
    from kg.results import QueryResult
    from rdflib import Literal

    q = get_query("who-met-whom")
    res = QueryResult(kind="select", vars=["a", "aLabel", "date", "person"],
                      rows=[{"a": URIRef(f"https://w3id.org/dipkg/id/person/p{n}"),
                             "aLabel": Literal(f"P {n:03d}"), "date": Literal(f"2024-01-{n % 28 + 1:02d}")}
                            for n in range(60)])
    with app.test_request_context("/queries/who-met-whom?per=25&page=3&sort=a"):
        t = _table(q, res, {"per": "25", "page": "3", "sort": "a"})
    assert (t["total"], t["pages"], t["page"], t["first"], t["last"]) == (60, 3, 3, 51, 60)
    assert t["cols"] == ["a", "date"]
    assert t["rows"][0]["a"].text == "P 050" and t["rows"][0]["a"].href == "/id/person/p50"


def test_truncated_results_are_flagged(web_store):
    client = make_web_app(web_store, max_rows=2).test_client()
    page = html(client.get("/queries/who-met-whom"))
    assert 'id="truncated"' in page and "row cap" in page
    assert len(rows(page)) == 2


def test_downloads_sparql_and_editor_links(client):
    page = html(client.get("/queries/who-met-whom", query_string={"person": PUTIN}))
    for fmt in ("csv", "tsv", "json"):
        assert re.search(rf'href="/api/queries/who-met-whom\?person=[^"]+&amp;format={fmt}"', page)
    assert "<summary>Show the SPARQL</summary>" in page and "dkg:participant ?a, ?b" in page
    assert 'href="/editor?saved=who-met-whom"' in page


def test_all_saved_queries_render(client):
    from kg.queries import all_queries

    for name in all_queries():
        page = html(client.get(f"/queries/{name}"))
        assert 'id="row-count"' in page, name
        assert 'id="query-error"' not in page, name


# ---------------------------------------------------------------- entity --
def test_person_page(client):
    page = html(client.get("/id/person/vladimir-putin"))
    assert '<h1 id="entity-label">Vladimir Putin</h1>' in page
    assert "<title>Vladimir Putin · Person — Diplomatic KG</title>" in page
    assert 'href="https://www.wikidata.org/wiki/Q7747"' in page
    offices = re.search(r'<table id="offices">.*?</table>', page, re.S).group(0)
    assert "President" in offices and 'href="/id/state/russia"' in offices and "2012-05-07" in offices
    events = re.search(r'<table id="events">.*?</table>', page, re.S).group(0)
    assert events.count("<tr>") == 5     # header + meeting x2, visit, signing
    assert "Xi Jinping" in events and "Kim Jong-un" in events and "Visit" in events   # as the article spells him
    assert 'href="/article/pyongyang-visit#f-' in events        # the source, at the fact
    assert "data-network-src=\"/api/network?center=" in page
    assert "<summary>Raw triples" in page


def test_state_page_lists_its_officials(client):
    page = html(client.get("/id/state/russia"))
    assert '<h1 id="entity-label">Russia</h1>' in page
    assert "Vladimir Putin" in re.search(r'<table id="offices">.*?</table>', page, re.S).group(0)
    assert "Arms transfer" in page and "level=state" in page


def test_event_page(client):
    page = html(client.get("/id/event/beijing-talks/1"))
    assert "<dt>Kind</dt><dd>Meeting</dd>" in page
    assert "occurred" in page and "2024-05-16" in page and "Beijing" in page
    assert "Russian President Vladimir Putin met Chinese President Xi Jinping" in page
    assert re.search(r'href="/article/beijing-talks#t-f-[0-9a-f]+">see this sentence in the article', page)
    assert "one article's report" in page          # the store is not merged: no merged event to link


def test_entity_by_any_iri_and_404(client):
    page = html(client.get("/entity", query_string={"iri": "https://w3id.org/dipkg/ontology#Meeting"}))
    assert "Meeting" in page
    assert client.get("/entity", query_string={"iri": "javascript:alert(1)"}).status_code == 404
    assert client.get("/id/person/nobody-at-all").status_code == 404
    assert client.get("/entity", query_string={"iri": "https://example.org/unknown"}).status_code == 404


def test_entity_content_negotiation(client):
    resp = client.get("/id/person/vladimir-putin", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert "Accept" in resp.headers.get("Vary", "")
    g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    assert (URIRef(PUTIN), None, None) in g
    assert any(str(o) == "Vladimir Putin" for o in g.objects(URIRef(PUTIN), None))
    resp = client.get("/id/person/vladimir-putin", headers={"Accept": "application/ld+json"})
    assert resp.mimetype == "application/ld+json"
    data = json.loads(resp.get_data(as_text=True))
    assert PUTIN in json.dumps(data)
    resp = client.get("/id/person/vladimir-putin",
                      headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert resp.mimetype == "text/html"
    resp = client.get("/entity", query_string={"iri": PUTIN, "format": "nt"})
    assert resp.mimetype == "application/n-triples"
    # an article IRI sends browsers to the article page
    resp = client.get("/id/article/beijing-talks")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/article/beijing-talks")


# --------------------------------------------------------------- article --
def test_article_page_highlights_mentions_and_evidence(client):
    page = html(client.get("/article/beijing-talks"))
    assert '<h1 id="article-title">Putin and Xi meet in Beijing</h1>' in page
    assert '<time datetime="2024-05-16">' in page
    assert 'href="https://news.example.org/beijing-talks"' in page
    body = re.search(r'<div class="body" id="article-body">(.*?)</div>', page, re.S).group(1)
    assert '<a href="/id/person/vladimir-putin" class="mention m-person"' in body
    assert 'class="mention m-state"' in body and 'class="mention m-place"' in body
    assert '<mark class="evidence"' in body
    assert '<span class="time"' in body
    text = re.sub(r"<[^>]+>", "", body)
    assert text.startswith("Russian President Vladimir Putin met Chinese President Xi Jinping")
    facts = re.findall(r'<li id="(f-[0-9a-f]+)" class="fact">', page)
    assert len(facts) == 4
    for anchor in facts:
        assert f'id="t-{anchor}"' in body      # "show in text" has a target
    assert "Office holding" in page and "Agreement signing" in page


def test_article_graph_download(client):
    resp = client.get("/article/beijing-talks/graph.ttl")
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert "attachment" in resp.headers["Content-Disposition"]
    g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    art = URIRef("https://w3id.org/dipkg/id/article/beijing-talks")
    assert (art, None, None) in g
    assert not any("pyongyang" in str(s) for s in g.subjects())   # only this article's graph
    assert client.get("/article/nope/graph.ttl").status_code == 404
    assert client.get("/article/..%2F..%2Fetc").status_code == 404


def test_article_list(client):
    page = html(client.get("/articles/"))
    assert page.count('href="/article/') == 3
    page = html(client.get("/articles/", query_string={"q": "beijing"}))
    assert page.count('href="/article/') == 1


# ------------------------------------------------------------------- XSS --
def test_xss_article_is_escaped_everywhere(client):
    pages = {url: html(client.get(url)) for url in (
        "/article/xss-test", "/articles/", "/queries/who-met-whom", "/queries/agreements",
        "/id/event/xss-test/1", "/id/event/xss-test/2", "/id/person/eve", "/timeline")}
    for url, page in pages.items():
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert not re.search(r"<[^>]+\sonerror=", page), url
        assert 'href="javascript:' not in page, url
    art = pages["/article/xss-test"]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Summit" in art
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in art
    assert "&lt;img src=x onerror=alert(&#39;agreement&#39;)&gt; accord" in pages["/queries/agreements"]
    assert "&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;" in pages["/id/event/xss-test/1"]


def test_only_http_iris_become_links(app):
    from rdflib import Literal
    from web.views.common import term_view
    from rdflib.namespace import XSD

    with app.test_request_context("/"):
        assert term_view(URIRef("javascript:alert(1)")).href is None
        assert term_view(URIRef("javascript:alert(1)")).external is None
        assert term_view(URIRef("urn:isbn:123")).href is None
        assert term_view(URIRef("https://example.org/x")).href == "/entity?iri=https://example.org/x"
        assert term_view(Literal("javascript:x", datatype=XSD.anyURI)).external is None
        assert term_view(Literal("https://ok.example", datatype=XSD.anyURI)).external == "https://ok.example"


def test_highlight_escapes_and_nests():
    from web.views.articles import Span, highlight

    text = "A <b>x</b> met B."
    out = str(highlight(text, [Span(0, 1, "mention", css="m-person", href="/id/person/a", title="A"),
                               Span(0, 17, "evidence", anchors=["f-1"]),
                               Span(11, 14, "trigger", title="Meeting")]))
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<b>" not in out
    assert out.startswith('<span class="anchor" id="t-f-1"></span><mark class="evidence"')
    assert '<span class="trigger" title="Meeting">met</span>' in out
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">") == text
    # spans outside the text are ignored rather than breaking the page
    assert str(highlight("abc", [Span(2, 10, "mention")])) == "abc"


# ------------------------------------------------------------------ APIs --
def test_entity_typeahead(client):
    data = client.get("/api/entities", query_string={"type": "person", "q": "put"}).get_json()
    assert data[0]["iri"] == PUTIN and data[0]["label"] == "Vladimir Putin"
    assert data[0]["url"] == "/id/person/vladimir-putin"
    data = client.get("/api/entities", query_string={"type": "state", "q": "korea"}).get_json()
    assert [d["label"] for d in data] == ["North Korea"]
    data = client.get("/api/entities", query_string={"type": "person", "q": ""}).get_json()
    assert len(data) == 5
    # the text is a bound literal, not query syntax
    data = client.get("/api/entities", query_string={"q": '") } } SELECT * WHERE { ?s ?p ?o } #'}).get_json()
    assert data == []
    assert client.get("/api/entities", query_string={"type": "planet"}).status_code == 400


def test_timeline_api_and_filters(client):
    data = client.get("/api/timeline").get_json()
    assert len(data["items"]) == 6 and data["undated"] == 1
    transfer = next(i for i in data["items"] if i["kind"] == "ArmsTransfer")
    assert transfer["start"] == "2023-01-01" and transfer["end"] == "2024-01-01"
    by_person = client.get("/api/timeline", query_string={"person": XI}).get_json()["items"]
    assert {i["kind"] for i in by_person} == {"Meeting", "AgreementSigning"}
    by_state = client.get("/api/timeline", query_string={"state": "North Korea"}).get_json()["items"]
    assert {i["kind"] for i in by_state} == {"Meeting", "Visit", "ArmsTransfer"}
    visits = client.get("/api/timeline", query_string={"kind": "Visit"}).get_json()["items"]
    assert [i["url"] for i in visits] == ["/id/event/pyongyang-visit/2"]
    window = client.get("/api/timeline", query_string={"from": "2024-06", "to": "2024"}).get_json()["items"]
    assert {i["date"] for i in window} == {"2024-06-19"}
    assert client.get("/api/timeline", query_string={"kind": "Party"}).status_code == 400
    assert client.get("/api/timeline", query_string={"from": "soon"}).status_code == 400


def test_timeline_page(client):
    page = html(client.get("/timeline", query_string={"kind": "Meeting"}))
    assert "<h1>Timeline of events</h1>" in page
    assert 'data-timeline-src="/api/timeline?kind=Meeting"' in page
    assert page.count("<tr>") == 4
    assert '<option value="Meeting" selected>' in page


def test_network_api(client):
    data = client.get("/api/network").get_json()
    pairs = {(e["fromLabel"], e["toLabel"]): e["value"] for e in data["edges"]}
    assert pairs[("Vladimir Putin", "Xi Jinping")] == 1 and len(pairs) == 3
    putin = next(n for n in data["nodes"] if n["id"] == PUTIN)
    assert putin["meetings"] == 2 and putin["url"] == "/id/person/vladimir-putin"
    states = client.get("/api/network", query_string={"level": "state"}).get_json()
    labels = {frozenset((e["fromLabel"], e["toLabel"])) for e in states["edges"]}
    assert labels == {frozenset(("Russia", "China")), frozenset(("Russia", "North Korea"))}
    around = client.get("/api/network", query_string={"center": XI}).get_json()
    assert {n["label"] for n in around["nodes"]} == {"Vladimir Putin", "Xi Jinping"}
    assert client.get("/api/network", query_string={"level": "galaxy"}).status_code == 400
    assert client.get("/api/network", query_string={"status": "maybe"}).status_code == 400


def test_network_page(client):
    page = html(client.get("/network", query_string={"level": "state"}))
    assert "<h1>Who met whom</h1>" in page and 'data-network-src="/api/network?level=state"' in page
    assert "3 states, 2 pairs" in page


# ---------------------------------------------------------------- editor --
def test_editor_page(client):
    page = html(client.get("/editor"))
    assert 'data-endpoint="/sparql"' in page
    prefixes = json.loads(re.search(r'data-prefixes="([^"]*)"', page).group(1).replace("&#34;", '"'))
    assert prefixes["dkg"] == "https://w3id.org/dipkg/ontology#"
    assert 'src="/vendor/yasgui.min.js"' in page and 'href="/vendor/yasgui.min.css"' in page
    page = html(client.get("/editor", query_string={"saved": "who-met-whom"}))
    assert "SPARQL editor: Who met whom" in page and "dkg:participant ?a, ?b" in page


def test_vocabulary_for_autocompletion(client):
    data = client.get("/api/vocabulary").get_json()
    assert "https://w3id.org/dipkg/ontology#participant" in data["properties"]
    assert "https://w3id.org/dipkg/ontology#Meeting" in data["classes"]


def test_vendor_files_are_allow_listed(client):
    resp = client.get("/vendor/yasgui.min.js")
    if resp.status_code == 404:
        pytest.skip("node_modules/ is not installed (run `npm ci`)")
    assert resp.status_code == 200 and resp.mimetype == "text/javascript"
    for name in ("vis-network.min.js", "vis-timeline-graph2d.min.js", "vis-network.min.css",
                 "vis-timeline-graph2d.min.css", "yasgui.min.css"):
        assert client.get(f"/vendor/{name}").status_code == 200, name
    assert client.get("/vendor/package.json").status_code == 404
    assert client.get("/vendor/..%2Fpackage.json").status_code == 404
    assert client.get("/vendor/../package.json").status_code == 404


def test_npm_dependencies_are_pinned():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pkg = json.loads((root / "package.json").read_text())
    lock = json.loads((root / "package-lock.json").read_text())
    for name, version in pkg["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    from web.views.assets import VENDOR

    assert {v.split("/build/")[0].split("/standalone/")[0].split("/styles/")[0] for v in VENDOR.values()} \
        <= set(pkg["dependencies"])
