"""read -> clean -> structure -> passages -> metadata, for one file or a stream of them."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from core.settings import get_settings
from ingest.catalog.card import Card, read_card
from ingest.catalog.tags import tag_document
from ingest.errors import IngestError, ScannedFile
from ingest.model import Document, Passage, Section
from ingest.readers.files import RawText, iter_paths, read_document, read_sidecar, source_file
from ingest.readers.ocr import Ocr
from ingest.text.cleaning import TextRepair, clean
from ingest.text.language import detect_lang
from ingest.text.passages import MAX_CHARS, cut_passages
from ingest.text.structure import Block, Heading, Structure, parse_structure

log = logging.getLogger(__name__)

_SIDECAR_KEYS = ("title", "institution", "published", "lang", "authors")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that produced no document.

    ``duplicate_of`` names the first file when this one is a byte-identical copy of it
    (not an error: the document is loaded once); otherwise ``reason`` says why it could not
    be read (an error: the CLI reports it and exits non-zero).
    """

    path: Path
    reason: str
    duplicate_of: str | None = None
    scan_pages: tuple[int, ...] = ()  # a PDF of scans only, read without OCR: its pages

    @property
    def is_error(self) -> bool:
        return self.duplicate_of is None


def parse_document(
    path: str | Path,
    repair: TextRepair,
    max_chars: int = MAX_CHARS,
    ocr: Ocr | None = None,
    library_roots: Sequence[Path] | None = None,
) -> Document:
    """Parse one file into a Document; raises an ``IngestError`` subclass when it cannot.
    ``repair`` mends the line breaks (``TextRepair.using(analyzer)``); ``ocr`` reads the PDF pages
    that have no text layer (``ingest.readers.ocr.find_ocr``); the file's path is recorded relative to
    the one of ``library_roots`` (default: the setting) that holds it."""
    raw = read_document(path, ocr)
    doc = build_document(raw, repair=repair, max_chars=max_chars, sidecar=read_sidecar(raw.path))
    roots = get_settings().library_dirs if library_roots is None else library_roots
    doc.file = source_file(raw, roots)
    return doc


def build_document(
    raw: RawText,
    repair: TextRepair,
    max_chars: int = MAX_CHARS,
    sidecar: dict[str, object] | None = None,
) -> Document:
    """The pure part of ``parse_document``: decoded text in, Document out."""
    sidecar = sidecar or {}
    cleaned = clean(raw, repair=repair)
    lang = str(sidecar.get("lang") or detect_lang(cleaned.text[:200_000], None))
    if lang not in ("ko", "ja", "en"):
        lang = "other"
    structure = parse_structure(cleaned, lang)
    card = read_card(raw, cleaned.lines)  # the file's own title, date, publisher, pages
    doc_id = raw.doc_id
    blocks = _blocks_with_title_line(structure, sidecar.get("title", card.title))
    passages = cut_passages(blocks, cleaned.text, doc_id, doc_lang=lang, max_chars=max_chars)
    if raw.ocr_pages:
        _mark_ocr(passages, cleaned.starts, [line.page for line in cleaned.lines], set(raw.ocr_pages))
    doc = Document(
        doc_id=doc_id,
        source=str(raw.path),
        title=card.title or _title(structure, cleaned.facts, raw.path, set(raw.scan_pages)),
        subtitle=card.subtitle,
        text=cleaned.text,
        lang=lang,
        # a known series' furniture names its institution best; then the cover or colophon;
        # then the disclaimer ("… 공식 의견이 아닙니다") that structure reads
        institution=cleaned.facts.get("institution") or card.publisher or structure.institution,
        authors=list(structure.authors),
        published=_published(card, cleaned.facts),
        page_count=card.page_count,
        ocr_pages=list(raw.ocr_pages),
        scan_pages=list(raw.scan_pages),
        respaced_pages=list(raw.respaced),
        outline=_outline(structure.headings, [cleaned.starts[h.line] for h in structure.headings], passages),
        passages=passages,
    )
    tag_document(doc)
    _apply_sidecar(doc, sidecar)
    return doc


