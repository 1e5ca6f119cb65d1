"""View models of the library and document pages, and the links hits gain (app/web_view.py)."""

from __future__ import annotations

from app import web_view as vm
from app.models import DocumentDetail, DocumentList, DocumentParams, Facets, FileInfo, Hit, SearchResponse
from tests.unit.web_fakes import FakeLabels

EMPTY_FACETS = Facets(ministry=[], plan_period=[], doc=[], year=[], topic=[], org=[], lang=[])


def hit(doc_id: str, page: int | None) -> Hit:
    return Hit(id=f"{doc_id}-0001", doc_id=doc_id, doc_title="t", section="", text="x", highlights=[], score=1.0,
               ministries=[], plan_periods=[], years=[], topics=[], lang="ko", page=page)


def test_hits_link_to_their_document_and_a_pdf_at_its_page() -> None:
    response = SearchResponse(query={}, total=3, took_ms=1, relaxed=False, next_cursor=None,
                              hits=[hit("pdf", 7), hit("txt", None), hit("gone", 2)], facets=EMPTY_FACETS)
    views = vm.hit_views(response, FakeLabels(), [("q", "x")], "/?q=x", {"pdf": "/v1/documents/pdf/file"})
    assert [v.doc_page_url for v in views] == ["/documents/pdf", "/documents/txt", "/documents/gone"]
    assert [v.file_url for v in views] == ["/v1/documents/pdf/file#page=7", None, None]


def test_page_ranges() -> None:
    assert vm.page_ranges([9, 3, 4, 5, 1]) == "1, 3–5, 9"
    assert vm.page_ranges([]) == ""


def test_library_pager_keeps_filters_and_sort() -> None:
    listing = DocumentList(total=5, documents=[])
    params = DocumentParams.model_validate({"size": 2, "from": 2, "sort": "title", "lang": ["ko"]})
    pager = vm.library_pager(listing, params, [("sort", "title"), ("lang", "ko"), ("from", "2")], 10_000)
    assert pager.prev_url == "/documents?sort=title&lang=ko"
    assert pager.next_url == "/documents?sort=title&lang=ko&from=4"
    assert (pager.page, pager.pages) == (2, 3)


def test_document_view_card() -> None:
    doc = DocumentDetail(
        doc_id="d1", source="r.pdf", title="제목", lang="ja", org="mext", published="2024-03", passage_count=4,
        page_count=30, ocr_pages=[2, 3, 4], respaced_pages=[9], ministries=["mext"], plan_periods=[], years=[2024],
        topics=[], outline=[], citations=[], aliases=[], file_url="/v1/documents/d1/file",
        file=FileInfo(name="r.pdf", media_type="application/pdf", size=3 * 1024 * 1024, sha256="0"),
    )
    view = vm.document_view(doc, vm.tag_lookup(None, FakeLabels()))
    facts = dict(view.facts)
    assert facts["발행일"] == "2024-03" and facts["쪽수"] == "30쪽" and facts["OCR로 읽은 쪽"] == "2–4"
    assert facts["띄어쓰기를 되살린 쪽"] == "9" and facts["파일"] == "r.pdf (3.0 MB)"
    assert [t.label for t in view.tags] == ["문부과학성"]
    assert view.cite_urls[0] == ("RIS", "/v1/documents/d1/cite?format=ris")
    assert view.file_url == "/v1/documents/d1/file"
