"""HWP 5 and HWPX (Hancom Office) bytes -> plain text shaped like the other readers' output.

Korean public bodies publish mostly in Hancom's two formats:

* **HWP 5**: an OLE compound file. ``FileHeader`` says whether the streams are compressed
  (raw deflate) and whether the document is password- or distribution-protected; ``DocInfo``
  holds the character shapes (font sizes); ``BodyText/SectionN`` holds the body as a flat list
  of records (tag, level, size) whose levels nest them: a paragraph (PARA_HEADER) owns its text
  (PARA_TEXT: UTF-16LE in which codes below 32 are controls, most of them 8 code units long),
  its character-shape runs and one CTRL_HEADER per extended control (table, footnote, text box,
  equation, page header ...), in the order the controls occur in the text.
* **HWPX** (OWPML): a zip of XML; ``Contents/sectionN.xml`` holds ``hp:p`` paragraphs with
  ``hp:run``/``hp:t`` text, ``hp:tbl``/``hp:tr``/``hp:tc`` tables, ``hp:footNote`` and shapes
  whose ``hp:subList`` holds more paragraphs. The manifest is not needed (and not always there).

Both are read into one small block model and rendered the way ``cleaning`` expects text from the
PDF and text readers: one paragraph per line; one table row per line with its cells separated by
tabs (cleaning joins them with `` | ``); a table that is only a frame (one column, or no row with
two filled cells: a box around a title or a summary) as ordinary paragraphs; a footnote as a
``1) …`` line right after the paragraph that cites it, endnotes at the end. Page headers and
footers, hidden comments and images are left out. Everything here is pure: bytes in, text out;
anything unreadable raises ``HwpFormatError`` with the reason.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.etree import ElementTree as ET

from ingest.readers.geometry import unspaced
from ingest.text import marks

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HWP3_MAGIC = b"HWP Document File V3"

# Decompressed size allowed for one stream / one XML part (a zip or deflate bomb stops here).
MAX_PART_BYTES = 256 * 1024 * 1024

# HWP 5 record tags (HWPTAG_BEGIN = 16)
_NUMBERING = 23
_BULLET = 24
_CHAR_SHAPE = 21
_PARA_SHAPE = 25
_PARA_HEADER = 66
_PARA_TEXT = 67
_PARA_CHAR_SHAPE = 68
_CTRL_HEADER = 71
_LIST_HEADER = 72
_TABLE = 77
_EQEDIT = 88

# PARA_TEXT control codes: one code unit ("char") or eight ("inline", "extended"; an extended
# one has a CTRL_HEADER record of its own).
_CHAR_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
_INLINE_CONTROLS = frozenset({4, 5, 6, 7, 8, 9, 19, 20})

Format = Literal["hwp", "hwpx"]


class HwpFormatError(ValueError):
    """The bytes are not a readable HWP 5 / HWPX document; the message says why."""


@dataclass(frozen=True, slots=True)
class HwpText:
    """What a Hancom document holds as text.

    ``title`` is the largest-type paragraph near the start when it stands out from the body
    (Hancom files have no reliable title field: the summary's title is often a template's
    "1" or "제목"), or None.
    """

    text: str
    format: Format
    title: str | None = None
    tables: int = 0
    footnotes: int = 0


# --- the block model shared by both formats --------------------------------------------------


@dataclass(slots=True)
class _Para:
    text: str
    size: float = 0.0  # font size (pt) of most of its letters; 0 when unknown
    notes: list[str] = field(default_factory=list)  # "1) …" footnotes cited in it


@dataclass(slots=True)
class _Cell:
    row: int
    col: int
    blocks: list[_Block]


@dataclass(slots=True)
class _Table:
    cells: list[_Cell]
    caption: list[_Block] = field(default_factory=list)


_Block = _Para | _Table


@dataclass(slots=True)
class _Numbering:
    """One numbering definition: per level (0-6) a format such as "^1." or "(^3)" in which
    ``^k`` stands for level k's number, drawn in that level's style (``_number_text``)."""

    formats: list[tuple[str, int]]
    starts: list[int]


@dataclass(slots=True)
class _Context:
    """Per-document state: font sizes, paragraph heads (bullets and numbering), note counters."""

    sizes: dict[int, float]  # character-shape id -> pt
    heads: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # para shape -> (kind, id, level)
    bullets: dict[int, str] = field(default_factory=dict)
    numberings: dict[int, _Numbering] = field(default_factory=dict)
    outline: int = 0  # numbering id of the current section's outline
    counters: dict[int, list[int]] = field(default_factory=dict)
    footnotes: int = 0
    endnotes: list[str] = field(default_factory=list)
    tables: int = 0

    def head(self, para_shape: int) -> str:
        """The bullet or number Hancom draws before a paragraph of this shape ("" for none)."""
        kind, ref, level = self.heads.get(para_shape, ("", 0, 0))
        if kind == "bullet":
            return self.bullets.get(ref, "")
        if kind == "outline":
            ref = self.outline
        numbering = self.numberings.get(ref)
        if numbering is None or not 0 <= level < len(numbering.formats):
            return ""
        counts = self.counters.setdefault(ref, [0] * 7)
        counts[level] = counts[level] + 1 if counts[level] else numbering.starts[level]
        for deeper in range(level + 1, 7):
            counts[deeper] = 0
        fmt = numbering.formats[level][0]

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            shape = numbering.formats[k][1] if k < len(numbering.formats) else 0
            return _number_text(counts[k] or numbering.starts[k], shape)

        return re.sub(r"\^([1-7])", number, fmt)


class _ParaBuilder:
    """Collects one paragraph's text, cutting it where a table or a text box sits."""

    def __init__(self, head: str = "") -> None:
        self.blocks: list[_Block] = []
        self.parts: list[str] = []
        self.sizes: Counter[float] = Counter()
        self.notes: list[str] = []
        self.head = head  # bullet or number, put before the paragraph's first text

    def add(self, text: str, size: float) -> None:
        self.parts.append(text)
        letters = sum(1 for ch in text if not ch.isspace())
        if letters and size:
            self.sizes[size] += letters

    def flush(self) -> None:
        text = "".join(self.parts)
        if self.head and text.strip():
            text = f"{self.head} {text.lstrip()}"
            self.head = ""
        if text.strip() or self.notes:
            size = self.sizes.most_common(1)[0][0] if self.sizes else 0.0
            self.blocks.append(_Para(text, size, self.notes))
        self.parts, self.sizes, self.notes = [], Counter(), []

    def block(self, blocks: Iterable[_Block]) -> None:
        self.flush()
        self.blocks.extend(blocks)

    def done(self) -> list[_Block]:
        self.flush()
        return self.blocks


