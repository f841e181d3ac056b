"""Language identification of a document's texts with langid's model; this module owns langid.

A document's texts are scored together: their byte n-gram features are found for
all of them at once, one product with the model gives every text's score for each
language asked about (the supported ones, not langid's 97), and each set of
candidate languages gets one softmax over all the texts. The
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
SAMPLES_REMEMBERED = 2048  # texts whose scores are kept for the next documents (a few hundred per document)
CLASS_SETS_REMEMBERED = 4  # sets of classes with their own weights and scores kept: extract() asks for one or two
SCRIPT_SAMPLE_CHARS = 2000  # the script of a text shows in this much of it: the rest is not scanned
# langid's features are byte n-grams of 1 to 4 bytes: the state its automaton reaches is set by the
# last 4 bytes read (a model with longer ones is still walked right, only slower: see _Model._walk).
NGRAM_BYTES = 4
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
    next_move: np.ndarray  # the automaton: state * 256 + byte -> next state
    # The features each state completes: output_features[output_first[s]:][:output_count[s]].
    output_first: np.ndarray  # by state
    output_count: np.ndarray  # by state, 0 for most
    output_features: np.ndarray

    def features(self, samples: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The n-gram features of all the samples at once: (sample, feature, count) triples, by
        sample then feature, for the features each sample has."""
        import numpy as np

        encoded = [sample.encode("utf-8") for sample in samples]
        lengths = np.array([len(e) for e in encoded], dtype=np.int64)
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.int64)
        owner = np.repeat(np.arange(len(samples)), lengths)
        visited = self._walk(data, np.arange(len(data)) - np.repeat(np.cumsum(lengths) - lengths, lengths))
        counts = self.output_count[visited]
        total = int(counts.sum())
        # each visited state's run of features, laid end to end: run k starts at output_first[k]
        starts = self.output_first[visited] - (np.cumsum(counts) - counts)
        found = self.output_features[np.repeat(starts, counts) + np.arange(total)]
        keys, times = np.unique(np.repeat(owner, counts) * len(self.weights) + found, return_counts=True)
        return keys // len(self.weights), keys % len(self.weights), times.astype(np.float64)

    def _walk(self, data: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """The automaton's state after each byte of `data` (samples laid end to end; `offset`: each
        byte's place in its sample), as langid's walk from state 0 at each sample's start reaches it.

        The state is found from the last NGRAM_BYTES bytes alone, for all bytes at once; a state
        that does not follow from the one before it by the automaton (a model with longer n-grams)
        sends the walk on until every state does, which is the walk itself.
        """
        import numpy as np

        state = np.zeros(len(data), dtype=np.int64)
        if not len(data):
            return state
        for back in range(NGRAM_BYTES - 1, -1, -1):  # the byte `back` places before, then the next
            byte = np.concatenate((data[:1].repeat(back), data))[: len(data)]  # the first bytes' are masked
            state = np.where(offset >= back, self.next_move[(state << 8) + byte], state)
        first = offset == 0
        while True:
            before = np.concatenate(([0], state[:-1]))
            before[first] = 0
            following = self.next_move[(before << 8) + data]
            if np.array_equal(following, state):
                return state
            state = following


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
    next_move = arrays["next_move"].astype(np.int64)
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


@lru_cache(maxsize=CLASS_SETS_REMEMBERED)
def _weights(model: _Model, columns: tuple[int, ...]) -> np.ndarray:
    """The model's weights of these classes only (features x columns), for scoring among them."""
    return model.weights[:, columns].copy()


@lru_cache(maxsize=CLASS_SETS_REMEMBERED)
def _remembered(model: _Model, columns: tuple[int, ...]) -> dict[str, np.ndarray]:
    """Texts' scores in these classes kept across documents, oldest first (headings and boilerplate
    recur): at most SAMPLES_REMEMBERED of them."""
    return {}


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
    """What a document's texts score in some classes (`columns`), shared by the guessers made for
    that document: the other classes' scores are never asked for, and each class's score is the
    same whatever others are scored with it."""

    model: _Model
    columns: tuple[int, ...]  # the classes scored, in the model's order
    rows: dict[str, int] = field(default_factory=dict)  # text sample -> row of `scores`
    scores: np.ndarray | None = None  # texts x columns: log-likelihoods
    probabilities: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)  # by class subset
    scripts: dict[str, str | None] = field(default_factory=dict)

    def add(self, texts: list[str]) -> None:
        """Score the texts not scored yet, all together (one sparse product with the model)."""
        import numpy as np

        samples = list(dict.fromkeys(t[:SAMPLE_CHARS] for t in texts if t[:SAMPLE_CHARS] not in self.rows))
        if not samples:
            return
        remembered = _remembered(self.model, self.columns)
        found = {sample: row for sample in samples if (row := remembered.get(sample)) is not None}
        missing = [sample for sample in samples if sample not in found]
        if missing:
            found.update(zip(missing, self._scored(missing)))
            remembered.update((sample, found[sample]) for sample in missing)
            while len(remembered) > SAMPLES_REMEMBERED:
                del remembered[next(iter(remembered))]  # the oldest
        new = np.array([found[sample] for sample in samples])
        first = len(self.rows)
        self.rows.update((sample, first + k) for k, sample in enumerate(samples))
        self.scores = new if self.scores is None else np.vstack((self.scores, new))
        self.probabilities.clear()

    def _scored(self, samples: list[str]) -> np.ndarray:
        """The samples' log-likelihoods (samples x columns), all together: one sparse product."""
        import numpy as np

        owners, active, counts = self.model.features(samples)
        sizes = np.bincount(owners, minlength=len(samples))
        new = np.tile(self.model.priors[list(self.columns)], (len(samples), 1))
        if sizes.any():
            starts = (np.cumsum(sizes) - sizes)[sizes > 0]
            # the sparse product, for every text at once: weigh the model's rows by
            # the feature counts, then sum each text's rows
            weights = _weights(self.model, self.columns)
            new[sizes > 0] += np.add.reduceat(weights[active] * counts[:, None], starts, axis=0)
        return new

    def probabilities_of(self, text: str, subset: tuple[int, ...]) -> np.ndarray:
        """Probabilities over the classes in `subset` (indices, all among `columns`), as langid
        normalises them."""
        sample = text[:SAMPLE_CHARS]
        if sample not in self.rows:
            self.add([text])
        table = self.probabilities.get(subset)
        if table is None:
            positions = [self.columns.index(k) for k in subset]
            table = self.probabilities[subset] = _normalised(self.scores[:, positions])  # type: ignore[index]
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
        model = scores.model if scores is not None else _model(resolve_cache_dir(cache_dir))
        self._subset = tuple(i for i, lang in enumerate(model.classes) if languages is None or lang in languages)
        if scores is None or not set(self._subset) <= set(scores.columns):
            scores = _Scores(model, self._subset)  # (a guesser restricted to a class its maker did not score)
        self._scores = scores

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
