"""`threadline`: the command line. It parses arguments and calls the same functions the app calls."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from graph.console import cut_message, result_csv, result_json, result_table
from graph.counts import change_lines, totals_line
from graph.cypher_params import require_parameters
from graph.errors import MissingParameter, ThreadlineError
from graph.store import check_store, is_neo4j, is_store, open_store, stop_store, store_spec
from graph.store.base import GraphStore, QueryResult

if TYPE_CHECKING:
    from loaders.ingest import IngestReport

ROOT = Path(__file__).resolve().parent
DEBUG_ENV = "THREADLINE_DEBUG"


def _message(exc: BaseException) -> tuple[str, int]:
    """One line for a known failure and its exit status (1; usage mistakes exit 2 where they are caught)."""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        text, code = f"{where}{exc.strerror or exc}", 1
    else:
        text, code = str(exc), 1
    if "No space left on device" in text:
        text += "; free some space on that disk and run the command again (what is stored is kept)"
    return text, code


class FriendlyGroup(TyperGroup):
    """Turns Threadline's own errors and the system's refusals (permissions, full disk, a file where a directory
    should be) into one line and an exit status; --debug or THREADLINE_DEBUG=1 also prints the traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (ThreadlineError, OSError) as exc:
            text, code = _message(exc)
            if ctx.meta.get("threadline.debug") or os.environ.get(DEBUG_ENV) == "1":
                traceback.print_exception(exc, file=sys.stderr)
            typer.secho(f"error: {text}", fg=typer.colors.RED, err=True)
            raise typer.Exit(code) from None


app = typer.Typer(cls=FriendlyGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Threadline: a cited knowledge graph of who supplies, contacts and reports on whom.")


@app.callback()
def _options(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="On an error, also print the Python traceback "
                                                        "(or set THREADLINE_DEBUG=1).")] = False,
) -> None:
    """Threadline: a cited knowledge graph of who supplies, contacts and reports on whom."""
    ctx.meta["threadline.debug"] = debug


StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="A store directory (embedded FalkorDB) or a bolt://, neo4j:// or neo4j+s:// URI. "
                                 "Default: $THREADLINE_STORE or data/store."),
]


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _paths_or_urls(values: list[str] | None) -> list[str | Path]:
    """http(s) addresses stay text (a Path would eat a slash); every other value is a path, refused if unreadable."""
    from loaders.fetch import is_url

    checked: list[str | Path] = []
    for value in values or []:
        if not is_url(value) and Path(value).exists() and not os.access(value, os.R_OK):
            raise typer.BadParameter(f"path {value!r} is not readable.")
        checked.append(value if is_url(value) else Path(value))
    return checked


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files or directories (text, Markdown, HTML, PDF, Word .docx, e-mail .eml), or http(s):// page addresses.",
        callback=_paths_or_urls)] = None,
    store: StoreOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
    urls: Annotated[Path | None, typer.Option("--urls", help="A file of page addresses, one a line (# comments).",
                                              exists=True, dir_okay=False)] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="An RSS or Atom feed (URL or file): ingest "
                                                                  "its new items' pages. May be repeated.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="With --feed: skip items published before "
                                                             "this date (2026-03-01).")] = None,
    archive: Annotated[Path | None, typer.Option("--archive", help="Where fetched pages are archived. Default: "
                                                 "STORE/archive, or ./threadline-archive for Neo4j.")] = None,
) -> None:
    """Read, extract and store documents (files, pages by URL, feed items); every one is reported, and those
    already stored are left as they are."""
    from loaders.ingest import IngestReport, ingest_documents, read_documents
    from loaders.readers import supported_kinds

    report = IngestReport()
    given = paths or []
    files = [p for p in given if isinstance(p, Path)]
    web_urls = [p for p in given if isinstance(p, str)]
    if not files and not web_urls and not urls and not feed:
        _fail("give files, directories, page addresses, --urls FILE or --feed FEED", 2)
    documents = read_documents(files, report) if files else []
    graph, read = None, None
    if web_urls or urls or feed:  # fetch before writing; an existing store says which pages it already holds
        from loaders.feeds import parse_since
        from loaders.remote import read_remote
        from loaders.web import read_url_list, stored_sources

        try:
            since_date = parse_since(since) if since else None
        except ValueError as exc:
            _fail(str(exc), 2)
        web_urls += read_url_list(urls) if urls else []
        spec = store_spec(store)
        graph = open_store(spec, create=False) if is_neo4j(spec) or is_store(Path(spec)) else None
        read = read_remote(web_urls, feed or [], known=stored_sources(graph) if graph else set(), report=report,
                           since=since_date)
        documents += [page.document for page in read.pages]
    if not documents and not report.unchanged:  # nothing readable: say why, and leave the store as it was
        if graph:
            graph.close()
        _report_files(report)
        _fail("nothing to ingest: no readable file, page or feed item among those given" if read else
              f"nothing to ingest: no readable document among the paths given; supported: {supported_kinds()}")
    graph = graph or open_store(store, create=True)
    try:
        if read:
            from loaders.archive import archive_dir
            from loaders.web import archive_pages

            archive_pages(read.pages, archive_dir(store, archive))
        before = graph.stats()
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("ingesting", total=len(documents))
                ingest_documents(graph, documents, workers=workers, report=report,
                                 progress=lambda name, status: bar.advance(task))
        else:
            ingest_documents(graph, documents, workers=workers, report=report)
        try:
            after: dict | None = graph.stats()
        except ThreadlineError:  # the store failed mid-run: the report names the failure and what is left
            after = None
    except ThreadlineError:
        typer.echo(f"stopped by the error below: {report.summary()}; the articles added are kept, and running the "
                   "same command again finishes the rest", err=True)
        raise
    finally:
        graph.close()
    for name, note in read.notes if read else []:
        typer.echo(f"{name}: {note}", err=True)
    _report_files(report)
    typer.echo(report.summary())
    if after is not None:
        typer.echo("\n".join(change_lines(before, after)))
    if not report.ok:
        raise typer.Exit(1)


def _print_problems(problems: list[tuple[str, str]]) -> None:
    """One yellow line per file or row left out: what, then why."""
    for name, reason in problems:
        typer.secho(f"{name}: {reason}", fg=typer.colors.YELLOW, err=True)


def _import_into(store: str | None, work: Callable[[GraphStore], Any],
                 problems: Callable[[Any], list[tuple[str, str]]]) -> None:
    """Run `work` on the store (created if need be), then print its problems, its summary and what it changed in
    the words `stats` uses; exit 1 unless everything went in."""
    graph = open_store(store, create=True)
    try:
        before = graph.stats()
        report = work(graph)
        after = graph.stats()
    finally:
        graph.close()
    _print_problems(problems(report))
    typer.echo(report.summary())
    typer.echo("\n".join(change_lines(before, after)))
    if not report.ok:
        raise typer.Exit(1)


@app.command(name="ingest-table")
def ingest_table(
    paths: Annotated[list[Path], typer.Argument(help="CSV, XLSX or JSON-lines files, one fact per row.")],
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML file saying which columns hold the "
                                                                   "source, target, relation, date and note.")]
    = None,
    source: Annotated[str | None, typer.Option(help="Without --mapping: COLUMN:TYPE of the source end.")] = None,
    target: Annotated[str | None, typer.Option(help="Without --mapping: COLUMN:TYPE of the target end.")] = None,
    relation: Annotated[str | None, typer.Option(help="Without --mapping: the relation type, e.g. SUPPLIED_TO.")]
    = None,
    date: Annotated[str | None, typer.Option(help="Without --mapping: the column holding the date.")] = None,
    note: Annotated[str | None, typer.Option(help="Without --mapping: the column holding a note.")] = None,
    store: StoreOption = None,
) -> None:
    """Store each row of spreadsheets and edge lists as a fact citing its file, sheet and row."""
    from loaders.tables import ingest_tables, load_mapping, mapping_from_flags

    if mapping and (source or target or relation):
        _fail("give --mapping or --source/--target/--relation, not both", 2)
    if mapping:
        table_mapping = load_mapping(mapping)
    elif source and target and relation:
        table_mapping = mapping_from_flags(source, target, relation, date, note)
    else:
        _fail("give --mapping FILE.yaml, or --source COLUMN:TYPE --target COLUMN:TYPE --relation TYPE", 2)
    if not any(p.is_file() for p in paths):  # nothing to read: create no store
        _print_problems([(str(p), "no such file") for p in paths])
        _fail("nothing to ingest: none of the tables given exists")
    _import_into(store, lambda graph: ingest_tables(graph, paths, table_mapping),
                 lambda report: report.failed + report.bad_rows)