# --- entry points -----------------------------------------------------------------------------


def sniff(data: bytes) -> Format | None:
    """Which Hancom format the bytes are, by content (a .hwp may be an HWPX zip and back)."""
    if data.startswith(OLE_MAGIC):
        return "hwp"
    if data.startswith(ZIP_MAGIC):
        return "hwpx"
    return None


def extract(data: bytes) -> HwpText:
    """Text of an HWP 5 or HWPX document, whichever the bytes are."""
    kind = sniff(data)
    if kind == "hwp":
        return extract_hwp(data)
    if kind == "hwpx":
        return extract_hwpx(data)
    if data.startswith(HWP3_MAGIC):
        raise HwpFormatError("HWP 3.x document; only HWP 5 and HWPX are supported (re-save it in Hancom Office)")
    raise HwpFormatError(
        f"neither an HWP 5 (OLE compound file) nor an HWPX (zip) document: starts with {data[:8].hex(' ')}"
    )


def extract_hwp(data: bytes) -> HwpText:
    try:
        blocks, ctx = _hwp_blocks(data)
    except HwpFormatError:
        raise
    except RecursionError as exc:
        raise HwpFormatError("damaged HWP: controls nested too deeply") from exc
    except Exception as exc:  # olefile and struct raise several types on damaged input
        raise HwpFormatError(f"damaged HWP: {type(exc).__name__}: {exc}") from exc
    return _finish(blocks, ctx, "hwp")


