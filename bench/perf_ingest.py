"""Ingest throughput: our pipeline (parse + analyse + bulk) vs bulk raw text into nori/kuromoji."""

from __future__ import annotations

import time
from pathlib import Path

from opensearchpy import OpenSearch

from bench.baselines import baseline, create_index, load_passages
from bench.corpus import corpus_paths
from bench.ours import build_our_index, drop_our_index
from bench.synthetic import make_corpus
from core.settings import Settings
from ingest.run import collect_documents


def index_bytes(client: OpenSearch, index: str) -> int:
    stats = client.indices.stats(index=index, metric="store")
    return int(next(iter(stats["indices"].values()))["primaries"]["store"]["size_in_bytes"])


def run(settings: Settings, client: OpenSearch, target_mb: float, work_dir: Path) -> dict:
    paths = make_corpus(corpus_paths(), target_mb, work_dir / "synthetic")
    mb = sum(p.stat().st_size for p in paths) / 1e6
    t0 = time.perf_counter()
    docs, skipped = collect_documents(paths)
    parse_s = time.perf_counter() - t0
    passages = sum(len(d.passages) for d in docs)
    t0 = time.perf_counter()
    report = build_our_index(settings, docs, client)
    index_s = time.perf_counter() - t0
    ours_total = parse_s + index_s
    ours_bytes = index_bytes(client, report.index)
    drop_our_index(settings, client)

    spec = baseline("nori_kuromoji")
    index = "kjbench-ingest-nori"
    create_index(client, index, spec)
    rows = [(p.id, p.doc_id, p.text) for d in docs for p in d.passages]
    t0 = time.perf_counter()
    load_passages(client, index, rows)
    nori_s = time.perf_counter() - t0
    nori_bytes = index_bytes(client, index)
    client.indices.delete(index=index)
    analysis_s = report.seconds.get("analysis", 0.0)
    bulk_s = report.seconds.get("bulk", 0.0)
    return {
        "files": len(paths),
        "documents": len(docs),
        "skipped": len(skipped),
        "mb": mb,
        "passages": passages,
        "ours": {
            "total_s": ours_total,
            "parse_s": parse_s,
            "analysis_s": analysis_s,
            "bulk_s": bulk_s,
            "other_s": index_s - analysis_s - bulk_s,
            "mb_s": mb / ours_total,
            "passages_s": passages / ours_total,
            "index_bytes": ours_bytes,
        },
        "nori": {
            "total_s": nori_s,
            "mb_s": mb / nori_s,
            "passages_s": passages / nori_s,
            "index_bytes": nori_bytes,
            "note": "bulk of the already-parsed passage texts; the engine analyses them",
        },
        "ratio_ours_vs_nori": ours_total / nori_s,
    }
