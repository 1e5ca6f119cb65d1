"""Highlights: where the query's terms are in the passage text, and the fragments around them.

The index keeps no offsets (they were most of its size), so the terms are found again per hit.
Most are found as written, after the analyzer's normalization: the word itself, and its other
spellings that the query already knows (a Korean query for 문부과학성 carries the alias
文部科学省). A word that OpenSearch says the passage matches but that is nowhere as written
(a reading, a lemma of an inflected verb, a part split by a line break) is found by analysing
the words around the places that could hold it, or the whole passage (a few ms) when there are
none; so analysis happens only then (``locate``). Fragments break at sentence or clause ends
where possible.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from analyzers.normalize import normalize_spans
from analyzers.scripts import script_of
from analyzers.tokens import Script

FRAGMENT_CHARS = 180
LEAD = 60  # how far before the first match a fragment may start
MAX_FRAGMENTS = 3
# Sentence and clause ends in Korean, Japanese and Western punctuation.
_BOUNDARY = re.compile(r"(?<=[.!?。！？;；])\s|(?<=다\.)|(?<=[。、，,])|\n")


UnitTerms = tuple[frozenset[str], frozenset[str]]
TermSpan = tuple[str, int, int]
WINDOW = 12  # characters either side of a place the analyser reads again (see ``locate``)
_ASCII_WORD = re.compile(r"[0-9a-z]")
_WHITESPACE = re.compile(r"\s+")  # what ``_spaced`` lets a term hold between its characters
_HTML_SPECIAL = re.compile("[&<>\"']")  # what html.escape replaces


def _folded(text: str) -> str:
    """Casefolded with one character per character, so offsets carry over."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := c.casefold()) == 1 else c for c in text)


def literal_spans(text: str, terms: Iterable[str]) -> list[TermSpan]:
    """Where each term is written in ``text``, in the caller's offsets.

    A Hangul syllable alone must start a word (법 in 법을, not in 방법), while a kanji alone may
    end or begin a compound (党 in 共産党, as the index has the compound's parts too). A Latin or
    numeric term must stand alone (ai is not in said, 2023 not in 20230). A term
    found nowhere is looked for once more across spaces, as terms have none (쇼와천황 is written
    쇼와 천황, 1억4천만원 is 1억 4천만 원).
    """
    norm = normalize_spans(text)
    folded = _folded(norm.text)
    squeezed: str | None = None  # ``folded`` without whitespace, made when first needed
    out: list[TermSpan] = []
    for t in terms:
        if not t:
            continue
        found = _standalone(folded, t, _exact(folded, t)) if t in folded else []
        if not found and len(t) > 1:
            if squeezed is None:
                squeezed = "".join(folded.split())  # str.split's whitespace is the regex's \s
            # a match across spaces is the term itself once the spaces are gone: most terms are not
            # there at all, and this one test spares their regular expression a pass over the text
            if t in squeezed or _WHITESPACE.search(t):
                found = _standalone(folded, t, (m.span() for m in _spaced(t).finditer(folded)))
        out += [(t, *norm.span(a, b)) for a, b in found]
    return out


def _exact(text: str, t: str) -> Iterator[tuple[int, int]]:
    at = text.find(t)
    while at != -1:
        yield at, at + len(t)
        at = text.find(t, at + 1)


@lru_cache(maxsize=4096)
def _spaced(term: str) -> re.Pattern[str]:
    """The term with any whitespace allowed between its characters."""
    return re.compile(r"\s*".join(map(re.escape, term)))