@app.command(name="ingest-ftm")
def ingest_ftm_command(
    path: Annotated[Path, typer.Argument(help="FollowTheMoney entities as JSON lines (Aleph, OpenSanctions).")],
    dataset: Annotated[str | None, typer.Option(help="The dataset's name, cited as the source "
                                                     "(default: the file's name up to the first dot).")] = None,
    store: StoreOption = None,
) -> None:
    """Import people, companies, organisations and their links from FtM data, citing the dataset."""
    from loaders.ftm import read_ftm, store_ftm

    ftm = read_ftm(path, dataset)  # a file with nothing to import creates no store
    _import_into(store, lambda graph: store_ftm(graph, ftm), lambda report: report.bad_lines + report.skipped)


def _report_files(report: IngestReport) -> None:
    """One line per file: added and already there on stdout, unsupported and failed (with the reason) on stderr."""
    for name, result, reason in report.rows():
        if reason:
            typer.secho(f"{name}: {reason}", fg=typer.colors.YELLOW, err=True)
        else:
            typer.echo(f"{name}: {result}")


@app.command()
def extract(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories to extract from.")] = None,
    docs: Annotated[Path | None, typer.Option("--docs", help="A JSON-lines file of {id, text, title}.")] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Print one JSON object per document (entities and relations with evidence); writes to no store."""
    from loaders.extract import extract_many
    from loaders.extraction_json import extraction_to_json
    from loaders.ingest import IngestReport, read_documents
    from loaders.sources import read_jsonl

    report = IngestReport()
    documents = list(read_jsonl(docs)) if docs else []
    if paths:
        documents += read_documents(paths, report)
    if not documents and report.ok:
        _fail("give files, directories or --docs FILE.jsonl")
    for document, extraction in zip(documents, extract_many(documents, workers=workers), strict=True):
        typer.echo(json.dumps(extraction_to_json(document, extraction), ensure_ascii=False))
    for name, reason in [*report.unsupported, *report.failed]:
        typer.secho(f"{name}: {reason}", fg=typer.colors.YELLOW, err=True)
    if not report.ok:
        raise typer.Exit(1)


def _parse_param(text: str) -> tuple[str, object]:
    if "=" not in text:
        raise typer.BadParameter(f"{text!r}: write parameters as name=value")
    name, raw = text.split("=", 1)
    try:
        return name, json.loads(raw)
    except (ValueError, RecursionError):  # not JSON (or a number too long, nesting too deep): the value is text
        return name, raw


def format_result(result: QueryResult, fmt: str) -> str:
    """A query result as an aligned text table, JSON or CSV (the console's downloads use the same)."""
    if fmt == "json":
        return result_json(result)
    if fmt == "csv":
        return result_csv(result).rstrip("\n")
    rows = result_table(result)
    columns = list(rows[0]) if rows else list(result.columns)
    widths = [max([len(c)] + [len(r[c]) for r in rows]) for c in columns]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(r[c].ljust(w) for c, w in zip(columns, widths, strict=True)) for r in rows]
    return "\n".join(lines)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="The Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value (JSON or text).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    limit: Annotated[int, typer.Option(min=1, help="Most rows to return.")] = 1000,
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds before the database stops the query.")] = 10.0,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the graph.")] = False,
    store: StoreOption = None,
) -> None:
    """Run Cypher; read-only unless --write, enforced by the database itself."""
    if fmt not in {"table", "json", "csv"}:
        _fail(f"--format must be table, json or csv, not {fmt!r}", 2)
    params = dict(_parse_param(p) for p in param or [])
    try:
        require_parameters(cypher, params)
    except MissingParameter as exc:
        _fail(f"{exc}; add " + " ".join(f"--param {name}=VALUE" for name in exc.errors), 2)
    graph = open_store(store, create=False)
    try:
        result = graph.run(cypher, params, write=write, timeout=timeout, limit=limit)
    finally:
        graph.close()
    typer.echo(format_result(result, fmt))
    cut = cut_message(result, "raise --limit")
    if cut:
        typer.secho(cut, fg=typer.colors.YELLOW, err=True)
    if result.counters:
        typer.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()), err=True)


