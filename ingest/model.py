"""What the ingest stages hand to each other: documents and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# "heading": heading lines with no body text under them (a cover, a table of contents, a
# heading-only page), kept as a passage so that their words are searched like any other text.
PassageKind = Literal["text", "table", "footnote", "heading"]


@dataclass(frozen=True, slots=True)
class Citation:
    issuer: str  # e.g. 内閣府
    date: str | None  # ISO date or year as written, normalized where possible ("2026-03-27")
    title: str  # e.g. 第7期科学技術・イノベーション基本計画概要


@dataclass(frozen=True, slots=True)
class AliasPair:
    """A mined pair of spellings of one name: ``한글(原語)`` (키옥시아 / キオクシア), or a short form the
    document defines and its name (労基法 / 労働基準法, 과기정통부 / 과학기술정보통신부)."""

    korean: str
    original: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The ingested file, for serving the original (app/files.py) and telling when it changed."""

    path: str  # absolute, symlinks resolved, on the machine that ran the ingest
    library_path: str | None  # relative to the library root that holds it (KJSEARCH_LIBRARY_ROOTS)
    size: int
    sha256: str
    media_type: str


@dataclass(slots=True)
class Passage:
    id: str  # f"{doc_id}-{ordinal:04d}"
    doc_id: str
    ordinal: int
    text: str  # repaired text shown to users (no in-word line breaks, no page furniture)
    breadcrumb: list[str]  # section titles from the top, e.g. ["2 제7기 ...", "가. 과학의 부활"]
    start: int  # offsets of ``text`` in Document.text
    end: int
    kind: PassageKind = "text"
    page: int | None = None
    prev_id: str | None = None
    next_id: str | None = None
    lang: str = "ko"  # "ko" | "ja" | "en" | "other"
    ministries: list[str] = field(default_factory=list)  # canonical ids from analyzers/data/glossary.tsv
    plan_periods: list[str] = field(default_factory=list)  # ids from ingest/data/plans.tsv
    years: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # ids from ingest/data/topics.tsv
    ocr: bool = False  # read by OCR from a scanned page (``python -m ingest --ocr``)

    @property
    def section(self) -> str:
        return " › ".join(self.breadcrumb)


@dataclass(slots=True)
class Section:
    title: str
    level: int
    passage_ids: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    doc_id: str  # short content hash of the raw bytes (stable across runs and file names)
    source: str  # file name as given
    title: str
    text: str  # cleaned document text; passage offsets point into it
    lang: str
    institution: str | None = None  # issuing institution / publisher, canonical id where known
    authors: list[str] = field(default_factory=list)  # as stated in the report ("김규판"), in order
    published: str | None = None  # ISO date where known
    subtitle: str | None = None  # the cover's line under the title, where it has one
    page_count: int | None = None  # pages of a paged source (PDF); None for text
    ocr_pages: list[int] = field(default_factory=list)  # scanned pages read by OCR
    scan_pages: list[int] = field(default_factory=list)  # scanned pages left unread (no --ocr)
    # pages written without space characters: their spaces are ours, put back from the word gaps
    respaced_pages: list[int] = field(default_factory=list)
    outline: list[Section] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    ministries: list[str] = field(default_factory=list)
    plan_periods: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # the country the document is about: "jp", "kr", "other" (a third one) or None (undecided);
    # names several countries' bodies bear (기상청, 특허청) are tagged by it (ingest/catalog/tags.py)
    subject_country: str | None = None
    citations: list[Citation] = field(default_factory=list)
    aliases: list[AliasPair] = field(default_factory=list)
    file: SourceFile | None = None
