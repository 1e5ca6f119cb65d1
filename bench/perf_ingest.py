"""Ingest throughput: our pipeline (parse + analyse + bulk) vs bulk raw text into nori/kuromoji."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from opensearchpy import OpenSearch

from analyzers import default_analyzer
from bench.baselines import baseline, create_index, load_passages
from bench.corpus import corpus_paths
from bench.ours import drop_our_index
from bench.synthetic import make_corpus
from core.settings import Settings
from ingest.run import collect_documents
from ingest.text.cleaning import TextRepair


def index_bytes(client: OpenSearch, index: str) -> int:
    stats = client.indices.stats(index=index, metric="store")
    return int(next(iter(stats["indices"].values()))["primaries"]["store"]["size_in_bytes"])


def settled_bytes(client: OpenSearch, index: str) -> int:
    """Size on disk once merged into one segment: right after a bulk it depends on how far the
    background merges got (one run measured 3.50 GiB where the merged index takes 2.4 GiB)."""
    client.indices.forcemerge(index=index, max_num_segments=1, params={"request_timeout": 3600})
    # the merged-away segments leave the disk only once no reader holds them
    client.indices.refresh(index=index)
    client.indices.flush(index=index)
    return index_bytes(client, index)


def ingest_cli(settings: Settings, corpus: Path, workers: int) -> dict:
    """``python -m ingest --rebuild --workers N`` on the corpus, as a user runs it: wall time and summary."""
    env = {**os.environ, "OPENSEARCH_URL": settings.effective_url, "KJSEARCH_INDEX_PREFIX": settings.index_prefix}
    cmd = [sys.executable, "-m", "ingest", "--rebuild", "--json", "--workers", str(workers), str(corpus)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"ingest --workers {workers} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout)
    return {"total_s": wall, "seconds": summary["seconds"], "passages": summary["passages"], "index": summary["index"]}


def run(
    settings: Settings, client: OpenSearch, target_mb: float, work_dir: Path, workers: tuple[int, ...] = (1, 2)
) -> dict:
    """Full rebuilds of a synthetic corpus with 1 and 2 ingest processes, against bulk into nori/kuromoji."""
    corpus = work_dir / "synthetic"
    paths = make_corpus(corpus_paths(), target_mb, corpus)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    runs = {}
    for n in workers:
        runs[n] = ingest_cli(settings, corpus, n)
        runs[n]["index_bytes"] = index_bytes(client, runs[n]["index"])
        drop_our_index(settings, client)
    # the passages the baseline gets (not timed)
    docs, skipped = collect_documents(paths, TextRepair.using(default_analyzer()))
    passages = sum(len(d.passages) for d in docs)

    spec = baseline("nori_kuromoji")
    index = "kjbench-ingest-nori"
    create_index(client, index, spec)
    rows = [(p.id, p.doc_id, p.text) for d in docs for p in d.passages]
    t0 = time.perf_counter()
    load_passages(client, index, rows)
    nori_s = time.perf_counter() - t0
    nori_bytes = index_bytes(client, index)
    client.indices.delete(index=index)
    one = runs[workers[0]]
    best = min(runs.values(), key=lambda r: r["total_s"])
    sec = one["seconds"]
    return {
        "files": len(paths),
        "documents": len(docs),
        "skipped": len(skipped),
        "mb": mb,
        "passages": passages,
        "ours": {
            "total_s": one["total_s"],
            "parse_s": sec.get("parse", 0.0),
            "analysis_s": sec.get("analysis", 0.0),
            "bulk_s": sec.get("bulk", 0.0),
            "other_s": one["total_s"] - sum(sec.get(k, 0.0) for k in ("parse", "analysis", "bulk")),
            "mb_s": mb / one["total_s"],
            "passages_s": passages / one["total_s"],
            "index_bytes": one["index_bytes"],
        },
        "workers": {
            str(n): {
                "total_s": r["total_s"],
                "mb_s": mb / r["total_s"],
                "passages_s": passages / r["total_s"],
                "index_bytes": r["index_bytes"],
                "speedup": one["total_s"] / r["total_s"],
                "seconds": r["seconds"],
            }
            for n, r in runs.items()
        },
        "nori": {
            "total_s": nori_s,
            "mb_s": mb / nori_s,
            "passages_s": passages / nori_s,
            "index_bytes": nori_bytes,
            "note": "bulk of the already-parsed passage texts; the engine analyses them",
        },
        "ratio_ours_vs_nori": best["total_s"] / nori_s,
        "ratio_one_process_vs_nori": one["total_s"] / nori_s,
    }
