from hypothesis import given
from hypothesis import strategies as st

from app.query.parse import Clause, parse_query


def test_words_become_separate_groups() -> None:
    parsed = parse_query("스타트업 육성")
    assert parsed.groups == [[Clause("스타트업")], [Clause("육성")]]
    assert parsed.excluded == []


def test_phrase_and_exclusion() -> None:
    parsed = parse_query('"문부과학성 예산" -방위성')
    assert parsed.groups == [[Clause("문부과학성 예산", phrase=True)]]
    assert parsed.excluded == [Clause("방위성")]


def test_excluded_phrase() -> None:
    parsed = parse_query('-"a b" c')
    assert parsed.excluded == [Clause("a b", phrase=True)]
    assert parsed.groups == [[Clause("c")]]


def test_or_joins_neighbours_into_one_group() -> None:
    parsed = parse_query("文部科学省 OR 문부과학성 예산")
    assert parsed.groups == [[Clause("文部科学省"), Clause("문부과학성")], [Clause("예산")]]


def test_japanese_corner_brackets_are_a_phrase() -> None:
    parsed = parse_query("「第7期科学技術」")
    assert parsed.groups == [[Clause("第7期科学技術", phrase=True)]]


def test_malformed_input_is_taken_literally() -> None:
    assert parse_query('"unbalanced').groups == [[Clause("unbalanced")]]
    assert parse_query("OR").groups == [[Clause("OR")]]
    assert parse_query("a OR").groups == [[Clause("a")]]
    assert parse_query('""').is_empty
    assert parse_query("   ").is_empty


@given(st.text(max_size=200))
def test_parse_never_raises_and_yields_nonempty_clauses(raw: str) -> None:
    parsed = parse_query(raw)
    for clause in parsed.positive_clauses() + parsed.excluded:
        assert clause.text
        assert clause.text == clause.text.strip()
