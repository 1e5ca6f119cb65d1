"""The JSON API against a real node holding the seeds and the Japanese white paper."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient


def search(api: TestClient, **params) -> dict:
    resp = api.get("/v1/search", params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def passages_of(indexed: dict):
    return [p for d in indexed["docs"] for p in d.passages]


def test_healthz_reports_version_alias_and_count(api: TestClient, indexed: dict) -> None:
    body = api.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["opensearch"]["version"] == "3.8.0"
    assert body["index"]["passages"] == len(passages_of(indexed))


def test_empty_query_matches_everything(api: TestClient, indexed: dict) -> None:
    body = search(api, q="")
    assert body["total"] == len(passages_of(indexed))
    assert len(body["hits"]) == 10


def test_korean_keyword_finds_and_highlights(api: TestClient) -> None:
    body = search(api, q="후루사토 납세")
    assert body["total"] > 0
    top = body["hits"][0]
    assert "후루사토" in top["text"].replace(" ", "")
    assert any("<mark>" in h for h in top["highlights"])


@pytest.mark.parametrize(
    ("query", "expected_any"),
    [
        ("文部科学省", ["문부과학성"]),  # Japanese query finds Korean spelling
        ("経済産業省", ["경제산업성"]),
        ("경제산업성", ["経済産業省"]),  # Korean query finds the white paper's Japanese spelling
        ("キオクシア", ["키옥시아"]),
    ],
)
def test_cross_script_queries(api: TestClient, query: str, expected_any: list[str]) -> None:
    body = search(api, q=query, size=50)
    texts = [h["text"] for h in body["hits"]]
    assert any(e in t for t in texts for e in expected_any), f"{query} found none of {expected_any}"


def test_korean_query_marks_japanese_spelling(api: TestClient) -> None:
    body = search(api, q="경제산업성", size=50, lang="ja")
    assert body["total"] > 0
    marked = [h for hit in body["hits"] for h in hit["highlights"] if "<mark>経済産業省</mark>" in h]
    assert marked


def test_phrase_exclusion_and_or(api: TestClient) -> None:
    phrase = search(api, q='"스타트업 육성 5개년 계획"', size=50)
    assert phrase["total"] > 0
    assert all("스타트업" in h["text"] for h in phrase["hits"])
    base = search(api, q="스타트업", size=100)
    excluded = search(api, q="스타트업 -육성", size=100)
    assert excluded["total"] < base["total"]
    assert excluded["total"] > 0
    assert not any("육성" in h["text"] for h in excluded["hits"])
    no_plan = search(api, q='"스타트업 육성" -5개년', size=100)
    assert no_plan["total"] > 0
    assert not any("5개년" in h["text"].replace(" ", "") for h in no_plan["hits"])
    either = search(api, q="모노즈쿠리 OR 후루사토", size=100)
    only_a = search(api, q="모노즈쿠리", size=100)
    assert either["total"] >= only_a["total"] > 0


def test_ministry_facet_counts_match_indexed_passages(api: TestClient, indexed: dict) -> None:
    expected = Counter(m for p in passages_of(indexed) for m in p.ministries)
    facets = api.get("/v1/facets").json()
    got = {b["value"]: b["count"] for b in facets["ministry"]}
    assert got, "no ministry facet values"
    for value, count in got.items():
        assert count == expected[value], value


def test_facets_are_counted_only_when_asked(api: TestClient) -> None:
    plain = search(api, q="예산")
    asked = search(api, q="예산", facets=True)
    assert plain["hits"] and [h["id"] for h in plain["hits"]] == [h["id"] for h in asked["hits"]]
    assert not any(plain["facets"].values())
    assert asked["facets"]["lang"] and asked["facets"]["doc"]


def test_disjunctive_facet_keeps_other_values(api: TestClient) -> None:
    all_counts = {b["value"]: b["count"] for b in search(api, q="", facets=True)["facets"]["ministry"]}
    first, second = sorted(all_counts, key=all_counts.get, reverse=True)[:2]
    one = search(api, q="", ministry=[first], facets=True)
    assert one["total"] == all_counts[first]
    assert all(first in h["ministries"] for h in one["hits"])
    counts_after = {b["value"]: b["count"] for b in one["facets"]["ministry"]}
    assert counts_after[second] == all_counts[second]  # ticking one still shows the others' counts
    both = search(api, q="", ministry=[first, second])
    assert (
        max(all_counts[first], all_counts[second]) <= both["total"] <= all_counts[first] + all_counts[second]
    )


def test_plan_period_and_year_filters(api: TestClient) -> None:
    body = search(api, q="", plan_period=["stbp6"], size=100)
    assert body["total"] > 0
    assert all("stbp6" in h["plan_periods"] for h in body["hits"])
    years = search(api, q="", year_from=2023, year_to=2023, size=100)
    assert years["total"] > 0
    assert all(2023 in h["years"] for h in years["hits"])


def test_collapse_returns_one_passage_per_document(api: TestClient) -> None:
    body = search(api, q="과학기술", collapse="doc", size=20)
    doc_ids = [h["doc_id"] for h in body["hits"]]
    assert len(doc_ids) == len(set(doc_ids)) > 1


def test_cursor_paging_walks_without_overlap(api: TestClient) -> None:
    first = search(api, q="일본", size=5)
    second = search(api, q="일본", size=5, cursor=first["next_cursor"])
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    offset = search(api, q="일본", size=5, **{"from": 5})
    assert [h["id"] for h in offset["hits"]] == [h["id"] for h in second["hits"]]


def test_date_order_pages_with_a_cursor_and_refuses_another_sorts(api: TestClient) -> None:
    whole = search(api, q="과학기술", sort="date", size=20)
    first = search(api, q="과학기술", sort="date", size=10)
    second = search(api, q="과학기술", sort="date", size=10, cursor=first["next_cursor"])
    assert [h["id"] for h in first["hits"] + second["hits"]] == [h["id"] for h in whole["hits"]]
    assert_error(api.get("/v1/search", params={"q": "과학기술", "cursor": first["next_cursor"]}), 422)


def test_relevance_pages_agree_inside_and_past_the_rescore_window(settings, indexed: dict) -> None:
    from app.main import create_app

    with TestClient(create_app(settings.model_copy(update={"rescore_window": 10}))) as narrow:
        whole = narrow.get("/v1/search", params={"q": "과학기술 예산", "size": 30}).json()["hits"]
        pages = [
            narrow.get("/v1/search", params={"q": "과학기술 예산", "size": 10, "from": k}).json()["hits"]
            for k in (0, 10, 20)
        ]
    assert len(whole) == 30
    assert [h["id"] for p in pages for h in p] == [h["id"] for h in whole]
    # the window's hits, reordered by the refinement, still come before every hit past it
    assert min(h["score"] for h in whole[:10]) >= max(h["score"] for h in whole[10:])


def test_relevance_cursor_stops_at_the_deepest_offset(settings, indexed: dict) -> None:
    from app.main import create_app

    with TestClient(create_app(settings.model_copy(update={"max_offset": 100}))) as small:
        page = small.get("/v1/search", params={"q": "", "size": 50}).json()
        last = small.get("/v1/search", params={"q": "", "size": 50, "cursor": page["next_cursor"]}).json()
        too_deep = small.get("/v1/search", params={"q": "", "size": 60, "cursor": page["next_cursor"]})
    assert len(last["hits"]) == 50 and last["next_cursor"] is None
    assert_error(too_deep, 422, "invalid_parameter")


def test_passage_and_document_endpoints(api: TestClient, indexed: dict) -> None:
    doc = indexed["docs"][0]
    middle = doc.passages[1]
    body = api.get(f"/v1/passages/{middle.id}").json()
    assert body["text"] == middle.text
    assert body["previous"]["id"] == doc.passages[0].id
    assert body["next"]["id"] == doc.passages[2].id
    detail = api.get(f"/v1/documents/{doc.doc_id}").json()
    assert detail["title"] == doc.title
    assert detail["passage_count"] == len(doc.passages)
    assert detail["subject_country"] == doc.subject_country == "jp"  # every seed report is about Japan
    listing = api.get("/v1/documents").json()
    assert listing["total"] == len(indexed["docs"])


def test_analyze_endpoint(api: TestClient) -> None:
    body = api.get("/v1/analyze", params={"text": "文部科学省"}).json()
    terms = {t["term"] for t in body["tokens"]}
    assert {"文部科学省", "문부과학성"} <= terms


def assert_error(resp, status: int, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    err = resp.json()["error"]
    assert set(err) == {"status", "code", "message", "details"}
    assert err["status"] == status and err["message"]
    if code:
        assert err["code"] == code
    return err


@pytest.mark.parametrize(
    "params",
    [
        {"size": 101},
        {"size": 0},
        {"year_from": 2025, "year_to": 2020},
        {"ministry": "no-such-ministry"},
        {"sort": "random"},
        {"q": "가" * 1001},
        {"cursor": "!!!"},
        {"from": 9995, "size": 10},
    ],
)
def test_invalid_parameters_give_422(api: TestClient, params: dict) -> None:
    assert_error(api.get("/v1/search", params=params), 422, "invalid_parameter")


def test_unknown_ids_give_404(api: TestClient) -> None:
    assert_error(api.get("/v1/passages/nope-0001"), 404, "not_found")
    assert_error(api.get("/v1/documents/nope"), 404, "not_found")


@pytest.mark.parametrize(
    "q", ['"', '""', '"문부', "-", "OR", "OR OR", "a OR", "--x", "((", "\\", "*?", "/", "&&"]
)
def test_stray_operators_never_fail(api: TestClient, q: str) -> None:
    assert api.get("/v1/search", params={"q": q}).status_code == 200


def test_search_echoes_parameters_by_their_names(api: TestClient) -> None:
    body = api.get("/v1/search", params={"q": "예산", "from": 2, "size": 3}).json()
    assert body["query"]["from"] == 2 and body["query"]["size"] == 3
    assert "from_" not in body["query"]


def test_counting_stops_at_the_deepest_page_unless_asked(settings, indexed: dict) -> None:
    from app.main import create_app

    with TestClient(create_app(settings.model_copy(update={"max_offset": 100}))) as small:
        bounded = small.get("/v1/search", params={"q": "", "facets": "false"}).json()
        exact = small.get("/v1/search", params={"q": "", "exact_total": "true"}).json()
    assert bounded["total"] == 100 and bounded["total_exact"] is False
    assert exact["total"] == len(passages_of(indexed)) > 100 and exact["total_exact"] is True


def test_documents_page_through_all_of_them(api: TestClient, indexed: dict) -> None:
    every = api.get("/v1/documents").json()
    pages = [api.get("/v1/documents", params={"size": 2, "from": start}).json() for start in range(0, 6, 2)]
    assert all(p["total"] == every["total"] == len(indexed["docs"]) for p in pages)
    assert [d["doc_id"] for p in pages for d in p["documents"]] == [d["doc_id"] for d in every["documents"]]
    assert_error(api.get("/v1/documents", params={"size": 1001}), 422)
