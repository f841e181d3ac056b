"""Whoosh's segment writer with the field lengths of a new segment read once per document, not once per posting.

When a commit writes the postings of a new segment, whoosh-reloaded 2.7.5 asks the segment's length
column for the length of the field of every posting (a seek and a read each): about a seventh of the
index writer's CPU in an ingest. The lengths of one document's fields are the same for all its postings,
so they are remembered the first time they are read. What is written does not change.
"""
from __future__ import annotations

from whoosh.writing import SegmentWriter


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
    """`SegmentWriter` whose new segment's postings are written with `RememberedLengths`."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(self.schema, RememberedLengths(lengths) if lengths else None, postings)
        self.fieldwriter.close()
        if lengths:
            lengths.close()
