"""The API's contract: request parameters and response bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class SearchParams(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    q: str = ""
    size: int = 10
    # the parameter is "from" (a Python keyword): echoed and accepted under that name
    from_: int = Field(default=0, validation_alias=AliasChoices("from_", "from"), serialization_alias="from")
    cursor: str | None = None
    sort: Literal["relevance", "date"] = "relevance"
    ministry: list[str] = Field(default_factory=list)
    plan_period: list[str] = Field(default_factory=list)
    doc: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    org: list[str] = Field(default_factory=list)
    lang: list[str] = Field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    collapse: Literal["doc"] | None = None
    facets: bool = False
    exact_total: bool = False

    def selected(self) -> dict[str, list[str]]:
        return selection(self)


def selection(params: SearchParams | DocumentParams) -> dict[str, list[str]]:
    """facet → its chosen values (the year range as [from, to]), for the facets that have any."""
    sel: dict[str, list[str]] = {
        "ministry": params.ministry,
        "plan_period": params.plan_period,
        "doc": params.doc,
        "topic": params.topic,
        "org": params.org,
        "lang": params.lang,
    }
    if params.year_from is not None or params.year_to is not None:
        sel["year"] = [str(params.year_from or ""), str(params.year_to or "")]
    return {k: v for k, v in sel.items() if v}


class DocumentParams(BaseModel):
    """The library's list: the search's facet filters, an order, a page."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    size: int = Field(1000, ge=1, le=1000, description="documents per page")
    from_: int = Field(0, ge=0, alias="from", description="offset; from + size ≤ KJSEARCH_MAX_OFFSET")
    sort: Literal["source", "title", "date"] = Field(
        "source", description="source: by file name; title: A→Z (가나다); date: newest first, undated last"
    )
    ministry: list[str] = Field(default_factory=list)
    plan_period: list[str] = Field(default_factory=list)
    doc: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    org: list[str] = Field(default_factory=list)
    lang: list[str] = Field(default_factory=list)
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)
    facets: bool = Field(False, description="Also count the documents of each facet value")

    def selected(self) -> dict[str, list[str]]:
        return selection(self)


class SearchQuery(SearchParams):
    """``SearchParams`` as the query string of ``/v1/search`` and the page: one model that FastAPI
    validates in one pass (a dependency with a parameter each cost more than our search code)."""

    q: str = Field("", description='Keywords, "exact phrases", -excluded, OR. Empty matches all.')
    size: int = Field(10, ge=1, le=100)
    from_: int = Field(0, ge=0, alias="from", description="offset; from + size ≤ KJSEARCH_MAX_OFFSET")
    cursor: str | None = Field(None, max_length=2000, description="next_cursor of the previous page")
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)
    facets: bool = Field(
        False, description="Also count the facet values of the matches (costs more than the hits on a large library)"
    )
    exact_total: bool = Field(
        False, description="Count every match (slower); by default counting stops at KJSEARCH_MAX_OFFSET"
    )


class FacetBucket(BaseModel):
    value: str
    label: str
    aliases: list[str]
    count: int


class Hit(BaseModel):
    id: str
    doc_id: str
    doc_title: str
    section: str
    text: str
    highlights: list[str]
    score: float | None
    ministries: list[str]
    plan_periods: list[str]
    years: list[int]
    topics: list[str]
    lang: str
    page: int | None = None
    ocr: bool = Field(default=False, description="Read by OCR from a scanned page: the text may hold misreadings.")
    missing: list[str] = Field(
        default_factory=list, description="Query words this passage does not contain (in any spelling)."
    )


class Facets(BaseModel):
    ministry: list[FacetBucket]
    plan_period: list[FacetBucket]
    doc: list[FacetBucket]
    year: list[FacetBucket]
    topic: list[FacetBucket]
    org: list[FacetBucket]
    lang: list[FacetBucket]


class SearchResponse(BaseModel):
    query: dict
    total: int
    total_exact: bool = Field(
        default=True,
        description="False when more passages match than were counted: total is then a lower bound "
        "(ask exact_total=true for the true count).",
    )
    took_ms: int
    relaxed: bool = Field(
        description="True when some hits on this page lack a query word (each hit's `missing` says which)."
    )
    next_cursor: str | None
    hits: list[Hit]
    facets: Facets
    facets_exact: bool = Field(
        default=True,
        description="False when the facet counts cover only the best-scoring matches "
        "(KJSEARCH_FACET_SAMPLE per shard); exact_total=true counts every match.",
    )
    suggestions: list[str] = Field(default_factory=list)


class PassageRef(BaseModel):
    id: str
    section: str
    text: str


class PassageResponse(BaseModel):
    id: str
    doc_id: str
    doc_title: str
    section: str
    breadcrumb: list[str]
    text: str
    page: int | None
    ocr: bool = False  # read by OCR from a scanned page
    lang: str
    ministries: list[str]
    plan_periods: list[str]
    years: list[int]
    topics: list[str]
    previous: PassageRef | None
    next: PassageRef | None


class OutlineSection(BaseModel):
    title: str
    level: int
    passage_ids: list[str]
    children: list[OutlineSection]


class FileInfo(BaseModel):
    """The ingested file (its bytes at /v1/documents/{id}/file)."""

    name: str
    media_type: str
    size: int
    sha256: str


class DocumentSummary(BaseModel):
    doc_id: str
    source: str
    title: str
    lang: str
    org: str | None
    published: str | None
    passage_count: int
    subtitle: str | None = None
    page_count: int | None = None  # pages of a PDF; None for text
    ocr_pages: list[int] = Field(default_factory=list, description="Scanned pages whose text was read by OCR.")
    scan_pages: list[int] = Field(
        default_factory=list, description="Scanned pages (no text layer) left unread: ingested without --ocr."
    )
    respaced_pages: list[int] = Field(
        default_factory=list,
        description="Pages written without space characters: the spaces in their text were put back from the "
        "gaps between words on the page; the file itself has none.",
    )
    subject_country: str | None = Field(
        default=None, description="What country the document is about: jp, kr, other; null when undecided."
    )
    ministries: list[str]
    plan_periods: list[str]
    years: list[int]
    topics: list[str]
    file: FileInfo | None = Field(default=None, description="The ingested file; null when indexed without it.")


class DocumentDetail(DocumentSummary):
    outline: list[OutlineSection]
    citations: list[dict]
    aliases: list[list[str]]
    file_url: str | None = Field(
        default=None,
        description="Where the original is served: null when file serving is off or the file is gone or changed.",
    )


class DocumentList(BaseModel):
    total: int
    documents: list[DocumentSummary]
    facets: Facets | None = Field(default=None, description="Documents per facet value, with facets=true.")


class AnalyzeToken(BaseModel):
    term: str
    position: int
    span: int
    start: int
    end: int
    script: str
    origin: str


class AnalyzeResponse(BaseModel):
    text: str
    tokens: list[AnalyzeToken]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    opensearch: dict
    index: dict


class ErrorInfo(BaseModel):
    status: int
    code: str = Field(description="Stable machine-readable code, e.g. invalid_parameter, not_found.")
    message: str
    details: list[dict]


class ErrorBody(BaseModel):
    """The one error shape (app/errors.py) that every non-2xx JSON response has."""

    error: ErrorInfo
