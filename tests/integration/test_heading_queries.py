"""A query that is a section's heading finds that section first, above passages elsewhere that only
mention its words (often, and in their own sentences)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch

from app.main import create_app
from core.settings import Settings
from ingest.index.indexer import IndexWriter, index_documents
from ingest.run import collect_documents, plan_year_ranges, prepare_analyzer
from tests.grammar import grammar

REPORT = """반도체 산업 동향 보고서

1. 개요

이 보고서는 국내외 반도체 산업의 최근 동향을 정리하고 정책 과제를 제시한다.

2. 공급망 안정화 지원 방안

정부는 핵심 소재와 장비의 국산화를 위해 연구개발 예산을 늘리고 세제 혜택을 넓히기로 했다.
비축 물량을 확대하고 수입국을 다변화하는 방안도 함께 추진된다.

3. 시장 동향

반도체 공급망이 흔들리면서 각국은 공급망 안정화에 나섰다. 기업들도 공급망 안정화를 위한 지원을
요구하고 있으며, 공급망 안정화 지원이 늦어지면 생산 차질이 커질 수 있다는 지적이 나온다.

4. 인력 양성

대학과 기업이 함께 반도체 설계 인력을 기르는 계약학과를 늘린다.
"""

WHITE_PAPER = """科学技術の動向

第1節 研究開発投資の拡充

政府は大学への基盤的経費を確保し、若手研究者が挑戦できる環境を整える。競争的研究費の
制度改革も進める。

第2節 産業界の取組

企業の研究開発投資の拡充が求められている。研究開発投資の拡充に向けて、税制による
研究開発投資の支援も拡充された。

第3節 国際協力

欧州との共同研究が増えている。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, client: OpenSearch) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("headings")
    (folder / "ko_report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "ja_paper.txt").write_text(WHITE_PAPER, encoding="utf-8")
    scratch = settings.model_copy(update={"index_prefix": f"{settings.index_prefix}-headings"})
    docs, skipped = collect_documents(sorted(folder.glob("*.txt")), grammar())
    assert len(docs) == 2 and not skipped
    analyzer = prepare_analyzer(docs)
    index_documents(IndexWriter(client, scratch), docs, analyzer.analyze_many, plan_year_ranges(), rebuild=True)
    with TestClient(create_app(scratch)) as api:
        yield api


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("공급망 안정화 지원 방안", "핵심 소재와 장비의 국산화"),
        ("研究開発投資の拡充", "基盤的経費を確保"),
    ],
)
def test_a_heading_typed_as_the_query_finds_its_section_first(library: TestClient, query: str, answer: str) -> None:
    resp = library.get("/v1/search", params={"q": query, "size": 3})
    assert resp.status_code == 200, resp.text
    hits = resp.json()["hits"]
    assert hits and answer in hits[0]["text"], [h["text"][:40] for h in hits]
