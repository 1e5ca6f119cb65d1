"""Glue between parsing and indexing: collect documents, prime the analyzer with mined aliases."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from analyzers import Analyzer, default_analyzer
from analyzers.parallel import AnalyzerPool
from ingest.indexer import Analyze
from ingest.metadata import load_plans
from ingest.model import Document
from ingest.pipeline import Skipped, load_documents

# Below this much passage text a pool costs more (each worker loads its models, ~4 s) than it saves.
POOL_MIN_CHARS = 5_000_000


def collect_documents(
    paths: Iterable[Path], console: Console | None = None
) -> tuple[list[Document], list[Skipped]]:
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in load_documents(list(paths)):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            docs.append(item)
            if console:
                console.print(f"parsed {item.source}: {len(item.passages)} passages", highlight=False)
    return docs, skipped


def mined_pairs(docs: Iterable[Document]) -> list[tuple[str, str]]:
    """The ``한글(原語)`` alias pairs mined while parsing ``docs``."""
    return [(a.korean, a.original) for d in docs for a in d.aliases]


def prepare_analyzer(docs: Iterable[Document]) -> Analyzer:
    """The analyzer for indexing, knowing the glossary and every alias pair mined from this corpus.

    It is the process-wide one that parsing already loaded for line-break repair, so an ingest
    run loads Kiwi once, not twice.
    """
    analyzer = default_analyzer()
    analyzer.add_aliases(mined_pairs(docs))
    return analyzer


def analysis_processes(setting: int, docs: Iterable[Document]) -> int:
    """How many processes analyse: ``setting`` if given, else one per core for a large corpus."""
    if setting:
        return setting
    chars = sum(len(p.text) for d in docs for p in d.passages)
    return max(1, os.cpu_count() or 1) if chars >= POOL_MIN_CHARS else 1


@contextmanager
def index_analysis(docs: list[Document], processes: int = 1) -> Iterator[Analyze]:
    """The index-mode analysis for ``docs``: in this process, or on ``processes`` processes (this one
    and workers). Both give the same tokens (the glossary plus the aliases mined from ``docs``).
    """
    analyzer = prepare_analyzer(docs)
    if processes <= 1:
        yield lambda texts: analyzer.analyze_many(texts, "index")
        return
    with AnalyzerPool(analyzer, processes) as pool:
        pool.warm_up()
        yield pool.analyze_many


def plan_year_ranges() -> dict[str, tuple[int, int]]:
    return {p.id: (p.start, p.end) for p in load_plans() if p.start is not None and p.end is not None}
