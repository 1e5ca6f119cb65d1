"""Render the evaluation results as Markdown tables and a matplotlib figure under docs/."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.analysis import EVAL_NOTES
from bench.baselines import BASELINES
from bench.metrics import BEIR_LABELS, BEIR_METRICS, METRIC_LABELS, METRICS
from bench.tables import fmt, table
from core.settings import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"
OURS = "kjsearch"


def overall_table(set_res: dict, engines: list[dict]) -> str:
    rows = [[e["label"], *[fmt(set_res[e["name"]]["summary"]["all"][m]) for m in METRICS]] for e in engines]
    return table(["engine", *[METRIC_LABELS[m] for m in METRICS]], rows)


def kinds_of(set_res: dict) -> list[str]:
    return [k for k in set_res[OURS]["summary"] if k != "all"]


def kind_table(set_res: dict, engines: list[dict], metric: str) -> str:
    kinds = kinds_of(set_res)
    n = {k: set_res[OURS]["summary"][k]["n"] for k in kinds}
    rows = [
        [
            e["label"],
            *[fmt(set_res[e["name"]]["summary"][k][metric]) for k in kinds],
            fmt(set_res[e["name"]]["summary"]["all"][metric]),
        ]
        for e in engines
    ]
    return table(["engine", *[f"{k} (n={n[k]})" for k in kinds], "all"], rows)


def beaten_kinds(set_res: dict, engines: list[dict]) -> list[str]:
    out = []
    for kind in kinds_of(set_res):
        ours = set_res[OURS]["summary"][kind]
        for e in engines:
            if e["name"] == OURS:
                continue
            theirs = set_res[e["name"]]["summary"][kind]
            better = [METRIC_LABELS[m] for m in ("hit10", "mrr10", "ndcg10") if theirs[m] > ours[m] + 1e-9]
            if better:
                out.append(
                    f"- **{kind}**: {e['label']} beats us on {', '.join(better)} "
                    f"(MRR@10 {fmt(theirs['mrr10'])} vs ours {fmt(ours['mrr10'])}, "
                    f"hit@10 {fmt(theirs['hit10'])} vs {fmt(ours['hit10'])})."
                )
    return out or ["- none: no baseline beats kjsearch on hit@10, MRR@10 or nDCG@10 for any kind."]


def losses_table(set_res: dict, engines: list[dict]) -> str:
    others = [e for e in engines if e["name"] != OURS]
    ours_rows = set_res[OURS]["rows"]
    rows = []
    for i, r in enumerate(ours_rows):
        theirs = {e["name"]: set_res[e["name"]]["rows"][i] for e in others}
        beaten = [e["label"] for e in others if theirs[e["name"]]["mrr10"] > r["mrr10"] + 1e-9]
        if r["first_rank"] is None or beaten:
            ranks = [str(theirs[e["name"]]["first_rank"] or "–") for e in others]
            reason = "miss@10" if r["first_rank"] is None else "beaten"
            rows.append(
                [
                    r["id"],
                    r["kind"],
                    r["q"],
                    " / ".join(r["keys"]),
                    str(r["first_rank"] or "–"),
                    *ranks,
                    reason,
                ]
            )
    if not rows:
        return (
            "No losses: kjsearch finds a relevant passage in the top 10 for every query "
            "and no baseline ranks one higher."
        )
    return table(["id", "kind", "query", "keys", "ours", *[e["label"] for e in others], ""], rows)


def plot(results: dict, path: Path) -> None:
    engines = results["engines"]
    sets = list(results["sets"])
    fig, axes = plt.subplots(len(sets), 2, figsize=(13, 4.2 * len(sets)), squeeze=False)
    for row, set_name in enumerate(sets):
        set_res = results["sets"][set_name]
        groups = [*kinds_of(set_res), "all"]
        width = 0.8 / len(engines)
        for col, metric in enumerate(("hit10", "mrr10")):
            ax = axes[row][col]
            for j, e in enumerate(engines):
                vals = [set_res[e["name"]]["summary"][g][metric] for g in groups]
                xs = [i + (j - (len(engines) - 1) / 2) * width for i in range(len(groups))]
                ax.bar(xs, [0 if math.isnan(v) else v for v in vals], width, label=e["label"])
            ax.set_xticks(range(len(groups)), groups)
            ax.set_ylim(0, 1.05)
            ax.set_title(f"{set_name} queries — {METRIC_LABELS[metric]}")
            ax.grid(axis="y", alpha=0.3)
            if row == 0 and col == 0:
                ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def beir_section(beir: dict) -> list[str]:
    """Per third-party set: one row per engine, and whether ours clears the issue's bar."""
    engines = beir["engines"]
    parts = [
        "## Third-party question sets (BEIR layout)",
        "",
        "`../shared/external/ko/korquad_dev` (Korean Wikipedia, KorQuAD 1.0 dev) and "
        "`../shared/external/ja/jsquad_A` (Japanese Wikipedia, JSQuAD): each corpus row is ingested as a "
        "short document (its title line, then its text) by our ingest; the baselines index the same "
        "passages with the document title in front. 20 hits per query, mapped back to corpus rows; one "
        "relevant row per question. Ours is the API served by uvicorn on loopback, asked with "
        "`facets=false` (a program ranking passages needs no facet counts; the baselines compute none); "
        "the baselines are queried straight on their node. Latency is the client's median. "
        "`../shared/external/xling/ko_ja_dev` holds both corpora in one library and asks questions in the "
        "other language than their answer, reported by direction as well.",
        "",
    ]
    for name, set_res in beir["sets"].items():
        size = beir["sizes"][name]
        rows = []
        for e in engines:
            s = set_res[e["name"]]["summary"]
            rows.append(
                [
                    e["label"],
                    *[
                        fmt(s[m]) if m not in ("zero", "ms") else (str(s[m]) if m == "zero" else f"{s[m]:.1f}")
                        for m in BEIR_METRICS
                    ],
                ]
            )
        ours = set_res[OURS]["summary"]
        others = [set_res[e["name"]]["summary"] for e in engines if e["name"] != OURS]
        best_mrr = max((o["mrr10"] for o in others), default=float("nan"))
        best_hit = max((o["hit10"] for o in others), default=float("nan"))
        nori = set_res.get("nori_kuromoji", {}).get("summary")
        found_by_baseline = {
            r["id"] for e in engines if e["name"] != OURS for r in set_res[e["name"]]["rows"] if r["first_rank"]
        }
        lost = [r for r in set_res[OURS]["rows"] if r["zero"] and r["id"] in found_by_baseline]
        parts += [
            f"### `{name}` ({size['queries']} questions, {size['documents']} documents, {size['passages']} passages)",
            "",
            table(["engine", *[BEIR_LABELS[m] for m in BEIR_METRICS]], rows),
            "",
            *direction_table(set_res, engines),
            f"- MRR@10: ours {fmt(ours['mrr10'])} vs best baseline {fmt(best_mrr)} "
            f"({ours['mrr10'] - best_mrr:+.3f}; the bar is +0.030).",
            f"- hit@10: ours {fmt(ours['hit10'])} vs best baseline {fmt(best_hit)}.",
            f"- Zero-hit questions that a baseline answers: {len(lost)}.",
        ]
        if nori:
            parts.append(
                f"- Median latency: ours {ours['ms']:.1f} ms vs nori+kuromoji {nori['ms']:.1f} ms "
                f"({ours['ms'] / nori['ms']:.1f}×; the bar is 2×)."
            )
            if ours.get("paired_baseline_ms"):
                parts.append(
                    f"- Our query alone (analysis with empty caches, then the API's body straight to OpenSearch) "
                    f"and nori+kuromoji's, timed in turn on each question: {ours['engine_ms']:.1f} ms vs "
                    f"{ours['paired_baseline_ms']:.1f} ms (**{ours['engine_ms'] / ours['paired_baseline_ms']:.1f}×**; "
                    "the bar is 2.5×). The API's median above adds its HTTP, highlighting and response."
                )
        parts.append("")
    return parts


