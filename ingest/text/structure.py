"""Clean text -> title, section tree and a stream of body blocks with their breadcrumbs.

Korean reports number their sections in many styles (``1 개요``, ``I.``, ``가.``,
``1.``, ``1)``, ``[인재]``, or an unmarked short line that opens a run of ``○``
bullets), and no two reports nest them the same way. So the nesting is learned per
document: a heading style seen before closes everything below it, a new style opens a
deeper level. Japanese marks (第1部 > 第1章 > 第1節 > 1 > （1） > ア) have a fixed order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ingest.model import PassageKind
from ingest.text import marks
from ingest.text.cleaning import CleanText, is_url_line
from ingest.text.marks import Mark

# Fixed ranks of the Japanese white-paper marks; other marks nest in order of appearance.
_JA_RANK = {
    Mark.JA_PART: 0,
    Mark.JA_CHAPTER: 1,
    Mark.JA_SECTION: 2,
}
_MAX_PLAIN_HEADING = 45
_AUTHOR_TITLES = (
    r"(?:선임|수석|책임|부|전문|객원|초빙|명예)?\s*"
    r"(?:연구위원|교수|소장|연구원|박사|센터장|원장|실장|팀장|부장)"
)
_AUTHOR_LINE_RE = re.compile(
    rf"^([가-힣]{{2,4}})\s+\S*(?:대학교|대학|연구원|연구소|재단|센터|기구|원)\b.*?{_AUTHOR_TITLES}\s*$"
)
_AUTHOR_INLINE_RE = re.compile(rf"(?<![가-힣])([가-힣]{{2,4}})\s*{_AUTHOR_TITLES}(?![가-힣])")
_DISCLAIMER_RE = re.compile(r"([A-Za-z가-힣·]{2,30})의\s*공식(?:적인|적)?\s*(?:의견|입장)")
_SUPERSCRIPT_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰⁾⁽]+|\s*\*+$")
_LETTER_RE = re.compile(r"[^\W\d_]")  # a letter of any script: a page number is no title
# Lines this short, one after the other, are characters of vertical text or a broken layout.
_FRAGMENT = 2


@dataclass(frozen=True, slots=True)
class Heading:
    title: str  # as shown in breadcrumbs: whitespace collapsed, numbering kept
    mark: Mark
    line: int  # index into CleanText.lines
    level: int  # 1 = top
    section: int  # running section number; blocks under this heading carry it
    name: str = ""  # the title without its numbering ("개요" of "1 개요", "概要" of "第1節 概要")


@dataclass(frozen=True, slots=True)
class Block:
    kind: PassageKind
    start: int  # offsets into CleanText.text
    end: int
    breadcrumb: tuple[str, ...]
    section: int  # blocks of one section share it; passages never cross it
    page: int | None = None
    label: bool = False  # a short unmarked line (row label, box title): a good passage start
    top: bool = False  # opens a top-level item (□ ○ ■): also a good passage start


@dataclass(slots=True)
class Structure:
    title: str | None
    authors: list[str] = field(default_factory=list)
    institution: str | None = None
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    # The title line as a block, left out of ``blocks``: a caller that takes the title from
    # elsewhere (a sidecar) puts it back, so the line stays searchable.
    title_block: Block | None = None


def parse_structure(clean: CleanText, lang: str = "ko") -> Structure:
    """Find title, authors, headings and blocks; see the module docstring."""
    lines = [line.text for line in clean.lines]
    kinds = [line.kind for line in clean.lines]
    skip: set[int] = set()
    title, title_lines = _find_title(lines, kinds)
    skip.update(title_lines)
    title_block = (
        _block("heading", clean, title_lines[0], title_lines[-1] + 1, (), 0, clean.lines[title_lines[0]].page)
        if title_lines
        else None
    )
    authors = _find_authors(lines)
    institution = clean.facts.get("institution") or _find_institution(lines)
    found = _find_headings(lines, kinds, lang, skip)
    headings = _nest(found)
    heading_at = {h.line: h for h in headings}
    skip.update(heading_at)
    blocks = list(_blocks(clean, headings, heading_at, skip, lang))
    return Structure(
        title=title,
        authors=authors,
        institution=institution,
        headings=headings,
        blocks=blocks,
        title_block=title_block,
    )


# --- title and authors -------------------------------------------------------------------


def _find_title(lines: list[str], kinds: Sequence[str]) -> tuple[str | None, list[int]]:
    """The first line (after author lines), when it reads like a title and text follows it.

    Only the line's shape counts, never its language: a two-character Japanese title (梅雨)
    or a three-syllable Korean name (임종석) is as much a title as a long report title. A
    document of one line keeps that line as its text: a title names something that follows.
    A fragment followed by another fragment ("厚\n生\n労…") is vertical or broken layout.
    """
    for i, line in enumerate(lines[:3]):
        if kinds[i] == "table" or _AUTHOR_LINE_RE.match(line):
            continue
        text = _SUPERSCRIPT_RE.sub("", line).strip()
        if i + 1 >= len(lines) or not _is_title_line(line, text):
            return None, []
        if len(text) <= _FRAGMENT and len(lines[i + 1].strip()) <= _FRAGMENT:
            return None, []
        return text, [i]
    return None, []


def _is_title_line(line: str, text: str) -> bool:
    """Short, with a letter, not a sentence, and not marked as an item, heading or footnote
    of either language's styles (a Japanese "1\u3000…" or "ア\u3000…" is a heading too)."""
    if marks.is_bullet(line) or marks.FOOTNOTE_RE.match(line):
        return False
    if _heading_match(line, "ko") or _heading_match(line, "ja"):
        return False
    return 0 < len(text) <= 100 and bool(_LETTER_RE.search(text)) and not re.search(r"[.。]$", text)


