from hypothesis import given
from hypothesis import strategies as st

from app.query.highlight import highlight, match_spans

TEXT = "일본 문부과학성은 2023년 예산을 늘렸다. 이어서 文部科学省의 <b>계획</b>에 따라 투자를 확대했다."


def test_cross_script_span_is_marked_and_html_escaped() -> None:
    i = TEXT.index("文部科学省")
    frags = highlight(TEXT, [("문부과학성", 3, 8), ("문부과학성", i, i + 5)], {"문부과학성"})
    joined = " ".join(frags)
    assert "<mark>文部科学省</mark>" in joined
    assert "<mark>문부과학성</mark>" in joined
    assert "&lt;b&gt;" in joined and "<b>" not in joined


def test_literal_words_are_marked_when_analysis_found_nothing() -> None:
    assert match_spans("ABC 계획 abc", [], set(), ["abc"]) == [(0, 3), (7, 10)]


def test_overlapping_spans_merge() -> None:
    assert match_spans("과학기술혁신", [("과학기술", 0, 4), ("기술혁신", 2, 6)], {"과학기술", "기술혁신"}) == [(0, 6)]


def test_no_match_gives_leading_fragment_without_marks() -> None:
    frags = highlight(TEXT, [], set())
    assert frags and "<mark>" not in frags[0] and frags[0].startswith("일본")


@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 310), st.integers(-5, 310)), max_size=5))
def test_highlight_never_raises_and_marks_balance(text: str, raw_spans: list[tuple[int, int]]) -> None:
    spans = [("t", s, e) for s, e in raw_spans]
    for frag in highlight(text, spans, {"t"}):
        assert frag.count("<mark>") == frag.count("</mark>")
