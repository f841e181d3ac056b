"""Signatories: where the list starts, its categories and entries -> `Signatory` (name, acronym, country)."""
from ..countries import country_code, find_country, normalize_name
from ._entries import parse_signatory, split_entries
from ._list import entry_score, is_list_heading, list_start, parse_list

__all__ = [
    "country_code", "entry_score", "find_country", "is_list_heading", "list_start", "normalize_name",
    "parse_list", "parse_signatory", "split_entries",
]
