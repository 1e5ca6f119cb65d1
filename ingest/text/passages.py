"""Blocks -> passages: the units that are indexed, retrieved and shown.

A passage is a run of whole sentences or list items of one section, about 200-800
characters and never more than ``MAX_CHARS`` (long enough to answer a question, short
enough to read in a result list). A sentence longer than the limit is cut at a clause
boundary, else at whitespace, else anywhere. Tables and footnotes stay their own
passages. ``text`` is always ``doc_text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.model import Passage, PassageKind
from ingest.text import marks
from ingest.text.language import detect_lang
from ingest.text.structure import Block

MIN_CHARS = 200
TARGET_CHARS = 800
MAX_CHARS = 1200

# A sentence ends after . ! ? (not inside a number such as 2.5 or 2023.7.23) followed by
# whitespace, or after the Japanese full stop, which needs no space.
_SENTENCE_END_RE = re.compile(r"(?<!\d)[.!?！？](?=\s)|[。！？](?=[^」』）)])|\n")
_CLAUSE_RE = re.compile(r"[,，、;；:：](?=\s|\S)|\s[-–—]\s|\)\s|）")
_SPACE_RE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    block: int
    prefer_break: bool  # a good place to start a new passage (label line, top-level bullet)


def cut_passages(
    blocks: Sequence[Block], text: str, doc_id: str, doc_lang: str = "ko", max_chars: int = MAX_CHARS
) -> list[Passage]:
    """Cut the blocks of one document into linked passages; offsets point into ``text``."""
    spans: list[tuple[Span, Block, PassageKind]] = []
    for section_blocks in _by_section(blocks):
        for span, first, kind in _pack_section(section_blocks, text, max_chars):
            spans.append((span, first, kind))
    passages: list[Passage] = []
    for ordinal, (span, block, kind) in enumerate(spans, start=1):
        body = text[span.start : span.end]
        head = table_head(block, text) if kind == "table" and span.start > block.start else None
        passages.append(
            Passage(
                id=passage_id(doc_id, ordinal),
                doc_id=doc_id,
                ordinal=ordinal,
                text=body,
                # the later pieces of a long table name its columns after the section, where the
                # result shows them and the section field searches them
                breadcrumb=[*block.breadcrumb, head] if head else list(block.breadcrumb),
                start=span.start,
                end=span.end,
                kind=kind,
                page=block.page,
                lang=detect_lang(body, doc_lang),
            )
        )
    for prev, nxt in pairwise(passages):
        prev.next_id = nxt.id
        nxt.prev_id = prev.id
    return passages


def table_head(block: Block, text: str, max_chars: int = 200) -> str | None:
    """A table block's header row: its first row of cells, after the caption if any."""
    sep = marks.CELL_SEPARATOR
    for line in text[block.start : block.end].split("\n", 3)[:3]:
        if sep in line:
            return line if len(line) <= max_chars else line[:max_chars].rsplit(sep, 1)[0]
    return None


def passage_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}-{ordinal:04d}"


def _by_section(blocks: Iterable[Block]) -> Iterator[list[Block]]:
    current: list[Block] = []
    for block in blocks:
        if current and block.section != current[-1].section:
            yield current
            current = []
        current.append(block)
    if current:
        yield current


def _pack_section(
    blocks: list[Block], text: str, max_chars: int
) -> Iterator[tuple[Span, Block, PassageKind]]:
    """Greedy packing of units into passages; tables and footnotes go out on their own."""
    target = min(TARGET_CHARS, max_chars)
    minimum = min(MIN_CHARS, max_chars // 2)
    pending: list[_Unit] = []

    def flush() -> Iterator[tuple[Span, Block, PassageKind]]:
        if pending:
            yield Span(pending[0].start, pending[-1].end), blocks[pending[0].block], "text"
            pending.clear()

    for b, block in enumerate(blocks):
        if block.kind != "text":
            yield from flush()
            # a table or footnote block is its own passage (several when its rows exceed the limit)
            for span in _units_of(block, text, max_chars, by_line=True):
                yield span, block, block.kind
            continue
        for k, span in enumerate(_units_of(block, text, max_chars, by_line=False)):
            unit = _Unit(span.start, span.end, b, k == 0 and (block.label or block.top))
            if not pending:
                pending.append(unit)
                continue
            size = pending[-1].end - pending[0].start
            grown = unit.end - pending[0].start
            if unit.prefer_break and size >= (minimum if block.label else 2 * minimum):
                yield from flush()
                pending.append(unit)
            elif grown <= target or (size < minimum and grown <= max_chars):
                pending.append(unit)
            else:
                yield from flush()
                pending.append(unit)
    yield from flush()


def _units_of(block: Block, text: str, max_chars: int, by_line: bool) -> list[Span]:
    """Sentences (or, for tables and footnotes, groups of whole lines) of a block, each ≤ max_chars."""
    if by_line:
        return _group_lines(block.start, block.end, text, max_chars)
    out: list[Span] = []
    for sentence in split_sentences(text, block.start, block.end):
        out.extend(split_long(text, sentence, max_chars))
    return out


def _group_lines(start: int, end: int, text: str, max_chars: int) -> list[Span]:
    """Table rows / footnote lines packed up to the limit; one overlong row is split like prose."""
    out: list[Span] = []
    cur: Span | None = None
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        row = Span(pos, line_end)
        pos = line_end + 1
        if row.end <= row.start:
            continue
        if cur is not None and row.end - cur.start <= max_chars:
            cur = Span(cur.start, row.end)
            continue
        if cur is not None:
            out.append(cur)
        if row.end - row.start > max_chars:
            out.extend(split_long(text, row, max_chars))
            cur = None
        else:
            cur = row
    if cur is not None:
        out.append(cur)
    return out


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside text[start:end], whitespace between them left out."""
    out: list[Span] = []
    pos = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        stop = m.end()
        span = _trim(text, pos, stop)
        if span:
            out.append(span)
        pos = stop
    span = _trim(text, pos, end)
    if span:
        out.append(span)
    return out


def split_long(text: str, span: Span, max_chars: int) -> list[Span]:
    """Cut a span longer than max_chars at clause boundaries, else whitespace, else anywhere."""
    out: list[Span] = []
    start, end = span.start, span.end
    while end - start > max_chars:
        limit = start + max_chars
        floor = start + max_chars // 3  # never leave a sliver: cut in the last two thirds
        cut = (
            _last_match(_CLAUSE_RE, text, floor, limit) or _last_match(_SPACE_RE, text, floor, limit) or limit
        )
        piece = _trim(text, start, cut)
        if piece:
            out.append(piece)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    piece = _trim(text, start, end)
    if piece:
        out.append(piece)
    return out


def _last_match(rx: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """End of the last match of rx inside text[lo:hi] (a cut position), or None."""
    best = None
    for m in rx.finditer(text, lo, hi):
        best = m.end()
    return best if best and best > lo else None


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
