"""Articles → extraction → named graphs in the store, skipping unchanged ones.

Built for corpora: articles are streamed from the inputs (folders, globs,
JSONL files of many stories) and never all held in memory; extraction runs in
worker processes (at most a few articles per worker are in flight at once);
the main process alone writes to the store.

Batches. Extracted graphs are written to the store in batches (at most
`BATCH_ARTICLES` articles, or what `BATCH_SECONDS` brought), one transaction
per batch, and after each batch the cross-article graphs (graph/reference,
graph/merged) are brought up to date for that batch alone by
kg.mergeindex.update, whose cost follows what the batch's reports can reach,
not the size of the store. Memory is bounded by the batch and the pipeline
window, so archives of any length stream through.

Crash safety. A store write never leaves half a batch
(`LocalStore.replace_graphs` inserts in one transaction). The article's
content hash (dkg:contentHash) is inside its graph, so an article counts as
done exactly when its whole graph is stored. A run killed at any point (even
SIGKILL) can be started again: stored articles are skipped as unchanged, the
others are extracted, and articles stored but not yet merged are found by
comparing the store's content hashes with the merge index, and merged first.
The result equals an uninterrupted run.
"""
from __future__ import annotations

import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .articles import Article, ArticleError, read_articles

# How many articles per worker may wait in the pipeline (bounds memory).
IN_FLIGHT_PER_WORKER = 4
# A batch of graphs is written (and merged) when it holds this many articles, or when its
# first article has waited this long (so that a slow run still shows progress and a kill
# loses little work).
BATCH_ARTICLES = 64
BATCH_SECONDS = 2.0


@dataclass
class IngestSummary:
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    merge: Optional[object] = None      # kg.merge.MergeSummary

    def text(self) -> str:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.facts.items())) or "none"
        rate = f" in {self.seconds:.1f} s ({self.articles / self.seconds:.2f} articles/s)" \
            if self.seconds > 0 and self.articles else ""
        lines = [f"ingested {self.articles} article(s), skipped {self.skipped} unchanged, "
                 f"{self.failed} failed{rate}", f"facts by kind: {kinds}"]
        if self.merge is not None:
            lines.append(self.merge.text())
        lines += [f"  failed: {f}" for f in self.failures]
        return "\n".join(lines)


# ----------------------------------------------------------- the workers --
_RUN = None


def _init_worker(extractor: str, model: str) -> None:
    global _RUN
    from .extract import get_extractor

    _RUN = get_extractor(extractor, model=model)


def _work(article: Article):
    """Extract one article: (id, label for messages, graph or None, fact counts, error)."""
    from .mapping import to_graph

    name = article.source or article.id
    try:
        facts = _RUN(article)
        graph = to_graph(facts)
    except Exception as exc:  # one article's failure must not stop the batch
        return article.id, name, None, None, f"{name}: extraction failed ({type(exc).__name__}: {exc})"
    counts = Counter(e.kind for e in facts.events)
    if facts.offices:
        counts["OfficeHolding"] += len(facts.offices)
    return article.id, name, graph, counts, None


def _pool(workers: int, extractor: str, model: str):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # Not "fork": the parent holds the store (RocksDB threads), and forking a
    # threaded process can deadlock the child.
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(extractor, model))


def default_workers(setting: int = 0) -> int:
    return setting if setting and setting > 0 else (os.cpu_count() or 1)


