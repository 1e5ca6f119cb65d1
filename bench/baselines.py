"""Baseline indices over the very same passage texts: standard, cjk, and nori + kuromoji.

Each baseline is an index definition plus the query body a careful engineer would send for it.
Only ``id``, ``doc_id`` and ``text`` are stored; the engine does all analysis itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from opensearchpy import OpenSearch, helpers

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"}

NORI_KUROMOJI_ANALYSIS = {
    "tokenizer": {
        "ko_nori": {"type": "nori_tokenizer", "decompound_mode": "mixed"},
        "ja_kuromoji": {"type": "kuromoji_tokenizer", "mode": "search"},
    },
    "analyzer": {
        "ko": {"type": "custom", "tokenizer": "ko_nori", "filter": ["nori_part_of_speech", "lowercase"]},
        # The chain of Lucene's JapaneseAnalyzer (the built-in "kuromoji" analyzer) in search mode.
        "ja": {
            "type": "custom",
            "tokenizer": "ja_kuromoji",
            "filter": [
                "kuromoji_baseform",
                "kuromoji_part_of_speech",
                "cjk_width",
                "ja_stop",
                "kuromoji_stemmer",
                "lowercase",
            ],
        },
    },
}


@dataclass(frozen=True)
class Baseline:
    name: str
    label: str
    needs_plugins: bool
    analysis: dict
    text_mapping: dict
    query: Callable[[str, int], dict]

    def index_body(self) -> dict:
        settings: dict = {"index": dict(INDEX_SETTINGS)}
        if self.analysis:
            settings["analysis"] = self.analysis
        return {
            "settings": settings,
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "id": {"type": "keyword"},
                    "doc_id": {"type": "keyword"},
                    "text": self.text_mapping,
                },
            },
        }


def _match(q: str, size: int) -> dict:
    return {"size": size, "query": {"match": {"text": q}}}


def _multi(q: str, size: int) -> dict:
    return {
        "size": size,
        "query": {"multi_match": {"query": q, "type": "best_fields", "fields": ["text.ko", "text.ja"]}},
    }


BASELINES: tuple[Baseline, ...] = (
    Baseline("standard", "OpenSearch standard", False, {}, {"type": "text", "analyzer": "standard"}, _match),
    Baseline("cjk", "OpenSearch cjk (bigrams)", False, {}, {"type": "text", "analyzer": "cjk"}, _match),
    Baseline(
        "nori_kuromoji",
        "nori + kuromoji",
        True,
        NORI_KUROMOJI_ANALYSIS,
        {
            "type": "text",
            "analyzer": "standard",
            "fields": {"ko": {"type": "text", "analyzer": "ko"}, "ja": {"type": "text", "analyzer": "ja"}},
        },
        _multi,
    ),
)


def baseline(name: str) -> Baseline:
    return next(b for b in BASELINES if b.name == name)


def create_index(client: OpenSearch, index: str, spec: Baseline) -> None:
    client.indices.delete(index=index, ignore_unavailable=True)
    client.indices.create(index=index, body=spec.index_body())


def passage_actions(index: str, passages: Iterable[tuple[str, str, str]]) -> Iterator[dict]:
    for pid, doc_id, text in passages:
        yield {"_index": index, "_id": pid, "_source": {"id": pid, "doc_id": doc_id, "text": text}}


def load_passages(
    client: OpenSearch,
    index: str,
    passages: Iterable[tuple[str, str, str]],
    chunk_size: int = 500,
    threads: int = 2,
) -> int:
    """Bulk (id, doc_id, text) rows into ``index``, refresh, and return the document count."""
    failures = 0
    for ok, _item in helpers.parallel_bulk(
        client,
        passage_actions(index, passages),
        thread_count=threads,
        chunk_size=chunk_size,
        max_chunk_bytes=20 * 1024 * 1024,
        raise_on_error=False,
        raise_on_exception=False,
    ):
        failures += 0 if ok else 1
    if failures:
        raise RuntimeError(f"{failures} passages failed to index into {index}")
    client.indices.put_settings(index=index, body={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=index)
    return int(client.count(index=index)["count"])
