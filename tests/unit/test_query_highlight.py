from hypothesis import given
from hypothesis import strategies as st

from app.query.highlight import highlight, match_spans

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