def _find_authors(lines: list[str]) -> list[str]:
    """Names stated as authors: a byline ("이승주 중앙대학교 … 교수"), the first footnote, or
    a contact line ("문의 : 한일기업연구소 이지평 소장")."""
    found: list[str] = []
    for i, line in enumerate(lines):
        candidates: list[str] = []
        m = _AUTHOR_LINE_RE.match(line)
        if i < 3 and m:
            candidates.append(m.group(1))
        elif (marks.FOOTNOTE_RE.match(line) and line.lstrip().startswith("1)")) or "문의" in line:
            candidates.extend(_AUTHOR_INLINE_RE.findall(line))
        for name in candidates:
            if name not in found:
                found.append(name)
    return found


def _find_institution(lines: list[str]) -> str | None:
    """ "…과학기술정보통신부와 KISTEP의 공식적인 의견이 아닙니다": the last name is the publisher."""
    for line in lines:
        m = _DISCLAIMER_RE.search(line)
        if m:
            return re.split(r"[와과및,\s]+", m.group(1))[-1] or None
    return None


# --- headings ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    line: int
    mark: Mark
    title: str
    name: str = ""  # the title without its numbering; empty when the mark is all there is ("[인재]")


_KO_MARKS: list[tuple[Mark, re.Pattern[str]]] = [
    (Mark.JA_PART, marks.JA_PART_RE),
    (Mark.JA_CHAPTER, marks.JA_CHAPTER_RE),
    (Mark.JA_SECTION, marks.JA_SECTION_RE),
    (Mark.ROMAN, marks.ROMAN_RE),
    (Mark.GANADA, marks.GANADA_RE),
    (Mark.NUMBER_DOT, marks.NUMBER_DOT_RE),
    (Mark.NUMBER_PAREN, marks.NUMBER_PAREN_RE),
    (Mark.NUMBER, marks.NUMBER_RE),
    (Mark.PAREN_NUMBER, marks.PAREN_NUMBER_RE),
    (Mark.BRACKET, marks.BRACKET_RE),
]
# Japanese white papers use only these; their "1. …" lines are lists of data tables.
_JA_MARKS: list[tuple[Mark, re.Pattern[str]]] = [
    (Mark.JA_PART, marks.JA_PART_RE),
    (Mark.JA_CHAPTER, marks.JA_CHAPTER_RE),
    (Mark.JA_SECTION, marks.JA_SECTION_RE),
    (Mark.NUMBER, marks.JA_NUMBERED_RE),
    (Mark.PAREN_NUMBER, marks.PAREN_NUMBER_RE),
    (Mark.KATAKANA, marks.KATAKANA_RE),
]
_SEQUENCED = {
    Mark.ROMAN,
    Mark.GANADA,
    Mark.NUMBER_DOT,
    Mark.NUMBER_PAREN,
    Mark.NUMBER,
    Mark.PAREN_NUMBER,
    Mark.KATAKANA,
}


def _heading_match(line: str, lang: str) -> tuple[Mark, str, str] | None:
    """(mark, number token, rest) when the line is shaped like a heading of some style."""
    for mark, rx in _JA_MARKS if lang == "ja" else _KO_MARKS:
        m = rx.match(line)
        if m:
            groups = m.groups()
            return mark, groups[0], groups[-1] if len(groups) > 1 else ""
    return None


