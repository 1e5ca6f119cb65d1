"""/v1/documents: the search's facet filters, the sort orders and the document counts per facet value,
over the integration index (the seeds and the white paper)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_api import assert_error

pytestmark = pytest.mark.integration


def listing(api: TestClient, **params: object) -> dict:
    resp = api.get("/v1/documents", params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_sort_orders(api: TestClient, indexed: dict) -> None:
    docs = indexed["docs"]
    by_name = [d["source"] for d in listing(api)["documents"]]
    assert by_name == sorted(by_name) and len(by_name) == len(docs)
    titles = [d["title"] for d in listing(api, sort="title")["documents"]]
    assert titles == sorted(d.title for d in docs)
    dated = listing(api, sort="date")["documents"]
    published = [d["published"] for d in dated if d["published"]]
    assert published == sorted(published, reverse=True)
    # undated documents come last
    assert all(d["published"] for d in dated[: len(published)])


def test_facet_filters_match_the_documents_tags(api: TestClient, indexed: dict) -> None:
    docs = indexed["docs"]
    ministry = next(m for d in docs for m in d.ministries)
    tagged = {d.doc_id for d in docs if ministry in d.ministries}
    assert {d["doc_id"] for d in listing(api, ministry=ministry)["documents"]} == tagged
    japanese = {d.doc_id for d in docs if d.lang == "ja"}
    both = listing(api, ministry=ministry, lang="ja")
    assert {d["doc_id"] for d in both["documents"]} == tagged & japanese and both["total"] == len(tagged & japanese)
    # OR within a facet
    either = listing(api, lang=["ja", "ko"])
    assert either["total"] == len([d for d in docs if d.lang in ("ja", "ko")])
    year = max(y for d in docs for y in d.years)
    late = listing(api, year_from=year)
    assert {d["doc_id"] for d in late["documents"]} == {d.doc_id for d in docs if year in d.years}


def test_facet_counts_are_documents(api: TestClient, indexed: dict) -> None:
    docs = indexed["docs"]
    body = listing(api, facets="true")
    langs = {b["value"]: b["count"] for b in body["facets"]["lang"]}
    assert langs == {lang: sum(d.lang == lang for d in docs) for lang in {d.lang for d in docs}}
    ministry = body["facets"]["ministry"][0]
    assert ministry["count"] == sum(ministry["value"] in d.ministries for d in docs)
    # disjunctive: choosing a language leaves the other language's count in place
    chosen = listing(api, facets="true", lang="ja")
    assert {b["value"]: b["count"] for b in chosen["facets"]["lang"]} == langs
    assert chosen["total"] == langs["ja"]
    assert listing(api)["facets"] is None


def test_invalid_document_filters(api: TestClient) -> None:
    assert_error(api.get("/v1/documents", params={"ministry": "no-such-body"}), 422, "invalid_parameter")
    assert_error(api.get("/v1/documents", params={"year_from": 2024, "year_to": 2020}), 422, "invalid_parameter")
    assert_error(api.get("/v1/documents", params={"sort": "score"}), 422, "invalid_parameter")


def test_the_api_shows_the_file_but_not_where_the_api_finds_it(api: TestClient, indexed: dict) -> None:
    doc = next(d for d in indexed["docs"] if d.file and d.file.library_path)
    shown = next(d for d in listing(api)["documents"] if d["doc_id"] == doc.doc_id)
    assert shown["file"] == {
        "name": doc.file.library_path, "media_type": doc.file.media_type, "size": doc.file.size,
        "sha256": doc.file.sha256,
    }
    detail = api.get(f"/v1/documents/{doc.doc_id}")
    assert detail.json()["file_url"] == f"/v1/documents/{doc.doc_id}/file"
    assert set(detail.json()["file"]) == {"name", "media_type", "size", "sha256"} and "library_path" not in detail.text
