"""Pages for people: one blueprint (`pages.bp`) whose routes live in several modules.

`pages` (home, saved queries, type-ahead), `entities` (entity pages with
content negotiation), `articles` (article text with highlighted evidence),
`explore` (timeline and network), `editor` (YASGUI), `ingest` (upload from the
browser, off unless a write token is set) and `assets` (npm libraries served
from node_modules/ through an allow-list). Shared helpers are in `common`.
"""