def load_documents(
    paths: Iterable[str | Path], repair: TextRepair, ocr: Ocr | None = None
) -> Iterator[Document | Skipped]:
    """Documents for every file under ``paths``; unreadable files and repeated copies come out
    as ``Skipped`` so one bad file never stops the run. ``ocr`` reads the PDF pages that have
    no text layer (``ingest.readers.ocr.find_ocr``, which fails when Tesseract is missing)."""
    return first_copies(load_document(path, repair, ocr) for path in iter_paths(paths))


def load_document(path: Path, repair: TextRepair, ocr: Ocr | None = None) -> Document | Skipped:
    """One file's Document, or why it has none."""
    try:
        return parse_document(path, repair, ocr=ocr)
    except IngestError as exc:
        log.warning("skipping %s: %s", path, exc)
        return Skipped(path, str(exc), scan_pages=exc.pages if isinstance(exc, ScannedFile) else ())


def first_copies(items: Iterable[Document | Skipped]) -> Iterator[Document | Skipped]:
    """The items in order, a later byte-identical copy of a document as ``Skipped``."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Document):
            if item.doc_id in seen:
                first = seen[item.doc_id]
                yield Skipped(Path(item.source), f"same content as {first}", duplicate_of=first)
                continue
            seen[item.doc_id] = item.source
        yield item


def _blocks_with_title_line(structure: Structure, sidecar_title: object) -> list[Block]:
    """The body blocks, plus the title line when a sidecar names the document otherwise: that
    line is then not the indexed title, and must still be searchable as a heading passage."""
    line = structure.title_block
    if line is None or not isinstance(sidecar_title, str | int) or str(sidecar_title) == structure.title:
        return structure.blocks
    return sorted([line, *structure.blocks], key=lambda b: b.start)


def _title(structure: Structure, facts: dict[str, str], path: Path, scans: Set[int] = frozenset()) -> str:
    """Stated title, else the periodical and issue from the page furniture, else the first
    heading without its numbering (whatever the style: "I. …", "1 …", "第1章 …"). A title line
    on a scan page left unread (``scans``) is text laid over a picture (the cover's country
    name, a logo's words), not the title the picture shows."""
    block = structure.title_block
    if structure.title and not (block is not None and block.page in scans):
        return structure.title
    if facts.get("periodical"):
        return f"{facts['periodical']} {facts.get('issue', '')}".strip()
    if structure.headings:
        return structure.headings[0].name or structure.headings[0].title
    return path.stem


def _published(card: Card, facts: dict[str, str]) -> str | None:
    """A date the document states (cover, colophon) over the issue date in its running heads,
    and that over the PDF's export date."""
    if card.published_source == "document":
        return card.published
    return facts.get("published") or card.published


def _mark_ocr(passages: list[Passage], starts: list[int], pages: list[int | None], ocr: set[int]) -> None:
    """``Passage.ocr``: some line of the passage is on a page that OCR read."""
    for p in passages:
        first = max(bisect_right(starts, p.start) - 1, 0)
        last = bisect_right(starts, max(p.end - 1, p.start))
        p.ocr = any(page in ocr for page in pages[first:last])


def _outline(headings: list[Heading], heading_starts: list[int], passages: list[Passage]) -> list[Section]:
    """The section tree; each section lists the passages directly under it."""
    roots: list[Section] = []
    nodes: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for h in headings:
        node = Section(title=h.title, level=h.level)
        nodes.append(node)
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((h.level, node))
    for p in passages:
        i = bisect_right(heading_starts, p.start) - 1
        if i >= 0:
            nodes[i].passage_ids.append(p.id)
    return roots


def _apply_sidecar(doc: Document, sidecar: dict[str, object]) -> None:
    """A ``<name>.meta.toml`` beside the file wins over what extraction found."""
    for key in _SIDECAR_KEYS:
        if key not in sidecar:
            continue
        value = sidecar[key]
        if key == "authors" and isinstance(value, list):
            doc.authors = [str(v) for v in value]
        elif isinstance(value, str | int):
            setattr(doc, key, str(value))
