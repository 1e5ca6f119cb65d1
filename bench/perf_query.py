"""Query latency: the API (uvicorn on loopback) vs the same body straight to OpenSearch vs nori/kuromoji."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import httpx

from analyzers import Analyzer, load_glossary
from app.models import SearchParams
from app.service import SearchService
from bench.baselines import Baseline
from bench.load import WARMUP, Request, run_load
from bench.machine import cpu_seconds, rss_mib
from core.opensearch import make_client
from core.settings import Settings

SIZE = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def api_server(
    settings: Settings, timeout_s: float = 120.0, source: Path | None = None
) -> Iterator[tuple[str, int]]:
    """uvicorn with our app on a free loopback port; yields (base url, pid). ``source``: serve the
    code of another copy of the project (``bench.paired``), with this one's environment."""
    port = free_port()
    env = {
        **os.environ,
        "KJSEARCH_INDEX_PREFIX": settings.index_prefix,
        "OPENSEARCH_URL": settings.effective_url,
    }
    if source is not None:
        env["PYTHONPATH"] = str(source)
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "app.main:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--http",
        "app.http_protocol:JsonErrorsHttpTools",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=source)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
            try:
                if httpx.get(f"{url}/v1/search", params={"q": "일본", "size": 1}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not answer in time")
            time.sleep(0.5)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def direct_bodies(settings: Settings, queries: list[str]) -> list[dict]:
    """The exact bodies our service sends to OpenSearch for these queries (first round trip)."""
    service = SearchService(make_client(settings), settings, Analyzer(load_glossary()), labels=None)  # type: ignore[arg-type]
    out = []
    for q in queries:
        params = SearchParams(q=q, size=SIZE)
        query = service.analyze_query(q)
        out.append(service.search_body(params, query))
    return out


def node_jvm(url: str) -> dict:
    stats = httpx.get(f"{url}/_nodes/stats/jvm", timeout=10).json()
    jvm = next(iter(stats["nodes"].values()))["jvm"]["mem"]
    return {
        "heap_used_mib": jvm["heap_used_in_bytes"] / 2**20,
        "heap_max_mib": jvm["heap_max_in_bytes"] / 2**20,
    }


def node_cpu_ms(url: str) -> float:
    stats = httpx.get(f"{url}/_nodes/stats/process", timeout=10).json()
    return float(next(iter(stats["nodes"].values()))["process"]["cpu"]["total_in_millis"])


def cpu_per_request(os_url: str, api_pid: int | None, run: Callable[[], dict]) -> tuple[dict, dict]:
    """``run``'s result, and the CPU milliseconds per request it took of the OpenSearch node and, when
    given, of the API's process (every thread: uvicorn's loop, the route threads, Kiwi's)."""
    node, api = node_cpu_ms(os_url), cpu_seconds(api_pid) if api_pid else 0.0
    result = run()
    sent = result["requests"] + WARMUP
    cpu = {"node_ms": (node_cpu_ms(os_url) - node) / sent}
    if api_pid:
        cpu["api_ms"] = (cpu_seconds(api_pid) - api) * 1000 / sent
    return result, cpu


def measure(
    settings: Settings,
    nori_index: str,
    nori: Baseline,
    queries: list[str],
    levels: tuple[int, ...],
    total: int,
    max_seconds: float,
) -> dict:
    """Latency at each concurrency level for: API, direct OpenSearch (same body), nori/kuromoji; and
    the API with facets counted, as the web page asks, at concurrency 1."""
    os_url = settings.effective_url
    bodies = direct_bodies(settings, queries)
    direct = [Request("POST", f"{os_url}/{settings.passages_alias}/_search", b) for b in bodies]
    nori_reqs = [Request("POST", f"{os_url}/{nori_index}/_search", nori.query(q, SIZE)) for q in queries]
    out: dict = {"api": [], "direct": [], "nori": []}
    with api_server(settings) as (api_url, pid):
        api = [
            Request("GET", f"{api_url}/v1/search?" + urllib.parse.urlencode({"q": q, "size": SIZE})) for q in queries
        ]
        out["cpu"] = {}
        for c in levels:
            for name, reqs, api_pid in (("api", api, pid), ("direct", direct, None), ("nori", nori_reqs, None)):
                result, cpu = cpu_per_request(os_url, api_pid, partial(run_load, reqs, c, total, max_seconds))
                out[name].append(result)
                if c == 1:  # one request at a time: nothing else runs in either process
                    out["cpu"][name] = cpu
        # what the web page asks: the same searches with their facets counted (one client)
        faceted = [
            Request("GET", f"{api_url}/v1/search?" + urllib.parse.urlencode({"q": q, "size": SIZE, "facets": "true"}))
            for q in queries
        ]
        page = partial(run_load, faceted, 1, total, max_seconds)
        result, out["cpu"]["api_facets"] = cpu_per_request(os_url, pid, page)
        out["api_facets"] = [result]
        out["api_rss_mib"] = rss_mib(pid)
    out["jvm"] = node_jvm(os_url)
    return out
