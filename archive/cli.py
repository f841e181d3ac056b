"""The `archive` command line (the only module that imports click): parse, call the library, print, exit."""
from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

import extractor
from extractor import ENGINES, OCR_MODES, ExtractionError, ExtractOptions
from index import BACKENDS, SearchIndexError

from . import render
from .errors import ArchiveError, InvalidDate
from .export import FORMATS_BY_WHAT, WHAT, write_hits
from .library import Archive
from .progress import BarProgress, LineProgress
from .search import SearchRequest, check_date
from .settings import (DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT, HOME_ENV, MIN_MEMORY_LIMIT_MB, SCHEDULER_ENV,
                       IngestOptions, Settings)


class ArchiveGroup(click.Group):
    """Turns the errors a user can cause or fix into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ArchiveError, ExtractionError, SearchIndexError) as e:
            raise click.ClickException(str(e)) from e
        except OSError as e:
            raise click.ClickException(f"{e.filename or ''}: {e.strerror or e}".lstrip(": ")) from e


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings) or Settings.resolve()


def _archive(ctx: click.Context) -> Archive:
    return Archive.open(_settings(ctx))


def _writer(ctx: click.Context, *, no_wait: bool) -> Archive:
    """The archive for a command that writes: it waits for another writer, saying so on stderr, unless --no-wait."""
    def on_wait(pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        click.echo(f"waiting for {who}, which is writing to this archive (--no-wait to give up instead)...", err=True)

    return Archive.open(_settings(ctx), wait=not no_wait, on_wait=on_wait)


def _no_wait_option(func: Any) -> Any:
    return click.option("--no-wait", is_flag=True, help="If another process is writing to the archive, fail at "
                        "once (exit 1) instead of waiting for it.")(func)


def _index_option(help_text: str) -> Any:
    return click.option("--index", "index_backend", type=click.Choice(BACKENDS), default=None, help=help_text)


def _print_version(ctx: click.Context) -> None:
    try:
        version = importlib.metadata.version("statement-archive")
    except importlib.metadata.PackageNotFoundError:
        version = "(not installed)"
    click.echo(f"statement-archive {version}, extractor {extractor.VERSION}")
    ctx.exit(0)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _extract_options(engine: str, ocr: str, ocr_lang: str | None) -> ExtractOptions:
    languages = tuple(part for part in (ocr_lang or "").split("+") if part) or None
    return ExtractOptions(engine=engine, ocr=ocr, ocr_languages=languages)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    try:
        return check_date(value) if value is not None else None
    except InvalidDate as e:
        raise click.BadParameter(str(e)) from e


def _extraction_options(func: Any) -> Any:
    func = click.option("--ocr-lang", metavar="LANGS", help="Tesseract languages joined by +, e.g. fra+eng+ara "
                        "(default: the installed packs of fra eng spa por ita deu ara).")(func)
    func = click.option("--ocr", type=click.Choice(OCR_MODES), default="auto", show_default=True,
                        help="OCR pages without a usable text layer (auto), every page, or none.")(func)
    return click.option("--engine", type=click.Choice(ENGINES), default="pdfium", show_default=True,
                        help="PDF reader used for the text layer.")(func)


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Data directory of the archive (default: ${HOME_ENV}, else the per-user data directory).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, _p, value:
              _print_version(ctx) if value else None, help="Show the versions and exit.")
@click.pass_context
def cli(ctx: click.Context, home: Path | None) -> None:
    """Turn folders of multilingual statement PDFs into a searchable archive.

    \b
    Example:
        archive ingest ~/statements/ && archive search "grève générale" --lang fr
    """
    ctx.obj = Settings.resolve(home=home)


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the statement as one JSON object.")
@_extraction_options
def extract(pdf: Path, as_json: bool, engine: str, ocr: str, ocr_lang: str | None) -> None:
    """Show the structure of one PDF (masthead, sections, signatories) without storing anything.

    \b
    Example:
        archive extract statement.pdf --json > statement.json
    """
    statement = extractor.extract(pdf, _extract_options(engine, ocr, ocr_lang))
    if as_json:
        _print_json(dataclasses.asdict(statement))
    else:
        click.echo(render.statement_summary(statement))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes extracting in parallel [default: number of CPUs].")
@click.option("--force", is_flag=True, help="Extract again files already stored (e.g. after an extractor upgrade).")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed in an earlier run.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Time limit per file; a file that takes longer is recorded as failed "
              "(a worker's first file gets a minute more, while the extractor loads its language data).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (no progress bar).")
@click.option("--scheduler", envvar=SCHEDULER_ENV, metavar="ADDRESS", help="Extract on the workers of this Dask "
              f"scheduler, e.g. tcp://scheduler-host:8786, instead of local processes [env: {SCHEDULER_ENV}].")
@click.option("--send-files", is_flag=True, help="With --scheduler: send each file to the workers "
              "(for workers that cannot read the paths).")
@_no_wait_option
@click.option("--memory-limit", "memory_limit", type=click.IntRange(min=MIN_MEMORY_LIMIT_MB),
              default=DEFAULT_MEMORY_LIMIT_MB, show_default=True, metavar="MB",
              help="Address space per worker process; a file that needs more is recorded as failed (too large).")
@_index_option("For a new archive: the full-text index backend (default whoosh; tantivy needs "
               "statement-archive[tantivy]). An archive keeps the backend it was made with.")
@_extraction_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], jobs: int | None, force: bool, dry_run: bool,
           retry_failed: bool, timeout: float, as_json: bool, scheduler: str | None, send_files: bool, no_wait: bool,
           memory_limit: int, index_backend: str | None, engine: str, ocr: str, ocr_lang: str | None) -> None:
    """Add PDF files and folders (searched recursively) to the archive.

    Files already stored with this extractor version are skipped; the same content under another
    path is one statement with two paths; a stored file found under a new path (its old path gone)
    is a move; new content at a stored path replaces it (the old version keeps its history).
    Failures are recorded (see `archive failures`). One ingest at a time: a second one waits.

    \b
    Exit status: 0 when every file went in (or was already there), 1 when some files failed
    (they are listed) or the archive could not be written, 2 for a misuse of the command.

    \b
    Example:
        archive ingest ~/statements/ scans/fax-2021.pdf --jobs 2
    """
    if send_files and not scheduler:
        raise click.UsageError("--send-files needs --scheduler (or $ARCHIVE_SCHEDULER)")
    options = IngestOptions(jobs=jobs or os.cpu_count() or 1, force=force, dry_run=dry_run,
                            retry_failed=retry_failed, timeout=timeout,
                            extract=_extract_options(engine, ocr, ocr_lang),
                            scheduler=scheduler or None, send_files=send_files, index_backend=index_backend,
                            memory_limit_mb=memory_limit)
    progress = None
    if not as_json:
        err = click.get_text_stream("stderr")
        progress = BarProgress(err) if err.isatty() else LineProgress(err)
    try:
        with _writer(ctx, no_wait=no_wait) as archive:
            report = archive.ingest(paths, options, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if as_json:
        _print_json(report.to_dict())
    else:
        click.echo(render.ingest_summary(report))
    if report.failures and not report.dry_run:
        ctx.exit(1)


def _format_option(choices: tuple[str, ...], default: str) -> Any:
    """`--format`, the one name for the output format of every command that offers several."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


