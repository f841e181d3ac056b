"""Commands that answer researchers: search, show, list, orgs, org, export."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import click

from ..formats import FORMATS_BY_WHAT, WHAT
from ._group import checked_date, cli, opened_archive, print_json


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
@click.option("--since", callback=checked_date, metavar="DATE", help="Only statements dated on or after (YYYY[-MM[-DD]]).")
@click.option("--until", callback=checked_date, metavar="DATE", help="Only statements dated on or before (YYYY[-MM[-DD]]).")
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
    from .. import render
    from ..search import SearchRequest

    fmt = "json" if as_json else fmt
    if (query is None) == (queries is None):
        raise click.UsageError("give a QUERY or --queries FILE (one query per line)")
    lines = [query] if query is not None else [line.strip() for line in queries if line.strip()]
    if queries is not None and fmt not in ("csv", "jsonl"):
        raise click.UsageError("--queries writes a table of hits: add --format csv or --format jsonl")
    with opened_archive(ctx) as archive:
        results = [(line, archive.search(SearchRequest(
            query=line, langs=lang, orgs=org, countries=country, since=since, until=until, undated=undated,
            limit=limit))) for line in lines]
    if fmt in ("csv", "jsonl"):
        from ..export import write_hits

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
    from .. import render

    with opened_archive(ctx) as archive:
        detail = archive.statement(statement_id, lang=lang or None)
    if as_json:
        print_json(dataclasses.asdict(detail))
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
    from .. import render

    with opened_archive(ctx) as archive:
        rows = [dataclasses.asdict(s) for s in archive.statements(under=path, everything=everything)]
    if as_json:
        print_json(rows)
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
    from .. import render

    with opened_archive(ctx) as archive:
        rows = [dataclasses.asdict(o) for o in archive.organisations(country=country)]
    if as_json:
        print_json(rows)
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
    from .. import render

    with opened_archive(ctx) as archive:
        found: Any = archive.cosigners(name, country=country) if cosigners else archive.organisation(name, country=country)
    if as_json:
        print_json([dataclasses.asdict(o) for o in found])
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
    with opened_archive(ctx) as archive:
        if what == "network":
            with click.open_file(str(output), "wb") as stream:
                archive.export_network(stream, fmt=fmt)
        else:
            with click.open_file(str(output), "w", encoding="utf-8") as stream:
                archive.export(stream, fmt=fmt, what=what, excel=excel)


