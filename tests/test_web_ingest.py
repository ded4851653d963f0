"""Ingest from the browser: off by default, behind the write token and a CSRF check."""
from __future__ import annotations

import io
import re

import pytest

from conftest import build_web_store, make_web_app


def fake_extractor(article):
    """A stand-in for the spaCy extractor: two known names and a meeting between them."""
    from kg.facts import ArticleFacts, Entity, Event, Evidence, Mention

    facts = ArticleFacts(article=article, extractor="fake test extractor")
    found = []
    for key, name in (("person/emmanuel-macron", "Emmanuel Macron"), ("person/olaf-scholz", "Olaf Scholz")):
        at = article.text.find(name)
        if at >= 0:
            facts.entities[key] = Entity(key, "Person", name, [name], [Mention(at, at + len(name), name)])
            found.append(key)
    if len(found) == 2:
        end = article.text.find(".") + 1 or len(article.text)
        ev = Event("Meeting", evidence=Evidence(0, end, article.text[:end], 0, 0, end, 0.6))
        for key in found:
            ev.add("participant", key)
        facts.events.append(ev)
    return facts


@pytest.fixture
def writable(tmp_path):
    store = build_web_store(tmp_path / "store")
    app = make_web_app(store, write_token="s3cret")
    app.config["KG_EXTRACTOR"] = fake_extractor
    return app


def form_token(client) -> str:
    page = client.get("/ingest").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


TEXT = "Emmanuel Macron met Olaf Scholz in Paris on Monday. They talked about <script>alert(1)</script>."


def test_ingest_is_off_without_a_write_token(client):
    assert client.get("/ingest").status_code == 404
    assert client.post("/ingest", data={"text": TEXT}).status_code == 404
    assert "Add article" not in client.get("/").get_data(as_text=True)


def test_form_sets_a_strict_csrf_cookie(writable):
    client = writable.test_client()
    resp = client.get("/ingest")
    assert resp.status_code == 200
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("kg_csrf=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Add article" in client.get("/").get_data(as_text=True)


def test_post_needs_csrf_token_and_write_token(writable):
    client = writable.test_client()
    csrf = form_token(client)
    resp = client.post("/ingest", data={"text": TEXT, "token": "s3cret"})
    assert resp.status_code == 403 and "form expired" in resp.get_data(as_text=True)
    resp = client.post("/ingest", data={"text": TEXT, "token": "s3cret", "csrf": csrf},
                       headers={"Origin": "https://evil.example"})
    assert resp.status_code == 403
    resp = client.post("/ingest", data={"text": TEXT, "token": "wrong", "csrf": csrf})
    assert resp.status_code == 403 and "Wrong write token" in resp.get_data(as_text=True)
    other = writable.test_client()            # a cookie-less client cannot reuse the token
    assert other.post("/ingest", data={"text": TEXT, "token": "s3cret", "csrf": csrf}).status_code == 403
    assert client.get("/articles/").get_data(as_text=True).count('href="/article/') == 3


def test_pasted_article_is_extracted_and_shown(writable):
    client = writable.test_client()
    csrf = form_token(client)
    resp = client.post("/ingest", data={"text": TEXT, "title": "Macron meets Scholz", "published": "2024-02-05",
                                        "url": "https://news.example.org/paris", "token": "s3cret",
                                        "csrf": csrf, "id": "paris-talks"},
                       headers={"Origin": "http://localhost"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200, page
    assert 'id="ingest-done"' in page and "2 entities, 1 events (Meeting)" in page
    assert 'href="/article/paris-talks"' in page
    art = client.get("/article/paris-talks").get_data(as_text=True)
    assert '<h1 id="article-title">Macron meets Scholz</h1>' in art
    assert 'class="mention m-person"' in art and '<mark class="evidence"' in art
    assert "<script>alert(1)</script>" not in art and "&lt;script&gt;alert(1)&lt;/script&gt;" in art
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'id="count-articles">4<', home)       # the counts are not stale
    meetings = client.get("/queries/who-met-whom").get_data(as_text=True)
    assert "Emmanuel Macron" in meetings and "Olaf Scholz" in meetings


def test_uploaded_file_is_extracted(writable):
    client = writable.test_client()
    csrf = form_token(client)
    data = {"token": "s3cret", "csrf": csrf,
            "file": (io.BytesIO(("Scholz in Berlin\nPublished 2024-03-01\n\n" + TEXT).encode()), "berlin.txt")}
    resp = client.post("/ingest", data=data, content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert 'href="/article/berlin"' in resp.get_data(as_text=True)
    data = {"token": "s3cret", "csrf": csrf, "file": (io.BytesIO(b"MZ"), "tool.exe")}
    resp = client.post("/ingest", data=data, content_type="multipart/form-data")
    assert resp.status_code == 400 and "unsupported file type" in resp.get_data(as_text=True)


def test_empty_article_is_refused(writable):
    client = writable.test_client()
    resp = client.post("/ingest", data={"text": "  ", "token": "s3cret", "csrf": form_token(client)})
    assert resp.status_code == 400 and "missing or empty" in resp.get_data(as_text=True)
