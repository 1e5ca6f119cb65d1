"""Write analyzed passages into OpenSearch: versioned indices, atomic alias swaps.

A rebuild writes every document into fresh indices and only then moves both
aliases in one ``_aliases`` call, so searches never see a half-built index. An
incremental run writes into the live indices, a document's passages first and its
document record last, so a crash leaves nothing that a re-run does not repair.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import NotFoundError

from analyzers.tokens import Token
from core.settings import PROJECT_ROOT, Settings
from ingest.index.fields import analyzed_fields, stack_terms
from ingest.model import Document, Passage, Section

MAPPINGS_DIR = PROJECT_ROOT / "index_mappings"
# Everything that changes what lands in the index; a change forces a rebuild.
PIPELINE_SOURCES = ("analyzers", "ingest", "index_mappings")


class IndexingError(RuntimeError):
    """Indexing failed; the aliases still point at the previous complete indices."""


def load_mapping(name: str) -> dict:
    return json.loads((MAPPINGS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def pipeline_fingerprint() -> str:
    """Hash of the analysis and ingest code and data, stored in the index's _meta."""
    digest = hashlib.sha256()
    for top in PIPELINE_SOURCES:
        for path in sorted((PROJECT_ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".tsv", ".json", ".toml", ".txt"}:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class IngestReport:
    documents: int = 0
    passages: int = 0
    terms: int = 0
    skipped_unchanged: int = 0
    replaced: int = 0
    failures: list[str] = field(default_factory=list)
    index: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def add(self, one: IngestReport) -> None:
        """Count in what indexing one document (``index_document``) did."""
        self.documents += one.documents
        self.passages += one.passages
        self.terms += one.terms
        self.failures += one.failures
        for stage, seconds in one.seconds.items():
            self.add_time(stage, seconds)


def outline_json(sections: list[Section]) -> list[dict]:
    return [
        {
            "title": s.title,
            "level": s.level,
            "passage_ids": s.passage_ids,
            "children": outline_json(s.children),
        }
        for s in sections
    ]


def heading_texts(doc: Document) -> list[str]:
    """The distinct title and section titles of a document, each analyzed once for all the
    passages that carry it (a section's passages share its breadcrumb, every passage the title)."""
    texts = [doc.title, *(title for p in doc.passages for title in p.breadcrumb)]
    return [t for t in dict.fromkeys(texts) if t.strip()]


def stacked_headings(texts: list[str], tokens: list[list[Token]]) -> dict[str, str]:
    """text → its stacked field value (all terms, as in ``all``), for ``passage_source``."""
    return {text: stack_terms(toks) for text, toks in zip(texts, tokens, strict=True)}


def stacked_section(breadcrumb: list[str], headings: Mapping[str, str]) -> str:
    """The breadcrumb's titles, each analyzed on its own, one after the other: stacked values
    are whitespace-separated positions, so they concatenate (and no line-break repair of the
    analyzer can glue the last word of one title to the first of the next)."""
    return " ".join(v for v in (headings.get(t, "") for t in breadcrumb) if v)


def passage_source(
    passage: Passage,
    doc: Document,
    tokens: list[Token],
    plan_years: dict[str, tuple[int, int]],
    headings: Mapping[str, str],
) -> dict:
    """The indexed passage; ``headings`` maps the document's title and section titles to their
    stacked terms (see ``stacked_headings``)."""
    ranges = [
        {"gte": plan_years[p][0], "lte": plan_years[p][1]} for p in passage.plan_periods if p in plan_years
    ]
    return {
        "id": passage.id,
        "doc_id": passage.doc_id,
        "ordinal": passage.ordinal,
        "doc_title": doc.title,
        "source": doc.source,
        "section": passage.section,
        "breadcrumb": passage.breadcrumb,
        "kind": passage.kind,
        "page": passage.page,
        "prev_id": passage.prev_id,
        "next_id": passage.next_id,
        "start": passage.start,
        "end": passage.end,
        "lang": passage.lang,
        "org": doc.institution,
        "published": doc.published,
        "ministries": passage.ministries,
        "plan_periods": passage.plan_periods,
        "plan_years": ranges,
        "years": passage.years,
        "topics": passage.topics,
        "ocr": passage.ocr,
        "text": passage.text,
        **analyzed_fields(tokens),
        # The title and the section path are searched too: a heading has no passage of its own
        # when its section has text, and a title line is left out of the passages.
        "title_all": headings.get(doc.title, ""),
        "section_all": stacked_section(passage.breadcrumb, headings),
    }


def document_source(doc: Document) -> dict:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "lang": doc.lang,
        "org": doc.institution,
        "published": doc.published,
        "page_count": doc.page_count,
        "ocr_pages": doc.ocr_pages,
        "scan_pages": doc.scan_pages,
        "respaced_pages": doc.respaced_pages,
        "passage_count": len(doc.passages),
        "ministries": doc.ministries,
        "plan_periods": doc.plan_periods,
        "years": doc.years,
        "topics": doc.topics,
        "subject_country": doc.subject_country,
        "aliases": [[a.korean, a.original] for a in doc.aliases],
        "citations": [{"issuer": c.issuer, "date": c.date, "title": c.title} for c in doc.citations],
        "outline": outline_json(doc.outline),
        "file": asdict(doc.file) if doc.file else None,
    }


