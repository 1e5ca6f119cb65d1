"""Scanned pages in the index: a file first ingested without OCR is indexed again once its scanned
pages have been read, and its passages say they came from OCR (Tesseract is stood in for by
``FakeOcr``: what is checked here is the indexing, not the reading)."""

from __future__ import annotations

from pathlib import Path

from opensearchpy import OpenSearch

from core.settings import Settings
from ingest.index.indexer import IndexWriter, index_documents
from ingest.run import collect_documents, plan_year_ranges, prepare_analyzer
from tests.grammar import grammar
from tests.unit.test_ingest_ocr import LAST_LINES, SCAN_LINES, TEXT_LINES, FakeOcr, write_pdf


def test_a_rerun_with_ocr_replaces_the_unread_scans(tmp_path: Path, settings: Settings, client: OpenSearch) -> None:
    scratch = settings.model_copy(update={"index_prefix": f"{settings.index_prefix}-ocr"})
    path = write_pdf(tmp_path / "mixed.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES), ("text", LAST_LINES)])
    writer = IndexWriter(client, scratch)

    def ingest(ocr: FakeOcr | None, rebuild: bool = False) -> tuple[int, int]:
        docs, _ = collect_documents([path], grammar(), ocr=ocr)  # type: ignore[arg-type]
        analyzer = prepare_analyzer(docs)
        report = index_documents(
            writer, docs, lambda t: analyzer.analyze_many(t), plan_year_ranges(), rebuild=rebuild
        )
        return report.documents, report.skipped_unchanged

    def stored() -> tuple[dict, list[dict]]:
        client.indices.refresh(index=scratch.passages_alias)
        doc = client.search(index=scratch.documents_alias, body={"query": {"match_all": {}}})["hits"]["hits"]
        passages = client.search(index=scratch.passages_alias, body={"query": {"match_all": {}}, "size": 100})
        return doc[0]["_source"], [h["_source"] for h in passages["hits"]["hits"]]

    assert ingest(None, rebuild=True) == (1, 0)
    doc, passages = stored()
    assert doc["scan_pages"] == [2] and doc["ocr_pages"] == []
    assert not any(p["ocr"] for p in passages)

    fake = FakeOcr(["2. 반도체 정책", "반도체 공급망을 강화하는 정책을 발표했다."])
    assert ingest(fake) == (1, 0)  # same file, but its scans are read now: indexed again
    doc, passages = stored()
    assert doc["scan_pages"] == [] and doc["ocr_pages"] == [2]
    assert sorted((p["page"], p["ocr"]) for p in passages) == [(1, False), (2, True), (3, False)]
    assert any("반도체 공급망" in p["text"] for p in passages if p["ocr"])
    assert len({p["id"] for p in passages}) == len(passages) == doc["passage_count"]

    assert ingest(fake) == (0, 1)  # nothing new
    assert ingest(None) == (0, 1)  # without --ocr the read version stays
    assert stored()[0]["ocr_pages"] == [2]
