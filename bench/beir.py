"""Third-party question sets in BEIR layout (``corpus.jsonl``, ``queries.jsonl``, ``qrels.tsv``).

Each corpus row becomes one document through our own ingest (``build_document``): its title line, then
its text, as a short article would arrive. Every engine indexes the identical passages (the baselines
get the document title in front of each passage's text, so they see every word we index). A hit is
mapped back to the corpus row of its document; a query's rank is the position of its relevant row among
the distinct rows returned.

``python -m bench.beir`` evaluates the sets alone (``--sample``, ``--set``, ``--keep`` for quick runs);
``make eval`` runs them beside the seed sets.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analyzers import default_analyzer
from bench.metrics import summarize_set
from core.settings import PROJECT_ROOT, Settings
from ingest.model import Document
from ingest.pipeline import build_document
from ingest.readers.files import RawText
from ingest.text.cleaning import TextRepair

if TYPE_CHECKING:
    from bench.engines import Engine

EXTERNAL = PROJECT_ROOT.parent / "shared" / "external"
BEIR_SETS = {
    "korquad_dev": EXTERNAL / "ko" / "korquad_dev",
    "jsquad_A": EXTERNAL / "ja" / "jsquad_A",
    # one library of both corpora; questions asked in the other language than their answer (ko2ja:…, ja2ko:…)
    "xling_ko_ja": EXTERNAL / "xling" / "ko_ja_dev",
}
SIZE = 20


@dataclass(frozen=True)
class BeirQuery:
    id: str
    text: str
    relevant: frozenset[str]  # corpus ids


@dataclass
class BeirSet:
    name: str
    corpus: list[dict]
    queries: list[BeirQuery]


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_set(name: str, folder: Path, sample: int | None = None) -> BeirSet:
    """The set, or its first ``sample`` queries (in file order) over the whole corpus."""
    qrels: dict[str, set[str]] = {}
    with (folder / "qrels.tsv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader, None)
        for row in reader:
            if len(row) >= 2 and (len(row) < 3 or row[2] != "0"):
                qrels.setdefault(row[0], set()).add(row[1])
    queries = [
        BeirQuery(q["_id"], q["text"], frozenset(qrels[q["_id"]]))
        for q in _jsonl(folder / "queries.jsonl")
        if q["_id"] in qrels
    ]
    if sample is not None:
        queries = queries[:sample]
    return BeirSet(name, list(_jsonl(folder / "corpus.jsonl")), queries)


def corpus_documents(rows: list[dict]) -> tuple[list[Document], dict[str, str]]:
    """(documents, doc_id -> corpus id): each row parsed by our ingest as a short text document."""
    repair = TextRepair.using(default_analyzer())  # parsing only: the process-wide one is never taught aliases
    docs: list[Document] = []
    corpus_of: dict[str, str] = {}
    for row in rows:
        title = (row.get("title") or "").strip()
        text = f"{title}\n\n{row['text']}" if title else row["text"]
        data = (row["_id"] + "\n" + text).encode("utf-8")  # ids differ where two rows share a text
        raw = RawText(path=Path(f"{row['_id']}.txt"), data=data, text=text, encoding="utf-8")
        doc = build_document(raw, repair)
        if doc.doc_id in corpus_of:
            continue
        corpus_of[doc.doc_id] = row["_id"]
        docs.append(doc)
    return docs, corpus_of


def baseline_rows(docs: list[Document]) -> list[tuple[str, str, str]]:
    """(passage id, doc id, title + passage text): what the baselines index."""
    rows = []
    for d in docs:
        for p in d.passages:
            text = p.text if not d.title or p.text.startswith(d.title) else f"{d.title}\n{p.text}"
            rows.append((p.id, p.doc_id, text))
    return rows


def doc_of(passage_id: str) -> str:
    return passage_id.rsplit("-", 1)[0]


def score(hit_ids: list[str], relevant: frozenset[str], corpus_of: dict[str, str]) -> dict:
    ranked: list[str] = []
    for pid in hit_ids:
        doc = doc_of(pid)
        cid = corpus_of.get(doc, doc)  # a document from outside the set takes a rank, never relevant
        if cid not in ranked:
            ranked.append(cid)
    first = next((i for i, c in enumerate(ranked[:10]) if c in relevant), None)
    return {
        "hit1": 1.0 if first == 0 else 0.0,
        "mrr10": 1.0 / (first + 1) if first is not None else 0.0,
        "hit10": 1.0 if first is not None else 0.0,
        "zero": 1.0 if not hit_ids else 0.0,
        "first_rank": None if first is None else first + 1,
    }


def evaluate_engine(engine, beir: BeirSet, corpus_of: dict[str, str]) -> dict:
    rows = []
    for q in beir.queries:
        t0 = time.perf_counter()
        hits = engine.search(q.text, SIZE)
        ms = (time.perf_counter() - t0) * 1000
        rows.append({"id": q.id, "q": q.text, "ms": ms, **score([h["id"] for h in hits], q.relevant, corpus_of)})
    summary = summarize_set(rows)
    directions = by_direction(rows)
    if directions:
        summary["directions"] = {d: summarize_set(group) for d, group in directions.items()}
    return {"rows": rows, "summary": summary}


def by_direction(rows: list[dict]) -> dict[str, list[dict]]:
    """A cross-lingual set's rows by direction, the prefix of their ids (``ko2ja:…``); {} for another set."""
    if not rows or not all(":" in r["id"] for r in rows):
        return {}
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["id"].split(":", 1)[0], []).append(r)
    return out


