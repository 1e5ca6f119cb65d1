"""A bounded async load generator (httpx) for loopback targets only.

Two entry points:

* ``run_load`` (used by ``bench.perf_query``): a fixed request list, cycled, bounded by count and time.
* ``python -m bench.load``: the API under a realistic mix for a fixed time (default 32 concurrent
  clients for 60 s) of Korean, Japanese and cross-script queries with facet filters taken from the
  target's own /v1/facets; reports throughput, p50/p95/p99 and errors (the bar is zero) and writes
  docs/load.md. ``--serve`` starts what is needed first (node, seed ingest, uvicorn on a free port)
  and stops uvicorn afterwards; that is ``make load``. ``--api`` points it at any running API on
  this machine, e.g. one serving the 1M-passage index of ``bench.perf``.

Only loopback targets are accepted: this is a load generator, not something to aim at other hosts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

import httpx

from bench.stats import percentiles


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    json: dict | None = None


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _check_loopback(requests: list[Request]) -> None:
    for r in requests:
        if urlparse(r.url).hostname not in LOOPBACK_HOSTS:
            raise ValueError(f"refusing a non-loopback target: {r.url}")


async def _run(requests: list[Request], concurrency: int, total: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                if time.monotonic() > deadline:
                    return
                req = requests[i % len(requests)]
                t0 = time.perf_counter()
                try:
                    resp = await client.request(req.method, req.url, json=req.json)
                    ok = resp.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += 0 if ok else 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "qps": len(latencies) / elapsed if elapsed else 0.0,
        **percentiles(latencies),
    }


WARMUP = 20  # requests before the measured ones


def run_load(
    requests: list[Request], concurrency: int, total: int, max_seconds: float = 60.0, warmup: int = WARMUP
) -> dict:
    """Send ``total`` requests (cycled) with ``concurrency`` workers, stopping early after ``max_seconds``."""
    _check_loopback(requests)
    asyncio.run(_run(requests, min(concurrency, 4), warmup, max_seconds))
    return asyncio.run(_run(requests, concurrency, total, max_seconds))


# -- python -m bench.load ------------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "load.md"

# Words of the seed reports and the white paper, in each script, plus the query syntax users type.
KOREAN = ["문부과학성", "경제산업성", "후루사토 납세", "예산", "양자 기술", "반도체", "스타트업", "연구개발",
          "과학기술 기본계획", "디지털청", "\"과학기술·혁신 기본계획\"", "대학 펀드 -예산", "인재 OR 인력"]
JAPANESE = ["文部科学省", "経済産業省", "キオクシア", "令和5年度", "科学技術", "半導体", "予算", "デジタル庁",
            "\"科学技術・イノベーション基本計画\"", "情報通信 OR 通信"]
CROSS_SCRIPT = ["文部科学省 예산", "경제산업성 半導体", "キオクシア 반도체", "科学技術 인재", "양자 量子"]
FACETS = ("ministry", "plan_period", "topic", "lang", "doc")


def search_mix(base: str, facets: dict, seed: int = 7) -> list[str]:
    """URLs of /v1/search: every query plain, as a program sends it, and again as the web page sends it
    (facets counted) with a facet filter, a sort or a page."""
    rng = random.Random(seed)
    values = {f: [b["value"] for b in facets.get(f, []) if b.get("count")] for f in FACETS}
    years = [int(b["value"]) for b in facets.get("year", []) if b.get("count") and str(b["value"]).isdigit()]
    urls: list[str] = []
    for q in KOREAN + JAPANESE + CROSS_SCRIPT:
        urls.append(f"{base}/v1/search?{urlencode({'q': q})}")
        facet = rng.choice([f for f in FACETS if values[f]] or [""])
        params: dict[str, object] = {"q": q, "facets": "true"}
        if facet:
            params[facet] = rng.choice(values[facet])
        if years and rng.random() < 0.3:
            year = rng.choice(years)
            params.update(year_from=year, year_to=year)
        if rng.random() < 0.3:
            params["sort"] = "date"
        if rng.random() < 0.2:
            params["from"] = 10
        urls.append(f"{base}/v1/search?{urlencode(params)}")
    urls.append(f"{base}/v1/search?q=&facets=true")  # match-all with every facet counted
    rng.shuffle(urls)
    return urls


async def timed_load(urls: list[str], concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    samples: list[str] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:

        async def worker(offset: int) -> None:
            i = offset
            while time.monotonic() < deadline:
                url = urls[i % len(urls)]
                i += concurrency
                t0 = time.perf_counter()
                try:
                    resp = await client.get(url)
                    status = str(resp.status_code)
                    if resp.status_code != 200 and len(samples) < 5:
                        samples.append(f"{status} {url}: {resp.text[:200]}")
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                    if len(samples) < 5:
                        samples.append(f"{status} {url}")
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    errors = sum(n for s, n in statuses.items() if s != "200")
    return {"concurrency": concurrency, "seconds": round(elapsed, 1), "requests": len(latencies),
            "errors": errors, "statuses": dict(statuses), "error_samples": samples,
            "qps": len(latencies) / elapsed if elapsed else 0.0, **percentiles(latencies)}


def check_loopback_url(url: str) -> None:
    if urlparse(url).hostname not in LOOPBACK_HOSTS:
        raise SystemExit(f"refusing a non-loopback target: {url} (only {', '.join(LOOPBACK_HOSTS)})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve() -> Iterator[str]:
    """The node (started if needed), the seeds (ingested if missing) and uvicorn on a free port."""
    from app.run import ingest_if_needed
    from core.settings import get_settings
    from node import ensure_node

    settings = get_settings()
    ensure_node(settings)
    ingest_if_needed(settings)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # the lifespan loads both morphological analyzers: allow a minute
            if proc.poll() is not None:
                raise SystemExit(f"uvicorn exited with code {proc.returncode}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        else:
            raise SystemExit(f"the API at {url} did not become healthy")
        yield url
    finally:
        proc.terminate()  # only the uvicorn this function started, by its own handle
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def markdown(result: dict, api: str, health: dict) -> str:
    index = health.get("index", {})
    rows = [("requests", f"{result['requests']:,}"), ("errors", str(result["errors"])),
            ("throughput", f"{result['qps']:.1f} req/s"), ("p50", f"{result['p50']:.1f} ms"),
            ("p95", f"{result['p95']:.1f} ms"), ("p99", f"{result['p99']:.1f} ms"),
            ("max", f"{result['max']:.1f} ms"), ("statuses", json.dumps(result["statuses"]))]
    table = "\n".join(f"| {k} | {v} |" for k, v in rows)
    return f"""# Load test

