"""Shared fixtures.

Integration and browser tests run against a real local OpenSearch node (started here if
none runs) with uniquely named indices holding the seeds and the Japanese white paper,
built once per session and deleted afterwards. The fixtures live here, at the root, so
every test directory shares the one index.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch

from app.main import create_app
from bench.corpus import corpus_paths
from core.opensearch import make_client
from core.settings import PROJECT_ROOT, Settings
from ingest.index.indexer import IndexWriter, index_documents
from ingest.run import collect_documents, plan_year_ranges, prepare_analyzer
from node import ensure_node, stop_node
from tests.grammar import grammar

TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test's folder says its kind: tests/integration and tests/browser run against a real node
    (marker ``integration``, so ``-m "not integration"`` needs none), tests/browser also in chromium."""
    for item in items:
        kind = item.path.relative_to(TESTS).parts[0]
        if kind in ("integration", "browser"):
            item.add_marker(pytest.mark.integration)
        if kind == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def node_settings() -> Iterator[Settings]:
    base = Settings()
    _, started = ensure_node(base)
    yield base
    if started:
        stop_node(base)


@pytest.fixture(scope="session")
def settings(node_settings: Settings) -> Settings:
    return node_settings.model_copy(update={"index_prefix": f"kjtest-{uuid.uuid4().hex[:8]}"})


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[OpenSearch]:
    os_client = make_client(settings)
    yield os_client
    # The node refuses wildcard deletes (action.destructive_requires_name), so name each index.
    for name in os_client.indices.get(index=f"{settings.index_prefix}-*"):
        os_client.indices.delete(index=name)
    os_client.close()


@pytest.fixture(scope="session")
def indexed(settings: Settings, client: OpenSearch) -> dict:
    """The seeds and the Japanese white paper, indexed through the real pipeline."""
    docs, skipped = collect_documents(corpus_paths(), grammar())
    assert not [s for s in skipped if s.is_error], skipped
    analyzer = prepare_analyzer(docs)
    writer = IndexWriter(client, settings)
    report = index_documents(
        writer, docs, lambda t: analyzer.analyze_many(t), plan_year_ranges(), rebuild=True
    )
    return {"docs": docs, "report": report, "writer": writer}


@pytest.fixture(scope="session")
def api(settings: Settings, indexed: dict) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