def run_sets(base: Settings, names: list[str], sample: int | None, with_plugins: bool, keep: bool) -> dict:
    """Index each set into our engine and the baselines, run its queries; {set: {engine: result}}."""
    import httpx

    from bench.engines import ApiEngine, baseline_engines
    from bench.ours import bench_settings, build_our_index, drop_our_index
    from bench.perf_query import api_server

    out: dict = {"sets": {}, "engines": [], "sizes": {}}
    for name in names:
        beir = load_set(name, BEIR_SETS[name], sample)
        t0 = time.perf_counter()
        docs, corpus_of = corpus_documents(beir.corpus)
        rows = baseline_rows(docs)
        print(f"[{name}] {len(docs)} documents, {len(rows)} passages parsed in {time.perf_counter() - t0:.1f} s")
        ours = bench_settings(base, f"beir-{name.lower().replace('_', '-')}")
        build_our_index(ours, docs)
        engines, _meta = baseline_engines(base, rows, with_plugins=with_plugins, prefix=f"kjbeir-{name.lower()}")
        try:
            # Our API as a client meets it: uvicorn on loopback, one keep-alive connection, like the
            # baselines' one client connection to their node.
            with api_server(ours) as (url, _pid), httpx.Client(base_url=url, timeout=30) as api:
                all_engines = [ApiEngine(api), *engines]
                out["engines"] = [{"name": e.name, "label": e.label} for e in all_engines]
                out["sets"][name] = {e.name: evaluate_engine(e, beir, corpus_of) for e in all_engines}
                out["sizes"][name] = {"documents": len(docs), "passages": len(rows), "queries": len(beir.queries)}
            nori = next((e for e in engines if e.name == "nori_kuromoji"), None)
            out["sets"][name]["kjsearch"]["summary"].update(paired_latency(ours, beir, nori))
        finally:
            if not keep:
                drop_our_index(ours)
        for e in out["engines"]:
            s = out["sets"][name][e["name"]]["summary"]
            print(
                f"[{name}] {e['name']:>14}: hit@1={s['hit1']:.3f} MRR@10={s['mrr10']:.3f} "
                f"hit@10={s['hit10']:.3f} zero={s['zero']} median={s['ms']:.1f} ms"
            )
    return out


def library_documents(sets: Iterable[BeirSet]) -> tuple[list[Document], dict[str, str]]:
    """Every real document here in one library: the sets' corpora, the seed reports, the Japanese
    white paper, and the shared PDFs and Hancom files; (documents, doc_id -> corpus id)."""
    from bench.corpus import corpus_paths
    from ingest.run import collect_documents

    docs: list[Document] = []
    corpus_of: dict[str, str] = {}
    for beir in sets:
        more, ids = corpus_documents(beir.corpus)
        # a row in two sets (the cross-lingual set holds both corpora) is one document
        docs += [d for d in more if d.doc_id not in corpus_of]
        corpus_of.update(ids)
    files = [*corpus_paths(), *sorted(EXTERNAL.glob("pdf/*/*.pdf")), *sorted(EXTERNAL.glob("hwp/*.hwp*"))]
    # a damaged file is skipped, as ingest would
    parsed, _skipped = collect_documents(files, TextRepair.using(default_analyzer()))
    seen = {d.doc_id for d in docs}
    for doc in parsed:
        if doc.doc_id not in seen:  # ids come from the content: a file twice is indexed once
            seen.add(doc.doc_id)
            docs.append(doc)
    return docs, corpus_of