`python -m bench.load` (`make load`): {result['concurrency']} concurrent clients for {result['seconds']} s
against `{api}` (one uvicorn worker), measured on {datetime.now(UTC).strftime('%Y-%m-%d')},
{os.cpu_count()} CPUs shared by the load generator, uvicorn and OpenSearch.
Index `{index.get('index')}` with {index.get('passages', '?')} passages.

The mix: {len(KOREAN)} Korean, {len(JAPANESE)} Japanese and {len(CROSS_SCRIPT)} cross-script queries
(phrases, exclusions and OR included), each plain and again with a facet filter (ministry, plan period,
topic, language or document; values read from the target's /v1/facets), some with a year range,
date sort or a second page, plus a match-all. Latency is per request, end to end at the client.
The bar is zero errors.

| metric | value |
|---|---|
{table}

To load another index (e.g. the 1M-passage one of `bench.perf`), serve it with the API and point
`python -m bench.load --api http://127.0.0.1:PORT` at it; non-loopback targets are refused.
"""


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--api", default="http://127.0.0.1:8000", help="a running API (loopback only)")
    p.add_argument("--serve", action="store_true", help="start node, seeds and uvicorn first; ignores --api")
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--duration", type=float, default=60.0, help="seconds")
    p.add_argument("--out", type=Path, default=REPORT, help="markdown report ('-' for none)")
    args = p.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0:
        p.error("--concurrency and --duration must be positive")
    with serve() if args.serve else _given(args.api) as api:
        check_loopback_url(api)
        health = httpx.get(f"{api}/healthz", timeout=10).json()
        facets = httpx.get(f"{api}/v1/facets", timeout=30).json()
        urls = search_mix(api, facets)
        asyncio.run(timed_load(urls[:8], min(args.concurrency, 4), 3.0))  # warm caches and connections
        result = _run_and_print(urls, args.concurrency, args.duration)
    if str(args.out) != "-":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown(result, api if not args.serve else "uvicorn on a free port (make load)",
                                     health), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0 if result["errors"] == 0 else 1


@contextmanager
def _given(api: str) -> Iterator[str]:
    check_loopback_url(api)  # before any request
    yield api.rstrip("/")


def _run_and_print(urls: list[str], concurrency: int, seconds: float) -> dict:
    print(f"{concurrency} clients for {seconds:.0f} s over {len(urls)} distinct searches …", flush=True)
    result = asyncio.run(timed_load(urls, concurrency, seconds))
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()},
                     ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    sys.exit(main())
