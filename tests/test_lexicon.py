"""The language knowledge in extractor.lexicon agrees with itself and with the language identifier."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractor import lexicon
from extractor.signatories import normalize_name
from extractor.structure import LanguageGuesser

TABLES = {
    "LIST_HEADING_WORDS": lexicon.LIST_HEADING_WORDS,
    "LIST_HEADING_PHRASES": lexicon.LIST_HEADING_PHRASES,
    "LIST_HEADING_STEMS": lexicon.LIST_HEADING_STEMS,
    "LINKING_WORDS": lexicon.LINKING_WORDS,
    "CONJUNCTIONS": lexicon.CONJUNCTIONS,
    "ORGANISATION_STEMS": lexicon.ORGANISATION_STEMS,
}


@pytest.mark.parametrize("name", TABLES)
def test_every_word_list_is_for_a_supported_language(name):
    assert set(TABLES[name]) <= set(lexicon.SUPPORTED_LANGUAGES)


def test_the_identifier_knows_every_supported_language():
    supported = frozenset(lexicon.SUPPORTED_LANGUAGES)
    assert LanguageGuesser(supported).restricted_to(supported).languages == supported


def test_text_is_only_ever_given_a_supported_language():
    guesser = LanguageGuesser(frozenset(lexicon.SUPPORTED_LANGUAGES))
    for text in ("void float cpx int main return struct", "Sumaq kawsay llaqta runakuna", "Moien, wéi geet et dir"):
        assert guesser.guess(text)[0] in lexicon.SUPPORTED_LANGUAGES


@pytest.mark.parametrize("name", ["LIST_HEADING_WORDS", "LIST_HEADING_PHRASES", "ORGANISATION_STEMS"])
def test_lists_compared_with_folded_names_are_folded(name):
    """These are matched against normalize_name() output: accents stripped, lower case."""
    table = TABLES[name]
    entries = lexicon.words_of(table) if name == "LIST_HEADING_WORDS" else lexicon.all_of(table)
    for entry in entries:
        if entry.isascii():
            assert normalize_name(entry) == entry


def test_conjunctions_are_linking_words_where_both_are_listed():
    """A name cannot end with a conjunction either ('Union of Bakers and')."""
    for lang in set(lexicon.CONJUNCTIONS) & set(lexicon.LINKING_WORDS):
        linking = set(lexicon.LINKING_WORDS[lang].split())
        assert linking & set(lexicon.CONJUNCTIONS[lang].split()), lang


def test_dictionary_knows_common_words_of_each_language():
    assert lexicon.is_common_word("anticipation") and not lexicon.is_common_word("cipation")
    assert lexicon.is_common_word("Solidarité") and lexicon.is_common_word("Arbeitsmarkt")
    assert not lexicon.is_common_word("hafenar")


_FIRST_EXTRACTION_AFTER_PRELOAD = """
import sys
sys.path.insert(0, sys.argv[1])
from extractor import countries, extract
from extractor.preload import preload
from extractor.structure import _languages

preload()

def built_again(*_args, **_kwargs):
    raise AssertionError("built again after preload()")

countries._cldr_names = built_again  # what the country table is built from
_languages._cached_arrays = built_again  # what the language model is loaded from
statement = extract(sys.argv[2])
print(len(statement.signatories))
"""


def test_a_first_extraction_after_preload_builds_no_table_again():
    """What a fork server preloads for its workers (archive._worker_preload) is all a first file needs
    (in a new process: this one has long built both)."""
    repo = Path(__file__).resolve().parent.parent
    fixture = repo / "tests" / "fixtures" / "statements" / "one-language-en.pdf"
    done = subprocess.run([sys.executable, "-c", _FIRST_EXTRACTION_AFTER_PRELOAD, str(repo), str(fixture)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0
