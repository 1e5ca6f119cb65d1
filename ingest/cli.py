"""Command line of the ingest stage (see ``python -m ingest --help``)."""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from analyzers import Analyzer
from analyzers.tokens import Token
from core.opensearch import make_client
from core.settings import get_settings
from ingest.index.indexer import IndexingError, IndexWriter, IngestReport, index_documents
from ingest.model import Document
from ingest.pipeline import Skipped
from ingest.readers.files import iter_paths, page_ranges
from ingest.readers.ocr import Ocr, OcrUnavailable, find_ocr
from ingest.run import collect_documents, mined_aliases, plan_year_ranges, prepare_analyzer
from ingest.text.cleaning import TextRepair
from ingest.workers import IngestWorkers, default_workers
from node import NodeError, ensure_node, node_status
from node.distribution import DistributionError
from node.jdk import JdkNotFound

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2, 3
console = Console(stderr=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    p.add_argument(
        "paths", nargs="+", type=Path, help="report files or directories (.txt .md .pdf .hwp .hwpx)"
    )
    p.add_argument("--rebuild", action="store_true", help="write fresh indices and swap the aliases")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    p.add_argument(
        "--ocr",
        action="store_true",
        help="read PDF pages that have no text layer (scans) with Tesseract (`make ocr` installs it)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        metavar="N",
        help="processes that parse, analyse and bulk-index in parallel (default: the machine's cores, "
        f"{default_workers()}); 1 does everything in this process",
    )
    return p


def scan_report(docs: list[Document], skipped: list[Skipped]) -> tuple[list[dict], list[dict], str | None]:
    """The summary's scanned pages: (left unread, read by OCR, how to read the unread ones)."""
    unread = [{"path": d.source, "pages": d.scan_pages} for d in docs if d.scan_pages]
    unread += [{"path": str(s.path), "pages": list(s.scan_pages)} for s in skipped if s.scan_pages]
    read = [{"path": d.source, "pages": d.ocr_pages} for d in docs if d.ocr_pages]
    hint = None
    if unread:
        pages = sum(len(u["pages"]) for u in unread)
        hint = (
            f"{pages} page{'s' if pages > 1 else ''} in {len(unread)} file{'s' if len(unread) > 1 else ''} "
            "have no text layer (scans) and were not read: run the ingest again with --ocr to read them "
            "with Tesseract (`make ocr` installs it)"
        )
    return unread, read, hint


def stats() -> int:
    settings = get_settings()
    client = make_client(settings)
    writer = IndexWriter(client, settings)
    try:
        index = writer.aliased_index(settings.passages_alias)
        if index is None:
            console.print(f"No index behind alias {settings.passages_alias}; run an ingest first.")
            return EXIT_FAILED
        passages = client.count(index=settings.passages_alias)["count"]
        documents = client.count(index=settings.documents_alias)["count"]
        size = client.indices.stats(index=index, metric="store")["_all"]["primaries"]["store"][
            "size_in_bytes"
        ]
    except OSConnectionError as exc:
        console.print(f"[red]OpenSearch at {settings.effective_url} is unreachable: {exc}")
        return EXIT_UNREACHABLE
    print(
        json.dumps(
            {
                "alias": settings.passages_alias,
                "index": index,
                "documents": documents,
                "passages": passages,
                "store_bytes": size,
                "pipeline": writer.live_fingerprint(),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return EXIT_OK


def start_local_node() -> bool:
    """With no OPENSEARCH_URL, the local node, started as ``make run`` starts it when it is not running
    (and left running for the API); False when it cannot be."""
    settings = get_settings()
    if settings.opensearch_url or node_status(settings).running:
        return True  # an OpenSearch that answers on the node's port is used as it is, whoever started it
    try:
        url, started = ensure_node(settings)
    except (NodeError, DistributionError, JdkNotFound) as exc:
        console.print(f"[red]the local OpenSearch node did not start[/]: {escape(str(exc))}. Nothing was indexed.")
        return False
    if started:
        console.print(f"started the local OpenSearch node at {url} (it keeps running; `make node-stop` stops it)")
    return True


def run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        console.print(f"[red]--workers must be at least 1[/] (got {args.workers}). Nothing was indexed.")
        return EXIT_FAILED
    try:
        ocr: Ocr | None = find_ocr() if args.ocr else None
    except OcrUnavailable as exc:
        console.print(f"[red]OCR is not available[/]: {escape(str(exc))}. Nothing was indexed.")
        return EXIT_FAILED
    if not start_local_node():
        return EXIT_UNREACHABLE
    # No more processes than files: each process loads the analyzers' models (about 5 s, 600 MiB).
    count = min(args.workers, sum(1 for _ in iter_paths(args.paths)))
    if count < 2:
        return ingest(args, ocr, None)
    try:
        with IngestWorkers(count, ocr) as workers:
            return ingest(args, ocr, workers)
    except BrokenProcessPool as exc:
        # A worker killed from outside, or out of memory: each holds the models (about 600 MiB).
        console.print(
            f"[red]an ingest worker process died[/] ({escape(str(exc))}). Nothing was swapped; the previous "
            "index (if any) still serves searches. Run again, with fewer --workers if memory is short."
        )
        return EXIT_FAILED


def ingest(args: argparse.Namespace, ocr: Ocr | None, workers: IngestWorkers | None) -> int:
    settings = get_settings()
    started = time.perf_counter()
    analyzer = Analyzer()  # this run's: repairs line breaks, then learns the mined aliases
    docs, skipped = collect_documents(args.paths, TextRepair.using(analyzer), console, ocr, workers)
    parse_s = time.perf_counter() - started
    _print_skipped(skipped)
    writer = IndexWriter(make_client(settings), settings)
    if workers:
        workers.use_aliases(mined_aliases(docs))
        analyze = None  # the workers analyse; this process needs no models
    else:
        analyzer = prepare_analyzer(docs, analyzer)

        def analyze(texts: list[str]) -> list[list[Token]]:
            return analyzer.analyze_many(texts)

    try:
        report = _index_with_progress(writer, docs, analyze, args.rebuild, workers)
    except OSConnectionError as exc:
        console.print(
            f"[red]OpenSearch at {settings.effective_url} is unreachable[/]: {exc}. "
            "Nothing was swapped; the previous index (if any) still serves searches."
        )
        return EXIT_UNREACHABLE
    except (IndexingError, TransportError) as exc:
        console.print(
            f"[red]indexing failed[/]: {exc}. The aliases still point at the previous complete index."
        )
        return EXIT_FAILED
    summary = ingest_summary(report, docs, skipped, parse_s, workers.count if workers else 1)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        console.print(summary_table(summary))
    if "hint" in summary:
        console.print(f"[yellow]scanned pages[/]: {escape(summary['hint'])}")
    _warn_outside_library(docs, settings.library_dirs)
    return EXIT_SKIPPED if any(s.is_error for s in skipped) else EXIT_OK


def _warn_outside_library(docs: list[Document], roots: Sequence[Path]) -> None:
    outside = [d.source for d in docs if d.file and d.file.library_path is None]
    if outside:
        console.print(
            f"[yellow]outside the library[/]: {len(outside)} file{'s' if len(outside) > 1 else ''} (first: "
            f"{escape(outside[0])}) lie outside KJSEARCH_LIBRARY_ROOTS ({escape(', '.join(map(str, roots)))}); "
            "the API serves their originals only where their absolute path lies inside one of its roots"
        )


def _print_skipped(skipped: list[Skipped]) -> None:
    for s in skipped:
        if s.is_error:
            console.print(f"[yellow]skipped[/] {s.path}: {s.reason}")
        else:
            console.print(f"{s.path} is the same file as {s.duplicate_of}; indexed once")


def _index_with_progress(
    writer: IndexWriter,
    docs: list[Document],
    analyze: Callable[[list[str]], list[list[Token]]] | None,
    rebuild: bool,
    workers: IngestWorkers | None,
) -> IngestReport:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("indexing", total=len(docs))
        report = index_documents(
            writer,
            docs,
            analyze,
            plan_year_ranges(),
            rebuild=rebuild,
            on_document=lambda _d: progress.advance(task),
            workers=workers,
        )
        progress.update(task, completed=len(docs))
    return report


def ingest_summary(
    report: IngestReport, docs: list[Document], skipped: list[Skipped], parse_s: float, workers: int
) -> dict:
    """What one run did, as ``--json`` prints it."""
    summary: dict = {
        "index": report.index,
        "documents": report.documents,
        "passages": report.passages,
        "terms": report.terms,
        "unchanged": report.skipped_unchanged,
        "replaced": report.replaced,
        "skipped_files": [{"path": str(s.path), "reason": s.reason} for s in skipped if s.is_error],
        "duplicates": [{"path": str(s.path), "same_as": s.duplicate_of} for s in skipped if not s.is_error],
        "failures": len(report.failures),
        # parse: wall time; analysis and bulk: summed over the processes that did them
        "seconds": {k: round(v, 2) for k, v in {"parse": parse_s, **report.seconds}.items()},
        "workers": workers,
    }
    unread, read, hint = scan_report(docs, skipped)
    summary["scan_pages"] = unread  # pages with no text layer, not read (no --ocr)
    summary["ocr_pages"] = read
    if hint:
        summary["hint"] = hint
    return summary


def summary_table(summary: dict) -> Table:
    """The summary for a person: lists as counts, scanned and OCR'd pages by file."""
    table = Table(title="ingest summary", show_header=False)
    pages = {
        key: "\n".join(f"{item['path']}: {page_ranges(item['pages'])}" for item in items)
        for key, items in (("scan_pages", summary["scan_pages"]), ("ocr_pages", summary["ocr_pages"]))
        if items
    }
    for key, value in summary.items():
        if key in pages:
            table.add_row(key, escape(pages[key]))
        elif key != "hint":
            table.add_row(key, str(len(value)) if isinstance(value, list) else str(value))
    return table


def main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("opensearch").setLevel(logging.ERROR)  # expected 404s while probing aliases
    if list(argv[:1]) == ["stats"]:
        return stats()
    return run(_parser().parse_args(argv))
