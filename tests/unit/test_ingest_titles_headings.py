"""Titles and headings are searchable: title detection (the same for Korean and Japanese),
heading-only sections as passages, and the title_all / section_all fields of a passage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzers.tokens import Origin, Script, Token
from ingest.index.indexer import MAPPINGS_DIR, analyze_document, passage_source
from ingest.model import Document, Section
from ingest.pipeline import build_document
from ingest.readers.files import RawText
from ingest.text.passages import MAX_CHARS
from tests.grammar import grammar, session_analyzer

KO_SHORT = (
    "임종석\n\n"
    "1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배되었다. "
    "같은 해 6월 30일 평양축전에 임수경을 대표로 파견하였다.\n"
)
JA_SHORT = (
    "梅雨\n\n"
    "梅雨（つゆ、ばいう）は、北海道と小笠原諸島を除く日本、朝鮮半島南部、中国の南部から長江流域に"
    "かけての沿海部、および台湾など、東アジアの広範囲においてみられる特有の気象現象である。\n"
)
# "1 개요" and "2 목차" have no text under them; "3 결론" and "4 부록" follow straight on each other.
KO_HEADINGS = "\n".join(
    [
        "일본 과학기술 정책 동향",
        "1 개요",
        "가. 배경",
        "□ 일본 문부과학성은 2023년 예산을 늘렸음.",
        "2 목차",
        "3 결론",
        "4 부록",
        "□ 참고할 필요가 있음.",
    ]
)


def build(
    text: str, name: str = "x.txt", max_chars: int = MAX_CHARS, sidecar: dict[str, object] | None = None
) -> Document:
    raw = RawText(path=Path(name), data=text.encode(), text=text, encoding="utf-8")
    return build_document(raw, repair=grammar(str), max_chars=max_chars, sidecar=sidecar)


def walk(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from walk(s.children)


def searchable_lines(doc: Document) -> set[str]:
    """Lines of the document text that some passage, the title or a breadcrumb holds."""
    held = {line for p in doc.passages for line in p.text.split("\n")}
    return held | {doc.title}


@pytest.mark.parametrize(
    ("text", "lang", "title", "first_words"),
    [(KO_SHORT, "ko", "임종석", "1989년 2월"), (JA_SHORT, "ja", "梅雨", "梅雨（つゆ")],
    ids=["ko", "ja"],
)
def test_short_first_line_is_the_title_in_both_languages(
    text: str, lang: str, title: str, first_words: str
) -> None:
    doc = build(text)
    assert (doc.lang, doc.title) == (lang, title)
    assert doc.passages[0].text.startswith(first_words)
    assert all(title not in p.text.split("\n") for p in doc.passages)  # not repeated as a line


def test_one_line_document_keeps_its_line_as_text() -> None:
    doc = build("梅雨前線の停滞\n")
    assert [p.text for p in doc.passages] == ["梅雨前線の停滞"]
    assert doc.title != "梅雨前線の停滞"


def test_heading_shaped_first_line_is_not_a_title_in_either_language() -> None:
    # "1　概要" is a Japanese heading; the rule is the same whatever the document's language
    ja = build("1\u3000概要\n文部科学省は予算を増やした。\n")
    ko = build("1\u3000개요\n문부과학성은 예산을 늘렸다.\n")
    assert ja.title == "概要" and ko.title == "개요"  # from the first heading, numbering dropped


def test_vertical_text_fragment_is_not_a_title() -> None:
    doc = build("厚\n生\n労\n働\n省\n告示の本文である。\n", name="vertical.txt")
    assert doc.title == "vertical"


def test_heading_only_sections_become_heading_passages() -> None:
    doc = build(KO_HEADINGS)
    assert doc.title == "일본 과학기술 정책 동향"
    assert [(p.kind, p.text, p.breadcrumb) for p in doc.passages] == [
        ("heading", "1 개요", ["1 개요"]),
        ("text", "□ 일본 문부과학성은 2023년 예산을 늘렸음.", ["1 개요", "가. 배경"]),
        ("heading", "2 목차\n3 결론", ["2 목차"]),  # consecutive body-less headings: one passage
        ("text", "□ 참고할 필요가 있음.", ["4 부록"]),
    ]
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text
    # every line a reader sees is in a passage or is the title; "가. 배경" and "4 부록" head text
    # and are searched through section_all
    breadcrumbs = {t for p in doc.passages for t in p.breadcrumb}
    assert set(doc.text.split("\n")) <= searchable_lines(doc) | breadcrumbs
    assert [pid for s in walk(doc.outline) for pid in s.passage_ids] == [p.id for p in doc.passages]


def test_heading_passages_respect_the_size_limit() -> None:
    # a table of contents: numbered headings with no text under any of them
    topics = ["반도체", "양자", "우주", "바이오", "인공지능", "로봇", "소재", "에너지", "통신", "인재"]
    contents = "\n".join(f"{n} {t} 분야의 정책 동향과 산업 현황 분석" for n, t in enumerate(topics, start=1))
    doc = build(f"보고서 제목\n{contents}\n", max_chars=100)
    headings = [p for p in doc.passages if p.kind == "heading"]
    assert len(headings) > 1
    assert all(len(p.text) <= 100 for p in headings)
    assert "\n".join(p.text for p in headings) == contents


def test_title_line_replaced_by_a_sidecar_title_stays_searchable() -> None:
    doc = build(KO_SHORT, sidecar={"title": "다른 제목"})
    assert doc.title == "다른 제목"
    assert (doc.passages[0].kind, doc.passages[0].text) == ("heading", "임종석")
    assert all(doc.text[p.start : p.end] == p.text for p in doc.passages)


# --- index fields ------------------------------------------------------------------------


def fake_analyze(calls: list[list[str]]):
    """Whitespace words as surface tokens, recording each batch it is given."""

    def analyze(texts: list[str]) -> list[list[Token]]:
        calls.append(list(texts))
        out = []
        for text in texts:
            words = text.split()
            out.append(
                [Token(w, i, 0, len(w), Script.OTHER, Origin.SURFACE) for i, w in enumerate(words)]
            )
        return out

    return analyze


def test_title_and_section_fields_are_in_passage_source() -> None:
    doc = build(KO_HEADINGS)
    calls: list[list[str]] = []
    tokens, headings = analyze_document(doc, fake_analyze(calls))
    # the passages in one analyzer batch, then the headings in one: each distinct title and section
    # title once (ingest analyses the headings the same way, analyze_headings, before the passages' steps)
    assert len(calls) == 2
    assert calls[0] == [p.text for p in doc.passages]
    assert sorted(calls[1]) == sorted({doc.title, "1 개요", "가. 배경", "2 목차", "4 부록"})
    sources = [passage_source(p, doc, t, {}, headings) for p, t in zip(doc.passages, tokens, strict=True)]
    assert {s["title_all"] for s in sources} == {"일본 과학기술 정책 동향"}
    assert [s["section_all"] for s in sources] == ["1 개요", "1 개요 가. 배경", "2 목차", "4 부록"]


def test_passage_source_fields_are_all_in_the_strict_mapping() -> None:
    mapping = json.loads((MAPPINGS_DIR / "passages.json").read_text(encoding="utf-8"))["mappings"]
    doc = build(KO_HEADINGS)
    tokens, headings = analyze_document(doc, fake_analyze([]))
    source = passage_source(doc.passages[0], doc, tokens[0], {}, headings)
    assert set(source) <= set(mapping["properties"])
    for name in ("title_all", "section_all"):
        assert mapping["properties"][name]["analyzer"] == "stacked"


def test_title_is_analyzed_with_the_project_analyzer() -> None:
    analyzer = session_analyzer()
    doc = build(JA_SHORT)
    tokens, headings = analyze_document(doc, lambda texts: analyzer.analyze_many(texts))
    source = passage_source(doc.passages[0], doc, tokens[0], {}, headings)
    assert "梅雨" in source["title_all"].replace("|", " ").split()
    assert source["section_all"] == ""
