"""The bench's relevance metrics agree with the shared evaluator (read in place from ../shared)."""

from __future__ import annotations

import importlib.util

import pytest

from bench.corpus import SHARED
from bench.metrics import norm, score_query


def test_metrics_match_the_shared_evaluator() -> None:
    path = SHARED / "eval" / "evaluate.py"
    if not path.exists():
        pytest.skip("shared evaluate.py not present")
    spec = importlib.util.spec_from_file_location("shared_evaluate", path)
    assert spec and spec.loader
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    hits = [{"text": "문부과학성(文部科学省)은"}, {"text": "Ｓｏｃｉｅｔｙ 5.0"}, {"text": "기타"}]
    for keys in (["문부과학성"], ["society5.0", "없음"], ["x"]):
        assert score_query(hits, keys) == shared.score_query(hits, keys)
    assert norm("경제 안전-보장법") == shared.norm("경제 안전-보장법")
