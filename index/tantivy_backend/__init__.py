"""The tantivy backend: every import of tantivy lives in this package."""
