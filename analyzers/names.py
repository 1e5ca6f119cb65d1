"""Korean readings of Korean personal names written in kanji (金泳三 김영삼, 羅卿瑗 나경원, 鄭道伝 정도전).

Japanese text writes a Korean's name in kanji; Korean text writes it in Hangul as one word. Read
character by character, the kanji give the wrong syllables where a surname has a reading of its own
(金 is 금 as a word, 김 as a surname; 李 리/이; 羅 라/나), and Sudachi cuts the name into the surname and
one or two given-name words, so no single reading spans the name as the Korean word does.

``name_readings`` reads a surname from the census table (``data/korean_surnames.tsv``) and the given
name as Sino-Korean, with and without the initial-sound rule (Korean applies it to a given name's first
syllable in some names and not in others: 최린 keeps its ㄹ). The Japanese analyzer decides where
a name is (its surname, Sudachi's person-name tags, the length of the given name).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analyzers.readings import read, traditional

_TABLE = Path(__file__).parent / "data" / "korean_surnames.tsv"
MAX_GIVEN = 2  # characters of a given name


@lru_cache(maxsize=1)
def _surnames() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            hanja, hangul = line.split("\t")
            table[hanja] = hangul
    return table


def surname(text: str) -> str | None:
    """The name reading of a Korean surname written in kanji (shinjitai or traditional), or None."""
    table = _surnames()
    return table.get(text) or table.get("".join(traditional(ch) for ch in text))


def name_readings(family: str, given: str) -> tuple[str, ...]:
    """How Korean writes the name ``family`` + ``given``; empty if either part cannot be read."""
    head = surname(family)
    if head is None or not 1 <= len(given) <= MAX_GIVEN:
        return ()
    tails = dict.fromkeys(r for r in (read(given, initial=False), read(given, initial=True)) if r)
    return tuple(head + tail for tail in tails)