@cli.command()
@click.argument("query", required=False)
@click.option("--queries", type=click.File("r", encoding="utf-8"), default=None,
              help="Run each line of this file as a query; the hits of all go to one table (csv or jsonl).")
@click.option("--lang", multiple=True, metavar="CODE", help="Only sections in this language (repeatable).")
@click.option("--org", multiple=True, metavar="NAME",
              help="Only statements this organisation signed (acronym, name or any spelling, as `archive org` "
              "finds it); repeat for statements all of them signed.")
@click.option("--country", multiple=True, metavar="COUNTRY",
              help="Only statements with a signatory from this country (ISO code or name in any language); "
              "with --org, that organisation of this country.")
@click.option("--since", callback=_date, metavar="DATE", help="Only statements dated on or after (YYYY[-MM[-DD]]).")
@click.option("--until", callback=_date, metavar="DATE", help="Only statements dated on or before (YYYY[-MM[-DD]]).")
@click.option("--undated", is_flag=True, help="With --since/--until, keep statements that have no date.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Statements to show.")
@_format_option(("text", "json", "jsonl", "csv"), "text")
@click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
@click.option("--excel", is_flag=True, help="With --format csv: start with a UTF-8 BOM so that Excel reads accents.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default: stdout).")
@click.pass_context
def search(ctx: click.Context, query: str | None, queries: Any, lang: tuple[str, ...], org: tuple[str, ...],
           country: tuple[str, ...], since: str | None, until: str | None, undated: bool, limit: int, fmt: str,
           as_json: bool, excel: bool, output: Any) -> None:
    """Full-text search: words, "phrases", AND/OR/NOT (or -word), (brackets), field:value (lang:, title:,
    org:, country:, date:). A statement matches when its sections together match: `strike AND grève`
    finds a statement with "strike" in English and "grève" in French; `strike -dockers` leaves out any
    statement mentioning dockers in any language.

    \b
    Example:
        archive search '"grève générale" OR strike' --lang fr --lang en --since 2020
        archive search strike --org Solidaires --org CGT --format csv --excel -o hits.csv
        archive search --queries questions.txt --format csv -o hits.csv
    """
    fmt = "json" if as_json else fmt
    if (query is None) == (queries is None):
        raise click.UsageError("give a QUERY or --queries FILE (one query per line)")
    lines = [query] if query is not None else [line.strip() for line in queries if line.strip()]
    if queries is not None and fmt not in ("csv", "jsonl"):
        raise click.UsageError("--queries writes a table of hits: add --format csv or --format jsonl")
    with _archive(ctx) as archive:
        results = [(line, archive.search(SearchRequest(
            query=line, langs=lang, orgs=org, countries=country, since=since, until=until, undated=undated,
            limit=limit))) for line in lines]
    if fmt in ("csv", "jsonl"):
        write_hits(results, output, fmt=fmt, excel=excel)
        return
    result = results[0][1]
    if fmt == "json":
        output.write(json.dumps([dataclasses.asdict(m) | {"snippet": m.snippet} for m in result.matches],
                                ensure_ascii=False, indent=2, default=str) + "\n")
        if result.undated_left_out:
            click.echo(render.search_count(result), err=True)
    else:
        click.echo(render.search_results(result, color=output.isatty()), file=output)


