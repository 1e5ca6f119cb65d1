"""A bounded async load generator (httpx) for loopback targets only."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx

from bench.stats import percentiles


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    json: dict | None = None


def _check_loopback(requests: list[Request]) -> None:
    for r in requests:
        if urlparse(r.url).hostname not in ("127.0.0.1", "localhost"):
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


def run_load(
    requests: list[Request], concurrency: int, total: int, max_seconds: float = 60.0, warmup: int = 20
) -> dict:
    """Send ``total`` requests (cycled) with ``concurrency`` workers, stopping early after ``max_seconds``."""
    _check_loopback(requests)
    asyncio.run(_run(requests, min(concurrency, 4), warmup, max_seconds))
    return asyncio.run(_run(requests, concurrency, total, max_seconds))
