"""Passage cutting: size limit, coverage, offsets, links."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.text.passages import MAX_CHARS, Span, cut_passages, split_long, split_sentences
from ingest.text.structure import Block


def blocks_of(text: str, sections: list[int] | None = None) -> list[Block]:
    """One block per line, as structure makes them."""
    out = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            section = sections[i] if sections else 0
            out.append(Block("text", pos, pos + len(line), (f"s{section}",), section))
        pos += len(line) + 1
    return out


words = st.text(alphabet="가나다라마바사アイウ文科ab1", min_size=1, max_size=30)
sentence = st.builds(
    lambda ws, end: " ".join(ws) + end,
    st.lists(words, min_size=1, max_size=40),
    st.sampled_from([".", "。", "", "다.", ","]),
)
line = st.builds(lambda ss: " ".join(ss), st.lists(sentence, min_size=1, max_size=30))
long_word = st.text(alphabet="가나다", min_size=1, max_size=3000)
document = st.lists(st.one_of(line, long_word), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(document, st.integers(min_value=60, max_value=MAX_CHARS))
def test_passages_respect_limit_and_cover_text(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    blocks = blocks_of(text)
    passages = cut_passages(blocks, text, "d" * 16, max_chars=limit)
    covered = "".join(p.text for p in passages)
    for p in passages:
        assert 0 < len(p.text) <= limit
        assert text[p.start : p.end] == p.text
        assert p.text == p.text.strip()
    # no non-whitespace character is lost or duplicated
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", "".join(text[b.start : b.end] for b in blocks))
    starts = [p.start for p in passages]
    assert starts == sorted(starts)


def test_sections_are_never_crossed() -> None:
    text = "첫째 절의 문장이다.\n둘째 절의 문장이다.\n둘째 절의 다른 문장이다."
    passages = cut_passages(blocks_of(text, [1, 2, 2]), text, "0" * 16)
    assert [p.breadcrumb for p in passages] == [["s1"], ["s2"]]
    assert passages[1].text == "둘째 절의 문장이다.\n둘째 절의 다른 문장이다."


def test_ids_and_links() -> None:
    text = "\n".join(f"{i}번째 문장은 충분히 길게 써서 여러 조각으로 나뉘도록 한다. " * 12 for i in range(4))
    passages = cut_passages(blocks_of(text, [0, 1, 2, 3]), text, "abcdef0123456789")
    assert [p.id for p in passages] == [f"abcdef0123456789-{i:04d}" for i in range(1, len(passages) + 1)]
    assert passages[0].prev_id is None and passages[-1].next_id is None
    for a, b in pairwise(passages):
        assert a.next_id == b.id and b.prev_id == a.id


def test_packs_sentences_to_target_size() -> None:
    text = " ".join(["이 문장은 대략 사십 글자 정도 되는 평범한 한국어 문장이다."] * 60)
    passages = cut_passages(blocks_of(text), text, "0" * 16)
    assert all(200 <= len(p.text) <= 800 for p in passages[:-1])
    assert all(p.text.endswith("다.") for p in passages)


def test_sentence_split_keeps_numbers_together() -> None:
    text = "설비투자는 4.5% 증가했다(2023.7.23.). 다음 문장。次の文"
    spans = [text[s.start : s.end] for s in split_sentences(text, 0, len(text))]
    assert spans == ["설비투자는 4.5% 증가했다(2023.7.23.).", "다음 문장。", "次の文"]


def test_split_long_prefers_clause_boundaries_then_whitespace() -> None:
    text = "가" * 500 + ", " + "나" * 900 + " " + "다" * 500
    pieces = [text[s.start : s.end] for s in split_long(text, Span(0, len(text)), 1200)]
    assert pieces == ["가" * 500 + ",", "나" * 900 + " " + "다" * 500][:1] + pieces[1:]
    assert all(len(p) <= 1200 for p in pieces)
    assert pieces[1] == "나" * 900  # no clause mark left in reach: the space is used
    unbroken = "가" * 3000
    assert [s.end - s.start for s in split_long(unbroken, Span(0, 3000), 1200)] == [1200, 1200, 600]


def test_the_later_pieces_of_a_long_table_name_its_columns_after_the_section() -> None:
    rows = ["[표 3] 국가별 동향", "구분 | 미국 | 일본 | 독일"] + [
        f"{y}년 | {y % 7}.1 | {y % 5}.2 | {y % 3}.3" for y in range(1990, 2030)
    ]
    text = "\n".join(rows)
    passages = cut_passages([Block("table", 0, len(text), ("1. 투자 동향",), 0)], text, "d" * 16, max_chars=300)
    assert len(passages) >= 3
    assert passages[0].breadcrumb == ["1. 투자 동향"]  # it holds the header row itself
    assert all(p.breadcrumb == ["1. 투자 동향", "구분 | 미국 | 일본 | 독일"] for p in passages[1:])
    assert all(text[p.start : p.end] == p.text for p in passages)  # the text itself is not changed
