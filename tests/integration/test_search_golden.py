"""Every query of our judged sets answers as recorded: the same hits, scores, highlights and facets.

The recording (``tests/eval/search_golden.json``) was made through the API with the code before the
work on the API's cost per search (issue 28), so a change meant to make a search cheaper cannot change
what users get. Highlights are kept as a digest and their marked words: the passages of the Japanese
white paper are third-party text, which the repository does not hold.

A deliberate change of ranking, analysis or highlighting changes the recording too; record it again
(after checking the differences this test prints) with::

    KJSEARCH_RECORD_GOLDEN=1 .venv/bin/python -m pytest -q tests/integration/test_search_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.corpus import QUERY_SETS
from bench.metrics import load_queries

GOLDEN = Path(__file__).resolve().parents[1] / "eval" / "search_golden.json"
RECORD = os.environ.get("KJSEARCH_RECORD_GOLDEN") == "1"
SIZE = 10
_MARK = re.compile(r"<mark>(.*?)</mark>")
HIT_FIELDS = (
    "doc_id", "doc_title", "section", "text", "lang", "page", "ocr", "ministries", "plan_periods", "years", "topics"
)
# (name, extra parameters): what a program asks, and what the web page asks
VARIANTS = {"plain": {}, "facets": {"facets": "true"}}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def summary(body: dict) -> dict:
    """What users get from one search; long parts as digests. A hit is [id, score, digest of its
    highlights, the words they mark, missing words, digest of the other fields]."""
    return {
        "total": body["total"],
        "total_exact": body["total_exact"],
        "relaxed": body["relaxed"],
        "next_cursor": body["next_cursor"],
        "suggestions": body["suggestions"],
        "facets_exact": body["facets_exact"],
        "facets": _digest(body["facets"]),
        "hits": [
            [
                h["id"],
                h["score"],
                _digest(h["highlights"]),
                sorted({m for f in h["highlights"] for m in _MARK.findall(f)}),
                h["missing"],
                _digest([h[k] for k in HIT_FIELDS]),
            ]
            for h in body["hits"]
        ],
    }


def in_score_order(hits: list[list]) -> list[list]:
    """Hits of equal score in id order: OpenSearch breaks such ties by where a passage sits in the
    index's segments, which two builds of the same index need not share."""
    return sorted(hits, key=lambda h: (-(h[1] or 0.0), h[0]))


def split_boundary_tie(hits: list[list]) -> tuple[list[list], list[list]]:
    """The hits above the page's last score, and those that share it. When more passages share that
    score than the page has room for, which of them make the page is again a matter of index order."""
    if not hits:
        return [], []
    last = hits[-1][1] or 0.0
    tail = [h for h in hits if (h[1] or 0.0) == pytest.approx(last, rel=1e-6)]
    return hits[: len(hits) - len(tail)], tail


def cases() -> list[tuple[str, str, str]]:
    return [(name, q.id, q.q) for name, path in sorted(QUERY_SETS.items()) for q in load_queries(path)]


def answers(api: TestClient) -> dict[str, dict]:
    out = {}
    for set_name, qid, q in cases():
        for variant, extra in VARIANTS.items():
            resp = api.get("/v1/search", params={"q": q, "size": SIZE, **extra})
            assert resp.status_code == 200, (q, resp.text)
            out[f"{set_name}/{qid}/{variant}"] = {"q": q, **summary(resp.json())}
    return out


@pytest.fixture(scope="module")
def current(api: TestClient) -> dict[str, dict]:
    got = answers(api)
    if RECORD:
        lines = [f"{json.dumps(k)}: {json.dumps(got[k], ensure_ascii=False, sort_keys=True)}" for k in sorted(got)]
        GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return got


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_query_is_recorded(current: dict, recorded: dict) -> None:
    assert sorted(current) == sorted(recorded)


@pytest.mark.parametrize("key", [f"{s}/{i}/{v}" for s, i, _q in cases() for v in VARIANTS])
def test_search_answers_as_recorded(current: dict, recorded: dict, key: str) -> None:
    got, want = current[key], recorded[key]
    assert got["q"] == want["q"]
    fields = ("total", "total_exact", "relaxed", "next_cursor", "suggestions", "facets_exact", "facets")
    for field in fields:
        assert got[field] == want[field], f"{key} {field}: {got[field]!r} != {want[field]!r}"
    (got_hits, got_tie), (want_hits, want_tie) = (
        split_boundary_tie(in_score_order(got["hits"])), split_boundary_tie(in_score_order(want["hits"]))
    )
    assert [h[0] for h in got_hits] == [h[0] for h in want_hits], key
    assert [h[1] for h in got_tie] == pytest.approx([h[1] for h in want_tie], rel=1e-6), (key, "last score")
    recorded_tie = {h[0]: h for h in want_tie}
    for g, w in zip(got_hits + got_tie, want_hits + [recorded_tie.get(h[0], h) for h in got_tie], strict=True):
        assert g[1] == pytest.approx(w[1], rel=1e-6), (key, g[0])
        if w[0] == g[0]:
            assert g[2:] == w[2:], (key, g[0], "[highlights, marked words, missing, other fields]")


def test_a_tie_at_the_page_boundary_is_set_apart() -> None:
    hits = [["a", 3.0], ["b", 2.0], ["c", 1.0], ["d", 1.0000001]]
    assert split_boundary_tie(in_score_order(hits)) == ([["a", 3.0], ["b", 2.0]], [["d", 1.0000001], ["c", 1.0]])
    assert split_boundary_tie([["a", 2.0], ["b", 1.0]]) == ([["a", 2.0]], [["b", 1.0]])