@app.command()
def stats(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count articles, entities, facts (cited relations) and mentions, with entities and facts by type."""
    graph = open_store(store, create=False)
    try:
        numbers = graph.stats()
    finally:
        graph.close()
    if as_json:
        typer.echo(json.dumps(numbers))
        return
    typer.echo(f"the store holds {totals_line(numbers)}")
    for title, section in (("entities by type", "entities_by_type"), ("facts by type", "facts_by_type")):
        typer.echo(f"{title}:")
        for name, count in numbers[section].items():
            typer.echo(f"  {name}: {count:,}")


@app.command(name="eval")
def evaluate(
    sets: Annotated[list[str] | None, typer.Option("--set", help="seed, conll04 or demo (repeatable).")] = None,
    split: Annotated[str, typer.Option(help="CoNLL04 split: train, dev or test.")] = "test",
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List missed and wrong relations.")] = False,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Precision, recall and F1 of extraction per relation type against gold graphs."""
    from loaders.evaluate import SETS, run_eval

    for name in sets or SETS:
        if name not in SETS:
            _fail(f"--set must be one of {', '.join(SETS)}, not {name!r}", 2)
        run_eval(name, split, show_errors, workers, out=typer.echo)


@app.command(name="app")
def run_app(
    store: StoreOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8501,
    address: Annotated[str, typer.Option(help="Interface to listen on; only change it on purpose.")] = "127.0.0.1",
) -> None:
    """Start the explorer on an existing store (one app per store; the port must be free)."""
    from ui.launch import claim

    spec = check_store(store)
    directory = None if is_neo4j(spec) else Path(spec).resolve()
    url = claim(directory, address, port, os.getpid())  # this process becomes the app, so its pid is the app's
    typer.echo(f"Threadline on {spec} at {url}")
    env = {**os.environ, "THREADLINE_STORE": str(directory or spec)}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--server.address", address, "--browser.gatherUsageStats", "false", "--server.headless", "true"]
    os.chdir(ROOT)
    os.execve(sys.executable, command, env)  # become Streamlit, so stopping this process stops the app


@app.command()
def stop(store: StoreOption = None) -> None:
    """Stop the embedded store's database server (it is started again on demand)."""
    was_running = stop_store(check_store(store))
    typer.echo("stopped" if was_running else "no server was running")


_OUT_HELP = ("Where to write. Formats of several files (csv, bundle) write a folder, or a zip when OUT ends in "
             ".zip; factcheck writes Markdown when OUT ends in .md.")


@app.command()
def formats() -> None:
    """List the snapshot formats `export` writes and `import` reads (from graph/snapshot's registry)."""
    from graph.snapshot import formats as registered

    for spec in registered():
        writes = "a folder or .zip" if spec.multi_file else spec.suffix
        extra = "".join(f", {suffix} for a variant" for suffix in spec.variants)
        typer.echo(f"{spec.name:10} {spec.label} [{writes}{extra}]" + ("; import reads it" if spec.importable else ""))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="A snapshot format: graphml, json, csv, bundle, ... "
                                                      "(`threadline formats` lists them all).")],
    out: Annotated[Path, typer.Option("--out", help=_OUT_HELP)],
    entity: Annotated[list[str] | None, typer.Option(help="Export around this entity, by id or name (repeatable).")]
    = None,
    depth: Annotated[int, typer.Option(min=1, help="Hops around --entity.")] = 1,
    query_text: Annotated[str | None, typer.Option("--query", help="Export the nodes and relationships this "
                                                                   "read-only Cypher query returns.")] = None,
    exclude_type: Annotated[list[str] | None, typer.Option(help="Leave out entities of this type (repeatable).")]
    = None,
    exclude_entity: Annotated[list[str] | None, typer.Option(help="Leave out this entity, by id, name or alias "
                                                                  "(repeatable).")] = None,
    exclude_source: Annotated[list[str] | None, typer.Option(help="Leave out the evidence of this article, by id "
                                                                  "or title (repeatable).")] = None,
    store: StoreOption = None,
) -> None:
    """Export the graph, the neighbourhood of entities or a query's result, with optional redaction."""
    from graph.snapshot import (
        Redaction,
        export_snapshot,
        format_names,
        names_in_words,
        redact,
        snapshot_of_entities,
        snapshot_of_query,
        snapshot_of_store,
    )

    if fmt not in format_names():
        _fail(f"--format must be {names_in_words(format_names())}, not {fmt!r}", 2)
    if entity and query_text:
        _fail("give --entity or --query, not both", 2)
    redaction = Redaction(tuple(exclude_type or ()), tuple(exclude_entity or ()), tuple(exclude_source or ()))
    graph = open_store(store, create=False)
    try:
        if entity:
            snapshot = snapshot_of_entities(graph, entity, depth)
        elif query_text:
            snapshot = snapshot_of_query(graph, query_text)
        else:
            snapshot = snapshot_of_store(graph)
        snapshot = redact(snapshot, redaction)
        try:
            written = export_snapshot(snapshot, fmt, out)
        except OSError as exc:  # name what was asked for, not the temporary file beside it
            _fail(f"{out}: cannot write: {exc.strerror or exc}")
    finally:
        graph.close()
    counts = snapshot.counts()
    typer.echo(f"wrote {written}: {counts['entities']} entities, {counts['connections']} connections, "
               f"{counts['evidence']} supporting sentences from {counts['articles']} articles")
    for record in snapshot.redactions:
        removed = ", ".join(f"{n} {kind}" for kind, n in record["removed"].items() if n)
        typer.echo(f"redacted by --{record['rule']}: {removed or 'nothing'}", err=True)
        if record["unmatched"]:
            typer.secho(f"warning: {record['unmatched']} of the --{record['rule']} values matched nothing in this "
                        "export", fg=typer.colors.YELLOW, err=True)


