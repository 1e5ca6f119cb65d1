"""The highlighter's functions as they were before issue 28 made them cheaper, verbatim: the reference
that ``test_highlight_equivalence`` holds the current ones to. The helpers that did not change are
imported from the module itself."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from analyzers.normalize import normalize_spans
from analyzers.scripts import script_of
from analyzers.tokens import Script
from app.query.highlight import (
    _ASCII_WORD,
    FRAGMENT_CHARS,
    MAX_FRAGMENTS,
    TermSpan,
    UnitTerms,
    _exact,
    _folded,
    _left_edge,
    _right_edge,
    _spaced,
    _windows,
)


def literal_spans(text: str, terms: Iterable[str]) -> list[TermSpan]:
    norm = normalize_spans(text)
    folded = _folded(norm.text)
    out: list[TermSpan] = []
    for t in terms:
        if not t:
            continue
        found = _standalone(folded, t, _exact(folded, t)) if t in folded else []
        if not found and len(t) > 1:
            found = _standalone(folded, t, (m.span() for m in _spaced(t).finditer(folded)))
        out += [(t, *norm.span(a, b)) for a, b in found]
    return out


def _standalone(text: str, t: str, places: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    syllable = len(t) == 1 and script_of(t) is Script.HANGUL
    latin_start, latin_end = bool(_ASCII_WORD.match(t)), bool(_ASCII_WORD.match(t[-1]))
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


def match_spans(
    text: str,
    spans: Iterable[tuple[str, int, int]],
    units: Sequence[UnitTerms],
    literal_words: Sequence[str] = (),
) -> list[tuple[int, int]]:
    spans = [(term, s, e) for term, s, e in spans if 0 <= s < e <= len(text)]
    found: list[tuple[int, int]] = []
    for primary, fallback in units:
        whole = [(s, e) for term, s, e in spans if term in primary]
        found.extend(whole or [(s, e) for term, s, e in spans if term in fallback])
    folded = text.casefold()
    if len(folded) == len(text):
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


def render(text: str, start: int, end: int, marks: Sequence[tuple[int, int]]) -> str:
    out: list[str] = []
    cursor = start
    for s, e in marks:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
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
