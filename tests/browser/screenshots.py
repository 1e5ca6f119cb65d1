"""``make screenshots``: docs/screenshots/*.png (results, passage, library, document) of the live app,
taken with the browser tests' chromium.

Starts the local node if none runs (and stops it afterwards), ingests the seeds into the live alias when
missing or stale, serves the app on a free loopback port and shoots:

    .venv/bin/python -m tests.browser.screenshots [--out docs/screenshots] [--query 문부과학성]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.run import ingest_if_needed
from core.settings import PROJECT_ROOT, get_settings
from node import ensure_node, stop_node
from tests.browser.harness import have_chromium, launch, serve

VIEWPORT = {"width": 1280, "height": 900}


def shoot(base_url: str, out: Path, query: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(base_url=base_url, viewport=VIEWPORT, locale="ko-KR", device_scale_factor=1)
        # Results for a query with the first ministry facet ticked, the way a user gets there.
        page.goto("/")
        page.fill("#q", query)
        with page.expect_navigation():
            page.press("#q", "Enter")
        with page.expect_navigation():
            page.locator(".facet-ministry input[type=checkbox]").first.check()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        written.append(out / "results.png")
        page.screenshot(path=str(written[-1]))
        # The first hit's passage view.
        with page.expect_navigation():
            page.locator(".hit a.more").first.click()
        written.append(out / "passage.png")
        page.screenshot(path=str(written[-1]))
        # The library, newest first, and the first document's page with its citation open.
        page.goto("/documents?sort=date")
        written.append(out / "library.png")
        page.screenshot(path=str(written[-1]))
        with page.expect_navigation():
            page.locator(".doc-row .doc-title a").first.click()
        page.click(".cite summary")
        page.evaluate("document.activeElement && document.activeElement.blur()")
        written.append(out / "document.png")
        page.screenshot(path=str(written[-1]))
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "screenshots")
    parser.add_argument("--query", default="문부과학성")
    args = parser.parse_args(argv)
    if not have_chromium():
        print("error: /usr/bin/chromium is missing; run `make browser` first", file=sys.stderr)
        return 2
    settings = get_settings()
    url, started = ensure_node(settings)
    print(f"OpenSearch at {url} ({'started' if started else 'already running'})")
    try:
        ingest_if_needed(settings)
        with serve(settings) as base_url:
            for path in shoot(base_url, args.out, args.query):
                print(f"wrote {path}")
    finally:
        if started:
            stop_node(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