def direction_table(set_res: dict, engines: list[dict]) -> list[str]:
    """A cross-lingual set, each direction apart (ko2ja: a Korean question, a Japanese answer)."""
    directions = set_res[OURS]["summary"].get("directions")
    if not directions:
        return []
    metrics = ("mrr10", "hit1", "hit10", "zero")
    rows = [
        [d, e["label"], *[str(s[m]) if m == "zero" else fmt(s[m]) for m in metrics]]
        for d in directions
        for e in engines
        if (s := set_res[e["name"]]["summary"].get("directions", {}).get(d))
    ]
    return [
        "By direction (`ko2ja`: a question in Korean whose answer is a Japanese paragraph; `ja2ko` the reverse):",
        "",
        table(["direction", "engine", *[BEIR_LABELS[m] for m in metrics]], rows),
        "",
    ]


def library_section(library: dict, engines: list[dict]) -> list[str]:
    """The question sets asked of one library of every document, and each engine's index size on it."""
    labels = {e["name"]: e["label"] for e in engines}
    metrics = ("hit1", "mrr10", "hit10")
    parts = [
        "## One library of every document",
        "",
        f"The same questions asked of one index holding all {library['documents']} real documents here "
        f"({library['passages']} passages): both sets' corpora, the seed reports, the Japanese white paper and "
        "the shared PDFs and HWP/HWPX files, so each set's answers compete with everything else a library "
        "holds (the other language's encyclopedia, reports and real files). A hit from outside the set takes "
        "a rank and is never relevant.",
        "",
    ]
    rows = [
        [f"`{name}`{' ' + d if d else ''}", labels.get(engine, engine), *[fmt(s[m]) for m in metrics], str(s["zero"])]
        for name, by_engine in library["sets"].items()
        for engine, whole in by_engine.items()
        for d, s in [("", whole), *sorted(whole.get("directions", {}).items())]
    ]
    parts += [table(["set", "engine", *[BEIR_LABELS[m] for m in metrics], "zero hits"], rows), ""]
    sizes = library.get("bytes") or {}
    if sizes.get(OURS):
        ours = sizes[OURS]
        cells = [
            f"{labels.get(e, e)} {b / library['passages']:.0f} B ({ours / b:.2f}× for ours)"
            for e, b in sizes.items()
            if e != OURS and b
        ]
        parts += [
            f"Index size per passage after a force-merge to one segment: ours {ours / library['passages']:.0f} B; "
            + "; ".join(cells)
            + ".",
            "",
        ]
    return parts


