"""Kana -> Hangul transliteration (국립국어원 Japanese transcription, roughly).

Used as a READING for katakana words (キオクシア -> 기오쿠시아) and to pick the Korean span that a
mined ``한글(カナ)`` pair belongs to. Word-initial カ/タ rows are plain (ㄱ, ㄷ) and aspirated inside
the word (도요타, 가나가와); ン and ッ become codas ㄴ and ㅅ; long vowels (ー) are dropped.

A katakana loanword is written in Korean from its source word, not from its kana (スマート -> 스마트,
not 스마토), so ``loanword=True`` gives that spelling as well: the vowel Japanese adds after a final or
clustered consonant becomes ㅡ (プロセス -> 프로세스, ポイント -> 포인트) or the consonant a coda (モバイル ->
모바일, システム -> 시스템, ショップ -> 숍); カ/タ are aspirated from the start (カメラ -> 카메라), フ is f
(アフリカ -> 아프리카), and a long e is ei (ケース -> 케이스).
"""

from __future__ import annotations

from functools import lru_cache

# initial consonant indexes (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ)
G, N, D, R, M, B, S, SS, NG, J, CH, K, T, P, H = 0, 2, 3, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 18
# vowel indexes
A, E, YA, EO, YEO, YE, OO, WA, YO, U, WO, WE, WI, YU, EU, VI = 0, 5, 2, 4, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 20
# coda indexes (ㄱ ㄴ ㄹ ㅁ ㅂ ㅅ)
_CODA_K, _CODA_N, _CODA_L, _CODA_M, _CODA_P, _CODA_S = 1, 4, 8, 16, 17, 19

# kana -> (initial at word start, initial inside a word, vowel)
_ROWS: dict[str, tuple[int, int, int]] = {}


def _row(kana: str, first: int, inner: int, vowels: tuple[int, ...]) -> None:
    for ch, v in zip(kana, vowels, strict=True):
        if ch != "_":
            _ROWS[ch] = (first, inner, v)


_AIUEO = (A, VI, U, E, OO)
_row("アイウエオ", NG, NG, _AIUEO)
_row("カキクケコ", G, K, _AIUEO)
_row("ガギグゲゴ", G, G, _AIUEO)
_row("サシスセソ", S, S, (A, VI, EU, E, OO))
_row("ザジズゼゾ", J, J, (A, VI, EU, E, OO))
_row("タチツテト", D, T, (A, VI, EU, E, OO))
_row("ダヂヅデド", D, D, (A, VI, EU, E, OO))
_row("ナニヌネノ", N, N, _AIUEO)
_row("ハヒフヘホ", H, H, _AIUEO)
_row("バビブベボ", B, B, _AIUEO)
_row("パピプペポ", P, P, _AIUEO)
_row("マミムメモ", M, M, _AIUEO)
_row("ヤ_ユ_ヨ", NG, NG, (YA, VI, YU, E, YO))
_row("ラリルレロ", R, R, _AIUEO)
_row("ワ___ヲ", NG, NG, (WA, VI, U, E, OO))
_row("ヴ", B, B, (U,))
_ROWS["チ"] = (J, CH, VI)
_ROWS["ツ"] = (SS, SS, EU)
_ROWS["ヂ"] = (J, J, VI)
_ROWS["ヅ"] = (J, J, EU)

# small kana after a consonant kana: replace its vowel
_SAME_VOWEL = {"ア": (A, YA), "イ": (VI,), "オ": (OO, YO)}
_SMALL = {"ャ": YA, "ュ": YU, "ョ": YO, "ァ": A, "ィ": VI, "ゥ": U, "ェ": E, "ォ": OO}
_Y_BASES = set("キギシジチヂニヒビピミリ")
_Y_VOWELS = {YA: YA, YU: YU, YO: YO, E: E}
# after palatal consonants (ㅅ ㅈ ㅊ) the y-glide is not written: ジャ -> 자, チョ -> 조
_PALATAL_PLAIN = {YA: A, YU: U, YO: OO}


