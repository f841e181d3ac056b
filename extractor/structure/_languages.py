"""Language identification of a document's texts with langid's model; this module owns langid.

A document's texts are scored together: their byte n-gram features go into one
matrix, one product with the model gives every text's score for every language,
and each set of candidate languages gets one softmax over all the texts. The
decoded model is kept in the cache folder as a numpy `.npz` (no pickle: a file
anyone could write must not be able to run code when loaded).
"""
from __future__ import annotations

import array
import hashlib
import os
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache_dir import cache_dir as resolve_cache_dir
from ..scripts import ARABIC_LETTER, HEBREW_LETTER, LETTER

if TYPE_CHECKING:
    import numpy as np

SAMPLE_CHARS = 500  # more text than this does not change the verdict, only the time
SCRIPT_SAMPLE_CHARS = 2000  # the script of a text shows in this much of it: the rest is not scanned
RTL_SHARE = 0.5  # letters of one right-to-left script above this share decide the language
_EXP_LIMIT = 709.78  # log of the largest float: langid's normalisation gives 0 beyond it


@dataclass(frozen=True, eq=False)
class _Model:
    """langid's model: per-feature log-probabilities, class priors, and its n-gram tokenizer.

    The tokenizer is langid's own walk (`LanguageIdentifier.instance2fv`) over its
    automaton, run here on the cached arrays so that using the model never imports
    langid (and the web server modules langid imports): only building the cache does.
    """

    weights: np.ndarray  # features x classes, float64
    priors: np.ndarray  # classes
    classes: tuple[str, ...]
    next_move: array.array  # the automaton: state * 256 + byte -> next state
    # The features each state completes: output_features[output_first[s]:][:output_count[s]].
    output_first: np.ndarray  # by state
    output_count: np.ndarray  # by state, 0 for most
    output_features: np.ndarray

    def features(self, sample: str) -> tuple[np.ndarray, np.ndarray]:
        """The n-gram features a text has (indices) and how often.

        The walk over the automaton is the slow, pure-Python part; the features the states
        visited complete are gathered and counted by numpy.
        """
        import numpy as np

        next_move, state = self.next_move, 0
        visited = np.array([state := next_move[(state << 8) + byte] for byte in sample.encode("utf-8")],
                           dtype=np.int64)
        counts = self.output_count[visited]
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        # each visited state's run of features, laid end to end: run k starts at output_first[k]
        starts = self.output_first[visited] - (np.cumsum(counts) - counts)
        found = self.output_features[np.repeat(starts, counts) + np.arange(total)]
        active, times = np.unique(found, return_counts=True)
        return active.astype(np.int64), times.astype(np.float64)


def _model_digest() -> str:
    """A digest of langid's module, which holds the model: read, not imported (that is slow)."""
    from importlib.util import find_spec

    spec = find_spec("langid")  # a top-level package's spec is found without running it
    folders = spec.submodule_search_locations if spec else None
    source = Path(next(iter(folders)), "langid.py").read_bytes() if folders else b""
    return hashlib.sha1(source).hexdigest()[:16]


def _decoded_arrays() -> dict[str, np.ndarray]:
    """langid's bundled model (2-3 s to decode) as plain arrays, the form the cache keeps."""
    import base64
    import bz2
    import pickle  # langid ships its model pickled inside its own code, not in a user's file

    import numpy as np
    from langid.langid import model

    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = pickle.loads(bz2.decompress(base64.b64decode(model)))
    states = sorted(tk_output)
    return {
        "weights": np.array(nb_ptc).reshape(-1, len(nb_pc)),
        "priors": np.array(nb_pc),
        "classes": np.array(nb_classes),
        "next_move": np.frombuffer(array.array("H", tk_nextmove).tobytes(), dtype=np.uint16),
        "output_states": np.array(states, dtype=np.int64),
        "output_lengths": np.array([len(tk_output[s]) for s in states], dtype=np.int64),
        "output_features": np.array([f for s in states for f in tk_output[s]], dtype=np.int64),
    }


def _cached_arrays(folder: Path) -> dict[str, np.ndarray]:
    """The model's arrays from `folder`, decoding and saving them there the first time.

    A cache that cannot be read or written is ignored: it only saves time.
    """
    import zipfile

    import numpy as np

    path = folder / f"langid-model-{_model_digest()}.npz"
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass
    arrays = _decoded_arrays()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            np.savez(handle, **arrays)
        partial.replace(path)
    except OSError:
        pass
    return arrays