Analyze = Callable[[list[str]], list[list[Token]]]


class IndexWriter:
    """Owns the versioned indices behind the two aliases."""

    def __init__(self, client: OpenSearch, settings: Settings) -> None:
        self.client = client
        self.passages_alias = settings.passages_alias
        self.documents_alias = settings.documents_alias
        self.shards = settings.index_shards
        self.replicas = settings.index_replicas

    # -- index lifecycle -------------------------------------------------------------
    def aliased_index(self, alias: str) -> str | None:
        try:
            found = self.client.indices.get_alias(name=alias)
        except NotFoundError:
            return None
        return next(iter(found), None)

    def live_fingerprint(self) -> str | None:
        index = self.aliased_index(self.passages_alias)
        if index is None:
            return None
        mapping = self.client.indices.get_mapping(index=index)
        return mapping[index]["mappings"].get("_meta", {}).get("pipeline")

    def create_versioned(self, fingerprint: str) -> tuple[str, str]:
        version = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        names = (f"{self.passages_alias}-{version}", f"{self.documents_alias}-{version}")
        for name, schema in zip(names, ("passages", "documents"), strict=True):
            body = load_mapping(schema)
            body["mappings"]["_meta"]["pipeline"] = fingerprint
            body["settings"]["index"]["number_of_shards"] = self.shards
            body["settings"]["index"]["number_of_replicas"] = self.replicas
            # Bulk loading is faster with refresh off; it is turned back on before the swap.
            body["settings"]["index"]["refresh_interval"] = "-1"
            self.client.indices.create(index=name, body=body)
        return names

    def orphans(self) -> list[str]:
        """Versioned indices that no alias points at: left over from a failed or killed run."""
        live = {self.aliased_index(self.passages_alias), self.aliased_index(self.documents_alias)}
        found: list[str] = []
        for alias in (self.passages_alias, self.documents_alias):
            try:
                names = self.client.indices.get(index=f"{alias}-*", expand_wildcards="open,closed")
            except NotFoundError:
                continue
            found.extend(n for n in names if n not in live and n[len(alias) + 1 :].isdigit())
        return sorted(found)

    def delete_indices(self, names: Iterable[str]) -> None:
        for name in names:
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def swap(self, passages_index: str, documents_index: str) -> list[str]:
        """Point both aliases at the new indices in one atomic request; return the old indices."""
        old = [
            i
            for i in (self.aliased_index(self.passages_alias), self.aliased_index(self.documents_alias))
            if i
        ]
        actions: list[dict] = [
            {"remove": {"index": i, "alias": a}}
            for i, a in zip(old, (self.passages_alias, self.documents_alias), strict=False)
        ]
        actions += [
            {"add": {"index": passages_index, "alias": self.passages_alias}},
            {"add": {"index": documents_index, "alias": self.documents_alias}},
        ]
        self.client.indices.update_aliases(body={"actions": actions})
        return old

    def finish_bulk_load(self, *names: str) -> None:
        for name in names:
            self.client.indices.put_settings(index=name, body={"index": {"refresh_interval": "1s"}})
            self.client.indices.refresh(index=name)

    def refresh(self, *names: str) -> None:
        for name in names:
            self.client.indices.refresh(index=name)

    def passage_count(self, index: str) -> int:
        return int(self.client.count(index=index)["count"])

    def delete_document(self, doc_id: str, passages_index: str, documents_index: str) -> None:
        """A document's passages and its record (a changed file goes before its new version arrives)."""
        self.client.delete_by_query(
            index=passages_index, body={"query": {"term": {"doc_id": doc_id}}}, refresh=True, conflicts="proceed"
        )
        self.client.delete(index=documents_index, id=doc_id, ignore=[404])

    # -- writing -----------------------------------------------------------------------
    def existing_documents(self) -> dict[str, str]:
        """doc_id → source of every document record in the live documents index."""
        if self.aliased_index(self.documents_alias) is None:
            return {}
        # A document written just before a crash may not be visible yet; it must count as present.
        self.client.indices.refresh(index=self.documents_alias)
        found: dict[str, str] = {}
        for hit in helpers.scan(
            self.client,
            index=self.documents_alias,
            _source=["doc_id", "source"],
            query={"query": {"match_all": {}}},
        ):
            found[hit["_source"]["doc_id"]] = hit["_source"]["source"]
        return found

    def unread_scans(self) -> set[str]:
        """doc_ids of the live documents whose scanned pages were left unread (no ``--ocr``)."""
        if self.aliased_index(self.documents_alias) is None:
            return set()
        hits = helpers.scan(
            self.client,
            index=self.documents_alias,
            _source=["doc_id"],
            query={"query": {"exists": {"field": "scan_pages"}}},
        )
        return {hit["_source"]["doc_id"] for hit in hits}

    def bulk(self, actions: Iterator[dict], report: IngestReport) -> int:
        ok = 0
        for success, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=500,
            max_chunk_bytes=20 * 1024 * 1024,
            raise_on_error=False,
            raise_on_exception=False,
            max_retries=2,
        ):
            if success:
                ok += 1
            else:
                op = next(iter(item.values()))
                report.failures.append(
                    f"{op.get('_id')}: {json.dumps(op.get('error'), ensure_ascii=False)[:300]}"
                )
        return ok


