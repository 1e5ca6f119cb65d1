"""The search page in a real headless chromium against the real app and a real index."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.harness import have_chromium

pytestmark = pytest.mark.skipif(not have_chromium(), reason="/usr/bin/chromium is not installed (make browser)")

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CSV_HEADER = ["id", "doc_title", "section", "text", "ministries", "plan_periods", "years", "topics", "score"]


def search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.fill("#q", query)
    with page.expect_navigation():
        page.press("#q", "Enter")


def total(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.get_attribute("#result-count", "data-total"))


def query_of(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return parse_qs(urlsplit(page.url).query)


def test_korean_query_then_ministry_facet_narrows(page) -> None:  # type: ignore[no-untyped-def]
    search(page, "문부과학성")
    assert query_of(page)["q"] == ["문부과학성"]
    before = total(page)
    assert before > 0
    assert page.locator(".hit").count() > 0

    # Tick the first ministry the page offers.
    box = page.locator(".facet-ministry input[type=checkbox]").first
    value = box.get_attribute("value")
    label = page.locator(f"label[for='{box.get_attribute('id')}'] .facet-label").inner_text()
    with page.expect_navigation():
        box.check()

    assert query_of(page)["ministry"] == [value]
    assert query_of(page)["q"] == ["문부과학성"]
    after = total(page)
    assert 0 < after <= before
    ticked = page.locator(f".facet-ministry input[value='{value}']")
    assert ticked.is_checked()
    # Disjunctive counts: the ticked value's count is exactly the filtered total.
    count = page.locator(f"label[for='{ticked.get_attribute('id')}'] .count").inner_text()
    assert int(count) == after
    # The selection is shown as a removable chip.
    chip = page.locator(".chips a.chip", has_text=label)
    assert chip.count() == 1
    # Every shown hit carries the ministry tag.
    hits = page.locator(".hit")
    assert hits.count() > 0
    for i in range(hits.count()):
        values = hits.nth(i).locator(".tag-ministry").evaluate_all("els => els.map(e => e.dataset.value)")
        assert value in values, (i, values)

    # Removing the chip restores the unfiltered result.
    with page.expect_navigation():
        chip.click()
    assert "ministry" not in query_of(page)
    assert total(page) == before
    assert page.locator(".chips").count() == 0


def test_japanese_query_marks_the_korean_spelling(page) -> None:  # type: ignore[no-untyped-def]
    search(page, "文部科学省")
    assert total(page) > 0
    # Korean-language reports only, then look for 문부과학성 marked for the Japanese query.
    with page.expect_navigation():
        page.locator(".facet-lang input[value='ko']").check()
    for _ in range(10):
        marks = page.locator(".snippet mark").all_inner_texts()
        if any("문부과학성" in m for m in marks):
            break
        nxt = page.locator(".pager a[rel=next]")
        assert nxt.count() == 1, f"no <mark>문부과학성</mark> on any page; marks: {marks}"
        with page.expect_navigation():
            nxt.click()
    else:
        pytest.fail("no <mark>문부과학성</mark> in the first ten pages")


def test_passage_view_has_neighbours_outline_and_way_back(page) -> None:  # type: ignore[no-untyped-def]
    search(page, "스타트업 육성")
    results_url = page.url
    with page.expect_navigation():
        page.locator(".hit a.more").first.click()
    assert "/passages/" in page.url
    assert page.locator("#passage-title").inner_text().strip()
    assert page.locator("#passage-text").inner_text().strip()
    assert page.locator(".neighbour").count() >= 1
    assert page.locator(".outline li").count() >= 1
    assert page.locator(".outline [aria-current=location]").count() == 1

    # Neighbours keep the way back.
    neighbour = page.locator(".neighbour a").first
    with page.expect_navigation():
        neighbour.click()
    assert "/passages/" in page.url
    back = page.locator(".back a")
    assert back.get_attribute("href").startswith("/?")
    with page.expect_navigation():
        back.click()
    assert page.url == results_url


def test_csv_export_opens_in_excel(page) -> None:  # type: ignore[no-untyped-def]
    search(page, "문부과학성")
    shown = total(page)
    with page.expect_download() as info:
        page.locator("a", has_text="CSV 내보내기").click()
    download = info.value
    assert download.suggested_filename == "kjsearch-results.csv"
    raw = open(download.path(), "rb").read()  # noqa: SIM115
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_HEADER
    assert len(rows) - 1 == min(shown, 1000)
    assert HANGUL.search(text)
    assert all(len(r) == len(CSV_HEADER) for r in rows)


def test_hostile_query_is_escaped_under_csp(page) -> None:  # type: ignore[no-untyped-def]
    hostile = "<script>alert(1)</script>"
    response = page.goto("/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert page.input_value("#q") == hostile
    assert hostile not in response.text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text()
    # Only our own script element exists; the page fixture fails on any dialog or console error.
    assert page.locator("script").count() == 1
    assert page.locator("script").get_attribute("src") == "/static/kjsearch.js"


def test_slash_focuses_search_box_and_skip_link(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.locator("body").click(position={"x": 5, "y": 500})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_empty_state_shows_howto_and_facets(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.locator(".howto").count() == 1
    assert page.locator(".howto .examples a", has_text="文部科学省").count() == 1
    assert page.locator(".facet-ministry input[type=checkbox]").count() > 0
    assert page.locator("html").get_attribute("lang") == "ko"
