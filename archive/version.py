"""The package's version: read by pyproject.toml at build time and by `archive --version` (no metadata lookup)."""

VERSION = "0.2.0"
