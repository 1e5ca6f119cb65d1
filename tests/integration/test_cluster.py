"""A local cluster of two nodes: replicas keep search answering when a node stops, and rebuilds swap.

Node A manages the cluster and holds data; node B only holds data and joins A. With one replica every
shard has a copy on each node, so stopping B loses nothing. Both run on 127.0.0.1 on their own ports
and data directories (wiped first: a data directory remembers the cluster it belonged to).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from bench.corpus import SEEDS
from core.opensearch import make_client
from core.settings import Settings
from ingest.index.indexer import IndexWriter, index_documents
from ingest.run import collect_documents, plan_year_ranges, prepare_analyzer
from node import ensure_node, stop_node
from tests.grammar import grammar

QUERIES = ["문부과학성", "経済産業省", "스타트업 지원", "반도체"]


def node(base: Settings, http: int, transport: int, peer: int, manager: bool, prefix: str) -> Settings:
    return base.model_copy(
        update={
            "node_http_port": http,
            "node_transport_port": transport,
            "node_heap": "512m",
            "node_cluster_hosts": [f"127.0.0.1:{peer}"],
            "node_cluster_manager": manager,
            "index_prefix": prefix,
            "index_replicas": 1,
        }
    )


@pytest.fixture(scope="module")
def cluster(node_settings: Settings) -> Iterator[tuple[Settings, Settings]]:
    prefix = f"kjcluster-{uuid.uuid4().hex[:6]}"
    a = node(node_settings, 9230, 9330, 9331, True, prefix)
    b = node(node_settings, 9231, 9331, 9330, False, prefix)
    for s in (a, b):
        stop_node(s)
        shutil.rmtree(s.node_dir, ignore_errors=True)
    try:
        ensure_node(a)
        ensure_node(b)
        yield a, b
    finally:
        for s in (b, a):
            stop_node(s)
            shutil.rmtree(s.node_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_docs():
    smallest = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)[:3]
    docs, _ = collect_documents(smallest, grammar())
    return docs, prepare_analyzer(docs)


def build(settings: Settings, docs, analyzer):
    writer = IndexWriter(make_client(settings), settings)
    return index_documents(
        writer, docs, lambda t: analyzer.analyze_many(t), plan_year_ranges(), rebuild=True
    )


def results(settings: Settings) -> dict[str, list[str]]:
    with TestClient(create_app(settings)) as api:
        return {q: [h["id"] for h in api.get("/v1/search", params={"q": q}).json()["hits"]] for q in QUERIES}


def wait_for(client, **health: str) -> dict:
    return client.cluster.health(params={"timeout": "60s", **health}, request_timeout=70)


def test_two_nodes_replicas_and_a_rebuild_with_one_node_down(cluster, seed_docs) -> None:
    a, b = cluster
    client = make_client(a)
    assert wait_for(client, wait_for_nodes="2")["number_of_nodes"] == 2
    docs, analyzer = seed_docs
    first = build(a, docs, analyzer)
    health = wait_for(client, wait_for_status="green")
    assert health["status"] == "green" and health["active_shards"] == 2 * health["active_primary_shards"]
    passages = client.indices.get_settings(index=a.passages_alias)
    assert next(iter(passages.values()))["settings"]["index"]["number_of_replicas"] == "1"
    before = results(a)
    assert all(before.values()), before

    stop_node(b)
    health = wait_for(client, wait_for_nodes="1")
    assert health["number_of_nodes"] == 1 and health["status"] in ("yellow", "green")
    assert results(a) == before  # every shard still has its copy on node A

    # A rebuild with the replica's node gone: the new indices are written and the aliases swapped at once.
    second = build(a, docs, analyzer)
    assert second.index != first.index
    aliased = next(iter(client.indices.get_alias(name=a.passages_alias)))
    assert aliased == second.index and not client.indices.exists(index=first.index)
    assert client.count(index=a.passages_alias)["count"] == first.passages
    assert results(a) == before
