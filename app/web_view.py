"""View models for the web page: pure functions from a SearchResponse and the URL to what templates show.

Nothing here talks to OpenSearch or renders HTML, so all of it is unit-testable.
URLs are built from the request's own (key, value) pairs so every link keeps every
parameter the user chose, including repeated facet parameters.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from app.models import (
    DocumentDetail,
    DocumentList,
    DocumentParams,
    DocumentSummary,
    FacetBucket,
    Facets,
    Hit,
    OutlineSection,
    SearchParams,
    SearchResponse,
)

Pairs = list[tuple[str, str]]

# Facets shown in the sidebar, in this order, with their Korean headings.
SIDEBAR_FACETS: tuple[tuple[str, str], ...] = (
    ("ministry", "부처"),
    ("plan_period", "계획 기간"),
    ("doc", "문서"),
    ("topic", "주제"),
    ("lang", "언어"),
)
FACET_TITLES = {**dict(SIDEBAR_FACETS), "org": "기관", "year": "연도"}
LIST_FACETS = ("ministry", "plan_period", "doc", "topic", "org", "lang")
VISIBLE_BUCKETS = 8  # the rest go behind a <details> "more"
# Parameters that pick a page; a new query or filter starts again from the first page.
PAGING_KEYS = frozenset({"from", "cursor"})
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("문부과학성", "한국어로 부처 이름을 찾으면 일본어 원문(文部科学省)도 함께 찾습니다."),
    ("文部科学省", "일본어로 찾으면 한국어 보고서의 ‘문부과학성’도 찾습니다."),
    ('"스타트업 육성"', "따옴표로 묶으면 구절 그대로 찾습니다."),
    ("반도체 -미국", "빼기(-)를 붙인 단어가 들어간 구절은 뺍니다."),
)
EXPORT_LIMIT = 1000
CSV_COLUMNS = ("id", "doc_title", "section", "text", "ministries", "plan_periods", "years", "topics", "score")
SECTION_SEPARATOR = " › "


class LabelLookup(Protocol):
    def label(self, facet: str, value: str) -> tuple[str, list[str]]: ...


# -- URLs ---------------------------------------------------------------------------------
def url(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    query = urlencode([(k, v) for k, v in pairs if v != ""])
    return f"{path}?{query}" if query else path


def without(pairs: Pairs, key: str, value: str | None = None) -> Pairs:
    """The pairs minus ``key`` (or only its ``value``), and minus paging so the result starts at page one."""
    return [
        (k, v) for k, v in pairs if k not in PAGING_KEYS and not (k == key and (value is None or v == value))
    ]


def replacing(pairs: Pairs, key: str, value: str | None) -> Pairs:
    """The pairs with ``key`` set to one ``value`` (or removed), keeping the parameter order."""
    out = [(k, v) for k, v in pairs if k != key]
    if value is not None:
        out.append((key, value))
    return out


def safe_back(back: str | None) -> str | None:
    """A same-site relative URL to return to, or None. Refuses absolute and scheme-relative URLs."""
    if not back or len(back) > 4000 or not back.startswith("/") or back.startswith("//"):
        return None
    if "\\" in back or any(ord(c) < 32 or ord(c) == 127 for c in back):
        return None
    parts = urlsplit(back)
    if parts.scheme or parts.netloc:
        return None
    return back


def query_of(back: str | None) -> str:
    """The q of a results URL, to keep it in the search box on the passage page."""
    if not back:
        return ""
    return parse_qs(urlsplit(back).query).get("q", [""])[0]


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def script_lang(text: str) -> str | None:
    """The language tag a string needs inside a Korean page: None for Korean, "ja" or "en" otherwise."""
    if not text or _HANGUL.search(text):
        return None
    if _JAPANESE.search(text):
        return "ja"
    if _LATIN.search(text):
        return "en"
    return None


# -- facets and chips ---------------------------------------------------------------------
@dataclass
class BucketView:
    value: str
    label: str
    aliases: list[str]
    count: int
    checked: bool
    input_id: str

    @property
    def title(self) -> str:
        return " / ".join(self.aliases)


@dataclass
class FacetView:
    name: str
    title: str
    buckets: list[BucketView]
    selected: int

    @property
    def visible(self) -> list[BucketView]:
        # Keep ticked values in view even when they fall below the fold.
        head = self.buckets[:VISIBLE_BUCKETS]
        return head + [b for b in self.buckets[VISIBLE_BUCKETS:] if b.checked]

    @property
    def more(self) -> list[BucketView]:
        return [b for b in self.buckets[VISIBLE_BUCKETS:] if not b.checked]


class Chosen(Protocol):
    """The facet selection of a search or of the library's list."""

    ministry: list[str]
    plan_period: list[str]
    doc: list[str]
    topic: list[str]
    org: list[str]
    lang: list[str]
    year_from: int | None
    year_to: int | None


