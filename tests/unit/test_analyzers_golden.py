"""Golden cases from real lines of the seed reports (Korean about Japan) and the Japanese white paper."""

from __future__ import annotations

import pytest

from analyzers import Analyzer, Origin, Token
from tests.grammar import session_analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return session_analyzer()  # fresh, not the process-wide one; Kiwi loads once for the session


def terms(tokens: list[Token], *origins: Origin) -> set[str]:
    return {t.term for t in tokens if not origins or t.origin in origins}


def at(tokens: list[Token], term: str, origin: Origin | None = None) -> Token:
    found = [t for t in tokens if t.term == term and (origin is None or t.origin == origin)]
    assert found, f"{term!r} not in {[t.term for t in tokens]}"
    return found[0]


# (seed line, terms that must be produced, terms that must not be)
GOLDEN: list[tuple[str, set[str], set[str]]] = [
    # --- 000: deep tech start-ups (every line separated by a blank line, words broken across lines)
    (
        "강국인 미국조차 과거에 축적된 내용이 통용되기 어렵고, 기존의 스피\n\n드 중심의 사업 확대모델에",
        {"스피드", "강국", "미국", "축적", "통용", "확대모델", "확대", "모델"},
        {"스피", "드"},
    ),
    (
        "대응 가능한 협력상대가 풍부하다는 강점이 있음.",
        {"협력상대", "협력", "상대", "풍부", "강점"},
        {"있음", "는"},
    ),
    ("상\n\n대적으로 작은 것으로 보임.", {"상대적", "상대"}, {"상", "대적"}),
    (
        "○ 스타트업 에코시스템이란 스타트업을 지원하기 위해 창업자 지원 시설",
        {"스타트업", "에코시스템", "에코", "시스템", "창업자", "지원", "시설"},
        {"을", "위하"},
    ),
    (
        "스타트업・에코시스템(특히 딥테크 분야) 발전을 위해 다양한 시책을 실시할 것을 제시.",
        {"스타트업", "에코시스템", "딥테크", "분야", "발전", "시책", "실시", "제시"},
        set(),
    ),
    (
        "②모노즈쿠리, 그 중에서도 스리아와세(맞춤) 기술이 뛰어나고",
        {"모노즈쿠리", "ものづくり", "기술", "뛰어나"},
        set(),
    ),
    (
        "벤처캐피탈(VC)와 엔젤 투\n\n자자, 대학교 및 연구기관",
        {"벤처캐피탈", "vc", "투자자", "대학교", "연구기관"},
        {"투", "자자"},
    ),
    (
        "새로운 자본주의의 그랜드 디자인 및 실행 계획 2023 개정판",
        {"자본주의", "그랜드", "디자인", "실행", "계획", "2023", "개정판"},
        set(),
    ),
    # --- 001: 7th S&T and innovation basic plan
    (
        "일본 제7기 과학기술·혁신 기본계획 주요내용과 시사점",
        {"과학기술", "과학", "기술", "혁신", "기본계획", "기본", "계획", "주요내용", "시사점"},
        set(),
    ),
    (
        "5년 주기로 내각부가 수립하고 있는 ‘과학기술·혁신 기본계획’은 일본의 과학기술정책을 집대성",
        {"내각부", "内閣府", "cabinetoffice", "과학기술정책", "정책", "집대성", "수립"},
        {"가", "은"},
    ),
    ("과학기술혁신기본계획", {"과학기술혁신기본계획", "과학", "기술", "혁신", "기본", "계획"}, set()),
    (
        "2014년 이후 내각부가 수립하고 있는 ‘통합혁신전략’(‘18년 이전에는 과학기술혁신종합전략)은",
        {"통합혁신전략", "統合イノベーション戦略", "과학기술혁신종합전략", "종합", "전략", "2014"},
        set(),
    ),
    (
        "본고는 저자의 개인적인 견해이며 과학기술정보통신부와 KISTEP의 공식적인 의견이 아닙니다.",
        {"과학기술정보통신부", "과기정통부", "msit", "kistep", "한국과학기술기획평가원", "견해", "의견"},
        {"아니"},
    ),
    ("의 고도화 및 후가쿠(富岳)", {"후가쿠", "富岳", "fugaku", "고도화"}, set()),
    (
        "내각관방 국가안전보장국(NSS)",
        {"내각관방", "内閣官房", "국가안전보장국", "nss", "国家安全保障局"},
        set(),
    ),
    ("명실상부한 연구대학군(群)", {"연구대학", "群", "군"}, set()),
    ("내진・면진(免震)", {"내진", "면진", "免震"}, set()),
    (
        "컨트롤타워(CSTI, 종합과학기술・혁신회의)",
        {"csti", "종합과학기술혁신회의", "総合科学技術イノベーション会議"},
        set(),
    ),
    # --- 002: weekly Japan economy notes
    (
        "일본은행 금융정책결정회의에서 장단기금리통제(YCC) 상한선 0.5%→1% 확대조치(7.28)",
        {"일본은행", "boj", "日本銀行", "금융정책결정회의", "장단기금리통제", "ycc", "상한선", "확대조치"},
        set(),
    ),
    (
        "세븐아이홀딩스, 혼다, 카시오 등 대기업에서 외국인 근로자 양성 및 지원 강화",
        {
            "세븐아이홀딩스",
            "セブンアイホールディングス",
            "혼다",
            "ホンダ",
            "카시오",
            "カシオ",
            "외국인",
            "근로자",
        },
        {"등", "에서"},
    ),
    (
        "일본정부 ‘출입국 관리 및 난민인정법 및 법무성 설치법 일부 개정 법률’ 공표(18.12)",
        {"난민인정법", "난민", "인정", "법무성", "法務省", "moj", "설치법", "개정", "법률"},
        set(),
    ),
    (
        "예) 후지필름 (건강진단센터), 오므론 헬스케어(원격진료 서비스 예정)",
        {"후지필름", "富士フイルム", "건강진단센터", "센터", "오므론", "オムロン", "원격진료"},
        set(),
    ),
    (
        "성장전략(成長戦略フォローアップ, 令和2年7月閣議決定)",
        {"성장전략", "成長戦略", "閣議決定", "각의결정", "閣議", "각의", "決定", "결정", "레이와"},
        {"영화"},
    ),
    ("이데미츠코산은 한국전력(KEPCO)과", {"이데미츠코산", "出光興産", "한국전력", "kepco", "한전"}, set()),
    ("고체전해질의 입계제어(粒径制御)", {"고체전해질", "粒径制御", "입경제어", "입계제어"}, set()),
    # --- 003: regional innovation
    (
        "❍ 윤석열 정부는 지방시대 비전과 전략 및 지방시대위원회 출범 등을 통해",
        {"지방시대위원회", "地方時代委員会", "지방", "시대", "위원회", "출범"},
        set(),
    ),
    (
        "년 월 기준 소멸위험지역이 곳으로 확산 한국고용정보원 지역산업과 고용",
        {"소멸위험지역", "소멸", "위험", "한국고용정보원", "keis", "확산"},
        set(),
    ),
    ("문부과학성 과학기술혁신백서 2023", {"문부과학성", "文部科学省", "mext", "문부", "백서"}, set()),
    (
        "우리나라는 급격한 인구구조 변화에 따라 지역소멸 위기에 봉착하고 있으며 그에 따른 지역혁신, \n역량 저하가 우려",
        {"인구구조", "지역소멸", "지역혁신", "역량", "저하", "우려", "봉착"},
        set(),
    ),
    # --- 004: technology competition
    (
        "노력의 일환으로 라피더스(Rapidus)",
        {"라피더스", "rapidus", "ラピダス", "일환", "노력"},
        set(),
    ),
    (
        "라피더스는 키옥시아(キオクシア), 소니 그룹(ソニーグループ), 덴소(デンソー), 도요타(トヨタ自動車) 등",
        {
            "키옥시아",
            "キオクシア",
            "kioxia",
            "ソニーグループ",
            "소니그룹",
            "덴소",
            "デンソー",
            "도요타",
            "トヨタ自動車",
        },
        set(),
    ),
    (
        "21세기 세계 질서는 미중 전략 경쟁과 같은 지구적 차원의 패권 경쟁과",
        {"21세기", "세계", "질서", "미중", "전략", "경쟁", "지구적", "지구", "차원", "패권"},
        set(),
    ),
    (
        "정적으로 추진하기 2022년 5월 경제안전보장법을 제정한 데서 나타나듯이",
        {"경제안전보장법", "経済安全保障推進法", "2022년", "제정", "나타나"},
        set(),
    ),
    ("반도체가 부족하다.", {"반도체", "부족"}, {"부족하", "다"}),
    ("반도체를 양산하는 공장", {"반도체", "양산", "공장"}, {"양산하", "는"}),
    # --- Japanese white paper
    (
        "第7期科学技術・イノベーション基本計画の策定に向けて文部科学省と経済産業省が議論",
        {
            "科学技術",
            "과학기술",
            "基本計画",
            "기본계획",
            "文部科学省",
            "문부과학성",
            "経済産業省",
            "경제산업성",
            "策定",
        },
        {"の", "が", "と"},
    ),
    (
        "情報通信白書の刊行から50年間でICTは高度化し、様々なICTサービスやビジネスが登場した。",
        {"情報通信白書", "정보통신백서", "情報", "通信", "白書", "刊行", "ict", "高度化", "サービス", "登場"},
        {"の", "から", "は", "た"},
    ),
    ("厚生労働省", {"厚生労働省", "후생노동성", "후생", "노동", "성", "mhlw", "厚労省"}, {"후생로동성"}),
    ("科学技術指標", {"科学技術指標", "과학기술지표", "科学技術", "指標", "지표"}, set()),
    ("閣議決定", {"閣議決定", "각의결정"}, set()),
    ("経済産業省", {"経済産業省", "경제산업성", "meti", "경산성"}, set()),
    ("理化学研究所", {"理化学研究所", "이화학연구소", "riken"}, set()),
    (
        "国際競争力",
        {"国際競争力", "국제경쟁력", "競争", "경쟁", "競争力", "경쟁력"},
        {"경쟁역", "국제경쟁역"},
    ),
    (
        "후생노동성과 경제산업성은",
        {"후생노동성", "후생", "노동", "厚生労働省", "mhlw", "경제산업성", "meti"},
        {"성과"},
    ),
    ("간사이 지역의 스타트업", {"간사이", "関西", "kansai", "지역", "스타트업"}, {"사이"}),
    # --- mixed script
    (
        "일본 정부는 「第7期科学技術・イノベーション基本計画」을 발표",
        {"일본", "정부", "科学技術", "과학기술", "イノベーション", "基本計画", "발표"},
        {"을"},
    ),
    ("일본 요양시설이 시장선점 위해 中진출", {"요양시설", "시장선점", "中", "중", "진출"}, set()),
    ("AI기술과 ICT 인재", {"ai기술", "ai", "기술", "ict", "인재"}, set()),
]


