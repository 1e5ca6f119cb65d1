"""Japanese (and stand-alone kanji) analysis with Sudachi.

A Sudachi mode C unit is the word (文部科学省); its mode A units are the parts (文部 / 科学 / 省).
Normalized and dictionary forms are extra surface terms (附属 -> 付属, 用い -> 用いる). Kanji words
and kanji parts get Sino-Korean readings (see ``readings``). Particles, auxiliaries, symbols and
light verbs (する, ある, いる, なる) are dropped.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from analyzers import readings
from analyzers.kana import katakana_to_hangul, loanword_readings
from analyzers.names import MAX_GIVEN, name_readings, surname
from analyzers.phonetic import kana_keys
from analyzers.tokens import Origin, Script
from analyzers.units import Part, Shape, Word

_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
_LIGHT = frozenset({"動詞", "形容詞"})  # with 非自立可能: する, ある, いる, なる, ない, できる ...
_DEPENDENT_POS = frozenset({"助詞", "助動詞", "接尾辞"})  # never the first word of a sentence or heading
# Sudachi fails on very long unsegmentable input; cut well before that, at punctuation when possible.
_CHUNK = 3000
_CUT_AT = re.compile(r"[。．.！？!?\n、，,]")
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]{2,}")
_MAX_SHAPES = 100_000  # cached shapes, about 1-2 KiB each with their token plans


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


# An ordinal's number in kanji (第二十七条): Sudachi reads 二 + 十七条 (a dictionary name), losing 27.
_ORDINAL_NUMBER = re.compile(r"(?<=第)[〇一二三四五六七八九十百千万]{2,}")


def _ordinal_pieces(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The pieces, with the kanji number after each 第 cut out as a piece of its own."""
    out: list[tuple[int, str]] = []
    for offset, piece in pieces:
        pos = 0
        for m in _ORDINAL_NUMBER.finditer(piece):
            out += [(offset + pos, piece[pos : m.start()]), (offset + m.start(), m.group())]
            pos = m.end()
        out.append((offset + pos, piece[pos:]) if pos else (offset, piece))
    return out


def _forms(morpheme, surface: str) -> tuple[str, ...]:
    forms = [surface]
    for extra in (morpheme.normalized_form(), morpheme.dictionary_form()):
        if extra and extra not in forms:
            forms.append(extra)
    return tuple(forms)


def _keep(pos: Sequence[str], surface: str) -> bool:
    if pos[0] in _SKIP_POS or pos[0] == "代名詞":
        return False
    if pos[1] == "数詞" and not _is_numeral(surface):
        return False  # an interrogative or vague numeral: 何(年), 幾(つ), 数(人)
    return not (pos[0] in _LIGHT and pos[1] == "非自立可能")


def _is_numeral(surface: str) -> bool:
    """Every character has a numeric value (digits, 一二三, 十百千万億)."""
    return all(unicodedata.numeric(ch, None) is not None for ch in surface)


