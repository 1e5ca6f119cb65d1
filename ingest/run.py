"""Glue between parsing and indexing: collect documents, prime the analyzer with mined aliases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console

from analyzers import Analyzer
from analyzers.terms import key
from ingest.model import Document
from ingest.pipeline import Skipped, load_documents
from ingest.readers.files import page_list
from ingest.readers.ocr import Ocr
from ingest.tables import load_plans
from ingest.text.cleaning import TextRepair
from ingest.workers import IngestWorkers


def collect_documents(
    paths: Iterable[Path],
    repair: TextRepair,
    console: Console | None = None,
    ocr: Ocr | None = None,
    workers: IngestWorkers | None = None,
) -> tuple[list[Document], list[Skipped]]:
    """Every document under ``paths``, parsed here (line breaks mended by ``repair``) or in
    ``workers`` (each with its own analyzer), and the files skipped."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    items = workers.parse(list(paths)) if workers else load_documents(list(paths), repair, ocr=ocr)
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            docs.append(item)
            if console:
                read = f" (OCR: {page_list(item.ocr_pages)})" if item.ocr_pages else ""
                if item.respaced_pages:
                    read += f" (written without spaces, put back from the word gaps: {page_list(item.respaced_pages)})"
                console.print(f"parsed {item.source}: {len(item.passages)} passages{read}", highlight=False)
    return docs, skipped


def prepare_analyzer(docs: Iterable[Document], analyzer: Analyzer | None = None) -> Analyzer:
    """The analyzer for indexing: ``analyzer`` (a new one when None) taught the glossary and every
    alias pair mined from this corpus.

    Never the process-wide one, so what one run mined does not leak into the next. The CLI passes
    the analyzer it made for this run's line-break repair, so an ingest run loads Kiwi once.
    """
    analyzer = analyzer if analyzer is not None else Analyzer()
    analyzer.add_aliases(mined_aliases(docs))
    return analyzer


def mined_aliases(docs: Iterable[Document]) -> list[tuple[str, str]]:
    """The (Korean, original) spelling pairs that the documents define, e.g. 문부과학성(文部科学省),
    most frequent first.

    An original glossed several ways keeps the Korean spellings given at least half as often as its
    usual one: a report that writes 부기(簿記) fifty times and, once, a stray word before "(簿記)"
    keeps only 부기.
    """
    counts = Counter((a.korean, a.original) for d in docs for a in d.aliases)
    usual: dict[str, int] = {}
    for (_korean, original), n in counts.items():
        usual[key(original)] = max(usual.get(key(original), 0), n)
    return [pair for pair, n in counts.most_common() if 2 * n >= usual[key(pair[1])]]


def plan_year_ranges() -> dict[str, tuple[int, int]]:
    return {p.id: (p.start, p.end) for p in load_plans() if p.start is not None and p.end is not None}