def passage_actions(
    passages: Sequence[Passage],
    doc: Document,
    tokens: list[list[Token]],
    headings: Mapping[str, str],
    passages_index: str,
    plan_years: dict[str, tuple[int, int]],
    report: IngestReport,
) -> Iterator[dict]:
    for passage, toks in zip(passages, tokens, strict=True):
        report.terms += len(toks)
        yield {
            "_index": passages_index,
            "_id": passage.id,
            "_source": passage_source(passage, doc, toks, plan_years, headings),
        }


def document_action(doc: Document, documents_index: str) -> dict:
    """The document record. It goes after the document's passages: its presence marks the document
    as completely indexed."""
    return {"_index": documents_index, "_id": doc.doc_id, "_source": document_source(doc)}


def document_actions(
    doc: Document,
    tokens: list[list[Token]],
    headings: Mapping[str, str],
    passages_index: str,
    documents_index: str,
    plan_years: dict[str, tuple[int, int]],
    report: IngestReport,
) -> Iterator[dict]:
    yield from passage_actions(doc.passages, doc, tokens, headings, passages_index, plan_years, report)
    yield document_action(doc, documents_index)


def analyze_headings(doc: Document, analyze: Analyze) -> dict[str, str]:
    """The stacked title/breadcrumb fields: each distinct title and section title analysed once."""
    heads = heading_texts(doc)
    return stacked_headings(heads, analyze(heads)) if heads else {}


def analyze_document(doc: Document, analyze: Analyze) -> tuple[list[list[Token]], dict[str, str]]:
    """Tokens of each passage, and the stacked title/breadcrumb fields (``analyze_headings``)."""
    return analyze([p.text for p in doc.passages]), analyze_headings(doc, analyze)


# Passages analysed per step of ``index_document``: OpenSearch indexes one step while the next is
# analysed. Big enough that a bulk request is worth its round trip, small enough to overlap most of
# a document (a report has a few hundred passages).
INDEX_STEP = 64


class BackgroundBulk:
    """Bulk requests sent in order from a thread of their own, so that this process analyses the
    next passages while OpenSearch indexes the last ones (waiting on the socket frees the GIL).
    After a failed request nothing more is sent; ``finish`` raises its error."""

    def __init__(self, writer: IndexWriter, report: IngestReport) -> None:
        self._writer, self._report = writer, report
        self._steps: queue.SimpleQueue[list[dict] | None] = queue.SimpleQueue()
        self.indexed = 0
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kjsearch-bulk", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (actions := self._steps.get()) is not None:
            if self.error is None:
                try:
                    self.indexed += self._writer.bulk(iter(actions), self._report)
                except BaseException as exc:  # handed to the caller by finish()
                    self.error = exc

    def send(self, actions: list[dict]) -> None:
        if self.error is None:
            self._steps.put(actions)

    def finish(self) -> int:
        """Wait until every request is answered; the number of items indexed."""
        self._steps.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.indexed


def index_document(
    doc: Document,
    analyze: Analyze,
    writer: IndexWriter,
    passages_index: str,
    documents_index: str,
    plan_years: dict[str, tuple[int, int]],
) -> IngestReport:
    """Analyse one document and bulk-index it, INDEX_STEP passages at a time with the requests in
    the background (``BackgroundBulk``); the report counts this document alone. Its ``bulk`` time is
    what the requests added to the document's time: building them (the index fields) and the wait
    after the last analysis."""
    one = IngestReport(documents=1)
    t0 = time.perf_counter()
    headings = analyze_headings(doc, analyze)
    one.add_time("analysis", time.perf_counter() - t0)
    sender = BackgroundBulk(writer, one)
    try:
        for at in range(0, len(doc.passages), INDEX_STEP):
            step = doc.passages[at : at + INDEX_STEP]
            t0 = time.perf_counter()
            tokens = analyze([p.text for p in step])
            t1 = time.perf_counter()
            one.add_time("analysis", t1 - t0)
            sender.send(list(passage_actions(step, doc, tokens, headings, passages_index, plan_years, one)))
            one.add_time("bulk", time.perf_counter() - t1)
        sender.send([document_action(doc, documents_index)])
    finally:
        t0 = time.perf_counter()
        indexed = sender.finish()  # also when analysis failed: no request may outlive this call
        one.add_time("bulk", time.perf_counter() - t0)
    one.passages = max(0, indexed - 1)  # the document record is not a passage
    return one