def run_library(base: Settings, names: list[str], sample: int | None, with_plugins: bool, keep: bool) -> dict:
    """The sets' questions against one library holding every document we have (each set's corpus
    meets the other's, the reports and the real files), and each engine's index size on it."""
    import httpx

    from bench.engines import ApiEngine, baseline_engines
    from bench.ours import bench_settings, build_our_index, drop_our_index
    from bench.perf_ingest import settled_bytes
    from bench.perf_query import api_server
    from core.opensearch import make_client

    sets = [load_set(name, BEIR_SETS[name], sample) for name in names]
    t0 = time.perf_counter()
    docs, corpus_of = library_documents(sets)
    rows = baseline_rows(docs)
    print(f"[library] {len(docs)} documents, {len(rows)} passages parsed in {time.perf_counter() - t0:.1f} s")
    ours = bench_settings(base, "library")
    build_our_index(ours, docs)
    engines, _meta = baseline_engines(base, rows, with_plugins=with_plugins, prefix="kjlib")
    out: dict = {"documents": len(docs), "passages": len(rows), "sets": {}, "bytes": {}}
    try:
        with api_server(ours) as (url, _pid), httpx.Client(base_url=url, timeout=30) as api:
            all_engines = [ApiEngine(api), *engines]
            for beir in sets:
                out["sets"][beir.name] = {e.name: evaluate_engine(e, beir, corpus_of)["summary"] for e in all_engines}
        out["bytes"] = {"kjsearch": settled_bytes(make_client(ours), ours.passages_alias)}
        out["bytes"] |= {e.name: settled_bytes(e.client, e.index) for e in engines}
    finally:
        if not keep:
            drop_our_index(ours)
    for name, by_engine in out["sets"].items():
        line = "  ".join(f"{e}: MRR@10={s['mrr10']:.3f} hit@10={s['hit10']:.3f}" for e, s in by_engine.items())
        print(f"[library:{name}] {line}")
    return out


def paired_latency(settings: Settings, beir: BeirSet, baseline: Engine | None) -> dict:
    """Median time of our query alone, and of ``baseline``'s, timed in turn on each question so that
    both meet the machine in the same state (this VM's speed drifts within minutes).

    Ours is timed as the baselines are: analysis, then the body the API sends straight to OpenSearch,
    without the API's HTTP, highlighting and response. The analyzers' caches are emptied first, as in a
    fresh process: the questions' words are new to them (the API has just analysed the same questions).
    """
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.models import SearchParams

    ours: list[float] = []
    theirs: list[float] = []
    with TestClient(create_app(settings)) as api:
        service = api.app.state.service
        service.analyzer.clear_caches()

        def run_ours(q: str) -> None:
            body = service.search_body(SearchParams(q=q, size=SIZE, facets=False), service.analyze_query(q))
            service.client.search(index=service.passages, body=body)

        turns: list[tuple[Callable[[str], object], list[float]]] = [(run_ours, ours)]
        if baseline:
            turns.append((lambda q: baseline.search(q, SIZE), theirs))
        for i, q in enumerate(beir.queries):
            # who goes first alternates, so neither always meets a node the other just woke
            for run, times in turns if i % 2 == 0 else turns[::-1]:
                t0 = time.perf_counter()
                run(q.text)
                times.append((time.perf_counter() - t0) * 1000)
    return {
        "engine_ms": statistics.median(ours),
        "paired_baseline_ms": statistics.median(theirs) if theirs else None,
    }


def main(argv: list[str] | None = None) -> int:
    from node import ensure_node

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=sorted(BEIR_SETS), help="a set (default: all)")
    ap.add_argument("--sample", type=int, default=None, help="only the first N queries of each set")
    ap.add_argument("--no-plugins", action="store_true", help="skip the nori/kuromoji baseline node")
    ap.add_argument("--keep", action="store_true", help="keep our throwaway index after the run")
    ap.add_argument("--out", type=Path, default=PROJECT_ROOT / ".cache" / "bench" / "beir.json")
    args = ap.parse_args(argv)
    base = Settings()
    ensure_node(base)
    results = run_sets(base, args.set or list(BEIR_SETS), args.sample, not args.no_plugins, args.keep)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
