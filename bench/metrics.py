"""Relevance metrics, identical to /work/shared/eval/evaluate.py (``norm`` and ``score_query`` verbatim).

A returned passage is relevant when its text contains one of the query's key phrases after NFKC,
case folding and keeping only letters and digits. ``tests/integration/test_relevance.py`` checks that
these functions agree with the shared evaluator when it is present.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

METRICS = ("hit1", "hit3", "hit10", "mrr10", "ndcg10", "keyrec20")
METRIC_LABELS = {
    "hit1": "hit@1",
    "hit3": "hit@3",
    "hit10": "hit@10",
    "mrr10": "MRR@10",
    "ndcg10": "nDCG@10",
    "keyrec20": "key recall@20",
}
# A BEIR-style set (one relevant document per query): first-relevant-rank metrics, zero-hit
# queries and latency.
BEIR_METRICS = ("hit1", "mrr10", "hit10", "zero", "ms")
BEIR_LABELS = {"hit1": "hit@1", "mrr10": "MRR@10", "hit10": "hit@10", "zero": "zero hits", "ms": "median ms"}
KINDS = ("ko", "morph", "ja", "cross", "para")


@dataclass(frozen=True)
class Query:
    id: str
    kind: str
    q: str
    keys: list[str]


def load_queries(path: Path) -> list[Query]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            out.append(Query(raw["id"], raw.get("kind", ""), raw["q"], list(raw["keys"])))
    return out


# --- verbatim from /work/shared/eval/evaluate.py -------------------------------------------------
def norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def score_query(hits: list[dict], keys: list[str]) -> dict:
    nkeys = [norm(k) for k in keys]
    texts = [norm(str(h.get("text", ""))) for h in hits]
    rel = [any(k in t for k in nkeys) for t in texts]
    first = next((i for i, r in enumerate(rel[:10]) if r), None)
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(rel[:10]) if r)
    ideal_n = min(10, max(1, sum(rel))) if any(rel) else 1
    idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal_n))
    found = sum(1 for k in nkeys if any(k in t for t in texts[:20]))
    return {
        "hit1": 1.0 if first == 0 else 0.0,
        "hit3": 1.0 if first is not None and first < 3 else 0.0,
        "hit10": 1.0 if first is not None else 0.0,
        "mrr10": 1.0 / (first + 1) if first is not None else 0.0,
        "ndcg10": dcg / idcg if any(rel) else 0.0,
        "keyrec20": found / len(nkeys) if nkeys else 0.0,
        "first_rank": None if first is None else first + 1,
    }


# --- end verbatim ---------------------------------------------------------------------------------


def mean(rows: list[dict], key: str, kind: str | None = None) -> float:
    vals = [r[key] for r in rows if kind is None or r["kind"] == kind]
    return sum(vals) / len(vals) if vals else float("nan")


def summarize(rows: list[dict]) -> dict:
    """{"all": {metric: value, "n": count}, kind: {...}} over scored rows."""
    kinds = [k for k in KINDS if any(r["kind"] == k for r in rows)]
    kinds += sorted({r["kind"] for r in rows} - set(kinds))
    out: dict = {"all": {m: mean(rows, m) for m in METRICS} | {"n": len(rows)}}
    for kind in kinds:
        out[kind] = {m: mean(rows, m, kind) for m in METRICS} | {"n": sum(r["kind"] == kind for r in rows)}
    return out


def summarize_set(rows: list[dict]) -> dict:
    """A BEIR-style set's summary: the means of ``BEIR_METRICS``' ranks, the queries with no hit,
    the median latency."""
    return {m: mean(rows, m) for m in ("hit1", "mrr10", "hit10")} | {
        "zero": int(sum(r["zero"] for r in rows)),
        "ms": statistics.median(r["ms"] for r in rows) if rows else float("nan"),
        "n": len(rows),
    }
