"""The `kg` command line: extract, ingest, export, query, serve, validate.

Imports of heavy libraries (spaCy above all) stay inside the commands that
need them, so `kg query` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


class KgError(click.ClickException):
    """A user mistake or an unusable input: printed as one line, no traceback."""


def _config(ctx: click.Context):
    from .config import ConfigError, load_config

    try:
        return load_config(ctx.obj or {})
    except ConfigError as exc:
        raise KgError(str(exc)) from None


def _open_store(cfg):
    from .store import StoreError, open_store

    try:
        return open_store(cfg)
    except StoreError as exc:
        raise KgError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", metavar="PATH|URL", help="Store folder or SPARQL endpoint URL (default ./kg-data).")
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """Knowledge graph of diplomatic news: who met whom, where and when."""
    ctx.obj = {"store": store}


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False),
              help="Folder for one <id>.ttl (or .nq) per article.")
@click.option("--extractor", default="rules", show_default=True, help="Registered extractor name.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "nq"]), default="turtle", show_default=True,
              help="turtle: <id>.ttl; nq: <id>.nq, N-Quads that keep the article's graph name.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: a Dask cluster (see --scheduler).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Dask scheduler to send the work to (--engine dask); without it a local "
                   "Dask cluster of --workers processes is started for the run.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Local extraction processes (default: the `workers` setting; 0 = one per CPU).")
@click.option("--batch-size", type=click.IntRange(min=1, max=1000), default=16, show_default=True,
              help="Articles parsed together by spaCy's nlp.pipe (and sent to a worker as one task).")
@click.pass_context
def extract(ctx, files, outdir, extractor, fmt, engine, scheduler, workers, batch_size):
    """Extract facts from articles and write one RDF file per article.

    FILES are .txt, .html, .json or .jsonl articles, folders or glob patterns.
    A bad article is reported by name and skipped; the exit status is 1 if any failed.
    `kg load OUT` puts the files into the store; `kg push OUT --endpoint URL`
    into a remote SPARQL store.
    """
    from .articles import ArticleError, read_articles
    from .batch import FORMATS, extract_local
    from .extract import ExtractorError
    from .ingest import default_workers

    cfg = _config(ctx)
    if scheduler and engine != "dask":
        raise KgError("--scheduler needs --engine dask")
    from .extract import EXTRACTORS, _load_builtin

    _load_builtin()
    if extractor not in EXTRACTORS:      # checked here; the model loads in the workers
        raise KgError(f"no extractor named {extractor!r}; known: {', '.join(sorted(EXTRACTORS))}")
    workers = default_workers(cfg.workers if workers is None else workers)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    failed = written = 0

    def articles():
        nonlocal failed
        for item in read_articles(files):
            if isinstance(item, ArticleError):
                failed += 1
                click.echo(f"error: {item}", err=True)
                continue
            for w in item.warnings:
                click.echo(f"warning: {w}", err=True)
            yield item

    if engine == "dask":
        from .distributed import EngineError, extract_dask

        results = extract_dask(articles(), scheduler=scheduler, extractor=extractor, model=cfg.model,
                               fmt=fmt, workers=workers, batch_size=batch_size)
    else:
        results = extract_local(articles(), extractor=extractor, model=cfg.model, fmt=fmt,
                                workers=workers, batch_size=batch_size)
    suffix = FORMATS[fmt][1]
    try:
        for res in results:
            if res.error is not None:     # one article's failure must not stop the batch
                failed += 1
                click.echo(f"error: {res.error}", err=True)
                continue
            (out / f"{res.id}{suffix}").write_bytes(res.data)
            written += 1
    except Exception as exc:
        if engine == "dask" and isinstance(exc, EngineError):
            raise KgError(str(exc)) from None
        if isinstance(exc, ExtractorError):
            raise KgError(str(exc)) from None
        raise
    click.echo(f"{written} article(s) written to {out}" + (f", {failed} failed" if failed else ""), err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--no-merge", is_flag=True, help="Skip rebuilding graph/reference and graph/merged.")
@click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True, help="Graphs per write.")
@click.pass_context
def load(ctx, files, no_merge, batch):
    """Put per-article RDF files from `kg extract` into the store (local folder or --store URL).

    FILES are .ttl/.nt files (one article each) or .nq/.trig files, or folders
    of them. Each graph replaces the stored graph of the same name; then the
    cross-article graphs are rebuilt, as after `kg ingest`. A bad file is
    reported by name and skipped; the exit status is 1 if any failed.
    """
    from .batch import load_files
    from .store import StoreError

    store = _open_store(_config(ctx))
    try:
        summary = load_files(store, files, merge=not no_merge, batch=batch,
                             echo=lambda m: click.echo(m, err=True))
    except StoreError as exc:
        raise KgError(str(exc)) from None
    click.echo(summary.text(), err=True)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--extractor", default="rules", show_default=True, help="Registered extractor name.")
@click.option("--force", is_flag=True, help="Re-extract articles even when unchanged.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extraction processes (default: the `workers` setting; 0 = one per CPU).")
@click.option("--no-merge", is_flag=True, help="Skip rebuilding graph/reference and graph/merged.")
@click.option("-v", "--verbose", is_flag=True, help="Print a line for each article stored.")
@click.pass_context
def ingest(ctx, paths, extractor, force, workers, no_merge, verbose):
    """Add articles to the store (re-ingesting an article replaces its graph).

    PATHS are files, folders, glob patterns or JSONL files with many stories.
    Unchanged articles are skipped, so an interrupted run can simply be run again.
    Afterwards the cross-article graphs are rebuilt (see docs/identity.md).
    """
    from .ingest import ingest as run_ingest
    from .store import StoreError

    cfg = _config(ctx)
    store = _open_store(cfg)
    try:
        summary = run_ingest(store, paths, extractor=extractor, model=cfg.model, force=force,
                             workers=cfg.workers if workers is None else workers,
                             merge=not no_merge, echo=lambda m: click.echo(m, err=True),
                             on_stored=(lambda i: click.echo(f"stored {i}", err=True)) if verbose else None)
    except StoreError as exc:
        raise KgError(str(exc)) from None
    click.echo(summary.text(), err=True)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.pass_context
def merge(ctx):
    """Rebuild the cross-article graphs: graph/reference (office terms) and graph/merged (events).

    `kg ingest` does this at the end of every run; see docs/identity.md.
    """
    from .merge import rebuild
    from .store import StoreError

    store = _open_store(_config(ctx))
    try:
        click.echo(rebuild(store).text(), err=True)
    except StoreError as exc:
        raise KgError(str(exc)) from None


@main.command()
@click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
              metavar="URL", help="SPARQL endpoint with Wikidata's data model.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="JSON file of answers already fetched (default: beside the store).")
@click.option("--batch", type=click.IntRange(min=1, max=500), default=50, show_default=True,
              help="Names per request.")
@click.option("--only", type=click.Choice(["person", "place"]), help="Link only this kind.")
@click.option("--dry-run", is_flag=True, help="Show what would be linked; write nothing.")
@click.pass_context
def link(ctx, endpoint, cache_path, batch, only, dry_run):
    """Look up unlinked persons and places on Wikidata and record confident QIDs (graph/links).

    Only a candidate confirmed by citizenship, position or country is linked;
    the evidence is stored with the link. See docs/identity.md.
    """
    from .link import LinkError, link as run_link
    from .store import StoreError

    cfg = _config(ctx)
    if cache_path is None:
        cache_path = ("kg-link-cache.json" if cfg.store_is_remote
                      else str(Path(cfg.store).resolve().parent / (Path(cfg.store).name + ".link-cache.json")))
    store = _open_store(cfg)
    try:
        summary = run_link(store, endpoint, cache_path=Path(cache_path), batch=batch,
                           kinds=(only,) if only else ("person", "place"), dry_run=dry_run)
    except (LinkError, StoreError) as exc:
        raise KgError(str(exc)) from None
    click.echo(summary.text())


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nq", "jsonld", "xml"]),
              default="trig", show_default=True,
              help="trig/nq/jsonld keep one named graph per article; turtle/nt/xml merge them.")
@click.option("--graph", metavar="IRI", help="Export only this named graph.")
@click.pass_context
def export(ctx, output, fmt, graph):
    """Write the whole graph (or one article's graph) as RDF."""
    from .store import StoreError

    store = _open_store(_config(ctx))
    try:
        data = store.export(fmt, graph=graph)
    except StoreError as exc:
        raise KgError(str(exc)) from None
    if output:
        Path(output).write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


def _exit_after(seconds: float) -> None:
    """End the process once `seconds` have passed (engines release the GIL, so this fires)."""
    import os
    import threading

    def stop():
        click.echo(f"Error: query stopped after {seconds:g} s (setting query_timeout)", err=True)
        sys.stderr.flush()
        os._exit(3)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()


@main.command()
@click.argument("files", nargs=-1)
@click.option("--endpoint", metavar="URL", required=True,
              help="SPARQL endpoint to copy to (its query URL, or one URL for both).")
@click.option("--update-endpoint", metavar="URL", help="Its SPARQL Update URL, when it differs.")
@click.option("--graph-store", metavar="URL",
              help="Send the triples by Graph Store Protocol PUT to this URL (faster for big "
                   "graphs; updates still keep the default graph).")
@click.option("--batch", type=int, default=200, show_default=True, help="Graphs per write.")
@click.option("--no-merge", is_flag=True, help="With FILES: skip rebuilding the remote cross-article graphs.")
@click.pass_context
def push(ctx, files, endpoint, update_endpoint, graph_store, batch, no_merge):
    """Copy the local store to a remote SPARQL store, named graphs preserved.

    Each graph replaces the remote graph of the same name; other remote graphs stay.
    With FILES (per-article RDF files or folders from `kg extract`), those are
    sent instead of the local store, and the remote store's ontology and
    cross-article graphs are brought up to date, as `kg load` does locally.
    """
    from rdflib import Graph, URIRef

    from .remote import RemoteStore
    from .store import StoreError

    if files:
        from .batch import load_files

        remote = RemoteStore(endpoint, update_endpoint=update_endpoint, graph_store=graph_store)
        try:
            summary = load_files(remote, files, merge=not no_merge, batch=max(batch, 1),
                                 echo=lambda m: click.echo(m, err=True))
        except StoreError as exc:
            raise KgError(str(exc)) from None
        click.echo(summary.text().replace("loaded", "pushed", 1) + f" to {endpoint}", err=True)
        if summary.failed:
            sys.exit(1)
        return
    cfg = _config(ctx)
    if cfg.store_is_remote:
        raise KgError("push copies a local store: give --store a folder, not a URL")
    store = _open_store(cfg)
    remote = RemoteStore(endpoint, update_endpoint=update_endpoint, graph_store=graph_store)
    names = store.graph_names()
    triples = 0
    try:
        for start in range(0, len(names), max(batch, 1)):
            graphs = []
            for name in names[start:start + max(batch, 1)]:
                g = Graph(identifier=URIRef(name))
                g.parse(data=store.export("nt", graph=name), format="nt")
                graphs.append(g)
                triples += len(g)
            remote.replace_graphs(graphs)
            click.echo(f"pushed {min(start + batch, len(names))}/{len(names)} graphs", err=True)
    except StoreError as exc:
        raise KgError(str(exc)) from None
    click.echo(f"pushed {len(names)} graph(s), {triples} triple(s) to {endpoint}", err=True)


def _parse_params(pairs) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise KgError(f"--param {pair!r}: expected NAME=VALUE")
        values[key.strip()] = value
    return values


class SavedQueryCommand(click.Command):
    """`kg query --help` ends with every saved query and its parameters, read from queries/,
    so that the help never goes stale when a query is added."""

    def format_epilog(self, ctx, formatter):
        super().format_epilog(ctx, formatter)
        from .queries import PARAM_TYPES, QueryError, all_queries

        try:
            queries = all_queries()
        except QueryError as exc:
            formatter.write_paragraph()
            formatter.write_text(f"(the saved queries could not be read: {exc})")
            return
        with formatter.section("Saved queries (NAME) and their parameters (--param NAME=VALUE)"):
            for q in queries.values():
                formatter.write_text(f"{q.name}: {q.title}")
                with formatter.indentation():
                    rows = [(f"{p.name} ({p.type}{', required' if p.required else ''})",
                             p.description or PARAM_TYPES[p.type][0]) for p in q.params]
                    if rows:
                        formatter.write_dl(rows)
                    else:
                        formatter.write_text("no parameters")


@main.command(cls=SavedQueryCommand)
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Query these RDF files (merged with the ontology) with rdflib instead of the store.")
@click.option("--endpoint", metavar="URL", help="Run the query on this remote SPARQL endpoint.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]),
              default="table", show_default=True)
@click.pass_context
def query(ctx, name, params, data_files, endpoint, fmt):
    """Run the saved query NAME (listed below), or a query file NAME.rq with the same header.

    The table format shortens IRIs with the prefixes it lists under the table
    and wraps long values; it never cuts them. The query is stopped after the
    `query_timeout` setting (the process exits with status 3): neither engine
    can interrupt a running query otherwise.
    """
    from . import results
    from .queries import QueryError, get_query, parse
    from .runner import run_saved
    from .store import StoreError

    cfg = _config(ctx)
    _exit_after(cfg.query_timeout)
    try:
        if name.endswith(".rq"):
            if not Path(name).is_file():
                raise KgError(f"{name}: no such query file")
            saved = parse(Path(name).read_text(encoding="utf-8"), Path(name).stem, Path(name))
        else:
            saved = get_query(name)
        values = _parse_params(params)
        res = run_saved(saved, values, cfg, data_files=list(data_files), endpoint=endpoint)
    except (QueryError, StoreError) as exc:
        raise KgError(str(exc)) from None

    writer = {"table": results.to_table, "json": results.to_json, "csv": results.to_csv,
              "tsv": results.to_tsv, "xml": results.to_xml}[fmt]
    click.echo(writer(res).rstrip("\n"))


@main.command(name="queries")
def list_queries():
    """List the saved queries and their parameters."""
    from .queries import all_queries

    for q in all_queries().values():
        params = " ".join(f"{p.name}:{p.type}" for p in q.params)
        click.echo(f"{q.name:16} {q.title}" + (f"  [{params}]" if params else ""))


@main.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default 5000).")
@click.option("--write-token", help="Enable writes for requests bearing this token.")
@click.option("--threads", type=click.IntRange(1, 256), default=32, show_default=True,
              help="Server threads (requests handled at once; queries wait in worker processes).")
