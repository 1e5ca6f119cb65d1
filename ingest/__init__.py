"""Document parsing: files -> ``Document`` objects with passages and metadata.

Stages (each a small module of pure functions, I/O only in ``reading``):
``reading`` (bytes -> text) -> ``cleaning`` (page furniture, wraps) -> ``structure``
(title, headings, blocks) -> ``passages`` -> ``metadata`` (facets). ``pipeline`` ties
them together. Heavy imports (PyMuPDF, the analyzers) happen on first use only.
"""

from ingest.errors import (
    BinaryFile,
    EmptyFile,
    FileMissing,
    IngestError,
    NotAFile,
    UnreadableFile,
    UnsupportedFormat,
)
from ingest.metadata import Plan, Topic, load_plans, load_topics
from ingest.model import AliasPair, Citation, Document, Passage, Section
from ingest.passages import MAX_CHARS
from ingest.pipeline import Skipped, build_document, load_documents, parse_document
from ingest.reading import SUPPORTED_SUFFIXES, RawText, iter_paths, read_document

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