class JapaneseAnalyzer:
    """Sudachi wrapper: one dictionary and one mode C tokenizer per process (per thread)."""

    def __init__(self) -> None:
        self._dictionary = None
        self._local = threading.local()  # a Sudachi tokenizer must not be shared between threads
        self._lock = threading.Lock()
        # (surface, word id, POS id, script) -> Shape, or None for a dropped morpheme
        self._shapes: dict[tuple[str, int, int, Script], Shape | None] = {}

    def clear_caches(self) -> None:
        """Forget every analysed morpheme and kanji compound."""
        self._shapes.clear()
        _overlays.clear()
        _ordinals.clear()
        _names.clear()
        _soundless_shapes.clear()

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

    def opens_dependent(self, text: str) -> bool:
        """Does ``text`` start with a morpheme that only ever follows another word: a particle,
        an auxiliary, a suffix, or a dependent verb or adjective (する, いる, ない)?"""
        morphemes = self._tokenizer().tokenize(text[:16])
        if not len(morphemes):
            return False
        pos = morphemes[0].part_of_speech()
        return pos[0] in _DEPENDENT_POS or (pos[0] in _LIGHT and pos[1] == "非自立可能")

    def spans_break(self, before: str, after: str, min_chars: int = 2) -> bool:
        """Is there one word of at least ``min_chars`` characters across the end of ``before`` and
        the start of ``after`` (及|び, ご|とに, 総理大|臣)?"""
        left, right = before[-8:], after[:8]
        for morpheme in self._tokenizer().tokenize(left + right):
            if morpheme.begin() < len(left) < morpheme.end() and morpheme.end() - morpheme.begin() >= min_chars:
                return True
        return False

    def analyze(self, text: str, script: Script = Script.JAPANESE, base: int = 0) -> list[Word]:
        """Words of ``text``; their offsets are into ``text`` plus ``base``."""
        tokenizer = self._tokenizer()
        mode_a = self._local.mode_a
        shapes = self._shapes
        if len(shapes) > _MAX_SHAPES:
            shapes.clear()  # bounded memory on endless input; the cache refills from what repeats
        words: list[Word] = []
        run: list[Word] = []  # adjacent kanji words that may form a compound overlay (see _flush_run)
        for offset, piece in _ordinal_pieces(chunk_text(text)):
            if not piece.strip():
                continue
            offset += base
            # Sudachi's morphemes cover the piece end to end (a property test checks it), so each begins
            # where the previous one ended: cheaper than asking each for begin()
            begin = offset
            for m in tokenizer.tokenize(piece):
                surface = m.surface()
                start = begin
                begin += len(surface)
                cache_key = (surface, m.word_id(), m.part_of_speech_id(), script)
                try:
                    shape = shapes[cache_key]
                except KeyError:
                    shape = shapes[cache_key] = _shape(m, surface, mode_a, script)
                if shape is None:
                    continue
                word = Word(start, shape)
                extends = (
                    run
                    and len(run) < _MAX_COMPOUND_WORDS
                    and word.start == run[-1].end
                    and word.end - run[0].start <= _MAX_COMPOUND_CHARS
                )
                if not shape.kanji:
                    # (a counter after a number, 二十七 + 条, is read with its number: _with_ordinals)
                    if extends and _suffix_kanji(shape) and _number(run[-1].shape) is None:
                        run.append(word)  # 状況 + 室 ends the run: Korean writes 상황실 as one word
                        _flush_run(run, words)
                    else:
                        if run:
                            _flush_run(run, words)
                        words.append(word)
                elif extends:
                    run.append(word)
                else:
                    if run:
                        _flush_run(run, words)
                    run.append(word)
        if run:
            _flush_run(run, words)
        return _with_katakana_runs(_with_names(_with_ordinals(words)))


def _number(shape: Shape) -> str | None:
    """The Arabic digits of a numeral word (36, and 27 for 二十七, Sudachi's normalized form)."""
    return next((form for form in shape.surfaces if form.isascii() and form.isdigit()), None)


def _with_ordinals(words: list[Word]) -> list[Word]:
    """An ordinal with its counter, 第 + number + one kanji (第36条, 第二十七条, 第2項), also as one
    word over the three: ``第36条`` whatever numerals it is written in, and ``제36조`` as Korean
    writes it. A law's article is then one query word, not 第, 36 and 条 matched anywhere apart.

    A number with its counter (2002年, 10月, 3回) is also one word over the two, read as Korean writes
    it: 2002년, 10월, 3회. Korean glues the counter to the number (Kiwi's 2002년), and a counter after a
    number keeps its ㄹ/ㄴ (年 alone reads 연, 2002年 reads 2002년)."""
    out: list[Word] = []
    for i, word in enumerate(words):
        if i + 1 < len(words) and (i == 0 or words[i - 1].shape.surfaces[0] != "第") and not word.shape.covers:
            counter = words[i + 1]
            digits = _number(word.shape)
            unit = counter.shape.surfaces[0]
            if (
                digits is not None
                and counter.start == word.end
                and len(unit) == 1
                and readings.is_han(unit)
                and counter.shape.readings
                and not _number(counter.shape)
            ):
                out.append(Word(word.start, _counted(word.shape.surfaces[0], digits, unit, word.shape.script)))
        if word.shape.surfaces[0] == "第" and i + 2 < len(words) and not word.shape.covers:
            number, counter = words[i + 1], words[i + 2]
            digits = _number(number.shape)
            unit = counter.shape.surfaces[0]
            if (
                digits is not None
                and number.start == word.end
                and counter.start == number.end
                and len(unit) == 1
                and readings.is_han(unit)
                and counter.shape.readings
            ):
                written = number.shape.surfaces[0]
                out.append(Word(word.start, _ordinal(written, digits, unit, counter.shape, word.shape.script)))
        out.append(word)
    return out