@pytest.mark.parametrize(("text", "expected", "absent"), GOLDEN, ids=[g[0][:24] for g in GOLDEN])
def test_golden_terms(analyzer: Analyzer, text: str, expected: set[str], absent: set[str]) -> None:
    tokens = analyzer.analyze(text)
    got = terms(tokens)
    assert expected <= got, f"missing {expected - got}"
    assert not (absent & got), f"unexpected {absent & got}"


def test_golden_count() -> None:
    assert len(GOLDEN) >= 40


def test_compound_positions(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("과학기술혁신기본계획을 수립")
    whole = at(tokens, "과학기술혁신기본계획", Origin.SURFACE)
    assert (whole.position, whole.span) == (0, 5)
    parts = [at(tokens, p, Origin.SUBUNIT) for p in ("과학", "기술", "혁신", "기본", "계획")]
    assert [p.position for p in parts] == [0, 1, 2, 3, 4]
    assert all(p.span == 1 for p in parts)
    assert at(tokens, "수립").position == 5


def test_an_article_number_is_one_term_in_any_numerals_and_as_korean_writes_it(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("労基法第３６条第２項の規定")
    article = at(tokens, "第36条", Origin.SURFACE)
    assert (article.position, article.span) == (at(tokens, "第").position, 3)
    assert at(tokens, "제36조", Origin.READING).position == article.position
    assert "第2項" in terms(tokens) and "제2항" in terms(tokens)
    assert {"第", "36", "条"} <= terms(tokens)  # its parts stay, each at its own position
    kanji = analyzer.analyze("第二十七条")
    assert {"第二十七条", "第27条", "제27조"} <= terms(kanji)
    assert not any(t.term.startswith("第") and len(t.term) > 1 for t in analyzer.analyze("第一に、"))


def test_kiwi_split_name_is_whole_term(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("문부과학성은")
    whole = at(tokens, "문부과학성", Origin.SURFACE)
    assert whole.span >= 2 and whole.position == 0
    assert {"문부", "과학성"} <= terms(tokens, Origin.SUBUNIT)


def test_mode_c_word_with_parts_and_readings(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("文部科学省")
    whole = at(tokens, "文部科学省", Origin.SURFACE)
    assert (whole.position, whole.span) == (0, 3)
    reading = at(tokens, "문부과학성", Origin.READING)
    assert (reading.position, reading.span) == (0, 3)
    assert [at(tokens, p, Origin.SUBUNIT).position for p in ("文部", "科学", "省")] == [0, 1, 2]
    assert [at(tokens, r, Origin.READING).position for r in ("문부", "과학", "성")] == [0, 1, 2]
    alias = at(tokens, "mext", Origin.ALIAS)
    assert (alias.position, alias.span) == (0, 3)


def test_reading_parts_align_with_korean_query(analyzer: Analyzer) -> None:
    """A Korean query 과학기술 has whole + parts at the same positions as the readings of 科学技術."""
    ja = analyzer.analyze("科学技術", "index")
    ko = analyzer.analyze("과학기술", "query")
    ja_readings = {(t.term, t.position, t.span) for t in ja if t.origin == Origin.READING}
    ko_terms = {(t.term, t.position, t.span) for t in ko}
    assert {("과학기술", 0, 2), ("과학", 0, 1), ("기술", 1, 1)} <= ja_readings & ko_terms


def test_broken_word_offsets_point_into_original(analyzer: Analyzer) -> None:
    text = "기존의 스피\n\n드 중심의"
    tok = at(analyzer.analyze(text), "스피드")
    assert text[tok.start : tok.end] == "스피\n\n드"


def test_offsets_through_normalization(analyzer: Analyzer) -> None:
    text = "ＡＩ　기술과 ｷｵｸｼｱ"
    tokens = analyzer.analyze(text)
    assert text[at(tokens, "ai").start : at(tokens, "ai").end] == "ＡＩ"
    kana = at(tokens, "キオクシア", Origin.SURFACE)
    assert text[kana.start : kana.end] == "ｷｵｸｼｱ"


def test_katakana_word_is_read_as_japanese_and_as_a_korean_loanword(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("モバイルとシール", "index")
    mobile = at(tokens, "モバイル", Origin.SURFACE)
    readings = {t.term for t in tokens if t.origin == Origin.READING and t.position == mobile.position}
    assert readings == {"모바이루", "모바일"}
    # one syllable (실) would be a different Korean word more often than シール
    assert "실" not in terms(tokens, Origin.READING)


def test_alias_spans_two_words(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("소니 그룹은", "query")
    alias = at(tokens, "ソニーグループ", Origin.ALIAS)
    assert (alias.position, alias.span) == (0, 2)
    assert at(tokens, "소니", Origin.SURFACE).position == 0
    assert at(tokens, "그룹", Origin.SURFACE).position == 1


def test_query_mode_memoizes_the_tokens(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "경제산업성과 文部科学省의 반도체 전략 (query mode)"
    first = analyzer.analyze(text, "query")

    def analysed_again(texts: object) -> list[list[Token]]:
        raise AssertionError("analysed again")

    monkeypatch.setattr(analyzer, "analyze_many", analysed_again)
    assert analyzer.analyze(text, "query") == first  # from the query cache
    first.clear()
    assert analyzer.analyze(text, "query")  # the cache keeps its own copy
    with pytest.raises(AssertionError, match="analysed again"):
        analyzer.analyze(text, "index")  # index mode never memoizes (a corpus is read once)


def test_mined_aliases_are_used(analyzer: Analyzer) -> None:
    fresh = Analyzer(analyzer.glossary)
    fresh.korean = analyzer.korean  # share the loaded Kiwi
    assert "xyzcorp" not in terms(fresh.analyze("가나다라마바사", "query"))
    fresh.add_aliases([("가나다라마바사", "XyzCorp")])
    got = fresh.analyze("가나다라마바사", "query")
    assert at(got, "xyzcorp").origin == Origin.ALIAS


def test_kanji_suffix_glues_over_two_positions(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("国際競争力")
    glued = at(tokens, "競争力", Origin.SUBUNIT)
    assert (glued.position, glued.span) == (1, 2)
    reading = at(tokens, "경쟁력", Origin.READING)
    assert (reading.position, reading.span) == (1, 2)


def test_glossary_user_word_keeps_parts(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("후생노동성과", "query")
    whole = at(tokens, "후생노동성", Origin.SURFACE)
    assert (whole.position, whole.span) == (0, 3)
    assert [at(tokens, p, Origin.SUBUNIT).position for p in ("후생", "노동", "성")] == [0, 1, 2]


def test_four_part_glossary_name_keeps_its_parts(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("과학기술정보통신부와 KISTEP", "query")
    whole = at(tokens, "과학기술정보통신부", Origin.SURFACE)
    assert (whole.position, whole.span) == (0, 4)
    assert [at(tokens, p, Origin.SUBUNIT).position for p in ("과학", "기술", "정보", "통신부")] == [0, 1, 2, 3]
    assert at(tokens, "msit", Origin.ALIAS).span == 4
    assert at(tokens, "kistep").position == 4


def test_name_inside_a_longer_word_is_not_forced(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("시간사이에 회의")
    assert "간사이" not in terms(tokens)
    assert {"시간", "사이", "회의"} <= terms(tokens)


def test_an_ordinal_in_kanji_keeps_its_number(analyzer: Analyzer) -> None:
    # Sudachi alone reads 第二十七条 as 第 + 二 + 十七条 (a dictionary name); the article is 27.
    kanji = {t.term for t in analyzer.analyze("第二十七条の三十八", "index")}
    digits = {t.term for t in analyzer.analyze("第27条の38", "query")}
    assert {"27", "38", "条", "第"} <= kanji
    assert "十七条" not in kanji
    assert digits <= kanji | {"の"}
    # only after 第: a word that merely starts with numerals is left to the dictionary
    assert "八百屋" in {t.term for t in analyzer.analyze("八百屋で買う", "index")}
