"""The web page's rendering, error pages, links and exports, with a stand-in service (no node, no browser)."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError

from app import web_view as vm
from app.errors import InvalidParameter
from app.models import SearchParams
from tests.unit.web_fakes import FakeService, _hit, fake_app

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", re.I)


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def web(service: FakeService) -> TestClient:
    return TestClient(fake_app(service))


def assert_secure_html(resp) -> None:  # type: ignore[no-untyped-def]
    assert resp.headers["content-type"].startswith("text/html")
    csp = resp.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                      "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["referrer-policy"] == "same-origin"
    assert not INLINE.search(resp.text), INLINE.search(resp.text)


def test_empty_state(web: TestClient) -> None:
    resp = web.get("/")
    assert resp.status_code == 200
    assert_secure_html(resp)
    assert '<html lang="ko">' in resp.text
    assert 'class="howto"' in resp.text and "文部科学省" in resp.text
    assert 'class="hit"' not in resp.text
    assert 'name="ministry" value="mext"' in resp.text


def test_results_chips_tags_and_links(web: TestClient) -> None:
    resp = web.get("/?q=문부과학성&ministry=mext&ministry=meti&size=20&from=20")
    assert resp.status_code == 200
    assert_secure_html(resp)
    text = resp.text
    assert text.count('class="chip"') == 2
    assert 'data-total="250"' in text
    assert text.count('class="hit"') == 20
    # highlights are rendered as HTML, everything else escaped
    assert "<mark>문부과학성</mark>" in text and "&lt;b&gt;굵게&lt;/b&gt;" in text and "<b>" not in text
    # aliases in the Japanese language, beside the label and on hover
    assert '<span class="alias" lang="ja">文部科学省</span>' in text and 'title="文部科学省 / MEXT"' in text
    hrefs = dict.fromkeys(re.findall(r'href="([^"]+)"', text))
    nxt = next(h for h in hrefs if "from=40" in h)
    pairs = parse_qsl(urlsplit(nxt.replace("&amp;", "&")).query)
    assert ("ministry", "mext") in pairs and ("ministry", "meti") in pairs and ("size", "20") in pairs
    json_link = next(h for h in hrefs if h.startswith("/v1/search?"))
    assert "ministry=mext&amp;ministry=meti" in json_link


def test_chip_links_drop_one_value_and_paging() -> None:
    pairs = [("q", "x"), ("ministry", "a"), ("ministry", "b"), ("from", "20"), ("year_from", "2020")]
    params = SearchParams(q="x", ministry=["a", "b"], from_=20, year_from=2020)
    chips = vm.chips(params, pairs, FakeService().labels)
    assert [c.remove_url for c in chips] == [
        "/?q=x&ministry=b&year_from=2020", "/?q=x&ministry=a&year_from=2020", "/?q=x&ministry=a&ministry=b"]


def test_no_results_offers_suggestions(web: TestClient) -> None:
    resp = web.get("/?q=없는말&ministry=mext")
    assert resp.status_code == 200
    assert 'class="no-results"' in resp.text
    assert 'href="/?ministry=mext&amp;q=%EB%AC%B8%EB%B6%80%EA%B3%BC%ED%95%99%EC%84%B1"' in resp.text


@pytest.mark.parametrize("query", ["size=abc", "size=500", "year_from=1700", "sort=sideways", "collapse=x"])
def test_invalid_parameters_give_a_422_page(web: TestClient, query: str) -> None:
    resp = web.get(f"/?q=x&{query}")
    assert resp.status_code == 422
    assert_secure_html(resp)
    assert "검색 조건을 확인해 주세요" in resp.text
    assert query.split("=")[0] in resp.text


def test_service_validation_error_message_is_shown(web: TestClient, service: FakeService) -> None:
    def refuse(params: SearchParams):  # type: ignore[no-untyped-def]
        raise InvalidParameter("Unknown ministry value '<x>'.", [{"param": "ministry"}])

    service.search = refuse  # type: ignore[method-assign]
    resp = web.get("/?q=x&ministry=%3Cx%3E")
    assert resp.status_code == 422
    assert "Unknown ministry value &#39;&lt;x&gt;&#39;." in resp.text


@pytest.mark.parametrize("exc", [OSConnectionError("N/A", "refused", None),
                                 NotFoundError(404, "index_not_found")])
def test_backend_down_gives_a_friendly_503(web: TestClient, service: FakeService, exc: Exception) -> None:
    def down(params: SearchParams):  # type: ignore[no-untyped-def]
        raise exc

    service.search = down  # type: ignore[method-assign]
    resp = web.get("/?q=x")
    assert resp.status_code == 503
    assert_secure_html(resp)
    assert "검색 엔진에 잠시 연결할 수 없습니다" in resp.text
    assert "Traceback" not in resp.text


def test_passage_page_escapes_text_and_keeps_a_safe_way_back(web: TestClient) -> None:
    resp = web.get("/passages/d1-0001", params={"back": "/?q=문부과학성&ministry=mext"})
    assert resp.status_code == 200
    assert_secure_html(resp)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text
    assert 'href="/?q=문부과학성&amp;ministry=mext"' in resp.text
    assert 'value="문부과학성"' in resp.text  # the query stays in the search box
    assert 'rel="prev"' in resp.text and 'rel="next"' in resp.text
    assert 'aria-current="location"' in resp.text
    assert "/passages/d1-0002?back=%2F%3Fq%3D" in resp.text


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "/\\evil.example",
                                  "javascript:x", "/ok\nLocation: x", "evil"])
def test_back_refuses_other_sites(web: TestClient, back: str) -> None:
    assert vm.safe_back(back) is None
    resp = web.get("/passages/d1-0001", params={"back": back})
    assert "evil" not in resp.text and "javascript:" not in resp.text


def test_unknown_passage_is_a_404_page(web: TestClient) -> None:
    resp = web.get("/passages/nope")
    assert resp.status_code == 404
    assert_secure_html(resp)
    assert "찾을 수 없습니다" in resp.text


def test_csv_export(web: TestClient, service: FakeService) -> None:
    resp = web.get("/export.csv?q=x&ministry=mext&from=30&size=5")
    assert resp.status_code == 200
    assert resp.headers["content-disposition"] == 'attachment; filename="kjsearch-results.csv"'
    assert resp.headers["content-type"] == "text/csv; charset=utf-8"
    assert resp.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[0] == list(vm.CSV_COLUMNS)
    assert len(rows) == 126  # the whole result set from its first hit, not the page shown
    assert rows[1][3].startswith("'=")  # formula injection guard
    assert rows[1][4] == "문부과학성"
    assert b"\r\n" in resp.content
    assert [c.cursor for c in service.calls] == [None, "100"]


def test_export_stops_at_the_limit(web: TestClient, service: FakeService) -> None:
    service.hits = [_hit(i, ["mext"], f"구절 {i}") for i in range(1234)]
    resp = web.get("/export.json?q=x")
    body = resp.json()
    assert resp.headers["content-disposition"] == 'attachment; filename="kjsearch-results.json"'
    assert body["total"] == 1234 and body["exported"] == 1000 and len(body["hits"]) == 1000
    assert len({h["id"] for h in body["hits"]}) == 1000
    assert "highlights" not in body["hits"][0]


def test_static_files(web: TestClient) -> None:
    css = web.get("/static/kjsearch.css")
    js = web.get("/static/kjsearch.js")
    assert css.status_code == js.status_code == 200
    assert "Noto Sans KR" in css.text and "@import" not in css.text and "url(" not in css.text
    assert "http" not in js.text


@pytest.mark.parametrize(("text", "lang"), [("文部科学省", "ja"), ("문부과학성", None), ("MEXT", "en"),
                                            ("スタートアップ育成5か年計画", "ja"), ("2023", None)])
def test_script_lang(text: str, lang: str | None) -> None:
    assert vm.script_lang(text) == lang


def test_hits_missing_a_query_word_say_which(service: FakeService, web: TestClient) -> None:
    service.hits = [
        _hit(0, ["mext"], "문부과학성 예산"),
        _hit(1, ["mext"], "문부과학성").model_copy(update={"missing": ["예산"]}),
    ]
    page = web.get("/", params={"q": "문부과학성 예산"}).text
    assert page.count("빠진 검색어:") == 1
    assert re.search(r"빠진 검색어: <s[^>]*>예산</s>", page)
    assert "검색어를 모두 포함하지 않는 구절도" in page
    service.hits = service.hits[:1]
    assert "빠진 검색어:" not in web.get("/", params={"q": "문부과학성 예산"}).text


def test_a_lower_bound_count_says_so(service: FakeService, web: TestClient) -> None:
    original = service.search

    def bounded(params):  # type: ignore[no-untyped-def]
        return original(params).model_copy(update={"total_exact": False})

    service.search = bounded  # type: ignore[method-assign]
    page = web.get("/", params={"q": "문부과학성"}).text
    assert re.search(r"<strong>250\+</strong>건 이상", page)
