"""The home page: what the graph holds (counts by kind) and the saved queries."""
from __future__ import annotations

from flask import render_template

from kg.queries import all_queries

from .common import graph_stats, kind_name, page_blueprint

bp = page_blueprint("home", __name__)


@bp.route("/")
def home():
    stats = graph_stats()
    events = sorted(((kind_name(k), n, k) for k, n in stats.get("events", {}).items()),
                    key=lambda t: (-t[1], t[0]))
    return render_template("home.html", stats=stats, events=events, queries=all_queries())
