"""Faults against a second, disposable node: kills, restarts, crashes mid-ingest.

The node here runs on its own ports and data directory, so killing it never
disturbs the node the other tests (or a developer's `make run`) use.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
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
from node.process import _read_pid, pid_file
from tests.grammar import grammar


@pytest.fixture(scope="module")
def scratch(node_settings: Settings) -> Iterator[Settings]:
    settings = node_settings.model_copy(
        update={
            "node_http_port": 9210,
            "node_transport_port": 9310,
            "node_heap": "512m",
            "index_prefix": f"kjfault-{uuid.uuid4().hex[:6]}",
        }
    )
    ensure_node(settings)
    yield settings
    stop_node(settings)


@pytest.fixture(scope="module")
def seed_docs():
    # The three smallest seeds: enough documents for the crash test, quick to analyze.
    smallest = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)[:3]
    docs, _ = collect_documents(smallest, grammar())
    return docs, prepare_analyzer(docs)


def build(settings: Settings, docs, analyzer, rebuild: bool, **kwargs):
    writer = IndexWriter(make_client(settings), settings)
    return index_documents(
        writer,
        docs,
        lambda t: analyzer.analyze_many(t),
        plan_year_ranges(),
        rebuild=rebuild,
        **kwargs,
    )


def kill_node(settings: Settings) -> None:
    pid = _read_pid(pid_file(settings))
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)


def all_ids(settings: Settings) -> set[str]:
    client = make_client(settings)
    client.indices.refresh(index=settings.passages_alias)
    from opensearchpy import helpers

    return {h["_id"] for h in helpers.scan(client, index=settings.passages_alias, _source=False)}


def test_restart_keeps_every_document(scratch: Settings, seed_docs) -> None:
    docs, analyzer = seed_docs
    build(scratch, docs, analyzer, rebuild=True)
    before = all_ids(scratch)
    assert before == {p.id for d in docs for p in d.passages}
    stop_node(scratch)
    ensure_node(scratch)
    assert all_ids(scratch) == before


def test_api_answers_503_while_node_is_down_and_recovers(scratch: Settings, seed_docs) -> None:
    settings = scratch.model_copy(update={"opensearch_timeout_s": 2.0})
    with TestClient(create_app(settings)) as api:
        assert api.get("/v1/search", params={"q": "일본"}).status_code == 200
        stop_node(scratch)
        for path in ("/healthz", "/v1/search?q=일본", "/v1/facets"):
            resp = api.get(path)
            assert resp.status_code == 503, path
            assert resp.json()["error"]["status"] == 503
            assert "Traceback" not in resp.text and "127.0.0.1" not in resp.text
        ensure_node(scratch)
        assert api.get("/v1/search", params={"q": "일본"}).status_code == 200
        assert api.get("/healthz").status_code == 200


def test_node_killed_mid_rebuild_leaves_previous_index(scratch: Settings, seed_docs) -> None:
    docs, analyzer = seed_docs
    build(scratch, docs, analyzer, rebuild=True)
    client = make_client(scratch)
    writer = IndexWriter(client, scratch)
    live_before = writer.aliased_index(scratch.passages_alias)
    count_before = client.count(index=scratch.passages_alias)["count"]

    env = {
        **os.environ,
        "KJSEARCH_NODE_HTTP_PORT": str(scratch.node_http_port),
        "KJSEARCH_INDEX_PREFIX": scratch.index_prefix,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", "--rebuild", str(SEEDS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not writer.orphans():
            time.sleep(0.2)
        assert writer.orphans(), "the rebuild never created its new index"
        kill_node(scratch)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0

    ensure_node(scratch)
    client = make_client(scratch)
    writer = IndexWriter(client, scratch)
    assert writer.aliased_index(scratch.passages_alias) == live_before
    assert client.count(index=scratch.passages_alias)["count"] == count_before
    build(scratch, docs, analyzer, rebuild=True)  # the next run cleans the orphan and completes
    assert writer.orphans() == []
    assert writer.aliased_index(scratch.passages_alias) != live_before
    assert all_ids(scratch) == {p.id for d in docs for p in d.passages}


class Crash(RuntimeError):
    pass


class CrashingWriter(IndexWriter):
    """Writes half of the first request that holds ``doomed``'s passages, then dies: that document's
    record is never written."""

    doomed = ""

    def bulk(self, actions, report):  # type: ignore[no-untyped-def]
        items = list(actions)
        if any(item["_source"].get("doc_id") == self.doomed for item in items):
            super().bulk(iter(items[: len(items) // 2]), report)
            raise Crash
        return super().bulk(iter(items), report)


def test_crash_mid_incremental_ingest_is_repaired_by_rerun(scratch: Settings, seed_docs) -> None:
    docs, analyzer = seed_docs
    build(scratch, docs[:1], analyzer, rebuild=True)
    writer = CrashingWriter(make_client(scratch), scratch)
    writer.doomed = docs[2].doc_id
    with pytest.raises(Crash):
        index_documents(
            writer, docs, lambda t: analyzer.analyze_many(t), plan_year_ranges(), rebuild=False
        )
    partial = all_ids(scratch)
    assert partial < {p.id for d in docs for p in d.passages}

    report = build(scratch, docs, analyzer, rebuild=False)
    assert report.skipped_unchanged == 2  # the first document and the one completed before the crash
    expected = {p.id for d in docs for p in d.passages}
    assert all_ids(scratch) == expected
    client = make_client(scratch)
    assert client.count(index=scratch.passages_alias)["count"] == len(expected)
    assert client.count(index=scratch.documents_alias)["count"] == len(docs)
