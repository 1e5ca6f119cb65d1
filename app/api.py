"""The JSON API routes. Thin: parameters in, SearchService out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from app.errors import error_body
from app.models import (
    AnalyzeResponse,
    DocumentDetail,
    DocumentList,
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
def documents(
    service: Service,
    size: Annotated[int, Query(ge=1, le=1000, description="documents per page, by file name")] = 1000,
    from_: Annotated[int, Query(alias="from", ge=0, description="offset; from + size ≤ KJSEARCH_MAX_OFFSET")] = 0,
) -> DocumentList:
    """The indexed documents in file-name order, a page at a time; ``total`` counts them all."""
    return service.documents(size=size, from_=from_)


@router.get(
    "/v1/documents/{doc_id}",
    response_model=DocumentDetail,
    tags=["documents"],
    responses={**INVALID, **NOT_FOUND},
)
def document(service: Service, doc_id: str) -> DocumentDetail:
    """Document metadata with its outline (sections and passage ids)."""
    return service.document(doc_id)


@router.get("/v1/facets", response_model=Facets, tags=["search"])
def facets(service: Service) -> Facets:
    """Every facet's values and counts over the whole index."""
    return service.facets()


@router.get("/v1/analyze", response_model=AnalyzeResponse, tags=["debug"], responses=INVALID)
def analyze(
    service: Service,
    text: Annotated[str, Query(max_length=10_000)],
    mode: Literal["query", "index"] = "query",
) -> AnalyzeResponse:
    """The analyzer's tokens for a text, for debugging relevance."""
    return service.analyze(text, mode)


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