def _ordinal(mark: Mark, token: str) -> int:
    if mark is Mark.ROMAN:
        return marks.roman_value(token)
    if mark is Mark.GANADA:
        return marks.GANADA_ORDER.index(token) + 1
    if mark is Mark.KATAKANA:
        return marks.KATAKANA_ORDER.index(token) + 1
    return marks.to_int(token)


def _find_headings(lines: list[str], kinds: Sequence[str], lang: str, skip: set[int]) -> list[_Found]:
    """Heading candidates that pass their style's checks and keep their numbering in order.

    Numbering is the strongest evidence we have: "3 …" after "2 …" is a heading, "17 …"
    after "2 …" is a footnote. A style restarts at 1 under a new parent, so accepting a
    heading resets the counters of the styles first seen after it (the deeper ones).
    """
    found: list[_Found] = []
    last: dict[Mark, int] = {}
    order: list[Mark] = []
    for i, line in enumerate(lines):
        if i in skip or kinds[i] == "table":
            continue
        hit = _heading_match(line, lang)
        if hit is None:
            if lang != "ja" and _is_plain_heading(lines, kinds, i):
                found.append(_Found(i, Mark.PLAIN, _title(line), _title(line)))
            continue
        mark, token, rest = hit
        if not _accept(mark, rest, line, lang):
            continue
        if mark in _SEQUENCED:
            n = _ordinal(mark, token)
            prev = last.get(mark, 0)
            strict = mark is Mark.NUMBER and lang != "ja"  # "1 …" may also start a wrapped line
            ok = n == prev + 1 or (prev == 0 and n <= 2) if strict else n == 1 or prev < n <= prev + 2
            if not ok:
                continue
            last[mark] = n
        if mark not in order:
            order.append(mark)
        for deeper in order[order.index(mark) + 1 :]:
            last.pop(deeper, None)
        found.append(_Found(i, mark, _title(line), _title(rest)))
    return found


def _accept(mark: Mark, rest: str, line: str, lang: str) -> bool:
    """Shape alone is not enough: "1) 대외경제정책연구원 …" is a footnote, "(1) 간편 : …" an item."""
    rest = rest.strip()
    if mark in (Mark.JA_PART, Mark.JA_CHAPTER, Mark.JA_SECTION, Mark.BRACKET):
        return True
    if re.search(r"[.。]$|[다함임됨]$", rest):
        return False  # a sentence, not a title
    if lang == "ja" or "\u3000" in line:
        return _looks_like_ja_heading(rest)
    if mark is Mark.NUMBER:
        return len(rest) <= 50
    if mark is Mark.NUMBER_PAREN:
        return len(rest) <= 20 and ":" not in rest
    if mark is Mark.PAREN_NUMBER:
        return len(rest) <= 25 and ":" not in rest and "：" not in rest
    return len(rest) <= 80


def _looks_like_ja_heading(rest: str) -> bool:
    """ "1　ICT市場規模" is a heading, "1　総務省「令和3年…」" a footnote."""
    return (
        0 < len(rest) <= 40
        and not re.search(r"[。「」『』]|https?://|参照|資料|（\d{4}）|\(\d{4}\)", rest)
        and not rest.endswith(("。", "．"))
    )


def _is_plain_heading(lines: list[str], kinds: Sequence[str], i: int) -> bool:
    """An unmarked short line that opens a run of top-level bullets ("논점" before "○ …")."""
    line = lines[i].strip()
    if not (2 <= len(line) <= _MAX_PLAIN_HEADING) or i + 1 >= len(lines) or kinds[i + 1] == "table":
        return False
    if marks.is_bullet(line) or marks.ends_sentence(line) or line.endswith((":", "：", ",")):
        return False
    if any(rx.match(line) for rx in (marks.FOOTNOTE_RE, marks.SOURCE_RE, marks.CAPTION_RE)):
        return False
    if line.startswith(("(", "（", "<", "〈", "[", "「", "‘", "'", '"')) or re.match(
        r"^[\d\s.,%~\-]+$", line
    ):
        return False
    if not re.search(r"[가-힣A-Za-z]", line):
        return False
    return marks.is_top_bullet(lines[i + 1])


def _title(line: str) -> str:
    text = line.replace("\u3000", " ")
    text = re.sub(r"\s+", " ", text).strip(" ･·・")
    return _SUPERSCRIPT_RE.sub("", text).strip()


