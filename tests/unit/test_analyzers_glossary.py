"""Glossary loading / lookup and alias mining."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from analyzers import GlossaryEntry, load_glossary, mine_abbreviations, mine_aliases
from analyzers.glossary import KINDS, MAX_MINED_GROUP, AliasIndex
from ingest.run import mined_aliases


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize(
    ("form", "entry_id"),
    [
        ("문부과학성", "jp-mext"),
        ("文部科学省", "jp-mext"),
        ("MEXT", "jp-mext"),
        ("mext", "jp-mext"),
        ("경제산업성", "jp-meti"),
        ("経産省", "jp-meti"),
        ("METI", "jp-meti"),
        ("厚生労働省", "jp-mhlw"),
        ("MHLW", "jp-mhlw"),
        ("Cabinet Office", "jp-cao"),
        ("内閣官房", "jp-cas"),
        ("こども家庭庁", "jp-cfa"),
        ("어린이가정청", "jp-cfa"),
        ("デジタル庁", "jp-digital"),
        ("新エネルギー・産業技術総合開発機構", "jp-nedo"),
        ("신에너지·산업기술종합개발기구", "jp-nedo"),
        ("NEDO", "jp-nedo"),
        ("총합과학기술혁신회의".replace("총합", "종합"), "jp-csti"),
        ("総合科学技術・イノベーション会議", "jp-csti"),
        ("과기정통부", "kr-msit"),
        ("중기부", "kr-mss"),
        ("キオクシア", "jp-kioxia"),
        ("소니 그룹", "jp-sonygroup"),
        ("소니그룹", "jp-sonygroup"),
        ("セブン&アイ・ホールディングス", "jp-seven-i"),
        ("세븐아이홀딩스", "jp-seven-i"),
        ("Society 5.0", "jp-society50"),
        ("ふるさと納税", "jp-furusato"),
        ("ＴＳＭＣ", "intl-tsmc"),
    ],
)
def test_lookup(glossary, form: str, entry_id: str) -> None:
    entry = glossary.lookup(form)
    assert entry is not None and entry.id == entry_id


def test_lookup_unknown(glossary) -> None:
    assert glossary.lookup("없는기관") is None
    assert glossary.lookup("") is None


def test_entries_are_well_formed(glossary) -> None:
    ids = [e.id for e in glossary.entries]
    assert len(ids) == len(set(ids)) >= 150
    for entry in glossary.entries:
        assert isinstance(entry, GlossaryEntry)
        assert entry.kind in KINDS and entry.country in {"jp", "kr", "intl"}
        assert entry.forms and entry.forms[0] == (entry.ko or entry.ja or entry.en)
    ministries = {e.id for e in glossary.entries if e.kind in {"ministry", "agency", "council"}}
    for required in (
        "jp-mext",
        "jp-meti",
        "jp-cao",
        "jp-cas",
        "jp-mofa",
        "jp-mod",
        "jp-mhlw",
        "jp-moj",
        "jp-jpo",
        "jp-mic",
        "jp-mof",
        "jp-mlit",
        "jp-maff",
        "jp-moe",
        "jp-digital",
        "jp-smea",
        "jp-bunka",
        "jp-reconstruction",
        "jp-isa",
        "jp-fsa",
        "jp-caa",
        "jp-cfa",
        "jp-jst",
        "jp-nedo",
        "jp-amed",
        "jp-jsps",
        "jp-riken",
        "jp-csti",
        "jp-nss",
        "jp-jaxa",
        "jp-aist",
        "jp-jetro",
        "kr-msit",
        "kr-mss",
        "kr-motie",
        "kr-moe",
        "kr-moef",
        "kr-mois",
        "kr-lec",
        "kr-kistep",
    ):
        assert required in ministries, required


def test_forms_property() -> None:
    entry = GlossaryEntry("x", "org", "jp", "가", "カ", "Ka", ("가", "KA2"))
    assert entry.forms == ("가", "カ", "Ka", "KA2")


def test_load_custom_path(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("id\tkind\tcountry\tko\tja\ten\tvariants\nx\tcompany\tjp\t테스트\tテスト\tTest\tTST|テ\n")
    g = load_glossary(path)
    assert [e.id for e in g.entries] == ["x"] and g.lookup("tst").id == "x"
    path.write_text("x\tbogus\tjp\t테스트\t\t\t\n")
    with pytest.raises(ValueError):
        load_glossary(path)


def test_alias_index_merges_groups() -> None:
    index = AliasIndex()
    index.add_group(["키옥시아", "キオクシア"])
    index.add_group(["キオクシア", "Kioxia"])
    assert index.match("키옥시아") == ({"키옥시아", "キオクシア", "kioxia"}, False)
    assert index.match("키옥")[1] and not index.match("키옥시아")[1] and not index.match("xyz")[1]
    assert index.match("xyz") == (frozenset(), False)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("라피더스는 키옥시아(キオクシア), 소니", ("키옥시아", "キオクシア")),
        ("노력의 일환으로 라피더스(Rapidus)", ("라피더스", "Rapidus")),
        ("키옥시아, 소니 그룹(ソニーグループ), 덴소", ("소니 그룹", "ソニーグループ")),
        ("방재 기술로 내진·면진(免震) 등", ("면진", "免震")),
        ("의 고도화 및 후가쿠(富岳)", ("후가쿠", "富岳")),
        ("창업자 지원 시설과 벤처캐피탈(VC)와", ("벤처캐피탈", "VC")),
        ("럽국가와는 호라이즌 유럽(Horizon Europe)", ("호라이즌 유럽", "Horizon Europe")),
    ],
)
def test_mine_aliases(text: str, pair: tuple[str, str]) -> None:
    assert pair in mine_aliases(text)


@pytest.mark.parametrize(
    "text",
    [
        "특구 육성(’23.9.) 등",
        "삼성전자(주) 대표",
        "인구(2022) 통계",
        "통계청 인구동향(’22 0.78 )",
        "연구대학군(群)으로 육성",
        "의 학술정보 네트워크(SINET)",
        "과학연구비 조성 사업(일본학술진흥회:JSPS)",
        "새로운 정책을 적극적으로 추진하고 있다(This is a long English sentence here)",
        "리스크 점검(공급망 분석, 리스크 점검)",
        "김규판 선임연구위원(keiokim@kiep.go.kr)",
    ],
)
def test_mine_aliases_rejects(text: str) -> None:
    assert mine_aliases(text) == []


def test_mined_pairs_add_spellings_but_never_join_two_groups() -> None:
    index = AliasIndex()
    index.add_group(["문부과학성", "文部科学省"])
    index.add_group(["경제산업성", "経済産業省"])
    assert not index.add_pair("문부과학성", "経済産業省")  # a stray pair between two ministries
    assert index.match("문부과학성")[0] == {"문부과학성", "文部科学省"}
    assert index.add_pair("문과성", "文部科学省")
    assert index.match("문과성")[0] == {"문과성", "문부과학성", "文部科学省"}


def test_a_name_stops_growing_through_mined_pairs() -> None:
    index = AliasIndex()
    for i in range(3 * MAX_MINED_GROUP):
        index.add_pair(f"단어{i}", "簿記")  # every word that once stood before "(簿記)"
    assert len(index.match("簿記")[0]) == MAX_MINED_GROUP


def test_an_original_keeps_the_korean_spellings_it_is_usually_glossed_with() -> None:
    def doc(*pairs: tuple[str, str]) -> SimpleNamespace:
        return SimpleNamespace(aliases=[SimpleNamespace(korean=k, original=o) for k, o in pairs])

    docs = [doc(("부기", "簿記"), ("면진", "免震")) for _ in range(4)] + [doc(("일본", "簿記"), ("내진", "免震"))]
    docs += [doc(("내진", "免震"))]
    assert mined_aliases(docs) == [("부기", "簿記"), ("면진", "免震"), ("내진", "免震")]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("この規則は、労働基準法（以下「労基法」という。）に基づき", [("労基法", "労働基準法")]),
        ("改正労働基準法（以下「労基法」）", [("労基法", "労働基準法")]),  # the shortest name it abbreviates
        ("労働者災害補償保険（以下「労災保険」という。）", [("労災保険", "労働者災害補償保険")]),
        ('과학기술정보통신부(이하 "과기정통부"라 한다)는', [("과기정통부", "과학기술정보통신부")]),
        # a head noun or a word of the name is no short form; nor is one letter or another script
        ("この就業規則（以下「規則」という。）は", []),
        ('「근로기준법」(이하 "법"이라 한다)', []),
        ("国立研究開発法人科学技術振興機構（以下「JST」という。）", []),
        ("厚生労働省労働基準局長（以下「局長」という。）", []),
        ("労働基準法（労基法）に基づき", []),  # no 以下: an aside, not a definition
    ],
)
def test_mine_abbreviations(text: str, pairs: list[tuple[str, str]]) -> None:
    assert mine_abbreviations(text) == pairs