def to_katakana(text: str) -> str:
    """``text`` with every hiragana written as its katakana (ひ -> ヒ); other characters kept."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def syllable(initial: int, vowel: int, coda: int = 0) -> str:
    """The Hangul syllable of these jamo indexes."""
    return chr(0xAC00 + (initial * 21 + vowel) * 28 + coda)


def jamo(hangul: str) -> tuple[int, int, int]:
    """(initial, vowel, coda) indexes of a Hangul syllable; ``syllable`` composes them again."""
    code = ord(hangul) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


# A loanword's added vowel: after these consonants Japanese adds u (ク, プ, ル) or o (ト, ド) where the
# source word has none; Korean writes ㅡ, or a coda for l, m and a doubled final k, p, t.
_ADDED_VOWEL = frozenset("クグスズツプブフムルトド")
_CODA_OF = {"ル": _CODA_L, "ム": _CODA_M}
_DOUBLED_CODA = {"ク": _CODA_K, "プ": _CODA_P, "ト": _CODA_S}  # ブロック -> 블록, ショップ -> 숍, ロボット -> 로봇
_NOT_CONSONANT = set("アイウエオヤユヨワーｰ") | set(_SMALL)


def _added_vowel(ch: str, nxt: str, first: bool) -> bool:
    """Whether ``ch`` carries a vowel Japanese added: it ends the word or a consonant follows (at the
    start of a word, ト/ド only in tr, dr: トヨタ is 도요타)."""
    if ch not in _ADDED_VOWEL or nxt in _NOT_CONSONANT:
        return False
    return not (first and ch in "トド" and nxt not in "ラリルレロ")


@lru_cache(maxsize=16384)
def katakana_to_hangul(text: str, loanword: bool = False) -> str | None:
    """Hangul transcription of a kana word, or None if it holds anything but kana; ``loanword``: as
    Korean writes a word Japanese borrowed (see the module's docstring)."""
    kana = to_katakana(text)
    syllables: list[list[int]] = []  # [initial, vowel, coda]
    i = 0
    while i < len(kana):
        ch = kana[i]
        nxt = kana[i + 1] if i + 1 < len(kana) else ""
        if ch in "ーｰ・":
            if loanword and ch != "・" and syllables and syllables[-1][1] == E and syllables[-1][2] == 0:
                syllables.append([NG, VI, 0])  # ケース -> 케이스
            i += 1
            continue
        if loanword and syllables and _added_vowel(ch, nxt, False):
            prev = syllables[-1]
            if prev[2] == _CODA_S and ch in _DOUBLED_CODA and not nxt:
                prev[2] = _DOUBLED_CODA[ch]
                i += 1
                continue
            if prev[2] == 0 and ch in _CODA_OF:
                prev[2] = _CODA_OF[ch]
                i += 1
                continue
        if ch == "ン":
            if syllables:
                syllables[-1][2] = _CODA_N
            i += 1
            continue
        if ch == "ッ":
            if syllables:
                syllables[-1][2] = _CODA_S
            i += 1
            continue
        if ch in _SMALL:
            syllables.append([NG, _SMALL[ch], 0])  # a stray small vowel is read as a plain vowel
            i += 1
            continue
        if ch == "ウ" and syllables and syllables[-1][1] in (OO, YO, U, YU) and syllables[-1][2] == 0:
            i += 1  # long vowel written with ウ: トウキョウ -> 도쿄
            continue
        if ch in _SAME_VOWEL and syllables and syllables[-1][1] in _SAME_VOWEL[ch] and syllables[-1][2] == 0:
            i += 1  # a vowel written twice is a long vowel, which Korean does not write: オオサカ -> 오사카
            continue
        if ch not in _ROWS:
            return None
        first, inner, vowel = _ROWS[ch]
        initial = inner if syllables or loanword else first
        if loanword and ch == "フ":
            initial = P
        if loanword and _added_vowel(ch, nxt, not syllables):
            vowel = EU
        if nxt in _SMALL:
            small = _SMALL[nxt]
            if ch in _Y_BASES and small in _Y_VOWELS:
                vowel = _Y_VOWELS[small]
                if initial in (J, CH):
                    vowel = _PALATAL_PLAIN.get(vowel, vowel)
            elif ch in "ウ" and small in (VI, E, OO):
                vowel = {VI: WI, E: WE, OO: WO}[small]
            elif ch in "クグ" and small == A:
                vowel = WA
            elif ch == "フ":  # ファ フィ フェ フォ: loanword f, written ㅍ (ファンド -> 판도)
                initial, vowel = P, small
            elif ch in "テデトド" and small in (VI, U):
                vowel = small
            else:
                vowel = small
            i += 1
        syllables.append([initial, vowel, 0])
        i += 1
    if not syllables:
        return None
    return "".join(syllable(*s) for s in syllables)


_SCHWA = {A: EO, YA: YEO, WA: WO}  # ㅏ ㅑ ㅘ -> ㅓ ㅕ ㅝ


def loanword_readings(text: str) -> tuple[str, ...]:
    """How Korean may write the katakana loanword ``text``: ``katakana_to_hangul(text, loanword=True)``,
    and for a word ending in a long a (センター, ユーザー, パートナー) also with the ㅓ Korean writes for
    English -er/-or (센터, 유저, 파트너); -ar words keep ㅏ (セミナー 세미나), so both are given."""
    loan = katakana_to_hangul(text, loanword=True)
    if not loan:
        return ()
    initial, vowel, coda = jamo(loan[-1])
    if len(text) >= 3 and text[-1] in "ーｰ" and vowel in _SCHWA and not coda:
        return (loan, loan[:-1] + syllable(initial, _SCHWA[vowel]))
    return (loan,)
