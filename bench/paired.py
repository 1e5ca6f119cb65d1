"""Paired before/after latency of the API: two servers, an earlier commit's code and this checkout's,
on the same index, each query sent to both in turn (in random order), so that the machine's drift
(other processes, the node's caches) falls on both alike.

    KJSEARCH_INDEX_PREFIX=kjcost .venv/bin/python -m bench.paired --before 1e88c1b --rounds 5

The earlier commit's files are exported (``git archive``) to a temporary directory and served from
there with this checkout's environment. Reported: each side's p50 / p95 / p99 latency, the median
of the per-query differences with its interquartile range, and each server's CPU per request from its
own counters (every thread: event loop, route threads, Kiwi's). With ``--concurrency N`` the sides
take turns a pass over the queries at a time, under N clients each.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path
from statistics import median

import httpx

from bench.load import Request, run_load
from bench.machine import cpu_seconds
from bench.perf_query import api_server
from bench.stats import percentile, percentiles
from core.settings import PROJECT_ROOT, get_settings


def export(rev: str, into: Path) -> Path:
    """The files of ``rev`` in ``into``."""
    archive = subprocess.run(["git", "-C", str(PROJECT_ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def paired(urls: dict[str, str], paths: list[str], rounds: int, pids: dict[str, int], seed: int = 28) -> dict:
    rng = random.Random(seed)
    latency: dict[str, list[float]] = {side: [] for side in urls}
    diffs: list[float] = []
    with httpx.Client(timeout=60) as client:
        for path in paths:  # warm both: models' caches, connections
            for base in urls.values():
                client.get(base + path).raise_for_status()
        cpu = {side: cpu_seconds(pid) for side, pid in pids.items()}
        for _ in range(rounds):
            for path in paths:
                sides = list(urls)
                rng.shuffle(sides)
                took = {}
                for side in sides:
                    t0 = time.perf_counter()
                    client.get(urls[side] + path).raise_for_status()
                    took[side] = (time.perf_counter() - t0) * 1000
                    latency[side].append(took[side])
                diffs.append(took["after"] - took["before"])
        n = rounds * len(paths)
        cpu_ms = {side: (cpu_seconds(pid) - cpu[side]) * 1000 / n for side, pid in pids.items()}
    return {
        "requests": n,
        **{side: {**percentiles(ms), "cpu_ms": cpu_ms[side]} for side, ms in latency.items()},
        "diff": percentiles(diffs) | {"q1": percentile(diffs, 25), "q3": percentile(diffs, 75)},
    }


def blocks(urls: dict[str, str], paths: list[str], concurrency: int, rounds: int, pids: dict[str, int]) -> dict:
    """Under load (``concurrency`` clients), a pass over the queries per side, the sides taking turns
    round by round (before, after, after, before, ...): per side, the median of the passes' p50 and p99."""
    latency: dict[str, list[dict]] = {side: [] for side in urls}
    cpu = dict.fromkeys(urls, 0.0)
    sent = dict.fromkeys(urls, 0)
    for r in range(rounds):
        for side in list(urls)[:: 1 if r % 2 == 0 else -1]:
            requests = [Request("GET", urls[side] + path) for path in paths]
            start = cpu_seconds(pids[side])
            result = run_load(requests, concurrency, len(paths), warmup=concurrency)
            cpu[side] += cpu_seconds(pids[side]) - start
            sent[side] += result["requests"] + concurrency
            latency[side].append(result)
    return {
        side: {
            "p50": median(b["p50"] for b in runs),
            "p99": median(b["p99"] for b in runs),
            "errors": sum(b["errors"] for b in runs),
            "cpu_ms": cpu[side] * 1000 / sent[side],
        }
        for side, runs in latency.items()
    }


def main(argv: list[str] | None = None) -> int:
    from bench.corpus import query_texts

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True, help="git revision whose API is the 'before' side")
    ap.add_argument("--rounds", type=int, default=5, help="passes over the query sets")
    ap.add_argument("--concurrency", type=int, default=1, help="clients; above 1, passes per side in turn")
    args = ap.parse_args(argv)
    settings, queries = get_settings(), query_texts()
    variants = {
        "program": [{"q": q, "size": 10} for q in queries],
        "page (facets=true)": [{"q": q, "size": 10, "facets": "true"} for q in queries],
    }
    with (
        tempfile.TemporaryDirectory(prefix="kjsearch-before-") as tmp,
        api_server(settings, source=export(args.before, Path(tmp))) as (before, before_pid),
        api_server(settings) as (after, after_pid),
    ):
        urls, pids = {"before": before, "after": after}, {"before": before_pid, "after": after_pid}
        for name, params in variants.items():
            paths = ["/v1/search?" + urllib.parse.urlencode(p) for p in params]
            if args.concurrency > 1:
                under_load = blocks(urls, paths, args.concurrency, args.rounds, pids)
                print(f"\n{name}, {args.concurrency} clients, {args.rounds} passes of {len(paths)} per side, "
                      "median over the passes:")  # fmt: skip
                for side, b in under_load.items():
                    print(f"  {side:<7} p50 {b['p50']:7.2f}  p99 {b['p99']:7.2f} ms;"
                          f"  CPU {b['cpu_ms']:.2f} ms per request;  errors {b['errors']}")  # fmt: skip
                continue
            r = paired(urls, paths, args.rounds, pids)
            print(f"\n{name}: {r['requests']} requests per side on {settings.passages_alias}")
            for side in ("before", "after"):
                s = r[side]
                print(f"  {side:<7} p50 {s['p50']:7.2f}  p95 {s['p95']:7.2f}  p99 {s['p99']:7.2f} ms;"
                      f"  CPU {s['cpu_ms']:.2f} ms per request")  # fmt: skip
            d = r["diff"]
            print(f"  after - before, per query: median {d['p50']:+.2f} ms (IQR {d['q1']:+.2f} .. {d['q3']:+.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
