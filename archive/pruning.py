"""Taking statements out of the archive: those whose every file is gone (`prune`), or one by id or path (`remove`)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from index import SearchIndexError, SectionIndex

from .errors import IndexDamaged
from .store import StatementHeading, Store


@dataclass(frozen=True, slots=True)
class Removal:
    """What a prune or a remove took out of the database and the index (or, with dry_run, would)."""

    statements: tuple[StatementHeading, ...]
    forgotten_paths: tuple[str, ...]  # paths gone from disk, of statements that keep another file
    organisations: int  # organisations left without a signature, removed with them
    dry_run: bool = False


def plan_prune(store: Store) -> tuple[list[str], list[str]]:
    """(statements whose every recorded file is gone from disk, gone paths of statements that keep a file)."""
    statements, paths = [], []
    for sha, files in store.stored_files().items():
        gone = [p for p in files if not os.path.lexists(p)]
        if len(gone) == len(files):
            statements.append(sha)
        else:
            paths += gone
    return sorted(statements), sorted(paths)


def remove(store: Store, index: SectionIndex, sha256s: list[str], *, forget: list[str] = (),
           dry_run: bool = False) -> Removal:
    """Remove statements from the database (with orphaned organisations), then from the index."""
    headings = store.statement_headings(sha256s)
    found = tuple(headings[s] for s in sha256s if s in headings)
    if dry_run:
        return Removal(found, tuple(forget), store.orphaned_organisations(sha256s), dry_run=True)
    if forget:
        store.forget_paths(list(forget))
    organisations = store.remove_statements(sha256s) if sha256s else 0
    if sha256s:
        try:
            index.delete(sha256s)
        except SearchIndexError as e:
            raise IndexDamaged(index.path, f"the statements left the database but not the index: {e}") from e
    return Removal(found, tuple(forget), organisations)
