"""Sino-Korean (Hangul) readings of kanji words, the bridge from Japanese text to Korean queries.

``hanja`` reads one character at a time and applies the initial-sound rule (두음법칙) only at the
start of the string it is given: 厚生労働省 comes out as 후생로동성. Korean applies the rule at the
start of every *word inside* a compound (후생노동성), but not to suffixes (경쟁력, not 경쟁역).
So readings are built per Sudachi mode A part: a part of two or more characters is a word and
starts with the initial-sound rule, a one-character part continues the previous reading.

Japanese writes many characters in their simplified post-war forms (shinjitai), which Korean never
adopted: 予 is 豫 (예, not 여), 台 is 臺 (대, not 태), 芸 is 藝 (예, not 운), 証 is 證 (증, not 정). ``hanja``
reads a shinjitai form as the unrelated character it happens to coincide with, so each character is
first mapped to its traditional form with OpenCC's Japanese variants table (``jp2t``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from analyzers.kana import jamo, syllable

_HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
# A neutral kanji prefixed to read a character without the initial-sound rule.
_NEUTRAL = "口"

# Japanese words whose Korean cognate is written with another character.
_WORD_OVERRIDES = {
    "連携": "연계",  # 携 reads 휴 (提携 제휴), but the Korean word for 連携 is 연계
    # era names are transcribed, not read, in Korean (令和 as 영화 would match "movie")
    "令和": "레이와",
    "平成": "헤이세이",
    "昭和": "쇼와",
    "大正": "다이쇼",
    "明治": "메이지",
}
# Characters with several readings: hanja gives the commonest alone; these pairs read otherwise.
# Values are non-initial readings; the initial-sound rule is applied afterwards.
_PAIR_OVERRIDES = {
    "計画": "계획",
    "企画": "기획",
    "区画": "구획",
    "画期": "획기",
    "画定": "획정",
    "画一": "획일",
    "画策": "획책",
    "復興": "부흥",
    "復活": "부활",
    "容易": "용이",
    "難易": "난이",
    "簡易": "간이",
    "安易": "안이",
    "平易": "평이",
    "楽観": "락관",
    "楽天": "락천",
    "娯楽": "오락",
    "快楽": "쾌락",
    "安楽": "안락",
    "享楽": "향락",
    "省略": "생략",
    "省力": "생력",
    "省エ": "생에",
    "殺到": "쇄도",
    "相殺": "상쇄",
    "降伏": "항복",
    "降参": "항삼",
    "更新": "갱신",
    "敗北": "패배",
    "遊説": "유세",
    "率先": "솔선",
    "率直": "솔직",
    "引率": "인솔",
    "統率": "통솔",
    "軽率": "경솔",
    "数字": "숫자",
}
# 率/律/列/烈/裂/劣 read 률/렬 inside a word, but 율/열 after a vowel or ㄴ (효율, 비율, 나열, 선율).
_RYUL = {"率": "률", "律": "률", "列": "렬", "烈": "렬", "裂": "렬", "劣": "렬"}
_SOFTENED = {"률": "율", "렬": "열"}


def _initial_rule(first: str) -> str:
    """두음법칙 on the first syllable of a word: 려 -> 여, 로 -> 노, 녀 -> 여."""
    initial, vowel, final = jamo(first)
    y_vowel = vowel in (2, 3, 6, 7, 12, 17, 20)  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    if initial == 5:  # ㄹ
        return syllable(11 if y_vowel else 2, vowel, final)
    if initial == 2 and y_vowel:  # ㄴ
        return syllable(11, vowel, final)
    return first


def is_han(text: str) -> bool:
    """True if ``text`` is made only of kanji (and the repeat mark 々)."""
    return bool(text) and _HAN_ONLY.fullmatch(text) is not None


@lru_cache(maxsize=8192)
def traditional(ch: str) -> str:
    """The traditional form of one Japanese kanji (予 -> 豫), or the character itself."""
    global _jp2t
    if _jp2t is None:
        import opencc  # imported on first use, like hanja

        _jp2t = opencc.OpenCC("jp2t")
    out = _jp2t.convert(ch)
    return out if len(out) == 1 else ch


_jp2t: Any = None  # opencc.OpenCC, made on first use


@lru_cache(maxsize=65536)
def read(text: str, initial: bool = True) -> str | None:
    """Hangul reading of a kanji-only string, or None if it is not kanji-only or has unread chars."""
    if not is_han(text):
        return None
    if text in _WORD_OVERRIDES:
        return _WORD_OVERRIDES[text]
    import hanja  # imported on first use: it parses its YAML table (~0.4 s) at import

    old = "".join(traditional(ch) for ch in text)
    chars = list(hanja.translate(_NEUTRAL + old, "substitution")[1:])
    if len(chars) != len(text):
        return None
    for i, ch in enumerate(text):
        if ch == "々":  # repeat mark: 人々 -> 인인
            chars[i] = chars[i - 1] if i > 0 else ""
        elif ch in _RYUL:
            chars[i] = _RYUL[ch]
    for i in range(len(text) - 1):
        pair = _PAIR_OVERRIDES.get(text[i : i + 2])
        if pair:
            chars[i : i + 2] = list(pair)
    for i, ch in enumerate(text):
        if not ("\uac00" <= chars[i] <= "\ud7a3"):
            return None  # a character hanja does not know: no reading rather than a half one
        if chars[i] in _SOFTENED and i > 0 and jamo(chars[i - 1])[2] in (0, 4):  # no final / ㄴ
            chars[i] = _SOFTENED[chars[i]]
        if ch == "不" and i + 1 < len(text) and jamo(chars[i + 1])[0] in (3, 12):  # 부 before ㄷ ㅈ
            chars[i] = "부"
    if initial and chars:
        chars[0] = _initial_rule(chars[0])
    return "".join(chars)


def read_parts(parts: list[str]) -> tuple[str | None, list[str | None]]:
    """Reading of a compound given its parts: (whole reading, reading per part).

    The whole is None unless every part is kanji; a part reading is None when that part is not kanji.
    """
    part_readings: list[str | None] = []
    pieces: list[str] = []
    whole_ok = True
    for i, part in enumerate(parts):
        standalone = read(part, initial=True)
        if standalone is None:
            part_readings.append(None)
            whole_ok = False
            continue
        # one-character parts after the first are suffixes / bound morphemes (省, 力 -> 력, 率 -> 률)
        in_compound = standalone if i == 0 or len(part) > 1 else read(part, initial=False)
        part_readings.append(in_compound or standalone)
        pieces.append(in_compound or standalone)
    whole = "".join(pieces) if whole_ok and pieces else None
    return whole, part_readings