# ------------------------------------------------------------- the run --
def ingest(store, paths: Iterable[str], *, extractor: str = "rules", model: str = "",
           force: bool = False, workers: int = 0, merge: bool = True,
           echo: Callable[[str], None] = print,
           on_stored: Optional[Callable[[str], None]] = None, batch: int = 0) -> IngestSummary:
    """Ingest every article under `paths` into `store`; see the module docstring.

    `workers` is the number of extraction processes (0: one per CPU; 1: in
    this process). `batch` is the most articles written in one transaction
    (0: BATCH_ARTICLES). `on_stored(article_id)` is called after each
    article's graph is in the store. With `merge`, the reference and merged
    graphs are updated after each batch (kg.mergeindex; a store without a
    merge index, such as a remote one, is rebuilt in full at the end).
    """
    from tqdm import tqdm

    from . import mergeindex

    workers = default_workers(workers)
    batch = batch if batch and batch > 0 else BATCH_ARTICLES
    summary = IngestSummary()
    started = time.monotonic()
    hashes = store.article_hashes()
    known = {} if force else hashes
    seen: dict[str, str] = {}                # article id -> content hash, in this run
    bar = tqdm(desc="ingest", unit="article", disable=None, smoothing=0.1)
    incremental = merge and mergeindex.index_path(store) is not None
    # Articles stored by an earlier run (killed before it merged them) or by another tool.
    unmerged: set[str] = (mergeindex.stale_articles(store, hashes) or set()) if incremental else set()
    pending: list = []                       # (id, name, graph, counts) waiting to be written
    first_at = [0.0]

    def write(items) -> list:
        """Write graphs in one transaction; if the store refuses the batch, one by one."""
        try:
            store.replace_graphs([g for _, _, g, _ in items])
            return items
        except Exception:  # e.g. StoreError for a term the store refuses: find the culprit
            if len(items) == 1:
                raise
        done = []
        for item in items:
            try:
                store.replace_graphs([item[2]])
                done.append(item)
            except Exception as exc:
                summary.failed += 1
                summary.failures.append(f"{item[1]}: not stored ({exc})")
        return done

    def flush() -> None:
        if not pending:
            return
        items = list(pending)
        pending.clear()
        try:
            done = write(items)
        except Exception as exc:
            summary.failed += 1
            summary.failures.append(f"{items[0][1]}: not stored ({exc})")
            done = []
        for art_id, _, _, counts in done:
            summary.articles += 1
            summary.facts.update(counts)
            if on_stored is not None:
                on_stored(art_id)
        if incremental and (done or unmerged):
            summary.merge = mergeindex.update(store, unmerged | {i for i, _, _, _ in done})
            unmerged.clear()

    def stored(result) -> None:
        art_id, name, graph, counts, error = result
        if error is not None:
            summary.failed += 1
            summary.failures.append(error)
        else:
            if not pending:
                first_at[0] = time.monotonic()
            pending.append((art_id, name, graph, counts))
            if len(pending) >= batch or time.monotonic() - first_at[0] >= BATCH_SECONDS:
                flush()
        bar.update(1)

    def todo() -> Iterable[Article]:
        """Articles that need extraction; errors and skips are counted on the way."""
        for item in read_articles(paths):
            if isinstance(item, ArticleError):
                summary.failed += 1
                summary.failures.append(str(item))
                bar.update(1)
                continue
            h = item.content_hash
            if item.id in seen:
                if seen[item.id] != h:
                    summary.failed += 1
                    summary.failures.append(f"{item.source or item.id}: article id {item.id!r} "
                                            "is used by another article in this run; skipped")
                else:
                    summary.skipped += 1
                bar.update(1)
                continue
            seen[item.id] = h
            if known.get(item.id) == h:
                summary.skipped += 1
                bar.update(1)
                continue
            yield item

    try:
        if workers <= 1:
            run_inline(todo(), extractor, model, stored)
        else:
            run_pooled(todo(), extractor, model, workers, stored, summary)
        flush()
    finally:
        bar.close()

    from .validate import load_ontology_graph

    store.load_ontology(load_ontology_graph())
    if incremental:
        summary.merge = mergeindex.update(store, unmerged)      # also when nothing changed
    elif merge:
        from .merge import rebuild

        summary.merge = rebuild(store)
    summary.seconds = time.monotonic() - started
    return summary


def run_inline(articles: Iterable[Article], extractor: str, model: str, stored) -> None:
    global _RUN
    first = True
    for article in articles:
        if first:
            _init_worker(extractor, model)
            first = False
        stored(_work(article))


def run_pooled(articles: Iterable[Article], extractor: str, model: str, workers: int,
               stored, summary: IngestSummary) -> None:
    from concurrent.futures.process import BrokenProcessPool

    window = workers * IN_FLIGHT_PER_WORKER
    pool = None
    inflight: deque = deque()

    def drain_one() -> None:
        nonlocal pool
        article, fut = inflight.popleft()
        try:
            result = fut.result()
        except BrokenProcessPool:
            result = (article.id, article.source or article.id, None, None,
                      f"{article.source or article.id}: the worker process died while extracting it")
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
        except Exception as exc:
            result = (article.id, article.source or article.id, None, None,
                      f"{article.source or article.id}: extraction failed ({exc})")
        stored(result)

    try:
        for article in articles:
            if pool is None:
                pool = _pool(workers, extractor, model)
            try:
                inflight.append((article, pool.submit(_work, article)))
            except BrokenProcessPool:
                pool = _pool(workers, extractor, model)
                inflight.append((article, pool.submit(_work, article)))
            while len(inflight) >= window:
                drain_one()
        while inflight:
            drain_one()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
