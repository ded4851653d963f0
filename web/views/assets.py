"""Browser libraries installed from npm (package.json, package-lock.json), served from node_modules/.

Only the files named in `VENDOR` are served, at `/vendor/<name>`; nothing is
copied into the repository and nothing is loaded from a CDN. The folder is
`node_modules/` beside the project's package.json, or the app setting
`NODE_MODULES` (e.g. for an installed, non-editable copy of the app).
"""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, send_file

from .common import page_blueprint

bp = page_blueprint("assets", __name__)

VENDOR = {
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "vis-timeline-graph2d.min.js": "vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
    "vis-timeline-graph2d.min.css": "vis-timeline/styles/vis-timeline-graph2d.min.css",
    "vis-network.min.js": "vis-network/standalone/umd/vis-network.min.js",
    "vis-network.min.css": "vis-network/styles/vis-network.min.css",
}
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def node_modules() -> Path:
    return Path(current_app.config.get("NODE_MODULES") or PROJECT_ROOT / "node_modules")


@bp.route("/vendor/<name>")
def vendor(name):
    rel = VENDOR.get(name)
    if rel is None:
        abort(404, description=f"{name} is not one of the served libraries.")
    path = node_modules() / rel
    if not path.is_file():
        abort(404, description=f"{rel} is missing: run `npm ci` in the project folder "
                               "(or `make setup`) to install the browser libraries.")
    mimetype = "text/javascript" if name.endswith(".js") else "text/css"
    return send_file(path, mimetype=mimetype, max_age=3600)
