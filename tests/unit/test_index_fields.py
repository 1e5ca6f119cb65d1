"""The pre-analyzed field values."""

from analyzers.tokens import Origin, Script, Token
from ingest.index.fields import analyzed_fields, stack_terms


def tok(term: str, pos: int, start: int, end: int, origin: Origin = Origin.SURFACE) -> Token:
    return Token(term, pos, start, end, Script.HANGUL, origin)


TOKENS = [
    tok("문부과학성", 0, 0, 5),
    tok("文部科学省", 0, 0, 5, Origin.ALIAS),
    tok("예산", 1, 6, 8),
    tok("예산", 2, 12, 14),
    tok("예산", 2, 12, 14),  # the same term twice at one position is written once
    tok("society5.0", 3, 15, 25),
    tok("§hshk", 3, 15, 25, Origin.PHONETIC),
]


def test_only_the_stacked_fields_are_written() -> None:
    # No offsets: they were most of the index's size; highlights find the terms again per hit.
    assert analyzed_fields(TOKENS) == {
        "surf": "문부과학성 예산 예산 society5.0",
        "all": "문부과학성|文部科学省 예산 예산 society5.0",
        # how words sound apart, so they neither lengthen ``all`` nor meet its phrases
        "sound": "§hshk",
    }


def test_stacked_terms_share_a_position() -> None:
    assert stack_terms(TOKENS) == "문부과학성|文部科学省 예산 예산 society5.0|§hshk"
