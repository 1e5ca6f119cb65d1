"""The document card: title, subtitle, publisher, publication date and page count, read from
the file itself rather than from the body text's first lines.

One set of rules serves every format. They look at two places of a document: its *cover*
(page 1 of a PDF; the first lines of a text or HWP file) and its *colophon* (the last pages
or lines: 발행일, 発行, 발행처 ...). A PDF adds what only it has: its own metadata (title,
author, export dates) and typography (font sizes and positions, read with PyMuPDF here, not
from the extracted text), which tell a cover title from a running header.

Title, best evidence first:

1. the PDF metadata title, when it is a real title (``is_real_title``) and the pages say it too;
2. a labelled title on the cover: ``제목 : …``, ``件名``, a patent's ``(54) 발명의 명칭 …``;
3. the cover's typography: the largest text on page 1, joined across its lines, when it
   stands out from the body text, and never page furniture (text repeated at the same place
   on other pages) or a page number. A cover whose largest text is an issue
   (``2023년 12월호``) is a periodical: its name is the running header beside the issue;
4. the subject line of an official notice (``…について``, ``…する件``) when the cover has
   no typography to go by (every line in one size, as in 事務連絡 and 告示);
5. a real metadata title the pages do not repeat.

Date (``parse_date`` reads every shape: ``2023. 12.``, ``2023년 12월``, ``2023.12.15``,
``令和６年６月１４日``, ``令和四年三月四日``, ``平成…``, ``R4.11``): a labelled date on the
cover, then in the colophon (``발행일자 : 2024.2.8``, ``(43) 공개일자``), then a line that is
only a date on the cover (``令和５年３月``, ``2022. 8.``, ``2023년 12월호``), then in the colophon;
the PDF's modification or creation date only as a last resort, and then to the month only,
since it is the date of an export.

Publisher: a labelled line (``발행·편집 : …``, ``発行 …``, ``(19) …``), a notice number
(``厚生労働省告示第…号``, ``… 공고 제…호``), a cover line that is an organization's name,
a copyright line in the colophon, and the metadata author when it is an organization.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.catalog.dates import find_dates, iso_date, parse_date
from ingest.readers.files import RawText
from ingest.readers.geometry import body_size, furniture_key, is_cjk, recurring, unspaced
from ingest.readers.pdf_cover import CardLine, PdfCover, centre_y, line_box, read_cover
from ingest.text.marks import CELL_SEPARATOR

# between a table row's cells: a reader's tab or cleaning's separator
_CELLS_RE = re.compile(rf"\t|{re.escape(CELL_SEPARATOR)}")

log = logging.getLogger(__name__)

# How much of a text file is its cover and its colophon.
_TEXT_COVER_LINES = 15
_TEXT_COLOPHON_LINES = 15
_LONG_LINE = 80  # a line this long is body text, not a label, a date line or a name


@dataclass(slots=True)
class Card:
    title: str | None = None
    # metadata | label | cover | periodical | notice: which rule found the title
    title_source: str | None = None
    subtitle: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO: YYYY-MM or YYYY-MM-DD
    # "document" when the pages state it, "metadata" for a PDF export date
    published_source: Literal["document", "metadata"] | None = None
    page_count: int | None = None


# --- dates ----------------------------------------------------------------------------------

# What may stand beside a date on a line that is only a date: 版, 호, 発行, 현재 ...
_DATE_LINE_REST_RE = re.compile(
    r"^(?:[\s.,:：\-–~(（)）\[\]［］「」『』<>〈〉|·・]|版|号|호|월호|月号|発行|발행|발간|刊行|現在|현재|改訂|改定|개정|作成|작성|기준|基準|"
    r"updated|edition|ed)*$",
    re.I,
)
_ISSUE_RE = re.compile(
    r"^(?:vol\.?\s*\d+[.,]?\s*)?(?:no\.?\s*\d+|제\s*\d+\s*호|第\s*\d+\s*号|\d+\s*호|\d+\s*号)$", re.I
)


def date_line(text: str) -> str | None:
    """The date of a line that says nothing but a date (``令和4年11月版``, ``2023년 12월호``)."""
    norm = unicodedata.normalize("NFKC", text).strip()
    if len(norm) > 40:
        return None
    hits = find_dates(norm)
    if len(hits) != 1:
        return None
    rest = norm[: hits[0].start] + " " + norm[hits[0].end :]
    return hits[0].iso if _DATE_LINE_REST_RE.match(rest) else None


def _is_issue_line(text: str) -> bool:
    norm = unicodedata.normalize("NFKC", text).strip()
    return date_line(norm) is not None or bool(_ISSUE_RE.match(norm))


_PDF_DATE_RE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)")


def pdf_metadata_month(value: str | None) -> str | None:
    """``D:20240607080930+09'00'`` -> ``2024-06``: an export date says the month at best."""
    m = _PDF_DATE_RE.match((value or "").strip())
    return iso_date(int(m.group(1)), int(m.group(2)), None) if m else None


# --- titles ---------------------------------------------------------------------------------

_FILE_EXT_RE = re.compile(
    r"\.(?:docx?|xlsx?|pptx?|hwpx?|hwt|pdf|txt|rtf|odt|indd|ai|psd|jpe?g|png|gif|tiff?|html?)\s*$", re.I
)
_APP_PREFIX_RE = re.compile(r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)|Hwp|한글|PowerPoint|Word)\s*-\s*", re.I)
_PLACEHOLDER_RE = re.compile(
    r"^(?:untitled|no\s*title|title|document|doc|slide|presentation|layout|template|제목\s*없음|제목|"
    r"무제|새\s*문서|빈\s*문서|문서|한글\s*문서|hwp\s*문서|無題|タイトル|表題|文書|ドキュメント|新規文書)"
    r"[\s_\-]*\d*$",
    re.I,
)
_HEX_RE = re.compile(r"^<?[0-9A-Fa-f\s]{8,}>?$")
_EDITION_RE = re.compile(r"\s*[(（]([^()（）]{1,20})[)）]\s*$")
_EDITION_WORDS_RE = re.compile(r"版|ver|rev|改訂|改定|개정|최종|final|draft", re.I)


def is_real_title(value: str | None, stem: str = "") -> bool:
    """Whether a metadata title names the document: not empty, not a file name or path
    (``Microsoft Word - x.docx``, ``C:\\work\\a.hwp``, the file's own name), not a placeholder
    (``untitled``, ``제목 없음``, ``문서1``, an HWP template's ``한글 문서``), not the kind of
    document (``보도자료``, ``事務連絡``), and not ASCII junk (a user name such as ``ec21rnc``,
    hex, a single token of letters and digits)."""
    text = " ".join((value or "").split())
    if not text or len(text) > 200 or not any(ch.isalpha() for ch in text):
        return False
    if _APP_PREFIX_RE.match(text) or _FILE_EXT_RE.search(text) or _HEX_RE.match(text):
        return False
    if re.match(r"^(?:[A-Za-z]:)?[\\/]", text) or ("\\" in text) or re.search(r"\S/\S+/\S", text):
        return False
    if _PLACEHOLDER_RE.match(text) or _is_genre(text) or text.startswith(("þÿ", "\ufeff")):
        return False
    if stem and re.sub(r"[\W_]+", "", text.lower()) == re.sub(r"[\W_]+", "", stem.lower()):
        return False
    if text.isascii():
        words = re.findall(r"[A-Za-z]{2,}", text)
        # one token, or one mixing letters with digits and underscores, is a name, not a title
        if len(words) < 2 or re.fullmatch(r"[\w.\-]+", text):
            return False
    return True


def _meta_title(value: str | None) -> str:
    """The metadata title without a trailing edition note: ``モデル就業規則（R4.11版）`` ->
    ``モデル就業規則`` (the date of the edition is the card's date, not part of the name)."""
    text = " ".join((value or "").split())
    m = _EDITION_RE.search(text)
    if m and m.start() > 0 and (find_dates(m.group(1)) or _EDITION_WORDS_RE.search(m.group(1))):
        text = text[: m.start()].strip()
    return text


# --- organizations --------------------------------------------------------------------------

_JA_ORG_RE = re.compile(
    r"^[\u4e00-\u9fff\u30a0-\u30ffA-Za-z・･ー]{1,30}?"
    r"(?:省|庁|府|局|課|室|院|機構|委員会|研究所|センター|協会|財団|大学|本部|事務局|公社|公団|法人)$"
)
_KO_ORG_RE = re.compile(
    r"^(?:[가-힣A-Za-z]{2,}\s){0,2}[가-힣A-Za-z]{1,25}?"
    r"(?:부|처|청|원|위원회|연구소|재단|센터|공사|공단|협회|학회|대학교|국회|은행|본부|기구)$"
)
# Words ending like an organization that are not one: 의원 (a lawmaker), 지원, 일부, 요청 ...;
# 재정부 and 안전부 (finance, safety) are departments: 기획재정부 and 행정안전부 are ministries
_KO_NOT_ORG_RE = re.compile(
    r"(?:의원|위원|회원|직원|인원|지원|요원|사원|교원|일부|내부|외부|(?<!안)전부|세부|간부|요청|신청|민원|자원|재원|"
    r"차원|복원|동원|증원|정원|발원|기원|근원|본원|고원|평원|초원|공원|(?<!재)정부|(?:선임|책임|수석|전임|객원|초빙|위촉|주임)\s*연구원|^연구원)$"
)
_EN_ORG_RE = re.compile(
    r"^(?:[A-Z][\w&.'-]*\s+){0,6}(?:Ministry|Agency|Institute|Office|Council|Bureau|Department|Commission|"
    r"Foundation|University|Corporation|Association|Administration|Centre|Center)"
    r"(?:\s+(?:of|for|and|on|the|[A-Z][\w&.'-]*))*$"
)
_COUNTRY_CODE_RE = re.compile(r"\s*[(（][A-Z]{2}[)）]\s*$")
_LEAD_MARK_RE = re.compile(r"^[\s○◯〇●•·・∙▪■□\-–—*※]+")
_JA_TOP_ORG_RE = re.compile(r"^(.+?[省庁])(?=\S*(?:局|課|室|部|官|所)$)")


def organization(text: str | None) -> str | None:
    """``text`` as an organization's name, or None when it does not read as one.

    Japanese names are cut to the ministry or agency (``法務省民事局参事官室`` -> ``法務省``),
    a trailing country code goes (``대한민국특허청(KR)`` -> ``대한민국특허청``)."""
    name = _LEAD_MARK_RE.sub("", unicodedata.normalize("NFC", text or ""))
    name = _COUNTRY_CODE_RE.sub("", " ".join(name.split())).strip()
    if not (2 <= len(name) <= (80 if name.isascii() else 40)) or re.search(r"\d", name):
        return None
    if _JA_ORG_RE.match(name):
        m = _JA_TOP_ORG_RE.match(name)
        return m.group(1) if m else name
    hangul = len(re.findall(r"[가-힣]", name))
    if hangul >= 3 and _KO_ORG_RE.match(name):
        if _KO_NOT_ORG_RE.search(name) or (name.endswith("원") and hangul < 4):
            return None  # 나경원, 김지원: three syllables ending in 원 are more often a person's name
        return name
    if hangul == 0 and _EN_ORG_RE.match(name):
        return name
    return None


def _issuer(name: str | None) -> str | None:
    """The issuer named before ``공고 제…호`` / ``고시 제…호``: any name will do there
    (``서울특별시 강남구``), as long as it is only words."""
    name = " ".join(_LEAD_MARK_RE.sub("", name or "").split())
    return name if 2 <= len(name) <= 30 and re.fullmatch(r"[가-힣A-Za-z·ㆍ ]+", name) else None


def _organization_in(value: str) -> str | None:
    """The organization named in a label's value: the whole value, else one of its words."""
    value = re.sub(r"(?i)all\s+rights\s+reserved\.?|printed\s+in\s+\w+", " ", value)
    value = re.sub(r"(?i)copyright|ⓒ|©|\(c\)|\b(?:19|20)\d\d\b", " ", value)
    found = organization(value)
    if found:
        return found
    for word in re.split(r"[\s,、，;/|]+", value):
        found = organization(word.strip(" .()（）[]"))
        if found:
            return found
    return None


# --- the rules on lines ---------------------------------------------------------------------

_TITLE_LABEL_RE = re.compile(
    r"^\s*(?:\(54\)\s*|【)?"
    r"(?:(?:발명의\s*명칭|고안의\s*명칭|제\s*목|과\s*제\s*명|사\s*업\s*명|件\s*名|表\s*題|題\s*名|発明の名称|考案の名称)"
    r"\s*(?:】\s*|[:：]\s*|\s+)|Title\s*[:：]\s*)(\S.*)$",
    re.I,
)
_INID_RE = re.compile(r"^\s*\((\d\d)\)\s*(.*)$")
_DATE_LABEL_RE = re.compile(
    r"(?:발행|발간|공개|공고|공표|배포|작성|보도|발의)\s*(?:연월일|년월일|일자|일시|일)?|"
    r"(?:発行|公表|公開|公布|作成|刊行)(?:年月日|日)?|\(4[35]\)|published|publication\s+date|issued",
    re.I,
)
_PUBLISHER_LABEL_RE = re.compile(
    r"^\s*[·•∙・\-–]?\s*"
    r"(?:발행\s*처|발행\s*기관|발간\s*기관|펴낸\s*곳|"
    r"(?:편집|기획)?\s*[·․ㆍ・/및]?\s*발\s*행(?!\s*(?:일|인|연|년))\s*(?:[·․ㆍ・/및]?\s*편집)?|"
    r"発行(?:者|元|所)?|編集\s*[・･/]?\s*発行|発行\s*[・･/]?\s*編集|著作\s*[・･/]?\s*発行|"
    r"publisher|published\s+by)"
    r"\s*(?:[:：]\s*|\s+)(\S.*)$",
    re.I,
)
_COPYRIGHT_RE = re.compile(r"(?i)copyright|ⓒ|©|\(c\)\s*\d{4}")
_NOTICE_NUMBER_RE = re.compile(
    r"^\s*[○◯〇●]?\s*(\S+?)\s*(?:告示|訓令|公示|通達|令|発)\s*第|^\s*(\S+(?:\s\S+)?)\s*(?:공고|고시|훈령|예규)\s*제\s*[\d\-]+\s*호"
)
_NOTICE_SUBJECT_RE = re.compile(
    r"(?:について|の件|する件|に関する件)\s*(?:[(（](?:通知|依頼|回答|案|周知|お願い)[)）])?$"
)
_SENTENCE_END_RE = re.compile(r"[。．]\s*$|[다함음임됨]\.\s*$")
_RECIPIENT_RE = re.compile(r"(?:御中|殿|様|귀하|귀중)\s*$")
_PAGE_NUMBER_RE = re.compile(r"^[\s\-–—·.]*(?:p\.?\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—·.]*$", re.I)
# The kind of document, set large at the top of press releases and notices: a label, not a title.
_GENRE_RE = re.compile(
    r"^(?:보도자료|보도참고자료|보도설명자료|설명자료|참고자료|참고|붙임|별첨|공고|고시|press\s*release|news\s*release|"
    r"報道発表(?:資料)?|報道資料|事務連絡|お知らせ|別添|別紙|告示|通知|contents|목차|目次)$",
    re.I,
)
_CONTENTS_RE = re.compile(r"^(?:contents|tableofcontents|목차|차례|目次|もくじ)$", re.I)
# A volume of a set: 제1권, 2권, 상권, 第2巻, 第1部, 上巻, Vol. 2, Part II, 기본편, 総論編 (and its name after it).
_PART_RE = re.compile(
    r"^[\s\-–—<＜(（\[［]*(?:"
    r"제\s*\d+\s*[권편부책]|\d+\s*권|[상중하]\s*권|第\s*[\d０-９一二三四五六七八九十]+\s*[巻編部分冊]|[上中下]\s*巻|"
    r"vol(?:ume)?\.?\s*\d+|part\s*(?:\d+|[ivx]+)\b|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*권|[가-힣]{1,8}\s*편|[\u4e00-\u9fff\u30a0-\u30ff]{1,8}編)"
    r"(?:[\s:：.\-–—)）\]］>＞]+\S.*)?[\s\-–—)）\]］>＞]*$",
    re.I,
)
# A cover's big word that names the kind of document, not its subject: 검토보고, 제안요청서, 報告書.
_KIND_RE = re.compile(r"(?:보고서?|요청서|제안서|계획서|안내서|설명서|지침서?|報告書?|説明書|要領|要綱|計画書?)$")
_HEADING_SHAPE_RE = re.compile(
    r"^\s*(?:第\s*\S{1,3}\s*[部章節編]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[IVX]{1,4}[.\s]|\d{1,2}[.)\s]|[①-⑳]|[(（]\d)"
)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _is_genre(text: str) -> bool:
    """A label of the document's kind or of a part of it (보도자료, ＜目次＞, - 목 차 -): the
    words alone decide, whatever brackets or marks stand around them."""
    return bool(_GENRE_RE.match(re.sub(r"[\W_]+", "", _compact(text))))


_OFFICE_SUFFIX_RE = re.compile(
    r"(?:국|과|실|팀|관|단|부|본부|센터|局|課|室|部|官|所|係|センター|division|bureau|office|section)$", re.I
)


def _is_contents(text: str) -> bool:
    return bool(_CONTENTS_RE.match(re.sub(r"[\W_]+", "", _compact(text))))


def _is_part(text: str) -> bool:
    return len(text) <= _LONG_LINE // 2 and bool(_PART_RE.match(unicodedata.normalize("NFKC", text)))


def _is_office_line(text: str) -> bool:
    """The publishing office: an organization's name followed by its units
    (``기획재정부 국제금융국 외화자금과``, ``文部科学省 科学技術・学術政策局``)."""
    tokens = _LEAD_MARK_RE.sub("", text).split()
    if len(tokens) < 2 or organization(tokens[0]) is None:
        return False
    return all(_OFFICE_SUFFIX_RE.search(t) and not re.search(r"\d", t) for t in tokens[1:])


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(text))


def _join(parts: Iterable[str]) -> str:
    """Lines of one title as one string: CJK ideographs and kana run on, other scripts get a space."""
    out = ""
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(part[0])):
            out += " "
        out += part
    return out


def _join_lines(lines: Sequence[CardLine], first: str | None = None) -> str:
    """``_join`` for cover lines: pieces of one row set apart on the page (``第１章`` and
    ``新時代を迎えたＡＩ``) keep a space between them whatever their script."""
    out = ""
    for i, line in enumerate(lines):
        text = first if i == 0 and first is not None else line.text
        out = f"{out} {text}" if i and _next_on_row(lines[i - 1], line) else _join([out, text])
    return " ".join(out.split())


def _extends(longer: str, prefix: str) -> bool:
    """``longer`` says all of ``prefix`` and goes on (ignoring blanks and width)."""
    whole, start = _compact(longer), _compact(prefix)
    return len(whole) > len(start) and whole.startswith(start)


def _labelled_title(cover: Sequence[CardLine]) -> str | None:
    for i, line in enumerate(cover):
        m = _TITLE_LABEL_RE.match(line.text)
        if not m or _letters(m.group(1)) < 2:
            continue
        parts = [line]
        for nxt in cover[i + 1 :]:  # a long name wraps onto lines that carry no label
            if not _continues(parts[-1], nxt) or _INID_RE.match(nxt.text) or _TITLE_LABEL_RE.match(nxt.text):
                break
            parts.append(nxt)
        return _join_lines(parts, first=m.group(1))
    return None


def _continues(prev: CardLine | None, nxt: CardLine) -> bool:
    """Whether ``nxt`` is the next line of the same paragraph as ``prev`` (geometry only)."""
    if prev is None or prev.box is None or nxt.box is None or prev.size is None or nxt.size is None:
        return False
    if abs(prev.size - nxt.size) > max(0.6, 0.06 * prev.size) or prev.page != nxt.page:
        return False
    if _next_on_row(prev, nxt):
        return True
    if prev.vertical:  # columns read right to left
        gap = prev.box[0] - nxt.box[2]
        return -0.2 * prev.size <= gap <= 1.0 * prev.size
    gap = nxt.box[1] - prev.box[3]
    overlap = min(prev.box[2], nxt.box[2]) - max(prev.box[0], nxt.box[0])
    # display type set solid overlaps its line boxes (ascent and descent reach past the leading)
    return -0.5 * prev.size <= gap <= 1.0 * prev.size and overlap > 0


def _next_on_row(prev: CardLine, nxt: CardLine) -> bool:
    """``nxt`` continues ``prev`` on the same row of horizontal text, a few characters apart."""
    if prev.vertical or nxt.vertical or prev.box is None or nxt.box is None or not prev.size:
        return False
    gap = nxt.box[0] - prev.box[2]
    return abs(centre_y(prev) - centre_y(nxt)) <= 0.3 * prev.size and -0.2 * prev.size <= gap <= 3 * prev.size


@dataclass(frozen=True, slots=True)
class _CoverTitle:
    title: str | None
    lines: tuple[CardLine, ...]
    issue: str | None  # the largest text was an issue: ``2023년 12월호``
    subtitle: str | None


def _cover_typography(cover: Sequence[CardLine], body_size: float | None, furniture: set[int]) -> _CoverTitle:
    """The largest text of the cover that stands out from the body text (see the module doc)."""
    if body_size is None:
        return _CoverTitle(None, (), None, None)
    threshold = max(body_size * 1.1, body_size + 1.0)
    # a contents page's heading and what follows it are no title (a short document may set
    # its title above its contents on page 1)
    end = next((i for i, line in enumerate(cover) if _is_contents(line.text)), len(cover))
    eligible = [
        line
        for i, line in enumerate(cover[:end])
        if line.size is not None
        and line.size >= threshold
        and i not in furniture
        and _letters(line.text) >= 2
        and not _is_page_number(line.text)
    ]
    issue: str | None = None
    sizes = sorted({round(line.size or 0, 1) for line in eligible}, reverse=True)
    for size in sizes:
        group = [line for line in eligible if abs((line.size or 0) - size) <= max(0.5, 0.04 * size)]
        issues = [line for line in group if _is_issue_line(line.text)]
        if issues and issue is None:
            issue = " ".join(issues[0].text.split())
        group = [
            line
            for line in group
            if line not in issues
            and not organization(line.text)
            and not _is_office_line(line.text)
            and not _is_genre(line.text)
        ]
        if not group:
            continue
        ordered = [line for line in cover if line in group]
        first = ordered[0]
        lines = [first]
        for j in range(cover.index(first) + 1, len(cover)):
            nxt = cover[j]
            if nxt in group and _continues(lines[-1], nxt):
                lines.append(nxt)
            elif j not in furniture:
                break
        lines = _with_subject(cover, lines, body_size, furniture)
        lines = _with_part(cover, lines, body_size, threshold, furniture)
        title = _join_lines(lines)
        return _CoverTitle(title, tuple(lines), issue, _subtitle(cover, lines, threshold))
    return _CoverTitle(None, (), issue, None)


def _neighbour(cover: Sequence[CardLine], line: CardLine, step: int, furniture: set[int]) -> CardLine | None:
    """The next cover line above (``step`` -1) or below (+1) ``line`` that is not page furniture."""
    j = cover.index(line) + step
    while 0 <= j < len(cover) and j in furniture:
        j += step
    return cover[j] if 0 <= j < len(cover) else None


def _gap(a: CardLine, b: CardLine) -> float:
    """Vertical distance between two horizontal lines, ``a`` above ``b``."""
    return line_box(b)[1] - line_box(a)[3]


def _with_subject(cover: Sequence[CardLine], lines: list[CardLine], body: float, furniture: set[int]) -> list[CardLine]:
    """A title that only names the document's kind (one word set letter-spaced, ``검 토 보 고``,
    or a kind word, ``제안요청서``) takes the subject line under it, else above it: that line is
    what people cite. Both are kept, in page order."""
    label = lines[0]
    if len(lines) != 1 or len(label.text.split()) != 1 or _letters(label.text) > 8 or label.vertical:
        return lines
    if not (label.spaced or _KIND_RE.search(label.text)):
        return lines
    size = label.size or body
    for step in (1, -1):
        near = _neighbour(cover, label, step, furniture)
        if near is None or near.box is None or label.box is None or not _is_subject(near, body):
            continue
        if (_gap(label, near) if step == 1 else _gap(near, label)) > 4 * size:
            continue
        subject = [near]
        while (more := _neighbour(cover, subject[-1 if step == 1 else 0], step, furniture)) is not None:
            pair = (subject[-1], more) if step == 1 else (more, subject[0])
            if not _continues(*pair) or not _is_subject(more, body):
                break
            subject = [*subject, more] if step == 1 else [more, *subject]
        return [label, *subject] if step == 1 else [*subject, label]
    return lines


def _is_subject(line: CardLine, body: float) -> bool:
    text = line.text
    return (
        _letters(text) >= 4
        and (line.size or 0) >= body - 0.5
        and len(text) <= _LONG_LINE * 2
        and not (date_line(text) or _is_issue_line(text) or _is_page_number(text))
        and not (organization(text) or _is_office_line(text) or _is_genre(text) or _is_part(text))
        and not _SENTENCE_END_RE.search(text)
    )


def _with_part(
    cover: Sequence[CardLine], lines: list[CardLine], body: float, threshold: float, furniture: set[int]
) -> list[CardLine]:
    """A volume of a set carries its part (``제2권``, ``第1部``, ``Vol. 2``, ``실무편``) in its title:
    the part set beside or under the title in at least body type, or above it in display type
    (a running header of the part above a chapter is smaller, and furniture)."""
    after = _neighbour(cover, lines[-1], 1, furniture)
    if (
        after is not None
        and _is_part(after.text)
        and (after.size or 0) >= body - 0.5
        and (_next_on_row(lines[-1], after) or 0 <= _gap(lines[-1], after) <= 3 * (after.size or body))
    ):
        return [*lines, after]
    before = _neighbour(cover, lines[0], -1, furniture)
    if (
        before is not None
        and _is_part(before.text)
        and (before.size or 0) >= threshold
        and 0 <= _gap(before, lines[0]) <= 3 * (lines[0].size or body)
    ):
        return [before, *lines]
    return lines


def _subtitle(cover: Sequence[CardLine], title_lines: list[CardLine], threshold: float) -> str | None:
    """The line right under the title, smaller than it but larger than the body text."""
    after = cover[cover.index(title_lines[-1]) + 1 :]
    title_size = title_lines[0].size or 0
    if not after:
        return None
    line = after[0]
    if line.size is None or line.box is None or title_lines[-1].box is None:
        return None
    gap = line.box[1] - title_lines[-1].box[3]
    if not (threshold <= line.size < title_size - 0.5) or gap > 3 * line.size or _letters(line.text) < 2:
        return None
    if _is_issue_line(line.text) or organization(line.text) or _is_genre(line.text) or _is_part(line.text):
        return None
    if _HEADING_SHAPE_RE.match(line.text):  # the first section of a chapter page, not a subtitle
        return None
    parts = [line]
    for nxt in after[1:]:
        if not _continues(parts[-1], nxt):
            break
        parts.append(nxt)
    return _join_lines(parts)


def _notice_subject(cover: Sequence[CardLine]) -> str | None:
    """The subject of an official notice: the first ``…について`` / ``…する件`` line before the
    body's first sentence, with the lines of its paragraph before it."""
    for i, line in enumerate(cover[:25]):
        text = line.text.strip()
        if _SENTENCE_END_RE.search(text):
            return None
        if len(text) > _LONG_LINE * 2 or not _NOTICE_SUBJECT_RE.search(text):
            continue
        parts = [line]
        for prev in reversed(cover[:i]):
            if (
                not _continues(prev, parts[0])
                or _SENTENCE_END_RE.search(prev.text)
                or _RECIPIENT_RE.search(prev.text)
                or date_line(prev.text)
                or organization(prev.text)
            ):
                break
            parts.insert(0, prev)
        return _join_lines(parts)
    return None


def _labelled_dates(lines: Sequence[CardLine]) -> list[str]:
    out = []
    for line in lines:
        if len(line.text) > _LONG_LINE:
            continue
        m = _DATE_LABEL_RE.search(line.text)
        if m:
            iso = parse_date(line.text[m.end() :])
            if iso:
                out.append(iso)
    return out


def _date_lines(lines: Sequence[CardLine]) -> list[str]:
    return [iso for line in lines if (iso := date_line(line.text))]


def _stated_date(cover: Sequence[CardLine], colophon: Sequence[CardLine]) -> str | None:
    """The date the document states (see the module doc for the order); a more precise date
    of the same month found elsewhere on the cover or colophon refines it."""
    ranked = [
        _labelled_dates(cover),
        _labelled_dates(colophon),
        _date_lines(cover),
        _date_lines(colophon),
    ]
    chosen = next((dates[0] for dates in ranked if dates), None)
    if chosen and len(chosen) == 7:
        finer = [d for dates in ranked for d in dates if d.startswith(chosen + "-")]
        if finer:
            return finer[0]
    return chosen


def _publisher(cover: Sequence[CardLine], colophon: Sequence[CardLine], exclude: Iterable[CardLine]) -> str | None:
    skip = set(exclude)
    for lines in (cover, colophon):
        for line in lines:
            m = _PUBLISHER_LABEL_RE.match(line.text)
            if m and len(line.text) <= _LONG_LINE and not find_dates(m.group(1)):
                found = _organization_in(m.group(1))
                if found:
                    return found
    for line in cover:
        m = _INID_RE.match(line.text)
        if m and m.group(1) == "19" and (found := organization(m.group(2))):
            return found
        m = _NOTICE_NUMBER_RE.match(line.text)
        if m and (found := organization(m.group(1) or m.group(2)) or _issuer(m.group(2))):
            return found
    # Without typography the first line of a text is where its title stands, not its publisher
    # (an article named 특허청 is about it); a row of table cells is a header, where it may be.
    if cover and cover[0].box is None and not _CELLS_RE.search(cover[0].text):
        skip.add(cover[0])
    named = [
        found
        for line in cover
        if line not in skip
        for cell in _CELLS_RE.split(line.text)
        if (found := organization(cell))
    ]
    if named:
        return named[-1]  # the publisher stands at the foot of a cover, under title and date
    for line in colophon:
        if _COPYRIGHT_RE.search(line.text) and len(line.text) <= _LONG_LINE * 2:
            found = _organization_in(line.text)
            if found:
                return found
    return None


def compose(
    cover: Sequence[CardLine],
    colophon: Sequence[CardLine] = (),
    *,
    body_size: float | None = None,
    furniture: Iterable[int] = (),
    series: str | None = None,
    metadata: dict[str, str] | None = None,
    stem: str = "",
    page_count: int | None = None,
    pages_text: str = "",
    layout_title: str | None = None,
    picture_cover: bool = False,
) -> Card:
    """The card from a cover and a colophon, whatever the format they were read from.

    ``furniture`` indexes the cover lines that are page furniture; ``series`` is a running
    header that stands beside an issue date; ``metadata`` the PDF's own (title, author,
    creationDate, modDate); ``pages_text`` the text of the first pages, where a metadata
    title must be found to be trusted over the cover; ``layout_title`` a cover title a reader
    found by type size in a format read as text (HWP). On a ``picture_cover`` (a scan, or
    artwork with a few words of text over it) the title is in the picture: the text layer's
    words there (a country's name, a logo's) are no title, though an issue date still tells
    a periodical."""
    metadata = metadata or {}
    furniture_set = set(furniture)
    card = Card(page_count=page_count)
    typography = _cover_typography(cover, body_size, furniture_set)
    if picture_cover:
        typography = _CoverTitle(None, (), typography.issue, None)
    meta_title = _meta_title(metadata.get("title"))
    meta_ok = is_real_title(meta_title, stem)
    confirmed = meta_ok and bool(pages_text) and _compact(meta_title) in _compact(pages_text)
    if confirmed and typography.title and _extends(typography.title, meta_title):
        confirmed = False  # a metadata title cut short (at a line's end, at a field's length)
    periodical = f"{series} {typography.issue}" if series and typography.issue and not typography.title else None
    candidates: list[tuple[str, str | None]] = [
        ("metadata", meta_title if confirmed else None),
        ("label", _labelled_title(cover)),
        ("cover", typography.title or (" ".join(layout_title.split()) if layout_title else None)),
        ("periodical", periodical),
        ("notice", _notice_subject(cover) if typography.title is None and not layout_title else None),
        ("metadata", meta_title if meta_ok else None),
    ]
    for source, title in candidates:
        if title:
            card.title, card.title_source = title, source
            break
    if card.title and typography.title and typography.subtitle:
        same = _compact(card.title)
        if same in _compact(typography.title) or _compact(typography.title) in same:
            card.subtitle = typography.subtitle
    stated = _stated_date(cover, colophon)
    if stated:
        card.published, card.published_source = stated, "document"
    else:
        exported = pdf_metadata_month(metadata.get("modDate")) or pdf_metadata_month(metadata.get("creationDate"))
        if exported:
            card.published, card.published_source = exported, "metadata"
    card.publisher = _publisher(cover, colophon, typography.lines) or organization(metadata.get("author"))
    return card


# --- reading the file -----------------------------------------------------------------------


def read_card(raw: RawText, lines: Sequence[object] = ()) -> Card:
    """The card of a decoded file; ``lines`` are its cleaned lines (objects with ``.text``),
    the cover and colophon of formats without pages. Never raises: a PDF PyMuPDF cannot
    read again gets the card of its text."""
    if raw.cover is not None:
        return cover_card(raw.cover, stem=raw.path.stem)
    if raw.encoding == "pdf" or raw.data[:5] == b"%PDF-":
        try:
            return pdf_card(raw.data, stem=raw.path.stem)
        except Exception as exc:  # PyMuPDF raises several private exception types
            log.warning("no PDF card for %s: %s", raw.path, exc)
    texts = [str(getattr(line, "text", line)) for line in lines]
    return text_card(
        texts,
        stem=Path(raw.path).stem,
        page_count=len(raw.pages) if raw.pages else None,
        layout_title=getattr(raw, "title", None),
    )


def text_card(
    lines: Sequence[str], stem: str = "", page_count: int | None = None, layout_title: str | None = None
) -> Card:
    """The card of a document read as text: its first lines are the cover, its last lines the
    colophon. Font sizes are not known here; ``layout_title`` is the largest type of the first
    page where the reader could see it (HWP), and counts as the cover's typography."""
    kept = [" ".join(line.split()) for line in lines]
    kept = [line for line in kept if line]
    cover = [CardLine(unspaced(line), page=1, spaced=unspaced(line) != line) for line in kept[:_TEXT_COVER_LINES]]
    colophon = [CardLine(line, page=0) for line in kept[-_TEXT_COLOPHON_LINES:]]
    return compose(cover, colophon, stem=stem, page_count=page_count, layout_title=layout_title)


def pdf_card(data: bytes, stem: str = "") -> Card:
    """The card of a PDF given as bytes (``read_card`` uses the cover pages the reader kept)."""
    import pymupdf  # heavy; only needed for PDFs


    with pymupdf.open(stream=data, filetype="pdf") as doc:
        cover = read_cover(doc)
    return cover_card(cover, stem)


def cover_card(pdf: PdfCover, stem: str = "") -> Card:
    """The card of a PDF from its cover pages (``ingest.readers.pdf_cover``)."""
    pages, first, last, count = pdf.pages, pdf.first, pdf.last, pdf.page_count
    if not pages:
        return Card(page_count=count)
    cover = pages[0]
    colophon = [line for n in last if n != 0 for line in pages[n]] if count > 1 else []
    body = body_size((line.size, len(line.text)) for lines in pages.values() for line in lines if line.size)
    furniture = _furniture(cover, [pages[n] for n in pages if n != 0])
    series = _series([pages[n] for n in first if n != 0])
    pages_text = " ".join(line.text for n in first[:3] for line in pages[n])
    return compose(
        cover,
        colophon,
        body_size=body,
        furniture=furniture,
        series=series,
        metadata=pdf.metadata,
        stem=stem,
        page_count=count,
        pages_text=pages_text,
        picture_cover=pdf.picture_cover,
    )


def _furniture(cover: Sequence[CardLine], others: Sequence[Sequence[CardLine]]) -> set[int]:
    """Indexes of the cover lines that other pages repeat at the same height (digits aside):
    running headers and footers, page numbers."""
    need = min(2, len(others))
    if need == 0:
        return set()
    # a line's place is its height in steps of 4 pt, give or take a step
    repeated = recurring(
        ([(furniture_key(line.text), _height_step(line) + d) for line in page for d in (-1, 0, 1)] for page in others),
        need,
    )
    return {i for i, line in enumerate(cover) if (furniture_key(line.text), _height_step(line)) in repeated}


def _height_step(line: CardLine) -> int:
    return round(centre_y(line) / 4)


def _series(pages: Sequence[Sequence[CardLine]]) -> str | None:
    """The periodical's name: a running header that stands beside the issue date on several
    pages (``SPRi AI Brief |`` over ``2023-12월호``), or holds it (``월간 Japan Insight 2023.8``)."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for page in pages:
        seen_here: set[str] = set()
        dated = [line for line in page if find_dates(line.text) and len(line.text) <= 40]
        for line in page:
            if line.size is None or len(line.text) > 40 or _HEADING_SHAPE_RE.match(line.text):
                continue
            hits = find_dates(line.text)
            name = line.text
            if hits:
                norm = unicodedata.normalize("NFKC", line.text)
                name = norm[: hits[0].start] + norm[hits[0].end :]
            elif not any(
                d is not line and abs(centre_y(d) - centre_y(line)) <= 2.5 * line.size and date_line(d.text)
                for d in dated
            ):
                continue
            name = re.sub(r"^[\s|｜·•:：\-–—]+|[\s|｜·•:：\-–—.]+$", "", name)
            name = re.sub(r"(?:월호|月号|호|号)$", "", name).strip()
            if _letters(name) < 3 or _is_page_number(name):
                continue
            key = _compact(name)
            if key not in seen_here:
                seen_here.add(key)
                counts[key] += 1
                shown.setdefault(key, name)
    if not counts:
        return None
    key, n = counts.most_common(1)[0]
    return shown[key] if n >= min(3, max(2, len(pages) // 3)) else None
