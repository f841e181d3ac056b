"""Language identification of text blocks with our own langid identifier."""
from __future__ import annotations

import base64
import bz2
import copy
import hashlib
import os
import pickle
import re
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from langid.langid import LanguageIdentifier, model

# Languages statements are usually written in; short texts are classified among these
# (or among the languages the document's long blocks showed).
COMMON_LANGUAGES = ("fr", "en", "es", "pt", "it", "de", "ar", "ca", "nl", "eu", "gl", "el", "tr", "pl")
MASTHEAD_FALLBACK = ("fr", "en", "es", "pt", "it", "de", "ar")

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_LETTER = re.compile(r"[^\W\d_]")


def _decoded_model() -> tuple:
    """langid's model as the arrays its identifier takes (what from_modelstring builds)."""
    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = pickle.loads(bz2.decompress(base64.b64decode(model)))
    nb_numfeats = len(nb_ptc) // len(nb_pc)
    nb_pc = np.array(nb_pc)
    return np.array(nb_ptc).reshape(nb_numfeats, len(nb_pc)), nb_pc, nb_numfeats, nb_classes, tk_nextmove, tk_output


def _model_cache_file() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha1(model if isinstance(model, bytes) else model.encode("ascii")).hexdigest()[:16]
    return root / "statement-archive" / f"langid-model-{digest}.pickle"


def _cached_model() -> tuple:
    """The decoded model from the user's cache, decoding (2-3 s) and caching it the first time.

    A cache that cannot be read or written is ignored: it only saves time.
    """
    path = _model_cache_file()
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    decoded = _decoded_model()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(decoded, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    except OSError:
        pass
    return decoded


@cache
def _full_identifier() -> LanguageIdentifier:
    """The langid model, loaded once per process on first use."""
    return LanguageIdentifier(*_cached_model(), norm_probs=True)


@cache
def _restricted_identifier(languages: frozenset[str]) -> LanguageIdentifier:
    identifier = copy.copy(_full_identifier())
    identifier.set_languages(sorted(languages))
    return identifier


def _script_language(text: str) -> str | None:
    """Arabic or Hebrew by script: langid confuses short RTL strings, script does not."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    if len(_ARABIC.findall(text)) / letters > 0.5:
        return "ar"
    if len(_HEBREW.findall(text)) / letters > 0.5:
        return "he"
    return None


SAMPLE_CHARS = 500  # more text than this does not change the verdict, only the time


@lru_cache(maxsize=2048)
def _features(sample: str) -> tuple[np.ndarray, np.ndarray]:
    """The byte n-gram features langid counts in a text (the slow, pure-Python part), once per text."""
    counts = _full_identifier().instance2fv(sample)
    active = np.flatnonzero(counts)
    return active, counts[active].astype(np.float64)


def _probabilities(identifier: LanguageIdentifier, text: str) -> np.ndarray:
    """langid's class probabilities, computed on the features the text has.

    langid's own classify() multiplies a uint32 vector by the float model, which numpy
    cannot hand to BLAS: over ten times slower than this sparse product.
    """
    active, counts = _features(text[:SAMPLE_CHARS])
    return identifier.norm_probs(counts @ identifier.nb_ptc[active] + identifier.nb_pc)


class LanguageGuesser:
    """Classifies texts; once told a document's languages, short texts are classified among them."""

    def __init__(self, languages: frozenset[str] | None = None):
        self.languages = languages

    def restricted_to(self, languages: set[str] | frozenset[str]) -> "LanguageGuesser":
        known = {lang for lang in languages if lang in _full_identifier().nb_classes}
        return LanguageGuesser(frozenset(known) if len(known) >= 1 else None)

    def guess(self, text: str) -> tuple[str | None, float]:
        """(ISO 639-1 code, probability) of the text, (None, 0.0) when it has no letters."""
        by_script = _script_language(text)
        if by_script:
            return by_script, 1.0
        if not _LETTER.search(text):
            return None, 0.0
        if self.languages is not None and len(self.languages) == 1:
            return next(iter(self.languages)), 1.0
        identifier = self._identifier()
        probabilities = _probabilities(identifier, text)
        best = int(np.argmax(probabilities))
        return str(identifier.nb_classes[best]), float(probabilities[best])

    def _identifier(self) -> LanguageIdentifier:
        return _restricted_identifier(self.languages) if self.languages else _full_identifier()

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every candidate language with its probability, most likely first."""
        by_script = _script_language(text)
        if by_script:
            return [(by_script, 1.0)]
        if not _LETTER.search(text):
            return []
        identifier = self._identifier()
        probabilities = _probabilities(identifier, text)
        order = np.argsort(-probabilities)
        return [(str(identifier.nb_classes[i]), float(probabilities[i])) for i in order]

    def distinct(self, texts: list[str]) -> list[str | None]:
        """Languages of lines that are each in another language (a masthead): the likeliest
        line-language pairs are taken first, and a language taken is not given again."""
        scores = [dict(self.ranked(text)) for text in texts]
        result: list[str | None] = [None] * len(texts)
        pairs = sorted(
            ((p, i, lang) for i, ranked in enumerate(scores) for lang, p in ranked.items()),
            reverse=True,
        )
        taken: set[str] = set()
        for _, index, lang in pairs:
            if result[index] is None and lang not in taken:
                result[index] = lang
                taken.add(lang)
        return [lang or self.guess(text)[0] for lang, text in zip(result, texts)]
