"""The first and last pages of a PDF as the document card reads them: each line with its type size
and box, spaces restored where glyphs stand a word apart, vertical text rebuilt into columns.

Read from the document the layout reader already has open (``ingest.readers.files``), so a PDF is
opened once; ``ingest.catalog.card`` composes the card from it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ingest.readers.geometry import garbled_share, unspaced, word_gap

# Pages read for page furniture besides the cover (the first ones) and the colophon pages.
SAMPLE_PAGES = 14
COLOPHON_PAGES = 2


@dataclass(frozen=True, slots=True)
class CardLine:
    """A line of the cover or colophon; ``size`` and ``box`` only where the format has them."""

    text: str
    page: int = 1
    size: float | None = None
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1
    vertical: bool = False
    spaced: bool = False  # set letter-spaced (``검 토 보 고``); ``text`` holds the word it spells


# share of characters outside the line's scripts (``第›Ÿ˜ 号``, a font without a true map): not read
GARBLED_LINE = 0.25


@dataclass(frozen=True, slots=True)
class PdfCover:
    """What the card reads of a PDF: the lines of its first ``SAMPLE_PAGES`` and last
    ``COLOPHON_PAGES`` pages by page index (0-based), its metadata and its page count."""

    page_count: int
    first: list[int] = field(default_factory=list)
    last: list[int] = field(default_factory=list)
    pages: dict[int, list[CardLine]] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    picture_cover: bool = False  # the first page is a picture (its title is not text)


def read_cover(doc: Any) -> PdfCover:
    """The cover pages of an open PyMuPDF document."""
    count = doc.page_count
    first = list(range(min(count, SAMPLE_PAGES)))
    last = list(range(max(1, count - COLOPHON_PAGES), count))
    pages = {n: _page_lines(doc[n], n + 1) for n in sorted({*first, *last})}
    metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
    picture = count > 0 and _picture_page(doc[0])
    return PdfCover(count, first, last, pages, metadata, picture)


def _picture_page(page: Any) -> bool:
    import pymupdf  # heavy; only needed for PDFs

    from ingest.readers.pdf import is_scan

    return is_scan(page, page.get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT))


def _page_lines(page: object, number: int) -> list[CardLine]:
    """The page's lines in reading order, with font size and box; spaces restored where the
    PDF positions words apart without a space character; vertical text rebuilt into columns."""
    raw = page.get_text("rawdict")  # type: ignore[attr-defined]
    lines: list[CardLine] = []
    for block in raw.get("blocks", []):
        if block.get("type") != 0:
            continue
        for line in block.get("lines", []):
            spans = [s for s in line.get("spans", []) if s.get("chars")]
            if not spans:
                continue
            vertical = abs(line["dir"][1]) > abs(line["dir"][0])
            text = _chars_text(spans, vertical)
            if not text.strip() or garbled_share(text) >= GARBLED_LINE:
                continue
            size = max(s["size"] for s in spans if "".join(c["c"] for c in s["chars"]).strip())
            word = unspaced(text)
            lines.append(CardLine(word, number, round(size, 2), tuple(line["bbox"]), vertical, word != text))
    if _mostly_single_characters(lines):
        lines = _columns(lines)
    return _letter_runs(_reading_order(lines))


def _letter_runs(lines: list[CardLine]) -> list[CardLine]:
    """Display type spaced so wide that each letter is a line of its own (``검   토   보   고``),
    joined into the word it spells, one letter after the other on a row in one size."""
    out: list[CardLine] = []
    run: list[CardLine] = []
    for line in [*lines, None]:
        if line is not None and _single_letter(line) and (not run or _letter_follows(run[-1], line)):
            run.append(line)
            continue
        if len(run) >= 2:
            boxes = [line_box(c) for c in run]
            box = (boxes[0][0], min(b[1] for b in boxes), boxes[-1][2], max(b[3] for b in boxes))
            out.append(CardLine("".join(c.text for c in run), run[0].page, run[0].size, box, spaced=True))
        else:
            out.extend(run)
        run = [line] if line is not None and _single_letter(line) else []
        if line is not None and not run:
            out.append(line)
    return out


def _single_letter(line: CardLine) -> bool:
    return len(line.text) == 1 and line.text.isalpha() and not line.text.isascii() and not line.vertical


def _letter_follows(prev: CardLine, nxt: CardLine) -> bool:
    size = prev.size or 10.0
    gap = line_box(nxt)[0] - line_box(prev)[2]
    return prev.size == nxt.size and abs(centre_y(prev) - centre_y(nxt)) <= 0.3 * size and 0 <= gap <= 4 * size


def _chars_text(spans: list[dict], vertical: bool) -> str:
    out: list[str] = []
    prev: tuple[str, tuple[float, ...], float] | None = None
    for span in spans:
        for ch in span["chars"]:
            c, box, size = ch["c"], ch["bbox"], span["size"]
            if prev is not None and not vertical and word_gap(prev[0], prev[1], c, box, size):
                out.append(" ")
            out.append(c)
            prev = (c, box, size)
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


def _mostly_single_characters(lines: list[CardLine]) -> bool:
    return len(lines) >= 20 and sum(len(line.text) == 1 for line in lines) >= 0.6 * len(lines)


def _columns(lines: list[CardLine]) -> list[CardLine]:
    """Vertical text that came out one character per line, put back into its columns."""
    singles = sorted((line for line in lines if len(line.text) == 1 and line.box), key=lambda c: -_xc(c))
    rest = [line for line in lines if not (len(line.text) == 1 and line.box)]
    columns: list[list[CardLine]] = []
    for line in singles:
        size = line.size or 10.0
        if columns and abs(_xc(columns[-1][0]) - _xc(line)) <= 0.5 * size:
            columns[-1].append(line)
        else:
            columns.append([line])
    out: list[CardLine] = []
    for column in columns:
        column.sort(key=lambda c: line_box(c)[1])
        run: list[CardLine] = []
        for ch in column:
            if run and line_box(ch)[1] - line_box(run[-1])[3] > 3 * (ch.size or 10.0):
                out.append(_column_line(run))
                run = []
            run.append(ch)
        if run:
            out.append(_column_line(run))
    return out + rest


def _column_line(chars: list[CardLine]) -> CardLine:
    boxes = [c.box for c in chars if c.box]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return CardLine("".join(c.text for c in chars), chars[0].page, chars[0].size, box, vertical=True)


def line_box(line: CardLine) -> tuple[float, float, float, float]:
    return line.box or (0.0, 0.0, 0.0, 0.0)


def _xc(line: CardLine) -> float:
    box = line_box(line)
    return (box[0] + box[2]) / 2


def _reading_order(lines: list[CardLine]) -> list[CardLine]:
    if not lines:
        return lines
    if sum(line.vertical for line in lines) > len(lines) / 2:
        return sorted(lines, key=lambda c: (-line_box(c)[2], line_box(c)[1]))
    # rows: lines whose vertical centres are within half a line of each other, left to right
    rows: list[list[CardLine]] = []
    for line in sorted(lines, key=centre_y):
        if rows and abs(centre_y(line) - centre_y(rows[-1][0])) <= 0.5 * (line.size or 10.0):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda c: line_box(c)[0])]


def centre_y(line: CardLine) -> float:
    box = line_box(line)
    return (box[1] + box[3]) / 2
