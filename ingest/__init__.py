"""Document parsing: files -> ``Document`` objects with passages and metadata.

The stages, each a subpackage of small modules of pure functions (I/O only in the readers):
``readers`` (file -> ``RawText``) -> ``text`` (cleaning: page furniture and wraps; structure:
title, headings, blocks; passages) -> ``catalog`` (the card and the facet tags). ``pipeline`` ties
them together into a ``Document``; ``index`` writes documents into OpenSearch; ``run`` and
``workers`` drive a whole library (``python -m ingest``, ``cli``). Heavy imports (PyMuPDF, the
analyzers) happen on first use only.
"""

from ingest.catalog.tags import Plan, Topic, load_plans, load_topics
from ingest.errors import (
    BinaryFile,
    EmptyFile,
    FileMissing,
    IngestError,
    NotAFile,
    UnreadableFile,
    UnsupportedFormat,
)
from ingest.model import AliasPair, Citation, Document, Passage, Section
from ingest.pipeline import Skipped, build_document, load_documents, parse_document
from ingest.readers.files import SUPPORTED_SUFFIXES, RawText, iter_paths, read_document
from ingest.text.passages import MAX_CHARS

__all__ = [
    "MAX_CHARS",
    "SUPPORTED_SUFFIXES",
    "AliasPair",
    "BinaryFile",
    "Citation",
    "Document",
    "EmptyFile",
    "FileMissing",
    "IngestError",
    "NotAFile",
    "Passage",
    "Plan",
    "RawText",
    "Section",
    "Skipped",
    "Topic",
    "UnreadableFile",
    "UnsupportedFormat",
    "build_document",
    "iter_paths",
    "load_documents",
    "load_plans",
    "load_topics",
    "parse_document",
    "read_document",
]
