"""Build our index exactly as ``make run`` does (ingest pipeline, rebuild) under a throwaway prefix."""

from __future__ import annotations

import uuid

from opensearchpy import OpenSearch

from core.opensearch import make_client
from core.settings import Settings
from ingest.index.indexer import IndexWriter, IngestReport, analyze_document, document_actions, index_documents
from ingest.model import Document
from ingest.run import plan_year_ranges, prepare_analyzer


def bench_settings(base: Settings, tag: str) -> Settings:
    return base.model_copy(update={"index_prefix": f"kjbench-{tag}-{uuid.uuid4().hex[:6]}"})


def build_our_index(settings: Settings, docs: list[Document], client: OpenSearch | None = None) -> IngestReport:
    client = client or make_client(settings)
    analyzer = prepare_analyzer(docs)
    writer = IndexWriter(client, settings)
    return index_documents(
        writer, docs, lambda texts: analyzer.analyze_many(texts), plan_year_ranges(), rebuild=True
    )


def passage_sources(docs: list[Document]) -> list[dict]:
    """Each passage as our ingest sends it to the index, with the pre-analysed fields that the
    index's ``_source`` leaves out (so a copy of a stored ``_source`` would not be searchable)."""
    analyzer = prepare_analyzer(docs)
    plan_years = plan_year_ranges()
    out: list[dict] = []
    for doc in docs:
        tokens, headings = analyze_document(doc, lambda texts: analyzer.analyze_many(texts))
        actions = document_actions(doc, tokens, headings, "passages", "documents", plan_years, IngestReport())
        out += [a["_source"] for a in actions if a["_index"] == "passages"]
    return out


def drop_our_index(settings: Settings, client: OpenSearch | None = None) -> None:
    """Delete every index of this prefix by name (the node refuses wildcard deletes)."""
    client = client or make_client(settings)
    names = client.indices.get(index=f"{settings.index_prefix}-*", expand_wildcards="all", ignore_unavailable=True)
    for name in names:
        client.indices.delete(index=name, ignore_unavailable=True)