@cache
def _model(folder: Path) -> _Model:
    """The model, loaded once per process (and per cache folder) on first use."""
    import numpy as np

    arrays = _cached_arrays(folder)
    next_move = array.array("H", arrays["next_move"].tobytes())
    states, lengths = arrays["output_states"].astype(np.int64), arrays["output_lengths"].astype(np.int64)
    output_first = np.zeros(len(next_move) // 256, dtype=np.int64)
    output_count = np.zeros(len(next_move) // 256, dtype=np.int64)
    output_first[states] = np.cumsum(lengths) - lengths
    output_count[states] = lengths
    return _Model(
        weights=arrays["weights"].astype(np.float64),
        priors=arrays["priors"].astype(np.float64),
        classes=tuple(arrays["classes"].tolist()),
        next_move=next_move,
        output_first=output_first,
        output_count=output_count,
        output_features=arrays["output_features"].astype(np.int64),
    )


@lru_cache(maxsize=2048)
def _features(model: _Model, sample: str) -> tuple[np.ndarray, np.ndarray]:
    """A text's features, kept for texts seen again (headings and boilerplate recur across documents)."""
    return model.features(sample)


def _script_language(text: str) -> str | None:
    """Arabic or Hebrew by script: langid confuses short RTL strings, script does not."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    if ARABIC_LETTER.search(sample) is None and HEBREW_LETTER.search(sample) is None:
        return None  # most texts: no letter of either script (two scans that build no list)
    letters = len(LETTER.findall(sample))
    if not letters:
        return None
    if len(ARABIC_LETTER.findall(sample)) / letters > RTL_SHARE:
        return "ar"
    if len(HEBREW_LETTER.findall(sample)) / letters > RTL_SHARE:
        return "he"
    return None


@dataclass
class _Scores:
    """What a document's texts score, shared by the guessers made for that document."""

    model: _Model
    rows: dict[str, int] = field(default_factory=dict)  # text sample -> row of `scores`
    scores: np.ndarray | None = None  # texts x classes: log-likelihoods
    probabilities: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)  # by class subset
    scripts: dict[str, str | None] = field(default_factory=dict)

    def add(self, texts: list[str]) -> None:
        """Score the texts not scored yet, all together (one sparse product with the model)."""
        import numpy as np

        samples = list(dict.fromkeys(t[:SAMPLE_CHARS] for t in texts if t[:SAMPLE_CHARS] not in self.rows))
        if not samples:
            return
        found = [_features(self.model, sample) for sample in samples]
        sizes = np.array([len(indices) for indices, _ in found])
        new = np.tile(self.model.priors, (len(samples), 1))
        if sizes.any():
            active = np.concatenate([indices for indices, _ in found])
            counts = np.concatenate([values for _, values in found])
            starts = (np.cumsum(sizes) - sizes)[sizes > 0]
            # the sparse product, for every text at once: weigh the model's rows by
            # the feature counts, then sum each text's rows
            new[sizes > 0] += np.add.reduceat(self.model.weights[active] * counts[:, None], starts, axis=0)
        first = len(self.rows)
        self.rows.update((sample, first + k) for k, sample in enumerate(samples))
        self.scores = new if self.scores is None else np.vstack((self.scores, new))
        self.probabilities.clear()

    def probabilities_of(self, text: str, subset: tuple[int, ...]) -> np.ndarray:
        """Probabilities over the classes in `subset` (indices), as langid normalises them."""
        sample = text[:SAMPLE_CHARS]
        if sample not in self.rows:
            self.add([text])
        table = self.probabilities.get(subset)
        if table is None:
            table = self.probabilities[subset] = _normalised(self.scores[:, subset])  # type: ignore[index]
        return table[self.rows[sample]]

    def script(self, text: str) -> str | None:
        if text not in self.scripts:
            self.scripts[text] = _script_language(text)
        return self.scripts[text]


def _normalised(scores: np.ndarray) -> np.ndarray:
    """Each row's log-likelihoods as probabilities summing to 1 (one softmax for all rows).

    Equal to langid's norm_probs, including its 0 for a class more than _EXP_LIMIT
    below the best one, where langid's pairwise exponentials overflow.
    """
    import numpy as np

    gap = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(gap)
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    probabilities[gap < -_EXP_LIMIT] = 0.0
    return probabilities


class LanguageGuesser:
    """Classifies a document's texts; once told its languages, short texts are classified among them.

    `prepare` scores many texts at once; a text not prepared is scored when asked about.
    """

    def __init__(self, languages: frozenset[str] | None = None, *, cache_dir: Path | None = None,
                 scores: _Scores | None = None):
        self.languages = languages
        self._scores = scores if scores is not None else _Scores(_model(resolve_cache_dir(cache_dir)))
        classes = self._scores.model.classes
        self._subset = tuple(i for i, lang in enumerate(classes) if languages is None or lang in languages)

    def prepare(self, texts: list[str]) -> None:
        """Score these texts now, together (one matrix product), to be asked about later."""
        self._scores.add([text for text in texts if LETTER.search(text)])

    def restricted_to(self, languages: set[str] | frozenset[str]) -> LanguageGuesser:
        known = {lang for lang in languages if lang in self._scores.model.classes}
        return LanguageGuesser(frozenset(known) if known else None, scores=self._scores)

    def guess(self, text: str) -> tuple[str | None, float]:
        """(ISO 639-1 code, probability) of the text, (None, 0.0) when it has no letters."""
        by_script = self._scores.script(text)
        if by_script:
            return by_script, 1.0
        if not LETTER.search(text):
            return None, 0.0
        if self.languages is not None and len(self.languages) == 1:
            return next(iter(self.languages)), 1.0
        probabilities = self._scores.probabilities_of(text, self._subset)
        best = int(probabilities.argmax())
        return self._scores.model.classes[self._subset[best]], float(probabilities[best])

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every candidate language with its probability, most likely first."""
        by_script = self._scores.script(text)
        if by_script:
            return [(by_script, 1.0)]
        if not LETTER.search(text):
            return []
        probabilities = self._scores.probabilities_of(text, self._subset)
        classes = self._scores.model.classes
        return [(classes[self._subset[i]], float(probabilities[i])) for i in (-probabilities).argsort()]

    def distinct(self, texts: list[str]) -> list[str | None]:
        """Languages of lines that are each in another language (a masthead): the likeliest
        line-language pairs are taken first, and a language taken is not given again."""
        self.prepare(texts)
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
