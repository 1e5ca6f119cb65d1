"""The pre-analyzed field values and the stored highlight offsets."""

from analyzers.tokens import Origin, Script, Token
from ingest.index_fields import span_paths, stack_terms, token_spans, unpack_spans


def tok(term: str, pos: int, start: int, end: int, origin: Origin = Origin.SURFACE) -> Token:
    return Token(term, pos, start, end, Script.HANGUL, origin)


TOKENS = [
    tok("문부과학성", 0, 0, 5),
    tok("文部科学省", 0, 0, 5, Origin.ALIAS),
    tok("예산", 1, 6, 8),
    tok("예산", 2, 12, 14),
    tok("예산", 2, 12, 14),  # the same occurrence twice is stored once
    tok("society5.0", 3, 15, 25),
]


def test_spans_are_keyed_by_term_and_round_trip() -> None:
    table = token_spans(TOKENS)
    assert table["예산"] == [6, 8, 12, 14]
    assert sorted(unpack_spans(table)) == sorted(
        [("문부과학성", 0, 5), ("文部科学省", 0, 5), ("예산", 6, 8), ("예산", 12, 14), ("society5.0", 15, 25)]
    )
    assert unpack_spans(table, frozenset({"文部科学省"})) == [("文部科学省", 0, 5)]
    assert unpack_spans(None) == []


def test_span_paths_name_one_source_path_per_term() -> None:
    assert span_paths({"예산", "society5.0"}) == ["spans.society5.0", "spans.예산"]


def test_stacked_terms_share_a_position() -> None:
    assert stack_terms(TOKENS) == "문부과학성|文部科学省 예산 예산 society5.0"
