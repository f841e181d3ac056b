"""Commands that read PDFs into the archive or change what it holds: extract, ingest, init, reindex, prune, remove."""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from ..settings import (
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIMEOUT,
    MIN_MEMORY_LIMIT_MB,
    SCHEDULER_ENV,
    IngestOptions,
)
from ._group import (
    cli,
    extract_options,
    extraction_options,
    index_option,
    no_wait_option,
    opened_writer,
    print_json,
)


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the statement as one JSON object.")
@extraction_options
def extract(pdf: Path, as_json: bool, engine: str, ocr: str, ocr_lang: str | None) -> None:
    """Show the structure of one PDF (masthead, sections, signatories) without storing anything.

    \b
    Example:
        archive extract statement.pdf --json > statement.json
    """
    import logging

    from extractor import extract

    from .. import render

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings ("MediaBox missing") would break lines
    statement = extract(pdf, extract_options(engine, ocr, ocr_lang))
    if as_json:
        print_json(dataclasses.asdict(statement))
    else:
        click.echo(render.statement_summary(statement))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes extracting in parallel [default: number of CPUs].")
@click.option("--force", is_flag=True, help="Extract again files already stored (e.g. after an extractor upgrade).")
@click.option("--checksum", is_flag=True, help="Read every file, even one recorded with the same size and "
              "times (otherwise taken as unchanged, as git does; --force reads every file too).")
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
@no_wait_option
@click.option("--memory-limit", "memory_limit", type=click.IntRange(min=MIN_MEMORY_LIMIT_MB),
              default=DEFAULT_MEMORY_LIMIT_MB, show_default=True, metavar="MB",
              help="Address space per worker process; a file that needs more is recorded as failed (too large, "
              "or crashed, possibly out of memory, when the PDF library aborts).")
@index_option("For a new archive: the full-text index backend (default whoosh; tantivy needs "
               "statement-archive[tantivy]). An archive keeps the backend it was made with.")
@extraction_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], jobs: int | None, force: bool, checksum: bool, dry_run: bool,
           retry_failed: bool, timeout: float, as_json: bool, scheduler: str | None, send_files: bool, no_wait: bool,
           memory_limit: int, index_backend: str | None, engine: str, ocr: str, ocr_lang: str | None) -> None:
    """Add PDF files and folders (searched recursively) to the archive.

    Files already stored with this extractor version are skipped (one recorded with its present size
    and times is not even read: see --checksum); the same content under another
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
    from .. import render
    from ..progress import BarProgress, LineProgress

    if send_files and not scheduler:
        raise click.UsageError("--send-files needs --scheduler (or $ARCHIVE_SCHEDULER)")
    options = IngestOptions(jobs=jobs or os.cpu_count() or 1, force=force, checksum=checksum, dry_run=dry_run,
                            retry_failed=retry_failed, timeout=timeout,
                            extract=extract_options(engine, ocr, ocr_lang),
                            scheduler=scheduler or None, send_files=send_files, index_backend=index_backend,
                            memory_limit_mb=memory_limit)
    progress = None
    if not as_json:
        err = sys.stderr  # CliRunner swaps it too; click.get_text_stream is deprecated in Click 8.5
        progress = BarProgress(err) if err.isatty() else LineProgress(err)
    try:
        with opened_writer(ctx, no_wait=no_wait) as archive:
            report = archive.ingest(paths, options, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(render.ingest_summary(report))
    if report.failures and not report.dry_run:
        ctx.exit(1)



@cli.command()
@no_wait_option
@index_option("Rebuild with this backend (converts the archive); default: the one it has.")
@click.pass_context
def reindex(ctx: click.Context, no_wait: bool, index_backend: str | None) -> None:
    """Rebuild the full-text index from the database (after damage, an upgrade, or to change backend).

    \b
    Example:
        archive reindex && archive check
        archive reindex --index whoosh
    """
    with opened_writer(ctx, no_wait=no_wait) as archive:
        count = archive.reindex(index=index_backend)
    click.echo(f"indexed {count} statements")


@cli.command()
@no_wait_option
@index_option("The full-text index backend (default whoosh; tantivy is faster at scale and needs "
               "statement-archive[tantivy]).")
@click.pass_context
def init(ctx: click.Context, no_wait: bool, index_backend: str | None) -> None:
    """Create an empty archive, choosing its index backend (ingest creates one with the default otherwise).

    \b
    Example:
        archive init --index tantivy
    """
    with opened_writer(ctx, no_wait=no_wait) as archive:
        backend = archive.init(index=index_backend)
    click.echo(f"archive in {archive.settings.home}, index: {backend}")


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@no_wait_option
@click.pass_context
def prune(ctx: click.Context, dry_run: bool, as_json: bool, no_wait: bool) -> None:
    """Remove statements whose every file is gone from disk, from the database and the index.

    Paths gone from disk of statements that keep another file are forgotten; organisations left
    without a signature are removed. Earlier versions of replaced files are kept (see `archive show`).

    \b
    Example:
        archive prune --dry-run && archive prune
    """
    from .. import render

    with opened_writer(ctx, no_wait=no_wait) as archive:
        removal = archive.prune(dry_run=dry_run)
    if as_json:
        print_json(dataclasses.asdict(removal))
    else:
        click.echo(render.removal_text(removal))


@cli.command()
@click.argument("ref", metavar="ID|PATH")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@no_wait_option
@click.pass_context
def remove(ctx: click.Context, ref: str, dry_run: bool, as_json: bool, no_wait: bool) -> None:
    """Remove one statement (by id, id prefix, or the path of one of its files) from the database and the index.

    \b
    Example:
        archive remove 41f443e1
    """
    from .. import render

    with opened_writer(ctx, no_wait=no_wait) as archive:
        removal = archive.remove(ref, dry_run=dry_run)
    if as_json:
        print_json(dataclasses.asdict(removal))
    else:
        click.echo(render.removal_text(removal))