@click.pass_context
def serve(ctx, host, port, write_token, threads):
    """Serve the web UI and the SPARQL endpoint (waitress)."""
    from waitress import serve as waitress_serve

    from web import create_app
    from web.sparql import warm_query_pool

    overrides = dict(ctx.obj or {}, host=host, port=port, write_token=write_token)
    from .config import load_config

    cfg = load_config(overrides)
    app = create_app(cfg)
    click.echo(f"serving http://{cfg.host}:{cfg.port}/ (store: {cfg.store})", err=True)
    warm_query_pool(app)
    waitress_serve(app, host=cfg.host, port=cfg.port, threads=threads, ident="kg")


@main.command()
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also check these RDF files against the SHACL shapes and the ontology.")
def validate(data_files):
    """Check the ontology with HermiT (and data files with SHACL)."""
    from rdflib import Dataset, Graph

    from .validate import check_consistency, validate_shapes

    ok = True
    extra = None
    if data_files:
        extra = Graph()
        for f in data_files:
            try:
                ds = Dataset()
                ds.parse(f)
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    extra.add((s, p, o))
            except Exception as exc:
                raise KgError(f"{f}: cannot be parsed as RDF ({exc})") from None
    try:
        report = check_consistency(extra)
    except RuntimeError as exc:
        raise KgError(str(exc)) from None
    click.echo(f"ontology{' + data' if extra is not None else ''}: "
               f"{'consistent' if report.consistent else 'INCONSISTENT'} ({report.reasoner})")
    if not report.consistent:
        ok = False
        click.echo(report.message, err=True)
    if extra is not None:
        shapes = validate_shapes(extra)
        click.echo(f"SHACL shapes: {'conform' if shapes.conforms else 'do NOT conform'}")
        if not shapes.conforms:
            ok = False
            click.echo(shapes.text, err=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
