"""Synthetic corpora: replicated source files with shuffled paragraphs, and replicated index sources."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from opensearchpy import OpenSearch, helpers


def make_corpus(sources: list[Path], target_mb: float, out_dir: Path, seed: int = 1) -> list[Path]:
    """Write copies of ``sources`` (paragraph order shuffled per copy) until ``target_mb`` is reached.

    Each copy is new content (its own doc id, as ingest hashes the bytes) and keeps its first
    paragraph in place so the title and language detection behave as for the original.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    paragraphs = [re.split(r"\n\s*\n", p.read_text(encoding="utf-8")) for p in sources]
    written, total, copy = [], 0, 0
    while total < target_mb * 1e6:
        for src, paras in zip(sources, paragraphs, strict=True):
            body = paras[1:]
            rng.shuffle(body)
            text = "\n\n".join([paras[0], *body, f"(synthetic copy {copy})"])
            path = out_dir / f"{copy:05d}_{src.name}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
            total += len(text.encode("utf-8"))
            if total >= target_mb * 1e6:
                break
        copy += 1
    return written


def index_sources(client: OpenSearch, index: str) -> list[dict]:
    """Every document's ``_source`` in ``index`` (complete only where the mapping keeps every field)."""
    sources = [h["_source"] for h in helpers.scan(client, index=index, query={"query": {"match_all": {}}})]
    if not sources:
        raise RuntimeError(f"{index} is empty")
    return sources


def replicated_actions(sources: list[dict], target_index: str, n: int, id_field: str = "id") -> Iterator[dict]:
    """``n`` bulk actions copying ``sources`` round-robin with new ids."""
    for i in range(n):
        src = dict(sources[i % len(sources)])
        new_id = f"{src[id_field]}-r{i // len(sources)}"
        src[id_field] = new_id
        yield {"_index": target_index, "_id": new_id, "_source": src}


def bulk_replicate(
    client: OpenSearch, sources: list[dict], target_index: str, n: int, threads: int = 2, chunk_size: int = 500
) -> int:
    failures, first = 0, None
    for ok, item in helpers.parallel_bulk(
        client,
        replicated_actions(sources, target_index, n),
        thread_count=threads,
        chunk_size=chunk_size,
        max_chunk_bytes=30 * 1024 * 1024,
        raise_on_error=False,
        raise_on_exception=False,
        request_timeout=300,
    ):
        if not ok:
            failures += 1
            first = first or item
    if failures:
        raise RuntimeError(f"{failures} replicated documents failed; first: {str(first)[:500]}")
    client.indices.put_settings(index=target_index, body={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=target_index)
    return int(client.count(index=target_index)["count"])