def _ordinal(written: str, digits: str, unit: str, counter: Shape, script: Script) -> Shape:
    key = (written, digits, unit, counter.readings[0], script)
    shape = _ordinals.get(key)
    if shape is None:
        forms = tuple(dict.fromkeys((f"第{written}{unit}", f"第{digits}{unit}")))
        korean = f"제{digits}{counter.readings[0]}"
        shape = Shape(len(written) + 2, forms, (), script, (korean,), covers=3, covers_span=3)
        if len(_ordinals) > _MAX_SHAPES:
            _ordinals.clear()
        _ordinals[key] = shape
    return shape


_ordinals: dict[tuple[str, str, str, str, Script], Shape] = {}


def _counted(written: str, digits: str, unit: str, script: Script) -> Shape:
    key = (written, digits, unit, "", script)
    shape = _ordinals.get(key)
    if shape is None:
        forms = tuple(dict.fromkeys((f"{written}{unit}", f"{digits}{unit}")))
        reading = readings.read(unit, initial=False)
        korean = (f"{digits}{reading}",) if reading else ()
        shape = Shape(len(written) + 1, forms, (), script, korean, covers=2, covers_span=2)
        if len(_ordinals) > _MAX_SHAPES:
            _ordinals.clear()
        _ordinals[key] = shape
    return shape


def _with_names(words: list[Word]) -> list[Word]:
    """A Korean name written in kanji also as one word over its surname and given name, read as Korean
    writes it (金 + 泳三 -> 金泳三 / 김영삼; 鄭 + 道 + 伝 -> 鄭道伝 / 정도전).

    A name is a one-kanji word that is a Korean surname, followed at once by one or two kanji words
    making a given name of one or two characters, and ending there (no further kanji word glued on),
    where Sudachi says so: it tags the surname or a given-name word as a person's name, does not know a
    given-name word (潽善), or could only cut the run into single characters (道 + 伝, 雲 + 燦). The words
    of a name lose their Japanese sound (明 アキラ in 韓明淑): a Korean name is not said in Japanese.
    """
    out: list[Word] = []
    named_until = -1  # offset up to which the words belong to a name found
    for i, word in enumerate(words):
        shape = word.shape
        first = shape.surfaces[0]
        if word.start < named_until:
            out.append(Word(word.start, _soundless(shape)))
            continue
        if not shape.covers and len(first) == 1 and readings.is_han(first) and surname(first):
            given = _given_name(words, i)
            told = shape.person or any(w.shape.person for w in given) or all(w.shape.length == 1 for w in given)
            overlay = None
            if given and told:
                overlay = _name(
                    first,
                    "".join(w.shape.surfaces[0] for w in given),
                    1 + len(given),
                    shape.positions + sum(w.shape.positions for w in given),
                    shape.script,
                )
            if overlay is not None:
                out.append(Word(word.start, overlay))
                out.append(Word(word.start, _soundless(shape)))
                named_until = given[-1].end
                continue
        out.append(word)
    return out


def _given_name(words: list[Word], i: int) -> list[Word]:
    """The kanji words right after ``words[i]`` that make a given name of at most MAX_GIVEN characters
    and end at a word boundary; [] if the next kanji would make it longer."""
    given: list[Word] = []
    end = words[i].end
    j = i + 1
    while j < len(words) and words[j].start == end:
        if words[j].shape.covers:  # a compound overlay beginning here (武鉉 + 大統領): its words follow
            j += 1
            continue
        written = words[j].shape.surfaces[0]
        if not readings.is_han(written) or sum(len(w.shape.surfaces[0]) for w in given) + len(written) > MAX_GIVEN:
            break
        given.append(words[j])
        end = words[j].end
        j += 1
    return given


