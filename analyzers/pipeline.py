"""The analysis pipeline: normalize -> repair line breaks -> split scripts -> Kiwi / Sudachi -> tokens.

Positions count the finest units (compound parts, mode A units). A word with n parts takes n
positions; the whole word, its readings and aliases sit at its first position with span n.
Offsets are mapped back through line-break joins and normalization to the caller's text.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analyzers.glossary import AliasIndex, Glossary, load_glossary
from analyzers.japanese import JapaneseAnalyzer
from analyzers.korean import KoreanAnalyzer
from analyzers.linebreaks import plan_breaks
from analyzers.normalize import Normalized, normalize_spans
from analyzers.scripts import Segment, script_of, segments
from analyzers.terms import key, term
from analyzers.tokens import Mode, Origin, Script, Token
from analyzers.units import Word

_QUERY_CACHE_SIZE = 4096
_MAX_ALIAS_UNITS = 8  # a glossary name may span this many adjacent units (소니 + 그룹, English names)
_JAPANESE_SCRIPTS = (Script.JAPANESE, Script.HAN)
_HANGUL_NAME = re.compile(r"[가-힣]{2,}")  # glossary spellings Kiwi should read as names


@dataclass(slots=True)
class _Prepared:
    """One input text, normalized and with in-word line breaks removed (the analysis text)."""

    original_length: int
    norm: Normalized
    text: str  # analysis text
    to_norm: list[int] | None  # analysis index -> normalized index (None: identical)
    segments: list[Segment]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the analysis slice [start, end)."""
        if end <= start:
            end = start + 1
        if self.to_norm is not None:
            last = min(end, len(self.to_norm)) - 1
            start, end = self.to_norm[min(start, last)], self.to_norm[last] + 1
        return self.norm.span(start, end)


