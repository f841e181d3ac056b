"""The archive: SQLite store, ingest pipeline and the `archive` command line, built on extractor and index."""
from .errors import ArchiveError
from .indexing import Consistency, compare, rebuild_index, sync_index
from .ingest import ingest, plan_ingest
from .report import FileOutcome, IngestReport
from .search import SearchRequest, StatementMatch, search_statements
from .settings import IngestOptions, Settings
from .store import Store

__all__ = [
    "ArchiveError", "Consistency", "FileOutcome", "IngestOptions", "IngestReport", "SearchRequest", "Settings",
    "StatementMatch", "Store", "compare", "ingest", "plan_ingest", "rebuild_index", "search_statements",
    "sync_index",
]
