"""``python -m ingest --workers 2`` builds the index that one process builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from opensearchpy import OpenSearch, helpers

from bench.corpus import corpus_paths
from core.opensearch import make_client
from core.settings import Settings

QUERIES = ["문부과학성", "文部科学省", "스타트업 육성", "情報通信 白書", "제6기 기본계획"]


def passages(client: OpenSearch, alias: str) -> dict[str, dict]:
    return {h["_id"]: h["_source"] for h in helpers.scan(client, index=alias, query={"query": {"match_all": {}}})}


def ranking(client: OpenSearch, alias: str, q: str) -> list[tuple[str, float]]:
    body = {
        "query": {"multi_match": {"query": q, "fields": ["all", "surf", "title_all"]}},
        "size": 20,
        "sort": [{"_score": "desc"}, {"id": "asc"}],  # ties in id order: the indexing order differs
    }
    hits = client.search(index=alias, body=body)["hits"]["hits"]
    return [(h["_id"], round(h["_score"], 4)) for h in hits]


def test_two_workers_index_what_one_process_indexes(settings: Settings, indexed: dict) -> None:
    """Same passages, same analysed terms (the same scores for the same queries), one alias swap."""
    other = settings.model_copy(update={"index_prefix": f"{settings.index_prefix}-workers"})
    env = {
        **os.environ,
        "KJSEARCH_NODE_HTTP_PORT": str(settings.node_http_port),
        "KJSEARCH_INDEX_PREFIX": other.index_prefix,
    }
    run = subprocess.run(
        [sys.executable, "-m", "ingest", "--rebuild", "--workers", "2", "--json", *map(str, corpus_paths())],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout)
    one = indexed["report"]
    assert (summary["documents"], summary["passages"], summary["terms"]) == (one.documents, one.passages, one.terms)

    client = make_client(settings)
    assert passages(client, other.passages_alias) == passages(client, settings.passages_alias)
    for q in QUERIES:
        assert ranking(client, other.passages_alias, q) == ranking(client, settings.passages_alias, q), q
