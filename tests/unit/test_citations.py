"""The citation writers, read back with the parsers of the libraries that wrote them (rispy, bibtexparser)
and rendered from CSL-JSON by citeproc-py."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import given
from hypothesis import strategies as st

from app.citations import FORMATS, bibtex, csl_json, date_parts, ris
from app.models import DocumentSummary

URL = "http://127.0.0.1:8000/v1/documents/0fb5ee9b1174e66b/file"
ACCESSED = "2026-12-07"


def card(**changes: object) -> DocumentSummary:
    base: dict[str, object] = {
        "doc_id": "0fb5ee9b1174e66b", "source": "seeds/report.pdf", "title": "일본의 과학기술 정책 동향",
        "subtitle": "2024년 예산을 중심으로", "lang": "ko", "org": "한국과학기술기획평가원",
        "published": "2024-03-27", "passage_count": 12, "page_count": 48,
        "ministries": [], "plan_periods": [], "years": [], "topics": [],
    }
    return DocumentSummary.model_validate({**base, **changes})


def test_ris_reads_back() -> None:
    (entry,) = rispy.loads(ris(card(), URL, ACCESSED))
    assert entry == {
        "type_of_reference": "RPRT", "id": "0fb5ee9b1174e66b",
        "title": "일본의 과학기술 정책 동향: 2024년 예산을 중심으로",
        "authors": ["한국과학기술기획평가원"], "publisher": "한국과학기술기획평가원",
        "year": "2024", "date": "2024/03/27/", "start_page": "48", "language": "ko",
        "urls": [URL], "access_date": ACCESSED,
    }


def test_ris_has_no_record_counter_line() -> None:
    assert ris(card(), URL, ACCESSED).startswith("TY  - RPRT")


def test_bibtex_reads_back_as_a_corporate_author() -> None:
    library = bibtexparser.parse_string(bibtex(card(), URL, ACCESSED))
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert entry.entry_type == "techreport" and entry.key == "kjsearch2024_0fb5ee9b1174e66b"
    assert fields["author"] == "{한국과학기술기획평가원}"  # braced: one corporate name, not first + last
    assert fields["title"] == "일본의 과학기술 정책 동향: 2024년 예산을 중심으로"
    assert (fields["year"], fields["date"], fields["month"]) == ("2024", "2024-03-27", "3")
    assert (fields["pagetotal"], fields["langid"], fields["url"]) == ("48", "ko", URL)


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        ("R&D {투자} 50% 증가", r"R\&D \{투자\} 50\% 증가"),
        ("a_b #1 $2 ~ ^ \\", r"a\_b \#1 \$2 \textasciitilde{} \textasciicircum{} \textbackslash{}"),
        ("닫히지 않은 } 괄호 {", r"닫히지 않은 \} 괄호 \{"),
    ],
)
def test_bibtex_escapes_what_latex_would_read(title: str, escaped: str) -> None:
    library = bibtexparser.parse_string(bibtex(card(title=title, subtitle=None), URL, ACCESSED))
    assert not library.failed_blocks
    assert library.entries[0].fields_dict["title"].value == escaped


@given(st.text(min_size=1, max_size=80))
def test_any_title_keeps_one_well_formed_entry(title: str) -> None:
    text = bibtex(card(title=title, subtitle=None, org=title), URL, ACCESSED)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    (entry,) = rispy.loads(ris(card(title=title, subtitle=None, org=title), URL, ACCESSED))
    assert entry["type_of_reference"] == "RPRT" and entry["urls"] == [URL]
    assert entry["title"] == (" ".join(title.split()) or "seeds/report.pdf")


def test_csl_json_renders_with_citeproc() -> None:
    items = json.loads(csl_json(card(), URL, ACCESSED))
    assert items[0]["issued"] == {"date-parts": [[2024, 3, 27]]} and items[0]["author"] == [
        {"literal": "한국과학기술기획평가원"}
    ]
    bibliography = CitationStylesBibliography(
        CitationStylesStyle("harvard-cite-them-right", validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(Citation([CitationItem("0fb5ee9b1174e66b")]))
    (text,) = [str(r) for r in bibliography.bibliography()]
    assert text.startswith("한국과학기술기획평가원 (2024) 일본의 과학기술 정책 동향: 2024년 예산을 중심으로")
    assert URL in text


def test_a_bare_card_still_cites() -> None:
    bare = card(org=None, published=None, page_count=None, subtitle=None)
    (entry,) = rispy.loads(ris(bare, URL, ACCESSED))
    assert "authors" not in entry and "year" not in entry and entry["title"] == bare.title
    fields = bibtexparser.parse_string(bibtex(bare, URL, ACCESSED)).entries[0].fields_dict
    assert "author" not in fields and "year" not in fields
    assert "issued" not in json.loads(csl_json(bare, URL, ACCESSED))[0]
    assert set(FORMATS) == {"ris", "bibtex", "csl-json"}


@pytest.mark.parametrize(
    ("published", "parts"), [("2024-03-27", [2024, 3, 27]), ("2024-03", [2024, 3]), ("2024", [2024]), (None, [])]
)
def test_date_parts(published: str | None, parts: list[int]) -> None:
    assert date_parts(published) == parts
    ris_date = rispy.loads(ris(card(published=published), URL, ACCESSED))[0].get("date")
    assert ris_date == ("/".join([f"{p:02d}" for p in parts] + [""] * (3 - len(parts))) + "/" if parts else None)