@app.command(name="import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A .json or .graphml snapshot, or a csv or bundle folder or .zip.")],
    store: StoreOption = None,
) -> None:
    """Merge a snapshot into the store: the same ids become the same nodes, evidence is unioned."""
    from graph.snapshot import import_snapshot, read_snapshot

    snapshot = read_snapshot(path)
    graph = open_store(store, create=True)
    try:
        before = graph.stats()
        report = import_snapshot(graph, snapshot)
        after = graph.stats()
    finally:
        graph.close()
    typer.echo(f"imported {path}: {report.summary()}")
    typer.echo("\n".join(change_lines(before, after)))


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="A snapshot file or folder, or the word `store` for the live store.")],
    b: Annotated[str, typer.Argument(help="A snapshot file or folder, or the word `store` for the live store.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOption = None,
) -> None:
    """What changed from A to B: entities and connections added, removed and changed; articles added and removed."""
    from graph.snapshot import LIVE_STORE, diff_sides, diff_text

    graph = open_store(store, create=False) if LIVE_STORE in (a, b) else None
    try:
        result = diff_sides(a, b, graph)
    finally:
        if graph is not None:
            graph.close()
    typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json else diff_text(result))


def main() -> None:
    """The `threadline` entry point: errors become messages inside the app (see `FriendlyGroup`)."""
    app()


if __name__ == "__main__":
    main()
