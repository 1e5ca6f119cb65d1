"""Japanese (and stand-alone kanji) analysis with Sudachi.

A Sudachi mode C unit is the word (文部科学省); its mode A units are the parts (文部 / 科学 / 省).
Normalized and dictionary forms are extra surface terms (附属 -> 付属, 用い -> 用いる). Kanji words
and kanji parts get Sino-Korean readings (see ``readings``). Particles, auxiliaries, symbols and
light verbs (する, ある, いる, なる) are dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from analyzers import readings
from analyzers.kana import katakana_to_hangul
from analyzers.tokens import Script
from analyzers.units import Part, Word

_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
_LIGHT = frozenset({"動詞", "形容詞"})  # with 非自立可能: する, ある, いる, なる, ない, できる ...
# Sudachi fails on very long unsegmentable input; cut well before that, at punctuation when possible.
_CHUNK = 3000
_CUT_AT = re.compile(r"[。．.！？!?\n、，,]")
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]{2,}")


def chunk_text(text: str, limit: int = _CHUNK) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pieces of at most ``limit`` chars, after punctuation if any."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    n = len(text)
    while n - pos > limit:
        window = text[pos + limit // 2 : pos + limit]
        cuts = [m.end() for m in _CUT_AT.finditer(window)]
        cut = pos + limit // 2 + cuts[-1] if cuts else pos + limit
        pieces.append((pos, text[pos:cut]))
        pos = cut
    if pos < n:
        pieces.append((pos, text[pos:]))
    return pieces


def _forms(morpheme, surface: str) -> list[str]:
    forms = [surface]
    for extra in (morpheme.normalized_form(), morpheme.dictionary_form()):
        if extra and extra not in forms:
            forms.append(extra)
    return forms


def _keep(pos: Sequence[str]) -> bool:
    if pos[0] in _SKIP_POS or pos[0] == "代名詞":
        return False
    return not (pos[0] in _LIGHT and pos[1] == "非自立可能")


class JapaneseAnalyzer:
    """Sudachi wrapper: one dictionary and one mode C tokenizer per process (per thread)."""

    def __init__(self) -> None:
        self._dictionary = None
        self._local = threading.local()  # a Sudachi tokenizer must not be shared between threads
        self._lock = threading.Lock()

    def _tokenizer(self):
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            from sudachipy import Dictionary, SplitMode

            with self._lock:
                if self._dictionary is None:
                    self._dictionary = Dictionary()
            tokenizer = self._dictionary.tokenizer(mode=SplitMode.C)
            self._local.tokenizer = tokenizer
            self._local.mode_a = SplitMode.A
        return tokenizer

    def analyze(self, text: str, script: Script = Script.JAPANESE) -> list[Word]:
        """Words of ``text`` with offsets into it."""
        tokenizer = self._tokenizer()
        mode_a = self._local.mode_a
        words: list[Word] = []
        for offset, piece in chunk_text(text):
            if not piece.strip():
                continue
            for m in tokenizer.tokenize(piece):
                pos = m.part_of_speech()
                if not _keep(pos):
                    continue
                surface = m.surface()
                if not surface.strip():
                    continue
                start, end = offset + m.begin(), offset + m.end()
                subs = list(m.split(mode_a))
                if len(subs) <= 1:
                    subs = [m]
                part_surfaces = [s.surface() for s in subs]
                whole_reading, part_readings = readings.read_parts(part_surfaces)
                parts = []
                for sub, sub_surface, reading in zip(subs, part_surfaces, part_readings, strict=True):
                    part = Part(offset + sub.begin(), offset + sub.end(), _forms(sub, sub_surface))
                    if reading and len(subs) > 1:
                        part.readings.append(reading)
                    parts.append(part)
                if len(parts) >= 3 and len(part_surfaces[-1]) == 1 and readings.is_han(part_surfaces[-1]):
                    # a one-kanji suffix (力, 化, 省, 性) also glues to the part before it, as Korean
                    # writes it (国際競争力 -> 競争力 / 경쟁력 at the position of 競争)
                    parts[-2].glued.append(part_surfaces[-2] + part_surfaces[-1])
                    parts[-2].glued_end = parts[-1].end
                    if part_readings[-2] and part_readings[-1]:
                        parts[-2].glued_readings.append(part_readings[-2] + part_readings[-1])
                word = Word(start, end, _forms(m, surface), parts, script)
                if whole_reading:
                    word.readings.append(whole_reading)
                elif _KATAKANA_WORD.fullmatch(surface):
                    hangul = katakana_to_hangul(surface)
                    if hangul:
                        word.readings.append(hangul)
                words.append(word)
        return _with_kanji_compounds(words)


_MAX_COMPOUND_WORDS = 3
_MAX_COMPOUND_CHARS = 10


def _compound_member(word: Word) -> bool:
    """A kanji word of two or more characters (a one-kanji word is a counter or prefix: 第, 期, 等)."""
    surface = word.surfaces[0]
    return len(surface) >= 2 and readings.is_han(surface)


def _with_kanji_compounds(words: list[Word]) -> list[Word]:
    """Add an overlay for runs of 2-3 adjacent kanji words (閣議+決定 -> 閣議決定 / 각의결정).

    Korean writes such runs as one compound (각의결정), which Kiwi analyzes as whole + parts; the
    overlay gives the Japanese side the same whole term and reading at the same position and span.
    """
    out: list[Word] = []
    i = 0
    while i < len(words):
        j = i + 1
        while (
            j < len(words)
            and j - i < _MAX_COMPOUND_WORDS
            and words[j].start == words[j - 1].end
            and words[j].readings
            and words[i].readings
            and _compound_member(words[j])
            and _compound_member(words[i])
            and words[j].end - words[i].start <= _MAX_COMPOUND_CHARS
        ):
            j += 1
        if j - i >= 2:
            run = words[i:j]
            surface = "".join(w.surfaces[0] for w in run)
            reading = "".join(w.readings[0] for w in run)
            out.append(Word(run[0].start, run[-1].end, [surface], [], run[0].script, [reading], covers=j - i))
        out.extend(words[i:j])
        i = j
    return out
