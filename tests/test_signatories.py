"""Signatory entries -> Signatory; splitting paragraphs of entries; spotting list lines and headings."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.model import Signatory
from extractor.signatories import entry_score, is_list_heading, parse_signatory, split_entries

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _seed_list() -> list[tuple[str, str | None]]:
    """(entry, category) for each list line of the seed markdown, markdown marks removed."""
    lines = (CORPUS / "belarus-2020.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "organizations belonging to" in line)
    entries, category = [], None
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            category = line.strip("#* ").replace("**", "")
        elif line.startswith("- "):
            entries.append((line[2:].replace("**", ""), category))
    return entries


SEED = _seed_list()
TRUTH = json.loads((CORPUS / "belarus-2020.json").read_text(encoding="utf-8"))["signatories"]


def test_seed_list_has_every_truth_entry() -> None:
    assert len(SEED) == len(TRUTH) == 97


@pytest.mark.parametrize(("index"), range(len(TRUTH)))
def test_seed_entries_parse_as_the_truth_says(index: int) -> None:
    entry, category = SEED[index]
    expected = Signatory(**TRUTH[index])
    assert parse_signatory(entry, category=category) == expected


def _fields(entry: str) -> tuple[str, str | None, str | None, str | None]:
    s = parse_signatory(entry)
    return s.name, s.acronym, s.country, s.country_code


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # Name (ACR) - Country, with every dash and with or without the full stop
        ("Union syndicale Solidaires (Solidaires) - France.", ("Union syndicale Solidaires", "Solidaires", "France", "FR")),
        ("Sindicato dos Bancários (SEEB) – Brasil", ("Sindicato dos Bancários", "SEEB", "Brasil", "BR")),
        ("Gewerkschaft Erziehung und Wissenschaft (GEW) — Deutschland.", ("Gewerkschaft Erziehung und Wissenschaft", "GEW", "Deutschland", "DE")),
        ("Unione Sindacale di Base (USB) − Italia.", ("Unione Sindacale di Base", "USB", "Italia", "IT")),
        ("Union Y (UY) : Italie", ("Union Y", "UY", "Italie", "IT")),
        ("Workers Union (WU) United Kingdom", ("Workers Union", "WU", "United Kingdom", "GB")),
        # ACR – Name (Country)
        ("CGT – Confédération Générale du Travail (France)", ("Confédération Générale du Travail", "CGT", "France", "FR")),
        ("CSP-Conlutas - Central Sindical e Popular (Brasil).", ("Central Sindical e Popular", "CSP-Conlutas", "Brasil", "BR")),
        ("GEW Köln – Gewerkschaft Erziehung und Wissenschaft, Bezirk Köln (Allemagne)", ("Gewerkschaft Erziehung und Wissenschaft, Bezirk Köln", "GEW Köln", "Allemagne", "DE")),
        ("Unite – Unite the Union (Royaume-Uni)", ("Unite the Union", "Unite", "Royaume-Uni", "GB")),
        ("Sindicato – Sección de Madrid (España)", ("Sindicato – Sección de Madrid", None, "España", "ES")),
        # ACR (Full name) - Country
        ("CUB (Confederazione Unitaria di Base) - Italia", ("Confederazione Unitaria di Base", "CUB", "Italia", "IT")),
        # Name (ACR, Country)
        ("Sindicato de Trabajadores (SITRA, Guatemala)", ("Sindicato de Trabajadores", "SITRA", "Guatemala", "GT")),
        # Name - Country, Name, Country
        ("Batay Ouvriye - Haïti.", ("Batay Ouvriye", None, "Haïti", "HT")),
        ("Red de Trabajadores – Argentine", ("Red de Trabajadores", None, "Argentine", "AR")),
        ("Sindicato Metalúrgico, España", ("Sindicato Metalúrgico", None, "España", "ES")),
        ("Türk-İş Sendikası, Türkiye.", ("Türk-İş Sendikası", None, "Türkiye", "TR")),
        ("اتحاد النقابات المستقلة - فلسطين", ("اتحاد النقابات المستقلة", None, "فلسطين", "PS")),
        # names holding dashes, commas and parentheses of their own
        ("Union A - Section B - Union C - Grèce.", ("Union A - Section B - Union C", None, "Grèce", "GR")),
        ("National Union of Rail, Maritime and Transport Workers (RMT) - UK", ("National Union of Rail, Maritime and Transport Workers", "RMT", "UK", "GB")),
        ("(ابتدا) - Union des chauffeurs de Kaboul (Ebteda) – Afghanistan.", ("(ابتدا) - Union des chauffeurs de Kaboul", "Ebteda", "Afghanistan", "AF")),
        ("Confédération Générale - Fédération Nord (CGFN)", ("Confédération Générale - Fédération Nord", "CGFN", None, None)),
        ("Organizzazione Operai - operai Fiat-Mirafiori - Italia", ("Organizzazione Operai - operai Fiat-Mirafiori", None, "Italia", "IT")),
        # Name - ACR - Country and a bare acronym only
        ("Confederación General del Trabajo - CGT - España", ("Confederación General del Trabajo", "CGT", "España", "ES")),
        ("ver.di - Deutschland", ("ver.di", None, "Deutschland", "DE")),
        # no country
        ("Industrial Workers of the World (IWW)", ("Industrial Workers of the World", "IWW", None, None)),
        ("Solidarity Network", ("Solidarity Network", None, None, None)),
        # a city between acronym and country; a place we do not know in the country slot
        ("Syndicat des cheminots (SDC) - Lyon, France", ("Syndicat des cheminots, Lyon", "SDC", "France", "FR")),
        ("Union of Workers (UW) - Kurdistan", ("Union of Workers", "UW", "Kurdistan", None)),
        ("Union of Workers - Kurdistan", ("Union of Workers - Kurdistan", None, None, None)),
        # individuals: the person's text is the name
        ("Jane Doe, general secretary, Union X", ("Jane Doe, general secretary, Union X", None, None, None)),
        ("Juan Pérez, secretario general del SUTEBA, Argentina", ("Juan Pérez, secretario general del SUTEBA", None, "Argentina", "AR")),
        ("Maria Rossi (segretaria generale)", ("Maria Rossi (segretaria generale)", None, None, None)),
        # regional and political country names
        ("Intersindical Valenciana (STEPV) - Estado español", ("Intersindical Valenciana", "STEPV", "Estado español", "ES")),
        ("Langile Abertzaleen Batzordeak (LAB) - Euskadi", ("Langile Abertzaleen Batzordeak", "LAB", "Euskadi", "ES")),
        ("Scottish Trades Union Congress (STUC) - Scotland", ("Scottish Trades Union Congress", "STUC", "Scotland", "GB")),
        ("Workers United (WU) – USA.", ("Workers United", "WU", "USA", "US")),
        # several countries: written as they are, no single code
        ("Syndicat SUD-Rail - France/Belgique", ("Syndicat SUD-Rail", None, "France/Belgique", None)),
        ("Sindicato dos Trabalhadores (SINTRA) - Portugal e Brasil.", ("Sindicato dos Trabalhadores", "SINTRA", "Portugal e Brasil", None)),
        ("Red de Solidaridad - Colombia-Venezuela", ("Red de Solidaridad", None, "Colombia-Venezuela", None)),
        ("Workers United (WU) – U.S.A.", ("Workers United", "WU", "U.S.A.", "US")),
        ("Workers United (WU) / United States", ("Workers United", "WU", "United States", "US")),
    ],
)
def test_conventions(entry: str, expected: tuple[str, str | None, str | None, str | None]) -> None:
    assert _fields(entry) == expected


@pytest.mark.parametrize(
    "bulleted",
    ["1. Solidaires (SUD) - France.", "12) Solidaires (SUD) - France", "(3) Solidaires (SUD) - France",
     "- Solidaires (SUD) - France", "• Solidaires (SUD) - France", "* Solidaires (SUD) - France",
     "– Solidaires (SUD) - France", "  4 - Solidaires (SUD) - France"],
)
def test_bullets_and_numbering_are_stripped(bulleted: str) -> None:
    assert _fields(bulleted) == ("Solidaires", "SUD", "France", "FR")


def test_numbers_that_belong_to_the_name_are_kept() -> None:
    assert _fields("1° de Mayo - Argentine")[0] == "1° de Mayo"
    assert _fields("3M Workers Union - Canada")[0] == "3M Workers Union"


def test_category_passes_through() -> None:
    signatory = parse_signatory("Batay Ouvriye - Haïti.", category="Organisations nationales")
    assert signatory.category == "Organisations nationales"
    assert parse_signatory("Batay Ouvriye - Haïti.").category is None


@pytest.mark.parametrize(
    ("entry", "name"), [("", ""), ("   ", ""), ("- 1.", "- 1."), ("(ACR)", "(ACR)"), ("France.", "France")]
)
def test_entries_without_a_name_are_kept_whole(entry: str, name: str) -> None:
    assert _fields(entry) == (name, None, None, None)


def test_an_acronym_alone_stays_the_name() -> None:
    assert _fields("(CGT) - Italie") == ("(CGT)", None, "Italie", "IT")


def _word_chars(text: str) -> Counter[str]:
    return Counter(c for c in text if c.isalnum() or c == "_")


@settings(max_examples=400, deadline=None)
@given(st.text())
@example("a.\x850")  # a lettered marker before a line break: found by Hypothesis
@example("12. Union (U) - France")
def test_parse_never_raises_and_never_loses_text(entry: str) -> None:
    s = parse_signatory(entry)
    kept = _word_chars(s.name + (s.acronym or "") + (s.country or ""))
    given_chars = _word_chars(entry)
    assert not kept - given_chars
    lost = given_chars - kept
    if lost:  # only a leading list marker may go: a number ("12.", "3)") or a letter ("a.", "(b)")
        assert re.match(r"\s*(?:[-–—•*]\s*)*\(?(?:\d|[a-z][.)]\s)", entry)
        assert all(c.isdigit() for c in lost) or sum(lost.values()) == 1


_NAMES = st.sampled_from(["Union syndicale", "Sindicato Nacional de Trabajadores", "Gewerkschaft der Eisenbahner",
                          "Workers Solidarity Network", "Confederazione Unitaria", "Trade Union in Ethnodata - Employees",
                          "Federação Nacional dos Metroviários", "Centrale, Section locale"])
_ACRONYMS = st.sampled_from([None, "CGT", "CNT SO", "RMT/TUC", "CO.BAS", "CNT-f", "SUD Rail", "Solidaires"])
_COUNTRIES = st.sampled_from([None, ("Brésil", "BR"), ("Etat espagnol", "ES"), ("Deutschland", "DE"), ("Côte d'Ivoire", "CI"),
                              ("United States", "US"), ("Reino Unido", "GB"), ("Catalogne", "ES"), ("Türkiye", "TR"),
                              ("El Salvador", "SV"), ("Hong Kong", "HK")])


@settings(max_examples=300, deadline=None)
@given(_NAMES, _ACRONYMS, _COUNTRIES, st.sampled_from([" - ", " – ", " — ", ", "]), st.sampled_from(["", ".", " ."]),
       st.sampled_from(["", "1. ", "- ", "• ", "3) "]))
def test_built_entries_parse_back(name: str, acronym: str | None, country: tuple[str, str] | None,
                                  dash: str, stop: str, bullet: str) -> None:
    entry = bullet + name + (f" ({acronym})" if acronym else "")
    if country:
        entry += (" - " if dash == ", " and acronym else dash) + country[0]
    entry += stop
    assert _fields(entry) == (name, acronym, *(country or (None, None)))


def test_split_entries_on_semicolons_commas_and_stops() -> None:
    paragraph = ("Solidaires (Solidaires) - France, CGT - Espagne; Batay Ouvriye, Haïti; "
                 "Trades Union Congress, Liverpool (TUC Liverpool) - Angleterre. Red de Trabajadores – Argentine.")
    assert split_entries(paragraph) == [
        "Solidaires (Solidaires) - France", "CGT - Espagne", "Batay Ouvriye, Haïti",
        "Trades Union Congress, Liverpool (TUC Liverpool) - Angleterre", "Red de Trabajadores – Argentine.",
    ]


def test_split_entries_plain_names_at_every_comma() -> None:
    assert split_entries("Solidaires, CGT, FSU\nConfédération paysanne") == ["Solidaires", "CGT", "FSU", "Confédération paysanne"]


def test_split_entries_keeps_commas_inside_parentheses() -> None:
    assert split_entries("Union (A, B) - Italie; Red (R) - Perú") == ["Union (A, B) - Italie", "Red (R) - Perú"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_split_entries_never_loses_text(paragraph: str) -> None:
    assert _word_chars("".join(split_entries(paragraph))) == _word_chars(paragraph)


def _seed_prose() -> list[str]:
    text = (CORPUS / "belarus-2020.md").read_text(encoding="utf-8")
    head = text.split("organizations belonging to")[0]
    return [line.replace("**", "").strip() for line in head.splitlines() if line.strip()]


def test_entry_score_separates_list_lines_from_the_rest_of_the_seed() -> None:
    prose = _seed_prose()
    assert len(prose) > 20
    assert min(entry_score(entry) for entry, _ in SEED) >= 0.5
    assert max(entry_score(line) for line in prose) < 0.5


@pytest.mark.parametrize(
    "heading",
    ["Signataires :", "Premiers signataires", "Liste des organisations signataires", "Firmantes",
     "Organizaciones firmantes:", "Signed by:", "Signatories", "Assinam", "Organizações signatárias",
     "Firmatari", "Prime firme", "Unterzeichner", "Erstunterzeichnende Organisationen:",
     "The organizations belonging to the International Labour Network of Solidarity and Struggle",
     "Les organisations membres du Réseau syndical international", "التوقيعات", "المنظمات الموقعة"],
)
def test_list_headings_in_many_languages(heading: str) -> None:
    assert is_list_heading(heading)


@pytest.mark.parametrize(
    "line",
    ["National inter professional labour organizations", "Local labour organizations",
     "Trends, tendencies or labour networks", "Organisations nationales", "Union syndicale Solidaires (Solidaires) - France.",
     "Spontaneous calls for a general strike have been made, many factories are now on strike and the movement "
     "seems to be spreading throughout the country, say the signatories of this statement.",
     "Les organisations signataires appellent à la grève.", ""],
)
def test_categories_entries_and_prose_are_not_list_headings(line: str) -> None:
    assert not is_list_heading(line)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Écho – Echo Workers Network", ("Echo Workers Network", "Écho", None, None)),
        ("Union of Port Pilots, HQ-NORTH – Ireland", ("Union of Port Pilots, HQ-NORTH", None, "Ireland", "IE")),
        ("\uf0b7 Union des Boulangers (UB) - Belgique", ("Union des Boulangers", "UB", "Belgique", "BE")),
        ("\uf0d8 CTM – Coordinadora de Trabajadores del Mar (España)", ("Coordinadora de Trabajadores del Mar", "CTM", "España", "ES")),
    ],
)
def test_entries_from_other_producers(entry, expected):
    assert _fields(entry) == expected
