"""Event pages (a merged event with its reports, or one report), entity pages' event rows,
and the timeline's opening window and undated list, through Flask's test client.

The store is real (Oxigraph) and merged by kg.merge as `kg ingest` leaves it:
the web test articles plus "pyongyang-plans", which reports the Pyongyang
meeting and visit in advance as planned (tests/conftest.py:
make_report_facts).
"""
from __future__ import annotations

import re

from rdflib import Graph, URIRef

from kg.namespaces import DKG

MEETING = "/id/event/merged/meeting/2024-06-19/kim-jong-un--vladimir-putin"
VISIT = "/id/event/merged/visit/2024-06-19/kim-jong-un--vladimir-putin"


def html(resp) -> str:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    return resp.get_data(as_text=True)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def section(page: str, ident: str) -> str:
    found = re.search(rf'<(ol|ul|dl|table|section)[^>]*id="{ident}".*?</\1>', page, re.S)
    assert found, f"no #{ident} on the page"
    return found.group(0)


# ----------------------------------------------------------- merged event --
def test_merged_event_shows_the_event_then_every_report(merged_client):
    page = html(merged_client.get(MEETING))
    assert "<title>Meeting: Kim Jong Un, Vladimir Putin (2024-06-19) · Meeting — Diplomatic KG</title>" in page
    assert "one event, reported by 2 articles" in page
    facts = text_of(section(page, "event-facts"))
    assert "When 2024-06-19 (precise to the day)" in facts
    assert "Where Pyongyang (in North Korea )" in facts
    assert "Status occurred — the latest report's" in facts
    assert "Kim Jong" in facts and "Vladimir Putin" in facts and "Sources 2 articles" in facts
    dl = section(page, "event-facts")
    assert 'href="/id/person/vladimir-putin"' in dl and 'href="/id/place/pyongyang"' in dl

    reports = re.findall(r'<li class="report">(.*?)</li>\s*(?=<li class="report">|</ol>)', page, re.S)
    assert len(reports) == 2
    plans, visit = reports               # in order of publication
    assert "Kremlin says Putin will meet Kim in Pyongyang this week" in plans
    assert "published <time>2024-06-17</time>" in plans
    assert 'class="status status-planned">planned<' in plans
    assert "2024-W25" in plans and "“this week”" in plans
    assert 'href="/id/org/kremlin"' in plans                          # whom the article credits
    assert "<blockquote>Vladimir Putin will meet Kim Jong-un in Pyongyang this week, the Kremlin said.</blockquote>" in plans
    assert re.search(r'href="/article/pyongyang-plans#t-f-[0-9a-f]{12}">see this sentence in the article', plans)
    assert "Kim Jong-un hosts Putin in Pyongyang" in visit and 'status-occurred">occurred<' in visit
    assert "the article itself" in visit                               # no attribution recorded


def test_disagreements_are_said_in_words(merged_client):
    page = html(merged_client.get(MEETING))
    lines = [text_of(li) for li in re.findall(r"<li data-topic=[^>]*>(.*?)</li>", section(page, "disagreements"), re.S)]
    assert lines == [
        "1 report says it occurred, on 2024-06-19: Kim Jong-un hosts Putin in Pyongyang .",
        "1 report says it was planned, in 2024-W25: Kremlin says Putin will meet Kim in Pyongyang this week .",
    ]
    visit = html(merged_client.get(VISIT))
    assert "1 report says it was planned, with no date" in text_of(visit)


def test_reports_that_agree_say_so(merged_client, merged_web_store):
    # A merged event with one report has nothing to compare; the page says who reported it.
    page = html(merged_client.get("/id/event/merged/meeting/2024-05-16/vladimir-putin--xi-jinping"))
    assert "Do the reports agree?" not in page
    assert "one event, reported by 1 article" in page
    assert "<h2 id=\"reports-h\">Source</h2>" in page


def test_a_report_has_the_same_view_and_links_to_its_event(merged_client):
    page = html(merged_client.get("/id/event/pyongyang-plans/1"))
    assert "one article's report" in page
    part = section(page, "event-facts")
    assert "2024-W25" in text_of(part) and "planned" in part
    link = re.search(r'<p class="part-of" id="part-of">(.*?)</p>', page, re.S).group(1)
    assert f'href="{MEETING}"' in link and "(2 reports)" in link
    assert len(re.findall(r'<li class="report">', page)) == 1


