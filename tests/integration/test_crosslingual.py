"""A small library of both languages: a question in one finds the passage written in the other, through
the bridges that do not go through a kanji word's Sino-Korean reading, and the highlight marks the other
spelling where the passage says it."""

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

# Each article is about one thing, in one language; the others are there to be passed over.
ARTICLES = {
    "ko_kishida.txt": "일본 정치 동향\n\n기시다 총리는 국회에서 새로운 경제 대책을 발표했다. 야당은 재원을 물었다.",
    "ko_battery.txt": "전기차 산업\n\n국내 기업들은 전기차 배터리 공장을 늘리고 있다. 소재 공급망이 중요해졌다.",
    "ko_weather.txt": "기상 동향\n\n올해 여름은 강수량이 많았고 태풍이 세 차례 상륙했다.",
    "ja_kimyongsam.txt": "韓国の政治家\n\n金泳三は釜山で生まれ、国会議員を経て大統領に就任した。金融実名制を導入した。",
    "ja_netherlands.txt": "欧州の干拓\n\nオランダでは国土の多くが干拓地であり、堤防と風車で水を管理してきた。",
    "ja_festival.txt": "地方の祭り\n\n夏には各地で花火大会が開かれ、多くの観光客が訪れる。",
    "ja_yose.txt": "上方の芸能\n\n福田は寄席で囃子を務めた。",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, client: OpenSearch) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("xling")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    scratch = settings.model_copy(update={"index_prefix": f"{settings.index_prefix}-xling"})
    docs, skipped = collect_documents(sorted(folder.glob("*.txt")), grammar())
    assert len(docs) == len(ARTICLES) and not skipped
    analyzer = prepare_analyzer(docs)
    index_documents(IndexWriter(client, scratch), docs, analyzer.analyze_many, plan_year_ranges(), rebuild=True)
    with TestClient(create_app(scratch)) as api:
        yield api


def first_hit(api: TestClient, q: str) -> dict:
    resp = api.get("/v1/search", params={"q": q, "size": 3})
    assert resp.status_code == 200, resp.text
    hits = resp.json()["hits"]
    assert hits, q
    return hits[0]


@pytest.mark.parametrize(
    ("question", "answer", "marked"),
    [
        ("岸田", "기시다 총리는", "기시다"),  # a Japanese name as Korean writes its sound, and nothing else
        ("バッテリー工場", "배터리 공장", "배터리"),  # a loanword spelled apart, met by its phonetic key
        ("김영삼 대통령", "金泳三は", "金泳三"),  # a Korean name in kanji, read as a name
        ("네덜란드의 간척", "オランダでは", "オランダ"),  # an exonym from CLDR
        ("후쿠다의 요세", "福田は寄席で", "寄席"),  # the sound of a Japanese name and of a common noun
    ],
)
def test_a_question_finds_the_passage_in_the_other_language(
    library: TestClient, question: str, answer: str, marked: str
) -> None:
    hit = first_hit(library, question)
    assert answer in hit["text"]
    assert any(f"<mark>{marked}</mark>" in h for h in hit["highlights"]), hit["highlights"]


def test_analyze_shows_where_each_spelling_comes_from(library: TestClient) -> None:
    tokens = library.get("/v1/analyze", params={"text": "岸田首相と金泳三とバッテリー"}).json()["tokens"]
    origins = {(t["term"], t["origin"]) for t in tokens}
    assert ("기시다", "sound") in origins
    assert ("김영삼", "name") in origins
    assert any(origin == "phonetic" for _, origin in origins)
