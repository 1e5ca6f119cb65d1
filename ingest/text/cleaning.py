"""Raw extracted text -> the clean document text that passages point into.

What PDF extraction leaves behind and what we do about it:

* page furniture (running heads, page numbers, series logos such as ``브리프KISTEP``):
  dropped, but remembered in ``CleanText.furniture`` because it names the institution
  or the periodical issue. Text without page geometry (HWP, plain text) has only its lines
  to go by: a line that comes back three times under one ``furniture_key`` (digits masked,
  the key the PDF layout and the card match furniture by) with a page number at its edge;
* junk glyphs (private-use characters such as 󰡔, zero-width marks): removed;
* Wingdings bullets that came out as a bare ``n`` / ``o``: turned back into ■ / ○;
* HTML fragments in table cells: ``<ul><li>a</li><li>b</li></ul>`` -> ``a; b``;
* tab-separated table rows: one row per line, cells joined with `` | ``;
* hard-wrapped paragraphs: joined into one line per block. A break after a space was
  between words; a break without one may be inside a word (``스피\\n드``) and is left to
  the ``TextRepair`` the caller passes in (``analyzers.repair_line_breaks``, which knows Korean
  words); Japanese joins without a space.
  A PDF comes laid out by ``ingest.readers.pdf``, which says of each line break whether it
  wraps a paragraph (``RawText.soft_breaks``, read from the page geometry) and has already
  left out the running heads and page numbers (``RawText.furniture``); other text is judged
  on its line widths.

The output has one block per line (heading, list item, paragraph, table row ...), so
structure can work line by line and every offset it takes points into ``CleanText.text``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from analyzers import Analyzer
from analyzers.linebreaks import repair_line_breaks, sentence_goes_on
from ingest.readers.files import RawText
from ingest.readers.geometry import furniture_key
from ingest.tables import load_furniture
from ingest.text import marks

LineKind = Literal["text", "table"]
Repair = Callable[[str], str]
# (line, next line) pairs -> does the sentence run on across the break between them?
GoesOn = Callable[[Sequence[tuple[str, str]]], list[bool]]
# A raw line: its text, its page, and whether the reader's layout says it continues the
# paragraph of the line before it (None: no layout, decide from the line widths).
_Raw = tuple[str, int | None, bool | None]
_Block = tuple[str, LineKind, int | None]  # a logical line: its text, kind, and page

# Private use (BMP and planes 15/16), zero-width and bidi marks, soft hyphen, C0 controls but \t.
_JUNK_RE = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010ffff\u200b-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]"
)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_WINGDINGS_RE = re.compile(r"^(\s*)([no])\s+(?=[^\sa-z])")
_LI_SEP_RE = re.compile(r"</li>\s*<li\b[^>]*>", re.I)
_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.I)
_TAG_RE = re.compile(
    r"</?(?:ul|ol|li|br|p|div|span|b|i|u|strong|em|table|thead|tbody|tr|td|th|sup|sub|font)\b[^>]*>", re.I
)
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.I)
_CELL_BULLET_RE = re.compile(r"(?:^|\s)[•∙▪◦]\s*")
# A page number and a plain space at one edge of a short line (a "\u3000" after the number
# is a Japanese heading or footnote mark, not a page number).
_PAGE_NUMBER_EDGE_RE = re.compile(r"\d{1,4} +\S.{2,60}|.{3,60}\S +\d{1,4}")
_MID_DOTS = "·・･∙"
_CJK_NO_HANGUL_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f\u3005\u30fc]")
_URL_RE = re.compile(r"https?://|www\.", re.I)
# Japanese script, CJK punctuation and fullwidth forms: a wrap between these needs no space.
_JA_JOIN_RE = re.compile(r"[\u3001-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff60\uff66-\uff9f]")
# "(2021~2025)" alone on a line follows a table row's label ("제 기 과학기술혁신기본계획6"),
# which therefore starts a block of its own instead of continuing the line above.
_YEAR_RANGE_LINE_RE = re.compile(r"^\s*[(（]\s*(?:19|20)\d\d\s*[~～\-–]\s*(?:(?:19|20)\d\d)?\s*[)）]\s*$")


@dataclass(frozen=True, slots=True)
class CleanLine:
    text: str
    kind: LineKind
    page: int | None


@dataclass(slots=True)
class CleanText:
    """The cleaned document: ``text`` is ``"\\n".join`` of the lines; ``starts`` their offsets."""

    text: str
    lines: list[CleanLine]
    starts: list[int]
    furniture: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)  # institution / periodical / published
    wrapped: bool = False


@dataclass(frozen=True, slots=True)
class TextRepair:
    """What cleaning asks the grammar about line breaks: ``words`` joins the words a wrap cut
    (``스피\\n드``) and turns the other wraps into spaces; ``goes_on`` tells whether a sentence runs
    on across a break the layout kept. Passed in, so the caller decides which models answer."""

    words: Repair
    goes_on: GoesOn

    @classmethod
    def using(cls, analyzer: Analyzer) -> TextRepair:
        """Kiwi and Sudachi of ``analyzer`` decide (loaded on the first break they are asked about)."""
        korean, japanese = analyzer.korean, analyzer.japanese
        return cls(
            words=lambda text: repair_line_breaks(text, korean.join_scorer),
            goes_on=lambda pairs: sentence_goes_on(pairs, korean, japanese),
        )


def _keep_words(text: str) -> str:
    return text


def _never_goes_on(pairs: Sequence[tuple[str, str]]) -> list[bool]:
    return [False] * len(pairs)


# No grammar: a wrap becomes a space and every kept break stays (no model is loaded).
NO_REPAIR = TextRepair(_keep_words, _never_goes_on)


def clean(raw: RawText, repair: TextRepair) -> CleanText:
    """Clean one decoded document; see the module docstring."""
    laid_out = raw.soft_breaks is not None
    lines = list(_raw_lines(raw))
    lines = [(_JUNK_RE.sub("", text).replace("\u00a0", " "), page, soft) for text, page, soft in lines]
    lines = [piece for line in lines for piece in _split_glued_headings(line)]
    furniture, facts, keep = _find_furniture([text for text, _, _ in lines], verbatim=not laid_out)
    for dropped in raw.furniture:  # left out by the PDF layout; still tells whose report this is
        _known_furniture(_SPACES_RE.sub(" ", dropped).strip(), facts)
    furniture.extend(raw.furniture)
    lines = [line for line, kept in zip(lines, keep, strict=True) if kept]
    # A line without any letter or digit (" ･", a lone "※") carries nothing.
    lines = [line for line in lines if marks.HAS_WORD_RE.search(line[0])]
    lines = _normalize_wingdings(lines)
    widths = [_width(text.rstrip()) for text, _, _ in lines if "\t" not in text and len(text.strip()) > 1]
    wrap_width = None if laid_out else _wrap_width(widths)
    logical = _run_on(_unwrap(lines, wrap_width), repair.goes_on)
    out_lines: list[CleanLine] = []
    for text, kind, page in logical:
        if kind == "table":
            cleaned = text
        else:
            if "\n" in text:
                text = repair.words(text)
            cleaned = _SPACES_RE.sub(" ", text.replace("\n", " ")).strip()
        if cleaned:
            out_lines.append(CleanLine(cleaned, kind, page))
    starts: list[int] = []
    offset = 0
    for line in out_lines:
        starts.append(offset)
        offset += len(line.text) + 1
    return CleanText(
        text="\n".join(line.text for line in out_lines),
        lines=out_lines,
        starts=starts,
        furniture=furniture,
        facts=facts,
        wrapped=wrap_width is not None or bool(raw.soft_breaks),
    )


def _raw_lines(raw: RawText) -> list[_Raw]:
    """Lines with the page they are on (None when the source has no pages) and, when the reader
    laid the text out, whether each continues the line before it."""
    text = raw.text
    if raw.soft_breaks is not None:
        return _laid_out_lines(raw, raw.soft_breaks)
    if raw.pages:
        bounds = [start for _, start in raw.pages] + [len(text)]
        pages = [(number, text[bounds[i] : bounds[i + 1]]) for i, (number, _) in enumerate(raw.pages)]
    elif "\f" in text:  # pdftotext marks page ends with form feeds
        pages = [(i + 1, chunk) for i, chunk in enumerate(text.split("\f"))]
    else:
        return [(line, None, None) for line in _split_lines(text)]
    return [(line, number, None) for number, chunk in pages for line in _split_lines(chunk)]


def _laid_out_lines(raw: RawText, soft_breaks: frozenset[int]) -> list[_Raw]:
    """The lines of a laid-out PDF: one per ``\\n``, each with its page and soft flag."""
    pages = raw.pages or []
    out: list[_Raw] = []
    page_index = -1
    start = 0
    text = raw.text
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        while page_index + 1 < len(pages) and pages[page_index + 1][1] <= start:
            page_index += 1
        page = pages[page_index][0] if page_index >= 0 else None
        out.append((text[start:end], page, (start - 1) in soft_breaks))
        start = end + 1
    return out


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _split_glued_headings(line: _Raw) -> list[_Raw]:
    text, page, soft = line
    if "\u3000" not in text:
        return [line]
    pieces = [p for p in marks.JA_GLUED_HEADING_RE.split(text) if p]
    out: list[_Raw] = []
    for piece in pieces:
        out.extend((p, page, soft if not out else False) for p in marks.JA_GLUED_NUMBER_RE.split(piece) if p)
    return out or [line]


def _find_furniture(lines: list[str], verbatim: bool = True) -> tuple[list[str], dict[str, str], list[bool]]:
    """Which lines are page furniture; returns (dropped lines, facts they told, keep-mask).

    ``verbatim=False`` skips the rule on short lines repeated word for word, for text whose
    reader already dropped running heads by their place on the page (PDF layout).
    """
    facts: dict[str, str] = {}
    dropped: list[str] = []
    keep = [True] * len(lines)
    stripped = [_SPACES_RE.sub(" ", line).strip() for line in lines]

    # Running heads carry a page number at one edge: "16 월간 Japan Insight 2023.8.".
    # With the digits masked they repeat, and three repeats are no accident.
    masked = Counter(
        furniture_key(s)
        for s in stripped
        if _PAGE_NUMBER_EDGE_RE.fullmatch(s) and "\t" not in s and _could_be_running_head(s, numbered=True)
    )
    repeated = {key for key, count in masked.items() if count >= 3 and marks.HAS_WORD_RE.search(key)}
    # Running heads that repeat a summary item of the cover page ("□ 외국인 노동력 ...").
    summary = {
        _bare(s) for s in stripped if marks.is_top_bullet(s) and len(_bare(s)) >= 8 and not marks.ends_sentence(s)
    }
    # Short lines repeated verbatim: a running title or a series name in the header. Only in
    # hard-wrapped (page-layout) text: in one-paragraph-per-line text such as the white paper
    # the repeats are real content (source lines, "1　概要" headings of many sections).
    widths = [_width(line.rstrip()) for line in lines if "\t" not in line and len(line.strip()) > 1]
    repeats: set[str] = set()
    if verbatim and _wrap_width(widths) is not None:
        where: dict[str, list[int]] = {}
        for i, s in enumerate(stripped):
            if 2 <= len(s) <= 40:
                where.setdefault(s, []).append(i)
        # once per page: three or more times, never closer than ten lines to each other
        repeats = {
            s
            for s, at in where.items()
            if len(at) >= 3 and min(b - a for a, b in pairwise(at)) >= 10 and _could_be_running_head(s)
        }
    for i, s in enumerate(stripped):
        if not s:
            continue
        if _known_furniture(s, facts):
            pass
        elif re.fullmatch(r"[-–—\s]*\d{1,4}[-–—\s]*", s) and len(stripped) > 20:
            pass  # a bare page number
        elif furniture_key(s) in repeated and _PAGE_NUMBER_EDGE_RE.fullmatch(s):
            pass  # a running head with its page number
        elif not marks.is_bullet(s) and _bare(s) in summary and len(s) < 60:
            pass  # a running head that repeats a cover-page summary item
        elif s in repeats:
            pass
        else:
            continue
        keep[i] = False
        dropped.append(s)
    return dropped, facts, keep


def _known_furniture(line: str, facts: dict[str, str]) -> bool:
    """Is the (stripped) line furniture of a known series? Records what it tells in ``facts``."""
    hit = next((f for f in load_furniture() if f.pattern.fullmatch(line)), None)
    if hit is None:
        return False
    if hit.field == "periodical":
        facts.setdefault("periodical", hit.value)
        issue = re.search(r"(\d{4})\.\s?(\d{1,2})", line)
        if issue:
            facts.setdefault("published", f"{issue.group(1)}-{int(issue.group(2)):02d}")
            facts.setdefault("issue", f"{issue.group(1)}.{int(issue.group(2))}")
    elif hit.field:
        facts.setdefault(hit.field, hit.value)
    return True


def _could_be_running_head(line: str, numbered: bool = False) -> bool:
    """Not a sentence end, list item, heading, caption, source or URL line: those repeat
    legitimately. ``numbered`` lines carry a page number, and "… 2023.8." may end them."""
    if not marks.HAS_WORD_RE.search(line) or marks.is_bullet(line) or _URL_RE.search(line):
        return False
    if not numbered and marks.ends_sentence(line):
        return False
    shaped = [marks.SOURCE_RE, marks.CAPTION_RE, marks.NUMBER_DOT_RE, marks.ROMAN_RE, marks.GANADA_RE]
    shaped += [marks.PAREN_NUMBER_RE, marks.BRACKET_RE, marks.JA_NUMBERED_RE]
    if not numbered:  # "16 월간 Japan Insight" has the shape of "1 개요"
        shaped.append(marks.NUMBER_RE)
    return not any(rx.match(line) for rx in shaped)


def _bare(line: str) -> str:
    """A line without its bullet and spacing, for comparing running heads with summary items."""
    return re.sub(r"\s+", "", marks.BULLET_RE.sub("", line, count=1))


def _normalize_wingdings(lines: list[_Raw]) -> list[_Raw]:
    """``n``/``o`` at line start are Wingdings ■/○ when the document uses them as bullets.

    Only when at least five lines start that way before Korean text: a lone English "o" stays.
    """
    evidence = sum(1 for text, _, _ in lines if re.match(r"^\s*[no]\s+[\uac00-\ud7a3]", text))
    if evidence < 5:
        return lines
    out = []
    for text, page, soft in lines:
        m = _WINGDINGS_RE.match(text)
        if m:
            bullet = "■ " if m.group(2) == "n" else "○ "
            text = m.group(1) + bullet + text[m.end() :]
        out.append((text, page, soft))
    return out


_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _width(text: str) -> int:
    """Display width: Hangul, kana, kanji and fullwidth forms take two columns, like on the page."""
    return len(text) + len(_WIDE_RE.findall(text))


def _wrap_width(widths: list[int]) -> int | None:
    """The page's line width when the text is hard-wrapped, else None.

    Wrapped text has most lines ending near one right margin; text with one paragraph
    per line (the white paper, 001) has widths all over the place and far wider lines.
    """
    if len(widths) < 20:
        return None
    ordered = sorted(widths)
    p90 = ordered[int(len(ordered) * 0.9)]
    near = sum(1 for w in ordered if 0.8 * p90 <= w <= 1.1 * p90) / len(ordered)
    if p90 > 130 or near < 0.25:
        return None
    return p90


def _unwrap(lines: list[_Raw], wrap_width: int | None) -> list[_Block]:
    """Join the lines of one wrapped block; tables and marked lines always start a new one.

    Lines laid out by the PDF reader say themselves whether they continue the line before
    (``soft``); only a bullet overrules that. Other text is judged on its line widths.
    """
    full = _fullness(lines, wrap_width)
    out: list[list] = []  # [text, kind, page]
    for i, (text, page, soft) in enumerate(lines):
        if marks.is_table_row(text):
            out.append([_table_row(text), "table", page])
            continue
        stripped = text.strip()
        if "<" in stripped or "&" in stripped:
            stripped = _html_to_text(stripped)
        prev_raw = lines[i - 1][0] if i else ""
        next_raw = lines[i + 1][0] if i + 1 < len(lines) else ""
        if soft is not None:
            # the layout takes a mark at a line start for an item; an inline series goes on there
            series = bool(out and out[-1][1] == "text" and _continues_series(stripped, out[-1][0]))
            if series or (
                soft and out and out[-1][1] == "text" and stripped and not _starts_block(stripped, prev_raw, True)
            ):
                joint = "" if series and out[-1][0].endswith("、") else _joiner(prev_raw, stripped, laid_out=True)
                out[-1][0] += joint + stripped
            else:
                out.append([stripped, "text", page])
        elif (
            wrap_width is not None
            and out
            and out[-1][1] == "text"
            and full[i - 1]
            and not _starts_block(stripped, prev_raw, full[i])
            and not _is_unmarked_heading(text, prev_raw, next_raw, full[i])
            and not _YEAR_RANGE_LINE_RE.match(next_raw)
        ):
            out[-1][0] += _joiner(prev_raw, stripped) + stripped
        else:
            out.append([stripped, "text", page])
    return [(text, kind, page) for text, kind, page in out]


def _run_on(blocks: list[_Block], goes_on: GoesOn) -> list[_Block]:
    """Join a block to the one before when the break between them falls inside a sentence by
    grammar (``analyzers.sentence_goes_on``): the last line of a list item or a table cell that
    the sentence goes on after (…考え方⏎を示す, …기술이⏎가능한), which the layout could not tell
    from a paragraph end."""
    candidates = [
        i
        for i in range(1, len(blocks))
        if blocks[i - 1][1] == blocks[i][1] == "text" and not _starts_block(blocks[i][0], blocks[i - 1][0], False)
    ]
    if not candidates:
        return blocks
    series = {i for i in candidates if _continues_series(blocks[i][0], blocks[i - 1][0])}
    asked = [i for i in candidates if i not in series]
    verdicts = goes_on([(blocks[i - 1][0], blocks[i][0]) for i in asked])
    joins = series | {i for i, join in zip(asked, verdicts, strict=True) if join}
    out: list[_Block] = []
    for i, (text, kind, page) in enumerate(blocks):
        if i in joins:
            prev = out[-1][0]
            # Japanese runs on without a space. A Korean particle or ending closed its word, so a space
            # follows (not ``_joiner``, which leaves a Hangul break to the repair of broken words).
            cjk = bool(_CJK_NO_HANGUL_RE.match(prev.rstrip()[-1:]) and _CJK_NO_HANGUL_RE.match(text[:1]))
            cjk = cjk or (i in series and prev.endswith("、"))
            out[-1] = (prev + ("" if cjk else " ") + text, kind, out[-1][2])
        else:
            out.append((text, kind, page))
    return out


def _fullness(lines: list[_Raw], wrap_width: int | None) -> list[bool]:
    """Does each line run to the right margin (so the block goes on in the next line)?

    The margin is local: a box or a narrow column on the page wraps earlier than the body
    text, so a line counts as full when it reaches 80% of the widest line next to it,
    taking that width as at least 60% and at most 100% of the page's.
    """
    if wrap_width is None:
        return [False] * len(lines)
    widths = [0 if marks.is_table_row(text) else _width(text.rstrip()) for text, _, _ in lines]
    out = []
    for i, width in enumerate(widths):
        local = max(widths[max(0, i - 1) : i + 2])
        out.append(width >= 0.8 * min(max(local, 0.6 * wrap_width), wrap_width))
    return out


def _is_unmarked_heading(text: str, prev_raw: str, next_raw: str, full: bool) -> bool:
    """A short unmarked line that opens a run of top-level bullets is a heading, not a wrap.

    Extraction puts such headings right after the previous page's last line, so they
    would otherwise be glued onto it. We need one more hint than "short and followed by
    a bullet", since the last line of a wrapped item looks the same: the heading either
    starts a page (extractors indent a page's first line by one space) or follows a
    finished sentence.
    """
    stripped = text.strip()
    if full or not stripped or marks.ends_sentence(stripped) or not marks.is_top_bullet(next_raw):
        return False
    starts_page = text[:1].isspace() and not text[:3].isspace()
    return starts_page or _ended_sentence(prev_raw)


def _ended_sentence(raw: str) -> bool:
    """Did this wrapped line end a sentence? A bare "다" only counts before a kept space:
    "…출구 전략 다\n양화" is a word broken by the wrap."""
    stripped = raw.strip()
    if re.search(r"[.。!?！？]$", stripped):
        return True
    return raw[-1:].isspace() and marks.ends_sentence(stripped)


# Marks of a numbered series (①②…, ⑴⑵…) that a sentence may run through inline.
_SERIES_MARKS = "".join(chr(c) for c in (*range(0x2460, 0x2474), *range(0x2474, 0x2488)))


def _continues_series(line: str, prev_raw: str) -> bool:
    """A sentence that numbers its items inline (…として、①…のリスク、⏎②…) goes on at the next mark
    when the text before (the line, or the paragraph so far) ends in a comma and holds the previous
    mark after its start."""
    head, tail = line[:1], prev_raw.rstrip()
    if head not in _SERIES_MARKS or head in "①⑴" or tail[-1:] not in "、，,":
        return False
    return chr(ord(head) - 1) in tail[1:]


def _starts_block(line: str, prev_raw: str, full: bool) -> bool:
    """Does this line open a new block rather than continue the previous one?"""
    if line[:1] in _MID_DOTS and line[1:2].strip() and prev_raw[-1:].strip():
        return False  # "이념\n·비전은": a middle dot that the wrap put at a line start
    if _continues_series(line, prev_raw):
        return False
    if marks.is_bullet(line):
        return True
    if full:
        # A full-width line is running text even when it starts like a mark ("(3) 기술 혁신 …").
        return False
    return any(
        rx.match(line)
        for rx in (
            marks.FOOTNOTE_RE,
            marks.SOURCE_RE,
            marks.CAPTION_RE,
            marks.NUMBER_RE,
            marks.NUMBER_DOT_RE,
            marks.ROMAN_RE,
            marks.GANADA_RE,
            marks.PAREN_NUMBER_RE,
            marks.BRACKET_RE,
            marks.JA_PART_RE,
            marks.JA_CHAPTER_RE,
            marks.JA_SECTION_RE,
        )
    )


def _joiner(prev_raw: str, line: str, laid_out: bool = False) -> str:
    """How two wrapped lines meet: a space, nothing (Japanese), or a break left for repair.

    In laid-out PDF text a Japanese line also runs on without a space into Latin letters,
    digits and fullwidth forms ("…を用いた⏎Google" -> "…を用いたGoogle", "2022年11⏎月").
    """
    tail = prev_raw.rstrip()[-1:]
    head = line[:1]
    if laid_out and tail and head:
        ja_tail, ja_head = bool(_JA_JOIN_RE.match(tail)), bool(_JA_JOIN_RE.match(head))
        if (ja_tail and (ja_head or head.isascii())) or (ja_head and tail.isascii()):
            return ""
    if prev_raw[-1:].isspace():
        return " "  # the extractor kept the space: the break was between words
    if tail and _CJK_NO_HANGUL_RE.match(tail) and _CJK_NO_HANGUL_RE.match(head):
        return ""  # Japanese has no spaces between words
    return "\n"


def _table_row(line: str) -> str:
    cells = [_html_to_text(cell.strip(), cell_bullets=True) for cell in line.split("\t")]
    return marks.CELL_SEPARATOR.join(cell for cell in cells if cell)


def _html_to_text(text: str, cell_bullets: bool = False) -> str:
    """Table-cell HTML to plain text: list items become ``a; b``; entities are unescaped."""
    if "<" in text:
        text = _LI_SEP_RE.sub("; ", text)
        text = _BREAK_TAG_RE.sub("; ", text)
        text = _TAG_RE.sub(" ", text)
    if "&" in text and _ENTITY_RE.search(text):
        text = html.unescape(text)
    if cell_bullets and _CELL_BULLET_RE.search(text):
        items = [item.strip(" ;") for item in _CELL_BULLET_RE.split(text)]
        text = "; ".join(item for item in items if item)
    text = re.sub(r"\s*;\s*(?:;\s*)+", "; ", text)
    return _SPACES_RE.sub(" ", text).strip(" ;")


def is_url_line(line: str) -> bool:
    return bool(_URL_RE.match(line.strip()))
