"""Glue between parsing and indexing: collect documents, prime the analyzer with mined aliases."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console

from analyzers import Analyzer, default_analyzer
from ingest.metadata import load_plans
from ingest.model import Document
from ingest.ocr import Ocr
from ingest.pipeline import Skipped, load_documents
from ingest.reading import page_list


def collect_documents(
    paths: Iterable[Path], console: Console | None = None, ocr: Ocr | None = None
) -> tuple[list[Document], list[Skipped]]:
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in load_documents(list(paths), ocr=ocr):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            docs.append(item)
            if console:
                read = f" (OCR: {page_list(item.ocr_pages)})" if item.ocr_pages else ""
                console.print(f"parsed {item.source}: {len(item.passages)} passages{read}", highlight=False)
    return docs, skipped


def prepare_analyzer(docs: Iterable[Document]) -> Analyzer:
    """The analyzer for indexing, knowing the glossary and every alias pair mined from this corpus.

    It is the process-wide one that parsing already loaded for line-break repair, so an ingest
    run loads Kiwi once, not twice.
    """
    analyzer = default_analyzer()
    analyzer.add_aliases((a.korean, a.original) for d in docs for a in d.aliases)
    return analyzer


def plan_year_ranges() -> dict[str, tuple[int, int]]:
    return {p.id: (p.start, p.end) for p in load_plans() if p.start is not None and p.end is not None}
