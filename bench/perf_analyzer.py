"""Analyzer benchmarks: index-mode MB/s vs bare Kiwi / bare Sudachi, query latency, load time and RSS."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

from analyzers import Analyzer, load_glossary
from bench.machine import rss_mib
from bench.stats import percentiles


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def bare_kiwi_seconds(texts: list[str], rounds: int) -> float:
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=-1)  # the same worker setting as our KoreanAnalyzer
    kiwi.tokenize("워밍업")
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _tokens in kiwi.tokenize(texts):
            pass
        best = min(best, time.perf_counter() - t0)
    return best


def bare_sudachi_seconds(texts: list[str], rounds: int) -> float:
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary().tokenizer(mode=SplitMode.C)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            for start in range(0, len(text), 4000):  # Sudachi rejects very long inputs; ours chunks too
                tokenizer.tokenize(text[start : start + 4000])
        best = min(best, time.perf_counter() - t0)
    return best


def ours_seconds(analyzer: Analyzer, texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        analyzer.analyze_many(texts, "index")
        best = min(best, time.perf_counter() - t0)
    return best


def query_samples(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """Substrings of 2-20 characters cut from the passages at word starts (not in any query cache)."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        text = rng.choice(texts)
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
        start = rng.choice(starts)
        length = rng.randint(2, 20)
        sample = text[start : start + length].strip()
        if len(sample) >= 2 and sample not in out:
            out.append(sample)
    return out


def query_latency(analyzer: Analyzer, queries: list[str], warmup: int = 50) -> dict:
    for q in queries[:warmup]:
        analyzer.analyze("워밍업 " + q, "query")
    lat = []
    for q in queries:
        t0 = time.perf_counter()
        analyzer.analyze(q, "query")  # each sample is new, so the query cache does not help
        lat.append((time.perf_counter() - t0) * 1000)
    return {"n": len(lat), **percentiles(lat)}


def load_probe() -> dict:
    """In a fresh process: load both models and report time and RSS."""
    before = rss_mib()
    t0 = time.perf_counter()
    analyzer = Analyzer(load_glossary())
    analyzer.analyze("문부과학성이 발표했다", "query")
    analyzer.analyze("文部科学省が発表した", "query")
    seconds = time.perf_counter() - t0
    return {"load_s": seconds, "rss_before_mib": before, "rss_mib": rss_mib()}


def run_load_probe() -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.perf_analyzer"], capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(passages: list[tuple[str, str]], rounds: int = 2, n_queries: int = 500) -> dict:
    """``passages`` are (lang, text); Korean goes to bare Kiwi, Japanese to bare Sudachi."""
    ko = [t for lang, t in passages if lang == "ko"]
    ja = [t for lang, t in passages if lang == "ja"]
    texts = ko + ja
    analyzer = Analyzer(load_glossary())
    analyzer.analyze_many(texts[:20], "index")  # warm-up: models loaded
    t_ours = ours_seconds(analyzer, texts, rounds)
    t_ours_ko = ours_seconds(analyzer, ko, rounds)
    t_ours_ja = ours_seconds(analyzer, ja, rounds)
    t_kiwi = bare_kiwi_seconds(ko, rounds)
    t_sudachi = bare_sudachi_seconds(ja, rounds)
    bare = t_kiwi + t_sudachi
    return {
        "mb": _mb(texts),
        "mb_ko": _mb(ko),
        "mb_ja": _mb(ja),
        "passages": len(texts),
        "ours_s": t_ours,
        "ours_ko_s": t_ours_ko,
        "ours_ja_s": t_ours_ja,
        "kiwi_s": t_kiwi,
        "sudachi_s": t_sudachi,
        "ours_mb_s": _mb(texts) / t_ours,
        "bare_mb_s": _mb(texts) / bare,
        "ours_ko_mb_s": _mb(ko) / t_ours_ko,
        "kiwi_mb_s": _mb(ko) / t_kiwi,
        "ours_ja_mb_s": _mb(ja) / t_ours_ja,
        "sudachi_mb_s": _mb(ja) / t_sudachi,
        "overhead": t_ours / bare - 1,
        "query": query_latency(analyzer, query_samples(texts, n_queries)),
        "load": run_load_probe(),
    }


if __name__ == "__main__":
    print(json.dumps(load_probe()))
