"""Plain-text views of statements, search results, reports and counts, for the CLI to print."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .escape import one_line
from .outcome import REPORTED, Outcome

if TYPE_CHECKING:  # types only: `archive extract` prints a statement without loading the store or the index
    from extractor import Signatory, Statement

    from .health import Health
    from .indexing import Consistency
    from .library import ArchiveStats
    from .pruning import Removal
    from .report import IngestReport
    from .search import SearchResult
    from .store import OrganisationCosigners, OrganisationDetail, RecordedFailure, StatementDetail

_LABELS = {Outcome.NEW: "new", Outcome.UPDATED: "updated",
           Outcome.REPLACED: "replaced (a new version at a stored path)", Outcome.PRESENT: "already present", Outcome.MOVED: "moved", Outcome.DUPLICATE: "duplicates",
           Outcome.MISSING: "missing (no longer where they were)", Outcome.NEEDS_OCR: "needs OCR",
           Outcome.NO_STATEMENT: "no statement (not listed or searched)", Outcome.FAILED: "failed",
           Outcome.FAILED_BEFORE: "failed before (not retried)", Outcome.TO_EXTRACT: "to extract"}
_HIGHLIGHT = re.compile(r"\[\[(.+?)\]\]")
SNIPPET_SECTIONS = 2  # sections of one statement whose snippet is printed; "matched in" names them all


def first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" ..." if len(words) > count else "")


def _confidence(value: float | None) -> str:
    return f"{value:.0f}/100" if value is not None else "-"


def statement_summary(statement: Statement) -> str:
    """What `archive extract` prints: the structure found in one PDF."""
    lines = [f"file:        {statement.source}", f"pages:       {statement.pages} (engine {statement.engine})",
             f"languages:   {', '.join(dict.fromkeys(statement.languages)) or '-'}",
             f"date:        {statement.date or '-'}" + (f" ({statement.date_source})" if statement.date_source else "")]
    if statement.ocr_pages:
        lines.append(f"OCR pages:   {', '.join(map(str, statement.ocr_pages))} "
                     f"(confidence {_confidence(statement.ocr_confidence)})")
    lines.append(f"\nmasthead ({len(statement.masthead)} lines):")
    lines += [f"  [{m.lang or '?'}] {m.text}" for m in statement.masthead]
    lines.append(f"\nsections ({len(statement.sections)}):")
    for s in statement.sections:
        lines.append(f"  [{s.lang or '?'}] {s.title or '(no title)'}  ({len(s.text.split())} words)")
        lines.append(f"       {first_words(s.text)}")
    lines.append(f"\nsignatories ({len(statement.signatories)}):")
    lines += _signatory_lines(statement.signatories)
    if statement.warnings:
        lines.append("\nwarnings:")
        lines += [f"  - {w}" for w in statement.warnings]
    return "\n".join(lines)


def _signatory_lines(signatories: Sequence[Signatory]) -> list[str]:
    lines = []
    for category, group in groupby(signatories, key=lambda s: s.category):
        lines.append(f"  {category or '(no category)'}:")
        for s in group:
            acronym = f" ({s.acronym})" if s.acronym else ""
            lines.append(f"    - {s.name}{acronym} [{s.country_code or '--'}]")
    return lines


def statement_detail_text(detail: StatementDetail, *, one_language: bool = False) -> str:
    """What `archive show` prints; for `--lang` (one_language) only the sections, without masthead and signatories."""
    lines = [f"id:          {detail.id}", f"title:       {detail.title or '-'}", f"date:        {_dated(detail)}",
             f"status:      {detail.status}" + (f" ({detail.status_detail})" if detail.status_detail else ""),
             f"pages:       {detail.pages if detail.pages is not None else '-'}",
             f"languages:   {', '.join(detail.languages) or '-'}",
             f"OCR:         {_ocr_line(detail)}", f"extractor:   {detail.extractor_version} ({detail.engine or '-'})",
             f"ingested:    {detail.ingested_at}"]
    lines += [f"file:        {one_line(p)}" for p in detail.paths]
    lines += [f"version:     {one_line(v.path)}: {v.sha256[:12]} until {v.replaced_at}, then {v.replaced_by[:12]}"
              for v in detail.versions]
    if not one_language:
        lines.append(f"\nmasthead ({len(detail.masthead)} lines):")
        lines += [f"  [{m.lang or '?'}] {m.text}" for m in detail.masthead]
    for s in detail.sections:
        lines.append(f"\n[{s.lang or '?'}] {s.title or '(no title)'}\n")
        lines.append(s.text)
    if not one_language:
        lines.append(f"\nsignatories ({len(detail.signatories)}):")
        for category, group in groupby(detail.signatories, key=lambda s: s.category):
            lines.append(f"  {category or '(no category)'}:")
            lines += [f"    - {s.entry} [{s.country_code or '--'}]" for s in group]
    if detail.warnings:
        lines.append("\nwarnings:")
        lines += [f"  - {w}" for w in detail.warnings]
    return "\n".join(lines)


def _dated(detail: StatementDetail) -> str:
    if detail.date is None:
        return "- (no date found)"
    if detail.date_source is None:
        return f"{detail.date} (where it was found is not recorded: `archive ingest --force` records it)"
    return f"{detail.date} ({detail.date_source})"


def _ocr_line(detail: StatementDetail) -> str:
    if not detail.ocr_pages:
        return "none (text layer)"
    return f"pages {', '.join(map(str, detail.ocr_pages))}, confidence {_confidence(detail.ocr_confidence)}"


def highlight(snippet: str, *, color: bool) -> str:
    """[[word]] markers as bold on a terminal, as *word* otherwise."""
    replacement = "\033[1m\\1\033[0m" if color else "*\\1*"
    return _HIGHLIGHT.sub(replacement, snippet)


def search_results(result: SearchResult, *, color: bool) -> str:
    """Each statement: id, date, title and file; one "matched in" line; one snippet line per matching section."""
    lines = [search_count(result)]
    for m in result.matches:
        file = f"  ({Path(m.file).name})" if m.file else ""
        lines.append(f"\n{m.id[:12]}  {m.date or '----------'}  {m.title or '(no title)'}{file}")
        if m.sections:
            lines.append("  matched in " + ", ".join(f"{h.lang or '?'} (section {h.position + 1})" for h in m.sections))
        for hit in m.sections[:SNIPPET_SECTIONS]:
            lines.append(f"  {hit.lang or '?'}: {highlight(hit.snippet, color=color)}")
    return "\n".join(lines)


def search_count(result: SearchResult) -> str:
    if not result.total:
        head = "no matching statements"
    else:
        head = f"showing {len(result.matches)} of {result.total} statement{'s' if result.total > 1 else ''}"
    if result.undated_left_out:
        head += (f" ({result.undated_left_out} undated statement{'s' if result.undated_left_out > 1 else ''} "
                 f"left out by --since/--until; add --undated to include them)")
    return head


def table(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, widest: dict[str, int] | None = None) -> str:
    """Rows as aligned columns with a header; a column named in `widest` is cut to that width with "…"."""
    cells = [[_shortened(_cell(r.get(c)), (widest or {}).get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def _shortened(text: str, width: int | None) -> str:
    return text if width is None or len(text) <= width else text[:width - 1] + "…"


TERMINAL_COLUMNS = 100  # `orgs` fits a terminal this wide; --json gives the names in full
_ORG_COLUMNS = ("statements", "country_code", "acronym", "name", "id")
_ORG_ACRONYM_WIDTH = 16  # longer acronyms are rare; they are cut before names are


def organisations_table(rows: Sequence[dict[str, Any]]) -> str:
    """`archive orgs`: one line per organisation, within TERMINAL_COLUMNS (acronym and name shortened)."""
    fixed = sum(max(len(c), *(len(_cell(r.get(c))) for r in rows), 0) if rows else len(c)
                for c in ("statements", "country_code", "id"))
    acronym = min(_ORG_ACRONYM_WIDTH, max([len("acronym"), *(len(_cell(r.get("acronym"))) for r in rows)]))
    name = TERMINAL_COLUMNS - fixed - acronym - 2 * (len(_ORG_COLUMNS) - 1)
    return table(rows, _ORG_COLUMNS, widest={"acronym": acronym, "name": name})


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)


def organisation_text(org: OrganisationDetail) -> str:
    acronym = f" ({org.acronym})" if org.acronym else ""
    lines = [f"{org.name}{acronym} [{org.country_code or '--'}]  organisation #{org.id}", "spellings:"]
    lines += [f"  - {s.name}" + (f" ({s.acronym})" if s.acronym else "") + (f" - {s.country}" if s.country else "")
              for s in org.spellings]
    lines.append(f"statements ({len(org.statements)}):")
    lines += [f"  {s.id[:12]}  {s.date or '----------'}  {s.title or '(no title)'}" for s in org.statements]
    return "\n".join(lines)


def cosigners_text(org: OrganisationCosigners) -> str:
    """`archive org X --cosigners`: who signed with X, how many times, and the statements (ids)."""
    acronym = f" ({org.acronym})" if org.acronym else ""
    lines = [f"{org.name}{acronym} [{org.country_code or '--'}]  organisation #{org.id}, {org.statements} statements",
             f"signed with ({len(org.cosigners)} organisations):"]
    for c in org.cosigners:
        other = f" ({c.acronym})" if c.acronym else ""
        lines.append(f"  {len(c.statements):>3}  {c.name}{other} [{c.country_code or '--'}]  #{c.id}")
        lines.append(f"       {' '.join(s[:12] for s in c.statements)}")
    return "\n".join(lines)


def ingest_summary(report: IngestReport) -> str:
    counts = report.counts
    verb = "would ingest" if report.dry_run else "ingested"
    ocr = f", {report.ocr_pages} by OCR" if report.ocr_pages else ""
    lines = [f"{verb} into {report.home} in {report.seconds:.1f} s ({report.pages} pages{ocr})"]
    if report.index_repaired:
        lines.append(f"  the index was damaged ({report.index_repaired}): rebuilt from the database")
    lines += [f"  {_LABELS[name]}: {counts[name]}" for name in REPORTED
              if counts[name] or name in (Outcome.NEW, Outcome.FAILED)]
    for f in report.failures:
        lines.append(f"  ! {one_line(f.reason or f.path)}")
    return "\n".join(lines)


def failures_text(failures: Sequence[RecordedFailure]) -> str:
    """What `archive failures` prints: each path once, then its kind and the reason (without the path again)."""
    if not failures:
        return "no failures recorded"
    blocks = []
    for f in failures:
        reason = f.reason.removeprefix(f"{f.path}: ") if f.reason else "-"
        blocks.append(f"{one_line(f.path)}\n  {f.kind}: {one_line(reason)}")
    return "\n".join(blocks)


def removal_text(removal: Removal) -> str:
    """What `archive prune` and `archive remove` print."""
    verb = "would remove" if removal.dry_run else "removed"
    lines = [f"{verb} {len(removal.statements)} statement(s)"
             + (f" and {removal.organisations} organisation(s) left without a signature" if removal.organisations
                else "")]
    lines += [f"  {s.id[:12]}  {s.date or '----------'}  {one_line(s.title or '(no title)')}" for s in removal.statements]
    if removal.forgotten_paths:
        lines.append(f"{'would forget' if removal.dry_run else 'forgot'} {len(removal.forgotten_paths)} path(s) "
                     "no longer on disk, of statements that keep another file:")
        lines += [f"  {one_line(p)}" for p in removal.forgotten_paths]
    return "\n".join(lines)


def stats_text(stats: ArchiveStats) -> str:
    langs = ", ".join(f"{k} {v}" for k, v in stats.languages.items()) or "-"
    return "\n".join([
        f"archive:       {stats.home}", f"database:      {stats.database}", f"index:         {stats.index}",
        f"statements:    {stats.statements} ({stats.needs_ocr} need OCR, {stats.no_statement} documents with no "
        "statement text)",
        f"files:         {stats.files} ({stats.failed_files} failed, {stats.missing_files} missing)", f"pages:         {stats.pages}",
        f"sections:      {stats.sections} ({langs})", f"signatures:    {stats.signatures}",
        f"organisations: {stats.organisations}", f"not indexed:   {stats.not_indexed}",
        f"index sections: {stats.index_sections}",
    ])


def health_text(health: Health) -> str:
    """What `archive check` prints: the database's integrity, then how the index compares with it."""
    kind = "integrity_check" if health.full else "quick_check"
    if health.database_problems:
        lines = [f"database: damaged (SQLite {kind} found {len(health.database_problems)} problem(s)):"]
        lines += [f"  {one_line(p)}" for p in health.database_problems[:10]]
        lines.append("restore archive.db from a backup, or ingest the folders again into a new archive "
                     "(--home elsewhere); the index cannot be trusted either")
        return "\n".join(lines)
    lines = [f"database: sound (SQLite {kind})"]
    if health.index is None:
        return "\n".join([*lines, f"index:    {health.index_problem}"])
    lines.append(consistency_text(health.index))
    if health.index_problem:
        lines.append(f"index:    {health.index_problem}")
    return "\n".join(lines)


def consistency_text(result: Consistency) -> str:
    lines = [f"database: {result.documents} statements, {result.database_sections} sections",
             f"index:    {result.indexed_statements} statements, {result.index_sections} sections"]
    if result.ok:
        lines.append("ok: database and index agree")
    for label, ids in (("missing from the index", result.missing_from_index),
                       ("in the index but not in the database", result.not_in_database),
                       ("stored but not yet indexed", result.pending)):
        if ids:
            lines.append(f"{len(ids)} {label}: {', '.join(i[:12] for i in ids[:10])}")
    if result.database_sections != result.index_sections and not result.ok:
        lines.append("section counts differ")
    if not result.ok:
        lines.append("run `archive reindex` to rebuild the index from the database")
    return "\n".join(lines)
