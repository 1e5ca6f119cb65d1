"""Searching while ``python -m ingest --rebuild`` replaces the index behind the same alias.

A background thread searches through the live app (the ``api`` fixture) in a loop while the CLI
rebuilds into fresh indices and swaps the aliases. Every answer must be a 200 with hits: a reader
may see the old index or the new one, never an error, a missing index or an empty result.

The rebuild ingests exactly the corpus of the ``indexed`` fixture (the seeds and the white paper),
so the alias holds the same documents afterwards and the tests that run later are unaffected. The
CLI analyses in a fresh process where the fixture analysed in this one (whose analyzer caches are
warm by then), so the test also checks that both index exactly the same terms and offsets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from opensearchpy import OpenSearch, helpers

from bench.corpus import corpus_paths
from core.settings import PROJECT_ROOT, Settings

# Queries with hits in the seeds and the white paper: Korean, Japanese, cross-script, a filter, match-all.
PROBES: list[tuple[str, dict]] = [
    ("/v1/search", {"q": "문부과학성"}),
    ("/v1/search", {"q": "経済産業省"}),
    ("/v1/search", {"q": "경제산업성", "lang": "ja"}),
    ("/v1/search", {"q": "예산", "sort": "date"}),
    ("/v1/search", {"q": ""}),
    ("/v1/documents", {}),
]
REBUILD_TIMEOUT_S = 180
MIN_SEARCH_WINDOW_S = 20


@dataclass
class Observed:
    requests: int = 0
    failures: list[str] = field(default_factory=list)


def search_until(api: TestClient, stop: threading.Event, seen: Observed) -> None:
    i = 0
    while not stop.is_set():
        path, params = PROBES[i % len(PROBES)]
        i += 1
        try:
            resp = api.get(path, params=params)
        except Exception as exc:  # any exception is a failure to report, not to crash the thread on
            seen.failures.append(f"{path} {params}: {exc!r}")
            continue
        seen.requests += 1
        if resp.status_code != 200:
            seen.failures.append(f"{path} {params}: {resp.status_code} {resp.text[:300]}")
            continue
        body = resp.json()
        found = body["hits"] if path == "/v1/search" else body["documents"]
        if not found or body["total"] == 0:
            seen.failures.append(f"{path} {params}: empty result")


def analysed_fields(client: OpenSearch, alias: str) -> dict[str, tuple]:
    """Passage id -> the analyser's output as stored (the text and every term's offsets in it).

    The stacked terms themselves are indexed but not kept in _source (nothing reads them back).
    """
    fields = ["text", "spans"]
    return {
        hit["_id"]: tuple(repr(hit["_source"].get(f)) for f in fields)
        for hit in helpers.scan(client, index=alias, query={"query": {"match_all": {}}}, _source=fields)
    }


def test_search_never_fails_during_rebuild(api: TestClient, settings: Settings, client: OpenSearch) -> None:
    alias = settings.passages_alias
    analysed_before = analysed_fields(client, alias)
    old_passages = next(iter(client.indices.get_alias(name=alias)))
    old_documents = next(iter(client.indices.get_alias(name=settings.documents_alias)))
    total_before = api.get("/v1/search", params={"q": ""}).json()["total"]

    env = {**os.environ, "KJSEARCH_INDEX_PREFIX": settings.index_prefix,
           "KJSEARCH_NODE_HTTP_PORT": str(settings.node_http_port)}
    stop, seen = threading.Event(), Observed()
    reader = threading.Thread(target=search_until, args=(api, stop, seen), daemon=True)
    reader.start()
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ingest", "--rebuild", "--json", *map(str, corpus_paths())],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=REBUILD_TIMEOUT_S, check=False,
        )
        # Keep searching a while after the swap too, and for at least MIN_SEARCH_WINDOW_S in all.
        time.sleep(max(2.0, MIN_SEARCH_WINDOW_S - (time.monotonic() - started)))
    finally:
        stop.set()
        reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert seen.requests >= 20, seen
    assert not seen.failures, f"{len(seen.failures)} of {seen.requests} searches failed: {seen.failures[:5]}"

    # The aliases moved to new indices; the old ones are gone; the content is the same.
    new_passages = next(iter(client.indices.get_alias(name=alias)))
    new_documents = next(iter(client.indices.get_alias(name=settings.documents_alias)))
    assert new_passages != old_passages and new_documents != old_documents
    assert not client.indices.exists(index=old_passages)
    assert not client.indices.exists(index=old_documents)
    assert api.get("/v1/search", params={"q": ""}).json()["total"] == total_before
    analysed_after = analysed_fields(client, alias)
    assert analysed_after.keys() == analysed_before.keys()
    changed = [pid for pid in analysed_before if analysed_after[pid] != analysed_before[pid]]
    assert not changed, f"{len(changed)} passages analysed differently by the CLI, e.g. {changed[:3]}"
