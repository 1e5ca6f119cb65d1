from hypothesis import given
from hypothesis import strategies as st

from app.query.highlight import highlight, literal_spans, locate, match_spans

TEXT = "일본 문부과학성은 2023년 예산을 늘렸다. 이어서 文部科学省의 <b>계획</b>에 따라 투자를 확대했다."


def test_cross_script_span_is_marked_and_html_escaped() -> None:
    i = TEXT.index("文部科学省")
    frags = highlight(
        TEXT, [("문부과학성", 3, 8), ("문부과학성", i, i + 5)], [(frozenset({"문부과학성"}), frozenset())]
    )
    joined = " ".join(frags)
    assert "<mark>文部科学省</mark>" in joined
    assert "<mark>문부과학성</mark>" in joined
    assert "&lt;b&gt;" in joined and "<b>" not in joined


def test_literal_words_are_marked_when_analysis_found_nothing() -> None:
    assert match_spans("ABC 계획 abc", [], [], ["abc"]) == [(0, 3), (7, 10)]


def test_overlapping_spans_merge() -> None:
    units = [(frozenset({"과학기술"}), frozenset()), (frozenset({"기술혁신"}), frozenset())]
    assert match_spans("과학기술혁신", [("과학기술", 0, 4), ("기술혁신", 2, 6)], units) == [(0, 6)]


def test_parts_are_marked_only_where_the_whole_word_is_absent() -> None:
    text = "文部科学省と科学技術"
    spans = [("문부과학성", 0, 5), ("科学", 2, 4), ("科学", 6, 8)]
    unit = [(frozenset({"문부과학성"}), frozenset({"科学"}))]
    assert match_spans(text, spans, unit) == [(0, 5)]
    assert match_spans(text, spans[1:], unit) == [(2, 4), (6, 8)]


def test_no_match_gives_leading_fragment_without_marks() -> None:
    frags = highlight(TEXT, [], [])
    assert frags and "<mark>" not in frags[0] and frags[0].startswith("일본")


@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 310), st.integers(-5, 310)), max_size=5))
def test_highlight_never_raises_and_marks_balance(text: str, raw_spans: list[tuple[int, int]]) -> None:
    spans = [("t", s, e) for s, e in raw_spans]
    for frag in highlight(text, spans, [(frozenset({"t"}), frozenset())]):
        assert frag.count("<mark>") == frag.count("</mark>")


def test_literal_spans_are_found_through_normalization_in_original_offsets() -> None:
    text = "일본의 ＡＩ 전략과 AI 정책"
    assert literal_spans(text, ["ai", "정책"]) == [("ai", 4, 6), ("ai", 11, 13), ("정책", 14, 16)]


def test_literal_spans_take_a_hangul_syllable_alone_only_where_a_word_starts() -> None:
    assert literal_spans("방법과 법을", ["법"]) == [("법", 4, 5)]
    assert literal_spans("共産党の党首", ["党"]) == [("党", 2, 3), ("党", 4, 5)]


def test_literal_spans_reach_across_spaces_only_for_terms_not_written_whole() -> None:
    found = literal_spans("쇼와 천황과 천황", ["쇼와천황", "천황"])
    assert found == [("쇼와천황", 0, 5), ("천황", 3, 5), ("천황", 7, 9)]


def test_literal_spans_keep_latin_and_numbers_whole() -> None:
    assert literal_spans("he said 2023 and 20230", ["ai", "2023"]) == [("2023", 8, 12)]


def test_locate_analyses_only_when_a_matched_unit_is_not_written_as_such() -> None:
    text = "올해 발표에 따르면 일본 정부는 文部科学省は予算を増やした。"
    units = [(frozenset({"문부과학성", "文部科学省"}), frozenset()), (frozenset({"増やす"}), frozenset())]
    calls: list[list[str]] = []

    def analyze(texts: list[str]) -> list[list[tuple[str, int, int]]]:
        calls.append(texts)
        return [[("増やす", t.index("増"), t.index("増") + 3)] for t in texts]

    where = text.index("文部科学省")
    # only the first unit matched: it is written as such, so no analysis
    assert locate(text, units, {0}, analyze) == [("文部科学省", where, where + 5)]
    assert calls == []
    # the verb matched as its lemma, written 増やした: the analyser reads only the words around 増
    verb = text.index("増")
    assert locate(text, units, {0, 1}, analyze) == [("文部科学省", where, where + 5), ("増やす", verb, verb + 3)]
    assert calls == [[text[where:]]]


def test_locate_reads_the_whole_passage_when_no_place_could_hold_the_unit() -> None:
    text = "文部科学省は予算を増やした。"
    reading = [(frozenset({"과학"}), frozenset())]
    calls: list[list[str]] = []

    def analyze(texts: list[str]) -> list[list[tuple[str, int, int]]]:
        calls.append(texts)
        return [[("과학", 2, 4)]]

    assert locate(text, reading, {0}, analyze) == [("과학", 2, 4)]
    assert calls == [[text]]
