"""The worker pool gives exactly the in-process analyzer's tokens, and fails loudly when a worker dies."""

from __future__ import annotations

import os
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers import Analyzer, load_glossary
from analyzers.parallel import AnalyzerPool, AnalyzerPoolError, _batches
from app.settings import PROJECT_ROOT

PAIRS = [("미라이테크", "ミライテック"), ("라피더스", "Rapidus"), ("내진", "免震")]
ODD = ["", " ", "\ud800", "😀" * 50, "가" * 5000, "文部科学省" * 700, "스피\n드 경쟁력\n강화"]


def seed_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((PROJECT_ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p for p in text.split("\n\n") if p.strip()][:60]
    return paragraphs


@pytest.fixture(scope="module")
def local() -> Analyzer:
    return Analyzer(load_glossary())


@pytest.fixture(scope="module")
def pool(local: Analyzer):
    with AnalyzerPool(local, 2) as pool:
        pool.add_aliases(PAIRS)
        yield pool


def test_pool_matches_in_process_analyzer(pool: AnalyzerPool, local: Analyzer) -> None:
    texts = seed_paragraphs() + ODD
    assert len(texts) > 200
    got = pool.analyze_many(texts)
    expected = local.analyze_many(texts, "index")
    assert len(got) == len(texts)
    mismatched = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert not mismatched, f"texts analysed differently: {mismatched[:5]}"


def test_worker_share_is_analysed_with_the_added_aliases(pool: AnalyzerPool) -> None:
    texts = ["ミライテックの工場"] * 64
    fresh = Analyzer(load_glossary())  # without the pairs: ミライテック gets no Korean spelling
    assert "미라이테크" not in {t.term for t in fresh.analyze(texts[0])}
    tokens = pool.analyze_many(texts)
    assert all("미라이테크" in {t.term for t in toks} for toks in tokens)
    # and a batch sent to a worker directly
    (packed,) = pool._result(pool._submit([texts[:1]])[0])
    assert "미라이테크" in {t[0] for t in packed}


def test_empty_input(pool: AnalyzerPool) -> None:
    assert pool.analyze_many([]) == []


@given(st.lists(st.text(max_size=30), max_size=40), st.integers(min_value=1, max_value=20))
def test_batches_cover_every_text_once_in_order(texts: list[str], count: int) -> None:
    ranges = _batches(texts, count)
    assert len(ranges) <= count
    flat = [i for a, b in ranges for i in range(a, b)]
    assert flat == list(range(len(texts)))
    assert all(a < b for a, b in ranges)


def test_dead_worker_is_a_clear_error(local: Analyzer) -> None:
    with AnalyzerPool(local, 3) as doomed:
        doomed.warm_up()
        pids = doomed.pids()
        assert len(pids) == 2
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(AnalyzerPoolError, match="worker process died"):
            doomed.analyze_many(["문부과학성"] * 50)


def test_needs_a_worker(local: Analyzer) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        AnalyzerPool(local, 1)
