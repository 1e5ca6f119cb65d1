"""Bytes on disk -> text. The only ingest module that touches the file system.

Text files come from many Korean and Japanese tools, so we accept UTF-8 (with or
without BOM), UTF-16 with BOM, CP949/EUC-KR and CP932/Shift_JIS. UTF-8 is tried
strictly first: a legacy two-byte encoding practically never decodes as valid
UTF-8 by chance, while the reverse happens all the time. Between CP949 and CP932
we do not trust a generic detector (on a short text charset-normalizer confuses
them); both decodes are scored on whether they yield *common* Hangul or kana, see
``_korean_score`` and ``_japanese_score``.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.errors import (
    BinaryFile,
    EmptyFile,
    FileMissing,
    NotAFile,
    ScannedFile,
    UnreadableFile,
    UnsupportedFormat,
)
from ingest.model import SourceFile
from ingest.readers.ocr import Ocr
from ingest.readers.pdf_cover import PdfCover

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
HWP_SUFFIXES = frozenset({".hwp", ".hwpx"})  # Hancom Office: HWP 5 (OLE) and HWPX (OWPML zip)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HWP_SUFFIXES

# Legacy decodes are judged on this much text; enough for a stable ratio, cheap on a 10 MB file.
_SCORE_SAMPLE_BYTES = 256 * 1024

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RawText:
    """A decoded file. ``pages`` lists (page number, offset of the page's first char in ``text``);
    ``title`` is a title the reader found in the file's layout (HWP: the largest type on the first
    page), preferred over the one structure guesses from the first lines."""

    path: Path
    data: bytes
    text: str
    encoding: str
    pages: list[tuple[int, int]] | None = None
    title: str | None = None
    # PDF layout: offsets of the line breaks that wrap a paragraph rather than end it (None: the
    # reader cannot tell), and the page furniture (running heads, page numbers) it left out.
    soft_breaks: frozenset[int] | None = None
    furniture: tuple[str, ...] = ()
    # Pages written without space characters whose word spaces the reader put back from the
    # blank gaps between glyphs (the text layer itself had none).
    respaced: tuple[int, ...] = ()
    # PDF pages with no usable text layer (scans): left unread, or read by OCR (``--ocr``).
    scan_pages: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    # PDF: the first and last pages as the document card reads them (None: not read).
    cover: PdfCover | None = field(default=None, compare=False, repr=False)

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.data)


def doc_id_for(data: bytes) -> str:
    """First 16 hex chars of sha256: two copies of one file under different names are one document."""
    return hashlib.sha256(data).hexdigest()[:16]


MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".hwp": "application/x-hwp",
    ".hwpx": "application/hwp+zip",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
# Python's codec names as the charsets browsers know (WHATWG: euc-kr is read as CP949, shift_jis as CP932).
CHARSETS = {"utf-8-sig": "utf-8", "cp949": "euc-kr", "cp932": "shift_jis"}


def source_file(raw: RawText, library_roots: Sequence[Path]) -> SourceFile:
    """Where the file is, relative to the library root that holds it, and what it is."""
    path = raw.path.resolve()
    media_type = MEDIA_TYPES.get(path.suffix.lower(), "text/plain")
    if media_type.startswith("text/"):
        media_type += f"; charset={CHARSETS.get(raw.encoding, raw.encoding)}"
    library_path = None
    for root in (r.resolve() for r in library_roots):
        if path.is_relative_to(root):
            library_path = path.relative_to(root).as_posix()
            break
    return SourceFile(str(path), library_path, len(raw.data), hashlib.sha256(raw.data).hexdigest(), media_type)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest: directories expand (recursively, sorted) to supported files.

    Paths that were named explicitly are yielded even when missing or unsupported, so
    the caller gets a precise error for them instead of a silent skip.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            yield from sorted(found)
        else:
            yield path


def read_document(path: str | Path, ocr: Ocr | None = None) -> RawText:
    """Read and decode one file; raises a subclass of ``IngestError`` on anything unusable.
    ``ocr`` reads the scanned pages of a PDF (else they are listed in ``RawText.scan_pages``)."""
    path = Path(path)
    if not path.exists():
        raise FileMissing(path, "no such file")
    if path.is_dir():
        raise NotAFile(path, "is a directory, not a file (pass it to iter_paths to expand it)")
    if not path.is_file():
        raise NotAFile(path, "is not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFormat(path, f"unsupported file type {suffix or '(none)'!r}; supported: {allowed}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyFile(path, "file is empty")
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, ocr)
    if suffix in HWP_SUFFIXES:
        return _read_hwp(path, data)
    text, encoding = decode_bytes(data, path)
    if not text.strip():
        raise EmptyFile(path, "file holds only whitespace")
    return RawText(path=path, data=data, text=text, encoding=encoding)


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name). Raises BinaryFile / UnreadableFile."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 is full of NUL bytes, so it has to be recognised before the binary check.
        return _strict(data, "utf-16", path), "utf-16"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryFile(path, f"binary data (NUL byte at offset {nul}); not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    candidates: list[tuple[float, str, str]] = []
    furthest = utf8_error
    for encoding, scorer in (("cp949", _korean_score), ("cp932", _japanese_score)):
        text, bad = _legacy_decode(data, encoding)
        if bad is not None:
            furthest = max(furthest, bad)
            continue
        candidates.append((scorer(text[:_SCORE_SAMPLE_BYTES]), encoding, text))
    if not candidates:
        byte = data[furthest] if furthest < len(data) else 0
        raise UnreadableFile(
            path,
            f"cannot decode text: first bad byte 0x{byte:02X} at offset {furthest} "
            "(tried UTF-8, CP949/EUC-KR and CP932/Shift_JIS)",
            offset=furthest,
        )
    # Ties (e.g. pure ASCII plus one odd byte) go to CP949: the corpus is mostly Korean.
    candidates.sort(key=lambda c: (c[0], c[1] == "cp949"), reverse=True)
    _, encoding, text = candidates[0]
    return text, encoding


def _strict(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = 3 if encoding == "utf-8" else 0
        offset = exc.start + prefix
        raise UnreadableFile(
            path,
            f"invalid {encoding.upper()} despite its byte-order mark: bad byte at offset {offset}",
            offset=offset,
        ) from exc


def _legacy_decode(data: bytes, encoding: str) -> tuple[str, int | None]:
    """Decode with a legacy codec; returns (text, None) or ("", byte offset of the first bad byte).

    Python's cp932 maps the unassigned bytes 0x80 and 0xFD-0xFF to C1 controls and private-use
    characters instead of failing, so those count as failures here too.
    """
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return "", exc.start
    for i, ch in enumerate(text):
        cp = ord(ch)
        if 0x80 <= cp <= 0x9F or 0xE000 <= cp <= 0xF8FF:
            return "", len(text[:i].encode(encoding))
    return text, None


@lru_cache(maxsize=1)
def _ksx1001_hangul() -> frozenset[str]:
    """The 2,350 precomposed syllables of KS X 1001: the ones real Korean text uses.

    Japanese bytes read as CP949 land mostly on the *other* 8,822 (UHC extension) syllables.
    """
    out = set()
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):
                out.add(bytes([lead, trail]).decode("euc_kr"))
    return frozenset(out)


def _korean_score(text: str) -> float:
    common = _ksx1001_hangul()
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return 0.0
    return sum(c in common for c in non_ascii) / len(non_ascii)


def _japanese_score(text: str) -> float:
    """Kana and CJK punctuation count fully, kanji partly; halfwidth katakana counts against.

    Korean bytes read as CP932 mostly become halfwidth katakana (single bytes 0xA1-0xDF).
    """
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return 0.0
    score = 0.0
    for c in non_ascii:
        cp = ord(c)
        if 0x3040 <= cp <= 0x30FF or c in "、。「」『』・（）":
            score += 1.0
        elif 0x4E00 <= cp <= 0x9FFF:
            score += 0.7
        elif 0xFF61 <= cp <= 0xFF9F:
            score -= 1.0
    return score / len(non_ascii)


def _read_pdf(path: Path, data: bytes, ocr: Ocr | None = None) -> RawText:
    """Text in reading order (columns, vertical Japanese, no running heads), see ``ingest.readers.pdf``;
    scanned pages read by ``ocr`` when given."""
    import pymupdf  # heavy; only needed for PDFs

    from ingest.readers.pdf import layout_document
    from ingest.readers.pdf_cover import read_cover

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several private exception types
        raise UnreadableFile(path, f"damaged or unsupported PDF: {exc}") from exc
    if doc.needs_pass:
        raise UnreadableFile(path, "PDF is password protected")
    try:
        try:
            cover: PdfCover | None = read_cover(doc)
        except Exception as exc:  # the card falls back to the text; the layout may still read it
            log.warning("no PDF cover pages for %s: %s", path, exc)
            cover = None
        laid = layout_document(doc, ocr)
    except Exception as exc:
        raise UnreadableFile(path, f"cannot extract text from PDF: {exc}") from exc
    finally:
        doc.close()
    if not laid.text.strip():
        if laid.scans:
            raise ScannedFile(
                path,
                f"no text layer on {page_list(laid.scans)} (scanned): run the ingest with --ocr to read "
                + ("it" if len(laid.scans) == 1 else "them"),
                laid.scans,
            )
        if laid.ocr:
            raise EmptyFile(path, f"PDF has no text layer and OCR found no text on {page_list(laid.ocr)}")
        raise EmptyFile(path, "PDF has no text layer (blank pages?)")
    return RawText(
        path=path,
        data=data,
        text=laid.text,
        encoding="pdf",
        pages=laid.pages,
        soft_breaks=laid.soft_breaks,
        furniture=laid.furniture,
        respaced=laid.respaced,
        scan_pages=laid.scans,
        ocr_pages=laid.ocr,
        cover=cover,
    )


def page_ranges(pages: Iterable[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3, 5"``."""
    runs: list[list[int]] = []
    for n in sorted(set(pages)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def page_list(pages: Sequence[int]) -> str:
    """``[3]`` -> ``"page 3"``, ``[1, 2, 5]`` -> ``"pages 1-2, 5"``."""
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {page_ranges(pages)}"


def _read_hwp(path: Path, data: bytes) -> RawText:
    """HWP 5 / HWPX via ``ingest.readers.hwp``: one paragraph per line, table rows as tab-separated cells."""
    from ingest.readers.hwp import HwpFormatError, extract

    try:
        doc = extract(data)
    except HwpFormatError as exc:
        raise UnreadableFile(path, f"cannot read {path.suffix.lower()} file: {exc}") from exc
    text = unicodedata.normalize("NFC", doc.text)
    if not text.strip():
        raise EmptyFile(path, f"{doc.format.upper()} document has no text (only images or empty pages?)")
    return RawText(path=path, data=data, text=text, encoding=doc.format, title=doc.title)


def sidecar_path(path: Path) -> Path:
    """``report.txt`` -> ``report.meta.toml`` next to it."""
    return path.with_name(path.stem + ".meta.toml")


def read_sidecar(path: Path) -> dict[str, object]:
    """Overrides for title / institution / published / lang / authors, or {} when there is none."""
    import tomllib

    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        with side.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UnreadableFile(side, f"bad sidecar metadata: {exc}") from exc