# keyed by the shape itself (compared by identity): an id could be reused once a cleared cache frees it
_soundless_shapes: dict[Shape, Shape] = {}


def _soundless(shape: Shape) -> Shape:
    """``shape`` without its Japanese sound (cached per shape: shapes are shared and never mutated)."""
    if not any(origin is Origin.SOUND for _, origin in shape.others):
        return shape
    found = _soundless_shapes.get(shape)
    if found is None:
        if len(_soundless_shapes) > _MAX_SHAPES:
            _soundless_shapes.clear()
        others = tuple(o for o in shape.others if o[1] is not Origin.SOUND)
        found = _soundless_shapes[shape] = replace(shape, others=others, plan=None)
    return found


_names: dict[tuple[str, str, int, int, Script], Shape | None] = {}


def _name(family: str, given: str, covers: int, span: int, script: Script) -> Shape | None:
    """The overlay of a Korean name over ``covers`` words and ``span`` positions, or None if unread."""
    key = (family, given, covers, span, script)
    if key not in _names:
        named = name_readings(family, given)
        others = tuple((r, Origin.NAME) for r in named)
        shape = Shape(
            len(family + given), (family + given,), (), script, others=others, covers=covers, covers_span=span
        )
        if len(_names) > _MAX_SHAPES:
            _names.clear()
        _names[key] = shape if named else None
    return _names[key]


def _other_spellings(m, surface: str, pos: Sequence[str], readings_: tuple[str, ...]) -> tuple[tuple[str, Origin], ...]:
    """Spellings of a morpheme beyond its Sino-Korean reading: a Japanese proper noun as Korean writes
    its sound (岸田 キシダ -> 기시다, 大阪 -> 오사카); a person's name that is a Korean name in one word
    (金大中 -> 김대중, 金氏 -> 김씨); a katakana word's phonetic keys."""
    others: list[tuple[str, Origin]] = []
    if _KATAKANA_WORD.fullmatch(surface):
        others += [(k, Origin.PHONETIC) for k in kana_keys(surface)]
        return tuple(others)
    if pos[0] != "名詞" or not readings.is_han(surface[:1]):
        return ()
    if pos[2] == "人名" and readings.is_han(surface) and 2 <= len(surface) <= 1 + MAX_GIVEN:
        others += [(r, Origin.NAME) for r in name_readings(surface[0], surface[1:]) if r not in readings_]
    sound = katakana_to_hangul(m.reading_form())
    if sound and len(sound) > 1 and sound not in readings_ and all(sound != o for o, _ in others):
        others.append((sound, Origin.SOUND if pos[1] == "固有名詞" else Origin.COMMON_SOUND))
    return tuple(others)


def _shape(m, surface: str, mode_a, script: Script) -> Shape | None:
    """The shape of one mode C morpheme, or None if it is dropped (particles, symbols, light verbs)."""
    if not _keep(m.part_of_speech(), surface) or not surface.strip():
        return None
    begin = m.begin()
    subs = list(m.split(mode_a))
    if len(subs) <= 1:
        subs = [m]
    part_surfaces = [s.surface() for s in subs]
    whole_reading, part_readings = readings.read_parts(part_surfaces)
    several = len(subs) > 1
    parts = [
        Part(
            sub.begin() - begin,
            sub.end() - begin,
            _forms(sub, sub_surface),
            (reading,) if reading and several else (),
        )
        for sub, sub_surface, reading in zip(subs, part_surfaces, part_readings, strict=True)
    ]
    if len(parts) >= 3 and len(part_surfaces[-1]) == 1 and readings.is_han(part_surfaces[-1]):
        # a one-kanji suffix (力, 化, 省, 性) also glues to the part before it, as Korean
        # writes it (国際競争力 -> 競争力 / 경쟁력 at the position of 競争)
        glued_readings = (part_readings[-2] + part_readings[-1],) if part_readings[-2] and part_readings[-1] else ()
        parts[-2] = replace(
            parts[-2],
            glued=(part_surfaces[-2] + part_surfaces[-1],),
            glued_readings=glued_readings,
            glued_end=parts[-1].end,
        )
    word_readings: tuple[str, ...] = ()
    if whole_reading:
        word_readings = (whole_reading,)
    elif _KATAKANA_WORD.fullmatch(surface):
        hangul = katakana_to_hangul(surface)
        if hangul:
            word_readings = (hangul,)
            # and as Korean writes it when it is a loanword (スマート: 스마토, and 스마트); one syllable
            # (シール -> 실, オール -> 올) is a different Korean word more often than this one
            word_readings += tuple(r for r in loanword_readings(surface) if r != hangul and len(r) > 1)
    # a one-kanji word is a counter or prefix (第, 期, 等), not a member of a compound run
    kanji = bool(whole_reading) and len(surface) >= 2
    pos = m.part_of_speech()
    return Shape(
        m.end() - begin,
        _forms(m, surface),
        tuple(parts),
        script,
        word_readings,
        others=_other_spellings(m, surface, pos, word_readings),
        kanji=kanji,
        person=pos[2] == "人名" or m.is_oov(),
    )


