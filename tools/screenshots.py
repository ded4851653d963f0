#!/usr/bin/env python3
"""Screenshots of the main pages of a running `kg serve`, for the README.

    make run &                       # the demo on http://127.0.0.1:5000
    .venv/bin/python tools/screenshots.py http://127.0.0.1:5000 docs/screenshots

Uses Debian's Chromium through playwright (never `playwright install`).
"""
from __future__ import annotations

import sys
from pathlib import Path

PAGES = {
    "home": "/",
    "who-met-whom": "/queries/who-met-whom",
    "article": "/article/oslo-santiago-talks",
    "person": "/id/person/ingrid-halvorsen",
    "timeline": "/timeline",
    "network": "/network",
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        for name, path in PAGES.items():
            page.goto(base.rstrip("/") + path)
            page.wait_for_timeout(1500)          # let the timeline and network draw
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], Path(sys.argv[2]))
