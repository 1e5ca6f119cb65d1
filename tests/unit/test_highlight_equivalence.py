"""The highlighter made cheaper (issue 28) answers exactly as before, on the same inputs.

``highlight_reference`` holds the functions as they were. Both run on the queries of our judged sets
and of the third-party sets in the shared folder (KorQuAD, JSQuAD, the Korean–Japanese set; read in
place, skipped where absent), each against passages of the seeds, the white paper and those sets'
corpora that hold some of its terms, with every query unit taken as matched so that the analyser's
path runs too; and on generated texts.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import Analyzer, default_analyzer
from analyzers.normalize import normalize_spans
from app.query import highlight as current
from app.query.build import analyze_query
from app.query.parse import parse_query
from bench.corpus import QUERY_SETS, SEEDS, SHARED, WHITE_PAPER
from bench.metrics import load_queries
from tests.unit import highlight_reference as reference

THIRD_PARTY = SHARED / "external"
THIRD_PARTY_SETS = ("ko/korquad_dev", "ja/jsquad_A", "xling/ko_ja_dev")
EVERY = 8  # of each third-party query set, every 8th query (the analyser makes this test's time)
PASSAGES_PER_QUERY = 3


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


def _paragraphs(path: Path) -> Iterator[str]:
    for para in path.read_text(encoding="utf-8").split("\n\n"):
        if para.strip():
            yield para.strip()


def passages() -> list[str]:
    texts = [p for path in [*sorted(SEEDS.glob("*.txt")), WHITE_PAPER] if path.exists() for p in _paragraphs(path)]
    for name in THIRD_PARTY_SETS:
        corpus = THIRD_PARTY / name / "corpus.jsonl"
        if corpus.exists():
            texts += [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    return texts


def queries() -> list[str]:
    out = [q.q for path in QUERY_SETS.values() for q in load_queries(path)]
    for name in THIRD_PARTY_SETS:
        path = THIRD_PARTY / name / "queries.jsonl"
        if path.exists():
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
            out += [json.loads(line)["text"] for line in lines[::EVERY]]
    return out


class Library:
    """The passages, searchable for terms written in them."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = "\0".join(texts)
        self.starts = list(accumulate((len(t) + 1 for t in texts), initial=0))

    def candidates(self, wanted: frozenset[str], rng: random.Random) -> list[str]:
        """Passages holding the most of the terms, as a search would find them, and one at random."""
        holding: Counter[int] = Counter()
        for t in wanted:
            if len(t) > 1:
                at = self.joined.find(t)
                found = set()
                while at != -1:
                    found.add(bisect_right(self.starts, at) - 1)
                    at = self.joined.find(t, at + 1)
                holding.update(found)
        best = [self.texts[i] for i, _n in holding.most_common(PASSAGES_PER_QUERY)]
        return [*best, rng.choice(self.texts)]


def test_same_spans_and_highlights_on_the_query_sets(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    library, rng = Library(passages()), random.Random(28)
    # both versions normalize each passage the same way: once is enough here
    normalized = cache(normalize_spans)
    monkeypatch.setattr(current, "normalize_spans", normalized)
    monkeypatch.setattr(reference, "normalize_spans", normalized)

    @cache
    def tokens(text: str) -> list[tuple[str, int, int]]:
        return [(t.term, t.start, t.end) for t in analyzer.analyze(text, "index")]

    def analyze(windows: list[str]) -> list[list[tuple[str, int, int]]]:
        return [tokens(w) for w in windows]

    compared = 0
    for q in queries():
        query = analyze_query(parse_query(q), lambda text: analyzer.analyze(text, "query"))
        units, words = query.highlight_terms(), query.literal_words()
        wanted = frozenset().union(*(a | b for a, b in units)) if units else frozenset()
        for text in library.candidates(wanted, rng):
            for matched in (set(), set(range(len(units)))):
                want = reference.locate(text, units, matched, analyze)
                got = current.locate(text, units, matched, analyze)
                assert sorted(set(got)) == sorted(set(want)), (q, text[:80])
                assert current.highlight(text, got, units, words) == reference.highlight(text, want, units, words), (
                    q,
                    text[:80],
                )
                compared += 1
    assert compared > 500


# Hangul, kana, kanji, Latin, digits, spaces, line breaks and what HTML escapes
ALPHABET = "일본문부과학성예산법을방 がくせい文部科学省党 aisd2023 \n\t&<>\"'。、."
texts = st.text(alphabet=ALPHABET, max_size=120)
terms = st.lists(st.text(alphabet=ALPHABET.replace(" ", "").replace("\n", ""), min_size=1, max_size=4), max_size=6)


@settings(max_examples=300, deadline=None)
@given(text=texts, wanted=terms, words=st.lists(st.text(alphabet=ALPHABET, max_size=5), max_size=3))
def test_same_output_on_generated_texts(text: str, wanted: list[str], words: list[str]) -> None:
    assert current.literal_spans(text, wanted) == reference.literal_spans(text, wanted)
    spans = reference.literal_spans(text, wanted)
    units = [(frozenset(wanted[:1]), frozenset(wanted[1:2])), (frozenset(wanted[2:]), frozenset())]
    assert current.match_spans(text, spans, units, words) == reference.match_spans(text, spans, units, words)
    assert current.highlight(text, spans, units, words) == reference.highlight(text, spans, units, words)
