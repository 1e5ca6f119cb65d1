"""The page geometry the PDF layout, OCR and the card share (ingest/readers/geometry.py)."""

from __future__ import annotations

from ingest.readers.geometry import body_size, furniture_key, recurring, same_row, union, word_gap


def test_union_and_rows() -> None:
    assert union([(10, 10, 20, 20), (15, 5, 30, 18)]) == (10, 5, 30, 20)
    assert same_row((0, 100, 50, 112), (60, 104, 90, 114))  # overlap 8 of the lower's 10
    assert not same_row((0, 100, 50, 112), (60, 110, 90, 122))  # overlap 2
    assert not same_row((0, 100, 50, 100), (0, 100, 50, 100))  # no height, no row


def test_word_gap_spaces_korean_and_latin_never_kana_or_kanji() -> None:
    size = 10.0

    def gap(prev: str, char: str, blank: float) -> bool:
        return word_gap(prev, (0, 0, 10, 10), char, (10 + blank, 0, 20, 10), size)

    assert gap("다", "그", 3) and gap("d", "T", 2.5) and gap("데", "「", 3)
    assert not gap("다", "그", 1)
    assert not gap("省", "の", 5) and not gap("데", "省", 5) and not gap(" ", "그", 5)


def test_body_size_and_furniture_key() -> None:
    assert body_size([(10.04, 300), (24.0, 20), (9.96, 50)]) == 10.0
    assert body_size([]) is None
    assert furniture_key("SPRi AI Brief | 2023-12월호  17") == furniture_key("spri ai brief|2023-12월호 18")


def test_recurring_counts_pages_not_lines() -> None:
    head = ("top", furniture_key("월간 Japan Insight 2023.8"))
    pages = [
        [head, ("top", "#")],
        [head, head],  # twice on one page is one page
        [("top", furniture_key("월간  Japan Insight 2023.9"))],  # other digits, other spaces
        [("top", "#"), ("bottom", "#")],
    ]
    assert recurring(pages, 3) == {head}
    assert recurring(pages, 2) == {head, ("top", "#")}
    assert recurring(pages[:2], 3) == set()
