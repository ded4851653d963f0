"""Ingest from the browser: paste or upload an article, see what was extracted.

Off unless the `write_token` setting is set. A request must carry that token
(form field or `Authorization: Bearer` header) and pass the CSRF check: a
random value in a SameSite=Strict cookie that the form echoes back
(double-submit), plus an Origin/Referer that is this app's own.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, current_app, render_template, request, url_for
from werkzeug.utils import secure_filename

from kg.articles import READERS, ArticleError, from_record
from kg.mapping import to_graph

from . import common
from .common import page_blueprint

bp = page_blueprint("ingest", __name__)

CSRF_COOKIE = "kg_csrf"
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")


def _enabled() -> bool:
    return bool(common.cfg().write_token)


def _extractor():
    ext = current_app.config.get("KG_EXTRACTOR")
    if ext is None:
        ext = current_app.extensions.get("kg_extractor")
    if ext is None:
        from kg.extract import get_extractor

        ext = get_extractor("rules", model=common.cfg().model)
        current_app.extensions["kg_extractor"] = ext
    return ext


def _same_origin() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True   # old clients send neither; the cookie check still applies
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _form(status=200, **extra):
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    resp = current_app.make_response((render_template("ingest.html", csrf=token, **extra), status))
    resp.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure,
                    path=url_for("ingest.ingest"))
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/ingest", methods=["GET", "POST"])
def ingest():
    if not _enabled():
        abort(404, description="Ingest from the browser is off: set the write_token setting "
                               "(KG_WRITE_TOKEN or `kg serve --write-token`) to enable it.")
    if request.method == "GET":
        return _form()
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.form.get("csrf", "")
    if not cookie or not hmac.compare_digest(cookie, sent) or not _same_origin():
        return _form(403, error="The form expired or came from another site; please submit it again.")
    token = request.form.get("token", "")
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        token = token or auth[7:]
    if not hmac.compare_digest(token.encode(), common.cfg().write_token.encode()):
        return _form(403, error="Wrong write token.", values=request.form)

    try:
        article = _article_from_request()
    except ArticleError as exc:
        return _form(400, error=str(exc), values=request.form)
    try:
        facts = _extractor()(article)
        graph = to_graph(facts)
        common.store().replace_graphs([graph])
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged for the operator
        current_app.logger.exception("ingest of %s failed", article.id)
        return _form(500, error=f"Extraction failed: {exc}", values=request.form)
    common.clear_cache()
    summary = {"entities": len(facts.entities), "events": len(facts.events),
               "offices": len(facts.offices), "warnings": list(article.warnings) + list(facts.warnings),
               "kinds": sorted({e.kind for e in facts.events})}
    return _form(200, done=True, article_id=article.id, summary=summary,
                 article_url=url_for("articles.article", article_id=article.id))


def _article_from_request():
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name = secure_filename(upload.filename) or "article.txt"
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ArticleError(f"{name}: unsupported file type; use one of {', '.join(UPLOAD_SUFFIXES)}")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            upload.save(path)
            try:
                return READERS[suffix](path)
            except ArticleError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ArticleError(f"{name}: could not be read ({exc})") from None
    text = request.form.get("text", "")
    rec = {"text": text, "title": request.form.get("title", "").strip() or None,
           "published": request.form.get("published", "").strip() or None,
           "url": request.form.get("url", "").strip() or None,
           "id": request.form.get("id", "").strip() or None}
    fallback = "web-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return from_record(rec, "the form", fallback)
