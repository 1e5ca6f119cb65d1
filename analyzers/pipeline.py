"""The analysis pipeline: normalize -> repair line breaks -> split scripts -> Kiwi / Sudachi -> tokens.

Positions count the finest units (compound parts, mode A units). A word with n parts takes n
positions; the whole word, its readings and aliases sit at its first position with span n.
Offsets are mapped back through line-break joins and normalization to the caller's text.
"""

from __future__ import annotations

import gc
import re
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter

from analyzers.glossary import AliasIndex, Glossary, load_glossary
from analyzers.japanese import JapaneseAnalyzer
from analyzers.kana import katakana_to_hangul
from analyzers.korean import KoreanAnalyzer
from analyzers.linebreaks import plan_breaks
from analyzers.normalize import Normalized, map_char, normalize_spans
from analyzers.readings import read
from analyzers.scripts import Segment, script_of, segments
from analyzers.terms import key, term
from analyzers.tokens import Mode, Origin, Script, Token
from analyzers.units import Shape, Word

_QUERY_CACHE_SIZE = 4096
_PREPARED_WITHIN = 16  # Kiwi results, see _Batch
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
    identity: bool  # analysis offsets are original offsets (nothing was normalized or joined)

    def original_bounds(self) -> tuple[list[int], list[int]]:
        """Per analysis character: its original start and end; span(a, b) is (starts[a], ends[b - 1])."""
        starts, ends = self.norm.starts, self.norm.ends
        if self.to_norm is None:
            return starts, ends
        return [starts[i] for i in self.to_norm], [ends[i] for i in self.to_norm]

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
        self.aliases.add_exonyms()
        self._known_pairs: set[tuple[str, str]] = set()
        self._query_cache: OrderedDict[str, tuple[Token, ...]] = OrderedDict()
        self._cache_lock = threading.Lock()

    # -- public API -------------------------------------------------------------------------

    def add_aliases(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Make each (a, b) pair spellings of one name (mined ``한글(原語)`` pairs)."""
        added = False
        for a, b in pairs:
            pair = (key(a), key(b))
            if pair not in self._known_pairs:  # AliasIndex.add_pair decides what a pair may join
                self._known_pairs.add(pair)
                added = self.aliases.add_pair(a, b) or added
        if added:
            with self._cache_lock:
                self._query_cache.clear()

    def clear_caches(self) -> None:
        """Forget every memo: word shapes with their token plans, term, reading and normalization
        caches, cached queries. What follows runs as in a fresh process with the models loaded (cold
        benchmarks); tokens do not change."""
        self.korean.clear_caches()
        self.japanese.clear_caches()
        for cached in (term, key, script_of, read, katakana_to_hangul, map_char):
            cached.cache_clear()
        with self._cache_lock:
            self._query_cache.clear()

    def analyze(self, text: str, mode: Mode = "index") -> list[Token]:
        """Tokens of ``text`` sorted by (position, start). The tokens are the same in both modes
        (query and index positions must agree); ``"query"`` memoizes them, since queries repeat."""
        if mode == "query":
            with self._cache_lock:
                cached = self._query_cache.get(text)
                if cached is not None:
                    self._query_cache.move_to_end(text)
                    return list(cached)
        tokens = self.analyze_many([text])[0]
        if mode == "query":
            with self._cache_lock:
                self._query_cache[text] = tuple(tokens)
                if len(self._query_cache) > _QUERY_CACHE_SIZE:
                    self._query_cache.popitem(last=False)
        return tokens

    def analyze_many(self, texts: Iterable[str]) -> list[list[Token]]:
        """Tokens of many texts; all Korean runs go to Kiwi in one multi-threaded batch."""
        with cyclic_gc_paused():
            return _Batch(self, list(texts)).run()

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
        n = len(text)
        identity = (
            to_norm is None
            and len(norm.text) == n
            and norm.starts == list(range(n))
            and norm.ends == list(range(1, n + 1))
        )
        return _Prepared(n, norm, analysis, to_norm, segments(analysis), identity)

    def _tokens(self, prep: _Prepared, words: list[Word]) -> list[Token]:
        tokens: list[Token] = []
        # (index of the word's first token, its plan's name starts)
        name_words: list[tuple[int, tuple[_NameStart, ...]]] = []
        span_of = prep.span
        identity = prep.identity
        if not identity:  # original start / end of each analysis character, for the common case
            starts, ends = prep.original_bounds()
            n = len(starts)
        new_tuple = tuple.__new__
        append = tokens.append
        aliases = self.aliases
        state = aliases.state
        position = 0
        for word in words:
            shape = word.shape
            compiled = shape.plan
            if compiled is None or compiled[0] != state:
                compiled = shape.plan = _compile(shape, aliases)
            _, plan, names = compiled
            if names:
                name_words.append((len(tokens), names))
            base = word.start
            # tuple.__new__ skips Token.__new__'s Python frame: this loop makes every token
            if identity:
                for t, rel_position, span, origin, script, rel_start, rel_end in plan:
                    fields = (t, position + rel_position, base + rel_start, base + rel_end, script, origin, span)
                    append(new_tuple(Token, fields))
            else:
                for t, rel_position, span, origin, script, rel_start, rel_end in plan:
                    a, b = base + rel_start, base + rel_end
                    start, end = (starts[a], ends[b - 1]) if a < b <= n else span_of(a, b)
                    append(new_tuple(Token, (t, position + rel_position, start, end, script, origin, span)))
            position += shape.positions
        # Every plan is sorted and all tokens at one position share its start, so the tokens are
        # already in (position, start, -span) order; only the aliases need placing.
        if name_words:
            name_starts = [(first + i, k, g, longer) for first, names in name_words for i, k, g, longer in names]
            self._add_aliases(tokens, name_starts)
        return tokens

    def _add_aliases(self, tokens: list[Token], name_starts: list[tuple[int, str, frozenset[str], bool]]) -> None:
        """ALIAS tokens for every run of 1..8 adjacent units spelling a glossary / mined name.

        ``name_starts``: (token index, name key, its alias group, whether longer names begin with it)
        of the tokens that spell or begin a name. ``tokens`` are in (position, start, -span) order, so
        the units after a token are found by scanning forward from it, and each alias is inserted
        where a sort would put it.
        """
        match = self.aliases.match
        found: list[tuple[int, int, int, int, frozenset[str]]] = []
        n = len(tokens)
        for i, k, group, longer in name_starts:
            first = tokens[i]
            if group:
                found.append((first.position, first.span, first.start, first.end, group))
            if not longer:
                continue
            # (key so far, position after it, end offset, a token index at or before that position)
            frontier = [(k, first.position + first.span, first.end, i)]
            for _ in range(_MAX_ALIAS_UNITS - 1):
                grown = []
                for sofar, end_pos, end, j in frontier:
                    while j < n and tokens[j].position < end_pos:
                        j += 1
                    here = j
                    while j < n and tokens[j].position == end_pos:
                        nxt = tokens[j]
                        j += 1
                        if nxt.origin not in _NAME_ORIGINS:
                            continue
                        k2 = key(nxt.term)
                        if not k2:
                            continue
                        joined = sofar + k2
                        next_end, next_pos = max(end, nxt.end), end_pos + nxt.span
                        group, longer_names = match(joined)
                        if group:
                            found.append((first.position, next_pos - first.position, first.start, next_end, group))
                        if longer_names:
                            grown.append((joined, next_pos, next_end, here))
                frontier = grown
                if not frontier:
                    break
        for position, span, start, end, group in found:
            # the tokens at this position: skip spellings already there, insert the rest in order
            lo = bisect_left(tokens, position, key=_position)
            hi = bisect_right(tokens, position, key=_position)
            present = {tok.term for tok in tokens[lo:hi] if tok.span == span}
            for alias in sorted(group):
                if alias in present:
                    continue
                present.add(alias)
                # (position, start, -span) order, after equal keys as a stable sort would put it
                j = lo
                while j < hi and (tokens[j].start, -tokens[j].span) <= (start, -span):
                    j += 1
                tokens.insert(j, Token(alias, position, start, end, script_of(alias), Origin.ALIAS, span))
                hi += 1


class _Batch:
    """One ``analyze_many`` call: Korean runs stream through Kiwi's threads while this thread does
    everything else.

    Kiwi starts on the first texts' Korean runs while the rest of the texts are still being
    prepared (normalized, line breaks repaired, split into runs). The Japanese runs and the token
    emission of finished texts are interleaved with reading Kiwi's results, in proportion to the
    Korean text read so far, so that Kiwi (in its threads) and the Python work (in this one) run
    at the same time instead of one after the other.
    """

    def __init__(self, analyzer: Analyzer, texts: list[str]) -> None:
        self.analyzer = analyzer
        self.texts = texts
        self.prepared: list[_Prepared] = []
        self.korean: list[tuple[int, Segment]] = []  # in the order Kiwi is given them
        self.japanese: list[tuple[int, Segment]] = []
        self.found: list[dict[int, list[Word]]] = [{} for _ in texts]  # segment start -> its words
        self.pending = [0] * len(texts)  # segments not analysed yet
        self.out: list[list[Token]] = [[] for _ in texts]
        self.ko_total = self.ja_total = 0  # characters of each kind in the prepared texts
        self.ja_next = self.ja_chars = 0  # the next Japanese run, and the characters analysed

    def run(self) -> list[list[Token]]:
        n = len(self.texts)
        runs: Iterable[tuple[int, str]] = self._korean_runs()
        if n == 1:  # a list lets Kiwi analyse a single piece in this thread
            runs = list(runs)
        ko_chars = 0
        for k, words in enumerate(self.analyzer.korean.iter_analyze(runs)):
            index, seg = self.korean[k]
            self._done(index, seg, words)
            ko_chars += seg.end - seg.start
            # prepare every text within Kiwi's first results (its threads run about 32 pieces ahead),
            # so that the totals pacing the Japanese runs are known early
            while len(self.prepared) < min(n, n * (k + 1) // _PREPARED_WITHIN):
                self._prepare_next()
            if len(self.prepared) == n:
                self._japanese_until(self.ja_total * ko_chars / (self.ko_total or 1))
        while len(self.prepared) < n:
            self._prepare_next()
        self._japanese_until(float("inf"))
        return self.out

    def _prepare_next(self) -> None:
        index = len(self.prepared)
        prep = self.analyzer._prepare(self.texts[index])
        self.prepared.append(prep)
        self.pending[index] = len(prep.segments)
        if not prep.segments:
            self.out[index] = self.analyzer._tokens(prep, [])
        for seg in prep.segments:
            if seg.kind == "ko":
                self.korean.append((index, seg))
                self.ko_total += seg.end - seg.start
            else:
                self.japanese.append((index, seg))
                self.ja_total += seg.end - seg.start

    def _korean_runs(self) -> Iterator[tuple[int, str]]:
        """Kiwi's input: a text is prepared here when Kiwi reaches it, if not already."""
        k = 0
        while True:
            while k == len(self.korean):
                if len(self.prepared) == len(self.texts):
                    return
                self._prepare_next()
            index, seg = self.korean[k]
            k += 1
            yield seg.start, self.prepared[index].text[seg.start : seg.end]

    def _done(self, index: int, seg: Segment, words: list[Word]) -> None:
        self.found[index][seg.start] = words
        self.pending[index] -= 1
        if not self.pending[index]:
            prep = self.prepared[index]
            self.out[index] = self.analyzer._tokens(prep, _in_order(prep, self.found[index]))

    def _japanese_until(self, chars: float) -> None:
        """Analyse Japanese runs until ``chars`` characters of them are done."""
        while self.ja_next < len(self.japanese) and self.ja_chars <= chars:
            index, seg = self.japanese[self.ja_next]
            self.ja_next += 1
            self.ja_chars += seg.end - seg.start
            script = Script.JAPANESE if seg.kind == "ja" else Script.HAN
            text = self.prepared[index].text[seg.start : seg.end]
            self._done(index, seg, self.analyzer.japanese.analyze(text, script, seg.start))


_position = itemgetter(1)  # Token.position, as a C-level key for bisect


# a planned token that spells or begins a name: (plan index, name key, alias group, longer names begin with it)
_NameStart = tuple[int, str, frozenset[str], bool]


def _compile(shape: Shape, aliases: AliasIndex) -> tuple[int, tuple[_Planned, ...], tuple[_NameStart, ...]]:
    """(alias index state, token plan, name starts) of ``shape``: the plan is made once per shape, the
    name starts again whenever the alias index has changed since."""
    plan = shape.plan[1] if shape.plan is not None else _plan(shape)
    return aliases.state, plan, _name_starts(plan, aliases)


def _name_starts(plan: tuple[_Planned, ...], aliases: AliasIndex) -> tuple[_NameStart, ...]:
    """The planned tokens that spell a name or begin one (readings never do)."""
    out = []
    for i, item in enumerate(plan):
        if item[3] in _NAME_ORIGINS:
            k = key(item[0])
            if not k:
                continue
            group, longer = aliases.match(k)
            if group or longer:
                out.append((i, k, group, longer))
    return tuple(out)


def _in_order(prep: _Prepared, found: dict[int, list[Word]]) -> list[Word]:
    """The words of every segment of ``prep``, in text order."""
    if len(prep.segments) == 1:
        return found[prep.segments[0].start]
    words: list[Word] = []
    for seg in prep.segments:
        words.extend(found[seg.start])
    return words


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one analysis.

    An analysis allocates hundreds of thousands of small objects (tokens, words), none of them in a
    reference cycle, so reference counting frees all of them. Left on, the collector would walk every
    long-lived object (models' Python side, the shape caches) again and again during the burst:
    15 % of the CPU time of an index-mode batch, measured on the seed corpus.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# One planned token of a shape: term, position, span, origin, script, and offsets relative to the word.
_Planned = tuple[str, int, int, Origin, Script, int, int]
_NAME_ORIGINS = (Origin.SURFACE, Origin.SUBUNIT)  # units that can spell (part of) a name


def _plan(shape: Shape) -> tuple[_Planned, ...]:
    """The tokens of one shape, relative to the word's position and start, without duplicates."""
    planned: dict[tuple[int, int, str], _Planned] = {}
    run_script = shape.script

    def add(terms: Sequence[str], origin: Origin, rel_position: int, span: int, start: int, end: int) -> None:
        for raw in terms:
            t = term(raw)
            if not t or (rel_position, span, t) in planned:
                continue
            script = script_of(t)
            if script in _JAPANESE_SCRIPTS and run_script in _JAPANESE_SCRIPTS:
                script = run_script  # 科学技術 in a Japanese sentence is Japanese; 免震 in Korean is Han
            planned[(rel_position, span, t)] = (t, rel_position, span, origin, script, start, end)

    # (the empty tuples are skipped here: most shapes have no readings, extras or glued forms)
    span = shape.covers_span if shape.covers else shape.positions
    add(shape.surfaces, Origin.SURFACE, 0, span, 0, shape.length)
    if shape.readings:
        add(shape.readings, Origin.READING, 0, span, 0, shape.length)
    for other, origin in shape.others:
        add((other,), origin, 0, span, 0, shape.length)
    if shape.covers:
        return tuple(sorted(planned.values(), key=_plan_order))
    for i, part in enumerate(shape.parts):
        if span > 1:
            add(part.terms, Origin.SUBUNIT, i, 1, part.start, part.end)
            if part.readings:
                add(part.readings, Origin.READING, i, 1, part.start, part.end)
        if part.extra:
            add(part.extra, Origin.SUBUNIT, i, 1, part.start, part.end)
        if part.glued:
            add(part.glued, Origin.SUBUNIT, i, 2, part.start, part.glued_end)
        if part.glued_readings:
            add(part.glued_readings, Origin.READING, i, 2, part.start, part.glued_end)
    return tuple(sorted(planned.values(), key=_plan_order))


def _plan_order(item: _Planned) -> tuple[int, int, int]:
    """The token order (position, start, longest first), relative to the word; the sort is stable."""
    return item[1], item[5], -item[2]


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