@cli.command()
@click.argument("statement_id", metavar="ID|FILE")
@click.option("--lang", metavar="CODE", help="Only the section in this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the statement as JSON.")
@click.pass_context
def show(ctx: click.Context, statement_id: str, lang: str | None, as_json: bool) -> None:
    """Show one stored statement: masthead, sections, signatories, OCR confidence.

    ID is the statement's sha256 or a unique prefix of it (see `archive list`); FILE is a PDF that was
    ingested (its path, or its file name when only one stored file has it).

    \b
    Example:
        archive show 41f443e1 --lang en
        archive show examples/belarus-2020.pdf
    """
    with _archive(ctx) as archive:
        detail = archive.statement(statement_id, lang=lang or None)
    if as_json:
        _print_json(dataclasses.asdict(detail))
    else:
        click.echo(render.statement_detail_text(detail, one_language=bool(lang)))


@cli.command(name="list")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--all", "everything", is_flag=True, help="Also documents with no statement text (status no_statement).")
@click.option("--json", "as_json", is_flag=True, help="Print the statements as JSON.")
@click.pass_context
def list_(ctx: click.Context, path: Path | None, everything: bool, as_json: bool) -> None:
    """List stored statements by date: id, date, languages, signatories, file, title.

    With PATH, only the statements ingested from that file or from files below that folder.

    \b
    Example:
        archive list --json | jq '.[].title'
        archive list examples/
    """
    with _archive(ctx) as archive:
        rows = [dataclasses.asdict(s) for s in archive.statements(under=path, everything=everything)]
    if as_json:
        _print_json(rows)
    else:
        for row in rows:
            row["id"] = row["id"][:12]
            row["file"] = Path(row["file"]).name if row["file"] else None
        click.echo(render.table(rows, ("id", "date", "languages", "pages", "signatories", "status", "file", "title")))


