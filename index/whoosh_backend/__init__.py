"""The Whoosh backend: every import of the Whoosh engine lives in this package."""
