"""Facets found in text: years, plan periods, ministries, topics, citations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.catalog.dates import era_year, parse_date
from ingest.catalog.tags import (
    _QUOTED_CITATION_RE,
    _quoted_citations,
    build_ministry_matcher,
    find_aliases,
    find_citations,
    find_ministries,
    find_plans,
    find_topics,
    find_years,
    load_plans,
    load_topics,
    normalize_date,
)
from ingest.model import AliasPair, Citation
from ingest.pipeline import build_document
from ingest.readers.files import RawText
from tests.grammar import grammar


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2023년 예산", [2023]),
        ("2023 년 소비자물가", [2023]),
        ("2023年度の調査", [2023]),
        ("令和5年度", [2023]),
        ("令和３年度ヘルスケア産業", [2021]),  # fullwidth digit
        ("令和元年", [2019]),
        ("令和四年三月四日", [2022]),  # kanji numerals, as gazettes and notices write them
        ("平成三十一年度", [2019]),
        ("大正十二年", []),  # before the facet's years
        ("레이와 4년", [2022]),
        ("平成元年版通信白書", [1989]),
        ("平成13年から", [2001]),
        ("昭和48年当時", [1973]),
        ("’23년 12월", [2023]),
        ("'95년", [1995]),
        ("24년 1월 11일", [2024]),
        ("제6기(‘21년~’25년) 기본계획", [2021, 2025]),
        ("(21년~25년)", [2021, 2025]),
        ("(2021~2025)", [2021, 2025]),
        ("3000 병상, 1,097 조 원, 2,000억엔", []),
        ("10년 만기 국채", []),
        ("1500ml의 수분", []),
        ("https://example.org/fy2018-pp-15.html", []),
    ],
)
def test_years(text: str, years: list[int]) -> None:
    assert find_years(text) == years


def test_era_year() -> None:
    assert era_year("令和", "5") == 2023
    assert era_year("令和", "四") == 2022
    assert era_year("平成", "元") == 1989
    assert era_year("平成", "三十一") == 2019


@pytest.mark.parametrize("text", ["令和四年三月四日", "令和4年3月4日", "令和４年３月４日"])
def test_an_era_date_gives_the_card_date_and_the_year_facet_alike(text: str) -> None:
    """One reading of era years: a date the card reads is a year the facet finds."""
    assert parse_date(text) == "2022-03-04"
    assert find_years(text) == [2022]
    assert normalize_date(text) == "2022-03-04"


def test_a_kanji_era_year_is_a_year_facet_of_the_document() -> None:
    text = (
        "事務連絡\n令和四年三月四日\n\n各都道府県労働局 御中\n\n年次有給休暇の取扱いについて\n\n"
        "標記について、下記のとおり取り扱うこととしたので通知する。"
    )
    raw = RawText(path=Path("notice.txt"), data=text.encode(), text=text, encoding="utf-8")
    doc = build_document(raw, grammar(str))
    assert doc.published == "2022-03-04"
    assert doc.years == [2022]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2026.3.27.", "2026-03-27"),
        ("2025.8.", "2025-08"),
        ("2026", "2026"),
        ("2023年7月6日", "2023-07-06"),
        ("令和 5 年 5 月 8 日発行", "2023-05-08"),
        ("검색일:2026.4.22.", None),
    ],
)
def test_normalize_date(raw: str, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_plan_table_is_consistent() -> None:
    plans = {p.id: p for p in load_plans()}
    basic = [plans[f"stbp{n}"] for n in range(1, 8)]
    assert [(p.start, p.end) for p in basic] == [
        (1996, 2000),
        (2001, 2005),
        (2006, 2010),
        (2011, 2015),
        (2016, 2020),
        (2021, 2025),
        (2026, 2030),
    ]
    assert plans["startup5y"].start == 2022 and plans["startup5y"].end == 2027
    assert all(p.ko and p.ja and p.en for p in plans.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("일본 정부는 제6차 과학기술기본계획(2021~2025)에 연구개발 예산 30조 엔을 투입", ["stbp6"]),
        ("제6기(‘21년~’25년) 기본계획은 소사이어티 5.0 실현을 목표로", ["stbp6"]),
        ("第6期科学技術・イノベーション基本計画", ["stbp6"]),
        ("内閣府「第7期科学技術・イノベーション基本計画」", ["stbp7"]),
        ("제 기 과학기술혁신기본계획6\n(2021~2025)", ["stbp6"]),  # digit displaced by extraction
        ("과학기술기본계획 기간 (2016~2020) 동안", ["stbp5"]),  # range equal to a plan's, near 기본계획
        ("제6기 정기총회에서 회장을 선출", []),  # 제6기 without a basic plan nearby
        ("한국의 제5차 과학기술기본계획(2023~2027)", []),  # Korea's own 5th plan, not Japan's
        ("(2021~2025) 기간의 매출 계획", []),  # range without 기본계획
        ("스타트업 육성 5개년 계획에서 투자액 10배", ["startup5y"]),
        ("スタートアップ育成5か年計画", ["startup5y"]),
    ],
)
def test_plans(text: str, expected: list[str]) -> None:
    assert find_plans(text) == expected


def test_plan_context_from_breadcrumb_and_preceding_text() -> None:
    assert find_plans(
        "(AI4S) 제7기 기간에는 AI 구동형 연구", crumbs="2 제7기 기본계획의 주요 영역과 시책"
    ) == ["stbp7"]
    assert find_plans("(2021~2025)\n∙ 지역 순환", before="제 기 과학기술혁신기본계획6\n") == ["stbp6"]


@dataclass
class FakeEntry:
    id: str
    kind: str
    variants: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return self.variants


MATCHER = build_ministry_matcher(
    [
        FakeEntry("mext", "ministry", ("문부과학성", "文部科学省", "MEXT")),
        FakeEntry("cas", "ministry", ("내각관방", "内閣官房")),
        FakeEntry("nss", "agency", ("내각관방 국가안전보장국", "NSS")),
        FakeEntry("nedo", "agency", ("NEDO",)),
    ]
)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("일본 문부과학성이 발표", ["mext"]),
        ("文部科学省(2026.4.17.)", ["mext"]),
        ("MEXT and NEDO", ["mext", "nedo"]),
        ("ｍｅｘｔ mext Mext NEDOS", []),  # acronyms: case-sensitive whole words only
        ("내각관방 국가안전보장국(NSS)은", ["nss"]),  # the longest name wins over 내각관방
        ("내각관방과 문부과학성", ["cas", "mext"]),
    ],
)
def test_ministries(text: str, ids: list[str]) -> None:
    assert find_ministries(text, MATCHER) == ids


def test_ministries_with_real_glossary() -> None:
    glossary = pytest.importorskip("analyzers").load_glossary()
    mext = glossary.lookup("文部科学省")
    assert mext is not None
    assert find_ministries("일본 문부과학성이 JST를 통해")[0] == mext.id
    assert mext.id in find_ministries("出典：文部科学省「科学技術白書」")
    assert mext.id in find_ministries("MEXT")


def test_topics() -> None:
    ids = {t.id for t in load_topics()}
    assert {
        "ai_robotics",
        "quantum",
        "semiconductor_comm",
        "bio_health",
        "fusion",
        "space",
        "startup",
        "talent",
        "regional_innovation",
        "economic_security",
        "aging_care",
        "foreign_labor",
    } <= ids
    assert find_topics("①AI·첨단로봇, ②양자, ③반도체·통신") == [
        "ai_robotics",
        "quantum",
        "semiconductor_comm",
    ]
    assert "quantum" not in find_topics("양자 사이의 선순환 구조를 창출")  # 양자 = "the two"
    assert "startup" in find_topics("スタートアップ・エコシステム拠点都市")
    assert "foreign_labor" in find_topics("외국인 노동력 비율 10% 이상으로 확대")


def test_citations() -> None:
    text = "출처 : 内閣府(2026.3.27.). 「第7期科学技術・イノベーション基本計画概要」. 閣議決定"
    assert find_citations(text) == [
        Citation("内閣府", "2026-03-27", "第7期科学技術・イノベーション基本計画概要")
    ]
    paren = "있음(小柳建彦, バブル以来の設備投資 パラダイム転換は日本企業の好機, 日本經濟新聞, 2023.7.23.)."
    assert find_citations(paren) == [
        Citation("日本經濟新聞", "2023-07-23", "バブル以来の設備投資 パラダイム転換は日本企業の好機")
    ]
    white_paper = "（出典）総務省（2022）「デジタル社会における経済安全保障に関する調査研究」"
    assert find_citations(white_paper) == [
        Citation("総務省", "2022", "デジタル社会における経済安全保障に関する調査研究")
    ]
    # a law named in a Korean sentence is not a citation
    assert find_citations("1995년 제정된 「과학기술기본법」에 근거하여") == []


_CITATION_PIECES = st.sampled_from(
    ["内閣府", "文部科学省", "(METI)", "(", ")", "（", "）", "「", "」", "『", "』", " ", "   ", "\n",
     "2026.3.27.", "令和5年5月8日", ".", ",", "홈페이지", "에 따르면", "白書", "x" * 45, " " * 30]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_CITATION_PIECES, max_size=40).map("".join))
def test_windowed_citation_search_matches_plain_finditer(body: str) -> None:
    expected = [m.span() for m in _QUOTED_CITATION_RE.finditer(body)]
    assert [m.span() for m in _quoted_citations(body)] == expected


def test_a_document_s_aliases_include_the_short_forms_it_defines() -> None:
    texts = [
        "この規則は、労働基準法（以下「労基法」という。）に基づき定める。",
        "라피더스는 키옥시아(キオクシア)와",
        "労基法第３６条に定める協定",
    ]
    assert find_aliases(texts) == [
        AliasPair(korean="労基法", original="労働基準法"),
        AliasPair(korean="키옥시아", original="キオクシア"),
    ]


def _tagged(text: str, name: str = "doc.txt") -> list[str]:
    raw = RawText(path=Path(name), data=text.encode(), text=text, encoding="utf-8")
    return build_document(raw, grammar(str)).ministries


def test_an_acronym_that_is_also_a_technical_term_is_a_body_only_in_context() -> None:
    crypto = (
        "암호모듈 키 관리 안내\n\n1. 키 관리\n\n"
        "암호모듈은 데이터 암호키를 KEK로 암호화하여 저장한다. KEK는 한국인터넷진흥원이 정한 절차에 따라 관리한다.\n"
    )
    assert "jp-kek" not in _tagged(crypto)
    # the full name elsewhere in the document, or the country beside the acronym, says which KEK it is
    physics = crypto + "\n2. 협력\n\n고에너지가속기연구기구와 공동 연구를 추진한다.\n"
    assert "jp-kek" in _tagged(physics)
    assert "jp-kek" in _tagged("가속기 협력\n\n1. 개요\n\n일본 KEK는 새 가속기를 짓는다. 우리 연구진도 참여한다.\n")
    # in a Japanese text the Japanese body is the one meant
    assert "jp-kek" in _tagged("加速器の整備\n\n1. 概要\n\nKEKは新しい加速器の建設を進めている。\n")
