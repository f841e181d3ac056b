"""Structure: blocks -> languages, masthead, sections with their titles, the date; tables of contents dropped."""
from ._contents import drop_table_of_contents, is_url_or_email
from ._dates import find_date, is_dateline, statement_date
from ._languages import LanguageGuesser
from ._sections import document_languages, first_title, masthead, split_sections

__all__ = [
    "LanguageGuesser", "document_languages", "drop_table_of_contents", "find_date",
    "first_title", "is_dateline", "is_url_or_email", "masthead", "split_sections", "statement_date",
]