def facet_views(
    facets: Facets, params: Chosen, labels: LabelLookup, shown: Sequence[tuple[str, str]] = SIDEBAR_FACETS
) -> list[FacetView]:
    views = []
    for name, title in shown:
        chosen: list[str] = getattr(params, name)
        buckets: list[FacetBucket] = getattr(facets, name)
        seen = {b.value for b in buckets}
        rows = [BucketView(b.value, b.label, b.aliases, b.count, b.value in chosen, "") for b in buckets]
        # A ticked value with no matches in the current result still needs its checkbox to untick it.
        for value in chosen:
            if value not in seen:
                label, aliases = labels.label(name, value)
                rows.append(BucketView(value, label, aliases, 0, True, ""))
        for i, row in enumerate(rows):
            row.input_id = f"f-{name}-{i}"
        if rows:
            views.append(FacetView(name, title, rows, len(chosen)))
    return views


@dataclass
class YearRange:
    low: int | None
    high: int | None
    value_from: int | None
    value_to: int | None


def year_range(facets: Facets, params: Chosen) -> YearRange:
    years = [int(b.value) for b in facets.year if b.value.isdigit()]
    return YearRange(min(years, default=None), max(years, default=None), params.year_from, params.year_to)


@dataclass
class Chip:
    facet_title: str
    label: str
    aliases: list[str]
    remove_url: str


def chips(params: Chosen, pairs: Pairs, labels: LabelLookup, path: str = "/") -> list[Chip]:
    out = []
    for name in LIST_FACETS:
        for value in getattr(params, name):
            label, aliases = labels.label(name, value)
            out.append(Chip(FACET_TITLES[name], label, aliases, url(path, without(pairs, name, value))))
    if params.year_from is not None:
        out.append(Chip("연도", f"{params.year_from}년부터", [], url(path, without(pairs, "year_from"))))
    if params.year_to is not None:
        out.append(Chip("연도", f"{params.year_to}년까지", [], url(path, without(pairs, "year_to"))))
    return out


# -- hits ---------------------------------------------------------------------------------
@dataclass
class Tag:
    facet: str
    value: str
    label: str
    aliases: list[str]


@dataclass
class HitView:
    hit: Hit
    breadcrumb: list[str]
    tags: list[Tag]
    passage_url: str
    doc_url: str  # the same search within this document only
    snippets: list[str] = field(default_factory=list)  # already-escaped HTML from the service
    doc_page_url: str = ""  # the document's page
    file_url: str | None = None  # the original at this hit's page (PDF), when it is served


Lookup = Callable[[str, str], tuple[str, list[str]]]


def tag_lookup(response: SearchResponse | None, labels: LabelLookup) -> Lookup:
    """(facet, value) → (label, aliases), preferring the labels already in the facet buckets."""
    known: dict[tuple[str, str], tuple[str, list[str]]] = {}
    if response is not None:
        for name in ("ministry", "plan_period", "topic"):
            for b in getattr(response.facets, name):
                known[(name, b.value)] = (b.label, b.aliases)

    def lookup(facet: str, value: str) -> tuple[str, list[str]]:
        if (facet, value) not in known:
            known[(facet, value)] = labels.label(facet, value)
        return known[(facet, value)]

    return lookup


