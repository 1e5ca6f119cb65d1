"""The one search service behind both views: the JSON API and the web page."""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from analyzers import Analyzer
from app.errors import InvalidParameter, NotFound
from app.files import Originals, StoredFile
from app.labels import Labels
from app.models import (
    AnalyzeResponse,
    AnalyzeToken,
    DocumentDetail,
    DocumentList,
    DocumentParams,
    DocumentSummary,
    Facets,
    Health,
    Hit,
    PassageRef,
    PassageResponse,
    SearchParams,
    SearchResponse,
)
from app.query.build import (
    MAX_QUERY_CLAUSES,
    AnalyzedQuery,
    analyze_query,
    count_clauses,
    fallback_query,
    korean_weight,
    match_query,
    matched_units,
    refine_query,
    weigh_korean,
)
from app.query.facets import SAMPLED, aggregations, facet_buckets, post_filter, selection_filters
from app.query.highlight import TermSpan, UnitTerms, highlight, locate
from app.query.parse import parse_query
from core.settings import Settings

# What a hit shows (the analyzed fields are not in _source at all).
HIT_SOURCE_FIELDS = [
    "id", "doc_id", "doc_title", "section", "text", "ministries", "plan_periods", "years", "topics", "lang",
    "page", "ocr",
]
MAX_PAGE_SIZE = 100  # part of the API contract, so not a setting
VALIDATED_FACETS = ("ministry", "plan_period", "doc", "topic", "org", "lang")