class DocumentWorkers(Protocol):
    def index(
        self,
        docs: Iterable[Document],
        passages_index: str,
        documents_index: str,
        plan_years: dict[str, tuple[int, int]],
    ) -> Iterator[tuple[Document, IngestReport]]:
        """``index_document`` for each document, elsewhere; the results as they come."""
        ...


@dataclass
class _Target:
    """Where one ``index_documents`` run writes: fresh versioned indices (``rebuild``) or the live
    ones, whose documents (doc_id -> source) are then compared with the run's."""

    rebuild: bool
    passages_index: str
    documents_index: str
    existing: dict[str, str] = field(default_factory=dict)
    reread: set[str] = field(default_factory=set)  # first read without OCR; OCR now reads their scans


def _target(writer: IndexWriter, docs: list[Document], rebuild: bool, fingerprint: str) -> _Target:
    if not rebuild and writer.live_fingerprint() not in (None, fingerprint):
        rebuild = True  # the analysis changed: old and new terms must not be mixed in one index
    if writer.aliased_index(writer.passages_alias) is None:
        rebuild = True
    if rebuild:
        return _Target(True, *writer.create_versioned(fingerprint))
    existing = writer.existing_documents()
    # A file first ingested without --ocr is indexed again once OCR has read its scanned pages.
    reread = writer.unread_scans() if existing and any(d.ocr_pages for d in docs) else set()
    return _Target(False, writer.passages_alias, writer.documents_alias, existing, reread)


def _changed(writer: IndexWriter, docs: list[Document], target: _Target, report: IngestReport) -> Iterator[Document]:
    """The documents to index: new or changed ones, the old version of a changed one deleted first."""
    for doc in docs:
        if doc.doc_id in target.existing and not (doc.ocr_pages and doc.doc_id in target.reread):
            report.skipped_unchanged += 1
            continue
        stale = [did for did, src in target.existing.items() if src == doc.source or did == doc.doc_id]
        for did in stale:
            writer.delete_document(did, target.passages_index, target.documents_index)
            report.replaced += 1
        yield doc


def _publish(writer: IndexWriter, docs: list[Document], target: _Target) -> None:
    """Make the run's writes searchable: a rebuild is checked and swapped in, the live indices refreshed."""
    if not target.rebuild:
        writer.refresh(target.passages_index, target.documents_index)
        return
    writer.finish_bulk_load(target.passages_index, target.documents_index)
    expected = sum(len(d.passages) for d in docs)
    count = writer.passage_count(target.passages_index)
    if count != expected:
        raise IndexingError(f"index {target.passages_index} holds {count} passages, expected {expected}")
    writer.delete_indices(writer.swap(target.passages_index, target.documents_index))


def index_documents(
    writer: IndexWriter,
    docs: list[Document],
    analyze: Analyze | None,
    plan_years: dict[str, tuple[int, int]],
    rebuild: bool,
    on_document: Callable[[Document], None] | None = None,
    workers: DocumentWorkers | None = None,
) -> IngestReport:
    """Index ``docs``; with ``rebuild`` into fresh indices swapped in at the end. ``workers``
    analyse and bulk-index the documents in other processes (``analyze`` is then not used); this
    process alone decides what to index, deletes stale documents and swaps the aliases."""
    if workers is None and analyze is None:
        raise ValueError("index_documents needs an analyze function or workers")
    report = IngestReport()
    writer.delete_indices(writer.orphans())
    target = _target(writer, docs, rebuild, pipeline_fingerprint())
    passages_index, documents_index = target.passages_index, target.documents_index
    report.index = passages_index
    try:
        todo = _changed(writer, docs, target, report)
        if workers is None:
            assert analyze is not None
            done: Iterable[tuple[Document, IngestReport]] = (
                (doc, index_document(doc, analyze, writer, passages_index, documents_index, plan_years))
                for doc in todo
            )
        else:
            done = workers.index(todo, passages_index, documents_index, plan_years)
        for doc, one in done:
            report.add(one)
            if on_document:
                on_document(doc)
        if report.failures:
            raise IndexingError(f"{len(report.failures)} items failed to index; first: {report.failures[0]}")
        _publish(writer, docs, target)
    except BaseException:
        if target.rebuild:
            writer.delete_indices((passages_index, documents_index))
        raise
    return report
