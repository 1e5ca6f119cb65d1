"""Split text into runs for the right analyzer.

A line with Hangul is Korean context: Japanese runs (kana with kanji, 「第7期科学技術・イノベーション
基本計画」) and kanji standing alone (免震, 中진출) are cut out for Sudachi, the rest goes to Kiwi
(which handles Latin words and numbers inside Korean well). A line without Hangul but with kana or
kanji is Japanese context and goes to Sudachi whole, Latin and digits included. Lines with neither
(Latin, digits, symbols) go to Kiwi.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from analyzers.tokens import Script

Kind = Literal["ko", "ja", "han"]

_KANA = "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"  # ・ (U+30FB) is punctuation, not kana
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f々〆ヶ"
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_HAS_HANGUL = re.compile(f"[{_HANGUL}]")
_HAS_JAPANESE = re.compile(f"[{_KANA}{_HAN}]")
_HAS_KANA = re.compile(f"[{_KANA}]")
# a Japanese run inside Korean text; Latin, digits, ・ and ー only glue when kana/kanji follow
_JA_RUN = re.compile(f"[{_KANA}{_HAN}]+(?:[・ー\\-0-9A-Za-z.&]+[{_KANA}{_HAN}]+)*")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    kind: Kind


_KANA_ONLY = re.compile(f"[{_KANA}]+")


def is_kana(term: str) -> bool:
    """Written in kana alone (キオクシア, スマートシティ): its Hangul readings are transcriptions."""
    return _KANA_ONLY.fullmatch(term) is not None


@lru_cache(maxsize=262144)
def script_of(term: str) -> Script:
    """The script a term is written in (Hangul wins over kana, kana over kanji)."""
    if _HAS_HANGUL.search(term):
        return Script.HANGUL
    if _HAS_KANA.search(term):
        return Script.JAPANESE
    if _HAS_JAPANESE.search(term):
        return Script.HAN
    if any(c.isalpha() for c in term):
        return Script.LATIN
    if any(c.isdigit() for c in term):
        return Script.DIGIT
    return Script.OTHER


def segments(text: str) -> list[Segment]:
    """Runs of ``text`` in order, covering it exactly; consecutive Korean runs are merged."""
    out: list[Segment] = []

    def add(start: int, end: int, kind: Kind) -> None:
        if start >= end:
            return
        if out and out[-1].kind == kind == "ko" and out[-1].end == start:
            out[-1] = Segment(out[-1].start, end, kind)
        else:
            out.append(Segment(start, end, kind))

    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if not _HAS_JAPANESE.search(line):
            add(pos, end, "ko")
        elif not _HAS_HANGUL.search(line):
            add(pos, end, "ja" if _HAS_KANA.search(line) else "han")
        else:
            cursor = pos
            for m in _JA_RUN.finditer(line):
                add(cursor, pos + m.start(), "ko")
                add(pos + m.start(), pos + m.end(), "ja" if _HAS_KANA.search(m.group()) else "han")
                cursor = pos + m.end()
            add(cursor, end, "ko")
        pos = end
    return out