def extract_hwpx(data: bytes) -> HwpText:
    try:
        blocks, ctx = _hwpx_blocks(data)
    except HwpFormatError:
        raise
    except RecursionError as exc:
        raise HwpFormatError("damaged HWPX: elements nested too deeply") from exc
    except ET.ParseError as exc:
        raise HwpFormatError(f"damaged HWPX: malformed XML ({exc})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError) as exc:
        raise HwpFormatError(f"damaged HWPX: {type(exc).__name__}: {exc}") from exc
    return _finish(blocks, ctx, "hwpx")


def _finish(blocks: list[_Block], ctx: _Context, kind: Format) -> HwpText:
    lines = list(_render(blocks))
    lines.extend(_Line(note, 0.0, False) for note in ctx.endnotes)
    text = "\n".join(line.text for line in lines)
    if text and not text.endswith("\n"):
        text += "\n"
    return HwpText(text=text, format=kind, title=_title(lines), tables=ctx.tables, footnotes=ctx.footnotes)


# --- rendering -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    size: float
    row: bool  # a table row (tab-separated cells)


def _render(blocks: list[_Block]) -> Iterator[_Line]:
    for block in blocks:
        if isinstance(block, _Para):
            for piece in _para_lines(block.text):
                yield _Line(piece, block.size, False)
            yield from (_Line(note, 0.0, False) for note in block.notes)
            continue
        yield from _render(block.caption)
        rows = _rows(block)
        heading = _title_bar(rows)
        if heading:
            sizes = [b.size for cell in rows[0] for b in cell.blocks if isinstance(b, _Para)]
            yield _Line(heading, max(sizes, default=0.0), False)
            continue
        if not any(sum(1 for cell in row if _cell_text(cell)) >= 2 for row in rows):
            # a frame, not a grid: its content reads as ordinary paragraphs
            yield from _render([b for row in rows for cell in row for b in cell.blocks])
            continue
        notes: list[str] = []
        for row in rows:
            cells = [_cell_text(cell) for cell in row]
            yield _Line("\t".join(cells), 0.0, True)
            notes.extend(note for cell in row for note in _notes(cell.blocks))
        yield from (_Line(note, 0.0, False) for note in notes)


_BARE_MARK_RE = re.compile(r"^(?:(?P<roman>[IVX]{1,4}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])|(?P<number>[1-9][0-9]?))\s*[.．]?$")


def _title_bar(rows: list[list[_Cell]]) -> str | None:
    """A chapter heading laid out as a one-row table, its number in a cell of its own
    ("Ⅱ | 사업추진 방향"), as the heading line it is ("Ⅱ. 사업추진 방향")."""
    if len(rows) != 1:
        return None
    cells = [t for t in (_cell_text(c) for c in rows[0]) if t]
    if not 2 <= len(cells) <= 3 or len(" ".join(cells[1:])) > 60:
        return None
    m = _BARE_MARK_RE.match(cells[0])
    if m is None:
        return None
    mark = m.group("roman") or m.group("number")
    return f"{mark}. {' '.join(cells[1:])}" if m.group("roman") else f"{mark} {' '.join(cells[1:])}"


def _rows(table: _Table) -> list[list[_Cell]]:
    by_row: dict[int, list[_Cell]] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    return [sorted(by_row[r], key=lambda c: c.col) for r in sorted(by_row)]


def _cell_text(cell: _Cell) -> str:
    """A cell on one line: its paragraphs joined by spaces, a nested table row by row."""
    parts: list[str] = []
    for block in cell.blocks:
        if isinstance(block, _Para):
            parts.append(_one_line(block.text))
        else:
            parts.extend(_one_line(b.text) for b in block.caption if isinstance(b, _Para))
            for row in _rows(block):
                parts.append(" ".join(t for t in (_cell_text(c) for c in row) if t))
    return " ".join(p for p in parts if p)


def _notes(blocks: list[_Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, _Para):
            yield from block.notes
        else:
            yield from _notes(block.caption)
            for cell in block.cells:
                yield from _notes(cell.blocks)


_WS_RE = re.compile(r"[ \t\u00a0\u3000]+")


def _one_line(text: str) -> str:
    return _WS_RE.sub(" ", text.replace("\n", " ")).strip()


def _para_lines(text: str) -> list[str]:
    """A paragraph is one line; a manual line break starts a new one only before a bullet or
    item mark (elsewhere it wraps a title or a sentence by hand)."""
    out: list[str] = []
    for piece in text.split("\n"):
        piece = _WS_RE.sub(" ", piece).strip()
        if not piece:
            continue
        if out and not marks.is_bullet(piece):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


_TITLE_ZONE_LINES = 25
_TITLE_MAX_CHARS = 160
_LETTER_RE = re.compile(r"[^\W\d_]")


def _title(lines: list[_Line]) -> str | None:
    """The biggest type among the first lines, when it is clearly bigger than the body text.

    Consecutive lines in that size are one title set over two lines. A label in big type
    (보도자료, 제안요청서 spaced out) is still a title line; only lines without letters are not.
    """
    sized = [line for line in lines if line.size and not line.row]
    if not sized:
        return None
    weights: Counter[float] = Counter()
    for line in sized:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    zone = [(i, line) for i, line in enumerate(lines[:_TITLE_ZONE_LINES]) if line.size and not line.row]
    zone = [(i, line) for i, line in zone if len(_LETTER_RE.findall(line.text)) >= 2]
    if not zone:
        return None
    top = max(line.size for _, line in zone)
    if top < body * 1.2:
        return None
    start = next(i for i, line in zone if line.size == top)
    parts = [unspaced(lines[start].text)]
    for line in lines[start + 1 : start + 3]:
        if line.row or abs(line.size - top) > 0.01 or len(" ".join(parts)) >= _TITLE_MAX_CHARS:
            break
        parts.append(unspaced(line.text))
    nxt = lines[start + len(parts)] if start + len(parts) < len(lines) else None
    # a one-word title ("제안요청서") and the subtitle that names it; a word set letter-spaced
    # is a label of the document's kind, whose subject may stand in body type
    spaced = parts[0] != lines[start].text
    if len(parts) == 1 and len(parts[0]) <= 10 and nxt and not nxt.row and nxt.size >= body * (1 if spaced else 1.2):
        parts.append(nxt.text)
    title = " ".join(parts).strip()
    return title[:_TITLE_MAX_CHARS] or None


# Number styles, by HWP 5's code; HWPX names them (numFormat="HANGUL_SYLLABLE" ...).
_NUMBER_STYLES = (
    "DIGIT",
    "CIRCLED_DIGIT",
    "ROMAN_CAPITAL",
    "ROMAN_SMALL",
    "LATIN_CAPITAL",
    "LATIN_SMALL",
    "CIRCLED_LATIN_CAPITAL",
    "CIRCLED_LATIN_SMALL",
    "HANGUL_SYLLABLE",
    "CIRCLED_HANGUL_SYLLABLE",
    "HANGUL_JAMO",
    "CIRCLED_HANGUL_JAMO",
    "HANGUL_PHONETIC",
    "IDEOGRAPH",
    "CIRCLED_IDEOGRAPH",
)
_SERIES = {
    4: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    5: "abcdefghijklmnopqrstuvwxyz",
    6: "".join(chr(0x24B6 + i) for i in range(26)),
    7: "".join(chr(0x24D0 + i) for i in range(26)),
    8: "가나다라마바사아자차카타파하",
    9: "".join(chr(0x326E + i) for i in range(14)),
    10: "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ",
    11: "".join(chr(0x3260 + i) for i in range(14)),
    12: "일이삼사오육칠팔구십",
    13: "一二三四五六七八九十",
    14: "".join(chr(0x3280 + i) for i in range(10)),
}
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _number_text(n: int, style: int) -> str:
    """``n`` in a numbering style: 3 -> "3", "③", "III", "iii", "C", "다", "ㄷ", "三" ..."""
    if n < 1:
        return str(n)
    if style == 1 and n <= 20:
        return chr(0x2460 + n - 1)
    if style in (2, 3) and n < 4000:
        out = ""
        for value, letters in _ROMAN:
            while n >= value:
                out, n = out + letters, n - value
        return out if style == 2 else out.lower()
    series = _SERIES.get(style)
    if series and n <= len(series):
        return series[n - 1]
    return str(n)


# --- HWP 5 -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Rec:
    tag: int
    level: int
    payload: bytes
    children: list[_Rec] = field(default_factory=list)


def _hwp_blocks(data: bytes) -> tuple[list[_Block], _Context]:
    import olefile  # BSD licence; only needed for .hwp

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:
        raise HwpFormatError(f"not a readable OLE compound file ({exc})") from exc
    with ole:
        if not ole.exists("FileHeader"):
            raise HwpFormatError("OLE file without a FileHeader stream: not an HWP document")
        header = _ole_read(ole, "FileHeader")
        if not header.startswith(b"HWP Document File") or len(header) < 40:
            raise HwpFormatError("FileHeader lacks the HWP signature: not an HWP document")
        version, flags = struct.unpack_from("<II", header, 32)
        if version >> 24 != 5:
            raise HwpFormatError(f"HWP version {version >> 24}.x is not supported (only HWP 5)")
        if flags & 0x2:
            raise HwpFormatError("password-protected HWP document")
        if flags & 0x4:
            raise HwpFormatError("distribution (read-only) HWP document: its body text is encrypted")
        compressed = bool(flags & 0x1)

        def stream(path: str) -> bytes:
            raw = _ole_read(ole, path)
            return _inflate(raw, path) if compressed else raw

        ctx = _Context({})
        if ole.exists("DocInfo"):
            _hwp_doc_info(_records(stream("DocInfo"), "DocInfo"), ctx)
        sections = sorted(
            (int(m.group(1)), "/".join(entry))
            for entry in ole.listdir()
            if len(entry) == 2 and entry[0] == "BodyText" and (m := re.fullmatch(r"Section(\d+)", entry[1]))
        )
        if not sections:
            raise HwpFormatError("no BodyText/Section streams: nothing to read")
        blocks: list[_Block] = []
        for _, path in sections:
            roots = _tree(_records(stream(path), path))
            ctx.outline = _hwp_outline(roots) or ctx.outline
            blocks.extend(_hwp_list(roots, ctx))
    return blocks, ctx


def _ole_read(ole: Any, path: str) -> bytes:
    """A whole stream; a file cut short yields fewer bytes than the directory promises."""
    data: bytes = ole.openstream(path).read()
    if len(data) != ole.get_size(path):
        raise HwpFormatError(f"damaged HWP: stream {path} is cut short (the file is truncated)")
    return data


def _hwp_doc_info(records: list[_Rec], ctx: _Context) -> None:
    """Font sizes of the character shapes; bullets, numberings and the paragraph shapes using them."""
    shapes = [r.payload for r in records if r.tag == _CHAR_SHAPE]
    for i, p in enumerate(shapes):
        if len(p) >= 46:
            ctx.sizes[i] = struct.unpack_from("<i", p, 42)[0] / 100
    for i, p in enumerate((r.payload for r in records if r.tag == _BULLET), start=1):
        if len(p) >= 14:
            ctx.bullets[i] = chr(struct.unpack_from("<H", p, 12)[0]).strip()
    for i, p in enumerate((r.payload for r in records if r.tag == _NUMBERING), start=1):
        with suppress(struct.error, UnicodeDecodeError):
            ctx.numberings[i] = _hwp_numbering(p)
    kinds = {1: "outline", 2: "number", 3: "bullet"}
    for i, p in enumerate(r.payload for r in records if r.tag == _PARA_SHAPE):
        if len(p) >= 32:
            (attr,) = struct.unpack_from("<I", p, 0)
            kind = kinds.get((attr >> 23) & 0x3)
            if kind:
                ctx.heads[i] = (kind, struct.unpack_from("<H", p, 30)[0], (attr >> 25) & 0x7)


def _hwp_numbering(p: bytes) -> _Numbering:
    formats: list[tuple[str, int]] = []
    i = 0
    for _ in range(7):
        (attr,) = struct.unpack_from("<I", p, i)
        (length,) = struct.unpack_from("<H", p, i + 12)
        formats.append((p[i + 14 : i + 14 + 2 * length].decode("utf-16-le"), (attr >> 5) & 0xF))
        i += 14 + 2 * length
    (start,) = struct.unpack_from("<H", p, i)
    starts = [max(start, 1)] * 7
    if len(p) >= i + 2 + 28:
        starts = [max(v, 1) for v in struct.unpack_from("<7I", p, i + 2)]
    return _Numbering(formats, starts)


def _hwp_outline(roots: list[_Rec]) -> int:
    """The outline numbering id a section's definition (its first paragraph's 'secd') names."""
    for para in roots[:1]:
        for ctrl in para.children:
            if ctrl.tag == _CTRL_HEADER and _ctrl_id(ctrl) == "secd" and len(ctrl.payload) >= 20:
                return int(struct.unpack_from("<H", ctrl.payload, 18)[0])
    return 0


def _inflate(raw: bytes, name: str) -> bytes:
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(raw, MAX_PART_BYTES)
    except zlib.error as exc:
        raise HwpFormatError(f"damaged HWP: stream {name} does not decompress ({exc})") from exc
    if inflater.unconsumed_tail:
        raise HwpFormatError(f"stream {name} decompresses to more than {MAX_PART_BYTES >> 20} MB")
    if not inflater.eof:
        raise HwpFormatError(f"damaged HWP: stream {name} is truncated")
    return out


def _records(data: bytes, name: str) -> list[_Rec]:
    out: list[_Rec] = []
    i, n = 0, len(data)
    while i < n:
        if i + 4 > n:
            raise HwpFormatError(f"damaged HWP: stream {name} ends inside a record header")
        (head,) = struct.unpack_from("<I", data, i)
        i += 4
        size = head >> 20
        if size == 0xFFF:
            if i + 4 > n:
                raise HwpFormatError(f"damaged HWP: stream {name} ends inside a record header")
            (size,) = struct.unpack_from("<I", data, i)
            i += 4
        if i + size > n:
            raise HwpFormatError(f"damaged HWP: a record in {name} runs past the end of the stream")
        out.append(_Rec(head & 0x3FF, (head >> 10) & 0x3FF, data[i : i + size]))
        i += size
    return out


def _tree(records: list[_Rec]) -> list[_Rec]:
    """Nest records by level: a record owns the records after it that are one level deeper."""
    roots: list[_Rec] = []
    stack: list[_Rec] = []
    for rec in records:
        while stack and stack[-1].level >= rec.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(rec)
        stack.append(rec)
    return roots


def _hwp_list(nodes: list[_Rec], ctx: _Context) -> list[_Block]:
    """Blocks of the paragraphs among ``nodes`` and, for shapes, among their descendants."""
    out: list[_Block] = []
    for node in nodes:
        if node.tag == _PARA_HEADER:
            out.extend(_hwp_para(node, ctx))
        elif node.tag == _CTRL_HEADER and _ctrl_id(node) == "tbl ":
            out.append(_hwp_table(node, ctx))
        elif node.children and node.tag != _CTRL_HEADER:
            out.extend(_hwp_list(node.children, ctx))
    return out


def _ctrl_id(node: _Rec) -> str:
    return node.payload[:4][::-1].decode("latin-1")


def _hwp_para(node: _Rec, ctx: _Context) -> list[_Block]:
    text = next((c.payload for c in node.children if c.tag == _PARA_TEXT), b"")
    shape = next((c.payload for c in node.children if c.tag == _PARA_CHAR_SHAPE), b"")
    ctrls = iter([c for c in node.children if c.tag == _CTRL_HEADER])
    units = struct.unpack_from(f"<{len(text) // 2}H", text)
    runs = [struct.unpack_from("<II", shape, k) for k in range(0, len(shape) - 7, 8)]
    para_shape = struct.unpack_from("<H", node.payload, 8)[0] if len(node.payload) >= 10 else -1
    out = _ParaBuilder(ctx.head(para_shape))
    run_i, size = 0, 0.0
    pending: list[int] = []  # code units of ordinary text not yet added

    def add_pending() -> None:
        if pending:
            out.add(struct.pack(f"<{len(pending)}H", *pending).decode("utf-16-le", "replace"), size)
            pending.clear()

    i, n = 0, len(units)
    while i < n:
        while run_i < len(runs) and runs[run_i][0] <= i:
            new_size = ctx.sizes.get(runs[run_i][1], 0.0)
            if new_size != size:
                add_pending()
                size = new_size
            run_i += 1
        code = units[i]
        if code >= 32:
            pending.append(code)
            i += 1
            continue
        if code in _CHAR_CONTROLS:
            if code == 13:
                break
            if code == 10:
                pending.append(10)
            elif code in (30, 31):
                pending.append(32)
            elif code == 24:
                pending.append(0x2D)
            i += 1
            continue
        if code in _INLINE_CONTROLS:
            if code == 9:
                pending.append(32)
            i += 8
            continue
        add_pending()
        ctrl = next(ctrls, None)
        i += 8
        if ctrl is not None:
            _hwp_control(ctrl, out, ctx, size)
    add_pending()
    return out.done()


def _hwp_control(ctrl: _Rec, out: _ParaBuilder, ctx: _Context, size: float) -> None:
    kind = _ctrl_id(ctrl)
    if kind == "tbl ":
        out.block([_hwp_table(ctrl, ctx)])
    elif kind == "gso ":  # drawing objects: text boxes, captions, groups of them
        out.block(_hwp_list(ctrl.children, ctx))
    elif kind in ("fn  ", "en  "):
        note = " ".join(_one_line(b.text) for b in _hwp_list(ctrl.children, ctx) if isinstance(b, _Para))
        _add_note(note, kind == "fn  ", out, ctx)
    elif kind == "eqed":
        eq = next((c.payload for c in ctrl.children if c.tag == _EQEDIT), b"")
        if len(eq) >= 6:
            (length,) = struct.unpack_from("<H", eq, 4)
            out.add(" " + _equation_text(eq[6 : 6 + 2 * length].decode("utf-16-le", "replace")) + " ", size)
    # headers, footers, hidden comments, page numbers, fields, bookmarks ...: not body text


def _add_note(note: str, footnote: bool, out: _ParaBuilder, ctx: _Context) -> None:
    note = note.strip()
    if not note:
        return
    if footnote:
        ctx.footnotes += 1
        out.notes.append(f"{ctx.footnotes}) {note}")
    else:
        ctx.endnotes.append(f"{len(ctx.endnotes) + 1}) {note}")


def _hwp_table(ctrl: _Rec, ctx: _Context) -> _Table:
    ctx.tables += 1
    table = _Table([])
    cell: _Cell | None = None
    seen_grid = False
    caption_paras: list[_Rec] = []
    for child in ctrl.children:
        if child.tag == _TABLE:
            seen_grid = True
        elif child.tag == _LIST_HEADER and seen_grid:
            p = child.payload
            col, row = struct.unpack_from("<HH", p, 8) if len(p) >= 12 else (len(table.cells), 0)
            cell = _Cell(row, col, [])
            table.cells.append(cell)
        elif child.tag == _PARA_HEADER:
            if cell is not None:
                cell.blocks.extend(_hwp_para(child, ctx))
            elif not seen_grid:
                caption_paras.append(child)
    table.caption = [b for p in caption_paras for b in _hwp_para(p, ctx)]
    return table


_EQ_WORDS = {
    "times": "×",
    "over": "/",
    "div": "÷",
    "cdot": "·",
    "sqrt": "√",
    "sum": "∑",
    "int": "∫",
    "leq": "≤",
    "geq": "≥",
    "neq": "≠",
    "le": "≤",
    "ge": "≥",
    "pm": "±",
    "left": "",
    "right": "",
    "rm": "",
    "it": "",
    "bold": "",
}


def _equation_text(script: str) -> str:
    """An equation script ("{a} over {b} TIMES 100") as readable text ("a / b × 100")."""
    script = re.sub(r"[{}~`#&]", " ", script)
    script = re.sub(r"[A-Za-z]+", lambda m: _EQ_WORDS.get(m.group(0).lower(), m.group(0)), script)
    return _WS_RE.sub(" ", script).strip()


# --- HWPX ------------------------------------------------------------------------------------

_SECTION_RE = re.compile(r"Contents/section(\d+)\.xml", re.I)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _hwpx_blocks(data: bytes) -> tuple[list[_Block], _Context]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise HwpFormatError(f"not a readable zip archive ({exc})") from exc
    with zf:
        sections = sorted(
            (int(m.group(1)), info) for info in zf.infolist() if (m := _SECTION_RE.fullmatch(info.filename))
        )
        if not sections:
            raise HwpFormatError("zip without Contents/section*.xml: not an HWPX document")
        if any(info.flag_bits & 0x1 for _, info in sections):
            raise HwpFormatError("password-protected HWPX document")
        ctx = _Context({})
        header = next((i for i in zf.infolist() if i.filename.lower() == "contents/header.xml"), None)
        if header is not None:
            _hwpx_header(_xml(zf, header), ctx)
        blocks: list[_Block] = []
        for _, info in sections:
            root = _xml(zf, info)
            outline = next((el.get("outlineShapeIDRef") for el in root.iter() if _local(el.tag) == "secPr"), None)
            ctx.outline = _int(outline, ctx.outline)
            blocks.extend(_hwpx_list(root, ctx))
    return blocks, ctx


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() else default


def _hwpx_header(root: ET.Element, ctx: _Context) -> None:
    """Font sizes (charPr height, 1/100 pt), bullets, numberings and the paraPr heads using them."""
    kinds = {"OUTLINE": "outline", "NUMBER": "number", "BULLET": "bullet"}
    for el in root.iter():
        name = _local(el.tag)
        if name == "charPr" and _int(el.get("height"), -1) >= 0:
            ctx.sizes[_int(el.get("id"))] = _int(el.get("height")) / 100
        elif name == "bullet":
            ctx.bullets[_int(el.get("id"))] = (el.get("char") or "").strip()
        elif name == "numbering":
            formats, starts = [("", 0)] * 7, [max(_int(el.get("start"), 1), 1)] * 7
            for head in el:
                level = _int(head.get("level")) - 1
                if _local(head.tag) == "paraHead" and 0 <= level < 7:
                    style = head.get("numFormat") or "DIGIT"
                    code = _NUMBER_STYLES.index(style) if style in _NUMBER_STYLES else 0
                    formats[level] = ((head.text or "").strip(), code)
                    starts[level] = max(_int(head.get("start"), 1), 1)
            ctx.numberings[_int(el.get("id"))] = _Numbering(formats, starts)
        elif name == "paraPr":
            heading = next((h for h in el.iter() if _local(h.tag) == "heading"), None)
            kind = kinds.get(heading.get("type") or "") if heading is not None else None
            if heading is not None and kind:
                ctx.heads[_int(el.get("id"))] = (kind, _int(heading.get("idRef")), _int(heading.get("level")))


def _xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> ET.Element:
    if info.file_size > MAX_PART_BYTES:
        raise HwpFormatError(f"{info.filename} is larger than {MAX_PART_BYTES >> 20} MB")
    raw = zf.read(info)
    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
        raise HwpFormatError(f"{info.filename} declares a DTD, which OWPML never does")
    return ET.fromstring(raw)


def _hwpx_list(parent: ET.Element, ctx: _Context) -> list[_Block]:
    """Blocks of the ``hp:p`` children of a section or a ``hp:subList``."""
    out: list[_Block] = []
    for el in parent:
        if _local(el.tag) == "p":
            out.extend(_hwpx_para(el, ctx))
    return out


def _hwpx_sublists(el: ET.Element, ctx: _Context) -> list[_Block]:
    """Paragraphs in a shape's sub-lists (text box, caption, shapes in a group), in order."""
    out: list[_Block] = []
    for child in el:
        name = _local(child.tag)
        if name == "subList":
            out.extend(_hwpx_list(child, ctx))
        elif name == "tbl":
            out.append(_hwpx_table(child, ctx))
        else:
            out.extend(_hwpx_sublists(child, ctx))
    return out


_NO_TEXT = frozenset({"secPr", "linesegarray", "pic", "ole", "video", "chart"})


def _hwpx_para(p: ET.Element, ctx: _Context) -> list[_Block]:
    out = _ParaBuilder(ctx.head(_int(p.get("paraPrIDRef"), -1)))
    for run in p:
        if _local(run.tag) != "run":
            continue
        ref = run.get("charPrIDRef") or ""
        size = ctx.sizes.get(int(ref), 0.0) if ref.isdigit() else 0.0
        for el in run:
            name = _local(el.tag)
            if name == "t":
                out.add(_hwpx_t(el), size)
            elif name == "tbl":
                out.block([_hwpx_table(el, ctx)])
            elif name == "ctrl":
                for c in el:
                    cname = _local(c.tag)
                    if cname in ("footNote", "endNote"):
                        blocks = _hwpx_sublists(c, ctx)
                        note = " ".join(_one_line(b.text) for b in blocks if isinstance(b, _Para))
                        _add_note(note, cname == "footNote", out, ctx)
            elif name == "equation":
                script = next((c.text or "" for c in el if _local(c.tag) == "script"), "")
                out.add(" " + _equation_text(script) + " ", size)
            elif name == "dutmal":  # text with a gloss over it: the main text is the text
                main = next((c.text or "" for c in el if _local(c.tag) == "mainText"), "")
                out.add(main, size)
            elif name in _NO_TEXT:
                continue
            else:  # drawing objects (rect, ellipse, container ...) with text boxes and captions
                blocks = _hwpx_sublists(el, ctx)
                if blocks:
                    out.block(blocks)
    return out.done()


def _hwpx_t(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        name = _local(child.tag)
        if name in ("tab", "nbSpace", "fwSpace"):
            parts.append(" ")
        elif name == "lineBreak":
            parts.append("\n")
        elif name == "hyphen":
            parts.append("-")
        parts.append(child.tail or "")
    return "".join(parts)


def _hwpx_table(tbl: ET.Element, ctx: _Context) -> _Table:
    ctx.tables += 1
    table = _Table([])
    rows = [el for el in tbl if _local(el.tag) == "tr"]
    for r, tr in enumerate(rows):
        for c, tc in enumerate(el for el in tr if _local(el.tag) == "tc"):
            addr = next((el for el in tc if _local(el.tag) == "cellAddr"), None)
            row, col = r, c
            if addr is not None:
                row_s, col_s = addr.get("rowAddr") or "", addr.get("colAddr") or ""
                row = int(row_s) if row_s.isdigit() else r
                col = int(col_s) if col_s.isdigit() else c
            blocks = [b for el in tc if _local(el.tag) == "subList" for b in _hwpx_list(el, ctx)]
            table.cells.append(_Cell(row, col, blocks))
    for el in tbl:
        if _local(el.tag) == "caption":
            table.caption.extend(_hwpx_sublists(el, ctx))
    return table
