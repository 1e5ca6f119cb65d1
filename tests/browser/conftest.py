"""Browser tests: the real app on a free loopback port, over the integration fixtures' index.

The index fixtures (a real node, a uniquely prefixed index with the seeds and the white paper) come from
tests/conftest.py, so the browser and integration tests share one index.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.settings import Settings
from tests.browser.harness import have_chromium, launch, serve


@pytest.fixture(scope="session")
def base_url(settings: Settings, indexed: dict) -> Iterator[str]:
    with serve(settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not have_chromium():
        pytest.skip("/usr/bin/chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page; fails the test if the page logs an error (CSP violations show up as console errors)."""
    context = browser.new_context(base_url=base_url, accept_downloads=True, locale="ko-KR",
                                  viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield pg
    context.close()
    assert not errors, errors