@cli.command()
@click.option("--country", metavar="COUNTRY",
              help="Only organisations from this country (ISO code or name in any language, e.g. FR, Espagne).")
@click.option("--json", "as_json", is_flag=True, help="Print the organisations as JSON.")
@click.pass_context
def orgs(ctx: click.Context, country: str | None, as_json: bool) -> None:
    """List organisations with the number of statements each signed, most first.

    \b
    Example:
        archive orgs --country FR
    """
    with _archive(ctx) as archive:
        rows = [dataclasses.asdict(o) for o in archive.organisations(country=country)]
    if as_json:
        _print_json(rows)
    else:
        click.echo(render.organisations_table(rows))


@cli.command()
@click.argument("name")
@click.option("--cosigners", is_flag=True, help="List the organisations that signed with it: how many times, and where.")
@click.option("--country", metavar="COUNTRY", help="Only the organisation of this country (ISO code or name).")
@click.option("--json", "as_json", is_flag=True, help="Print the organisations as JSON.")
@click.pass_context
def org(ctx: click.Context, name: str, cosigners: bool, country: str | None, as_json: bool) -> None:
    """Show an organisation (by acronym or name): every spelling seen and the statements it signed.

    \b
    Example:
        archive org Solidaires
        archive org CGT --country ES --cosigners
    """
    with _archive(ctx) as archive:
        found: Any = archive.cosigners(name, country=country) if cosigners else archive.organisation(name, country=country)
    if as_json:
        _print_json([dataclasses.asdict(o) for o in found])
    elif cosigners:
        click.echo("\n\n".join(render.cosigners_text(o) for o in found))
    else:
        click.echo("\n\n".join(render.organisation_text(o) for o in found))


@cli.command(name="export")
@click.option("--what", type=click.Choice(WHAT), default="statements", show_default=True,
              help="statements: one record per statement; signatories: one per signature; network: organisations "
              "linked by the statements they signed together (for Gephi).")
@_format_option(tuple(dict.fromkeys(f for formats in FORMATS_BY_WHAT.values() for f in formats)), "jsonl")
@click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
@click.option("--excel", is_flag=True, help="With --format csv: start with a UTF-8 BOM so that Excel reads accents.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=Path("-"),
              help="File to write (default: stdout).")
