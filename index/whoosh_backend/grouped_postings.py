"""A new segment's postings gathered per field and term as documents are added, instead of one tuple a posting.

Whoosh's SegmentWriter hands every posting of every document to a sorting pool as a tuple (field, term
bytes, document, weight, value), sorts them all at commit, and writes them one at a time. Here a field
given as a list of words (as the backend gives a section's text fields) is grouped in one pass: each
word's positions (or its count) for the document, encoded as Whoosh's format encodes them; other values
go through the field's own `index()`. At commit each term's postings are already together, in document
order; only the terms are sorted. Weights, values and field lengths are those Whoosh would write.
"""
from __future__ import annotations

from collections import Counter
from pickle import dumps

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

PICKLE_PROTOCOL = 2  # what Whoosh's Positions format pickles a word's position deltas with

# A term's postings as the block writer takes them: one flat list, four items a posting (document number,
# weight, encoded value, the document's field length as the segment's length column gives it back), so
# that a posting adds no object the garbage collector would follow and a block's columns are slices.
Postings = list
STRIDE = 4  # items a posting takes in Postings


def stored_length(length: int) -> int:
    """A field length as the segment's length column gives it back (one byte, logarithmic)."""
    return byte_to_length(length_to_byte(length)) if length else 0


def _positions(words: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        at = found.get(word)
        if at is None:
            found[word] = [position]
        else:
            at.append(position)
    return found


def _encoded_positions(positions: list[int]) -> bytes:
    """Whoosh's `Positions.encode`: the count, then the pickled deltas."""
    deltas = [positions[0]] + [b - a for a, b in zip(positions, positions[1:])]
    return pack_uint(len(deltas)) + dumps(deltas, PICKLE_PROTOCOL)


class _EncodedOnce(dict):
    """Values made once each and shared: a count's weight, or its encoding as a Frequency value (a block
    joins those into one bytes string; a Positions value must not be shared, see `_OnePosition`)."""

    def __init__(self, encode) -> None:
        super().__init__()
        self._encode = encode

    def __missing__(self, key: int) -> bytes:
        value = self[key] = self._encode(key)
        return value


class _OnePosition(dict):
    """The value of a word seen once, at a position: Whoosh's encoding, made as a new object each time
    (values pickled in one block must not be the same object) from its two parts, each made once."""

    PICKLE_HEAD = 5  # bytes of a pickled one-item list before its item (protocol, empty list, memo)
    HEAD = pack_uint(1) + dumps([0], PICKLE_PROTOCOL)[:PICKLE_HEAD]  # the count, then the list's opening

    def __missing__(self, position: int) -> bytes:
        whole = pack_uint(1) + dumps([position], PICKLE_PROTOCOL)
        assert whole.startswith(self.HEAD)
        tail = self[position] = whole[len(self.HEAD):]
        return tail


_ONE_POSITION = _OnePosition()
_WEIGHT = _EncodedOnce(float)  # a count's weight (Whoosh weighs each occurrence 1.0)
_COUNT = _EncodedOnce(pack_uint)


class GroupedPostings:
    """Postings per field and term, in the order documents are added (so in document order per term)."""

    def __init__(self) -> None:
        self._words: dict[str, dict[str, Postings]] = {}  # field -> word -> postings (word lists)
        self._terms: dict[str, dict[bytes, Postings]] = {}  # field -> term bytes -> postings (the rest)
        self.count = 0  # postings held

    def add(self, fieldname: str, field, docnum: int, value, fieldboost: float) -> int:
        """Add one document's value of an indexed field; returns the field's length (as Whoosh counts it)."""
        fmt = field.format
        if isinstance(value, list) and type(fmt) in (Positions, Frequency) and fieldboost == 1.0 \
                and fmt.field_boost == 1.0:
            return self._add_words(fieldname, field, docnum, value)
        items = list(field.index(value))
        length = sum(freq for _, freq, _, _ in items) if field.scorable else 0
        kept = stored_length(length)
        terms = self._terms.setdefault(fieldname, {})
        self.count += len(items)
        for tbytes, _, weight, vbytes in items:
            if (postings := terms.get(tbytes)) is None:
                terms[tbytes] = [docnum, weight * fieldboost, vbytes, kept]
            else:
                postings += (docnum, weight * fieldboost, vbytes, kept)
        return length

    def _add_words(self, fieldname: str, field, docnum: int, words: list[str]) -> int:
        length = len(words) if field.scorable else 0
        kept = stored_length(length)
        table = self._words.setdefault(fieldname, {})
        get = table.get
        if type(field.format) is Positions:
            head, one_position, weight = _OnePosition.HEAD, _ONE_POSITION, _WEIGHT
            positions = _positions(words)
            self.count += len(positions)
            for word, at in positions.items():
                if len(at) == 1:
                    posting = (docnum, 1.0, head + one_position[at[0]], kept)
                else:
                    posting = (docnum, weight[len(at)], _encoded_positions(at), kept)
                if (postings := get(word)) is None:
                    table[word] = list(posting)
                else:
                    postings += posting
        else:
            encoded, weight = _COUNT, _WEIGHT
            counts = Counter(words)
            self.count += len(counts)
            for word, count in counts.items():
                if (postings := get(word)) is None:
                    table[word] = [docnum, weight[count], encoded[count], kept]
                else:
                    postings += (docnum, weight[count], encoded[count], kept)
        return length

    def terms(self):
        """(field, term bytes, postings) for every term, in field then term order (as Whoosh writes them)."""
        for fieldname in sorted(self._words.keys() | self._terms.keys()):
            merged = dict(self._terms.get(fieldname, {}))
            for word, postings in self._words.get(fieldname, {}).items():
                tbytes = word.encode("utf-8")
                if tbytes in merged:  # the same term from a word list and from another value: document order
                    postings = in_document_order(merged[tbytes] + postings)
                merged[tbytes] = postings
            for tbytes in sorted(merged):
                yield fieldname, tbytes, merged[tbytes]


def in_document_order(postings: Postings) -> Postings:
    """Postings sorted as Whoosh's pool sorts them (by document, then weight and value)."""
    rows = sorted(zip(*(postings[i::STRIDE] for i in range(STRIDE))))
    return [item for row in rows for item in row]
