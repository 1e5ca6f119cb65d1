"""The web page wired into the real app (app.main.create_app) over the integration index; no browser."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.main import create_app
from core.settings import Settings


def test_page_static_and_exports_are_wired(api: TestClient) -> None:
    page = api.get("/", params={"q": "문부과학성"})
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'class="hit"' in page.text
    assert api.get("/static/kjsearch.js").status_code == 200
    assert api.get("/static/kjsearch.css").status_code == 200
    csv = api.get("/export.csv", params={"q": "문부과학성"})
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    exported = api.get("/export.json", params={"q": "문부과학성"}).json()
    assert exported["exported"] == min(exported["total"], 1000)
    # The JSON API keeps its JSON errors; the page renders its own.
    api_error = api.get("/v1/search", params={"size": "abc"})
    assert api_error.status_code == 422 and api_error.json()["error"]["code"] == "invalid_parameter"


def test_unknown_facet_value_is_a_422_page(api: TestClient) -> None:
    resp = api.get("/", params={"q": "x", "ministry": "<no-such-ministry>"})
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("text/html")
    assert "&lt;no-such-ministry&gt;" in resp.text and "<no-such-ministry>" not in resp.text


def test_backend_down_is_a_503_page(settings: Settings) -> None:
    dead = settings.model_copy(update={"opensearch_url": "http://127.0.0.1:9", "opensearch_timeout_s": 2.0})
    with TestClient(create_app(dead)) as web:
        resp = web.get("/", params={"q": "문부과학성"})
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("text/html")
    assert "검색 엔진에 잠시 연결할 수 없습니다" in resp.text
