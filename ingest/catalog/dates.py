"""Dates and years as reports write them: one reading of Japanese era years for the card's date
and the year facet alike.

An era year is written with digits (令和5年), with kanji numerals (令和四年, 平成三十一年; gazettes
and notices write them so), as 元年 (the first year), in Korean (레이와 5년) or by its initial
(R4.11, H25.3.8). Year n of an era is its base + n: 令和 n = 2018 + n, 平成 n = 1988 + n,
昭和 n = 1925 + n, 大正 n = 1911 + n, 明治 n = 1867 + n.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ERA_BASE = {
    "令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867,
    "레이와": 2018, "헤이세이": 1988, "쇼와": 1925,
}  # fmt: skip
_ERA_INITIALS = {"R": "令和", "H": "平成", "S": "昭和"}
_KANJI_ERAS = "令和|平成|昭和|大正|明治"
ERAS = "|".join(ERA_BASE)  # a regex alternation of every era name
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A month, a day or a year of an era: digits or kanji numerals (十二, 三十一).
NUMBER = r"(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})"
ERA_NUMBER = rf"(?:元|{NUMBER})"

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 令和6年6月14日, 令和四年三月四日, 令和元年5月, 令和5年（2023年）5月
    (
        "era",
        re.compile(
            rf"({_KANJI_ERAS})\s*({ERA_NUMBER})\s*年\s*(?:[(（]\s*\d{{4}}\s*年?\s*[)）]\s*)?"
            rf"({NUMBER})\s*月(?:\s*({NUMBER})\s*日)?"
        ),
    ),
    # R4.11, H25.3.8
    (
        "era_letter",
        re.compile(r"(?<![A-Za-z0-9])([RHS])\s?(\d{1,2})\s?[.．/]\s?(\d{1,2})(?:\s?[.．/]\s?(\d{1,2}))?(?!\d)"),
    ),
    # 2023년 12월 15일, 2023年12月, 二〇二三年十二月
    (
        "cjk",
        re.compile(
            rf"((?:19|20)\d\d|[〇一二三四五六七八九]{{4}})\s*[年년]\s*({NUMBER})\s*[月월](?:\s*({NUMBER})\s*[日일])?"
        ),
    ),
    # 2023. 12. / 2023.12.15 / 2023-12-15 / 2023/12
    (
        "dotted",
        re.compile(r"(?<![\d./\-])((?:19|20)\d\d)\s*([./-])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2}))?(?![\d])"),
    ),
    # ’23. 12.
    ("short", re.compile(r"[’'‘]\s?(\d\d)\s*[.년]\s*(\d{1,2})(?:\s*[.월]\s*(\d{1,2}))?(?!\d)")),
)


def kanji_number(token: str) -> int:
    """``12``, ``十二``, ``三十一``, ``二〇二三`` or ``元`` (the first year of an era)."""
    if token == "元":
        return 1
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    value = 0
    for ch in token:
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def era_year(era: str, number: str) -> int:
    """令和5 -> 2023, 令和四 -> 2022, 平成元 -> 1989."""
    return ERA_BASE[era] + kanji_number(number)


def iso_date(year: int, month: int, day: int | None) -> str | None:
    """``YYYY-MM`` or ``YYYY-MM-DD``; None for a year out of 1900-2100 or a day the month lacks."""
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DateHit:
    iso: str
    start: int  # offsets into the NFKC form of the text
    end: int


def find_dates(text: str) -> list[DateHit]:
    """Every date expression of ``text`` (after NFKC: full-width digits become ASCII), in order."""
    norm = unicodedata.normalize("NFKC", text)
    hits: list[DateHit] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(norm):
            g = m.groups()
            if kind == "era":
                parts = (era_year(g[0], g[1]), kanji_number(g[2]), kanji_number(g[3]) if g[3] else None)
            elif kind == "era_letter":
                parts = (ERA_BASE[_ERA_INITIALS[g[0]]] + int(g[1]), int(g[2]), int(g[3]) if g[3] else None)
            elif kind == "cjk":
                parts = (kanji_number(g[0]), kanji_number(g[1]), kanji_number(g[2]) if g[2] else None)
            elif kind == "dotted":
                parts = (int(g[0]), int(g[2]), int(g[3]) if g[3] else None)
            else:
                parts = (2000 + int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
            iso = iso_date(*parts)
            if iso is not None:
                hits.append(DateHit(iso, m.start(), m.end()))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[DateHit] = []
    for h in hits:  # drop a shorter reading of the same span ("2023.12" inside "2023.12.15")
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM`` or ``YYYY-MM-DD``; None when there is none.

    Shapes: ``2023. 12.``, ``2023.12.15``, ``2023-12``, ``2023년 12월``, ``2023年12月15日``,
    ``’23. 12.``, era dates ``令和6年6月``, ``令和６年６月１４日``, ``令和四年三月四日``,
    ``平成25年3月8日``, ``令和元年5月`` (元年 = 1) and their short forms ``R4.11``, ``H25.3.8``.
    """
    hits = find_dates(text)
    return hits[0].iso if hits else None
