"""Mine ``한글(原語)`` alias pairs: 키옥시아(キオクシア), 라피더스(Rapidus), 내진·면진(免震).

Conservative on purpose, since every pair becomes a query expansion: the parenthesised part must be
a name in kana, kanji or Latin (no Hangul, no dates or numbers, no ``(주)``, at most a few words), and
the Korean side is chosen among the last one to three words before the bracket by how well it fits
the original (Sino-Korean reading for kanji, kana transcription length for kana, acronym or length
for Latin).
"""

from __future__ import annotations

import re

from analyzers import readings
from analyzers.kana import katakana_to_hangul
from analyzers.normalize import normalize

_PAIR = re.compile(r"([\uac00-\ud7a3][\uac00-\ud7a3 ・]{0,30}?)\s?\(([^()\n]{1,40})\)")
_LETTER = "\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff々A-Za-z"  # kana, kanji, Latin
_ORIGINAL = re.compile(f"[{_LETTER}][{_LETTER}0-9 ・&.\\-']*")
_HAS_LETTER = re.compile(f"[{_LETTER}]")
_KANA_ONLY = re.compile(r"[\u3041-\u30ff・ー ]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9 .&\-']*")
# words that never start a name: a candidate span stops before them
_NOT_NAME_WORDS = frozenset({"및", "등", "또는", "그리고", "이", "그", "위해", "통해", "있는", "대한"})


# generic nouns that sit before many unrelated brackets: 네트워크(SINET), 프로그램(SATREPS), 대학(OIST)
_GENERIC = frozenset(
    {
        "네트워크", "프로그램", "시스템", "플랫폼", "센터", "모델", "대학", "기반", "리스트", "로봇", "채택",
        "프로젝트", "사업", "기술", "정책", "전략", "기관", "기업", "회사", "은행", "정부", "조직", "위원회",
        "회의", "제도", "계획", "보고서", "조사", "연구", "분야", "지역", "국가", "수학",
    }
)  # fmt: skip


def _hangul_syllables(text: str) -> int:
    return sum(1 for c in text if "\uac00" <= c <= "\ud7a3")


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("・", "")


def _candidates(korean: str) -> list[str]:
    """The last one, two and three words before the bracket, nearest first."""
    words = korean.split()
    out: list[str] = []
    for n in (1, 2, 3):
        if len(words) < n or words[-n] in _NOT_NAME_WORDS:
            break
        out.append(" ".join(words[-n:]))
    return out


def _plausible(korean: str) -> bool:
    words = korean.split()
    return all(_hangul_syllables(w) >= 2 for w in words) and _compact(korean) not in _GENERIC


def _pick(candidates: list[str], original: str) -> str | None:
    compact = _compact(original)
    reading = readings.read(compact)
    if reading is not None:  # kanji: prefer the words that read the same (내진・면진(免震) -> 면진)
        last = candidates[0]
        for cand in [last.rsplit("・", 1)[-1], *candidates]:
            if _compact(cand) == reading:
                return cand
        # else a Japanese-reading transcription (후가쿠(富岳)): the nearest word, if its size fits
        fits = len(compact) >= 2 and len(compact) <= _hangul_syllables(last) <= 3 * len(compact) + 1
        return last if fits and "・" not in last else None
    if _KANA_ONLY.fullmatch(original):
        hangul = katakana_to_hangul(compact)
        if not hangul:
            return None
        target = len(hangul)
        best = min(candidates, key=lambda c: abs(_hangul_syllables(c) - target))
        return best if abs(_hangul_syllables(best) - target) <= max(1, target // 3) else None
    if _LATIN.fullmatch(original):
        uppers = sum(1 for c in original if c.isupper())
        if uppers >= 2 and uppers * 2 >= sum(1 for c in original if c.isalpha()):
            # acronym (VC, GRDP, NEDO): the nearest word, if it is a real multi-syllable name
            last = candidates[0]
            return last if _hangul_syllables(last) >= 3 and last not in _GENERIC else None
        # a spelled-out name or term: as many Korean words as Latin words (호라이즌 유럽(Horizon Europe))
        n = len(original.split())
        return candidates[n - 1] if n <= len(candidates) else None
    # kana mixed with kanji or Latin (トヨタ自動車, 三菱UFJ銀行): the nearest word, if long enough
    last = candidates[0]
    return last if _hangul_syllables(last) * 2 >= len(compact) else None


def mine_aliases(text: str) -> list[tuple[str, str]]:
    """(korean, original) pairs found in ``text``, in order of appearance, without duplicates."""
    pairs: dict[tuple[str, str], None] = {}
    for m in _PAIR.finditer(normalize(text)):
        korean, original = m.group(1).strip(), m.group(2).strip()
        if not _ORIGINAL.fullmatch(original) or not _HAS_LETTER.search(original):
            continue
        if len(original.split()) > 4 or (len(original) < 2 and not readings.is_han(original)):
            continue
        candidates = _candidates(korean)
        if not candidates:
            continue
        chosen = _pick(candidates, original)
        if chosen is None or not _plausible(chosen):
            continue
        pairs.setdefault((chosen, original), None)
    return list(pairs)


# A short form that a document defines for a name: 労働基準法（以下「労基法」という。）,
# 과학기술정보통신부(이하 "과기정통부"라 한다). Statutes and reports use the short form from then on.
_DEFINED = re.compile(r"\((?:以下|이하)\s*[「『\"'“‘]([^」』\"'”’()\n]{2,12})[」』\"'”’]")
# the name before the bracket: kanji, katakana, Hangul, Latin and digits (hiragana are particles)
_NAME_RUN = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff々\uac00-\ud7a3A-Za-z0-9・]+$")


def _abbreviates(short: str, name: str) -> bool:
    """``short`` keeps the first and last character of ``name`` and some between, in order, skipping
    some (労基法 for 労働基準法): a real short form, not the name's head noun (規則 of 就業規則)."""
    if len(short) < 2 or len(name) <= len(short) or short in name:
        return False
    if short[0] != name[0] or short[-1] != name[-1]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def mine_abbreviations(text: str) -> list[tuple[str, str]]:
    """(short form, name) pairs that ``text`` defines, in order of appearance, without duplicates."""
    pairs: dict[tuple[str, str], None] = {}
    body = normalize(text)
    for m in _DEFINED.finditer(body):
        short = m.group(1).strip()
        run = _NAME_RUN.search(body, max(0, m.start() - 40), m.start())
        if run is None:
            continue
        # the shortest tail of the run that the short form abbreviates: 労働基準法, not 改正労働基準法
        words = run.group()
        name = next((words[i:] for i in range(len(words) - 1, -1, -1) if _abbreviates(short, words[i:])), None)
        if name is not None:
            pairs.setdefault((short, name), None)
    return list(pairs)
