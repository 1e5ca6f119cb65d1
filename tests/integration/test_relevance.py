"""Pin kjsearch's relevance on the judged query sets (measured by `make eval`), within a tolerance.

Like pyserini's regression tests: the expected figures are the ones measured at the time of writing;
a drop of more than TOLERANCE fails. Only our engine is evaluated here (the baselines run in `make eval`).
"""

from __future__ import annotations

import importlib.util

import pytest
from fastapi.testclient import TestClient

from bench.corpus import QUERY_SETS
from bench.engines import ApiEngine
from bench.eval import evaluate
from bench.metrics import norm, score_query
from tests.conftest import SHARED

TOLERANCE = 0.05
# Measured with `make eval` (docs/evaluation.md).
PINNED = {
    "dev": {"hit10": 1.000, "mrr10": 0.877},
    "kjsearch": {"hit10": 0.913, "mrr10": 0.882},
}


@pytest.mark.parametrize("set_name", sorted(PINNED))
def test_relevance_does_not_regress(api: TestClient, set_name: str) -> None:
    summary = evaluate(ApiEngine(api), QUERY_SETS[set_name])["summary"]["all"]
    for metric, pinned in PINNED[set_name].items():
        assert summary[metric] >= pinned - TOLERANCE, (
            f"{set_name} {metric}: {summary[metric]:.3f} < {pinned} - {TOLERANCE}"
        )


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