def write_eval_report(results: dict, docs_dir: Path = DOCS) -> tuple[Path, Path]:
    docs_dir.mkdir(parents=True, exist_ok=True)
    md, png = docs_dir / "evaluation.md", docs_dir / "evaluation.png"
    plot(results, png)
    engines = results["engines"]
    meta = results["meta"]
    plugins = ", ".join(meta.get("plugins") or []) or "not loaded"
    parts = [
        "# Relevance evaluation",
        "",
        "Generated by `make eval` (`python -m bench.eval`); do not edit by hand — the commentary lives in "
        "`bench/analysis.py`.",
        "",
        f"Corpus: {results['documents']} documents (the seed reports and the Japanese ICT white paper), "
        f"{results['passages']} passages as produced by our ingest (`collect_documents`); every engine "
        "indexes these identical passage texts. Each query asks for 20 hits. A hit is relevant when its "
        "text contains a key phrase after NFKC + casefold, keeping only letters and digits (the metric "
        "code is the shared `evaluate.py`, verbatim in `bench/metrics.py`).",
        "",
        "Engines:",
        "",
        "- **kjsearch (ours)**: the real API (`GET /v1/search`, in-process) over our pre-analysed index.",
    ]
    for spec in BASELINES:
        if any(e["name"] == spec.name for e in engines):
            parts.append(f"- **{spec.label}**: `{spec.name}` index, query `{spec.query('Q', 20)['query']}`.")
    parts += [
        "",
        f"nori/kuromoji plugins on the baseline node: **{plugins}**"
        + (f" (error: `{meta['plugin_error']}`)" if meta.get("plugin_error") else "")
        + ". They were assembled from Maven Central artifacts by `bench/plugins.py` (plugin jar + "
        "`lucene-analysis-nori`/`-kuromoji` 10.5.0 + `plugin-descriptor.properties`, SHA-1 checked) and "
        f"installed into a separate copy of OpenSearch 3.8.0 on 127.0.0.1:{meta.get('port', 9201)}.",
        "",
        "![evaluation](evaluation.png)",
        "",
    ]
    for set_name, set_res in results["sets"].items():
        n = set_res[OURS]["summary"]["all"]["n"]
        parts += [
            f"## `{set_name}` queries ({n})",
            "",
            "### Overall",
            "",
            overall_table(set_res, engines),
            "",
        ]
        for metric in ("hit10", "mrr10", "ndcg10"):
            parts += [f"### {METRIC_LABELS[metric]} per kind", "", kind_table(set_res, engines, metric), ""]
        parts += [
            "### Where a baseline beats us",
            "",
            *beaten_kinds(set_res, engines),
            "",
            "### Per-query losses (a baseline ranks a relevant passage higher, or we miss at 10)",
            "",
            "Ranks are the position of the first relevant hit (– = none in the top 10).",
            "",
            losses_table(set_res, engines),
            "",
        ]
    if results.get("beir"):
        parts += beir_section(results["beir"])
    if results.get("library"):
        parts += library_section(results["library"], results["beir"]["engines"])
    parts += ["## Analysis", "", EVAL_NOTES.strip(), ""]
    md.write_text("\n".join(parts), encoding="utf-8")
    return md, png
