"""The typographic marks of Korean and Japanese reports, as regular expressions.

Cleaning needs them to decide where a wrapped paragraph ends (a line that starts
with a mark starts a new block); structure needs them to tell headings, list items,
tables and footnotes apart. Both import them from here so the two agree.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Bullets that open a top-level item. "■" stands for the Wingdings square that PDF
# extraction turns into a bare "n" (see cleaning.normalize_wingdings).
TOP_BULLETS = "□■◆◇▶▷○◯❍●◎⇒➔➜➢►"
# Bullets of nested items.
SUB_BULLETS = "-–—•∙·･・▪▫◦‣※*→"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

BULLET_RE = re.compile(rf"^\s*(?:[{re.escape(TOP_BULLETS + SUB_BULLETS + CIRCLED)}]|\*\*)")
TOP_BULLET_RE = re.compile(rf"^\s*[{re.escape(TOP_BULLETS)}]")

# Numbered footnote at the start of a line: "1) 대외경제정책연구원 ...", "2) 科学技術振興機構 ...".
FOOTNOTE_RE = re.compile(r"^\s*(\d{1,2})\)\s*\S")
# Japanese footnote: "1　総務省「…」", the number followed by an ideographic space.
JA_NUMBERED_RE = re.compile(r"^\s*([0-9０-９]{1,2})\u3000+(\S.*)$")
SOURCE_RE = re.compile(
    r"^\s*[(（]?\s*(?:(?:사진|그림|표|도표)\s*)?"
    r"(?:출처|자료|주\s*[:：)]|주\)|資料|出典|（出典）|\(出典\)|Source|Note)\b|^\s*（出典）"
)
CAPTION_RE = re.compile(
    r"^\s*(?:[〈<＜《]\s*[^〉>＞》]{2,80}[〉>＞》]\s*$|[<＜〈]\s*표\s*\d+\s*[>＞〉]|표\s*\d+[.\s]|"
    r"\[\s*(?:그림|표)\s*\d+\s*\]|그림\s*\d+[.\s]|"
    # "표 고등전문학교발 …< 2>": the number moved to the end by extraction
    r"(?:표|그림)\s.{2,80}[<\[]\s*\d+\s*[>\]]\s*[･·]?\s*$|"
    r"図表[0-9０-９\-－]+[\u3000 ]|図\s*[0-9０-９]+[\u3000 ]|表\s*[0-9０-９]+[\u3000 ])"
)

# --- headings --------------------------------------------------------------------------

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
UNICODE_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"


class Mark(StrEnum):
    """Kinds of heading marks. Their nesting is learned per document (see structure)."""

    JA_PART = "ja_part"  # 第1部
    JA_CHAPTER = "ja_chapter"  # 第1章, 序章, 付注1
    JA_SECTION = "ja_section"  # 第1節
    ROMAN = "roman"  # I. / Ⅱ.
    NUMBER = "number"  # 1 개요 / 1　ICT市場規模
    NUMBER_DOT = "number_dot"  # 1. 미일 협력
    NUMBER_PAREN = "number_paren"  # 1) 반도체
    GANADA = "ganada"  # 가. 과학의 부활
    PAREN_NUMBER = "paren_number"  # (1) / （1）
    KATAKANA = "katakana"  # ア　国民生活
    BRACKET = "bracket"  # [인재]
    PLAIN = "plain"  # an unmarked short line that introduces bullets


JA_PART_RE = re.compile(r"^\s*(第[0-9０-９一二三四五六七八九十]+部)[\u3000 ]+(\S.{0,80})$")
JA_CHAPTER_RE = re.compile(
    r"^\s*((?:第[0-9０-９一二三四五六七八九十]+章|序章|終章|付注[0-9０-９]*|付録[0-9０-９]*))"
    r"[\u3000 ]+(\S.{0,80})$"
)
JA_SECTION_RE = re.compile(r"^\s*(第[0-9０-９一二三四五六七八九十]+節)[\u3000 ]+(\S.{0,80})$")
# A Japanese heading glued to the end of the previous line by the extractor:
# "…情報通信総合研究所第2節　ICT利活用…", "…kikijouhou.html第1章　過去50年間…".
JA_GLUED_HEADING_RE = re.compile(
    r"(?<=\S)(?=(?:第[0-9０-９一二三四五六七八九十]+[部章節]|付注[0-9０-９]+)\u3000\S)"
)
# "…参照。2　データガバナンスへの対応の現状": a numbered sub-heading glued after a footnote.
JA_GLUED_NUMBER_RE = re.compile(
    r"(?<=[。）\)])(?=(?:[0-9０-９]{1,2}|[（(][0-9０-９]{1,2}[）)]|[アイウエオカキクケコ])\u3000[^。\u3000]{2,40}$)"
)

ROMAN_RE = re.compile(rf"^\s*((?:[IVX]{{1,4}}|[{UNICODE_ROMAN}]))\s*[.．]\s*(\S.{{0,80}})$")
NUMBER_RE = re.compile(r"^\s*([1-9][0-9]?)\s+(?=[^\d\s])(\S.{0,60})$")
NUMBER_DOT_RE = re.compile(r"^\s*([1-9][0-9]?)[.．]\s+(\S.{0,60})$")
NUMBER_PAREN_RE = re.compile(r"^\s*([1-9][0-9]?)\)\s*(\S.{0,40})$")
GANADA_RE = re.compile(r"^\s*([가나다라마바사아자차카타파하])[.．]\s*(\S.{0,80})$")
PAREN_NUMBER_RE = re.compile(r"^\s*[(（]([0-9０-９]{1,2})[)）][\u3000 ]*(\S.{0,60})$")
KATAKANA_RE = re.compile(r"^\s*([アイウエオカキクケコサシスセソタチツテト])\u3000(\S.{0,60})$")
BRACKET_RE = re.compile(r"^\s*\[\s*([^\[\]]{1,40}?)\s*\]\s*$")

GANADA_ORDER = "가나다라마바사아자차카타파하"
KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテト"

# Sentence ends: Korean reports end items with a nominal (…함. …임. …음.) or a verb (…다.).
SENTENCE_END_RE = re.compile(r"[.。!?！？…」』\"”’]\s*$|[다음함임됨요]\s*$")
HAS_WORD_RE = re.compile(r"[0-9A-Za-z\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff10-\uff5a]")


def roman_value(token: str) -> int:
    if token in UNICODE_ROMAN:
        return UNICODE_ROMAN.index(token) + 1
    total = 0
    prev = 0
    for ch in reversed(token):
        value = ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def to_int(token: str) -> int:
    """Arabic digits, also fullwidth ones (１２)."""
    return int(token.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def is_bullet(line: str) -> bool:
    return bool(BULLET_RE.match(line))


def is_top_bullet(line: str) -> bool:
    return bool(TOP_BULLET_RE.match(line))


# Between the cells of a table row once cleaned (readers write tabs; ``cleaning`` joins with this).
CELL_SEPARATOR = " | "


def is_table_row(line: str) -> bool:
    return "\t" in line and sum(1 for cell in line.split("\t") if cell.strip()) >= 2


def ends_sentence(line: str) -> bool:
    return bool(SENTENCE_END_RE.search(line))
