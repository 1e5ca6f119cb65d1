"""Cleaning and structure on small synthetic documents."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.readers.files import RawText
from ingest.text.cleaning import TextRepair, clean
from ingest.text.structure import parse_structure
from tests.grammar import grammar


def raw(text: str) -> RawText:
    return RawText(path=Path("x.txt"), data=text.encode(), text=text, encoding="utf-8")


def join_hangul(text: str) -> str:
    """Stand-in for analyzers.repair_line_breaks: every break left to it is inside a word."""
    return re.sub(r"\n", "", text)


WRAPPED = "\n".join(
    [
        "□ 일본의 스타트업 정책 동향",
        *[
            line
            for i in range(8)
            for line in (
                f"○ {i}번째 항목은 최근 국내외에서 딥테크 스타트업에 대해 주목하고 있으나, 스타트업 ",
                f"강국인 미국조차 과거에 축적된 {i}개 내용이 통용되기 어렵고, 기존의 스피",
                "드 중심의 사업 확대모델에 적용하기 힘들어 보임. ",
            )
        ],
        "16 월간 Japan Insight 2023.8. ",
        "18 월간 Japan Insight 2023.8. ",
        "20 월간 Japan Insight 2023.8. ",
        "브리프KISTEP ",
        "󰡔 󰡕",
    ]
)


def test_unwraps_lines_and_repairs_words() -> None:
    c = clean(raw(WRAPPED), grammar(join_hangul))
    assert c.wrapped
    first = c.lines[1].text
    assert first.startswith("○ 0번째 항목은")
    assert "스타트업 강국인" in first  # break after a space: between words
    assert "스피드 중심의" in first  # break inside a word: joined by the repair function
    assert first.endswith("보임.")


def test_drops_page_furniture_and_junk_glyphs() -> None:
    c = clean(raw(WRAPPED), grammar(join_hangul))
    assert "Japan Insight" not in c.text
    assert "KISTEP" not in c.text
    assert not re.search("[\ue000-\uf8ff\U000f0000-\U0010ffff]", c.text)
    assert c.facts["periodical"] == "월간 Japan Insight"
    assert c.facts["published"] == "2023-08"
    assert c.facts["institution"] == "KISTEP"
    assert len(c.furniture) == 4


def test_html_table_cells() -> None:
    text = (
        "보고서 제목입니다\n〈 표 제목 〉\n\t영역\t주요 시책\n"
        "1\t과학\t<ul><li>연구비 2배</li><li>R&amp;D 확충</li></ul>\n"
        '2\t기술\t<ul style="x"> • 가 • 나'
    )
    c = clean(raw(text), grammar(join_hangul))
    rows = [line.text for line in c.lines if line.kind == "table"]
    assert rows == ["영역 | 주요 시책", "1 | 과학 | 연구비 2배; R&D 확충", "2 | 기술 | 가; 나"]
    structure = parse_structure(c)
    [table] = [b for b in structure.blocks if b.kind == "table"]
    assert c.text[table.start : table.end].startswith("〈 표 제목 〉\n영역 | 주요 시책")


def test_wingdings_bullets_become_symbols() -> None:
    text = "\n".join(["n 일본은행이 금리를 올렸음.", "o 시장은 반응했음."] * 3)
    c = clean(raw(text), grammar(join_hangul))
    assert c.lines[0].text.startswith("■ 일본은행")
    assert c.lines[1].text.startswith("○ 시장은")


def test_japanese_headings_glued_to_previous_line_are_split() -> None:
    text = "（出典）上島町デジタルアーカイブ、情報通信総合研究所第2節\u3000ICT利活用の社会\n本文です。"
    c = clean(raw(text), grammar(join_hangul))
    assert [line.text for line in c.lines][:2] == [
        "（出典）上島町デジタルアーカイブ、情報通信総合研究所",
        "第2節\u3000ICT利活用の社会",
    ]


def test_heading_styles_nest_in_order_of_appearance() -> None:
    text = "\n".join(
        [
            "보고서 제목",
            "1 개요",
            "가. 배경",
            "- 내용이 있음.",
            "[인재]",
            "- 인재 내용.",
            "나. 현황",
            "- 현황 내용.",
            "2 시사점",
            "- 결론.",
        ]
    )
    s = parse_structure(clean(raw(text), grammar(join_hangul)))
    assert s.title == "보고서 제목"
    assert [(h.title, h.level) for h in s.headings] == [
        ("1 개요", 1),
        ("가. 배경", 2),
        ("[인재]", 3),
        ("나. 현황", 2),
        ("2 시사점", 1),
    ]
    # "1 개요" has no text of its own before "가. 배경": it is kept as a heading block
    assert [(b.kind, b.breadcrumb) for b in s.blocks] == [
        ("heading", ("1 개요",)),
        ("text", ("1 개요", "가. 배경")),
        ("text", ("1 개요", "가. 배경", "[인재]")),
        ("text", ("1 개요", "나. 현황")),
        ("text", ("2 시사점",)),
    ]


def test_numbered_footnote_is_not_a_heading() -> None:
    footnote = "1) 대외경제정책연구원 세계지역연구1센터 김규판 선임연구위원(keiokim@kiep.go.kr)"
    text = f"보고서 제목입니다\n1 개요\n- 본문.\n{footnote}\n2 결론\n- 끝."
    s = parse_structure(clean(raw(text), grammar(join_hangul)))
    assert [h.title for h in s.headings] == ["1 개요", "2 결론"]
    assert [b.kind for b in s.blocks] == ["text", "footnote", "text"]
    assert s.authors == ["김규판"]


def test_unknown_running_heads_and_page_numbers_are_dropped() -> None:
    body = [
        "○ 일본 정부는 지역 혁신을 위해 여러 가지 정책을 추진하고 있으며 대학과 기업의 협력을 ",
        "강화하고 있는 상황이며 앞으로도 이러한 흐름은 계속될 것으로 전망되고 있음. ",
    ]
    lines: list[str] = []
    for page in range(1, 5):
        lines += [f"한국연구재단 동향 보고 {page}", "지역혁신 동향", *body * 4, f"- {page} -"]
    c = clean(raw("\n".join(lines)), grammar(join_hangul))
    assert "한국연구재단 동향 보고" not in c.text
    assert "지역혁신 동향" not in c.text
    assert not any(re.fullmatch(r"- \d -", line.text) for line in c.lines)
    assert c.text.count("○ 일본 정부는") == 16


def test_repeated_content_of_unwrapped_text_is_kept() -> None:
    text = "\n".join(["1\u3000概要", "（出典）総務省作成", "本文はここにある。"] * 4)
    c = clean(raw(text), grammar(join_hangul))
    assert c.furniture == []
    assert c.text.count("（出典）総務省作成") == 4


def test_blocks_run_on_where_grammar_says_the_sentence_goes_on() -> None:
    lines = [
        "試案では、次の考え方を示している。",
        "乙案：(b)を否定する考え方",
        "を示すこととしているが、このほかに、",
        "□ 次の項目",
        "を",
        "지원인력의",
        "작업장소는 보안 등",
        "구분\t금액",
        "합계\t100",
    ]
    asked: list[tuple[str, str]] = []

    def goes_on(pairs):
        asked.extend(pairs)
        runs_on = ("を示すこととしているが、このほかに、", "を", "작업장소는 보안 등", "합계\t100")
        return [after in runs_on for _, after in pairs]

    c = clean(raw("\n".join(lines)), TextRepair(join_hangul, goes_on))
    texts = [line.text for line in c.lines]
    # Japanese runs on without a space, Korean with one
    assert "乙案：(b)を否定する考え方を示すこととしているが、このほかに、" in texts
    assert "□ 次の項目を" in texts
    assert "지원인력의 작업장소는 보안 등" in texts
    # a bullet opens a block whatever grammar says; table rows are never asked about
    assert all(not after.startswith("□") for _, after in asked)
    assert all("\t" not in line and "|" not in after for line, after in asked)
    assert any(line.kind == "table" and line.text.startswith("합계") for line in c.lines)


def test_a_sentence_numbering_its_items_inline_goes_on_at_the_next_mark() -> None:
    lines = [
        "リスクの具体例として、①機密情報の漏えいのリスク、",
        "②犯罪の巧妙化につながるリスク、③偽情報のリスク、",
        "④サイバー攻撃のリスクが指摘されました。",
        "",
        "①個人情報の保護",
        "②著作権の保護",
    ]
    text = clean(raw("\n".join(lines)), TextRepair(join_hangul, lambda pairs: [False] * len(pairs))).text
    assert "として、①機密情報の漏えいのリスク、②犯罪の巧妙化につながるリスク、③偽情報のリスク、④サイバー" in text
    assert "①個人情報の保護\n②著作権の保護" in text  # a list of its own: each item a line