@click.pass_context
def export_(ctx: click.Context, what: str, fmt: str, as_json: bool, excel: bool, output: Path) -> None:
    """Export statements, signatures (one row each) or the co-signature network.

    \b
    Formats: statements and signatories: json (one array), jsonl (one record per line), csv;
    network: gexf or graphml (networkx needed: pip install 'statement-archive[network]').

    \b
    Example:
        archive export --format csv -o statements.csv
        archive export --what signatories --format csv --excel -o signatures.csv
        archive export --what network --format gexf -o network.gexf
    """
    fmt = "json" if as_json else fmt
    if what == "network" and fmt == "jsonl":
        fmt = "gexf"  # the default format is for records; a network's default is gexf
    if fmt not in FORMATS_BY_WHAT[what]:
        raise click.UsageError(f"--what {what} is written as {' or '.join(FORMATS_BY_WHAT[what])}, not {fmt}")
    with _archive(ctx) as archive:
        if what == "network":
            with click.open_file(str(output), "wb") as stream:
                archive.export_network(stream, fmt=fmt)
        else:
            with click.open_file(str(output), "w", encoding="utf-8") as stream:
                archive.export(stream, fmt=fmt, what=what, excel=excel)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Say which archive is used and count what it holds.

    \b
    Example:
        ARCHIVE_HOME=/srv/archive archive stats
    """
    with _archive(ctx) as archive:
        result = archive.stats()
    if as_json:
        _print_json(dataclasses.asdict(result))
    else:
        click.echo(render.stats_text(result))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON.")
@click.pass_context
def failures(ctx: click.Context, as_json: bool) -> None:
    """List files that could not be ingested, with the reason (retry with `ingest --retry-failed`).

    \b
    Example:
        archive failures --json
    """
    with _archive(ctx) as archive:
        found = archive.failures()
    if as_json:
        _print_json([dataclasses.asdict(f) for f in found])
    else:
        click.echo(render.failures_text(found))


@cli.command()
@_no_wait_option
@_index_option("Rebuild with this backend (converts the archive); default: the one it has.")
@click.pass_context
def reindex(ctx: click.Context, no_wait: bool, index_backend: str | None) -> None:
    """Rebuild the full-text index from the database (after damage, an upgrade, or to change backend).

    \b
    Example:
        archive reindex && archive check
        archive reindex --index whoosh
    """
    with _writer(ctx, no_wait=no_wait) as archive:
        count = archive.reindex(index=index_backend)
    click.echo(f"indexed {count} statements")


@cli.command()
@_no_wait_option
@_index_option("The full-text index backend (default whoosh; tantivy is faster at scale and needs "
               "statement-archive[tantivy]).")
@click.pass_context
def init(ctx: click.Context, no_wait: bool, index_backend: str | None) -> None:
    """Create an empty archive, choosing its index backend (ingest creates one with the default otherwise).

    \b
    Example:
        archive init --index tantivy
    """
    with _writer(ctx, no_wait=no_wait) as archive:
        backend = archive.init(index=index_backend)
    click.echo(f"archive in {archive.settings.home}, index: {backend}")


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@_no_wait_option
@click.pass_context
def prune(ctx: click.Context, dry_run: bool, as_json: bool, no_wait: bool) -> None:
    """Remove statements whose every file is gone from disk, from the database and the index.

    Paths gone from disk of statements that keep another file are forgotten; organisations left
    without a signature are removed. Earlier versions of replaced files are kept (see `archive show`).

    \b
    Example:
        archive prune --dry-run && archive prune
    """
    with _writer(ctx, no_wait=no_wait) as archive:
        removal = archive.prune(dry_run=dry_run)
    if as_json:
        _print_json(dataclasses.asdict(removal))
    else:
        click.echo(render.removal_text(removal))


@cli.command()
@click.argument("ref", metavar="ID|PATH")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@_no_wait_option
@click.pass_context
def remove(ctx: click.Context, ref: str, dry_run: bool, as_json: bool, no_wait: bool) -> None:
    """Remove one statement (by id, id prefix, or the path of one of its files) from the database and the index.

    \b
    Example:
        archive remove 41f443e1
    """
    with _writer(ctx, no_wait=no_wait) as archive:
        removal = archive.remove(ref, dry_run=dry_run)
    if as_json:
        _print_json(dataclasses.asdict(removal))
    else:
        click.echo(render.removal_text(removal))


@cli.command()
@click.option("--full", is_flag=True, help="Run SQLite's full integrity_check (reads every page; slower) "
              "instead of quick_check.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def check(ctx: click.Context, full: bool, as_json: bool) -> None:
    """Check the database's integrity, then compare it with the index; exit 1 on any problem.

    \b
    Example:
        archive check || archive reindex
    """
    with _archive(ctx) as archive:
        result = archive.check(full=full)
    if as_json:
        index = dataclasses.asdict(result.index) | {"ok": result.index.ok} if result.index else None
        _print_json(dataclasses.asdict(result) | {"index": index, "ok": result.ok})
    else:
        click.echo(render.health_text(result))
    if not result.ok:
        ctx.exit(1)


def main() -> None:
    """Console entry point: known errors are one line (exit 1); so is anything unexpected."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings ("MediaBox missing") would break lines
    try:
        cli(prog_name="archive")
    except Exception as e:  # last resort: a bug must still not print a traceback at the user
        click.echo(f"Error: internal error: {type(e).__name__}: {e} (please report this)", err=True)
        sys.exit(1)
