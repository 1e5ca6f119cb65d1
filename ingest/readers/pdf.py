"""PDF page geometry -> text in the order a reader reads it.

PyMuPDF hands us text lines with their boxes (``page.get_text("dict")``), in the order the
PDF draws them. That order is not the reading order often enough to matter:

* **vertical Japanese**: some writers (Microsoft Print to PDF) draw every glyph of a vertical
  column as a horizontal line of its own, so plain extraction gives one character per line.
  Glyphs stacked tightly on one x-axis are put back together into one vertical line
  (``stack_vertical``); lines PyMuPDF itself reports as vertical (``dir`` = (0, 1)) are kept as
  they are. A page written mostly vertically is then read in its own frame (``to_frame``):
  columns right to left, characters top to bottom;
* **columns**: a two-column page is read column by column, never line by line across the gutter
  (``order_units``, a recursive XY cut that splits on wide blank bands first, but not where the
  same columns go on below, and cuts between columns only where they look like running text or
  at a gutter seen on other pages, so tables keep their drawing order); a band of a line or two
  in each column, cut off where one column's heading gap meets the other's line gap, stays with
  the columns (``_holds_columns``), so a sentence is not cut by the other column's heading;
* **ruby** (furigana) above a word is dropped (``drop_ruby``): "俯瞰図のように", not
  "俯瞰図\\nふかんず\\nのように";
* **page furniture**: text in the page margins that comes back (digits masked) on several pages
  is a running head or a side tab, a number alone in the top or bottom margin a page number
  (``find_furniture``);
* **wrapped lines**: each line knows whether it continues the paragraph of the line before it
  (``Line.soft``): the line before runs to the far edge of its column, in the same type, and this
  one starts where a continuation starts (under it, or under an item's label). Cleaning joins
  those; floats met in the middle of a paragraph (a figure, a caption, the footnotes at a page
  end) are moved behind the paragraph, as a reader skips them (``assemble``);
* **lost spaces**: Hangul written without space characters (some HWP exports) gets its spaces
  back from the blank gaps between glyphs (``respace``);
* **scans**: a page with no usable text layer (no text, or a few characters on a page that is
  mostly picture) is reported by number (``is_scan``); with ``--ocr`` Tesseract reads it
  (``ingest.readers.ocr``) and its text is laid out like any other page's.

Everything is decided from geometry, type and marks, never from a list of words.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ingest.readers.geometry import (
    Box,
    body_size,
    furniture_key,
    garbled_share,
    is_kana_or_kanji,
    recurring,
    same_row,
    union,
    word_gap,
)
from ingest.readers.ocr import Ocr
from ingest.text import marks

# How a direction vector reads: the text advances along ``dir`` and lines follow each other
# along ``dir`` turned a quarter clockwise (down for horizontal text, leftwards for vertical).
Direction = tuple[int, int]
HORIZONTAL: Direction = (1, 0)
VERTICAL: Direction = (0, 1)

_KANA_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー・]+$")
_CJK_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
# The label that opens an item: a bullet, "(1)", "（注１）", "【甲案】", "2.", "一　", "イ　", "第一　".
_ITEM_RE = re.compile(
    r"^\s*(?:[□■◆◇▶▷○◯❍●◎⇒➔➜➢►\-–—•∙·･・▪▫◦‣※*→①-⑳⚫⑴-⒇]"
    r"|[(（【［\[〔<＜〈](?:[0-9０-９]{1,3}|注[0-9０-９]{0,2}|[^)）】］\]〕>＞〉\s]案|[^)）】］\]〕>＞〉\s])[)）】］\]〕>＞〉]"
    r"|[0-9０-９]{1,3}[.．)）](?![0-9０-９])"
    r"|(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3}|[ァ-ヶ]|第[^\s]{1,4})[ \u3000])"
)
# A labelled item whose text may hang under the label's end: also any short token and a blank.
_LABEL_RE = re.compile(_ITEM_RE.pattern + r"|^\s*\S{1,5}[ \u3000]")
# A line that closes a sentence, a clause or an entry (。 ; : and the brackets after them).
_ENDS_ITEM_RE = re.compile(r"[.。!?！？;；:：][)）」』\]]*\s*$")
# Characters that take a full square: the glyphs of vertical writing.
_WIDE_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60]")
_DIGITS_RE = re.compile(r"[0-9０-９]+")
_SPACE_RE = re.compile(r"\s+")

# Glyphs of one vertical column follow each other this tightly (in font sizes); wider gaps
# inside a column are spaces, and past _STACK_SPACE the column holds two separate pieces.
_STACK_TIGHT = 0.35
_STACK_SPACE = 1.5
# The rows of a grid stand further apart than the lines of a paragraph (a rule and padding
# between them): at least this many type sizes of blank, where text leaves 0.2 to 0.6.
_ROW_GAP = 0.7
_MARGIN = 0.1  # page margins (share of the page) where running heads and page numbers live


@dataclass(slots=True)
class Unit:
    """A piece of text with its box, as drawn (``page``) and in the reading frame (x0..y1)."""

    text: str
    page: tuple[float, float, float, float]
    size: float
    order: int  # position in the content stream
    direction: Direction = HORIZONTAL
    font: str = ""  # the font most of its characters are in
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def box(self) -> Box:
        """The box in the reading frame."""
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(slots=True)
class Line:
    """One line of text in reading order. ``soft``: it continues the paragraph of the line
    before it (a wrap, not a break)."""

    text: str
    page: tuple[float, float, float, float]
    size: float
    soft: bool = False
    body: bool = True  # body-size text, not a footnote or a figure label
    full: bool = False  # runs to the far edge of its region: its paragraph may go on
    flush: bool = False  # starts at the near edge of its region (not indented)
    start: float = 0.0  # where it starts along the text direction (frame x)
    wide: bool = False  # as long as the page's usual body line
    font: str = ""


@dataclass(slots=True)
class Region:
    """Lines read together: a column, a band of the page, a table, a figure."""

    lines: list[Line]
    text_like: bool  # wide enough for running text
    running: bool = False  # running text: its lines wrap into each other (not a table or figure)


@dataclass(slots=True)
class PageLines:
    number: int
    width: float
    height: float
    regions: list[Region] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for region in self.regions for line in region.lines]


@dataclass(frozen=True, slots=True)
class LaidOut:
    """A document's text in reading order.

    ``pages``: (page number, offset of its first line); ``soft_breaks``: offsets of the line
    breaks that wrap a paragraph rather than end it; ``furniture``: dropped margin lines;
    ``respaced``: pages written without space characters, whose spaces come from the word gaps;
    ``scans``: pages with no usable text layer that were not read; ``ocr``: scanned pages read by OCR.
    """

    text: str
    pages: list[tuple[int, int]]
    soft_breaks: frozenset[int]
    furniture: tuple[str, ...]
    respaced: tuple[int, ...] = ()  # pages whose word spaces were read from the glyph gaps
    scans: tuple[int, ...] = ()
    ocr: tuple[int, ...] = ()


# --- extraction -----------------------------------------------------------------------------


def page_units(page_dict: dict[str, Any]) -> list[Unit]:
    """Non-blank text lines of a ``get_text("dict")`` page, in content-stream order."""
    out: list[Unit] = []
    for block in page_dict.get("blocks", ()):
        for line in block.get("lines", ()):
            spans: list[dict[str, Any]] = line.get("spans") or []
            if len(spans) == 1:  # the common case, kept cheap: ja13 has a line per glyph
                span = spans[0]
                text = span.get("text", "")
                if not text:
                    continue
                direction = _snap(*line.get("dir", HORIZONTAL))
                if direction == HORIZONTAL and not text.strip():
                    continue  # a blank horizontal line carries nothing
                size = span.get("size", 0.0)
                font = span.get("font", "")
            else:
                text = "".join(span.get("text", "") for span in spans)
                if not text:
                    continue
                direction = _snap(*line.get("dir", HORIZONTAL))
                sizes = [span.get("size", 0.0) for span in spans if span.get("text", "").strip()]
                if not sizes and direction == HORIZONTAL:
                    continue
                size = max(sizes) if sizes else max(span.get("size", 0.0) for span in spans)
                font = _main_font((span.get("font", ""), len(span.get("text", "").strip())) for span in spans)
            x0, y0, x1, y1 = line["bbox"]
            box = (x0, y0, x1, y1)
            if text[0].isspace() or text[-1].isspace():
                box = _visible_box(text, box, direction)
            out.append(Unit(text, box, float(size or 1.0), len(out), direction, font))
    return out


def _visible_box(text: str, bbox: Sequence[float], direction: Direction) -> tuple[float, float, float, float]:
    """The line's box without its leading and trailing blanks (an indent typed as spaces is an
    indent, not text), taking each character as the line's average advance."""
    x0, y0, x1, y1 = (float(v) for v in bbox)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if (not lead and not trail) or lead == len(text):
        return x0, y0, x1, y1
    if direction == HORIZONTAL:
        step = (x1 - x0) / len(text)
        return x0 + lead * step, y0, x1 - trail * step, y1
    if direction == VERTICAL:
        step = (y1 - y0) / len(text)
        return x0, y0 + lead * step, x1, y1 - trail * step
    return x0, y0, x1, y1


