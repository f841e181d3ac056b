"""Language knowledge in one place: the languages we read, their small word lists, and a dictionary.

The word lists are grammar, not names from any document: the words that announce a signatory list,
the function words a name cannot end with, the conjunctions after a suspended hyphen. Each list is
keyed by language; `tests/test_lexicon.py` checks that every key is a supported language.

`Dictionary` owns wordfreq (word frequencies) and pyphen (hyphenation patterns): is a string a word
of one of our languages, and may a typesetter break a word at a given point. Both load their data on
first use, per language.
"""
from __future__ import annotations

import unicodedata
from functools import cache

# Languages statements are written in that we identify, hyphenate and read list headings in.
SUPPORTED_LANGUAGES = ("fr", "en", "es", "pt", "it", "de", "ar", "ca", "nl", "eu", "gl", "el", "tr", "pl")

# Words that, alone in a short line, announce the list of signatories ('Signataires :', 'Endorsed by').
LIST_HEADING_WORDS = {
    "fr": "signataires signataire cosignataires adhesions",
    "en": "signatories signatory signatures signed endorsed endorsements",
    "es": "firmantes firmante firman firmas signatarias signatarios adhesiones",
    "pt": "assinam assinaturas assinantes adesoes signatarias signatarios",
    "it": "firmatari firmatarie firmatario adesioni",
    "de": "unterzeichner unterzeichnerinnen unterzeichnende unterzeichnet erstunterzeichner "
          "erstunterzeichnende unterschriften",
}
# Phrases that announce it (accents folded, lower case).
LIST_HEADING_PHRASES = {
    "fr": ("organisations membres", "organisations du reseau", "membres du reseau", "ont signe"),
    "en": ("belonging to", "member organisations", "member organizations"),
    "es": ("organizaciones miembros", "organizaciones miembro", "organizaciones de la red", "que pertenecen",
           "han firmado"),
    "pt": ("organizacoes membros", "organizacoes da rede", "que pertencem"),
    "it": ("organizzazioni aderenti", "organizzazioni della rete", "che aderiscono", "prime firme", "hanno firmato"),
    "de": ("mitgliedsorganisationen",),
}
# Arabic stems of the same words ('الموقعون', 'التوقيعات').
LIST_HEADING_STEMS = {"ar": ("الموقع", "التوقيع", "توقيعات")}

# Function words a name or a sentence cannot end with: the next line goes on ('... of', '... de').
LINKING_WORDS = {
    "en": "of for the and",
    "fr": "de du des et pour",
    "es": "de del y por",
    "pt": "de da do dos das e pelo pela",
    "it": "di della per e",
    "de": "der die und für von",
}
# Conjunctions after which a line-end hyphen suspends a compound ('Arbeiterinnen- und Arbeiter').
CONJUNCTIONS = {
    "de": "und oder sowie bis",
    "en": "and or",
    "fr": "et ou",
    "es": "y o e",
    "pt": "e ou",
    "it": "e o",
}
# Stems of the words organisation names are made of ('union', 'syndic...'), accents folded.
ORGANISATION_STEMS = {
    "en": ("union", "federa", "confedera", "associa", "worker", "labou", "labor", "employe", "network",
           "collecti", "centra", "congres", "organi", "committee", "coordina", "alliance", "movement",
           "front", "initiative", "party", "league", "solidar", "council"),
    "fr": ("union", "syndic", "federa", "confedera", "associa", "travaill", "ouvri", "reseau", "collecti",
           "centra", "organi", "comite", "coordina", "mouvement", "front", "parti", "ligue", "solidar", "conseil"),
    "es": ("sindic", "federa", "confedera", "asocia", "trabaja", "obrer", "empleado", "colectiv", "centra",
           "organi", "comite", "coordina", "alianza", "movimiento", "frente", "iniciativa", "liga", "solidar",
           "consejo"),
    "pt": ("sindic", "federa", "confedera", "associa", "trabalha", "rede", "coletiv", "centra", "organi",
           "comite", "coordina", "movimento", "frente", "iniciativa", "liga", "solidar"),
    "it": ("sindac", "federa", "confedera", "associa", "lavorat", "operai", "rete", "collettiv", "centra",
           "organi", "comitato", "coordina", "alleanza", "movimento", "fronte", "iniziativa", "partito", "lega"),
    "de": ("gewerkschaft", "konfedera", "verband", "verein", "arbeit", "netzwerk", "bewegung", "initiative",
           "partei", "solidar"),
    "tr": ("sendika",),
    "ar": ("اتحاد", "نقابة", "جمعية"),
}


def words_of(table: dict[str, str]) -> frozenset[str]:
    """Every word of a {language: 'space separated words'} table, all languages together."""
    return frozenset(word for words in table.values() for word in words.split())


def all_of(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every entry of a {language: (entries...)} table, all languages together, without repeats."""
    return tuple(dict.fromkeys(entry for entries in table.values() for entry in entries))


# Languages wordfreq and pyphen have data for, among ours (wordfreq's small lists: words of a
# frequency of at least one in a million, i.e. Zipf 3).
_HYPHENATION_LOCALES = {
    "fr": "fr", "en": "en_GB", "es": "es", "pt": "pt_PT", "it": "it_IT", "de": "de_DE", "ca": "ca",
    "nl": "nl_NL", "el": "el_GR", "tr": "tr_TR", "pl": "pl_PL", "gl": "gl", "eu": "eu",
}
COMMON_WORD_ZIPF = 3.0  # Zipf frequency from which a word is common in its language (1 per million)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


@cache
def _wordfreq_languages() -> tuple[str, ...]:
    import wordfreq  # imported on first use: it takes half a second

    available = wordfreq.available_languages(wordlist="small")
    return tuple(lang for lang in SUPPORTED_LANGUAGES if lang in available)


@cache
def zipf(word: str) -> float:
    """The word's highest Zipf frequency among our languages (0.0 if it is in none)."""
    import wordfreq

    folded = _fold(word)
    return max((wordfreq.zipf_frequency(folded, lang, wordlist="small") for lang in _wordfreq_languages()),
               default=0.0)


def is_common_word(word: str) -> bool:
    return zipf(word) >= COMMON_WORD_ZIPF


@cache
def _hyphenators() -> tuple:
    import pyphen

    return tuple(pyphen.Pyphen(lang=locale) for lang, locale in _HYPHENATION_LOCALES.items()
                 if pyphen.language_fallback(locale))


def may_break_at(word: str, position: int) -> bool:
    """Whether a typesetter may hyphenate `word` after its first `position` letters in one of our
    languages (pyphen's patterns)."""
    folded = _fold(word)
    return any(position in hyphenator.positions(folded) for hyphenator in _hyphenators())
