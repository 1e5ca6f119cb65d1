"""A phonetic key shared by kana and Hangul spellings of one foreign word.

Japanese and Korean borrow a foreign name or word each by its own rules, so a transcription from one
script to the other rarely lands on the other's spelling: ニュルブルクリンク is 뉘르부르크링, アーセナル is
아스널, バッテリー is 배터리, アトランタ is 애틀랜타. Their consonants agree far more than their vowels:
both keep the source word's consonants in order, while the vowels differ (Japanese adds one after every
consonant; Korean writes English schwa as ㅓ, ㅐ or ㅡ). The key is that consonant skeleton:

- consonants fall into classes that both scripts tell apart the same way: k (カ/ガ, ㄱㅋㄲ), t (タテト/ダデド,
  ㄷㅌㄸ), s (サ/ザ, チ/ツ, ㅅㅈㅊ), p (パ/バ, フ, ヴ, ㅂㅍ), h, m, n, r (ラ, ㄹ), and q for ng (ング, coda ㅇ);
- vowels, glides (ヤ, ワ, ㅇ as an initial), long marks and the Japanese geminate ッ carry nothing;
- a repeated class counts once (ㄹㄹ of 애틀랜타, ッド of テッド, coda ㅅ before ㄷ of 롯데);
- n before p or m is m (オリンピック, 올림픽), and a k right after ng is dropped (リンク and 링크 alike).

A kana word also gets the key of two readings its kana may stand for (``kana_keys``): チ for ti (チベット
티베트, チーム 팀), and a final ル for a source r that Korean does not write (ベクトル from Vektor, 벡터).

A key of fewer than ``MIN_CLASSES`` classes says too little (ファン, 판, 펜, 폰 are all ``pn``), so none is
given. Keys are written with the script they came from (``KANA``/``HANGUL`` prefix): a query word's key is
looked up on the *other* script's side only (``other_side``), so a Korean word never meets a Korean
sound-alike this way, and a key common to many words gets a low IDF by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.kana import jamo, to_katakana
from analyzers.scripts import is_kana

MIN_CLASSES = 3
KANA = "§k"  # prefix of a key made from kana
HANGUL = "§h"  # prefix of a key made from Hangul

_KANA_CLASS: dict[str, str] = {}
for _chars, _cls in (
    ("カキクケコガギグゲゴ", "k"),
    ("サシスセソザジズゼゾチヂツヅ", "s"),
    ("タテトダデド", "t"),
    ("ナニヌネノ", "n"),
    ("ハヒヘホ", "h"),
    ("フバビブベボパピプペポヴ", "p"),
    ("マミムメモ", "m"),
    ("ラリルレロ", "r"),
):
    for _ch in _chars:
        _KANA_CLASS[_ch] = _cls

# Hangul initial consonant index -> class ("" for ㅇ); coda index -> class
_INITIAL_CLASS_LIST = ["k", "k", "n", "t", "t", "r", "m", "p", "p", "s", "s", "", "s", "s", "s", "k", "t", "p", "h"]
_CODA_CLASS = [
    "", "k", "k", "k", "n", "n", "n", "t", "r", "r", "r", "r", "r", "r", "r", "r",
    "m", "p", "p", "t", "t", "q", "t", "t", "k", "t", "p", "t",
]  # fmt: skip

_HANGUL_WORD = re.compile(r"[가-힣]+")  # syllables only: jamo() reads composed syllables


def _skeleton(classes: list[str]) -> str:
    out: list[str] = []
    for i, c in enumerate(classes):
        if c == "n" and i + 1 < len(classes) and classes[i + 1] in ("p", "m"):
            c = "m"
        if c == "k" and out and out[-1] == "q":
            continue
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out)


def _kana_classes(text: str) -> list[str]:
    classes: list[str] = []
    kana = to_katakana(text)
    for i, ch in enumerate(kana):
        if ch == "ン":
            nxt = kana[i + 1] if i + 1 < len(kana) else ""
            classes.append("q" if _KANA_CLASS.get(nxt) == "k" else "n")
        else:
            cls = _KANA_CLASS.get(ch)
            if cls:
                classes.append(cls)
    return classes


def _hangul_classes(text: str) -> list[str]:
    classes: list[str] = []
    for ch in text:
        initial, _vowel, coda = jamo(ch)
        if _INITIAL_CLASS_LIST[initial]:
            classes.append(_INITIAL_CLASS_LIST[initial])
        if _CODA_CLASS[coda]:
            classes.append(_CODA_CLASS[coda])
    return classes


def kana_key(text: str) -> str | None:
    """The key of a katakana word (``§k`` + skeleton), or None if it is not katakana or too short."""
    keys = kana_keys(text)
    return keys[0] if keys else None


@lru_cache(maxsize=65536)
def kana_keys(text: str) -> tuple[str, ...]:
    """The keys of a kana word: as written, then with チ read as ti and without a final ル."""
    if not is_kana(text):
        return ()
    classes = _kana_classes(text)
    variants = [classes]
    if "チ" in text:
        variants += [_kana_classes(re.sub(r"チ(?![ャュョェ])", "テ", text))]
    if text.endswith("ル") and len(classes) > MIN_CLASSES:
        variants += [v[:-1] for v in variants]
    keys = (_skeleton(v) for v in variants)
    return tuple(dict.fromkeys(KANA + k for k in keys if len(k) >= MIN_CLASSES))


@lru_cache(maxsize=65536)
def hangul_key(text: str) -> str | None:
    """The key of a Hangul word of two or more syllables (``§h`` + skeleton), or None."""
    if len(text) < 2 or not _HANGUL_WORD.fullmatch(text):
        return None
    skeleton = _skeleton(_hangul_classes(text))
    return HANGUL + skeleton if len(skeleton) >= MIN_CLASSES else None


def other_side(key: str) -> str:
    """The same skeleton as the other script's key: what a query word's key is looked up as."""
    if key.startswith(KANA):
        return HANGUL + key[len(KANA) :]
    if key.startswith(HANGUL):
        return KANA + key[len(HANGUL) :]
    return key


def is_key(term: str) -> bool:
    return term.startswith((KANA, HANGUL))
