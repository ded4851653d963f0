"""Pages for people: one module and one blueprint per page, registered by `web.create_app`.

`home` (counts, saved queries), `queries` (saved-query pages), `entities`
(entity pages with content negotiation, type-ahead), `events` (the view of an
event: a merged event with all its reports, or one report), `articles`
(article text with highlighted evidence), `timeline`, `network`, `editor`
(YASGUI), `ingest` (upload from the browser, off unless a write token is set)
and `assets` (npm libraries served from node_modules/ through an allow-list).
Shared helpers are in `common`, the timeline's and network's filters in
`filters`.
"""
