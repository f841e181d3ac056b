"""Whoosh's segment writer with a new segment's postings grouped per term as documents come, written by block.

whoosh-reloaded 2.7.5 puts every posting of every added document in a sorting pool as a tuple, sorts
them all at commit, then writes them one call at a time, asking the segment's length column for the
field length of each (a seek and a read). Here the postings of added documents are grouped per field
and term as they are added (`GroupedPostings`), with each document's field lengths, and each term is
written a block at a time (`BlockWriter`). Postings of segments merged in (`add_reader`) still go
through Whoosh's pool, which spills to disk past its memory limit; at commit both streams are merged
term by term. What is written is byte for byte what Whoosh writes.
"""
from __future__ import annotations

import heapq
from itertools import groupby
from operator import itemgetter

from whoosh.writing import SegmentWriter

from .block_writer import BlockWriter
from .grouped_postings import STRIDE, GroupedPostings, Postings, in_document_order

GROUPED_POSTING_BYTES = 80  # memory a grouped posting takes, about (four list slots, its value's bytes)
_TERM_KEY = itemgetter(0, 1)  # (field, term bytes) of a posting tuple or a term's postings


class RememberedLengths:
    """A per-document reader's field lengths, each read from the segment once.

    Postings come field by field, so only the current field's lengths are kept (one number a document).
    """

    def __init__(self, reader) -> None:
        self._reader = reader
        self._field: str | None = None
        self._lengths: dict[int, int] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname != self._field:
            self._field, self._lengths = fieldname, {}
        try:
            return self._lengths[docnum]
        except KeyError:
            length = self._lengths[docnum] = self._reader.doc_field_length(docnum, fieldname, default)
            return length


class SectionSegmentWriter(SegmentWriter):
    """`SegmentWriter` whose added documents' postings are grouped per term and written a block at a time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._grouped = GroupedPostings()
        self.grouped_limit = self.pool.limit // GROUPED_POSTING_BYTES  # postings held before they go to the pool

    def _spill(self) -> None:
        """Hand the grouped postings to Whoosh's pool, which spills to disk past its memory limit."""
        add = self.pool.add
        for fieldname, tbytes, postings in self._grouped.terms():
            for docnum, weight, value in zip(postings[::STRIDE], postings[1::STRIDE], postings[2::STRIDE]):
                add((fieldname, tbytes, docnum, weight, value))
        self._grouped = GroupedPostings()

    def add_document(self, **fields) -> None:
        """Whoosh's `add_document`, with the postings grouped instead of pooled (spelling and vectors: Whoosh's)."""
        self._check_state()
        schema = self.schema
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        if any(schema[name].separate_spelling() or schema[name].vector for name in fieldnames):
            super().add_document(**fields)
            return
        perdocwriter, docnum = self.perdocwriter, self.docnum
        docboost = self._doc_boost(fields)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    length = self._grouped.add(fieldname, field, docnum, value, fieldboost)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self._grouped.count > self.grouped_limit:
            self._spill()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            writer = BlockWriter(self.fieldwriter, self.codec)
            schema = self.schema
            for fieldname, tbytes, postings in self._all_terms(lengths):
                if fieldname != writer.field:
                    writer.start_field(fieldname, schema[fieldname])
                writer.add_term(tbytes, postings)
            writer.finish()
            self.fieldwriter.close()
        finally:
            if lengths:
                lengths.close()

    def _all_terms(self, lengths):
        """The grouped terms merged with the pool's (segments merged in), in field then term order."""
        grouped = self._grouped.terms()
        if not self.pool.fieldnames:
            return grouped
        return _merged_terms(grouped, _pooled_terms(self.pool.iter_postings(), self.schema, lengths))


def _pooled_terms(items, schema, lengths):
    """The pool's sorted posting tuples as (field, term bytes, postings), with their documents' field lengths."""
    length = RememberedLengths(lengths).doc_field_length if lengths else (lambda docnum, fieldname: 0)
    for (fieldname, tbytes), run in groupby(items, key=_TERM_KEY):
        if fieldname not in schema:
            continue
        postings: Postings = []
        for _, _, docnum, weight, vbytes in run:
            postings += (docnum, weight, vbytes, length(docnum, fieldname))
        yield fieldname, tbytes, postings


def _merged_terms(*streams):
    """Streams of (field, term bytes, postings) merged; a term in several has its postings in document order."""
    for key, run in groupby(heapq.merge(*streams, key=_TERM_KEY), key=_TERM_KEY):
        parts = [postings for _, _, postings in run]
        yield key[0], key[1], parts[0] if len(parts) == 1 else in_document_order([p for part in parts for p in part])
