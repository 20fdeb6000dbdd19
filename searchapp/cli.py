"""The `searchapp` command: build, update, rollback, serve, search, export, clean."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import click

from .ingest import reader
from .ingest.collection import CollectionState, NoCollectionState, UpdateCounts, build_collection, update_collection
from .ingest.cache import prune_versions
from .ingest.pipeline import ClusterError, process_items
from .ingest.reader import ReadError, read_document
from .ingest.report import (
    INDEXED,
    INDEXED_WITH_NOTES,
    REPORT_FILE,
    SKIPPED,
    BuildLog,
    write_report,
)
from .records import Article, RawDocument, Rejected, Removed, Unchanged
from .search import BACKENDS, DEFAULT_BACKEND, open_backend
from .search.api import (
    MAX_EXPORT_ROWS,
    SORTS,
    BackendConfig,
    BuildInProgress,
    EmptyBuild,
    IndexNotFound,
    NothingToRollBack,
    SearchRequest,
)
from .search.export import FORMATS as EXPORT_FORMATS

DEFAULT_INDEX = os.environ.get("SEARCHAPP_INDEX", "index")
# The processing cache's folder in the index folder (ingest/cache.py).
PROCESSING_CACHE = "processing-cache"

index_option = click.option(
    "--index",
    "index_dir",
    default=DEFAULT_INDEX,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Index folder (or set SEARCHAPP_INDEX).",
)
filter_option = click.option(
    "--filter", "filters", multiple=True, metavar="FACET=VALUE", help="e.g. source=Yonhap; repeatable."
)
sort_option = click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
workers_option = click.option(
    "--workers",
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    type=click.IntRange(min=1),
    help="Processes that clean and extract documents.",
)
backend_option = click.option(
    "--backend",
    default=DEFAULT_BACKEND,
    show_default=True,
    type=click.Choice(BACKENDS),
    help="Search backend.",
)


def _backend(index_dir: str, backend: str):
    return open_backend(BackendConfig(location=index_dir, kind=backend))


@click.group()
@click.version_option(package_name="searchapp")
def cli() -> None:
    """Full-text search over a folder of news articles."""


def build_options(command):
    """The options `build` and `update` share."""
    for option in reversed([
        index_option,
        backend_option,
        workers_option,
        click.option("--wait", is_flag=True,
                     help="If another build of the index is running, wait for it instead of stopping."),
        click.option(
            "--report", "report_path", type=click.Path(dir_okay=False),
            help=f"Where to write the build report (JSON). Default: {REPORT_FILE} in the index folder.",
        ),
        click.option(
            "--cache", "cache_dir", type=click.Path(file_okay=False),
            help=f"Where to keep what cleaning and extraction made of each document, so that an unchanged "
            f"document is not processed again. Default: {PROCESSING_CACHE}/ in the index folder.",
        ),
        click.option("--no-cache", is_flag=True, help="Clean and extract every document, and keep nothing."),
        click.option(
            "--cluster", metavar="ADDRESS",
            help="Clean and extract on a Dask cluster's workers (its scheduler, e.g. tcp://HOST:8786; "
            "they need searchapp installed), writing the index here. Needs searchapp[cluster].",
        ),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@build_options
def build(src: str, index_dir: str, backend: str, workers: int, wait: bool, report_path: str | None,
          cache_dir: str | None, no_cache: bool, cluster: str | None) -> None:
    """Rebuild the index from the documents under SRC.

    The new index replaces the old one only once it is complete. Every input is
    accounted for: indexed, indexed with notes (an encoding guessed, metadata
    refused...), or skipped with the reason; the summary is printed and the whole
    report written as JSON beside the index.
    """
    _run_build(src, index_dir, backend, workers, wait, report_path, cache_dir, no_cache, cluster, update=False)


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@build_options
def update(src: str, index_dir: str, backend: str, workers: int, wait: bool, report_path: str | None,
           cache_dir: str | None, no_cache: bool, cluster: str | None) -> None:
    """Bring the index up to date with the documents under SRC: only new, changed and
    deleted files are read and applied.

    Files are compared by a hash of their bytes with what the index was built from.
    Searches go on meanwhile, on the index as it was, until the updated one replaces it
    in one step. The report accounts for every input, as `build`'s does.
    """
    _run_build(src, index_dir, backend, workers, wait, report_path, cache_dir, no_cache, cluster, update=True)


def _run_build(src: str, index_dir: str, backend: str, workers: int, wait: bool, report_path: str | None,
               cache_dir: str | None, no_cache: bool, cluster: str | None, update: bool) -> None:
    survey = reader.survey(src)
    log = BuildLog(source=os.path.abspath(src), survey=survey)
    report_path = report_path or os.path.join(index_dir, REPORT_FILE)
    cache = None if no_cache else (cache_dir or os.path.join(index_dir, PROCESSING_CACHE))
    counts: UpdateCounts | None = None

    def on_item(item: Article | Rejected | Removed) -> None:
        if not isinstance(item, Removed):  # not an input: counted apart
            log.add(item)
            bar.update(1)

    def write(status: str, build: str | None = None, error: str | None = None) -> None:
        if counts is not None:
            log.update = dataclasses.asdict(counts)
        write_report(log.to_json(status, os.path.abspath(index_dir), build, error), report_path)

    def plan(read_state):
        nonlocal counts
        changes, new_state, counts = update_collection(src, CollectionState.load(read_state), workers, cache, cluster)
        states.append(new_state)

        def applied():
            for item in changes:
                if isinstance(item, Unchanged):  # accounted for as it was; nothing to index
                    log.add(new_state.entries[item.path].outcome)
                    bar.update(1)
                else:
                    yield item

        return applied()

    states: list[CollectionState] = []
    label = "Updating" if update else "Indexing"
    with click.progressbar(length=survey.inputs, label=label, file=sys.stderr, show_pos=True) as bar:
        try:
            target = _backend(index_dir, backend)
            if update:
                result = target.update(plan, on_item=on_item, wait=wait, state=lambda: states[0].files())
            else:
                items, state = build_collection(src, workers=workers, cache=cache, cluster=cluster)
                result = target.rebuild(items, on_item=on_item, wait=wait, state=state.files)
        except BuildInProgress as err:
            # Another build owns the index folder, and its report: leave both alone.
            raise click.ClickException(str(err)) from err
        except (IndexNotFound, NoCollectionState) as err:
            raise click.ClickException(str(err)) from err
        except ClusterError as err:
            write("failed", error=str(err))
            raise click.ClickException(str(err)) from err
        except EmptyBuild as err:
            write("failed", error=str(err))
            _print_summary(log, report_path, None)
            raise click.ClickException(str(err)) from err
        except BaseException as err:
            write("failed", error=f"{type(err).__name__}: {err}")
            raise
    write("live", result.location)
    if cache is not None and not update:
        # A complete build has just filled the current version: older code's entries
        # would only take up room (an update reads too few documents to say so).
        pruned = prune_versions(cache)
        if pruned:
            click.echo(f"Processing cache: removed the entries of {pruned} older version(s) of the code.")
    if counts is not None:
        click.echo(
            f"Update of {src}: {counts.new} new, {counts.changed} changed, {counts.removed} removed, "
            f"{counts.unchanged} unchanged input(s)."
            + ("" if counts.any else " Nothing to change: the index is as the folder is.")
        )
    _print_summary(log, report_path, result.location)


# The summary lists every skipped input; inputs indexed with notes only up to this
# many (a whole collection in a legacy encoding would bury the rest), all in the report.
NOTES_SHOWN = 20


def _print_summary(log: BuildLog, report_path: str, location: str | None) -> None:
    counts = log.counts()
    indexed = counts[INDEXED] + counts[INDEXED_WITH_NOTES]
    metadata = log.survey.metadata_files if log.survey else 0
    click.echo(
        f"Seen {len(log.outcomes)} input(s)" + (f" and {metadata} metadata file(s)" if metadata else "") + ": "
        f"{indexed} indexed ({counts[INDEXED_WITH_NOTES]} with notes, {log.guessed_bodies()} with a guessed body), "
        f"{counts[SKIPPED]} skipped."
    )
    if location:
        click.echo(f"Indexed {indexed} document(s) into {location}.")
    noted = log.with_status(INDEXED_WITH_NOTES)
    if noted:
        click.echo(f"Indexed with notes: {len(noted)}" + (f" (the first {NOTES_SHOWN})" if len(noted) > NOTES_SHOWN else "") + ":")
        for outcome in noted[:NOTES_SHOWN]:
            click.echo(f"  {outcome.path}: {'; '.join(outcome.notes)}")
    skipped = log.with_status(SKIPPED)
    click.echo(f"Skipped {len(skipped)} document(s)" + (":" if skipped else "."))
    for outcome in skipped:
        click.echo(f"  {outcome.path}: {outcome.notes[0]}")
    click.echo(f"Report: {report_path}")


@cli.command()
@index_option
@backend_option
def rollback(index_dir: str, backend: str) -> None:
    """Make the index that was live before the last build live again."""
    try:
        location = _backend(index_dir, backend).rollback()
    except (NothingToRollBack, BuildInProgress) as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Rolled back: {location} is live.")


@cli.command()
@index_option
@backend_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    type=click.IntRange(min=1),
    help="Server processes (searches run in parallel across them).",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(min=1), help="Threads per process.")
@click.option("--debug", is_flag=True, help="Flask's development server instead, with the debugger: never in production.")
def serve(index_dir: str, backend: str, host: str, port: int, workers: int, threads: int, debug: bool) -> None:
    """Serve the search UI and JSON API (gunicorn; Flask's own server with --debug)."""
    from .web import create_app

    app = create_app({"INDEX_DIR": os.path.abspath(index_dir), "SEARCH_BACKEND": backend})
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from .web.server import serve as run_server

    click.echo(f"Serving {os.path.abspath(index_dir)} on http://{host}:{port} ({workers} process(es), {threads} thread(s) each)", err=True)
    run_server(app, host, port, workers, threads)


@cli.command()
@click.argument("query", default="")
@index_option
@backend_option
@filter_option
@sort_option
@click.option("--page", default=1, show_default=True, type=int)
@click.option("--per-page", default=10, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON document as /search.json.")
@click.option("--csv", "as_csv", is_flag=True, help=f"Print every hit (up to {MAX_EXPORT_ROWS:,}) as CSV, as /search.csv.")
@click.option("--nl", "as_nl", is_flag=True, help="Print every hit as JSON lines (one article per line), as /search.jsonl.")
def search(
    query: str, index_dir: str, backend: str, filters: tuple[str, ...], sort: str, page: int, per_page: int,
    as_json: bool, as_csv: bool, as_nl: bool,
) -> None:
    """Search the index for QUERY."""
    if as_json + as_csv + as_nl > 1:
        raise click.UsageError("Choose one of --json, --csv and --nl.")
    args = _search_args(query, filters, sort)
    args.update({"page": [str(page)], "per_page": [str(per_page)]})
    request = SearchRequest.from_args(args)
    try:
        with _backend(index_dir, backend).searcher() as searcher:
            if as_csv or as_nl:
                _print_export(searcher, request, "csv" if as_csv else "jsonl", MAX_EXPORT_ROWS)
                return
            start = time.perf_counter()
            results = searcher.search(request)
            took_ms = (time.perf_counter() - start) * 1000
    except IndexNotFound as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps({**results.to_json(), "took_ms": round(took_ms, 1)}, ensure_ascii=False, indent=2))
        return
    if results.error:
        raise click.ClickException(results.error)
    click.echo(f"{results.total} hit(s)")
    for hit in results.hits:
        date = hit.published or hit.published_text or "undated"
        click.echo(f"- {hit.title}  [{hit.source}, {date}]  {hit.id}")


@cli.command()
@click.argument("query", default="")
@index_option
@backend_option
@filter_option
@click.option("--from", "date_from", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@sort_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="csv", show_default=True)
@click.option("--limit", default=MAX_EXPORT_ROWS, show_default=True, type=click.IntRange(min=1), help="At most this many articles.")
def export(query: str, index_dir: str, backend: str, filters: tuple[str, ...], date_from: str, date_to: str,
           sort: str, fmt: str, limit: int) -> None:
    """Print every hit of QUERY (not one page) with its metadata and entities, as CSV, JSON
    lines or one JSON document: the same as /search.csv, /search.jsonl and /search.json?all=1."""
    args = _search_args(query, filters, sort)
    args.update({"from": [date_from], "to": [date_to]})
    request = SearchRequest.from_args(args)
    try:
        with _backend(index_dir, backend).searcher() as searcher:
            _print_export(searcher, request, fmt, limit)
    except IndexNotFound as err:
        raise click.ClickException(str(err)) from err


def _print_export(searcher, request: SearchRequest, fmt: str, limit: int) -> None:
    """Every hit of `request` (up to `limit`) printed in export format `fmt`, streamed."""
    result = searcher.export(request, limit)
    if result.error:
        raise click.ClickException(result.error)
    for chunk in EXPORT_FORMATS[fmt][0](result):
        click.echo(chunk, nl=False)


def _search_args(query: str, filters: tuple[str, ...], sort: str) -> dict[str, list[str]]:
    """URL-style parameters of a search given on the command line."""
    args: dict[str, list[str]] = {"q": [query], "sort": [sort]}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not FACET=VALUE", param_hint="--filter")
        args.setdefault(name.strip(), []).append(value.strip())
    return args


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@workers_option
def clean(files: tuple[str, ...], workers: int) -> None:
    """Clean FILES and print one JSON object per file, in order (what would be indexed)."""
    for path, item in zip(files, process_items(map(_read_one, files), workers=min(workers, len(files)))):
        click.echo(json.dumps(_clean_json(Path(path), item), ensure_ascii=False))


def _read_one(name: str) -> RawDocument | Rejected:
    try:
        return read_document(Path(name), name)
    except ReadError as err:
        return Rejected(name, str(err))


def _clean_json(path: Path, item: Article | Rejected) -> dict:
    empty = {
        "path": str(path),
        "title": None,
        "body": None,
        "published": None,
        "published_text": None,
        "source": None,
        "dateline": None,
        "people": [],
        "countries": [],
        "organizations": [],
        "version": None,
        "notes": [],
        "signoff": None,
        "url": None,
        "warnings": [],
        "body_guessed": False,
        "error": None,
    }
    if isinstance(item, Rejected):
        return {**empty, "error": item.reason}
    meta = item.metadata
    return {
        **empty,
        "title": item.title,
        "body": item.body,
        "published": meta.published.isoformat() if meta.published else None,
        "published_text": meta.published_text,
        "source": meta.source,
        "dateline": meta.dateline,
        "people": list(item.entities.people),
        "countries": list(item.entities.countries),
        "organizations": list(item.entities.organizations),
        "version": item.version,
        "notes": list(item.notes),
        "signoff": item.signoff,
        "url": item.url,
        "warnings": list(item.warnings),
        "body_guessed": item.body_guessed,
    }


if __name__ == "__main__":  # pragma: no cover
    cli()
