"""PDF layout: vertical Japanese, columns, page furniture and wrapped lines read as a reader reads them.

Synthetic pages (``get_text("dict")``-shaped dicts with made-up coordinates) test the pure
functions; the real PDFs in ``../shared/external/pdf/`` (skipped when missing) test the whole
path, with phrases read off the rendered pages.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from ingest.model import Document
from ingest.pipeline import build_document, parse_document
from ingest.readers import pdf as pdf_layout
from ingest.readers.files import RawText
from ingest.text.cleaning import clean
from tests.grammar import grammar

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_PDF = ROOT.parent / "shared" / "external" / "pdf"
JA01 = EXTERNAL_PDF / "ja" / "ja01_mext_st_innovation_whitepaper_r6_ch1.pdf"
JA02 = EXTERNAL_PDF / "ja" / "ja02_mext_st_innovation_whitepaper_r6_ch2.pdf"
JA13 = EXTERNAL_PDF / "ja" / "ja13_mhlw_kokuji_vertical.pdf"


# --- synthetic pages ---------------------------------------------------------------------------


def _line(text: str, box: tuple[float, float, float, float], size: float = 10.0, font: str = "Body") -> dict:
    return {"bbox": box, "dir": (1.0, 0.0), "wmode": 0, "spans": [{"text": text, "size": size, "font": font}]}


def _page(lines: list[dict], width: float = 595.0, height: float = 842.0) -> dict:
    return {"width": width, "height": height, "blocks": [{"type": 0, "lines": lines}]}


def _glyph_column(text: str, x: float, y: float, size: float = 14.0, pitch: float = 15.5) -> list[dict]:
    """A vertical line drawn the way Microsoft Print to PDF draws it: one glyph per line.
    A space in ``text`` leaves one empty square."""
    out = []
    for i, ch in enumerate(text):
        if ch != " ":
            out.append(_line(ch, (x, y + i * pitch, x + size, y + i * pitch + size), size))
    return out


def _lines_of(pages: list[dict]) -> list[str]:
    laid = pdf_layout.layout_dicts(pages)
    return laid.text.splitlines()


def test_glyphs_stacked_in_a_column_become_one_vertical_line() -> None:
    units = pdf_layout.page_units(_page(_glyph_column("厚生労働省告示第五十五号", 500, 66)))
    stacked = pdf_layout.stack_vertical(units)
    assert [u.text for u in stacked] == ["厚生労働省告示第五十五号"]
    assert stacked[0].direction == pdf_layout.VERTICAL


def test_vertical_page_reads_columns_right_to_left_and_keeps_a_gap_as_a_space() -> None:
    page = _page(
        _glyph_column("次の行", 444, 66)  # drawn first, read last: it is the leftmost column
        + _glyph_column("令和四年三月四日", 500, 97)
        + _glyph_column("厚生労働大臣 後藤", 472, 66)
    )
    assert _lines_of([page]) == ["令和四年三月四日", "厚生労働大臣 後藤", "次の行"]


def test_vertical_columns_that_wrap_are_soft_breaks_and_cleaning_joins_them() -> None:
    full = "診療報酬の算定方法の規定に基づき基本診療料の施設"  # 24 glyphs: to the bottom margin
    page = _page(
        _glyph_column(full, 500, 66)
        + _glyph_column("基準等の一部を次のように改正し令和四年四月一日から", 472, 66)
        # the last column stops short: the paragraph ends there
        + _glyph_column("適用する。", 444, 66)
        + _glyph_column("令和四年三月四日", 416, 97)
    )
    laid = pdf_layout.layout_dicts([page])
    lines = laid.text.splitlines()
    assert lines[0] == full
    soft = [i for i, _ in enumerate(lines) if sum(len(x) + 1 for x in lines[:i]) - 1 in laid.soft_breaks]
    assert soft == [1, 2]
    raw = RawText(Path("v.pdf"), b"x", laid.text, "pdf", pages=laid.pages, soft_breaks=laid.soft_breaks)
    assert clean(raw, grammar()).text.splitlines() == [
        full + "基準等の一部を次のように改正し令和四年四月一日から適用する。",
        "令和四年三月四日",
    ]


def test_tightly_stacked_footnote_numbers_are_not_vertical_writing() -> None:
    numbers = [_line(str(i), (55, 700 + 9 * i, 60, 707 + 9 * i), 7.0) for i in range(1, 5)]
    stacked = pdf_layout.stack_vertical(pdf_layout.page_units(_page(numbers)))
    assert [u.text for u in stacked] == ["1", "2", "3", "4"]


def _two_columns(rows: int = 6) -> list[dict]:
    left = [f"左の段の{i}行目は段の右端まで続いて次の" for i in range(rows)]
    right = [f"右の段の{i}行目も同じように右端まで続" for i in range(rows)]
    lines = []
    for i in range(rows):  # drawn row by row across the gutter, as some writers do
        y = 100 + 17 * i
        lines.append(_line(left[i], (55, y, 270, y + 11), 10.5))
        lines.append(_line(right[i], (291, y, 507, y + 11), 10.5))
    return lines


def test_two_columns_are_read_one_after_the_other_and_the_paragraph_runs_across() -> None:
    laid = pdf_layout.layout_dicts([_page(_two_columns())])
    lines = laid.text.splitlines()
    assert [line[:5] for line in lines] == [
        "左の段の0",
        *[f"左の段の{i}" for i in range(1, 6)],
        *[f"右の段の{i}" for i in range(6)],
    ]
    # every line break is a wrap: the paragraph goes on from the left column into the right one
    breaks = [m.start() for m in re.finditer("\n", laid.text)][:-1]
    assert set(breaks) <= laid.soft_breaks and len(breaks) == 11


def test_ruby_above_a_word_is_dropped() -> None:
    page = _page(
        [
            _line("第１-１-１図の俯瞰図", (55, 402, 146, 413), 10.5),
            _line("ふかんず", (116, 398, 145, 403), 5.0),
            _line("のように、幾度もブームを", (146, 402, 270, 413), 10.5),
        ]
    )
    assert _lines_of([page]) == ["第１-１-１図の俯瞰図のように、幾度もブームを"]


def _furniture_pages(n: int = 4) -> list[pdf_layout.PageUnits]:
    pages = []
    for number in range(1, n + 1):
        lines = [
            _line(f"月刊テスト報告 2024年{number}月号", (55, 30, 300, 40), 8.0),  # running head
            _line(f"本文の{number}ページ目の文章です。", (55, 100, 400, 111), 10.5),
            _line("どのページにもある本文の行", (55, 400, 300, 411), 10.5),  # repeated, but in the body
            _line("1", (55, 790, 60, 797), 7.0),  # a footnote's number, beside its text
            _line("総務省　文部科　経済産　厚生労"[number * 4 - 4 : number * 4] + "の資料", (70, 790, 200, 797), 7.0),
            _line(str(number + 3), (290, 805, 300, 815), 10.0),  # page number, alone on its row
        ]
        pages.append(pdf_layout.prepare_page(_page(lines), number))
    return pages


def test_running_heads_and_page_numbers_are_furniture_by_repetition_in_the_margins() -> None:
    pages = _furniture_pages()
    found = pdf_layout.find_furniture(pages)
    texts = {u.text for p, page in enumerate(pages) for u in page.units if (p, u.order) in found}
    assert texts == {"月刊テスト報告 2024年1月号", "月刊テスト報告 2024年2月号", "月刊テスト報告 2024年3月号",
                     "月刊テスト報告 2024年4月号", "4", "5", "6", "7"}  # fmt: skip


def test_a_margin_line_on_too_few_pages_is_kept() -> None:
    pages = _furniture_pages(2)
    found = pdf_layout.find_furniture(pages)
    texts = {u.text for p, page in enumerate(pages) for u in page.units if (p, u.order) in found}
    assert texts == {"4", "5"}  # the page numbers only: two pages do not make a running head


def test_cleaning_joins_soft_breaks_only_and_keeps_items_and_offsets() -> None:
    text = "日本語の文章が\n折り返されています。\n・箇条書きの項目\n정책을 \n추진함\n"
    soft = frozenset({text.index("\n"), text.index("\n", text.index("정책"))})  # wraps; the rest are breaks
    raw = RawText(Path("s.pdf"), text.encode(), text, "pdf", pages=[(1, 0)], soft_breaks=soft)
    doc = build_document(raw, repair=grammar(str))
    assert doc.text.splitlines() == ["日本語の文章が折り返されています。", "・箇条書きの項目", "정책을 추진함"]
    for passage in doc.passages:
        assert passage.text == doc.text[passage.start : passage.end]


def test_furniture_left_out_by_the_layout_still_names_the_publisher() -> None:
    text = "본문 첫 줄입니다.\n"
    raw = RawText(
        Path("f.pdf"), b"x", text, "pdf", pages=[(1, 0)], soft_breaks=frozenset(), furniture=("브리프KISTEP",)
    )
    cleaned = clean(raw, grammar())
    assert cleaned.facts["institution"] == "KISTEP"
    assert "브리프KISTEP" in cleaned.furniture


# --- the real PDFs -----------------------------------------------------------------------------


@cache
def _doc(path: Path) -> Document:
    if not path.is_file():
        pytest.skip(f"{path.name} not present")
    return parse_document(path, repair=grammar(str))


def test_ja13_vertical_text_has_no_runs_of_one_character_lines() -> None:
    doc = _doc(JA13)
    assert len(doc.passages) > 100
    for passage in doc.passages:
        assert not re.search(r"(?m)^.$\n^.$\n^.$", passage.text), passage.text[:200]


def test_ja13_phrases_read_on_the_page_are_whole_lines_in_reading_order() -> None:
    lines = _doc(JA13).text.splitlines()
    # page 1, read right to left: the title column, the notice and its number, the sentence that
    # runs over two columns, the date
    title = lines.index("基本診療料の施設基準等の一部を改正する件")
    notice = lines.index("○厚生労働省告示第五十五号")
    sentence = lines.index(
        "診療報酬の算定方法（平成二十年厚生労働省告示第五十九号）の規定に基づき、基本診療料の施設基準等"
        "（平成二十年厚生労働省告示第六十二号）の一部を次のように改正し、令和四年四月一日から適用する。"
    )
    date = lines.index("令和四年三月四日")
    assert title < notice < sentence < date
    # an item whose text runs from the last column of page 2 into the first one of page 3
    assert any(line.endswith("医師等の員数の基準に該当する保険医療機関でないこと。") for line in lines)


RUNNING_HEAD = "第１部 ＡＩがもたらす科学技術・イノベーションの変革"


def test_ja01_running_head_and_page_numbers_are_gone() -> None:
    doc = _doc(JA01)
    assert RUNNING_HEAD.split()[1] not in doc.title
    assert "ＡＩがもたらす科学技術・イノベーションの変革" not in doc.text
    assert not any(p.text.startswith("第１部") for p in doc.passages)
    assert not any(re.fullmatch(r"\d{1,2}", line) for line in doc.text.splitlines())
    # the chapter heading on the first page is a heading, not furniture, although the odd pages
    # repeat it in their running head
    assert doc.text.count("新時代を迎えたＡＩ") == 1
    assert doc.outline and "新時代を迎えたＡＩ" in doc.outline[0].title


def test_ja01_sentences_across_the_gutter_and_the_page_are_contiguous() -> None:
    text = _doc(JA01).text
    # page 1: within the left column, then from the foot of the left column to the top of the right
    assert "ＡＩとは人工知能（Artificial Intelligence）の略称です。" in text
    assert "人間が知的と感じる情報処理・技術といった広い概念で理解されています。" in text
    # ruby (furigana) dropped from the line it sat on
    assert "第１-１-１図の俯瞰図のように、幾度もブームを繰り返しながら" in text
    assert "ふかんず" not in text
    # page 2 -> 3: the footnotes at the foot of page 2 wait until the sentence has ended
    assert "さらに、言語や画像等の複数のモダリティ（データの種類）も対応付けられ、マルチモーダル性1" in text


def test_ja02_columns_are_not_interleaved_where_both_have_a_gap_at_one_height() -> None:
    text = _doc(JA02).text
    # page 2: the left column ends "…ＡＩの三つの", the right one goes on "柱の下、…"
    assert "容易に構築できるＡＩの三つの柱の下、基礎研究を社会実装につなげるための研究開発を進めています。" in text


# A break inside a sentence: a line ending in kana or kanji, the next starting with hiragana that
# opens no new sentence ("また、" does) and is not a figure label whose glyphs have no text
# ("の 代 り").
_IN_SENTENCE_BREAK = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]\n(?![\u3041-\u309f]{1,4}、)(?!\S )[\u3041-\u309f]")


@pytest.mark.parametrize("path", [JA01, JA02], ids=["ja01", "ja02"])
def test_mext_passages_have_no_line_break_inside_a_sentence(path: Path) -> None:
    doc = _doc(path)
    hits = [
        p.text[max(0, m.start() - 20) : m.end() + 10] for p in doc.passages for m in _IN_SENTENCE_BREAK.finditer(p.text)
    ]
    assert hits == []
    for passage in doc.passages:
        assert passage.text == doc.text[passage.start : passage.end]


# A break the layout kept where grammar says the sentence goes on: the line after it opens with
# a particle, an auxiliary or a dependent verb (…考え方⏎を示す, …観察⏎する).
@pytest.mark.parametrize("path", sorted(EXTERNAL_PDF.glob("ja/*.pdf")), ids=lambda p: p.name[:4])
def test_japanese_passages_have_no_break_before_a_word_that_only_follows_another(path: Path) -> None:
    doc = _doc(path)
    pairs = [
        (before, after)
        for passage in doc.passages
        for before, after in pairwise(passage.text.split("\n"))
        if before.strip() and after.strip()
    ]
    # the word after the break opens with kana: a particle, an auxiliary, a suffix (a table cell's
    # kanji word wrapped in its cell, 週所定⏎労働日数, is the cell's own)
    ja_pairs = [
        (b, a)
        for b, a in pairs
        if re.search(r"[\u3041-\u30ff\u4e00-\u9fff]$", b.rstrip()) and re.match(r"[\u3041-\u309f]", a.lstrip())
    ]
    broken = [f"{b[-15:]}⏎{a[:10]}" for (b, a), on in zip(ja_pairs, grammar().goes_on(ja_pairs), strict=True) if on]
    assert broken == []


def test_items_and_cells_that_a_sentence_goes_on_from_are_joined() -> None:
    ja06 = _doc(EXTERNAL_PDF / "ja" / "ja06_moj_bl_interim_draft_explanation.pdf").text
    assert "乙案：(a)及び(c)を肯定し、(b)を否定する考え方を示すこととしているが" in ja06
    assert "\n丁案：" in ja06  # the list's own items stay apart
    ja12 = _doc(EXTERNAL_PDF / "ja" / "ja12_mhlw_model_work_rules_r4.pdf").text
    assert "選出された者であることのいずれにも該当する者でなければなりません" in ja12
    ja15 = _doc(EXTERNAL_PDF / "ja" / "ja15_mhlw_jimurenraku_mf_qa.pdf").text
    assert "CPE の出現を観察する。" in ja15


# --- lost spaces -------------------------------------------------------------------------------


def _raw_line(words: list[str], x: float = 71.0, y: float = 386.0, size: float = 14.0, gap: float = 8.8) -> dict:
    """A rawdict line whose words stand ``gap`` apart with no space character between them."""
    chars = []
    for word in words:
        for ch in word:
            chars.append({"c": ch, "bbox": (x, y, x + size, y + size), "origin": (x, y + size)})
            x += size
        x += gap
    return {
        "dir": (1.0, 0.0),
        "wmode": 0,
        "bbox": (71.0, y, x, y + size),
        "spans": [{"size": size, "font": "B", "chars": chars}],
    }


def test_word_gaps_without_space_characters_become_spaces() -> None:
    raw = {
        "width": 595.0,
        "height": 842.0,
        "blocks": [{"type": 0, "lines": [_raw_line(["현행법은", "기후위기", "대응을", "위해"])]}],
    }
    page = pdf_layout.respace(raw)
    assert page["blocks"][0]["lines"][0]["spans"][0]["text"] == "현행법은 기후위기 대응을 위해"
    tight = {
        "width": 595.0,
        "height": 842.0,
        "blocks": [{"type": 0, "lines": [_raw_line(["현행법은", "기후"], gap=0.5)]}],
    }
    assert pdf_layout.respace(tight)["blocks"][0]["lines"][0]["spans"][0]["text"] == "현행법은기후"


def test_only_hangul_text_without_spaces_is_respaced() -> None:
    def counts(*lines: str) -> list[tuple[int, int]]:
        return [pdf_layout.space_counts(_page([_line(text, (71, 100, 524, 114)) for text in lines]))]

    bare = "현행법은기후위기대응을위해국가탄소중립녹색성장기본계획을수립ㆍ시행하도록하고있음"
    spaced = "현행법은 기후위기 대응을 위해 국가 탄소중립 녹색성장 기본계획을 수립ㆍ시행하도록 하고 있음"
    assert pdf_layout.lacks_spaces(counts(*[bare] * 4))
    assert not pdf_layout.lacks_spaces(counts(*[spaced] * 4))
    assert not pdf_layout.lacks_spaces(counts("厚生労働省告示第五十五号診療報酬の算定方法の規定に基づき" * 4))


def test_ko05_written_without_spaces_reads_with_its_word_gaps() -> None:
    path = EXTERNAL_PDF / "ko" / "ko05_assembly_bill_2125318.pdf"
    doc = _doc(path)
    assert "실질적인 대표성이 반영되도록 관련 규정을 정비함으로써" in doc.text
    assert "실질적인대표성이반영되도록" not in doc.text
    # the card says whose spaces these are: ours, on these pages
    assert doc.respaced_pages and set(doc.respaced_pages) <= set(range(1, (doc.page_count or 0) + 1))
    assert _doc(JA01).respaced_pages == []


# --- text wrapped inside a table cell ----------------------------------------------------------


RAGGED_CELL = ["（1）", "採取は医療機関の手術室で", "外科医が行う。", "詳細は別紙に記載。"]


def _cell_table(left: list[tuple[str, float]], right: list[str]) -> dict:
    """A two-column table: ``left`` lines (text, where it ends) from x=90, ``right`` from x=370.
    The right column reaches further, so the region's margin is there, not at the left cell's edge."""
    lines = [_line("基準の内容", (90, 88, 140, 98)), _line("対応状況", (370, 88, 410, 98))]
    y = 100.0
    for text, end in left:
        lines.append(_line(text, (90, y, end, y + 10)))
        y += 16  # looser than the lines of a boxed label, which join for being set tight
    for i, text in enumerate(right):
        lines.append(_line(text, (370, 100 + 16 * i, 370 + 10 * len(text), 110 + 16 * i)))
    return _page(lines)


def _cleaned_lines(pages: list[dict]) -> list[str]:
    laid = pdf_layout.layout_dicts(pages)
    raw = RawText(Path("t.pdf"), b"x", laid.text, "pdf", pages=laid.pages, soft_breaks=laid.soft_breaks)
    return clean(raw, grammar()).text.splitlines()


def test_lines_wrapped_at_a_cells_edge_continue_each_other() -> None:
    left = [
        ("人細胞組織製品（ヒトに由来する原料又は材料（血", 350.0),
        ("液及び血液から製造される成分を除く。）から構成", 350.5),
        ("される医薬品又は医療機器をいう。以下同じ。）の", 350.2),
        ("原料又は材料として用いる細胞及び組織について", 349.8),
        ("は、採取すること。", 180.0),
    ]
    # the other cell is ragged, as a table's cells are: the page's layout keeps both in one region
    lines = _cleaned_lines([_cell_table(left, RAGGED_CELL)])
    assert "".join(t for t, _end in left) in lines


def test_rows_of_a_cell_that_each_end_an_item_stay_apart() -> None:
    left = [
        ("第一号に掲げる事項を定めた規程を備えること。", 350.0),
        ("第二号に掲げる事項を定めた規程を備えること。", 350.0),
        ("第三号に掲げる事項を定めた規程を備えること。", 350.0),
        ("その他の事項。", 160.0),
    ]
    lines = _cleaned_lines([_cell_table(left, RAGGED_CELL)])
    assert [t for t, _end in left] == [line for line in lines if line in {t for t, _end in left}]


def test_ja15_and_ko05_table_cells_read_as_sentences_and_headings_stay_apart() -> None:
    ja15 = _doc(EXTERNAL_PDF / "ja" / "ja15_mhlw_jimurenraku_mf_qa.pdf").text
    assert "血液から製造される成分を除く。）から構成される医薬品又は医療機器をいう。以下同じ。）の原料" in ja15
    ko05 = _doc(EXTERNAL_PDF / "ko" / "ko05_assembly_bill_2125318.pdf").text
    line = next(line for line in ko05.splitlines() if "위촉할 때에는 아동" in line)
    assert "사회계층으로부터 후보를 추천" in line  # the cell's next lines, no longer lines of their own
    # a heading above its text, at the same left edge as other headings, is no wrapped cell
    ja06 = _doc(EXTERNAL_PDF / "ja" / "ja06_moj_bl_interim_draft_explanation.pdf").text
    assert "⑶ 転換に当たっての承諾の方式\n前記２⑶と同様である。" in ja06


# --- a table of one-line cells, read row by row --------------------------------------------------


def _grid(rows: list[list[str]], xs: tuple[float, ...] = (90, 200, 300, 400), top: float = 300.0) -> list[dict]:
    """A table drawn column by column (as some writers draw it): each cell a line of its own,
    centred in a column 90 pt wide, rows 20 pt apart, so the drawing order puts every label far
    from its figures."""
    lines = [_line("[표 1] 인구와 면적", (80, top - 30, 200, top - 20))]
    for c, x in enumerate(xs):
        for r, row in enumerate(rows):
            if c < len(row) and row[c]:
                y, width = top + 20 * r, 8 * len(row[c])
                lines.append(_line(row[c], (x + (90 - width) / 2, y, x + (90 + width) / 2, y + 10)))
    return lines


def test_a_table_of_one_line_cells_reads_row_by_row_with_its_cells_apart() -> None:
    rows = [
        ["구분", "기준년도", "한국", "일본"],
        ["인구", "2023", "5,150만 명", "1억 2,404만 명"],
        ["면적", "2023", "10,043", "37,797"],
    ]
    lines = _cleaned_lines([_page(_grid(rows))])
    assert "구분 | 기준년도 | 한국 | 일본" in lines
    assert "인구 | 2023 | 5,150만 명 | 1억 2,404만 명" in lines
    assert lines.index("인구 | 2023 | 5,150만 명 | 1억 2,404만 명") == lines.index("구분 | 기준년도 | 한국 | 일본") + 1


def test_a_label_that_groups_rows_travels_with_the_row_it_is_level_with() -> None:
    rows = [
        ["", "항목", "한국", "일본"],
        ["", "GDP", "1.7", "4.2"],
        ["", "성장률", "1.3%", "1.6%"],
        ["", "신용등급", "AA", "A"],
    ]
    lines = _grid(rows, xs=(20, 120, 220, 320))
    lines.append(_line("경제현황", (40, 340, 80, 350)))  # beside the middle row, in a column of its own
    cleaned = _cleaned_lines([_page(lines)])
    assert "경제현황 | 성장률 | 1.3% | 1.6%" in cleaned


def test_numbered_notes_beside_their_text_are_no_table() -> None:
    notes = [
        ("1", "杉山将（2024）「教養としての機械学習」東京大学出版会"),
        ("2", "Graphics Processing Unit"),
        ("3", "前掲書"),
    ]
    lines = [_line(n, (70, 700 + 14 * i, 75, 708 + 14 * i), 8.0) for i, (n, _t) in enumerate(notes)]
    lines += [_line(t, (90, 700 + 14 * i, 90 + 8 * len(t), 708 + 14 * i), 8.0) for i, (_n, t) in enumerate(notes)]
    assert not any(" | " in line for line in _cleaned_lines([_page(lines)]))


def test_a_cell_of_several_lines_among_the_rows_keeps_the_cells_apart_as_drawn() -> None:
    rows = [
        ["단계", "예시", "범용"],
        ["0단계", "계산기", "터크"],
        ["1단계", "", "미달성"],
        ["2단계", "딥블루", "미달성"],
    ]
    lines = _grid(rows, xs=(90, 250, 450))
    # the second row's example wraps over two lines, above and below the row's centre
    lines += [_line("스마트 스피커(애플 시리,", (250, 334, 400, 344)), _line("구글 어시스턴트)", (250, 346, 350, 356))]
    assert not any(" | " in line for line in _cleaned_lines([_page(lines)]))


def test_a_paragraph_that_shares_the_tables_region_keeps_its_wrapped_lines() -> None:
    rows = [
        ["구분", "기준년도", "한국", "일본"],
        ["인구", "2023", "5,150만 명", "1억 명"],
        ["면적", "2023", "10,043", "37,797"],
    ]
    lines = _grid(rows)
    paragraph = ["표의 인구는 2023년 기준이며 면적 단위는 천 헥타르,", "통계는 두 나라 모두 통계청의 발표를 따랐다."]
    lines += [_line(paragraph[0], (90, 362, 480, 372)), _line(paragraph[1], (90, 376, 300, 386))]
    cleaned = _cleaned_lines([_page(lines)])
    assert "인구 | 2023 | 5,150만 명 | 1억 명" in cleaned
    assert " ".join(paragraph) in cleaned


@pytest.mark.parametrize("above", [1, 2])
def test_a_heading_in_one_column_does_not_cut_the_others_sentence(above: int) -> None:
    """Where a blank before the right column's numbered heading meets a wider line gap in the left
    column, a band of a line or two in each column lies above the cut: it still belongs to the
    columns, and the left column's paragraph runs on past it."""
    lines = [_line("第２節　ＡＩ研究の動向", (55, 60, 300, 75), 14)]
    left = [f"左の段の{i}行目は段の右端まで続いて次の" for i in range(10)]
    y = 100.0
    for i, text in enumerate(left):
        lines.append(_line(text, (55, y, 270, y + 11), 10.5))
        y += 17 + (14 if i == above - 1 else 0)
    right = [f"右の段の{i}行目も同じように右端まで続" for i in range(8)]
    y = 100.0
    for i, text in enumerate(right):
        if i == above:
            y += 14
            lines.append(_line("２　右の段の見出し", (291, y, 400, y + 11), 10.5))
            y += 17
        lines.append(_line(text, (291, y, 507, y + 11), 10.5))
        y += 17
    text = pdf_layout.layout_dicts([_page(lines)]).text
    assert text.index(left[-1]) < text.index(right[0])  # the left column is read whole first
    assert text.index(right[0]) < text.index("２　右の段の見出し") < text.index(right[above])
