"""Language knowledge in one place: the languages we read, their small word lists, and a dictionary.

The word lists are grammar, not names from any document: the words that announce a signatory list,
the function words a name cannot end with, the conjunctions after a suspended hyphen. Each list is
keyed by language; `tests/test_lexicon.py` checks that every key is a supported language.

`is_common_word` owns wordfreq (word frequencies): is a string a common word of one of our languages.
Its lists load on first use, one language at a time. (pyphen's patterns were tried for telling a
typesetter's break point: loading them for our languages costs seconds per process, and the word
frequencies and the document's vocabulary decide the same cases.)
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
    "fr": "de du des et pour la les",
    "es": "de del y por la las los",
    "pt": "de da do dos das e pelo pela",
    "it": "di del della dei degli delle per e",
    "de": "der die des den dem und für von vom",
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


COMMON_WORD_ZIPF = 3.0  # Zipf frequency from which a word is common in its language (1 per million)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


@cache
def _wordfreq_languages() -> tuple[str, ...]:
    """Our languages that wordfreq has a small list for (words of Zipf 3 and more): cheap to load."""
    import wordfreq  # imported on first use: it takes half a second

    available = wordfreq.available_languages(wordlist="small")
    return tuple(lang for lang in SUPPORTED_LANGUAGES if lang in available)


def load_word_lists() -> None:
    """Load every language's word list now instead of on first use (a process that forks workers gives them theirs)."""
    import wordfreq

    for lang in _wordfreq_languages():
        wordfreq.zipf_frequency("a", lang, wordlist="small")  # any word: its lookup loads the list


@cache
def is_common_word(word: str) -> bool:
    """Whether the word is common (Zipf >= 3) in one of our languages; lists are loaded one by one,
    in the order of SUPPORTED_LANGUAGES, until one knows it."""
    import wordfreq

    folded = _fold(word)
    return any(wordfreq.zipf_frequency(folded, lang, wordlist="small") >= COMMON_WORD_ZIPF
               for lang in _wordfreq_languages())
