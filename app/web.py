"""The HTML view: the same SearchService and parameter parser as /v1/search, rendered with Jinja2.

Thin on purpose: parse into ``SearchQuery``, call the service, build view models
(app/web_view.py), render. Errors raised anywhere in a page route, including
parameter validation, become HTML error pages here instead of the API's JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, TransportError

from app import citations
from app import web_view as vm
from app.api import Params, Service
from app.errors import ApiError
from app.models import DocumentParams, DocumentSummary, SearchParams, SearchResponse
from app.service import MAX_PAGE_SIZE, SearchService

log = logging.getLogger("kjsearch.web")
HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"

templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # everything is escaped; only the service's pre-escaped highlights use |safe
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
)


def _lang_attr(text: object) -> Markup:
    """`` lang="ja"`` (or en) for non-Korean strings, so screen readers and fonts pick the right language."""
    lang = vm.script_lang(str(text or ""))
    return Markup(' lang="{}"').format(lang) if lang else Markup("")


templates.env.filters["lang_attr"] = _lang_attr


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
UNAVAILABLE = "검색 엔진에 잠시 연결할 수 없습니다"
BAD_PARAMS = "검색 조건을 확인해 주세요"
ERROR_TITLES = {404: "찾을 수 없습니다", 422: BAD_PARAMS}
BACKEND_MESSAGES = {
    "down": "검색 백엔드가 응답하지 않습니다. 잠시 후 다시 시도해 주세요.",
    "no_index": "검색 색인이 아직 없습니다. 먼저 색인(ingest)을 실행해 주세요.",
    "error": "검색 백엔드가 이 요청에 답하지 못했습니다. 잠시 후 다시 시도해 주세요.",
}


def _error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    q = request.query_params.get("q", "")
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "title": title,
            "message": message,
            "q": q,
            "retry_url": vm.url("/", [("q", q)]),
        },
        status_code=status,
    )


def error_response(request: Request, exc: Exception) -> Response | None:
    """The HTML page for a failure a page route can meet, or None to let the app's handlers have it."""
    if isinstance(exc, RequestValidationError):
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _error_page(request, 422, BAD_PARAMS, message)
    if isinstance(exc, ApiError):
        return _error_page(
            request, exc.status, ERROR_TITLES.get(exc.status, "요청을 처리할 수 없습니다"), exc.message
        )
    if isinstance(exc, ConnectionTimeout | OSConnectionError):
        log.warning("OpenSearch unreachable from the web page: %s", exc)
        return _error_page(request, 503, UNAVAILABLE, BACKEND_MESSAGES["down"])
    if isinstance(exc, TransportError):
        log.error("OpenSearch error on the web page: %s", exc)
        kind = "no_index" if exc.status_code == 404 else "error"
        return _error_page(request, 503, UNAVAILABLE, BACKEND_MESSAGES[kind])
    return None


SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class WebRoute(APIRoute):
    """Adds the security headers and turns every expected failure into an HTML error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except Exception as exc:
                page = error_response(request, exc)
                if page is None:
                    raise
                response = page
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return route


router = APIRouter(route_class=WebRoute, include_in_schema=False)


def mount_static(app: FastAPI) -> None:
    """Serve app/static at /static (a router cannot mount)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def _pairs(request: Request) -> vm.Pairs:
    return list(request.query_params.multi_items())


def _current(request: Request) -> str:
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, service: Service, params: Params) -> HTMLResponse:
    browsing_all = not params.q.strip() and not params.selected()
    # the page always shows the facets; the landing page states how many passages are indexed, so
    # that count must be exact
    exact = browsing_all or params.exact_total
    response = service.search(params.model_copy(update={"facets": True, "exact_total": exact}))
    pairs = _pairs(request)
    labels = service.labels
    has_filters = bool(params.selected())
    browsing = bool(params.q.strip()) or has_filters
    api_pairs = [(k, v) for k, v in pairs if k != "back"]
    paged = [h.doc_id for h in response.hits if h.page] if browsing else []
    pdf_urls = service.file_urls(paged, media_type="application/pdf")
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "params": params,
            "q": params.q,
            "r": response,
            "browsing": browsing,
            "facets": vm.facet_views(response.facets, params, labels),
            "years": vm.year_range(response.facets, params),
            "chips": vm.chips(params, pairs, labels),
            "clear_url": vm.url("/", [("q", params.q)]),
            "hits": vm.hit_views(response, labels, pairs, _current(request), pdf_urls) if browsing else [],
            "doc_count": len(response.facets.doc),
            "pager": vm.pager(response, params, pairs, service.settings.max_offset),
            "json_url": vm.url("/v1/search", api_pairs),
            "csv_url": vm.url("/export.csv", vm.without(pairs, "size")),
            "export_json_url": vm.url("/export.json", vm.without(pairs, "size")),
            "collapse_url": vm.url(
                "/",
                vm.replacing(vm.without(pairs, "collapse"), "collapse", None if params.collapse else "doc"),
            ),
            "suggestions": [
                (s, vm.url("/", vm.replacing(vm.without(pairs, "q"), "q", s))) for s in response.suggestions
            ],
            "hidden": [(k, v) for k, v in pairs if k in ("collapse", "size", "org")],
            "examples": [(ex, note, vm.url("/", [("q", ex)])) for ex, note in vm.EXAMPLES],
        },
    )