def _main_font(fonts: Iterable[tuple[str, int]]) -> str:
    weight: dict[str, int] = {}
    for font, chars in fonts:
        weight[font] = weight.get(font, 0) + chars
    return max(weight, key=lambda f: weight[f]) if weight else ""


def _snap(dx: float, dy: float) -> Direction:
    if abs(dx) >= abs(dy):
        return (1, 0) if dx >= 0 else (-1, 0)
    return (0, 1) if dy > 0 else (0, -1)


# --- vertical text ----------------------------------------------------------------------------


def stack_vertical(units: list[Unit]) -> list[Unit]:
    """Put glyphs drawn one per line back into vertical lines.

    A vertical line is a run of at least three small units (one glyph, or a few drawn upright
    such as "(4)" or "11") whose centres share one x-axis and that follow each other downwards
    at about one font size (gaps under ``_STACK_TIGHT`` sizes). A wider gap inside the run is a
    space; vertical-direction units on the axis (rotated Latin words, spaces) join it too.
    """
    candidates = [u for u in units if _stackable(u)]
    if len(candidates) < 3:
        return units
    used: set[int] = set()
    stacks: list[Unit] = []
    for column in _columns_by_axis(candidates):
        column.sort(key=lambda u: u.page[1])
        run: list[Unit] = []
        for unit in column:
            if run and unit.page[1] - run[-1].page[3] > _STACK_SPACE * max(unit.size, run[-1].size):
                stacks.extend(_close_stack(run, used))
                run = []
            run.append(unit)
        stacks.extend(_close_stack(run, used))
    if not stacks:
        return units
    kept = [u for u in units if u.order not in used]
    return sorted(kept + stacks, key=lambda u: u.order)


def _stackable(unit: Unit) -> bool:
    if unit.direction in ((0, 1), (0, -1)):
        return unit.direction == VERTICAL
    if unit.direction != HORIZONTAL:
        return False
    x0, _, x1, _ = unit.page
    text = unit.text.strip()
    if not text:
        return False
    width = x1 - x0
    return width <= 1.6 * unit.size or (len(text) <= 4 and width <= 2.4 * unit.size)


def _columns_by_axis(units: list[Unit]) -> list[list[Unit]]:
    """Group units whose horizontal centres lie within a third of a font size of each other."""
    ordered = sorted(units, key=lambda u: (u.page[0] + u.page[2]) / 2)
    groups: list[list[Unit]] = []
    centre = 0.0
    for unit in ordered:
        c = (unit.page[0] + unit.page[2]) / 2
        if groups and abs(c - centre) <= 0.3 * unit.size:
            groups[-1].append(unit)
            centre += (c - centre) / len(groups[-1])
        else:
            groups.append([unit])
            centre = c
    return [g for g in groups if len(g) >= 3]


def _close_stack(run: list[Unit], used: set[int]) -> list[Unit]:
    glyphs = [u for u in run if u.text.strip()]
    wide = sum(1 for u in glyphs if _WIDE_RE.match(u.text.strip()))
    if len(glyphs) < 3 or wide < max(2, len(glyphs) / 2):
        return []  # a column of footnote numbers or table digits is not vertical writing
    gaps = [b.page[1] - a.page[3] for a, b in pairwise(run)]
    size = _median([u.size for u in glyphs])
    if _median(gaps) > _STACK_TIGHT * size:
        return []  # a column of table cells or list numbers, not glyphs of one line
    parts: list[str] = []
    for i, unit in enumerate(run):
        if i and gaps[i - 1] > _STACK_TIGHT * size and not parts[-1].endswith(" "):
            parts.append(" ")
        parts.append(unit.text.strip() or " ")
    used.update(u.order for u in run)
    text = _SPACE_RE.sub(" ", "".join(parts)).strip()
    # The column's width is its glyphs' (an upright "(Ⅰ)" drawn wider would widen it onto its ruby).
    box = (
        _median([u.page[0] for u in glyphs]),
        min(u.page[1] for u in run),
        _median([u.page[2] for u in glyphs]),
        max(u.page[3] for u in run),
    )
    font = _main_font((u.font, len(u.text.strip())) for u in run)
    return [Unit(text, box, size, min(u.order for u in run), VERTICAL, font)]


