"""``python -m bench.perf``: analyzer, ingest and query-latency benchmarks; writes docs/benchmarks.md + PNGs.

The query stages (seed, big) also give each process's CPU per request (the API's, the node's) and the
API's CPU per search stage in process (``bench.perf_stages``).

Everything OpenSearch-side runs on the separate bench node (127.0.0.1:9201, nori/kuromoji installed,
own data directory), so the product node is never restarted or loaded. Loops are bounded; targets are
loopback only. The big synthetic indices are deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx
from opensearchpy import OpenSearch

from bench.baseline_node import baseline_settings, ensure_baseline_node, stop_baseline_node
from bench.baselines import baseline, create_index, load_passages
from bench.corpus import WHITE_PAPER, load_corpus, passage_rows, query_texts
from bench.load import search_mix, timed_load
from bench.machine import describe
from bench.ours import bench_settings, build_our_index, drop_our_index, passage_sources
from bench.perf_ingest import run as run_ingest
from bench.perf_ingest import settled_bytes
from bench.perf_query import api_server, measure, node_jvm
from bench.perf_report import write_bench_report
from bench.perf_stages import measure_stages
from bench.synthetic import bulk_replicate, index_sources
from core.opensearch import make_client
from core.settings import PROJECT_ROOT, Settings
from node import find_java_home

WORK = PROJECT_ROOT / ".cache" / "bench"
RESULTS = WORK / "perf.json"


def bench_node(heap: str) -> tuple[Settings, OpenSearch, list[str], bool]:
    """The plugin node with the requested heap (restarted if it runs with another heap), and whether
    this call started it."""
    settings = baseline_settings(heap=heap)
    _, started, plugins = ensure_baseline_node(settings)
    want = int(heap[:-1]) * (1024 if heap.endswith("g") else 1)
    if abs(node_jvm(settings.effective_url)["heap_max_mib"] - want) > want * 0.1:
        stop_baseline_node(settings)
        _, started, plugins = ensure_baseline_node(settings)
    return settings, make_client(settings), plugins, started


def save(results: dict) -> None:
    """Keep finished stages on disk, so a failure later in the run loses nothing."""
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1))


def aliased(client: OpenSearch, alias: str) -> str:
    return next(iter(client.indices.get_alias(name=alias)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingest-mb", type=float, default=100.0, help="size of the synthetic ingest corpus")
    ap.add_argument("--big-passages", type=int, default=1_000_000, help="passages in the big synthetic index")
    ap.add_argument("--heap", default="4g", help="heap of the bench node")
    ap.add_argument("--requests", type=int, default=600, help="requests per engine and concurrency level")
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time cap per engine and level")
    ap.add_argument("--load-seconds", type=float, default=60.0, help="bench.load run on the big index (0: none)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["analyzer", "ingest", "seed", "big"])
    ap.add_argument(
        "--keep-node", action="store_true", help="leave the bench node running when this run started it"
    )
    args = ap.parse_args(argv)
    levels = (1, 8, 32)
    WORK.mkdir(parents=True, exist_ok=True)
    # Stages skipped with --skip keep their figures from the previous run.
    results: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["args"] = vars(args)

    docs = load_corpus()
    if "analyzer" not in args.skip:
        from bench.perf_analyzer import run as run_analyzer

        print("analyzer ...", flush=True)
        seeds = [d for d in docs if d.source != str(WHITE_PAPER)]
        results["analyzer"] = run_analyzer(
            {
                "seed corpus": [(p.lang, p.text) for d in seeds for p in d.passages],
                "seed corpus + white paper": [(p.lang, p.text) for d in docs for p in d.passages],
            }
        )
        save(results)

    if {"ingest", "seed", "big"} <= set(args.skip):  # the analyzer alone needs no node
        save(results)
        print(f"wrote {write_bench_report(results)}")
        return 0
    settings, client, plugins, started = bench_node(args.heap)
    try:
        return _node_stages(args, results, docs, settings, client, plugins, levels)
    finally:
        if started and not args.keep_node:  # its heap (4 GiB by default) is not left behind
            stop_baseline_node(settings)


def _node_stages(
    args: argparse.Namespace,
    results: dict,
    docs: list,
    settings: Settings,
    client: OpenSearch,
    plugins: list[str],
    levels: tuple[int, ...],
) -> int:
    """The stages that run on the bench node: ingest, seed-index and big-index query latency."""
    results["machine"] = describe(find_java_home(settings.node_version), settings.node_version)
    results["machine"]["bench_node_heap"] = args.heap
    results["plugins"] = plugins
    nori = baseline("nori_kuromoji")
    queries = query_texts()

    if "ingest" not in args.skip:
        print(f"ingest {args.ingest_mb} MB ...", flush=True)
        results["ingest"] = run_ingest(bench_settings(settings, "ingest"), client, args.ingest_mb, WORK)
        save(results)

    seed = bench_settings(settings, "seed")
    seed_report = build_our_index(seed, docs, client)
    seed_nori = "kjbench-seed-nori"
    create_index(client, seed_nori, nori)
    load_passages(client, seed_nori, passage_rows(docs))
    try:
        if "seed" not in args.skip:
            print("query latency on the seed index ...", flush=True)
            results["seed"] = {
                "passages": seed_report.passages,
                **measure(seed, seed_nori, nori, queries, levels, args.requests, args.max_seconds),
            }
            print("CPU per search stage on the seed index ...", flush=True)
            results["seed"]["stages"] = measure_stages(seed, queries)
        if "big" not in args.skip:
            save(results)
            results["big"] = run_big(settings, client, docs, seed_nori, args, queries, levels)
    finally:
        drop_our_index(seed, client)
        client.indices.delete(index=seed_nori, ignore_unavailable=True)
    save(results)
    md = write_bench_report(results)
    print(f"wrote {md}")
    return 0


def sustained_load(settings: Settings, seconds: float, concurrency: int = 32) -> dict:
    """The load test's query mix against an API serving ``settings``' index."""
    with api_server(settings) as (api_url, _pid):
        facets = httpx.get(f"{api_url}/v1/facets", timeout=300).json()
        return asyncio.run(timed_load(search_mix(api_url, facets), concurrency, seconds))


def run_big(
    settings: Settings,
    client: OpenSearch,
    docs: list,
    seed_nori: str,
    args: argparse.Namespace,
    queries: list[str],
    levels: tuple[int, ...],
) -> dict:
    n = args.big_passages
    big = bench_settings(settings, "big")
    big_nori = "kjbench-big-nori"
    out: dict = {"passages": n}
    try:
        build_our_index(big, docs, client)
        index = aliased(client, big.passages_alias)
        client.indices.put_settings(index=index, body={"index": {"refresh_interval": "-1"}})
        print(f"replicating {n} analysed passages ...", flush=True)
        t0 = time.perf_counter()
        # Copies of the passages as ingest writes them: the stored _source lacks the analysed fields.
        out["ours_count"] = bulk_replicate(client, passage_sources(docs), index, n - len(passage_rows(docs)))
        out["ours_bulk_s"] = time.perf_counter() - t0
        out["ours_bytes"] = settled_bytes(client, index)
        create_index(client, big_nori, baseline("nori_kuromoji"))
        print(f"replicating {n} raw passages into nori/kuromoji ...", flush=True)
        t0 = time.perf_counter()
        out["nori_count"] = bulk_replicate(client, index_sources(client, seed_nori), big_nori, n)
        out["nori_bulk_s"] = time.perf_counter() - t0
        out["nori_bytes"] = settled_bytes(client, big_nori)
        print("query latency on the big index ...", flush=True)
        out.update(measure(big, big_nori, baseline("nori_kuromoji"), queries, levels, args.requests, args.max_seconds))
        print("CPU per search stage on the big index ...", flush=True)
        out["stages"] = measure_stages(big, queries)
        if args.load_seconds > 0:
            print(f"load: 32 clients for {args.load_seconds:.0f} s on the big index ...", flush=True)
            out["load"] = sustained_load(big, args.load_seconds)
    finally:
        drop_our_index(big, client)
        client.indices.delete(index=big_nori, ignore_unavailable=True)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