@router.get("/passages/{passage_id}", response_class=HTMLResponse)
def passage_page(
    request: Request,
    service: Service,
    passage_id: str,
    back: Annotated[str | None, Query(max_length=4000)] = None,
) -> HTMLResponse:
    passage = service.passage(passage_id)
    document = service.document(passage.doc_id)
    back_url = vm.safe_back(back)
    keep = [("back", back_url)] if back_url else []
    lookup = vm.tag_lookup(None, service.labels)
    return templates.TemplateResponse(
        request,
        "passage.html",
        {
            "q": vm.query_of(back_url),
            "p": passage,
            "doc": document,
            "back_url": back_url,
            "tags": [
                vm.Tag(f, v, *lookup(f, v))
                for f, values in (
                    ("ministry", passage.ministries),
                    ("plan_period", passage.plan_periods),
                    ("topic", passage.topics),
                )
                for v in values
            ],
            "prev_url": vm.url(f"/passages/{passage.previous.id}", keep) if passage.previous else None,
            "next_url": vm.url(f"/passages/{passage.next.id}", keep) if passage.next else None,
            "outline_nodes": vm.outline_view(document.outline, passage.id, keep),
            "doc_url": vm.document_url(passage.doc_id),
            "file_url": vm.page_url(document.file_url, passage.page if is_pdf(document) else None),
        },
    )


def is_pdf(doc: DocumentSummary) -> bool:
    return doc.file is not None and doc.file.media_type == "application/pdf"


LibraryParams = Annotated[DocumentParams, Query()]


@router.get("/documents", response_class=HTMLResponse)
def library_page(request: Request, service: Service, params: LibraryParams) -> HTMLResponse:
    if "size" not in request.query_params:
        params = params.model_copy(update={"size": vm.LIBRARY_PAGE_SIZE})
    listing = service.documents(params.model_copy(update={"facets": True}))
    assert listing.facets is not None
    pairs = _pairs(request)
    labels = service.labels
    lookup = vm.tag_lookup(None, labels)
    return templates.TemplateResponse(
        request,
        "library.html",
        {
            "q": "",
            "params": params,
            "listing": listing,
            "rows": vm.doc_rows(listing, lookup),
            "facets": vm.facet_views(listing.facets, params, labels, vm.LIBRARY_FACETS),
            "years": vm.year_range(listing.facets, params),
            "chips": vm.chips(params, pairs, labels, "/documents"),
            "clear_url": "/documents",
            "pager": vm.library_pager(listing, params, pairs, service.settings.max_offset),
            "sorts": vm.LIBRARY_SORTS,
            "json_url": vm.url("/v1/documents", pairs),
            "hidden": [(k, v) for k, v in pairs if k in ("size", "org")],
        },
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, service: Service, doc_id: str) -> HTMLResponse:
    doc = service.document(doc_id)
    view = vm.document_view(doc, vm.tag_lookup(None, service.labels))
    cited = str(request.base_url).rstrip("/") + (doc.file_url or vm.document_url(doc.doc_id))
    return templates.TemplateResponse(
        request,
        "document.html",
        {
            "q": "",
            "v": view,
            "doc": doc,
            "bibtex": citations.bibtex(doc, cited, date.today().isoformat()),
        },
    )


def _export(service: SearchService, params: SearchParams) -> tuple[SearchResponse, list]:
    """Up to EXPORT_LIMIT hits of the search, fetched a page at a time with the service's cursor."""
    page_size = MAX_PAGE_SIZE
    current = vm.export_params(params, page_size)
    first = service.search(current)
    hits = list(first.hits)
    response = first
    while len(hits) < vm.EXPORT_LIMIT and len(response.hits) == page_size:
        if params.collapse:
            offset = current.from_ + page_size
            if offset + page_size > service.settings.max_offset:
                break
            current = current.model_copy(update={"from_": offset})
        elif response.next_cursor:
            current = current.model_copy(update={"cursor": response.next_cursor})
        else:
            break
        response = service.search(current)
        hits.extend(response.hits)
    return first, hits[: vm.EXPORT_LIMIT]


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get("/export.csv")
def export_csv(service: Service, params: Params) -> Response:
    first, hits = _export(service, params)
    lookup = vm.tag_lookup(first, service.labels)
    body = vm.to_csv(vm.export_row(h, lookup) for h in hits)
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("kjsearch-results.csv"),
    )


@router.get("/export.json")
def export_json(service: Service, params: Params) -> Response:
    first, hits = _export(service, params)
    body = {
        "query": first.query,
        "total": first.total,
        "exported": len(hits),
        "limit": vm.EXPORT_LIMIT,
        "hits": [h.model_dump(exclude={"highlights"}) for h in hits],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"),
        media_type="application/json; charset=utf-8",
        headers=_attachment("kjsearch-results.json"),
    )
