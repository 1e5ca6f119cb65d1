"""Command line of the ingest stage (see ``python -m ingest --help``)."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.opensearch import make_client
from core.settings import get_settings
from ingest.indexer import IndexingError, IndexWriter, index_documents
from ingest.run import collect_documents, plan_year_ranges, prepare_analyzer

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2, 3
console = Console(stderr=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    p.add_argument(
        "paths", nargs="+", type=Path, help="report files or directories (.txt .md .pdf .hwp .hwpx)"
    )
    p.add_argument("--rebuild", action="store_true", help="write fresh indices and swap the aliases")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    return p


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


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    docs, skipped = collect_documents(args.paths, console)
    for s in skipped:
        if s.is_error:
            console.print(f"[yellow]skipped[/] {s.path}: {s.reason}")
        else:
            console.print(f"{s.path} is the same file as {s.duplicate_of}; indexed once")
    client = make_client(settings)
    writer = IndexWriter(client, settings)
    analyzer = prepare_analyzer(docs)
    try:
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
                lambda texts: analyzer.analyze_many(texts, "index"),
                plan_year_ranges(),
                rebuild=args.rebuild,
                on_document=lambda _d: progress.advance(task),
            )
            progress.update(task, completed=len(docs))
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
    summary = {
        "index": report.index,
        "documents": report.documents,
        "passages": report.passages,
        "terms": report.terms,
        "unchanged": report.skipped_unchanged,
        "replaced": report.replaced,
        "skipped_files": [{"path": str(s.path), "reason": s.reason} for s in skipped if s.is_error],
        "duplicates": [{"path": str(s.path), "same_as": s.duplicate_of} for s in skipped if not s.is_error],
        "failures": len(report.failures),
        "seconds": {k: round(v, 2) for k, v in report.seconds.items()},
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        table = Table(title="ingest summary", show_header=False)
        for key, value in summary.items():
            table.add_row(key, str(len(value)) if isinstance(value, list) else str(value))
        console.print(table)
    return EXIT_SKIPPED if any(s.is_error for s in skipped) else EXIT_OK


def main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("opensearch").setLevel(logging.ERROR)  # expected 404s while probing aliases
    if list(argv[:1]) == ["stats"]:
        return stats()
    return run(_parser().parse_args(argv))
