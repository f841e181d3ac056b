"""Commands about the archive itself: stats, failures, check."""
from __future__ import annotations

import dataclasses

import click

from ._group import cli, opened_archive, print_json


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Say which archive is used and count what it holds.

    \b
    Example:
        ARCHIVE_HOME=/srv/archive archive stats
    """
    from .. import render

    with opened_archive(ctx) as archive:
        result = archive.stats()
    if as_json:
        print_json(dataclasses.asdict(result))
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
    from .. import render

    with opened_archive(ctx) as archive:
        found = archive.failures()
    if as_json:
        print_json([dataclasses.asdict(f) for f in found])
    else:
        click.echo(render.failures_text(found))



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
    from .. import render

    with opened_archive(ctx) as archive:
        result = archive.check(full=full)
    if as_json:
        index = dataclasses.asdict(result.index) | {"ok": result.index.ok} if result.index else None
        print_json(dataclasses.asdict(result) | {"index": index, "ok": result.ok})
    else:
        click.echo(render.health_text(result))
    if not result.ok:
        ctx.exit(1)