def encode_cursor(position: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> dict:
    """Where the next page starts: ``{"from": n}`` in relevance order (a rescore window ranks by score
    alone, which search_after cannot resume), ``{"after": sort values}`` in date order."""
    invalid = InvalidParameter("cursor is not a cursor returned by this API", [{"param": "cursor"}])
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise invalid from exc
    if not isinstance(position, dict):
        raise invalid
    if position.get("sort") != sort:
        raise InvalidParameter(
            f"cursor continues a search with sort={position.get('sort')}, not sort={sort}.", [{"param": "cursor"}]
        )
    start, after = position.get("from"), position.get("after")
    if sort == "relevance" and isinstance(start, int) and not isinstance(start, bool) and start >= 0:
        return {"from": start}
    if sort != "relevance" and isinstance(after, list) and after:
        return {"after": after}
    raise invalid


def facets_exact(resp: dict) -> bool:
    """Whether the facets counted every match: not sampled, or the sample held them all."""
    sampled = resp.get("aggregations", {}).get(SAMPLED)
    total = resp["hits"]["total"]
    return sampled is None or (total.get("relation", "eq") == "eq" and sampled["doc_count"] >= total["value"])


# sort=date; relevance is OpenSearch's own order (score, then index order), the only one a rescore
# window allows.
DOCUMENT_SORTS: dict[str, list] = {
    "source": [{"source": "asc"}, {"doc_id": "asc"}],
    "title": [{"title": "asc"}, {"source": "asc"}, {"doc_id": "asc"}],
    "date": [{"published": {"order": "desc", "missing": "_last"}}, {"title": "asc"}, {"doc_id": "asc"}],
}
DATE_SORT = [
    {"published": {"order": "desc", "missing": "_last"}},
    {"years": {"order": "desc", "mode": "max", "missing": "_last"}},
    {"_score": "desc"},
    {"id": "asc"},
]


def rescored(params: SearchParams) -> bool:
    """Whether the costlier ranking clauses reorder a window of top hits (OpenSearch allows a rescore
    window only in score order, and not with collapse); otherwise they join the query."""
    return params.sort == "relevance" and not params.collapse


def position(params: SearchParams) -> dict:
    """Where the page starts: ``{"from": n}`` or ``{"after": sort values}``."""
    return decode_cursor(params.cursor, params.sort) if params.cursor else {"from": params.from_}


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """A search before its round trip: the analysed query, what the highlighter looks for, the body."""

    params: SearchParams
    query: AnalyzedQuery
    terms: list[UnitTerms]
    words: list[str]
    word_terms: list[tuple[str, frozenset[str]]]
    body: dict


@dataclass
class SearchService:
    client: OpenSearch
    settings: Settings
    analyzer: Analyzer
    labels: Labels
    originals: Originals | None = None  # None: no file is served

    @property
    def passages(self) -> str:
        return self.settings.passages_alias

    @property
    def documents_index(self) -> str:
        return self.settings.documents_alias

    # -- validation ----------------------------------------------------------------------
    def validate(self, params: SearchParams) -> None:
        s = self.settings
        if len(params.q) > s.max_query_chars:
            raise InvalidParameter(
                f"q is {len(params.q)} characters long; the limit is {s.max_query_chars}.", [{"param": "q"}]
            )
        if not 1 <= params.size <= MAX_PAGE_SIZE:
            raise InvalidParameter(f"size must be between 1 and {MAX_PAGE_SIZE}.", [{"param": "size"}])
        if params.from_ < 0:
            raise InvalidParameter("from must not be negative.", [{"param": "from"}])
        if params.from_ + params.size > s.max_offset:
            raise InvalidParameter(
                f"from + size may not exceed {s.max_offset}; use the cursor for deep paging.",
                [{"param": "from"}],
            )
        if params.year_from is not None and params.year_to is not None and params.year_from > params.year_to:
            raise InvalidParameter("year_from is after year_to.", [{"param": "year_from"}])
        if params.cursor and params.collapse:
            raise InvalidParameter(
                "cursor paging cannot be combined with collapse=doc.", [{"param": "cursor"}]
            )
        start = position(params).get("from", 0)
        if params.cursor and start + params.size > s.max_offset:
            raise InvalidParameter(
                f"relevance order pages to from + size = {s.max_offset}; sort=date pages through every match.",
                [{"param": "cursor"}],
            )
        self.validate_facets(params)

    def validate_facets(self, params: SearchParams | DocumentParams) -> None:
        """Every chosen facet value is one the index knows (documents: those indexed)."""
        for facet in VALIDATED_FACETS:
            for value in getattr(params, facet):
                if not self.labels.known(facet, value):
                    allowed = self.labels.values(facet)
                    hint = (
                        f" Allowed: {', '.join(allowed[:30])}{' …' if len(allowed) > 30 else ''}."
                        if allowed
                        else ""
                    )
                    raise InvalidParameter(
                        f"Unknown {facet} value {value!r}.{hint}", [{"param": facet, "value": value}]
                    )

    # -- search --------------------------------------------------------------------------
    def analyze_query(self, q: str) -> AnalyzedQuery:
        return analyze_query(parse_query(q), lambda text: self.analyzer.analyze(text, "query"))

    def facet_sample(self, params: SearchParams, query: AnalyzedQuery) -> int:
        """Passages per shard the facets count: the best-scoring ones for a search with words, unless
        every match is to be counted; a browse without words counts all (its scores are all equal)."""
        return 0 if params.exact_total or not query.groups else self.settings.facet_sample

    def _body(self, query: dict, params: SearchParams, sample: int = 0, refine: dict | None = None) -> dict:
        """The request for ``query``; ``refine`` (see ``build.refine_query``) reorders the top hits in
        relevance order and joins the query in any other."""
        filters = selection_filters(params.selected())
        if refine and not rescored(params):
            query = {"bool": {"must": [query], "should": [refine]}}
        body: dict = {
            "query": query,
            "size": params.size,
            # Counting every match of a broad query costs more than finding the best ones; past the
            # deepest page anyone can reach the count is a lower bound unless asked for.
            "track_total_hits": True if params.exact_total else self.settings.max_offset,
            "_source": {"includes": HIT_SOURCE_FIELDS},
        }
        if params.sort == "date":
            body["sort"] = DATE_SORT
        if refine and rescored(params):
            body["rescore"] = {
                "window_size": self.settings.rescore_window,
                "query": {"rescore_query": refine, "query_weight": 1.0, "rescore_query_weight": 1.0},
            }
        if params.facets:
            # Disjunctive counts: each facet is counted under the other facets' selections, so the
            # selections filter the hits after the aggregations (post_filter), not the query.
            body["aggs"] = aggregations(filters, sample)
            pf = post_filter(filters)
            if pf:
                body["post_filter"] = pf
        elif filters:
            body["query"] = {"bool": {"must": [body["query"]], "filter": list(filters.values())}}
        start = position(params)
        if "after" in start:
            body["search_after"] = start["after"]
        else:
            body["from"] = start["from"]
        if params.collapse == "doc":
            body["collapse"] = {"field": "doc_id"}
            body.setdefault("aggs", {})["doc_total"] = {"cardinality": {"field": "doc_id"}}
        return body

    def search_body(self, params: SearchParams, query: AnalyzedQuery) -> dict:
        """The request for the first round trip. A query with more clauses than OpenSearch takes (a long
        pasted text) ranks by its words alone: without the refinement, then without partial credit."""
        sample = self.facet_sample(params, query)
        match, refine = match_query(query), refine_query(query)
        weight = korean_weight(query)
        match, refine = weigh_korean(match, weight), refine and weigh_korean(refine, weight)
        in_match = count_clauses(match)
        if refine and count_clauses(refine) + (0 if rescored(params) else in_match) > MAX_QUERY_CLAUSES:
            refine = None
        if in_match > MAX_QUERY_CLAUSES:
            match = match_query(query, lean=True)
            in_match = count_clauses(match)
        if in_match > MAX_QUERY_CLAUSES:
            # Caught here as a client error: OpenSearch would answer a 500 (too_many_nested_clauses).
            raise InvalidParameter("q has too many words for one search; use fewer words.", [{"param": "q"}])
        return self._body(match, params, sample, refine)

    def search(self, params: SearchParams) -> SearchResponse:
        """One search, in stages that ``bench.perf_stages`` times one by one: ``plan`` (validation,
        analysis, the body), ``fetch`` (OpenSearch), ``_hit`` and ``_highlights`` per hit,
        ``_facets``, ``_response``."""
        started = time.perf_counter()
        plan = self.plan(params)
        resp, fallback = self.fetch(plan)
        hits = [self._hit(h, plan, named=not fallback) for h in resp["hits"]["hits"]]
        return self._response(plan, resp, hits, fallback, self._facets(resp), started)

    def plan(self, params: SearchParams) -> SearchPlan:
        self.validate(params)
        query = self.analyze_query(params.q)
        return SearchPlan(
            params=params,
            query=query,
            terms=query.highlight_terms(),
            words=query.literal_words(),
            word_terms=query.word_terms(),
            body=self.search_body(params, query),
        )

    def fetch(self, plan: SearchPlan) -> tuple[dict, bool]:
        """OpenSearch's answer, and whether it came from the bigram fallback."""
        params, query = plan.params, plan.query
        resp = self.client.search(index=self.passages, body=plan.body)
        if resp["hits"]["total"]["value"] == 0 and query.groups:
            # No query word is in the index as analyzed; character bigrams still meet words that the
            # analyzers split differently in the passage and in the query. A second round trip only here.
            loose = self._body(fallback_query(query), params, self.facet_sample(params, query))
            if count_clauses(loose["query"]) <= MAX_QUERY_CLAUSES:
                return self.client.search(index=self.passages, body=loose), True
        return resp, False

    def _facets(self, resp: dict) -> Facets:
        return Facets.model_validate(facet_buckets(resp.get("aggregations", {}), self.labels))

    def _response(
        self, plan: SearchPlan, resp: dict, hits: list[Hit], fallback: bool, facets: Facets, started: float
    ) -> SearchResponse:
        params = plan.params
        total = resp["hits"]["total"]["value"]
        total_exact = resp["hits"]["total"].get("relation", "eq") == "eq"
        if params.collapse == "doc":
            total = resp["aggregations"]["doc_total"]["value"]
        next_cursor = None
        if len(hits) == params.size and not params.collapse and resp["hits"]["hits"]:
            if params.sort == "date":
                next_cursor = encode_cursor({"sort": params.sort, "after": resp["hits"]["hits"][-1]["sort"]})
            elif (nxt := position(params)["from"] + params.size) + params.size <= self.settings.max_offset:
                next_cursor = encode_cursor({"sort": params.sort, "from": nxt})
        suggestions = self.suggest(plan.query) if total == 0 else []
        return SearchResponse(
            query=params.model_dump(),
            total=total,
            total_exact=total_exact,
            took_ms=round((time.perf_counter() - started) * 1000),
            relaxed=fallback or any(h.missing for h in hits),
            next_cursor=next_cursor,
            hits=hits,
            facets=facets,
            facets_exact=facets_exact(resp),
            suggestions=suggestions,
        )

    @staticmethod
    def suggest(query: AnalyzedQuery) -> list[str]:
        """Other spellings of the query words (Korean readings of kanji, aliases) worth trying."""
        out: list[str] = []
        for group in query.groups:
            for clause in group:
                for unit in clause.units:
                    for alt in unit.alternatives:
                        if alt not in out and alt != unit.surface:
                            out.append(alt)
        return out[:5]

    def _hit(self, raw: dict, plan: SearchPlan, named: bool = True) -> Hit:
        """``named``: the query named its units' clauses (see ``build.unit_name``), so OpenSearch
        says which of them this passage matched; the bigram fallback does not."""
        src = raw["_source"]
        text = src.get("text", "")
        matched = matched_units(raw.get("matched_queries"))
        highlights, spans = self._highlights(text, matched, plan)
        if named:
            present_units = matched
        else:
            present = {t for t, _s, _e in spans}
            present_units = {k for k, (_w, ts) in enumerate(plan.word_terms) if ts & present}
        folded = text.casefold()
        # Validated, though the values are ours: pydantic's validation runs in Rust, and measured faster
        # than its model_construct (3 µs a hit against 6; a page's facets 42 µs against 160).
        return Hit(
            id=src["id"],
            doc_id=src["doc_id"],
            doc_title=src.get("doc_title") or "",
            section=src.get("section") or "",
            text=text,
            highlights=highlights,
            score=raw.get("_score"),
            ministries=src.get("ministries") or [],
            plan_periods=src.get("plan_periods") or [],
            years=src.get("years") or [],
            topics=src.get("topics") or [],
            lang=src.get("lang") or "",
            page=src.get("page"),
            ocr=bool(src.get("ocr")),
            missing=[
                w
                for k, (w, _ts) in enumerate(plan.word_terms)
                if k not in present_units and w.casefold() not in folded
            ],
        )

    def _highlights(self, text: str, matched: set[int], plan: SearchPlan) -> tuple[list[str], list[TermSpan]]:
        """The passage's fragments with the query's terms marked, and where the terms are."""
        spans = locate(text, plan.terms, matched, self._term_spans)
        return highlight(text, spans, plan.terms, plan.words), spans

    def _term_spans(self, texts: list[str]) -> list[list[TermSpan]]:
        """Every term of each text with its offsets, as the index analysed it."""
        return [[(t.term, t.start, t.end) for t in toks] for toks in self.analyzer.analyze_many(texts)]

    # -- passages and documents ----------------------------------------------------------
    def _get_passage_source(self, passage_id: str) -> dict:
        resp = self.client.search(
            index=self.passages,
            body={
                "query": {"term": {"id": passage_id}},
                "size": 1,
                "_source": {"excludes": ["plan_years"]},
            },
        )
        hits = resp["hits"]["hits"]
        if not hits:
            raise NotFound(f"No passage with id {passage_id!r}.")
        return hits[0]["_source"]

    def _ref(self, passage_id: str | None) -> PassageRef | None:
        if not passage_id:
            return None
        try:
            src = self._get_passage_source(passage_id)
        except NotFound:
            return None
        return PassageRef(id=src["id"], section=src.get("section") or "", text=src.get("text", ""))

    def passage(self, passage_id: str) -> PassageResponse:
        src = self._get_passage_source(passage_id)
        return PassageResponse(
            id=src["id"],
            doc_id=src["doc_id"],
            doc_title=src.get("doc_title") or "",
            section=src.get("section") or "",
            breadcrumb=src.get("breadcrumb") or [],
            text=src.get("text", ""),
            page=src.get("page"),
            ocr=bool(src.get("ocr")),
            lang=src.get("lang") or "",
            ministries=src.get("ministries") or [],
            plan_periods=src.get("plan_periods") or [],
            years=src.get("years") or [],
            topics=src.get("topics") or [],
            previous=self._ref(src.get("prev_id")),
            next=self._ref(src.get("next_id")),
        )

    def documents(self, params: DocumentParams | None = None) -> DocumentList:
        """The library, filtered by the search's facets, in ``params.sort`` order, a page at a time."""
        params = params or DocumentParams.model_validate({})
        if params.from_ + params.size > self.settings.max_offset:
            raise InvalidParameter(
                f"from + size may not exceed {self.settings.max_offset}.", [{"param": "from"}]
            )
        if params.year_from is not None and params.year_to is not None and params.year_from > params.year_to:
            raise InvalidParameter("year_from is after year_to.", [{"param": "year_from"}])
        self.validate_facets(params)
        filters = selection_filters(params.selected())
        body: dict = {
            "query": {"match_all": {}},
            "size": params.size,
            "from": params.from_,
            "track_total_hits": True,
            "sort": DOCUMENT_SORTS[params.sort],
            "_source": {"excludes": ["outline", "aliases", "citations"]},
        }
        if params.facets:
            body["aggs"] = aggregations(filters)
            if pf := post_filter(filters):
                body["post_filter"] = pf
        elif filters:
            body["query"] = {"bool": {"filter": list(filters.values())}}
        resp = self.client.search(index=self.documents_index, body=body)
        docs = [DocumentSummary(**_summary(h["_source"])) for h in resp["hits"]["hits"]]
        facets = (
            Facets.model_validate(facet_buckets(resp.get("aggregations", {}), self.labels)) if params.facets else None
        )
        return DocumentList(total=resp["hits"]["total"]["value"], documents=docs, facets=facets)

    def document_record(self, doc_id: str) -> dict:
        """The stored record of a document (with its file's location, which the API never shows)."""
        try:
            return self.client.get(index=self.documents_index, id=doc_id, _source_excludes=["outline"])["_source"]
        except NotFoundError as exc:
            raise NotFound(f"No document with id {doc_id!r}.") from exc

    def file_records(self, doc_ids: Sequence[str]) -> dict[str, dict]:
        """doc_id → its record's ``file``, for the documents that have one; one request."""
        if not doc_ids:
            return {}
        resp = self.client.mget(
            index=self.documents_index, body={"ids": list(dict.fromkeys(doc_ids))}, _source_includes=["file"]
        )
        return {d["_id"]: d["_source"] for d in resp["docs"] if d.get("found") and d["_source"].get("file")}

    def document(self, doc_id: str) -> DocumentDetail:
        try:
            resp = self.client.get(index=self.documents_index, id=doc_id)
        except NotFoundError as exc:
            raise NotFound(f"No document with id {doc_id!r}.") from exc
        src = resp["_source"]
        return DocumentDetail(
            **_summary(src),
            outline=src.get("outline") or [],
            citations=src.get("citations") or [],
            aliases=src.get("aliases") or [],
            file_url=file_url(doc_id) if self.file_available(doc_id, src) else None,
        )

    def file_available(self, doc_id: str, record: dict) -> bool:
        return self.originals is not None and self.originals.available(doc_id, record)

    def file_urls(self, doc_ids: Sequence[str], media_type: str = "") -> dict[str, str]:
        """doc_id → the URL of its original, for the documents (of ``media_type``, when given) whose
        original is served as ingested."""
        if self.originals is None or not self.originals.enabled or not doc_ids:
            return {}
        records = self.file_records(doc_ids)
        return {
            d: file_url(d)
            for d, record in records.items()
            if str(record["file"].get("media_type", "")).startswith(media_type) and self.file_available(d, record)
        }

    def facets(self) -> Facets:
        resp = self.client.search(index=self.passages, body={"size": 0, "aggs": aggregations({})})
        return Facets.model_validate(facet_buckets(resp.get("aggregations", {}), self.labels))

    def analyze(self, text: str) -> AnalyzeResponse:
        if len(text) > self.settings.max_query_chars * 10:
            raise InvalidParameter("text is too long to analyze here.", [{"param": "text"}])
        tokens = self.analyzer.analyze(text)  # not memoized: the query cache is for searches
        return AnalyzeResponse(
            text=text,
            tokens=[
                AnalyzeToken(
                    term=t.term,
                    position=t.position,
                    span=t.span,
                    start=t.start,
                    end=t.end,
                    script=str(t.script),
                    origin=str(t.origin),
                )
                for t in tokens
            ],
        )

    def health(self) -> Health:
        info = self.client.info()
        cluster = self.client.cluster.health()
        try:
            aliased = next(iter(self.client.indices.get_alias(name=self.passages)), None)
            count = self.client.count(index=self.passages)["count"]
        except NotFoundError:
            aliased, count = None, 0
        return Health(
            status="ok" if aliased and cluster.get("status") in ("green", "yellow") else "degraded",
            opensearch={
                "version": info["version"]["number"],
                "cluster_status": cluster.get("status"),
                "cluster_name": info.get("cluster_name"),
            },
            index={"alias": self.passages, "index": aliased, "passages": count},
        )


def file_url(doc_id: str) -> str:
    return f"/v1/documents/{quote(doc_id, safe='')}/file"


def _summary(src: dict) -> dict:
    return {
        "doc_id": src["doc_id"],
        "source": src.get("source") or "",
        "title": src.get("title") or "",
        "lang": src.get("lang") or "",
        "org": src.get("org"),
        "published": src.get("published"),
        "passage_count": src.get("passage_count") or 0,
        "subtitle": src.get("subtitle"),
        "page_count": src.get("page_count"),
        "ocr_pages": src.get("ocr_pages") or [],
        "scan_pages": src.get("scan_pages") or [],
        "respaced_pages": src.get("respaced_pages") or [],
        "subject_country": src.get("subject_country"),
        "ministries": src.get("ministries") or [],
        "plan_periods": src.get("plan_periods") or [],
        "years": src.get("years") or [],
        "topics": src.get("topics") or [],
        "file": _file_info(src),
    }


def _file_info(record: dict) -> dict | None:
    """What the API shows of the stored file: not where it is."""
    stored = StoredFile.of(record)
    if stored is None:
        return None
    return {"name": stored.name, "media_type": stored.media_type, "size": stored.size, "sha256": stored.sha256}
