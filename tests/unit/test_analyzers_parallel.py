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

PAIRS = [("키옥시아", "キオクシア"), ("라피더스", "Rapidus"), ("내진", "免震")]
ODD = ["", " ", "\ud800", "😀" * 50, "가" * 5000, "文部科学省" * 700, "스피\n드 경쟁력\n강화"]


def seed_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((PROJECT_ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p for p in text.split("\n\n") if p.strip()][:60]
    return paragraphs


@pytest.fixture(scope="module")
def pool():
    with AnalyzerPool(2) as pool:
        pool.add_aliases(PAIRS)
        yield pool


def test_pool_matches_in_process_analyzer(pool: AnalyzerPool) -> None:
    texts = seed_paragraphs() + ODD
    assert len(texts) > 200
    local = Analyzer(load_glossary())
    local.add_aliases(PAIRS)
    expected = local.analyze_many(texts, "index")
    got = pool.analyze_many(texts)
    assert len(got) == len(texts)
    mismatched = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert not mismatched, f"texts analysed differently: {mismatched[:5]}"
    # the mined pairs reached the workers: キオクシア carries its Korean spelling
    (tokens,) = pool.analyze_many(["キオクシアの工場"])
    assert "키옥시아" in {t.term for t in tokens}


def test_empty_input(pool: AnalyzerPool) -> None:
    assert pool.analyze_many([]) == []


@given(st.lists(st.text(max_size=30), max_size=40), st.integers(min_value=1, max_value=20))
def test_batches_cover_every_text_once_in_order(texts: list[str], count: int) -> None:
    ranges = _batches(texts, count)
    assert len(ranges) <= count
    flat = [i for a, b in ranges for i in range(a, b)]
    assert flat == list(range(len(texts)))
    assert all(a < b for a, b in ranges)


def test_dead_worker_is_a_clear_error() -> None:
    with AnalyzerPool(2) as doomed:
        doomed.warm_up()
        pids = doomed.pids()
        assert len(pids) == 2
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(AnalyzerPoolError, match="worker process died"):
            doomed.analyze_many(["문부과학성"] * 50)


def test_rejects_zero_processes() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AnalyzerPool(0)