def _standalone(text: str, t: str, places: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The places where ``t`` is a word of its own, as ``literal_spans`` says."""
    syllable = len(t) == 1 and script_of(t) is Script.HANGUL
    latin_start, latin_end = bool(_ASCII_WORD.match(t)), bool(_ASCII_WORD.match(t[-1]))
    if not (syllable or latin_start or latin_end):  # most terms: any place will do
        return list(places)
    out = []
    for at, end in places:
        before = text[at - 1] if at > 0 else ""
        after = text[end] if end < len(text) else ""
        if not (
            (syllable and before and script_of(before) is Script.HANGUL)
            or (latin_start and before and _ASCII_WORD.match(before))
            or (latin_end and after and _ASCII_WORD.match(after))
        ):
            out.append((at, end))
    return out


def locate(
    text: str,
    units: Sequence[UnitTerms],
    matched: set[int],
    analyze: Callable[[list[str]], list[list[TermSpan]]],
) -> list[TermSpan]:
    """The query's terms in ``text``: as written, and where a unit in ``matched`` (the units
    OpenSearch matched in this passage) is nowhere as written, from the analyser's tokens.

    The analyser reads only the words around each place that could hold such a unit (where the
    first character of one of its spellings is, 밝 for 밝히 in 밝혀), or the whole passage when no
    such place exists (a Korean reading matched in a Japanese passage): a long passage costs Kiwi
    several milliseconds, a word a few microseconds.
    """
    wanted = frozenset().union(*(a | b for a, b in units)) if units else frozenset()
    spans = literal_spans(text, wanted)
    present = {t for t, _s, _e in spans}
    spellings = [units[k][0] | units[k][1] for k in sorted(matched) if k < len(units)]
    unfound = [terms for terms in spellings if not terms & present]
    if not unfound:
        return spans
    windows = _windows(text, unfound) or [(0, len(text))]
    for (a, _b), tokens in zip(windows, analyze([text[a:b] for a, b in windows]), strict=True):
        spans += [(t, s + a, e + a) for t, s, e in tokens if t in wanted]
    return spans


def _windows(text: str, unfound: list[frozenset[str]]) -> list[tuple[int, int]] | None:
    """Merged ranges of ``text`` around the first characters of the unfound units' spellings:
    the anchor's word, at most WINDOW characters either side. None when some unit has no such
    place, or the ranges would cover most of the text anyway."""
    folded = _folded(text)
    anchors: set[int] = set()
    for terms in unfound:
        at = {m.start() for c in {t[0] for t in terms if t} for m in re.finditer(re.escape(c), folded)}
        if not at:
            return None
        anchors |= at
    ranges: list[tuple[int, int]] = []
    for i in sorted(anchors):
        lo, hi = max(0, i - WINDOW), min(len(text), i + WINDOW)
        space = max(text.rfind(" ", lo, i), text.rfind("\n", lo, i))
        start = space + 1 if space != -1 else lo
        ends = [j for j in (text.find(" ", i, hi), text.find("\n", i, hi)) if j != -1]
        end = min(ends) if ends else hi
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    if sum(b - a for a, b in ranges) * 2 > len(text):
        return None
    return ranges


def match_spans(
    text: str,
    spans: Iterable[tuple[str, int, int]],
    units: Sequence[UnitTerms],
    literal_words: Sequence[str] = (),
) -> list[tuple[int, int]]:
    """Merged character ranges of ``text`` to mark.

    Each query unit marks its whole word and other spellings; only where none of those
    occur does it fall back to marking its parts, so 科学 is not lit up all over a
    passage that matched 文部科学省 whole.
    """
    by_term: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for term, s, e in spans:
        if 0 <= s < e <= n:
            by_term.setdefault(term, []).append((s, e))
    found: list[tuple[int, int]] = []  # in any order: sorted below
    for primary, fallback in units:
        whole = [span for term, at in by_term.items() if term in primary for span in at]
        found.extend(whole or [span for term, at in by_term.items() if term in fallback for span in at])
    folded = text.casefold()
    if len(folded) == len(text):  # only then do offsets in the folded text match the original
        for word in literal_words:
            w = word.casefold().strip()
            if len(w) < 2:
                continue
            found.extend((m.start(), m.end()) for m in re.finditer(re.escape(w), folded))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _left_edge(text: str, pos: int) -> int:
    """Start at the sentence or clause start nearest before ``pos``, at most LEAD chars back."""
    window_start = max(0, pos - LEAD)
    cuts = [m.end() for m in _BOUNDARY.finditer(text, window_start, pos)]
    if cuts:
        return cuts[-1]
    if window_start == 0:
        return 0
    space = text.find(" ", window_start, pos)
    return space + 1 if space != -1 else window_start


def _right_edge(text: str, last: int, target: int) -> int:
    """End at the last sentence or clause end between ``last`` and ``target``."""
    target = min(len(text), max(target, last))
    if target == len(text):
        return target
    ends = [m.start() if m.group().isspace() else m.end() for m in _BOUNDARY.finditer(text, last, target)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", last, target)
    return space if space > last else target


def _unchanged(text: str) -> str:
    return text


def render(text: str, start: int, end: int, marks: Sequence[tuple[int, int]]) -> str:
    # html.escape changes only these characters, which most passages lack
    escape = html.escape if _HTML_SPECIAL.search(text, start, end) else _unchanged
    out: list[str] = []
    cursor = start
    for s, e in marks:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix


def fragments(text: str, marks: Sequence[tuple[int, int]]) -> list[str]:
    if not marks:
        return [render(text, 0, _right_edge(text, 0, FRAGMENT_CHARS), [])] if text else []
    clusters: list[list[tuple[int, int]]] = []
    for span in marks:
        if clusters and span[1] - clusters[-1][0][0] <= FRAGMENT_CHARS:
            clusters[-1].append(span)
        else:
            clusters.append([span])
    best = sorted(clusters, key=lambda c: (-sum(e - s for s, e in c), c[0][0]))[:MAX_FRAGMENTS]
    out = []
    for cluster in sorted(best, key=lambda c: c[0][0]):
        first, last = cluster[0][0], cluster[-1][1]
        start = _left_edge(text, first)
        end = _right_edge(text, last, start + FRAGMENT_CHARS)
        out.append(render(text, start, end, cluster))
    return out


def highlight(
    text: str,
    spans: Iterable[tuple[str, int, int]],
    units: Sequence[UnitTerms],
    literal_words: Sequence[str] = (),
) -> list[str]:
    return fragments(text, match_spans(text, spans, units, literal_words))
