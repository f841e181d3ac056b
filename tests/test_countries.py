"""Country names in many languages and spellings -> ISO codes."""
from __future__ import annotations

import pytest

from extractor.countries import country_code, find_country, normalize_name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # French, as the seed writes them
        ("Brésil", "BR"), ("Italie", "IT"), ("Algérie", "DZ"), ("Haïti", "HT"), ("Sénégal", "SN"),
        ("Pologne", "PL"), ("Côte d'Ivoire", "CI"), ("Allemagne", "DE"), ("Suisse", "CH"),
        ("Mexique", "MX"), ("Namibie", "NA"), ("Turquie", "TR"), ("Bosnie-Herzégovine", "BA"),
        # English, Spanish, Portuguese, Italian, German
        ("Germany", "DE"), ("United States", "US"), ("South Korea", "KR"), ("Bosnia & Herzegovina", "BA"),
        ("Estados Unidos", "US"), ("Reino Unido", "GB"), ("Marruecos", "MA"), ("Perú", "PE"),
        ("Alemanha", "DE"), ("Moçambique", "MZ"), ("Stati Uniti", "US"), ("Svizzera", "CH"),
        ("Vereinigte Staaten", "US"), ("Frankreich", "FR"), ("Österreich", "AT"),
        # native names (each country's own languages)
        ("España", "ES"), ("Deutschland", "DE"), ("Brasil", "BR"), ("Türkiye", "TR"), ("Sverige", "SE"),
        ("Polska", "PL"), ("Ελλάδα", "GR"), ("Россия", "RU"), ("日本", "JP"),
        # Arabic
        ("فرنسا", "FR"), ("الجزائر", "DZ"), ("فلسطين", "PS"), ("تونس", "TN"),
        # regions and political names from the alias table
        ("Catalogne", "ES"), ("Catalunya", "ES"), ("Cataluña", "ES"), ("Pays basque", "ES"),
        ("Euskadi", "ES"), ("País Vasco", "ES"), ("País Basco", "ES"), ("Catalunha", "ES"), ("Galiza", "ES"), ("Etat espagnol", "ES"), ("Estado español", "ES"),
        ("Écosse", "GB"), ("Wales", "GB"), ("Angleterre", "GB"), ("Grande-Bretagne", "GB"), ("UK", "GB"),
        ("Etats-Unis", "US"), ("USA", "US"), ("EEUU", "US"), ("Burkina", "BF"), ("Sahara occidental", "EH"),
        ("Martinique", "MQ"), ("Guadeloupe", "GP"), ("Hong Kong", "HK"), ("Palestine", "PS"),
        # CLDR's "Myanmar (Burma)" also answers to each part
        ("Myanmar", "MM"), ("Birmanie", "MM"),
    ],
)
def test_country_code_knows_names_in_many_languages(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    "spelling",
    ["Etat espagnol", "État espagnol", "ÉTAT ESPAGNOL", "etat-espagnol", "  Etat   Espagnol. ", "l'Etat espagnol"],
)
def test_matching_ignores_case_accents_punctuation_and_articles(spelling: str) -> None:
    assert country_code(spelling) == "ES"


@pytest.mark.parametrize("spelling", ["Côte d'Ivoire", "Côte d’Ivoire", "COTE D IVOIRE", "Cote-d'Ivoire"])
def test_apostrophes_and_hyphens_are_unified(spelling: str) -> None:
    assert country_code(spelling) == "CI"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Kurdistan", "Liverpool", "Solidaires", "CGT", "Union", "Red", "Bahia Blanca",
     "Ville de Bruxelles", "Europe", "World", "Monde", "Afrique", "Amérique latine", "Unión Europea"],
)
def test_non_countries_give_none(text: str) -> None:
    assert country_code(text) is None


def test_normalize_name_folds_case_marks_and_punctuation() -> None:
    assert normalize_name("  Côte d’Ivoire ") == "cote d ivoire"
    assert normalize_name("Bosnia & Herzegovina") == "bosnia and herzegovina"
    assert normalize_name("ÉTATS-UNIS") == "etats unis"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Confederación General del Trabajo (CGT) - Etat espagnol.", ("Etat espagnol", "ES")),
        ("Plateforme Nationale du secteur public - Côte d'Ivoire.", ("Côte d'Ivoire", "CI")),
        ("Unión Nacional (UNT) - El Salvador", ("El Salvador", "SV")),
        ("Globalization Monitor (GM) - Hong Kong", ("Hong Kong", "HK")),
        ("Workers Solidarity Action Network, United States of America", ("United States of America", "US")),
        ("Independent Workers Union of Great Britain", ("Great Britain", "GB")),
    ],
)
def test_find_country_returns_the_longest_name_at_the_end(text: str, expected: tuple[str, str]) -> None:
    assert find_country(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Industrial Workers of the World (IWW).", "Transnationals Information Exchange (TIE Germany)", "", "Kurdistan"],
)
def test_find_country_needs_the_name_at_the_very_end(text: str) -> None:
    assert find_country(text) is None


@pytest.mark.parametrize("spelling", ["Türkiye", "TÜRKİYE", "Türkıye", "Turkiye"])
def test_country_names_fold_as_the_index_and_organisations_do(spelling: str) -> None:
    """One folding everywhere (extractor.fold): a dotless ı or a dotted İ matches a plain i."""
    assert country_code(spelling) == "TR"
