"""The Flask app: pages for people, `/sparql` for programs.

`create_app(config)` builds the app around one store (opened lazily, shared by
all requests). Each concern is a blueprint, registered here: one per page
module in `web.views` (home, saved queries, entities, articles, timeline,
network, editor, ingest, vendor files), `web.sparql` (the SPARQL 1.1
endpoint) and `web.api` (saved queries as an HTTP API).
"""
from __future__ import annotations

from typing import Optional

from flask import Flask, g


def create_app(config=None, store=None) -> Flask:
    from kg.config import load_config

    cfg = config or load_config()
    app = Flask(__name__)
    app.config["KG"] = cfg
    app.config["MAX_CONTENT_LENGTH"] = cfg.max_body
    app.extensions["kg_store"] = store

    from . import api, sparql
    from .views import (articles, assets, common, editor, entities, home, ingest, network, queries,
                        timeline)

    for module in (home, queries, entities, articles, timeline, network, editor, ingest, assets):
        app.register_blueprint(module.bp)
    common.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(api.bp)

    @app.after_request
    def security_headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'")
        return resp

    return app


def get_store():
    """The app's store, opened on first use."""
    from flask import current_app

    store = current_app.extensions.get("kg_store")
    if store is None:
        from kg.store import open_store

        store = open_store(current_app.config["KG"])
        current_app.extensions["kg_store"] = store
    return store
