"""Articles → extraction → named graphs in the store, skipping unchanged ones."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .articles import Article, ArticleError, read_articles

BATCH = 50


@dataclass
class IngestSummary:
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def text(self) -> str:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.facts.items())) or "none"
        lines = [f"ingested {self.articles} article(s), skipped {self.skipped} unchanged, "
                 f"{self.failed} failed", f"facts by kind: {kinds}"]
        lines += [f"  failed: {f}" for f in self.failures]
        return "\n".join(lines)


def ingest(store, paths: Iterable[str], *, extractor: str = "rules", model: str = "",
           force: bool = False, echo: Callable[[str], None] = print) -> IngestSummary:
    from tqdm import tqdm

    from .extract import get_extractor
    from .mapping import to_graph
    from .validate import load_ontology_graph

    summary = IngestSummary()
    known = {} if force else store.article_hashes()
    run = None
    pending = []

    def flush():
        if pending:
            store.replace_graphs(pending)
            pending.clear()

    items = list(read_articles(paths))
    for item in tqdm(items, desc="ingest", unit="article", disable=None):
        if isinstance(item, ArticleError):
            summary.failed += 1
            summary.failures.append(str(item))
            continue
        if known.get(item.id) == item.content_hash:
            summary.skipped += 1
            continue
        if run is None:
            run = get_extractor(extractor, model=model)
        try:
            facts = run(item)
            pending.append(to_graph(facts))
        except Exception as exc:  # one article's failure must not stop the batch
            summary.failed += 1
            summary.failures.append(f"{item.source or item.id}: extraction failed ({exc})")
            continue
        summary.articles += 1
        for e in facts.events:
            summary.facts[e.kind] += 1
        summary.facts["OfficeHolding"] += len(facts.offices)
        if len(pending) >= BATCH:
            flush()
    flush()
    store.load_ontology(load_ontology_graph())
    return summary
