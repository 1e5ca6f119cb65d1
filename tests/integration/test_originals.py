"""The originals at /v1/documents/{id}/file and the citations, against the real node.

A library of its own in a temporary folder (a generated PDF, a seed report, a file the tests change),
ingested through the real pipeline into its own indices, plus records written by hand that point
outside the library (as a tampered or foreign index would): none of those may ever be served.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pymupdf
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from fastapi.testclient import TestClient

from app.main import create_app
from bench.corpus import SEEDS
from core.opensearch import make_client
from core.settings import Settings
from ingest.index.indexer import IndexWriter, document_source, index_documents
from ingest.pipeline import parse_document
from ingest.run import plan_year_ranges, prepare_analyzer
from ingest.text.cleaning import NO_REPAIR
from tests.integration.test_api import assert_error

pytestmark = pytest.mark.integration

PAGES = [
    ["1 일본의 과학기술 정책", "문부과학성의 2024년 예산 개요를 정리한 보고서이다."],
    ["2 연구 기반", "대학의 연구 장비 공동 이용 제도를 확대한다."],
    ["3 양자 기술", "초전도 양자컴퓨터 시험대를 이화학연구소에 구축한다."],
]


def write_pdf(path: Path) -> None:
    pdf = pymupdf.open()
    pdf.set_metadata({"title": "", "author": ""})
    for lines in PAGES:
        page = pdf.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 72 + 28 * i), line, fontname="korea", fontsize=16 if i == 0 else 11)
    pdf.save(path)


@pytest.fixture(scope="module")
def library(node_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("originals")
    root, outside = base / "library", base / "outside"
    (root / "reports").mkdir(parents=True)
    outside.mkdir()
    pdf = root / "reports" / "quantum brief.pdf"
    write_pdf(pdf)
    seed = root / "seed.txt"
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], seed)
    volatile = root / "volatile.txt"
    volatile.write_text(
        "일본 경제산업성의 반도체 지원 보고서.\n\n경제산업성은 라피더스에 보조금을 준다.\n", encoding="utf-8"
    )
    secret = outside / "secret.txt"
    secret.write_text("이 파일은 서재 밖에 있다.", encoding="utf-8")
    (root / "link.txt").symlink_to(secret)

    settings = node_settings.model_copy(
        update={"index_prefix": f"kjtest-files-{uuid.uuid4().hex[:8]}", "library_roots": [root]}
    )
    docs = [parse_document(p, NO_REPAIR, library_roots=[root]) for p in (pdf, seed, volatile)]
    client = make_client(settings)
    writer = IndexWriter(client, settings)
    analyzer = prepare_analyzer(docs)
    index_documents(writer, docs, lambda t: analyzer.analyze_many(t), plan_year_ranges(), rebuild=True)
    # Records that name files outside the library: a climbing library path, an absolute path outside
    # every root, a symlink inside the root that points out of it. Each with the outside file's true hash.
    data = secret.read_bytes()
    forged = {
        "climb0000000001": {"library_path": "../outside/secret.txt", "path": "/nonexistent/secret.txt"},
        "absolute0000001": {"library_path": None, "path": str(secret)},
        "symlink00000001": {"library_path": "link.txt", "path": str(root / "link.txt")},
        "rootabs00000001": {"library_path": str(secret), "path": "relative/secret.txt"},
    }
    for doc_id, where in forged.items():
        source = document_source(docs[1]) | {"doc_id": doc_id, "source": f"{doc_id}.txt"}
        source["file"] = {
            **where, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "media_type": "text/plain; charset=utf-8",
        }
        client.index(index=settings.documents_alias, id=doc_id, body=source, refresh=True)
    with TestClient(create_app(settings)) as api:
        yield {"api": api, "settings": settings, "pdf": pdf, "seed": seed, "volatile": volatile,
               "docs": {d.file.library_path: d for d in docs if d.file}, "forged": list(forged), "root": root}
    for name in client.indices.get(index=f"{settings.index_prefix}-*"):
        client.indices.delete(index=name)
    client.close()


def doc_id(library: dict, name: str) -> str:
    return library["docs"][name].doc_id


def test_ingest_records_the_file_relative_to_its_library_root(library: dict) -> None:
    record = library["docs"]["reports/quantum brief.pdf"].file
    data = library["pdf"].read_bytes()
    assert record.library_path == "reports/quantum brief.pdf"
    assert record.path == str(library["pdf"].resolve())
    assert (record.size, record.sha256, record.media_type) == (len(data), hashlib.sha256(data).hexdigest(),
                                                               "application/pdf")
    assert library["docs"]["seed.txt"].file.media_type == "text/plain; charset=utf-8"


def test_the_pdf_comes_back_byte_for_byte_with_its_headers(library: dict) -> None:
    data = library["pdf"].read_bytes()
    resp = library["api"].get(f"/v1/documents/{doc_id(library, 'reports/quantum brief.pdf')}/file")
    assert resp.status_code == 200
    assert resp.content == data
    assert resp.headers["content-type"] == "application/pdf"
    assert resp.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert resp.headers["accept-ranges"] == "bytes"
    assert resp.headers["content-disposition"].startswith("inline; filename*=utf-8''quantum%20brief.pdf")
    seed = library["api"].get(f"/v1/documents/{doc_id(library, 'seed.txt')}/file")
    assert seed.content == library["seed"].read_bytes()
    assert seed.headers["content-type"] == "text/plain; charset=utf-8"
    assert seed.headers["content-disposition"] == 'inline; filename="seed.txt"'


def test_range_requests(library: dict) -> None:
    api, data = library["api"], library["pdf"].read_bytes()
    url = f"/v1/documents/{doc_id(library, 'reports/quantum brief.pdf')}/file"
    first = api.get(url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.content == data[:100]
    assert first.headers["content-range"] == f"bytes 0-99/{len(data)}"
    tail = api.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == data[-10:]
    middle = api.get(url, headers={"Range": f"bytes=100-{len(data) + 500}"})
    assert middle.status_code == 206 and middle.content == data[100:]
    past = api.get(url, headers={"Range": f"bytes={len(data)}-"})
    assert_error(past, 416, "range_not_satisfiable")
    assert past.headers["content-range"] == f"bytes */{len(data)}"
    # A Range header that is not one is ignored (RFC 9110): the whole file.
    assert api.get(url, headers={"Range": "lines=1-2"}).content == data
    # If-Range with another version's ETag: the whole (current) file, not a piece of it.
    stale = api.get(url, headers={"Range": "bytes=0-9", "If-Range": '"0000"'})
    assert stale.status_code == 200 and stale.content == data


def test_etag_revalidation(library: dict) -> None:
    api = library["api"]
    url = f"/v1/documents/{doc_id(library, 'seed.txt')}/file"
    etag = api.get(url).headers["etag"]
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert api.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_nothing_outside_the_library_is_ever_served(library: dict) -> None:
    api = library["api"]
    for forged in library["forged"]:
        resp = api.get(f"/v1/documents/{forged}/file")
        err = assert_error(resp, 404, "not_found")
        assert "서재 밖" not in resp.text and "outside" not in err["message"]
        assert api.get(f"/v1/documents/{forged}").json()["file_url"] is None
    # The request never names a path: ids that look like one are unknown ids, extra parameters are ignored.
    for attempt in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..", "seed.txt"):
        assert api.get(f"/v1/documents/{attempt}/file").status_code == 404
    seed = doc_id(library, "seed.txt")
    resp = api.get(f"/v1/documents/{seed}/file", params={"path": "/etc/passwd", "library_path": "../x"})
    assert resp.content == library["seed"].read_bytes()


def test_a_changed_or_missing_file_is_not_served_nor_linked(library: dict) -> None:
    api, volatile = library["api"], library["volatile"]
    did = doc_id(library, "volatile.txt")
    url = f"/v1/documents/{did}/file"
    original = volatile.read_bytes()
    assert api.get(url).content == original
    assert api.get(f"/v1/documents/{did}").json()["file_url"] == url
    try:
        # same size, other bytes: only the hash tells
        volatile.write_bytes(original.replace("보조금".encode(), "출자금".encode()))
        assert len(volatile.read_bytes()) == len(original)
        assert_error(api.get(url), 410, "file_changed")
        assert api.get(f"/v1/documents/{did}").json()["file_url"] is None
        page = api.get(f"/documents/{did}")
        assert page.status_code == 200 and "/file" not in page.text
        volatile.write_bytes(original + b"\n")
        assert_error(api.get(url), 410, "file_changed")
        volatile.unlink()
        assert_error(api.get(url), 404, "not_found")
        assert api.get(f"/v1/documents/{did}").json()["file_url"] is None
    finally:
        volatile.write_bytes(original)
    assert api.get(url).content == original


def test_file_serving_can_be_turned_off(library: dict) -> None:
    with TestClient(create_app(library["settings"].model_copy(update={"serve_files": False}))) as api:
        did = doc_id(library, "reports/quantum brief.pdf")
        err = assert_error(api.get(f"/v1/documents/{did}/file"), 404, "not_found")
        assert "KJSEARCH_SERVE_FILES" in err["message"]
        assert api.get(f"/v1/documents/{did}").json()["file_url"] is None
        assert "/file" not in api.get(f"/documents/{did}").text
        hits = api.get("/", params={"q": "양자컴퓨터"}).text
        assert "/file#page=" not in hits


def test_a_pdf_hit_links_to_its_page_in_the_original(library: dict) -> None:
    api = library["api"]
    did = doc_id(library, "reports/quantum brief.pdf")
    hits = api.get("/v1/search", params={"q": "양자컴퓨터"}).json()["hits"]
    hit = next(h for h in hits if h["doc_id"] == did)
    assert hit["page"] == 3
    html = api.get("/", params={"q": "양자컴퓨터"}).text
    assert f'href="/v1/documents/{did}/file#page=3"' in html
    assert f'href="/documents/{did}"' in html
    passage = api.get(f"/passages/{hit['id']}").text
    assert f'href="/v1/documents/{did}/file#page=3"' in passage and f'href="/documents/{did}"' in passage


def test_citations_read_back_with_their_own_parsers(library: dict) -> None:
    api = library["api"]
    did = doc_id(library, "reports/quantum brief.pdf")
    card = api.get(f"/v1/documents/{did}").json()
    file_url = f"http://testserver/v1/documents/{did}/file"

    resp = api.get(f"/v1/documents/{did}/cite", params={"format": "ris"})
    assert resp.headers["content-type"] == "application/x-research-info-systems; charset=utf-8"
    assert f'filename="kjsearch-{did}.ris"' in resp.headers["content-disposition"]
    (ris,) = rispy.loads(resp.text)
    assert ris["type_of_reference"] == "RPRT" and ris["title"].startswith(card["title"])
    assert ris["urls"] == [file_url] and ris["start_page"] == "3" and ris["language"] == "ko"

    bib = bibtexparser.parse_string(api.get(f"/v1/documents/{did}/cite", params={"format": "bibtex"}).text)
    assert not bib.failed_blocks
    (entry,) = bib.entries
    assert entry.entry_type == "techreport" and entry.fields_dict["url"].value == file_url
    assert entry.fields_dict["pagetotal"].value == "3"

    items = json.loads(api.get(f"/v1/documents/{did}/cite", params={"format": "csl-json"}).text)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle("harvard-cite-them-right", validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(Citation([CitationItem(did)]))
    (rendered,) = [str(r) for r in bibliography.bibliography()]
    assert card["title"] in rendered and file_url in rendered
    assert_error(api.get(f"/v1/documents/{did}/cite", params={"format": "endnote"}), 422, "invalid_parameter")
    assert_error(api.get("/v1/documents/nope/cite"), 404, "not_found")
