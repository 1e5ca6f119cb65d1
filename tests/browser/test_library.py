"""The library (/documents) and document (/documents/{id}) pages in headless chromium, over the
integration index (the seeds, whose folder is the default library root, and the white paper, which lies
outside it)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
import rispy

from bench.corpus import SEEDS
from tests.browser.harness import have_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.skipif(not have_chromium(), reason="/usr/bin/chromium is not installed (make browser)"),
]


def total(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.get_attribute("#result-count", "data-total"))


def row_titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".doc-row .doc-title").all_inner_texts()


def test_library_lists_sorts_and_filters(page, indexed: dict) -> None:  # type: ignore[no-untyped-def]
    docs = indexed["docs"]
    page.goto("/")
    with page.expect_navigation():
        page.click(".site-nav a")
    assert urlsplit(page.url).path == "/documents"
    assert total(page) == len(docs) == page.locator(".doc-row").count()
    assert sorted(row_titles(page)) == sorted(d.title for d in docs)

    with page.expect_navigation():
        page.select_option("#sort", "title")
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["title"]
    assert row_titles(page) == sorted(d.title for d in docs)
    assert page.locator("#sort").input_value() == "title"

    # The language facet counts documents; ticking Japanese leaves the white paper alone.
    japanese = [d for d in docs if d.lang == "ja"]
    box = page.locator(".facet-lang input[value='ja']")
    assert int(page.locator(f"label[for='{box.get_attribute('id')}'] .count").inner_text()) == len(japanese)
    with page.expect_navigation():
        box.check()
    query = parse_qs(urlsplit(page.url).query)
    assert query["lang"] == ["ja"] and query["sort"] == ["title"]
    assert row_titles(page) == [d.title for d in japanese]
    with page.expect_navigation():
        page.locator(".chips a.chip").click()
    assert total(page) == len(docs)


def test_library_pages_keep_the_filters(page, indexed: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto("/documents?size=2&sort=title")
    seen = row_titles(page)
    while page.locator(".pager a[rel=next]").count():
        with page.expect_navigation():
            page.click(".pager a[rel=next]")
        assert parse_qs(urlsplit(page.url).query)["sort"] == ["title"]
        seen += row_titles(page)
    assert seen == sorted(d.title for d in indexed["docs"])


def test_document_page_card_outline_original_and_cite(page, indexed: dict) -> None:  # type: ignore[no-untyped-def]
    doc = next(d for d in indexed["docs"] if d.file and d.file.library_path and d.outline)
    page.goto("/documents")
    with page.expect_navigation():
        page.locator(f".doc-row[data-id='{doc.doc_id}'] .doc-title a").click()
    assert page.locator("h1").inner_text() == doc.title
    labels, values = page.locator(".card dt").all_inner_texts(), page.locator(".card dd").all_inner_texts()
    card = dict(zip(labels, values, strict=True))
    assert card["구절"] == f"{len(doc.passages)}개" and card["언어"] == "한국어"
    assert card["파일"].startswith(doc.file.library_path)

    # The original: the exact bytes of the seed file.
    href = page.get_attribute("a.file-link", "href")
    assert href == f"/v1/documents/{doc.doc_id}/file"
    resp = page.request.get(href)
    assert resp.status == 200 and resp.body() == (SEEDS / doc.file.library_path).read_bytes()
    ranged = page.request.get(href, headers={"Range": "bytes=0-15"})
    assert ranged.status == 206 and ranged.body() == (SEEDS / doc.file.library_path).read_bytes()[:16]

    # Cite: RIS and BibTeX downloads that their own parsers read back.
    page.click(".cite summary")
    assert page.locator(".cite-text").is_visible()
    with page.expect_download() as ris_download:
        page.click(".cite-formats a:text('RIS')")
    (entry,) = rispy.loads(Path(ris_download.value.path()).read_text(encoding="utf-8"))
    assert entry["title"].startswith(doc.title) and entry["urls"][0].endswith(href)
    with page.expect_download() as bib_download:
        page.click(".cite-formats a:text('BibTeX')")
    library = bibtexparser.parse_string(Path(bib_download.value.path()).read_text(encoding="utf-8"))
    assert not library.failed_blocks and library.entries[0].fields_dict["url"].value.endswith(href)
    shown = bibtexparser.parse_string(page.locator(".cite-text").inner_text())
    assert shown.entries[0].key == library.entries[0].key

    # The outline leads to the document's passages, and the passage back to the document.
    first = page.locator(".outline a").first
    with page.expect_navigation():
        first.click()
    assert urlsplit(page.url).path.startswith(f"/passages/{doc.doc_id}-")
    with page.expect_navigation():
        page.click(".doc-meta a.doc-link")
    assert urlsplit(page.url).path == f"/documents/{doc.doc_id}"


def test_search_within_the_document(page, indexed: dict) -> None:  # type: ignore[no-untyped-def]
    doc = next(d for d in indexed["docs"] if d.lang == "ko")
    page.goto(f"/documents/{doc.doc_id}")
    page.fill("#doc-q", "일본")
    with page.expect_navigation():
        page.press("#doc-q", "Enter")
    assert parse_qs(urlsplit(page.url).query)["doc"] == [doc.doc_id]
    ids = page.locator(".hit").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ids and all(i.startswith(doc.doc_id) for i in ids)
    # every hit links to its document page
    with page.expect_navigation():
        page.locator(".hit a.doc-link").first.click()
    assert urlsplit(page.url).path == f"/documents/{doc.doc_id}"


def test_an_original_outside_the_library_is_not_linked(page, indexed: dict) -> None:  # type: ignore[no-untyped-def]
    paper = next(d for d in indexed["docs"] if d.lang == "ja")  # the white paper, outside seeds/
    assert paper.file and paper.file.library_path is None
    page.goto(f"/documents/{paper.doc_id}")
    assert page.locator("h1").inner_text() == paper.title
    assert page.locator("a.file-link").count() == 0 and page.locator(".no-original").is_visible()
    assert page.request.get(f"/v1/documents/{paper.doc_id}/file").status == 404