def _with_katakana_runs(words: list[Word]) -> list[Word]:
    """Two or three katakana words written together (ニュルブルク + リンク) also as one word with the
    phonetic keys of the whole: Korean writes such a name as one word (뉘르부르크링)."""
    out: list[Word] = []
    n = len(words)
    for i, word in enumerate(words):
        run = [word]
        while (
            len(run) < _MAX_COMPOUND_WORDS
            and i + len(run) < n
            and _is_katakana(run[-1].shape)
            and words[i + len(run)].start == run[-1].end
            and _is_katakana(words[i + len(run)].shape)
        ):
            run.append(words[i + len(run)])
        if len(run) >= 2:
            surface = "".join(w.shape.surfaces[0] for w in run)
            keys = tuple((k, Origin.PHONETIC) for k in kana_keys(surface))
            if keys:
                span = sum(w.shape.positions for w in run)
                out.append(
                    Word(
                        word.start,
                        Shape(
                            len(surface),
                            (surface,),
                            (),
                            word.shape.script,
                            others=keys,
                            covers=len(run),
                            covers_span=span,
                        ),
                    )
                )
        out.append(word)
    return out


def _is_katakana(shape: Shape) -> bool:
    return not shape.covers and _KATAKANA_WORD.fullmatch(shape.surfaces[0]) is not None


_MAX_COMPOUND_WORDS = 3
_MAX_COMPOUND_CHARS = 10


_overlays: dict[tuple[str, str, Script, int, int], Shape] = {}


def _suffix_kanji(shape: Shape) -> bool:
    """A one-kanji word with a reading (室, 人, 案, 党): it may end a compound run as a suffix."""
    first = shape.surfaces[0]
    return not shape.covers and len(first) == 1 and bool(shape.readings) and readings.is_han(first)


def _flush_run(run: list[Word], words: list[Word]) -> None:
    """Move ``run`` to ``words``; a run of 2-3 adjacent kanji words first gets an overlay
    (閣議+決定 -> 閣議決定 / 각의결정).

    Korean writes such runs as one compound (각의결정), which Kiwi analyzes as whole + parts; the
    overlay gives the Japanese side the same whole term and reading at the same position and span.
    """
    if len(run) >= 2:
        surface = "".join(w.shape.surfaces[0] for w in run)
        # a one-kanji suffix keeps its ㄹ/ㄴ inside the word (能 + 力 -> 능력, not 능역)
        last = run[-1].shape
        suffix = readings.read(last.surfaces[0], initial=False) if not last.kanji else None
        reading = "".join(w.shape.readings[0] for w in run[:-1]) + (suffix or last.readings[0])
        script = run[0].shape.script
        span = sum(w.shape.positions for w in run)
        cache_key = (surface, reading, script, len(run), span)
        overlay = _overlays.get(cache_key)
        if overlay is None:
            if len(_overlays) > _MAX_SHAPES:
                _overlays.clear()
            overlay = Shape(len(surface), (surface,), (), script, (reading,), covers=len(run), covers_span=span)
            _overlays[cache_key] = overlay
        words.append(Word(run[0].start, overlay))
    words.extend(run)
    run.clear()
