"""The ingest command line with indexing faked, for tests of its summary and exit codes (no OpenSearch)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rich.console import Console

from ingest import cli as ingest_cli
from ingest.model import Document


def fake_indexing(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    """Patch the CLI so that it 'indexes' into the returned list instead of OpenSearch."""
    indexed: list[Document] = []

    def fake_index(writer, documents, analyze, plans, rebuild, on_document, workers=None):  # type: ignore[no-untyped-def]
        indexed.extend(documents)
        return SimpleNamespace(index="x", documents=len(documents), passages=0, terms=0, skipped_unchanged=0,
                               replaced=0, failures=[], seconds={})

    monkeypatch.setattr(ingest_cli, "start_local_node", lambda: True)
    monkeypatch.setattr(ingest_cli, "make_client", lambda settings: None)
    monkeypatch.setattr(ingest_cli, "IndexWriter", lambda client, settings: None)
    monkeypatch.setattr(
        ingest_cli, "prepare_analyzer", lambda documents, analyzer=None: SimpleNamespace(analyze_many=None)
    )
    monkeypatch.setattr(ingest_cli, "index_documents", fake_index)
    monkeypatch.setattr(ingest_cli, "console", Console(stderr=True, width=400))
    return indexed