def test_event_pages_negotiate_rdf(merged_client):
    resp = merged_client.get(MEETING, headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    node = URIRef("https://w3id.org/dipkg" + MEETING)
    assert len(set(g.objects(node, DKG.hasReport))) == 2
    resp = merged_client.get(MEETING, query_string={"format": "jsonld"})
    assert resp.mimetype == "application/ld+json"
    assert resp.headers["Vary"] == "Accept"


def test_event_page_escapes_what_it_shows(merged_client):
    page = html(merged_client.get("/id/event/merged/meeting/2024-03-01/eve--mallory"))
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(&#39;text&#39;)&gt;" in page
    assert "&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;" in page
    assert not re.search(r"<[^>]*\son[a-z]+=", page)


# ---------------------------------------------------------- entity pages --
def test_person_page_lists_each_real_event_once(merged_client):
    page = html(merged_client.get("/id/person/kim-jong-un"))
    table = section(page, "events")
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 2                        # the meeting and the visit, each from 2 articles
    meeting = next(r for r in rows if "Meeting" in r)
    assert f'href="{MEETING}"' in meeting and "2024-06-19" in meeting
    assert '<span class="source-count">2 sources</span>' in meeting
    assert 'href="/article/pyongyang-plans#f-' in meeting and 'href="/article/pyongyang-visit#f-' in meeting
    assert "status-occurred" in meeting          # the latest report's status


# -------------------------------------------------------------- timeline --
def test_timeline_has_one_item_per_event_and_opens_where_they_are(merged_client):
    data = merged_client.get("/api/timeline").get_json()
    assert len(data["items"]) == 7 and data["undated"] == 1
    meeting = next(i for i in data["items"] if i["url"] == MEETING)
    assert meeting["sources"] == 2 and meeting["status"] == "occurred" and meeting["kind"] == "Meeting"
    assert {i["date"] for i in data["items"]} >= {"2000", "2023", "2024-06-19"}
    # the 2000 visit would stretch the axis over 24 years; it opens on 2023-2024
    assert data["window"] == {"start": "2023-01-01", "end": "2024-06-19", "shown": 6, "total": 7,
                              "first": "2000-01-01", "last": "2024-06-19"}
    assert [i["label"] for i in data["undatedItems"]] == ["Agreement signing: Eve, Mallory"]


def test_timeline_page_lists_undated_events_with_the_same_filters(merged_client):
    page = html(merged_client.get("/timeline"))
    assert 'data-window-start="2023-01-01" data-window-end="2024-06-19"' in page
    assert "which holds 6 of the 7 dated events" in page
    assert 'id="timeline-all"' in page
    undated = section(page, "undated-table")
    assert "Agreement signing: Eve, Mallory" in undated
    eve = html(merged_client.get("/timeline", query_string={"person": "Eve"}))
    assert "Agreement signing: Eve, Mallory" in section(eve, "undated-table")
    meetings = html(merged_client.get("/timeline", query_string={"kind": "Meeting"}))
    assert 'id="undated-table"' not in meetings and "Every event that matches the filters has a date." in meetings
    planned = merged_client.get("/api/timeline", query_string={"status": "planned"}).get_json()
    assert planned["items"] == [] and planned["undated"] == 0      # merged events carry the latest status
    assert merged_client.get("/api/timeline", query_string={"status": "maybe"}).status_code == 400


def test_default_window_ignores_far_outliers_only():
    from web.views.timeline import default_window

    def items(*days):
        return [{"start": d} for d in days]

    assert default_window([]) is None
    close = default_window(items("2023-01-01", "2024-03-01", "2024-05-16", "2024-06-19"))
    assert (close["start"], close["end"], close["shown"]) == ("2023-01-01", "2024-06-19", 4)
    many = items(*[f"20{y:02d}-0{m}-01" for y in range(15, 25) for m in range(1, 10)], "1860-01-01", "2050-01-01")
    w = default_window(many)
    assert w["start"] >= "2015" and w["end"] <= "2024-12-31" and w["first"] == "1860-01-01"
    assert w["shown"] == w["total"] - 2 or w["shown"] >= 0.9 * w["total"]


def test_event_and_timeline_pages_run_no_inline_script(merged_client):
    for url in (MEETING, "/id/event/pyongyang-plans/1", "/timeline"):
        resp = merged_client.get(url)
        page = html(resp)
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        scripts = re.findall(r"<script\b([^>]*)>", page)
        assert scripts and all("src=" in attrs for attrs in scripts), url
        assert not re.search(r"<[^>]*\son[a-z]+=", page), url
