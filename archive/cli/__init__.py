"""The `archive` command line (the only package that imports click): parse, call the library, print, exit."""
from __future__ import annotations

import sys

import click

from ._group import cli  # its commands' modules are imported when a command is used (COMMAND_MODULES)

__all__ = ["cli", "main"]


def main() -> None:
    """Console entry point: known errors are one line (exit 1); so is anything unexpected."""
    try:
        cli(prog_name="archive")
    except Exception as e:  # last resort: a bug must still not print a traceback at the user
        click.echo(f"Error: internal error: {type(e).__name__}: {e} (please report this)", err=True)
        sys.exit(1)
