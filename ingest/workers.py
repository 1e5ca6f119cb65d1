"""Ingest on several cores: worker processes parse the files, then analyse and bulk-index documents.

Parsing runs first, file by file in the workers; this process keeps the first copy of each
document and gathers the alias pairs mined from the whole corpus (every document is analysed
knowing all of them, as in one process). Then each document goes to a worker, which analyses it
and bulk-indexes its passages and document record straight into the index being written. Only
this process creates indices, deletes stale documents, checks the count and swaps the aliases
(``indexer.index_documents``), so a run with workers ends in the same index as one without.

The workers are started with ``spawn``: a forked copy of a process that runs Kiwi's threads or
rich's refresh thread could inherit a lock held by a thread that does not exist in the child.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from types import TracebackType

from analyzers import Analyzer
from core.opensearch import make_client
from core.settings import get_settings
from ingest.index.indexer import IndexWriter, IngestReport, index_document
from ingest.model import Document
from ingest.pipeline import Skipped, first_copies, load_document
from ingest.readers.files import iter_paths
from ingest.readers.ocr import Ocr
from ingest.text.cleaning import TextRepair


def default_workers() -> int:
    return os.cpu_count() or 1


@dataclass
class _WorkerState:
    """What a worker process keeps between its tasks: one analyzer mends the line breaks of the files
    it parses and, taught the run's mined aliases, analyses the documents it indexes."""

    analyzer: Analyzer | None = None
    aliases_file: str = ""
    writer: IndexWriter | None = None


_STATE = _WorkerState()


def _analyzer() -> Analyzer:
    if _STATE.analyzer is None:
        _STATE.analyzer = Analyzer()
    return _STATE.analyzer


def _parse(path: Path, ocr: Ocr | None) -> Document | Skipped:
    return load_document(path, TextRepair.using(_analyzer()), ocr=ocr)


def _index(
    doc: Document,
    aliases_file: str,
    passages_index: str,
    documents_index: str,
    plan_years: dict[str, tuple[int, int]],
) -> IngestReport:
    analyzer = _analyzer()
    if _STATE.aliases_file != aliases_file:
        pairs = json.loads(Path(aliases_file).read_text(encoding="utf-8"))
        analyzer.add_aliases(tuple(p) for p in pairs)
        _STATE.aliases_file = aliases_file
    if _STATE.writer is None:
        settings = get_settings()
        _STATE.writer = IndexWriter(make_client(settings), settings)
    return index_document(
        doc,
        lambda texts: analyzer.analyze_many(texts),
        _STATE.writer,
        passages_index,
        documents_index,
        plan_years,
    )


class IngestWorkers:
    """``count`` worker processes for one ingest run; use as a context manager."""

    def __init__(self, count: int, ocr: Ocr | None = None) -> None:
        if count < 2:
            raise ValueError("IngestWorkers needs at least 2 processes; run in this one otherwise")
        self.count = count
        self.ocr = ocr
        self._pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
        self._aliases: tempfile._TemporaryFileWrapper[str] | None = None

    def __enter__(self) -> IngestWorkers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._aliases is not None:
            self._aliases.close()

    def parse(self, paths: Iterable[Path]) -> Iterator[Document | Skipped]:
        """``pipeline.load_documents`` with the files parsed in the workers, in the same order."""
        return first_copies(self._pool.map(_parse, iter_paths(paths), repeat(self.ocr)))

    def use_aliases(self, pairs: list[tuple[str, str]]) -> None:
        """The mined alias pairs every worker's analyzer must know before it indexes."""
        if self._aliases is not None:
            self._aliases.close()
        self._aliases = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the pool
            "w", encoding="utf-8", suffix=".json", prefix="kjsearch-aliases-", delete=True
        )
        json.dump(pairs, self._aliases, ensure_ascii=False)
        self._aliases.flush()

    def index(
        self,
        docs: Iterable[Document],
        passages_index: str,
        documents_index: str,
        plan_years: dict[str, tuple[int, int]],
    ) -> Iterator[tuple[Document, IngestReport]]:
        if self._aliases is None:
            self.use_aliases([])
        assert self._aliases is not None
        futures = [
            (doc, self._pool.submit(_index, doc, self._aliases.name, passages_index, documents_index, plan_years))
            for doc in docs
        ]
        try:
            for doc, future in futures:
                yield doc, future.result()
        except BaseException:
            # The caller deletes the new index next: no worker may still be writing into it.
            for _doc, future in futures:
                future.cancel()
            wait([future for _doc, future in futures])
            raise
