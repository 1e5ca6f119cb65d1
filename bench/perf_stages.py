"""Where the API's own CPU goes per search, stage by stage, in process (no HTTP, no load generator).

``python -m bench.perf`` runs this on its seed and big indices; ``python -m bench.perf_stages`` runs it
against any index of the product node, e.g. the seeds ingested under a prefix of one's own::

    KJSEARCH_INDEX_PREFIX=kjcost .venv/bin/python -m ingest --rebuild seeds/
    KJSEARCH_INDEX_PREFIX=kjcost .venv/bin/python -m bench.perf_stages [--profile]

Each search's stages are ``SearchService``'s methods (see ``SearchService.search``), each timed without
the stages it calls, so the stages add up to the whole search; then the serialization of the route,
and the whole request through the ASGI app (FastAPI's parameter parsing and routing, the thread hand-off)
in this process, without a socket. Thread CPU is this thread's; process CPU adds the threads of Kiwi,
which analyses the highlighter's passages when it is given several at once. Every search's query
analysis is made afresh (the analyzer's cache of query tokens is emptied before each), while the
models' own caches stay warm, as in a server that has run a while.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from opensearchpy import helpers
from starlette.types import Message

from analyzers import Analyzer, load_glossary
from app.api import search_json
from app.labels import build_labels, doc_titles_from
from app.main import create_app
from app.models import SearchParams
from app.service import SearchService
from core.opensearch import make_client
from core.settings import Settings, get_settings

# SearchService method → what it does, in the order a search runs them
STAGES = {
    "plan": "analysis and query body",
    "fetch": "OpenSearch client (body out, JSON in)",
    "_hit": "hit fields, missing words",
    "_highlights": "highlights: terms found as written, fragments",
    "_term_spans": "highlights: passages analysed again",
    "_facets": "facet buckets",
    "_response": "response model",
}
SERIALIZE = "serialization"
REQUEST = "whole request via ASGI"
Clock = Callable[[], float]
CLOCKS: dict[str, Clock] = {"thread": time.thread_time, "process": time.process_time}


class StageClock:
    """CPU per stage, each stage without the stages it calls (a stack of the inner stages' time)."""

    def __init__(self) -> None:
        self.seconds: dict[str, dict[str, float]] = {k: defaultdict(float) for k in CLOCKS}
        self._inner: list[dict[str, float]] = []

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = {k: clock() for k, clock in CLOCKS.items()}
            self._inner.append(dict.fromkeys(CLOCKS, 0.0))
            try:
                return fn(*args, **kwargs)
            finally:
                inner = self._inner.pop()
                for k, clock in CLOCKS.items():
                    spent = clock() - start[k]
                    self.seconds[k][stage] += spent - inner[k]
                    if self._inner:
                        self._inner[-1][k] += spent

        return timed

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        start = {k: clock() for k, clock in CLOCKS.items()}
        yield
        for k, clock in CLOCKS.items():
            self.seconds[k][stage] += clock() - start[k]


def instrument(service: SearchService, clock: StageClock) -> None:
    """Time each stage method of this service object (the class is left alone)."""
    for method in STAGES:
        setattr(service, method, clock.wrap(method, getattr(service, method)))


def forget_query(service: SearchService) -> None:
    """Empty the analyzer's cache of query tokens, so the next search analyses its query."""
    with service.analyzer._cache_lock:
        service.analyzer._query_cache.clear()


def make_service(settings: Settings) -> SearchService:
    client = make_client(settings)
    hits = helpers.scan(client, index=settings.documents_alias, query={"query": {"match_all": {}}},
                        _source=["doc_id", "title"], size=1000)  # fmt: skip
    docs = doc_titles_from(hits)
    return SearchService(client, settings, Analyzer(load_glossary()), build_labels(lambda: docs))


def asgi_get(app: FastAPI, loop: asyncio.AbstractEventLoop, path: str, query: str) -> bytes:
    """One GET through the ASGI app, as uvicorn hands it over, without a socket."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    body: list[bytes] = []
    status: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    loop.run_until_complete(app(scope, receive, send))
    if status != [200]:
        raise RuntimeError(f"{path}?{query} answered {status}: {b''.join(body)[:500]!r}")
    return b"".join(body)


def measure_stages(settings: Settings, queries: list[str], rounds: int = 3, size: int = 10) -> dict:
    """Mean CPU milliseconds per search of each stage, for the program's query (no facets) and the
    page's (facets counted): ``{variant: {"searches", "thread": {stage: ms}, "process": {...}}}``."""
    service = make_service(settings)
    app = create_app(settings)
    app.state.service = service  # the lifespan would build the same service; no socket here
    loop = asyncio.new_event_loop()
    out: dict = {}
    try:
        for variant, facets in (("program", False), ("page", True)):
            params = [SearchParams(q=q, size=size, facets=facets) for q in queries]
            urls = [urllib.parse.urlencode({"q": q, "size": size, "facets": str(facets).lower()}) for q in queries]
            for p in params:  # warm: models' caches, connections
                search_json(service.search(p))
            clock = StageClock()
            plain = {m: getattr(service, m) for m in STAGES}
            instrument(service, clock)
            for _ in range(rounds):
                for p in params:
                    forget_query(service)
                    response = service.search(p)
                    with clock.timing(SERIALIZE):
                        search_json(response)
            for method, fn in plain.items():  # the ASGI run times the whole request only
                setattr(service, method, fn)
            for _ in range(rounds):
                for url in urls:
                    forget_query(service)
                    with clock.timing(REQUEST):
                        asgi_get(app, loop, "/v1/search", url)
            n = rounds * len(queries)
            out[variant] = {"searches": n} | {
                kind: {stage: 1000 * s / n for stage, s in seconds.items()} for kind, seconds in clock.seconds.items()
            }
    finally:
        loop.close()
        service.client.close()
    return out


def stage_rows(block: dict) -> list[tuple[str, str, float, float]]:
    """(stage, what it does, thread ms, process ms) per stage, then the sum and the whole request."""
    thread, process = block["thread"], block["process"]
    rows = [(s, STAGES.get(s, s), thread[s], process[s]) for s in (*STAGES, SERIALIZE) if s in thread]
    rows.append(("sum", "the search and its serialization", sum(r[2] for r in rows), sum(r[3] for r in rows)))
    if REQUEST in thread:
        rows.append((REQUEST, "routing, parameters, thread hand-off, all of the above", thread[REQUEST],
                     process[REQUEST]))  # fmt: skip
    return rows


def profile(settings: Settings, queries: list[str], top: int = 30) -> None:
    """cProfile of one round of searches (this thread's CPU), by own time."""
    service = make_service(settings)
    params = [SearchParams(q=q, size=10) for q in queries]
    for p in params:
        search_json(service.search(p))
    prof = cProfile.Profile(time.thread_time)  # CPU, not waiting for OpenSearch
    prof.enable()
    for p in params:
        forget_query(service)
        search_json(service.search(p))
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    from bench.corpus import query_texts

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="passes over the query sets per variant")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of one pass, by own time")
    args = ap.parse_args(argv)
    settings, queries = get_settings(), query_texts()
    results = measure_stages(settings, queries, args.rounds)
    for variant, block in results.items():
        print(f"\n{variant} ({block['searches']} searches on {settings.passages_alias}): CPU ms per search")
        for stage, what, thread_ms, process_ms in stage_rows(block):
            print(f"  {stage:<24} {thread_ms:7.3f} thread {process_ms:7.3f} process  {what}")
    if args.profile:
        profile(settings, queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
