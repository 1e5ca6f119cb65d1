"""The JSON API routes. Thin: parameters in, SearchService out."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from app import files
from app.citations import FORMATS
from app.errors import NotFound, error_body
from app.models import (
    AnalyzeResponse,
    DocumentDetail,
    DocumentList,
    DocumentParams,
    ErrorBody,
    Facets,
    Health,
    PassageResponse,
    SearchQuery,
    SearchResponse,
)
from app.service import SearchService


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


# Documented so clients (and the schema fuzzing in tests/integration/test_fuzz_api.py) know every error
# body has the ErrorBody shape; FastAPI's default 422 schema ({"detail": [...]}) is not what we send.
Responses = dict[int | str, dict[str, Any]]
ANY_ROUTE_ERRORS: Responses = {
    413: _error("Request body larger than 64 KiB"),
    500: _error("Unexpected error (no internals are exposed)"),
    503: _error("OpenSearch unreachable, timing out, or the index is missing"),
}
INVALID: Responses = {422: _error("Invalid parameter (also cross-parameter rules, unknown facet values)")}
NOT_FOUND: Responses = {404: _error("No such passage or document")}

router = APIRouter(responses=ANY_ROUTE_ERRORS)


async def get_service(request: Request) -> SearchService:
    # async: FastAPI would hand a plain function to its thread pool and back, per request
    return request.app.state.service


Service = Annotated[SearchService, Depends(get_service)]


Params = Annotated[SearchQuery, Query()]
DocParams = Annotated[DocumentParams, Query()]


_SEARCH_RESPONSE = TypeAdapter(SearchResponse)


def search_json(response: SearchResponse) -> bytes:
    """The body of ``/v1/search``. The service builds the model from its own values: serialized once,
    to bytes, in pydantic's Rust core, instead of FastAPI's validate → dict → json.dumps round trip."""
    return _SEARCH_RESPONSE.dump_json(response)


@router.get("/v1/search", response_model=SearchResponse, tags=["search"], responses=INVALID)
def search(service: Service, params: Params) -> Response:
    """Search passages. Filters are OR within one facet and AND across facets."""
    return Response(search_json(service.search(params)), media_type="application/json")


@router.get(
    "/v1/passages/{passage_id}",
    response_model=PassageResponse,
    tags=["passages"],
    responses={**INVALID, **NOT_FOUND},
)
def passage(service: Service, passage_id: str) -> PassageResponse:
    """A passage with its neighbours and its document's title and breadcrumb."""
    return service.passage(passage_id)


@router.get("/v1/documents", response_model=DocumentList, tags=["documents"], responses=INVALID)
def documents(service: Service, params: DocParams) -> DocumentList:
    """The indexed documents, filtered by the search's facets (OR within one, AND across), sorted, a page
    at a time; ``total`` counts the matching ones; ``facets=true`` counts documents per facet value."""
    return service.documents(params)


@router.get(
    "/v1/documents/{doc_id}",
    response_model=DocumentDetail,
    tags=["documents"],
    responses={**INVALID, **NOT_FOUND},
)
def document(service: Service, doc_id: str) -> DocumentDetail:
    """Document metadata with its outline (sections and passage ids)."""
    return service.document(doc_id)


FILE_TYPES = ("application/pdf", "application/x-hwp", "application/hwp+zip", "text/plain", "text/markdown")
FILE_RESPONSES: Responses = {
    200: {"description": "The original file, as ingested", "content": {t: {} for t in FILE_TYPES}},
    206: {"description": "The requested byte range (Range: bytes=…)", "content": {t: {} for t in FILE_TYPES}},
    304: {"description": "Unchanged (If-None-Match holds the ETag, the file's SHA-256)"},
    404: _error("No such document, file serving is off, or its file is not in the library"),
    410: _error("The file changed since it was ingested"),
    416: _error("The range lies outside the file"),
}


@router.get(
    "/v1/documents/{doc_id}/file",
    response_class=Response,
    tags=["documents"],
    responses={**INVALID, **FILE_RESPONSES},
)
def document_file(request: Request, service: Service, doc_id: str) -> Response:
    """The file the document was read from, found by its id alone, if it lies inside a library root
    (KJSEARCH_LIBRARY_ROOTS) and is still the file ingested (size and SHA-256). Inline with its media
    type and file name, an ETag, and Range requests (206) for PDF viewers."""
    record = service.document_record(doc_id)
    if service.originals is None:
        raise NotFound("This library does not serve its original files.")
    return files.respond(service.originals.find(doc_id, record), request.headers)


CITE_RESPONSES: Responses = {
    200: {
        "description": "The citation in the chosen format",
        "content": {f.media_type: {"schema": {"type": "string"}} for f in FORMATS.values()},
    }
}


@router.get(
    "/v1/documents/{doc_id}/cite",
    response_class=Response,
    tags=["documents"],
    responses={**INVALID, **NOT_FOUND, **CITE_RESPONSES},
)
def cite(
    request: Request,
    service: Service,
    doc_id: str,
    format: Annotated[
        Literal["ris", "bibtex", "csl-json"], Query(description="RIS, BibTeX (@techreport) or CSL-JSON")
    ] = "ris",
) -> Response:
    """The document's card as a citation: title, publisher as the corporate author, date, pages,
    language and the URL of its original (of its page here when the original is not served)."""
    doc = service.document(doc_id)
    url = str(request.base_url).rstrip("/") + (doc.file_url or f"/documents/{quote(doc_id, safe='')}")
    chosen = FORMATS[format]
    return Response(
        chosen.write(doc, url, date.today().isoformat()),
        media_type=f"{chosen.media_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kjsearch-{doc.doc_id}.{chosen.extension}"'},
    )


@router.get("/v1/facets", response_model=Facets, tags=["search"])
def facets(service: Service) -> Facets:
    """Every facet's values and counts over the whole index."""
    return service.facets()


@router.get("/v1/analyze", response_model=AnalyzeResponse, tags=["debug"], responses=INVALID)
def analyze(
    service: Service,
    text: Annotated[str, Query(max_length=10_000)],
) -> AnalyzeResponse:
    """The analyzer's tokens for a text (the same for a query and a passage), for debugging relevance."""
    return service.analyze(text)


@router.get(
    "/healthz",
    response_model=Health,
    tags=["ops"],
    responses={503: _error("OpenSearch unreachable or the passage index is missing")},
)
def healthz(service: Service) -> Health | JSONResponse:
    """OpenSearch reachable, the alias and its index, the passage count."""
    health = service.health()
    if health.status != "ok":
        return JSONResponse(
            error_body(
                503,
                "index_missing",
                "OpenSearch answers but the passage index is missing.",
                [health.model_dump()],
            ),
            status_code=503,
        )
    return health