class Analyzer:
    """Korean/Japanese analyzer producing position-stacked index or query tokens.

    Models (Kiwi, Sudachi) load on first use and are shared by every call on this instance.
    """

    def __init__(self, glossary: Glossary | None = None, *, num_workers: int = -1) -> None:
        self.glossary = glossary if glossary is not None else load_glossary()
        names = [f for e in self.glossary.entries for f in e.forms if _HANGUL_NAME.fullmatch(f)]
        self.korean = KoreanAnalyzer(num_workers=num_workers, names=names)
        self.japanese = JapaneseAnalyzer()
        self.aliases = AliasIndex()
        self.aliases.add_glossary(self.glossary)
        self._known_pairs: set[tuple[str, str]] = set()
        self._query_cache: OrderedDict[str, tuple[Token, ...]] = OrderedDict()
        self._cache_lock = threading.Lock()

    # -- public API -------------------------------------------------------------------------

    def add_aliases(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Make each (a, b) pair spellings of one name (mined ``한글(原語)`` pairs)."""
        added = False
        for a, b in pairs:
            pair = (key(a), key(b))
            if pair[0] and pair[1] and pair[0] != pair[1] and pair not in self._known_pairs:
                self._known_pairs.add(pair)
                self.aliases.add_group([a, b])
                added = True
        if added:
            with self._cache_lock:
                self._query_cache.clear()

    def analyze(self, text: str, mode: Mode = "index") -> list[Token]:
        """Tokens of ``text`` sorted by (position, start)."""
        if mode == "query":
            with self._cache_lock:
                cached = self._query_cache.get(text)
                if cached is not None:
                    self._query_cache.move_to_end(text)
                    return list(cached)
        tokens = self.analyze_many([text], mode)[0]
        if mode == "query":
            with self._cache_lock:
                self._query_cache[text] = tuple(tokens)
                if len(self._query_cache) > _QUERY_CACHE_SIZE:
                    self._query_cache.popitem(last=False)
        return tokens

    def analyze_many(self, texts: Iterable[str], mode: Mode = "index") -> list[list[Token]]:
        """Tokens of many texts; all Korean runs go to Kiwi in one multi-threaded batch."""
        texts = list(texts)
        prepared = [self._prepare(text) for text in texts]
        korean_inputs: list[tuple[int, Segment]] = [
            (index, seg) for index, prep in enumerate(prepared) for seg in prep.segments if seg.kind == "ko"
        ]
        korean_words = self.korean.analyze_many([prepared[i].text[s.start : s.end] for i, s in korean_inputs])
        by_segment: dict[tuple[int, int], list[Word]] = {
            (index, seg.start): words for (index, seg), words in zip(korean_inputs, korean_words, strict=True)
        }
        out: list[list[Token]] = []
        for index, prep in enumerate(prepared):
            words: list[Word] = []
            for seg in prep.segments:
                if seg.kind == "ko":
                    found = by_segment[(index, seg.start)]
                else:
                    script = Script.JAPANESE if seg.kind == "ja" else Script.HAN
                    found = self.japanese.analyze(prep.text[seg.start : seg.end], script)
                words.extend(_shift(found, seg.start))
            out.append(self._tokens(prep, words))
        return out

    # -- stages -----------------------------------------------------------------------------

    def _prepare(self, text: str) -> _Prepared:
        norm = normalize_spans(text)
        joins = [b for b in plan_breaks(norm.text, self.korean.join_scorer) if b.replacement == ""]
        to_norm: list[int] | None = None
        if not joins:
            analysis = norm.text
        else:
            pieces: list[str] = []
            to_norm = []
            pos = 0
            for b in joins:  # drop the whitespace of a break inside a word, remember where chars came from
                pieces.append(norm.text[pos : b.start])
                to_norm.extend(range(pos, b.start))
                pos = b.end
            pieces.append(norm.text[pos:])
            to_norm.extend(range(pos, len(norm.text)))
            analysis = "".join(pieces)
        return _Prepared(len(text), norm, analysis, to_norm, segments(analysis))

    def _tokens(self, prep: _Prepared, words: list[Word]) -> list[Token]:
        emitted: dict[tuple[int, int, str], Token] = {}

        run_script = Script.HANGUL

        def emit(terms: list[str], origin: Origin, position: int, span: int, start: int, end: int) -> None:
            if not terms:
                return
            ostart, oend = prep.span(start, end)
            for raw in terms:
                t = term(raw)
                if not t or (position, span, t) in emitted:
                    continue
                script = script_of(t)
                if script in _JAPANESE_SCRIPTS and run_script in _JAPANESE_SCRIPTS:
                    script = run_script  # 科学技術 in a Japanese sentence is Japanese; 免震 in Korean is Han
                emitted[(position, span, t)] = Token(t, position, ostart, oend, script, origin, span)

        position = 0
        for index, word in enumerate(words):
            run_script = word.script
            if word.covers:
                covered = words[index + 1 : index + 1 + word.covers]
                span = sum(max(1, len(w.parts)) for w in covered)
                emit(word.surfaces, Origin.SURFACE, position, span, word.start, word.end)
                emit(word.readings, Origin.READING, position, span, word.start, word.end)
                continue
            n = max(1, len(word.parts))
            emit(word.surfaces, Origin.SURFACE, position, n, word.start, word.end)
            emit(word.readings, Origin.READING, position, n, word.start, word.end)
            for i, part in enumerate(word.parts):
                if n > 1:
                    emit(part.terms, Origin.SUBUNIT, position + i, 1, part.start, part.end)
                    emit(part.readings, Origin.READING, position + i, 1, part.start, part.end)
                emit(part.extra, Origin.SUBUNIT, position + i, 1, part.start, part.end)
                emit(part.glued, Origin.SUBUNIT, position + i, 2, part.start, part.glued_end)
                emit(part.glued_readings, Origin.READING, position + i, 2, part.start, part.glued_end)
            position += n
        self._add_aliases(emitted)
        return sorted(emitted.values(), key=lambda tok: (tok.position, tok.start, -tok.span))

    def _add_aliases(self, emitted: dict[tuple[int, int, str], Token]) -> None:
        """ALIAS tokens for every run of 1..4 adjacent units spelling a glossary / mined name."""
        if not len(self.aliases):
            return
        at: dict[int, list[Token]] = {}
        for tok in emitted.values():
            if tok.origin in (Origin.SURFACE, Origin.SUBUNIT):
                at.setdefault(tok.position, []).append(tok)
        found: list[tuple[int, int, int, int, frozenset[str]]] = []
        for position, first_tokens in at.items():
            frontier = [(key(tok.term), tok.position + tok.span, tok.start, tok.end) for tok in first_tokens]
            for _ in range(_MAX_ALIAS_UNITS):
                grown = []
                for k, end_pos, start, end in frontier:
                    group = self.aliases.aliases(k)
                    if group:
                        found.append((position, end_pos - position, start, end, group))
                    for nxt in at.get(end_pos, ()):
                        k2 = k + key(nxt.term)
                        if self.aliases.is_prefix(k2):
                            grown.append((k2, nxt.position + nxt.span, start, max(end, nxt.end)))
                frontier = [f for f in grown if self.aliases.is_prefix(f[0])]
                if not frontier:
                    break
        for position, span, start, end, group in found:
            for alias in sorted(group):
                if (position, span, alias) not in emitted:
                    emitted[(position, span, alias)] = Token(
                        alias, position, start, end, script_of(alias), Origin.ALIAS, span
                    )


def _shift(words: Sequence[Word], offset: int) -> list[Word]:
    if offset:
        for word in words:
            word.start += offset
            word.end += offset
            for part in word.parts:
                part.start += offset
                part.end += offset
                if part.glued_end:
                    part.glued_end += offset
    return list(words)


_default: Analyzer | None = None
_default_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """The process-wide analyzer, created on first use (never at import time)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(text: str, mode: Mode = "index") -> list[Token]:
    """Analyze ``text`` with the process-wide default analyzer."""
    return default_analyzer().analyze(text, mode)