def _median(values: list[float]) -> float:
    """The middle value (the upper one of an even count): cheaper than ``statistics.median``."""
    return sorted(values)[len(values) // 2]


# --- reading frame ----------------------------------------------------------------------------


def page_direction(units: Sequence[Unit]) -> Direction:
    """The direction most of the page's characters are written in."""
    count: dict[Direction, int] = {}
    for unit in units:
        count[unit.direction] = count.get(unit.direction, 0) + len(unit.text.strip())
    return max(count, key=lambda d: (count[d], d == HORIZONTAL)) if count else HORIZONTAL


def to_frame(units: Iterable[Unit], direction: Direction) -> None:
    """Set each unit's frame box: x along the text, y from one line to the next."""
    dx, dy = direction
    nx, ny = -dy, dx
    for unit in units:
        px0, py0, px1, py1 = unit.page
        us = (px0 * dx + py0 * dy, px1 * dx + py1 * dy)
        vs = (px0 * nx + py0 * ny, px1 * nx + py1 * ny)
        unit.x0, unit.x1 = min(us), max(us)
        unit.y0, unit.y1 = min(vs), max(vs)


# --- ruby -------------------------------------------------------------------------------------


def drop_ruby(units: list[Unit]) -> list[Unit]:
    """Furigana: small kana set just before (above, or right of in vertical text) a word at least
    one and a half times its size, within that word's extent along the line."""
    small = [u for u in units if _KANA_RE.match(u.text.strip() or "x")]
    if not small:
        return units
    drop: set[int] = set()
    for r in small:
        for b in units:
            if b is r or b.size < 1.45 * r.size:
                continue
            if not (b.x0 - 0.5 * b.size <= r.x0 and r.x1 <= b.x1 + 0.5 * b.size):
                continue
            if b.y0 - 0.8 * r.size <= r.y1 <= b.y0 + 0.35 * b.size and r.y0 < b.y0:
                drop.add(r.order)
                break
    return [u for u in units if u.order not in drop] if drop else units


# --- reading order ----------------------------------------------------------------------------


def order_units(
    units: list[Unit], gutters: Sequence[float] = (), direction: Direction = HORIZONTAL, body: float = 0.0
) -> tuple[list[list[Unit]], list[float]]:
    """Units in reading order, grouped in regions (a column, a band between wide gaps, a table),
    and the gutters (x in the frame) found between columns of running text.

    A recursive XY cut in the reading frame: first on blank bands across the whole region wider
    than ordinary line spacing, then between columns of running text, or at a gutter known from
    elsewhere on the page or in the document (so two short columns under a heading are read as
    columns too); inside a region that cuts no further the drawing order stands (it keeps the
    cells of a table together).
    """
    if not units:
        return [], []
    size = body or _body_size(units)
    cut = _Cut(max(0.9 * size, 1.6 * _line_gap(units, size)), size, list(gutters), direction != HORIZONTAL)
    cut.run(units, 0)
    return cut.out, cut.found


def _body_size(units: Sequence[Unit]) -> float:
    return body_size((u.size, len(u.text)) for u in units) or 10.0


def _line_gap(units: Sequence[Unit], size: float) -> float:
    """Median blank between a line and the next one below it in drawing order (same column)."""
    gaps = []
    for a, b in pairwise(u for u in units if _is_body(u.size, size)):
        if b.y0 >= a.y1 and min(a.x1, b.x1) > max(a.x0, b.x0) and b.y0 - a.y1 < 3 * size:
            gaps.append(b.y0 - a.y1)
    return statistics.median(gaps) if gaps else 0.3 * size


@dataclass(slots=True)
class _Cut:
    gap: float  # blank bands at least this high separate regions
    size: float  # body font size
    gutters: list[float]  # known gutters: x in the frame
    geometric: bool = False  # read every region line by line as it stands (vertical pages)
    found: list[float] = field(default_factory=list)
    out: list[list[Unit]] = field(default_factory=list)

    def run(self, units: list[Unit], depth: int) -> None:
        if len(units) <= 1 or depth > 40:
            self.out.append(sorted(units, key=lambda u: u.order))
            return
        bands = self._join_columns(_split(units, self.gap, vertical=False))
        if len(bands) > 1:
            for band in bands:
                self.run(band, depth + 1)
            return
        columns = _split(units, 0.8 * self.size, vertical=True)
        if len(columns) > 1:
            if sum(_is_text_column(c, self.size) for c in columns) >= 2:
                for left, right in pairwise(columns):
                    self.found.append((max(u.x1 for u in left) + min(u.x0 for u in right)) / 2)
            else:
                columns = self._at_gutters(columns)
            if len(columns) > 1:
                for column in columns:
                    self.run(column, depth + 1)
                return
        self.out.append(_leaf_order(units, self.size, self.geometric))

    def _join_columns(self, bands: list[list[Unit]]) -> list[list[Unit]]:
        """Put back together consecutive bands that hold the same columns of running text: a
        blank that happens to cross both columns at one height (a heading in each) does not
        end the columns, which still read top to bottom one after the other."""
        if len(bands) < 2:
            return bands
        gutters = [self._gutter(band) for band in bands]
        out = [bands[0]]
        for i in range(1, len(bands)):
            prev, gutter, band = gutters[i - 1], gutters[i], bands[i]
            if prev is not None and gutter is not None:
                same = max(prev[0], gutter[0]) < min(prev[1], gutter[1])
            else:
                # a band of a line or two in each column, too short to show its gutter, goes on
                # with the columns beside it when its lines stand on either side of their gutter
                same = (prev is not None and self._holds_columns(band, prev)) or (
                    gutter is not None and self._holds_columns(bands[i - 1], gutter)
                )
                gutters[i] = (gutter or prev) if same else gutter
            if same:
                out[-1] = out[-1] + band
            else:
                out.append(band)
        return out

    def _holds_columns(self, band: list[Unit], gutter: tuple[float, float]) -> bool:
        """Is ``band`` a few lines of the two columns that ``gutter`` separates: body type on
        both sides, none across it, a left line running to the gutter (its paragraph goes on)?"""
        middle = (gutter[0] + gutter[1]) / 2
        left = [u for u in band if u.x1 <= middle]
        right = [u for u in band if u.x0 >= middle]
        return (
            bool(left and right)
            and len(left) + len(right) == len(band)
            and all(_is_body(u.size, self.size) for u in band)
            and max(u.x1 for u in left) >= gutter[0] - 1.5 * self.size
        )

    def _gutter(self, band: list[Unit]) -> tuple[float, float] | None:
        """The blank between the first two columns of a band with a column of running text."""
        if len(band) < 4:
            return None  # a column of running text has three lines at least, and another beside it
        columns = _split(band, 0.8 * self.size, vertical=True)
        if len(columns) < 2 or not any(_is_text_column(c, self.size) for c in columns):
            return None
        return max(u.x1 for u in columns[0]), min(u.x0 for u in columns[1])

    def _at_gutters(self, columns: list[list[Unit]]) -> list[list[Unit]]:
        """Merge back the columns whose gap holds no known gutter."""
        merged = [columns[0]]
        for column in columns[1:]:
            lo = max(u.x1 for u in merged[-1])
            hi = min(u.x0 for u in column)
            if any(lo < g < hi for g in self.gutters):
                merged.append(column)
            else:
                merged[-1] = merged[-1] + column
        return merged


def _leaf_order(units: list[Unit], size: float, geometric: bool) -> list[Unit]:
    """A region that cuts no further: running text line by line as it stands on the page,
    anything else (a table, a figure) in drawing order, which keeps each cell's lines together.
    Vertical pages are always read as they stand: their drawing order is one glyph at a time."""
    if geometric or _is_text_column(units, size):
        return [u for row in _rows(sorted(units, key=lambda u: (u.y0, u.x0))) for u in sorted(row, key=lambda u: u.x0)]
    return sorted(units, key=lambda u: u.order)


def _split(units: list[Unit], min_gap: float, vertical: bool) -> list[list[Unit]]:
    """Split at blank bands at least ``min_gap`` wide across the whole region (along y, or along
    x when ``vertical``)."""

    def lo(u: Unit) -> float:
        return u.x0 if vertical else u.y0

    def hi(u: Unit) -> float:
        return u.x1 if vertical else u.y1

    ordered = sorted(units, key=lo)
    groups: list[list[Unit]] = [[ordered[0]]]
    reach = hi(ordered[0])
    for unit in ordered[1:]:
        if lo(unit) - reach >= min_gap:
            groups.append([unit])
        else:
            groups[-1].append(unit)
        reach = max(reach, hi(unit))
    return groups


def _is_text_column(units: list[Unit], size: float) -> bool:
    """Running text: several lines, most starting at one left edge and many reaching the right
    one (wrapped, justified text), not the ragged or centred cells of a table."""
    if len(units) < 3:
        return False
    left = min(u.x0 for u in units)
    right = max(u.x1 for u in units)
    if right - left < 8 * size:
        return False
    rows = _rows(sorted(units, key=lambda u: (u.y0, u.x0)))
    if len(rows) < 3:
        return False
    starts = sum(1 for row in rows if row[0].x0 <= left + 1.5 * size) / len(rows)
    full = sum(1 for row in rows if row[-1].x1 >= right - 1.5 * size) / len(rows)
    return starts >= 0.7 and full >= 0.5


def _rows(units: Sequence[Unit]) -> list[list[Unit]]:
    """Consecutive units that share a line (overlap by half their height) form a row."""
    rows: list[list[Unit]] = []
    for unit in units:
        if rows and same_row(rows[-1][-1].box, unit.box):
            rows[-1].append(unit)
        else:
            rows.append([unit])
    return rows


# --- lines ------------------------------------------------------------------------------------


def region_lines(region: list[Unit], body: float, measure: float) -> Region:
    """The region's units as lines: pieces of one row side by side are joined, and each line
    knows whether it continues the line before it. ``measure`` is the page's usual line length."""
    rows: list[list[Unit]] = []
    for unit in region:
        last = rows[-1][-1] if rows else None
        if last is not None and same_row(last.box, unit.box) and _joinable(last, unit):
            rows[-1].append(unit)
        else:
            rows.append([unit])
    left = min(u.x0 for u in region)
    size = _body_size(region)
    # The right margin, where wrapped lines end: the usual end among the longest lines (a line
    # ending in punctuation may overhang it, a justified line stop a little short of it).
    ends = [row[-1].x1 for row in rows]
    right = statistics.median(e for e in ends if e >= max(ends) - 3 * size)
    # One line alone in its region is full only when it is as long as the page's lines.
    text_like = right - left >= 6 * size and (len(rows) > 1 or right - left >= 0.9 * measure)
    lines: list[Line] = []
    prev: list[Unit] | None = None
    for row in rows:
        row_size = max(u.size for u in row)
        line = Line(
            _join_row(row),
            union(u.page for u in row),
            row_size,
            body=_is_body(row_size, body),
            full=text_like and row[-1].x1 >= right - 1.5 * row_size,
            flush=row[0].x0 <= left + 0.5 * row_size,
            start=row[0].x0,
            wide=sum(u.width for u in row) >= 0.8 * measure,  # ink, not the gap between two cells
            font=_row_font(row),
        )
        if prev is not None:
            line.soft = text_like and _continues(prev, row, lines[-1], line, lines[-1].full)
        lines.append(line)
        prev = row
    # Running text wraps: many of its lines are full or continue the one before; a table's
    # cells and a figure's labels seldom are.
    if not _is_running(lines):
        _join_boxed(rows, lines)
    running = _is_running(lines)
    if text_like:
        _join_cells(rows, lines, _cell_margins(rows, lines, right, size))
    # A grid of one-line cells is read row by row, so that a figure stands beside the label that
    # says what it is; a table whose cells wrap is read cell by cell, its lines joined as above.
    # (Whether its lines seem to go on from each other says little here: the cells of one column
    # end alike.)
    if (table := _table_rows(region, size)) is not None:
        return Region(table, text_like, False)
    return Region(lines, text_like, text_like and running)


def _table_rows(region: list[Unit], size: float) -> list[Line] | None:
    """A table's rows, each one line of tab-separated cells (as the HWP reader writes them), when
    the region is a grid; else None.

    Rows are bands of units side by side (a label set in the middle of the rows it groups joins
    the row it is level with); cells are the pieces of a band apart by more than a word gap. A
    grid has three rows of two cells or more and no line of one cell between them (a caption or a
    source line above or below may stand alone), and most cells line up, by an edge or the centre,
    with a cell of another row: the labels of a figure or a diagram do not.
    """
    if len(region) < 6 or any(u.direction != HORIZONTAL for u in region):
        return None
    bands = _rows(sorted(region, key=lambda u: (u.y0, u.x0)))
    joined = _with_wrapped_cells([_band_cells(band, size) for band in bands], size)
    if joined is None:
        return None
    cells = _with_group_labels(joined)
    at = [i for i, row in enumerate(cells) if len(row) >= 2]
    if at and any(len(row) == 1 for row in cells[at[0] : at[-1]]):
        return None  # a line of one cell among the rows: a cell of several lines that the bands cut
    wide = [cells[i] for i in at]
    if len(wide) >= 2 and statistics.median(_row_gaps(wide)) < _ROW_GAP * size:
        return None  # lines set at the leading of text: one cell's lines or a list, not rows
    if len(wide) < 3 or sum(len(cell) for row in wide for cell in row) < 0.7 * len(region):
        return None
    if all(len(row) == 2 for row in wide) and sum(_is_list_label(row[0]) for row in wide) >= 0.8 * len(wide):
        return None  # numbered notes, references or paragraphs, each number beside its text: a list
    edges = [[(u[0].x0, u[-1].x1) for u in row] for row in wide]
    aligned = total = 0
    for i, spans in enumerate(edges):
        others = [edge for j, other in enumerate(edges) if j != i for edge in other]
        for x0, x1 in spans:
            total += 1
            aligned += any(
                abs(x0 - a0) <= size or abs(x1 - a1) <= size or abs((x0 + x1) - (a0 + a1)) <= 2 * size
                for a0, a1 in others
            )
    if aligned < 0.8 * total:
        return None
    lines = []
    for row in cells:
        units = [u for cell in row for u in cell]
        text = "\t".join(_cell_text(cell) for cell in row)
        row_size = max(u.size for u in units)
        lines.append(Line(text, union(u.page for u in units), row_size, start=row[0][0].x0, font=_row_font(units)))
    return lines


def _row_gaps(rows: list[list[list[Unit]]]) -> list[float]:
    """The blanks between consecutive rows, top of one to the bottom of the one above, each row
    where most of its cells stand (a group label beside it may reach over its neighbours)."""
    tops = [statistics.median(u.y0 for cell in row for u in cell) for row in rows]
    bottoms = [statistics.median(u.y1 for cell in row for u in cell) for row in rows]
    return [top - bottom for bottom, top in zip(bottoms, tops[1:], strict=False)]


def _with_wrapped_cells(rows: list[list[list[Unit]]], size: float) -> list[list[list[Unit]]] | None:
    """Rows with the lines of wrapped cells put back together. A line set under a cell closer than
    rows stand (``_ROW_GAP``), in the same column, continues that cell; a row whose every cell does
    so is the next lines of the row above. None when only some do: then the rows of the table are not
    bands across the page (cells of several lines beside labels of one), and reading them band by
    band would interleave the lines of neighbouring cells."""
    out: list[list[list[Unit]]] = []
    for row in rows:
        above = out[-1] if out else None
        under = [_cell_under(cell, above, size) for cell in row] if above is not None else [None] * len(row)
        if above is None or all(k is None for k in under):
            out.append(row)
        elif all(k is not None for k in under):
            for cell, k in zip(row, under, strict=True):
                above[k].extend(cell)  # type: ignore[index]
        else:
            return None
    return out


def _cell_under(cell: list[Unit], row: list[list[Unit]], size: float) -> int | None:
    """The index of the cell of ``row`` that ``cell`` continues, set tight under it in its column."""
    x0, y0 = cell[0].x0, min(u.y0 for u in cell)
    for k, upper in enumerate(row):
        bottom = max(u.y1 for u in upper)
        left = min(u.x0 for u in upper)
        if -0.2 * size <= y0 - bottom < _ROW_GAP * size and left - size <= x0 <= left + 2 * size:
            return k
    return None


def _is_list_label(cell: list[Unit]) -> bool:
    """A note's, a list item's or a paragraph's number (``1``, ``2.``, ``(3)``, ``①``, ``[0002]``):
    short, no letters."""
    text = "".join(u.text for u in cell).strip()
    return 0 < len(text) <= 8 and not any(ch.isalpha() for ch in text)


def _cell_text(cell: list[Unit]) -> str:
    """A cell's lines, top to bottom, joined as wrapped lines join: with a space, none between
    kana and kanji."""
    text = ""
    for line in _rows(sorted(cell, key=lambda u: (u.y0, u.x0))):
        piece = " ".join(_join_row(sorted(line, key=lambda u: u.x0)).split())
        glue = "" if not text or (is_kana_or_kanji(text[-1]) and is_kana_or_kanji(piece[:1] or " ")) else " "
        text += glue + piece
    return text


def _with_group_labels(rows: list[list[list[Unit]]]) -> list[list[list[Unit]]]:
    """A label that groups several rows stands in a column of its own, left of them, set in the
    middle of the group and often in lines of its own (``글로벌`` over ``혁신지수``): it becomes the
    first cell of the row nearest to it, so it travels with a row of its group."""
    wide = [i for i, row in enumerate(rows) if len(row) >= 2]
    labels: dict[int, list[Unit]] = {}
    for i, row in enumerate(rows):
        if len(row) != 1 or not wide:
            continue
        cell = row[0]
        mid = (cell[0].y0 + cell[-1].y1) / 2
        near = min(wide, key=lambda j: abs((rows[j][0][0].y0 + rows[j][0][0].y1) / 2 - mid))
        if max(u.x1 for u in cell) <= rows[near][0][0].x0 and abs(near - i) <= 2:
            labels.setdefault(near, []).extend(cell)
            row.clear()
    out = []
    for i, row in enumerate(rows):
        if i in labels:
            out.append([labels[i], *row])
        elif row:
            out.append(row)
    return out


def _band_cells(band: list[Unit], size: float) -> list[list[Unit]]:
    """A row's units left to right, grouped into cells: pieces a word gap apart or less are one."""
    cells: list[list[Unit]] = []
    for unit in sorted(band, key=lambda u: u.x0):
        if cells and unit.x0 - cells[-1][-1].x1 <= 0.6 * size:
            cells[-1].append(unit)
        else:
            cells.append([unit])
    return cells


def _join_cells(rows: list[list[Unit]], lines: list[Line], margins: dict[int, float]) -> None:
    """Wrapped lines of a narrower column (``_cell_margins``) continue each other as in a page's
    own column, but measured against the column's right edge."""
    for i in range(1, len(rows)):
        edge = margins.get(i - 1)
        if edge is None or lines[i].soft or margins.get(i) != edge:
            continue
        full = rows[i - 1][-1].x1 >= edge - 1.5 * lines[i - 1].size
        lines[i].soft = _continues(rows[i - 1], rows[i], lines[i - 1], lines[i], full)


def _cell_margins(rows: list[list[Unit]], lines: list[Line], right: float, size: float) -> dict[int, float]:
    """Right margins of narrower columns inside a region: the rows that start at one left edge
    and wrap at one right edge short of the region's (the text of a table cell, a box beside
    another), by row index; rows not in such a column are left out.

    A column counts only where it is seen to wrap: at least twice a row that does not end an item
    (。 ; :) ends at its right edge and the next row goes on at its left edge, and some row ends
    well short of the edge (where a paragraph ends). Headings that happen to end alike, or entries
    aligned on the right (dot leaders, amounts), make no column of text.
    """
    column_of: list[int] = [0] * len(rows)
    starts: list[float] = []
    for i in sorted(range(len(rows)), key=lambda i: rows[i][0].x0):
        if not starts or rows[i][0].x0 - starts[-1] > 0.5 * size:
            starts.append(rows[i][0].x0)
        column_of[i] = len(starts) - 1
    edges: dict[int, float] = {}
    for i, row in enumerate(rows):
        edges[column_of[i]] = max(edges.get(column_of[i], 0.0), row[-1].x1)
    wraps: dict[int, int] = {}
    short: set[int] = set()
    for i, row in enumerate(rows):
        c = column_of[i]
        if row[-1].x1 < edges[c] - 3 * size:
            short.add(c)
        elif i + 1 < len(rows) and column_of[i + 1] == c and not _ENDS_ITEM_RE.search(lines[i].text):
            wraps[c] = wraps.get(c, 0) + 1
    return {
        i: edges[c]
        for i, c in enumerate(column_of)
        if edges[c] < right - 3 * size and edges[c] - starts[c] >= 10 * size and wraps.get(c, 0) >= 2 and c in short
    }


def _is_running(lines: list[Line]) -> bool:
    soft = sum(1 for line in lines if line.soft)
    full = sum(1 for line in lines if line.full)
    return len(lines) == 1 or soft >= 0.15 * (len(lines) - 1) or full >= 0.35 * len(lines)


def _join_boxed(rows: list[list[Unit]], lines: list[Line]) -> None:
    """In a table or a figure, the lines of one cell or label: drawn one after the other, in one
    type, set tight under each other and aligned on their left edge or their centre."""
    for i in range(1, len(rows)):
        a, b = rows[i - 1], rows[i]
        size = max(u.size for u in a)
        if lines[i].soft or not _same_type(size, lines[i].size, lines[i - 1].font, lines[i].font):
            continue
        gap = min(u.y0 for u in b) - max(u.y1 for u in a)
        if not -0.2 * size <= gap <= 0.45 * size or _ITEM_RE.match(b[0].text):
            continue
        a0, a1, b0, b1 = a[0].x0, a[-1].x1, b[0].x0, b[-1].x1
        aligned = abs(a0 - b0) <= 0.5 * size or abs((a0 + a1) - (b0 + b1)) <= 1.0 * size
        if aligned and a1 - a0 >= b1 - b0 - 0.5 * size and not marks.ends_sentence(lines[i - 1].text.strip()):
            lines[i].soft = True


def _joinable(a: Unit, b: Unit) -> bool:
    gap = b.x0 - a.x1
    size = max(a.size, b.size)
    if gap < -0.3 * size:
        return False
    if gap <= 1.5 * size:
        return True
    return len(a.text.strip()) <= 4 and gap <= 3.0 * size  # a footnote number, a list mark


def _join_row(row: list[Unit]) -> str:
    text = row[0].text
    for a, b in pairwise(row):
        gap = b.x0 - a.x1
        left, right = text.rstrip(), b.text.lstrip()
        if not left or not right:
            text = left + right
        elif _CJK_RE.match(left[-1]) and _CJK_RE.match(right[0]):
            # Japanese takes no spaces: a narrow gap is ruby or justification, a wide one a
            # typeset blank ("第１章　新時代を迎えたＡＩ")
            text = left + ("\u3000" if gap > 0.8 * max(a.size, b.size) else "") + right
        elif gap > 0.8 * max(a.size, b.size) and (_CJK_RE.match(left[-1]) or _CJK_RE.match(right[0])):
            text = left + "\u3000" + right
        elif gap > 0.2 * max(a.size, b.size) or text[-1:].isspace() or b.text[:1].isspace():
            text = left + " " + right
        else:
            text = left + right
    return text


def _is_body(size: float, body: float) -> bool:
    return 0.9 * body <= size <= 1.25 * body


def _same_type(a_size: float, b_size: float, a_font: str, b_font: str) -> bool:
    """One paragraph's lines share their type: a heading above its text differs in size or font."""
    return abs(a_size - b_size) <= 0.08 * max(a_size, b_size) and a_font == b_font


def _row_font(row: list[Unit]) -> str:
    if len(row) == 1:
        return row[0].font
    return _main_font((u.font, len(u.text.strip())) for u in row)


def _continues(prev: list[Unit], row: list[Unit], above: Line, line: Line, full: bool) -> bool:
    """Does ``row`` go on with the paragraph of ``prev``, the row above it in the same region?

    Only when ``prev`` runs to the far edge, in the same type, at ordinary line spacing, and
    ``row`` starts where a continuation starts: under ``prev``; a little left of it when
    ``prev`` opened its paragraph with an indent; a little right of it when ``prev`` opened a
    labelled item ("一　…", "(1) …", "・…") whose text hangs under the label's end; centred
    under it, set tight (a caption's last line).
    """
    a_size, prev_soft = above.size, above.soft
    if not full or not _same_type(a_size, line.size, above.font, line.font):
        return False
    gap = min(u.y0 for u in row) - max(u.y1 for u in prev)
    if gap > 1.5 * a_size or gap < -0.3 * a_size:
        return False
    if _ITEM_RE.match(row[0].text):
        return False  # a numbered item or a bullet starts a block of its own
    shift = row[0].x0 - prev[0].x0
    if abs(shift) <= 0.5 * a_size:
        return True
    a_mid, b_mid = (prev[0].x0 + prev[-1].x1) / 2, (row[0].x0 + row[-1].x1) / 2
    if gap <= 0.45 * a_size and abs(a_mid - b_mid) <= a_size and row[-1].x1 <= prev[-1].x1:
        return True  # the short last line of a centred caption, set tight under it
    if shift < 0:
        return not prev_soft and shift >= -3.5 * a_size  # the paragraph's first line was indented
    return not prev_soft and shift <= 5 * a_size and bool(_LABEL_RE.match(prev[0].text))


# --- pages ------------------------------------------------------------------------------------


@dataclass(slots=True)
class PageUnits:
    """One page's units, in the page's reading frame."""

    number: int
    width: float
    height: float
    direction: Direction
    units: list[Unit]


def prepare_page(page_dict: dict[str, Any], number: int) -> PageUnits:
    """Units of a ``get_text("dict")`` page: vertical stacks rebuilt, framed, ruby dropped."""
    units = stack_vertical(page_units(page_dict))
    units = [u for u in units if u.text.strip()]
    direction = page_direction(units)
    to_frame(units, direction)
    units = drop_ruby(units)
    width, height = float(page_dict.get("width", 0.0)), float(page_dict.get("height", 0.0))
    return PageUnits(number, width, height, direction, units)


def layout_pages(pages: Sequence[PageUnits]) -> tuple[list[PageLines], list[str]]:
    """Pages' regions of lines in reading order, and the furniture left out (see the module
    docstring).

    Gutters found between text columns on two or more pages also split the short columns of
    the other pages (two lines each under a heading are too few to tell columns from a table).
    """
    furniture_at = find_furniture(pages)
    dropped: list[str] = []
    for i, page in enumerate(pages):
        gone = [u for u in page.units if (i, u.order) in furniture_at]
        if gone:
            dropped.extend(_row_texts(gone))
            page.units = [u for u in page.units if (i, u.order) not in furniture_at]
    body = _body_size([u for page in pages for u in page.units])
    first = [order_units(page.units, (), page.direction, body) for page in pages]
    shared = [
        (page.direction, g, i) for i, (page, (_, found)) in enumerate(zip(pages, first, strict=True)) for g in found
    ]
    out: list[PageLines] = []
    for i, (page, (regions, found)) in enumerate(zip(pages, first, strict=True)):
        common = [
            g
            for d, g, j in shared
            if d == page.direction and j != i and len({k for d2, h, k in shared if d2 == d and abs(h - g) <= body}) >= 2
        ]
        if common and not found:
            regions, _ = order_units(page.units, common, page.direction, body)
        elif found and len(regions) > 1:
            regions, _ = order_units(page.units, found + common, page.direction, body)
        widths = sorted(u.width for u in page.units if _is_body(u.size, body))
        measure = widths[int(0.9 * (len(widths) - 1))] if widths else 0.0
        lines = PageLines(page.number, page.width, page.height)
        lines.regions = [region_lines(region, body, measure) for region in regions]
        out.append(lines)
    return out, dropped


def _row_texts(units: list[Unit]) -> list[str]:
    """Texts of the rows the units form (a running head drawn in pieces is one line)."""
    ordered = sorted(units, key=lambda u: (u.y0, u.x0))
    return [" ".join(u.text.strip() for u in sorted(row, key=lambda u: u.x0)) for row in _rows(ordered)]


def find_furniture(pages: Sequence[PageUnits], min_pages: int = 3) -> set[tuple[int, int]]:
    """(page index, unit order) of running heads, side tabs and page numbers.

    A unit in a page margin whose text, with digits masked, stands in that margin on at least
    ``min_pages`` pages (and a fifth of them) is furniture; so is a bare number alone on its
    row in the top or bottom margin of a document of several pages (not a footnote's number).
    """
    candidates: list[list[tuple[Unit, str, str]]] = [[] for _ in pages]
    for p, page in enumerate(pages):
        for unit in page.units:
            band = _margin(unit.page, page.width, page.height)
            if band is None:
                continue
            key = furniture_key(unit.text)
            if key:
                candidates[p].append((unit, band, key))
    need = max(min_pages, 0.2 * len(pages))
    repeated = recurring(([(band, key) for _, band, key in page] for page in candidates), need)
    out: set[tuple[int, int]] = set()
    numbers: list[tuple[int, Unit]] = []
    for p, page_candidates in enumerate(candidates):
        for unit, band, key in page_candidates:
            if not re.search(r"[^\W\d_#]", key):  # no letter: a page number, or a footnote's
                if band != "side" and len(pages) >= 2:
                    numbers.append((p, unit))
            elif (band, key) in repeated:
                out.add((p, unit.order))
    for p, unit in numbers:
        _, y0, _, y1 = unit.page
        alone = all(
            (p, other.order) in out or other is unit or min(y1, other.page[3]) <= max(y0, other.page[1])
            for other in pages[p].units
        )
        if alone:
            out.add((p, unit.order))
    return out


def _margin(box: tuple[float, float, float, float], width: float, height: float) -> str | None:
    if height <= 0 or width <= 0:
        return None
    x0, y0, x1, y1 = box
    if y1 <= _MARGIN * height:
        return "top"
    if y0 >= (1 - _MARGIN) * height:
        return "bottom"
    if x1 <= 0.07 * width or x0 >= 0.93 * width:
        return "side"
    return None


# --- the document -----------------------------------------------------------------------------


def assemble(pages: Sequence[PageLines], furniture: Sequence[str] = ()) -> LaidOut:
    """Join the pages' regions into one text, with paragraphs that run on from one column or
    page to the next marked as soft breaks.

    A paragraph that reaches the end of its column without ending its sentence stays open;
    regions met while it is open that are not running text (footnotes and figure labels in small
    print, a one-line caption, a figure) wait until the paragraph has ended, so the sentence
    that goes on in the next column or on the next page is not cut by them.
    """
    out: list[tuple[Line, int]] = []  # (line, page number)
    waiting: list[tuple[Line, int]] = []
    open_line: Line | None = None  # the last line read, when its paragraph may go on in the next region
    for page in pages:
        for region in page.regions:
            lines = region.lines
            if not lines:
                continue
            first = lines[0]
            runs_on = open_line is not None and _runs_on(open_line, first, region)
            if open_line is not None and not runs_on and _is_float(region, open_line):
                waiting.extend((line, page.number) for line in lines)
                continue
            if runs_on:
                first.soft = True
                end = _paragraph_end(lines)
                out.extend((line, page.number) for line in lines[:end])
                if end < len(lines):
                    out.extend(waiting)
                    waiting = []
                    out.extend((line, page.number) for line in lines[end:])
            else:
                out.extend(waiting)
                waiting = []
                out.extend((line, page.number) for line in lines)
            last = out[-1][0]
            open_line = None
            caption = len(region.lines) == 1 and _ITEM_RE.match(last.text)  # "■図1 …", "●見出し"
            if (
                (region.running or last.wide)
                and last.body
                and last.full
                and not caption
                and not marks.ends_sentence(last.text.strip())
            ):
                open_line = last
            if open_line is None and waiting:
                out.extend(waiting)
                waiting = []
    out.extend(waiting)
    return _text_of(out, [page.number for page in pages], tuple(furniture))


def _is_float(region: Region, open_line: Line) -> bool:
    """Can a reader skip this region to finish an open paragraph? Small print, a figure (labels,
    no running text), or a one-line caption; never a heading (larger type, or a short line of its
    own, ends the paragraph)."""
    lines = region.lines
    if any(line.size > 1.15 * open_line.size for line in lines):
        return False
    small = sum(len(x.text) for x in lines if not x.body) * 2 > sum(len(x.text) for x in lines)
    caption = len(lines) <= 3 and bool(_ITEM_RE.match(lines[0].text))
    figure = not region.text_like and len(lines) >= 3
    return small or caption or figure


def _runs_on(last: Line, first: Line, region: Region) -> bool:
    """Does a region's first line carry on the open paragraph of the line read before it?"""
    shift = first.start - last.start  # comparable on the next page too: pages share a layout
    same_indent = abs(shift) <= 0.5 * last.size
    hanging = not last.soft and 0 < shift <= 5 * last.size and bool(_LABEL_RE.match(last.text))
    indented = not last.soft and -3.5 * last.size <= shift < 0  # the paragraph's first line, indented
    return (
        region.text_like
        and first.body
        and (first.flush or same_indent or hanging or indented)
        and _same_type(last.size, first.size, last.font, first.font)
        and not _ITEM_RE.match(first.text)
    )


def _paragraph_end(lines: list[Line]) -> int:
    """Index after the line that ends the paragraph the region's first line continues."""
    for i in range(1, len(lines)):
        if not lines[i].soft:
            return i
    return len(lines)


def _text_of(out: list[tuple[Line, int]], numbers: list[int], furniture: tuple[str, ...]) -> LaidOut:
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    soft: set[int] = set()
    offset = 0
    seen: set[int] = set()
    for line, number in out:
        if number not in seen and (not pages or number > pages[-1][0]):
            seen.add(number)
            pages.append((number, offset))
        text = unicodedata.normalize("NFC", line.text).replace("\n", " ")
        if line.soft and offset:
            soft.add(offset - 1)
        parts.append(text + "\n")
        offset += len(text) + 1
    # pages with no line of their own start where the next page does
    known = dict(pages)
    filled: list[tuple[int, int]] = []
    for number in reversed(numbers):
        filled.append((number, known.get(number, filled[-1][1] if filled else offset)))
    filled.reverse()
    return LaidOut("".join(parts), _monotonic(filled), frozenset(soft), furniture)


def _monotonic(pages: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for number, offset in pages:
        out.append((number, max(offset, out[-1][1]) if out else offset))
    return out


# --- lost spaces ------------------------------------------------------------------------------

_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
# Korean puts a space every three or four syllables; a page of Hangul lines with hardly any was
# written without space characters (some HWP exports) and shows its word gaps only as blank.
_MIN_SPACE_RATE = 0.06


def space_counts(page_dict: dict[str, Any]) -> tuple[int, int]:
    """(Hangul syllables, spaces) on the page's lines of some length."""
    texts = [
        "".join(span.get("text", "") for span in line.get("spans", ()))
        for block in page_dict.get("blocks", ())
        for line in block.get("lines", ())
    ]
    if not _HANGUL_RE.search("".join(texts)):
        return 0, 0
    hangul = spaces = 0
    for text in texts:
        if len(text) >= 8:
            syllables = len(_HANGUL_RE.findall(text))
            if syllables >= 8:
                hangul += syllables
                spaces += len(_SPACE_RE.findall(text.strip()))
    return hangul, spaces


def lacks_spaces(counts: Iterable[tuple[int, int]]) -> bool:
    """Was this Hangul text written without space characters? (counts: ``space_counts`` of its pages)"""
    hangul = spaces = 0
    for h, sp in counts:
        hangul += h
        spaces += sp
    return hangul >= 80 and spaces < _MIN_SPACE_RATE * hangul


def respace(raw_dict: dict[str, Any]) -> dict[str, Any]:
    """A ``get_text("rawdict")`` page as a ``"dict"`` page, with a space wherever two glyphs of a
    horizontal line stand a word gap apart and the text has none: the spaces the page shows."""
    blocks = []
    for block in raw_dict.get("blocks", ()):
        if "lines" not in block:
            continue
        lines = []
        for line in block["lines"]:
            horizontal = _snap(*line.get("dir", (1.0, 0.0))) == HORIZONTAL
            spans = []
            prev: dict[str, Any] | None = None
            for span in line.get("spans", ()):
                size = float(span.get("size", 0.0)) or 1.0
                parts = []
                for char in span.get("chars", ()):
                    c = char.get("c", "")
                    if horizontal and prev is not None and word_gap(prev["c"], prev["bbox"], c, char["bbox"], size):
                        parts.append(" ")
                    parts.append(c)
                    prev = char
                spans.append({**{k: v for k, v in span.items() if k != "chars"}, "text": "".join(parts)})
            lines.append({**line, "spans": spans})
        blocks.append({**block, "lines": lines})
    return {**raw_dict, "blocks": blocks}


def layout_dicts(page_dicts: Iterable[dict[str, Any]]) -> LaidOut:
    """Pages as ``get_text("dict")`` gives them -> the document's text as a reader reads it."""
    pages = [prepare_page(d, n) for n, d in enumerate(page_dicts, start=1)]
    laid, furniture = layout_pages(pages)
    return assemble(laid, furniture)


# --- scans ------------------------------------------------------------------------------------

# A page whose text layer holds fewer characters than this (a page number, a scanner's stamp)
# while pictures cover _SCAN_COVER of it is a scanned page: its text is in the picture.
_SCAN_CHARS = 20
_SCAN_COVER = 0.5
_GARBLED_SHARE = 0.15  # of a page's characters outside its scripts: its text layer is garbage
_COVER_GRID = 24  # image cover is measured on a grid of this many points a side


def text_chars(page_dict: dict[str, Any]) -> int:
    """Characters of a page's text layer that say something: not blanks, not U+FFFD (a glyph
    the PDF gives no Unicode for)."""
    return sum(
        1
        for block in page_dict.get("blocks", ())
        for line in block.get("lines", ())
        for span in line.get("spans", ())
        for c in span.get("text", "")
        if not c.isspace() and c != "\ufffd"
    )


def image_cover(page: Any) -> float:
    """Share of the page that images cover (overlaps counted once)."""
    rect = page.rect
    boxes = [info["bbox"] for info in page.get_image_info()]
    if not boxes or rect.width <= 0 or rect.height <= 0:
        return 0.0
    steps = [(k + 0.5) / _COVER_GRID for k in range(_COVER_GRID)]
    covered = 0
    for fy in steps:
        y = rect.y0 + fy * rect.height
        for fx in steps:
            x = rect.x0 + fx * rect.width
            covered += any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)
    return covered / _COVER_GRID**2


def is_garbled(page_dict: dict[str, Any]) -> bool:
    """Is the page's text layer garbage: a font whose glyphs map to the wrong characters
    (``第›Ÿ˜ 号``), so that a good share of the page is characters outside its scripts
    (``geometry.odd_char``)? Such a page reads as a scan."""
    text = "".join(
        span.get("text", "")
        for block in page_dict.get("blocks", ())
        for line in block.get("lines", ())
        for span in line.get("spans", ())
    )
    share = garbled_share(text)
    return share >= _GARBLED_SHARE and share * sum(not c.isspace() for c in text) >= _SCAN_CHARS


def is_scan(page: Any, page_dict: dict[str, Any]) -> bool:
    """Has this page no usable text layer? Either its text is a few characters on a page that
    images cover for the most part (a scan, perhaps stamped with a page number), or it has no
    text at all yet draws something (an image, or text drawn as outlines), or its text is
    garbage (``is_garbled``). A page that draws nothing is blank: there is nothing to read on it."""
    chars = text_chars(page_dict)
    if chars >= _SCAN_CHARS:
        return is_garbled(page_dict)
    cover = image_cover(page)
    if cover >= _SCAN_COVER:
        return True
    return chars == 0 and (cover > 0 or bool(page.get_cdrawings()))


def layout_document(doc: Any, ocr: Ocr | None = None) -> LaidOut:
    """A PyMuPDF document's text as a reader reads it; a document whose Hangul has no space
    characters is read glyph by glyph to put back the word gaps its pages show (``respace``).

    Scanned pages (``is_scan``) are read by ``ocr`` (Tesseract) when it is given,
    else left as they are and listed in ``LaidOut.scans``."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_TEXT
    dicts = [page.get_text("dict", flags=flags) for page in doc]
    scans = tuple(n for n, (page, d) in enumerate(zip(doc, dicts, strict=True), start=1) if is_scan(page, d))
    respaced: tuple[int, ...] = ()
    if lacks_spaces(space_counts(d) for n, d in enumerate(dicts, start=1) if n not in scans):
        respaced = tuple(n for n in range(1, len(dicts) + 1) if n not in scans)
        for n in respaced:
            dicts[n - 1] = respace(doc[n - 1].get_text("rawdict", flags=flags))
    read: tuple[int, ...] = ()
    if ocr is not None and scans:
        for n in scans:
            dicts[n - 1] = ocr.page_dict(doc[n - 1])
        read, scans = scans, ()
    for n in scans:
        if is_garbled(dicts[n - 1]):  # its text says nothing: the page is reported, not indexed
            dicts[n - 1] = {**dicts[n - 1], "blocks": []}
    laid = layout_dicts(dicts)
    return LaidOut(laid.text, laid.pages, laid.soft_breaks, laid.furniture, respaced, scans, read)
