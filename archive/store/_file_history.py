"""The store's side of files over time: where each statement's files are, which are missing, earlier versions,
and removing statements (with the organisations only they were signed by)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..errors import DatabaseDamaged
from ._database import Database, chunks, marks, now
from ._text import path_from_storage, storable_path
from .records import FileVersion


class FileHistory(Database):
    def stored_files(self) -> dict[str, list[str]]:
        """sha256 -> the paths recorded for it now (not earlier versions)."""
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.rows("SELECT path, sha256 FROM files ORDER BY path"):
            found[row["sha256"]].append(path_from_storage(row["path"]))
        return dict(found)

    def mark_missing(self, paths: Sequence[str]) -> int:
        """Note that these paths are no longer where they were; returns how many were not noted before."""
        changed = 0
        with self._transaction():
            for chunk in chunks([storable_path(p) for p in paths]):
                changed += self._execute(f"UPDATE files SET missing_since = ? WHERE missing_since IS NULL "
                                         f"AND path IN ({marks(len(chunk))})", [now(), *chunk]).rowcount
        return changed

    def mark_present(self, paths: Iterable[str]) -> None:
        with self._transaction():
            for chunk in chunks(sorted({storable_path(p) for p in paths})):
                self._execute(f"UPDATE files SET missing_since = NULL WHERE missing_since IS NOT NULL "
                              f"AND path IN ({marks(len(chunk))})", list(chunk))

    def missing_files(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM files WHERE missing_since IS NOT NULL") or 0)

    def file_versions(self, sha256: str) -> list[FileVersion]:
        """The versions of this statement's files: what each path held before it, and what replaced it."""
        rows = self.rows(
            "SELECT path, sha256, replaced_by, replaced_at FROM file_versions "
            "WHERE sha256 = ? OR replaced_by = ? OR path IN (SELECT path FROM files WHERE sha256 = ?) "
            "ORDER BY path, replaced_at", [sha256, sha256, sha256])
        return [FileVersion(**r) for r in rows]

    def forget_paths(self, paths: Sequence[str]) -> None:
        """Drop path rows (of files gone from disk) whose statements keep another file."""
        with self._transaction():
            for chunk in chunks([storable_path(p) for p in paths]):
                self._execute(f"DELETE FROM files WHERE path IN ({marks(len(chunk))})", list(chunk))

    def remove_statements(self, sha256s: Sequence[str]) -> int:
        """Delete statements with their sections, signatures, paths and history, and the organisations left
        without a signature, in one transaction; returns how many organisations went."""
        with self._transaction():
            for chunk in chunks(list(sha256s)):
                self._execute(f"DELETE FROM documents WHERE sha256 IN ({marks(len(chunk))})", list(chunk))
                self._execute(f"DELETE FROM failures WHERE sha256 IN ({marks(len(chunk))})", list(chunk))
            return self._execute("DELETE FROM organisations WHERE id NOT IN "
                                 "(SELECT organisation FROM signatures)").rowcount

    def orphaned_organisations(self, sha256s: Sequence[str]) -> int:
        """How many organisations only these statements were signed by."""
        if not sha256s:
            return 0
        return int(self.scalar(
            f"SELECT COUNT(DISTINCT organisation) FROM signatures WHERE document IN ({marks(len(sha256s))}) "
            f"AND organisation NOT IN (SELECT organisation FROM signatures WHERE document NOT IN "
            f"({marks(len(sha256s))}))", [*sha256s, *sha256s]) or 0)

    def no_statement_count(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM documents WHERE status = 'no_statement'") or 0)

    def indexed_sections(self) -> int:
        """Sections of documents marked indexed: what the index must hold at least."""
        return int(self.scalar("SELECT COUNT(*) FROM sections s JOIN documents d ON d.sha256 = s.document "
                               "WHERE d.indexed = 1") or 0)

    def integrity_problems(self, *, full: bool = False) -> list[str]:
        """What SQLite's integrity_check (full) or quick_check finds wrong; empty when the database is sound."""
        pragma = "integrity_check" if full else "quick_check"
        try:
            found = [r[pragma] for r in self.rows(f"PRAGMA {pragma}")]
        except DatabaseDamaged as e:
            return [e.reason]
        return [] if found == ["ok"] else [line for row in found for line in str(row).splitlines()]
