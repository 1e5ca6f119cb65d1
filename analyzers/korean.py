"""Korean analysis with Kiwi: content morphemes, compound nouns and their parts.

A run of noun-like morphemes written without a space (과학기술혁신기본계획, 문부+과학성) is one word
whose parts are the morphemes; prefixes (XPN 초-) and suffixes (XSN -적, -화; counters after numbers)
are glued to the part they belong to, and the bare stem is kept as an extra term (효율적 -> 효율).
Verb and adjective stems are kept (양산하는 -> 양산 via NNG+XSV, 얽매이지 -> 얽매이); particles, endings,
copulas, adverbs, determiners and pronouns are dropped.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from analyzers.phonetic import hangul_key
from analyzers.tokens import Origin, Script
from analyzers.units import Part, Shape, Word

# morphemes that can be (part of) a compound noun
_NOUNISH = frozenset({"NNG", "NNP", "NR", "SN", "SL", "SH", "XR"})
_STEMS = frozenset({"VV", "VA"})
_DEPENDENT = ("J", "E", "XS", "VCP", "VCN", "VX")
# light and functional verbs: they carry no topic (했다, 있는, 위해, 통해, 따라)
_STOP_STEMS = frozenset(
    {
        "하", "되", "있", "없", "않", "같", "이", "그렇", "이렇", "그러", "이러", "위하", "통하", "대하",
        "의하", "따르", "관하", "보", "보이", "주", "받", "가", "오", "말", "알", "싶", "지", "들",
    }
)  # fmt: skip

# Kiwi is fast on short inputs; long inputs are cut so a batch spreads over both cores.
_CHUNK = 1500


def _base_tag(tag: str) -> str:
    """'VV-R' / 'VA-I' (regular / irregular conjugation) -> 'VV' / 'VA'."""
    return tag[: tag.index("-")] if "-" in tag else tag


# What words_from_tokens does with a morpheme, by its Kiwi tag
_NOUN, _SUFFIX, _COUNTER, _STEM, _MATCHED, _OTHER = "noun", "suffix", "counter", "stem", "matched", "other"


class _Kinds(dict):
    """Kiwi tag -> (kind, tag without its conjugation mark); one dict lookup per morpheme."""

    def __missing__(self, raw: str) -> tuple[str, str]:
        tag = _base_tag(raw)
        if tag in _NOUNISH or tag == "XPN":
            kind = _NOUN
        elif tag == "XSN":
            kind = _SUFFIX  # glued to a noun run, dropped elsewhere
        elif tag == "NNB":
            kind = _COUNTER  # glued to a number, dropped elsewhere
        elif tag in _STEMS:
            kind = _STEM
        elif tag.startswith("W_"):
            kind = _MATCHED
        else:
            kind = _OTHER
        self[raw] = kind, tag
        return kind, tag


_KINDS = _Kinds()


def chunk_text(text: str, limit: int = _CHUNK) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pieces of at most ``limit`` chars, at a newline or space if any."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    n = len(text)
    while n - pos > limit:
        cut = text.rfind("\n", pos + limit // 2, pos + limit)
        if cut < 0:
            cut = text.rfind(" ", pos + limit // 2, pos + limit)
        cut = pos + limit if cut < 0 else cut + 1
        pieces.append((pos, text[pos:cut]))
        pos = cut
    if pos < n:
        pieces.append((pos, text[pos:]))
    return pieces


_MAX_SHAPES = 100_000  # cached shapes, about 1-2 KiB each with their token plans
# (surface, *morphemes with offsets relative to the run) -> (offset of the word in the run, Shape) or None
_compounds: dict[tuple, tuple[int, Shape] | None] = {}
# (form, length, script) -> Shape of a word kept whole. One analysis per vocabulary item, not per occurrence.
_singles: dict[tuple[str, int, Script], Shape] = {}


def words_from_tokens(text: str, tokens: Iterable, base: int = 0) -> list[Word]:
    """Words from Kiwi tokens of ``text``; offsets are shifted by ``base``."""
    if len(_compounds) + len(_singles) > _MAX_SHAPES:
        _compounds.clear()  # bounded memory on endless input; the caches refill from what repeats
        _singles.clear()
    words: list[Word] = []
    # the noun run being read: (tag, form, start, end) with offsets relative to its first morpheme
    group: list[tuple[str, str, int, int]] = []
    group_start = 0
    prev_end = -1

    def flush() -> None:
        start = group_start
        surface = text[start : start + group[-1][3]]
        cache_key = (surface, *group)
        try:
            found = _compounds[cache_key]
        except KeyError:
            found = _compounds[cache_key] = _compound(surface, group)
        if found is not None:
            lead, shape = found
            words.append(Word(base + start + lead, shape))
        group.clear()

    # only a text holding a name whose analysis was glued can hold a token to split again
    for tok in _resplit(tokens) if _glued_name.search(text) else tokens:
        kind, tag = _KINDS[tok.tag]
        if kind is _OTHER:  # most tokens (particles, endings, symbols): only the run ends here
            if group:
                flush()
            prev_end = tok.end
            continue
        tok_start, tok_end = tok.start, tok.end
        glued = tok_start == prev_end
        # A counter after a number belongs to it even across one space: PDF text often writes
        # "5 개년" for 5개년, and both must give the same term.
        if (
            kind is _COUNTER
            and group
            and group[-1][0] in ("SN", "NR", "NNB")
            and (glued or (tok_start == prev_end + 1 and text[prev_end] == " "))
        ):
            group.append((tag, tok.form, tok_start - group_start, tok_end - group_start))
        elif kind is _NOUN or (kind is _SUFFIX and group):
            if group and not glued:
                flush()
            if not group:
                group_start = tok_start
            group.append((tag, tok.form, tok_start - group_start, tok_end - group_start))
        else:
            if group:
                flush()
            if kind is _STEM:
                form = tok.form
                if form not in _STOP_STEMS:
                    words.append(Word(base + tok_start, _single(form, tok_end - tok_start, Script.HANGUL)))
            elif kind is _MATCHED:  # URLs, e-mails, hashtags, serial numbers: keep as written
                form = text[tok_start:tok_end]
                words.append(Word(base + tok_start, _single(form, tok_end - tok_start, Script.OTHER)))
        prev_end = tok_end
    if group:
        flush()
    return words


def _single(form: str, length: int, script: Script) -> Shape:
    """The shape of a one-morpheme word kept without parts (verb stems, URLs)."""
    cache_key = (form, length, script)
    shape = _singles.get(cache_key)
    if shape is None:
        shape = _singles[cache_key] = Shape(length, (form,), (), script)
    return shape


def _compound(text: str, group: list[tuple[str, str, int, int]]) -> tuple[int, Shape] | None:
    """The shape of the noun run ``text`` (its morphemes ``group``, offsets relative to the run), and
    where the word starts in the run (at its first part: a leading suffix is dropped)."""
    parts: list[Part] = []
    prefix: tuple[str, str, int, int] | None = None
    for tag, form, start, end in group:
        if tag == "XPN":
            prefix = (tag, form, start, end)
            continue
        if tag in ("XSN", "NNB"):
            if parts:
                last = parts[-1]
                stem = last.terms[0]
                # Korean parts have no readings or glued forms; Part() is ~10x cheaper than replace()
                parts[-1] = Part(last.start, end, (stem + form,), extra=(*last.extra, stem))
            continue
        if prefix is not None:
            parts.append(Part(prefix[2], end, (prefix[1] + form,), extra=(form,)))
            prefix = None
        else:
            parts.append(Part(start, end, (form,)))
    if not parts:
        return None
    origin = parts[0].start
    surface = text[origin : parts[-1].end] if len(parts) > 1 else parts[0].terms[0]
    length = parts[-1].end - origin
    if origin:
        parts = [Part(p.start - origin, p.end - origin, p.terms, extra=p.extra) for p in parts]
    # a noun's phonetic key, which a katakana spelling of the same foreign word shares (배터리, バッテリー)
    key = hangul_key(surface)
    others = ((key, Origin.PHONETIC),) if key else ()
    return origin, Shape(length, (surface,), tuple(parts), Script.HANGUL, others=others)


class KoreanAnalyzer:
    """Kiwi wrapper: one model per process, loaded on first use."""

    def __init__(self, num_workers: int = -1, names: Iterable[str] = ()) -> None:
        self._num_workers = num_workers
        self._names = [w for w in names if w and not any(c.isspace() for c in w)]
        self._kiwi = None
        self._lock = threading.Lock()

    @property
    def kiwi(self):  # -> kiwipiepy.Kiwi (imported lazily: loading the model takes seconds)
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    kiwi = Kiwi(num_workers=self._num_workers)
                    kiwi.tokenize("")  # Kiwi initializes lazily; pay the cost here, not on a query
                    _install_names(kiwi, self._names)
                    self._kiwi = kiwi
        return self._kiwi

    @staticmethod
    def clear_caches() -> None:
        """Forget every analysed noun run and stem (their shapes are shared by all instances)."""
        _compounds.clear()
        _singles.clear()

    def iter_analyze(self, runs: Iterable[tuple[int, str]]) -> Iterator[list[Word]]:
        """Words of each (offset, text) run in turn, as Kiwi delivers them; word offsets include the
        run's offset (where the run sits in a longer text).

        Kiwi analyses a window of pieces ahead in its own threads, without the GIL, so a caller
        that does other work between two runs (Japanese runs, token emission) keeps both busy.
        ``runs`` may be lazy: Kiwi pulls it about 32 pieces ahead of the results read, so a caller
        can still be preparing its texts while Kiwi works on the first ones.
        """
        if isinstance(runs, Sequence):
            filled = [i for i, (_, text) in enumerate(runs) if text.strip()]
            if len(filled) == 1 and len(runs[filled[0]][1]) <= _CHUNK:
                # one piece (a query): analysed in this thread, without the hand-offs to Kiwi's threads
                base, text = runs[filled[0]]
                words = words_from_tokens(text, self.kiwi.tokenize(text), base)
                for i in range(len(runs)):
                    yield words if i == filled[0] else []
                return
        # what was handed to Kiwi, in order: (piece, its offset, whether it ends its run); a blank
        # run is handed nothing and noted as (None, offset, True)
        handed: deque[tuple[str | None, int, bool]] = deque()

        def pieces() -> Iterator[str]:
            for base, text in runs:
                chunks = [(offset, piece) for offset, piece in chunk_text(text) if piece.strip()]
                if not chunks:
                    handed.append((None, base, True))
                for count, (offset, piece) in enumerate(chunks, 1):
                    handed.append((piece, base + offset, count == len(chunks)))
                    yield piece

        words = []
        for tokens in self.kiwi.tokenize(pieces()):
            piece, offset, last = handed.popleft()
            while piece is None:
                yield []
                piece, offset, last = handed.popleft()
            words.extend(words_from_tokens(piece, tokens, offset))
            if last:
                yield words
                words = []
        for _blank in handed:  # blank runs after the last piece
            yield []

    def last_tag(self, text: str) -> str:
        """Kiwi's tag of the last morpheme of ``text`` (without its conjugation mark), '' if none."""
        tokens = self.kiwi.tokenize(text)
        return _base_tag(tokens[-1].tag) if tokens else ""

    def join_scorer(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (left, right) pair of line-wrapped Hangul fragments: is it one word?

        Kiwi scores the separated and the joined reading. Join when the joined reading is more
        likely and the wrap falls inside a known morpheme (스피|드 -> 스피드), or when the right
        side starts with a particle / ending / suffix (시설|과, 필요|하며) or the left ends in a
        prefix. A wrap between two independent morphemes (의료|기기) keeps its space; an unknown
        (OOV) morpheme spanning the wrap joins only if one side is a single syllable.
        """
        if not pairs:
            return []
        texts: list[str] = []
        for left, right in pairs:
            texts.append(f"{left} {right}")
            texts.append(left + right)
        # one text at a time, in this thread: called while a batch streams through Kiwi's threads,
        # a batch call would queue behind that batch's pieces
        results = [self.kiwi.analyze(text, top_n=1) for text in texts]
        decisions: list[bool] = []
        for i, (left, right) in enumerate(pairs):
            separated_score = results[2 * i][0][1]
            joined_tokens, joined_score = results[2 * i + 1][0]
            decisions.append(_decide_join(len(left), joined_tokens, joined_score - separated_score, len(right)))
        return decisions


_NAME_MARK = {"glossary_name": True}
_SPLIT_AGAIN: dict[str, tuple[tuple[int, int, str, str], ...]] = {}
_glued_names: set[str] = set()  # the names whose analysis was glued
_glued_name = re.compile(r"(?!)")  # finds any of them in a text; nothing at first


class _Piece(NamedTuple):
    """A re-split part of a glossary name, shaped like the Kiwi token fields used here."""

    form: str
    tag: str
    start: int
    end: int


def _resplit(tokens: Iterable) -> Iterable:
    """Undo the glue of ``_install_names``: Kiwi marks only the first token of a name (user_value),
    and the glued pair is always the name's third token."""
    since_mark = -1
    for tok in tokens:
        since_mark = 0 if tok.user_value == _NAME_MARK else since_mark + 1 if since_mark >= 0 else -1
        parts = _SPLIT_AGAIN.get(tok.form) if since_mark == 2 else None
        if parts:
            for start, end, form, tag in parts:
                yield _Piece(form, tag, tok.start + start, tok.start + end)
        else:
            yield tok


# A Hangul syllable may follow a name only if it starts a particle or copula (후생노동성과, 간사이의).
_AFTER_NAME = "은는이가을를의에와과도로으만까서부께라등측산"


def _install_names(kiwi, names: list[str]) -> None:
    """Make Kiwi read glossary names as names, keeping their parts.

    Without this, 후생노동성과 reads as 후생+노동+성과 (results) and 간사이 as 간+사이. A regex word
    (``add_re_word``, applied before analysis, no model rebuild) fixes each name to the morphemes
    Kiwi finds in the name alone when those are all nouns (후생/노동/성: they stay subunits), or
    to one NNP when Kiwi cannot read the name as nouns (제트로 -> 제트+로).
    """
    from kiwipiepy import PretokenizedToken

    names = sorted(set(names), key=len, reverse=True)
    if not names:
        return
    analyses: dict[str, list] = {}
    for name, tokens in zip(names, kiwi.tokenize(names), strict=True):
        covered = "".join(name[t.start : t.end] for t in tokens)
        tags = [_base_tag(t.tag) for t in tokens]
        if covered == name and all(tag in _NOUNISH or tag in ("XPN", "XSN") for tag in tags):
            pieces = [PretokenizedToken(t.form, tag, t.start, t.end) for t, tag in zip(tokens, tags, strict=True)]
        else:
            pieces = [PretokenizedToken(name, "NNP", 0, len(name))]
        if len(pieces) == 4:
            # kiwipiepy 0.24 takes a list of exactly four tokens for one token's four fields; glue the
            # last two and split them again in words_from_tokens (_SPLIT_AGAIN)
            third, fourth = pieces[2], pieces[3]
            glued = third.form + fourth.form
            _SPLIT_AGAIN[glued] = (
                (0, len(third.form), third.form, third.tag),
                (len(third.form), len(glued), fourth.form, fourth.tag),
            )
            pieces = [*pieces[:2], PretokenizedToken(glued, "NNG", third.start, fourth.end)]
            _glued_names.add(name)
        analyses[name] = pieces
    global _glued_name
    if _glued_names:
        _glued_name = re.compile("|".join(re.escape(n) for n in sorted(_glued_names)))
    alternation = "|".join(re.escape(n) for n in names)
    # Kiwi runs this over every input in Python; the first-character lookahead lets most positions
    # fail at once instead of trying every name (5x faster on the seeds).
    first_chars = re.escape("".join(sorted({n[0] for n in names})))
    pattern = re.compile(f"(?<![가-힣])(?=[{first_chars}])(?:{alternation})(?:(?![가-힣])|(?=[{_AFTER_NAME}]))")
    kiwi.add_re_word(pattern, lambda m: analyses[m.group()], user_value=_NAME_MARK)


def _decide_join(cut: int, tokens: list, gain: float, right_len: int) -> bool:
    for index, tok in enumerate(tokens):
        if tok.start < cut < tok.end:  # the wrap is inside one morpheme of the joined reading
            if tok.oov:
                return gain > 0 and min(cut - tok.start, tok.end - cut) <= 1
            return gain > -1.0
        if tok.start == cut:
            tag = _base_tag(tok.tag)
            before = _base_tag(tokens[index - 1].tag) if index > 0 else ""
            return gain >= 0 and (tag.startswith(_DEPENDENT) or before == "XPN")
    return False