def document_url(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def page_url(file_url: str | None, page: int | None) -> str | None:
    """The original opened at ``page`` (PDF viewers read ``#page=N``)."""
    if not file_url:
        return None
    return f"{file_url}#page={page}" if page else file_url


def hit_views(
    response: SearchResponse,
    labels: LabelLookup,
    pairs: Pairs,
    back: str,
    pdf_urls: Mapping[str, str] | None = None,
) -> list[HitView]:
    """``pdf_urls``: doc_id → the URL of its original, for the PDFs whose original is served."""
    pdf_urls = pdf_urls or {}
    lookup = tag_lookup(response, labels)
    out = []
    for hit in response.hits:
        tags = [
            Tag(f, v, *lookup(f, v))
            for f, values in (("ministry", hit.ministries), ("plan_period", hit.plan_periods))
            for v in values
        ]
        out.append(
            HitView(
                hit=hit,
                breadcrumb=[s for s in hit.section.split(SECTION_SEPARATOR) if s],
                tags=tags,
                passage_url=url(f"/passages/{hit.id}", [("back", back)]),
                doc_url=url("/", [*without(without(pairs, "collapse"), "doc"), ("doc", hit.doc_id)]),
                snippets=hit.highlights,
                doc_page_url=document_url(hit.doc_id),
                file_url=page_url(pdf_urls.get(hit.doc_id), hit.page) if hit.page else None,
            )
        )
    return out


# -- passage page -----------------------------------------------------------------------
@dataclass
class OutlineNode:
    title: str
    url: str | None
    current: bool
    open: bool  # the current passage is in this section or below it
    children: list[OutlineNode]


def outline_view(sections: Sequence[OutlineSection], passage_id: str, keep: Pairs) -> list[OutlineNode]:
    out = []
    for s in sections:
        children = outline_view(s.children, passage_id, keep)
        first = s.passage_ids[0] if s.passage_ids else None
        if first is None and children:
            first_child = next((c.url for c in children if c.url), None)
            target = first_child
        else:
            target = url(f"/passages/{first}", keep) if first else None
        current = passage_id in s.passage_ids
        out.append(OutlineNode(s.title, target, current, current or any(c.open for c in children), children))
    return out


# -- paging -------------------------------------------------------------------------------
@dataclass
class Pager:
    first: int  # 1-based index of the first hit shown
    last: int
    total: int
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None


def pager(response: SearchResponse, params: SearchParams, pairs: Pairs, max_offset: int) -> Pager:
    size, start = params.size, params.from_
    shown = len(response.hits)
    base = [(k, v) for k, v in pairs if k not in PAGING_KEYS]
    prev_url = (
        url("/", replacing(base, "from", str(max(0, start - size)) if start - size > 0 else None))
        if start > 0 and not params.cursor
        else None
    )
    nxt = start + size
    next_url = None
    if not params.cursor and nxt < response.total and nxt + size <= max_offset:
        next_url = url("/", replacing(base, "from", str(nxt)))
    elif params.cursor and response.next_cursor:
        next_url = url("/", replacing(base, "cursor", response.next_cursor))
    return Pager(
        first=start + 1 if shown else 0,
        last=start + shown,
        total=response.total,
        page=start // size + 1,
        pages=max(1, math.ceil(response.total / size)),
        prev_url=prev_url,
        next_url=next_url,
    )


# -- export -------------------------------------------------------------------------------
def export_params(params: SearchParams, page_size: int) -> SearchParams:
    """The same search from the first hit, a page at a time (cursor paging unless collapsed)."""
    return params.model_copy(update={"from_": 0, "cursor": None, "size": page_size})


def _joined(values: Sequence[object]) -> str:
    return "; ".join(str(v) for v in values)


def _cell(value: str) -> str:
    """Guard against spreadsheet formula injection (OWASP: prefix a quote to =, +, -, @, tab, CR)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_row(hit: Hit, lookup: Lookup) -> dict[str, str]:
    return {
        "id": hit.id,
        "doc_title": hit.doc_title,
        "section": hit.section,
        "text": hit.text,
        "ministries": _joined([lookup("ministry", v)[0] for v in hit.ministries]),
        "plan_periods": _joined([lookup("plan_period", v)[0] for v in hit.plan_periods]),
        "years": _joined(hit.years),
        "topics": _joined([lookup("topic", v)[0] for v in hit.topics]),
        "score": "" if hit.score is None else f"{hit.score:.4f}",
    }


def to_csv(rows: Iterable[dict[str, str]]) -> str:
    """CSV for Excel: a UTF-8 BOM so Korean and Japanese open correctly, CRLF line ends."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) if k != "score" else v for k, v in row.items()})
    return buf.getvalue()


# -- library and document pages -------------------------------------------------------------
LIBRARY_FACETS = tuple((name, title) for name, title in SIDEBAR_FACETS if name != "doc")
LIBRARY_PAGE_SIZE = 50
LIBRARY_SORTS: tuple[tuple[str, str], ...] = (("source", "파일 이름순"), ("title", "제목순"), ("date", "최신순"))
CITE_FORMATS: tuple[tuple[str, str], ...] = (("ris", "RIS"), ("bibtex", "BibTeX"), ("csl-json", "CSL-JSON"))


@dataclass
class DocRow:
    doc: DocumentSummary
    url: str
    lang: str
    tags: list[Tag]


def doc_tags(doc: DocumentSummary, lookup: Lookup, facets: Sequence[str] = ("ministry", "plan_period")) -> list[Tag]:
    fields = {"ministry": doc.ministries, "plan_period": doc.plan_periods, "topic": doc.topics}
    return [Tag(f, v, *lookup(f, v)) for f in facets for v in fields[f]]


def doc_rows(listing: DocumentList, lookup: Lookup) -> list[DocRow]:
    return [
        DocRow(d, document_url(d.doc_id), lookup("lang", d.lang)[0] if d.lang else "", doc_tags(d, lookup))
        for d in listing.documents
    ]


def library_pager(listing: DocumentList, params: DocumentParams, pairs: Pairs, max_offset: int) -> Pager:
    size, start, shown = params.size, params.from_, len(listing.documents)
    base = [(k, v) for k, v in pairs if k not in PAGING_KEYS]
    prev_url = url("/documents", replacing(base, "from", str(start - size) if start - size > 0 else None))
    nxt = start + size
    return Pager(
        first=start + 1 if shown else 0,
        last=start + shown,
        total=listing.total,
        page=start // size + 1,
        pages=max(1, math.ceil(listing.total / size)),
        prev_url=prev_url if start > 0 else None,
        next_url=url("/documents", replacing(base, "from", str(nxt)))
        if nxt < listing.total and nxt + size <= max_offset
        else None,
    )


def page_ranges(pages: Sequence[int]) -> str:
    """1, 2, 3, 7 → "1–3, 7"."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)):
        if run and p != run[-1] + 1:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        run.append(p)
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@dataclass
class DocumentView:
    doc: DocumentDetail
    facts: list[tuple[str, str]]  # (label, text) of the card, in order
    tags: list[Tag]
    outline: list[OutlineNode]
    file_url: str | None
    cite_urls: list[tuple[str, str]]  # (format's name, URL)
    json_url: str


def document_view(doc: DocumentDetail, lookup: Lookup) -> DocumentView:
    facts: list[tuple[str, str]] = []
    if doc.org:
        facts.append(("발행 기관", lookup("org", doc.org)[0]))
    if doc.published:
        facts.append(("발행일", doc.published))
    if doc.page_count:
        facts.append(("쪽수", f"{doc.page_count}쪽"))
    if doc.lang:
        facts.append(("언어", lookup("lang", doc.lang)[0]))
    facts.append(("구절", f"{doc.passage_count}개"))
    if doc.ocr_pages:
        facts.append(("OCR로 읽은 쪽", page_ranges(doc.ocr_pages)))
    if doc.scan_pages:
        facts.append(("읽지 않은 스캔 쪽", page_ranges(doc.scan_pages)))
    if doc.respaced_pages:
        facts.append(("띄어쓰기를 되살린 쪽", page_ranges(doc.respaced_pages)))
    if doc.file:
        facts.append(("파일", f"{doc.file.name} ({file_size(doc.file.size)})"))
    quoted = quote(doc.doc_id, safe="")
    return DocumentView(
        doc=doc,
        facts=facts,
        tags=doc_tags(doc, lookup, ("ministry", "plan_period", "topic")),
        outline=outline_view(doc.outline, "", []),
        file_url=doc.file_url,
        cite_urls=[(name, url(f"/v1/documents/{quoted}/cite", [("format", fmt)])) for fmt, name in CITE_FORMATS],
        json_url=f"/v1/documents/{quoted}",
    )