def _nest(found: list[_Found]) -> list[Heading]:
    """Assign levels: a style already open closes what is under it; a new style goes deeper."""
    stack: list[Mark] = []
    out: list[Heading] = []
    for section, f in enumerate(found, start=1):
        if f.mark in stack:
            del stack[stack.index(f.mark) :]
        elif f.mark in _JA_RANK:
            rank = _JA_RANK[f.mark]
            while stack and not (stack[-1] in _JA_RANK and _JA_RANK[stack[-1]] < rank):
                stack.pop()
        stack.append(f.mark)
        out.append(
            Heading(
                title=f.title,
                mark=f.mark,
                line=f.line,
                level=len(stack),
                section=section,
                name=f.name or f.title,
            )
        )
    return out


# --- blocks -----------------------------------------------------------------------------


def _blocks(
    clean: CleanText, headings: list[Heading], heading_at: dict[int, Heading], skip: set[int], lang: str
) -> Iterator[Block]:
    lines = clean.lines
    crumbs: list[Heading] = []
    section = 0
    i = 0
    n = len(lines)
    while i < n:
        if i in heading_at:
            j = _run_end(i, n, heading_at)
            bare = _bare_end(i, j, n, skip)
            if bare > i:
                # Headings with nothing under them (a cover, a contents page, a chapter page
                # followed straight by its first section) are text the reader sees: keep them
                # as one passage, under the first of them.
                first = heading_at[i]
                breadcrumb = tuple(c.title for c in _open(crumbs, first))
                yield _block("heading", clean, i, bare, breadcrumb, first.section, lines[i].page)
            for k in range(i, j):
                crumbs = _open(crumbs, heading_at[k])
                section = heading_at[k].section
            i = j
            continue
        if i in skip:
            i += 1
            continue
        breadcrumb = tuple(c.title for c in crumbs)
        text = lines[i].text
        start = clean.starts[i]
        page = lines[i].page

        def stop(j: int) -> bool:
            return j >= n or j in heading_at or j in skip

        if lines[i].kind == "table" or (
            marks.CAPTION_RE.match(text) and i + 1 < n and lines[i + 1].kind == "table"
        ):
            j = i + 1
            while not stop(j) and lines[j].kind == "table":
                j += 1
            if not stop(j) and marks.SOURCE_RE.match(lines[j].text):
                j += 1  # the table's source line belongs to it
            yield _block("table", clean, i, j, breadcrumb, section, page)
            i = j
            continue
        if _is_footnote(text, lang):
            j = i + 1
            while not stop(j) and lines[j].kind == "text" and _continues_footnote(lines[j].text, lang):
                j += 1
            yield _block("footnote", clean, i, j, breadcrumb, section, page)
            i = j
            continue
        stripped = text.strip()
        label = (
            len(stripped) <= 30
            and not marks.is_bullet(stripped)
            and not marks.ends_sentence(stripped)
            and not marks.SOURCE_RE.match(stripped)
        )
        yield Block(
            kind="text",
            start=start,
            end=start + len(text),
            breadcrumb=breadcrumb,
            section=section,
            page=page,
            label=label,
            top=marks.is_top_bullet(stripped),
        )
        i += 1


def _open(crumbs: list[Heading], h: Heading) -> list[Heading]:
    """The breadcrumb once heading ``h`` is reached: it closes every heading at its level or below."""
    return [c for c in crumbs if c.level < h.level] + [h]


def _run_end(i: int, n: int, heading_at: dict[int, Heading]) -> int:
    """End (exclusive) of the run of consecutive heading lines that starts at line ``i``."""
    j = i
    while j < n and j in heading_at:
        j += 1
    return j


def _bare_end(i: int, j: int, n: int, skip: set[int]) -> int:
    """End (exclusive) of the headings of run i..j that have no body line under them: all of
    them, unless a body line follows the run, which then belongs to its last heading."""
    return j - 1 if j < n and j not in skip else j


def _block(
    kind: PassageKind,
    clean: CleanText,
    i: int,
    j: int,
    breadcrumb: tuple[str, ...],
    section: int,
    page: int | None,
) -> Block:
    start = clean.starts[i]
    end = clean.starts[j - 1] + len(clean.lines[j - 1].text)
    return Block(kind=kind, start=start, end=end, breadcrumb=breadcrumb, section=section, page=page)


def _is_footnote(text: str, lang: str) -> bool:
    """ "1) 대외경제정책연구원 …" or, in Japanese, "1　総務省「…」" (headings were taken out before)."""
    if marks.FOOTNOTE_RE.match(text):
        return True
    return bool(marks.JA_NUMBERED_RE.match(text))


def _continues_footnote(text: str, lang: str) -> bool:
    return (
        _is_footnote(text, lang) or is_url_line(text) or text.lstrip().startswith(("(<http", "<http", "URL"))
    )
