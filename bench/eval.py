"""``python -m bench.eval``: relevance of kjsearch vs. OpenSearch baselines on the judged query sets.

All engines index the identical passage texts produced by our ingest (``collect_documents``) and are
scored by the same code (``bench.metrics``, verbatim from the shared evaluator). Writes
``docs/evaluation.md``, ``docs/evaluation.png`` and the raw rows to ``.cache/bench/eval.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from bench.beir import BEIR_SETS, run_library, run_sets
from bench.corpus import QUERY_SETS, load_corpus, passage_rows
from bench.engines import ApiEngine, Engine, baseline_engines
from bench.metrics import load_queries, score_query, summarize
from bench.ours import bench_settings, build_our_index, drop_our_index
from bench.report import write_eval_report
from core.settings import PROJECT_ROOT, Settings
from node import ensure_node

RESULTS = PROJECT_ROOT / ".cache" / "bench" / "eval.json"
SIZE = 20


def evaluate(engine: Engine, query_file: Path) -> dict:
    rows = []
    for q in load_queries(query_file):
        t0 = time.perf_counter()
        hits = engine.search(q.q, SIZE)
        ms = (time.perf_counter() - t0) * 1000
        rows.append(
            {
                "id": q.id,
                "kind": q.kind,
                "q": q.q,
                "keys": q.keys,
                "ms": ms,
                "top": [h["id"] for h in hits[:3]],
                **score_query(hits, q.keys),
            }
        )
    return {"rows": rows, "summary": summarize(rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-plugins", action="store_true", help="skip the nori/kuromoji baseline node")
    ap.add_argument("--keep", action="store_true", help="keep our throwaway index after the run")
    ap.add_argument("--no-beir", action="store_true", help="skip the third-party question sets")
    args = ap.parse_args(argv)

    base = Settings()
    ensure_node(base)
    docs = load_corpus()
    rows = passage_rows(docs)
    print(f"corpus: {len(docs)} documents, {len(rows)} passages")

    ours_settings = bench_settings(base, "eval")
    report = build_our_index(ours_settings, docs)
    print(f"ours indexed: {report.passages} passages in {report.index}")
    engines, meta = baseline_engines(base, rows, with_plugins=not args.no_plugins)
    results: dict = {"passages": len(rows), "documents": len(docs), "meta": meta, "sets": {}, "engines": []}
    try:
        with TestClient(create_app(ours_settings)) as api:
            all_engines: list[Engine] = [ApiEngine(api), *engines]
            results["engines"] = [{"name": e.name, "label": e.label} for e in all_engines]
            for set_name, path in QUERY_SETS.items():
                results["sets"][set_name] = {e.name: evaluate(e, path) for e in all_engines}
                line = "  ".join(
                    f"{e.name}: hit@10={results['sets'][set_name][e.name]['summary']['all']['hit10']:.3f}"
                    for e in all_engines
                )
                print(f"[{set_name}] {line}")
    finally:
        if not args.keep:
            drop_our_index(ours_settings)
    if not args.no_beir:
        results["beir"] = run_sets(base, list(BEIR_SETS), None, not args.no_plugins, args.keep)
        results["library"] = run_library(base, list(BEIR_SETS), None, not args.no_plugins, args.keep)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    md, png = write_eval_report(results)
    print(f"wrote {md} and {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
