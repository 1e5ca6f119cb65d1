"""Page geometry shared by the PDF layout, OCR and the document card: boxes, rows, the body type
size, word gaps between glyphs and the key that tells page furniture repeated across pages.

A box is (x0, y0, x1, y1) with y growing down the page, as PyMuPDF gives it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

Box = tuple[float, float, float, float]

# A blank between two glyphs of a line this wide (in font sizes) is a word gap; inside a word it
# is about nothing.
WORD_GAP = 0.25
_DIGITS_RE = re.compile(r"[0-9０-９]+")
_SPACE_RE = re.compile(r"\s+")


def union(boxes: Iterable[Sequence[float]]) -> Box:
    """The smallest box holding all ``boxes``."""
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return (min(x0s), min(y0s), max(x1s), max(y1s))


def same_row(a: Sequence[float], b: Sequence[float]) -> bool:
    """Do two boxes share a line: they overlap vertically by half the height of the lower one?"""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0 and overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def body_size(sized: Iterable[tuple[float, int]]) -> float | None:
    """The type size (to 0.1 pt) that most characters are set in, from (size, characters) pairs;
    None when there are none."""
    weight: dict[float, int] = {}
    for size, chars in sized:
        key = round(size, 1)
        weight[key] = weight.get(key, 0) + chars
    return max(weight, key=lambda k: weight[k]) if weight else None


def is_cjk(ch: str) -> bool:
    """Kana, kanji and full-width forms: scripts written without spaces between words."""
    cp = ord(ch)
    return 0x3000 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xFF00 <= cp <= 0xFFEF


def is_kana_or_kanji(ch: str) -> bool:
    cp = ord(ch)
    return 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF66 <= cp <= 0xFF9F


def word_gap(prev: str, prev_box: Sequence[float], char: str, box: Sequence[float], size: float) -> bool:
    """Do two neighbouring glyphs of a horizontal line stand a word apart, so the text needs a space
    between them? Never beside kana or kanji, which do not space their words (a Korean word before
    「 or （ does)."""
    if not prev.strip() or not char.strip() or is_kana_or_kanji(prev[-1]) or is_kana_or_kanji(char[0]):
        return False
    return box[0] - prev_box[2] >= WORD_GAP * size


def furniture_key(text: str) -> str:
    """A line as furniture repeats it from page to page: NFKC, no spaces, digits (the page number)
    masked, case folded."""
    return _DIGITS_RE.sub("#", _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))).lower()


def recurring(marks_by_page: Iterable[Iterable[Hashable]], need: float) -> set[Hashable]:
    """The marks found on at least ``need`` pages. A mark is a line's ``furniture_key`` with its
    place on the page (a margin, a height): text that comes back at one place from page to page is
    page furniture, whether the layout drops it from the body or the card from the cover."""
    pages: Counter[Hashable] = Counter()
    for marks in marks_by_page:
        pages.update(set(marks))
    return {mark for mark, count in pages.items() if count >= need}


def _spelled_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha() and not token.isascii()


def unspaced(text: str) -> str:
    """Letter-spaced display type as the words it spells: a line of single letters
    (``제 안 요 청 서``, ``目 次``) is one word; inside a longer line, a run of three or more
    (``2024 검 토 보 고``) is. Two single syllables inside a line are words (``및 그 방법``)."""
    tokens = text.split()
    if len(tokens) >= 2 and all(_spelled_letter(t) for t in tokens):
        return "".join(tokens)
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token and _spelled_letter(token):
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        if token:
            out.append(token)
    return " ".join(out) if len(out) < len(tokens) else text


# Symbols a CJK text has no use for, which a font without a Unicode map yields for its glyphs
# (cp1252's ‹›‰†‡ƒ, Latin-1's ¤¦¨¯´¸): beside Latin letters with accents, ``第›Ÿ˜ 号``.
_CP1252_MARKS = frozenset("‹›‰†‡ƒ¤¦¨¯´¸¹²³¼½¾¿¡¢£¥ª«»¬")


def odd_char(ch: str, cjk: bool) -> bool:
    """A character no text in its scripts would hold: private use, control codes, U+FFFD, spacing
    modifier letters (˜ ˆ), and in a CJK text (``cjk``) Latin letters with accents and cp1252's
    symbols. Accented Latin is ordinary in a Latin text."""
    cp = ord(ch)
    if ch in "\t\n\r":
        return False
    if cp < 0x20 or 0x7F <= cp <= 0x9F or 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or cp == 0xFFFD:
        return True
    if 0x02B0 <= cp <= 0x02FF:
        return True
    return cjk and ((0x00C0 <= cp <= 0x024F and ch not in "×÷") or ch in _CP1252_MARKS)


def garbled_share(text: str) -> float:
    """Share of the non-blank characters of ``text`` that are ``odd_char``; a text counts as
    CJK when its Hangul, kana and kanji outnumber its ASCII letters."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    cjk = sum(is_cjk(ch) or "\uac00" <= ch <= "\ud7a3" for ch in chars)
    cjk = cjk >= sum(ch.isascii() and ch.isalpha() for ch in chars)
    return sum(odd_char(ch, cjk) for ch in chars) / len(chars)
