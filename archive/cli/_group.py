"""The `archive` command group and what its commands share: the archive they open, common options, output."""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import extractor
from extractor import ENGINES, OCR_MODES, ExtractionError, ExtractOptions
from index import BACKENDS, SearchIndexError

from ..errors import ArchiveError, InvalidDate
from ..settings import HOME_ENV, Settings

if TYPE_CHECKING:
    from ..library import Archive

# Start-up: this module and the command modules import only the light faces of extractor and index
# (names, options, errors); each command imports what it runs (the store, the index, the pipeline)
# in its body, so that `archive --version`, `--help` and `extract` do not load SQLite or Whoosh.


# The module that defines each command, imported when the command runs (or when --help lists them
# all), so that `archive --version` loads none of them and a command loads only its own.
COMMAND_MODULES = {
    **dict.fromkeys(("extract", "ingest", "reindex", "init", "prune", "remove"), "_collect"),
    **dict.fromkeys(("stats", "failures", "check"), "_health"),
    **dict.fromkeys(("search", "show", "list", "orgs", "org", "export"), "_research"),
}


class ArchiveGroup(click.Group):
    """Loads each command's module on first use; turns the errors a user can cause or fix into a
    one-line message and exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"{__package__}.{COMMAND_MODULES[cmd_name]}")  # defining registers it
        return super().get_command(ctx, cmd_name)

    def all_commands(self) -> dict[str, click.Command]:
        """Every command by name (each module imported)."""
        ctx = click.Context(self)
        return {name: command for name in self.list_commands(ctx) if (command := self.get_command(ctx, name))}

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ArchiveError, ExtractionError, SearchIndexError) as e:
            raise click.ClickException(str(e)) from e
        except OSError as e:
            raise click.ClickException(f"{e.filename or ''}: {e.strerror or e}".lstrip(": ")) from e


def current_settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings) or Settings.resolve()


def opened_archive(ctx: click.Context) -> Archive:
    from ..library import Archive

    return Archive.open(current_settings(ctx))


def opened_writer(ctx: click.Context, *, no_wait: bool) -> Archive:
    """The archive for a command that writes: it waits for another writer, saying so on stderr, unless --no-wait."""
    def on_wait(pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        click.echo(f"waiting for {who}, which is writing to this archive (--no-wait to give up instead)...", err=True)

    from ..library import Archive

    return Archive.open(current_settings(ctx), wait=not no_wait, on_wait=on_wait)


def no_wait_option(func: Any) -> Any:
    return click.option("--no-wait", is_flag=True, help="If another process is writing to the archive, fail at "
                        "once (exit 1) instead of waiting for it.")(func)


def index_option(help_text: str) -> Any:
    return click.option("--index", "index_backend", type=click.Choice(BACKENDS), default=None, help=help_text)


def print_version(ctx: click.Context) -> None:
    from ..version import VERSION

    click.echo(f"statement-archive {VERSION}, extractor {extractor.VERSION}")
    ctx.exit(0)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def extract_options(engine: str, ocr: str, ocr_lang: str | None) -> ExtractOptions:
    languages = tuple(part for part in (ocr_lang or "").split("+") if part) or None
    return ExtractOptions(engine=engine, ocr=ocr, ocr_languages=languages)


def checked_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ..search import check_date

    try:
        return check_date(value)
    except InvalidDate as e:
        raise click.BadParameter(str(e)) from e


def extraction_options(func: Any) -> Any:
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
              print_version(ctx) if value else None, help="Show the versions and exit.")
@click.pass_context
def cli(ctx: click.Context, home: Path | None) -> None:
    """Turn folders of multilingual statement PDFs into a searchable archive.

    \b
    Example:
        archive ingest ~/statements/ && archive search "grève générale" --lang fr
    """
    ctx.obj = Settings.resolve(home=home)


