"""Highlights from the analyzer's offsets into the passage text.

Because the offsets were recorded at index time for every term, including readings
and aliases, a Korean query for 문부과학성 marks 文部科学省 where that is what the
passage says. Fragments break at sentence or clause ends where possible.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

FRAGMENT_CHARS = 180
LEAD = 60  # how far before the first match a fragment may start
MAX_FRAGMENTS = 3
# Sentence and clause ends in Korean, Japanese and Western punctuation.
_BOUNDARY = re.compile(r"(?<=[.!?。！？;；])\s|(?<=다\.)|(?<=[。、，,])|\n")


UnitTerms = tuple[frozenset[str], frozenset[str]]


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
    spans = [(term, s, e) for term, s, e in spans if 0 <= s < e <= len(text)]
    found: list[tuple[int, int]] = []
    for primary, fallback in units:
        whole = [(s, e) for term, s, e in spans if term in primary]
        found.extend(whole or [(s, e) for term, s, e in spans if term in fallback])
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
