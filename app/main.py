"""Application factory: heavy objects are built once in the lifespan, not at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from opensearchpy import helpers
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from analyzers import Analyzer, load_glossary
from app.api import router
from app.errors import error_body, install_error_handlers
from app.files import Originals
from app.labels import build_labels, doc_titles_from
from app.service import SearchService
from app.web import mount_static
from app.web import router as web_router
from core.opensearch import make_client
from core.settings import Settings, get_settings

MAX_BODY_BYTES = 64 * 1024


class BodyLimit:
    """413 for a request that announces a body over MAX_BODY_BYTES. Plain ASGI: FastAPI's
    ``@app.middleware("http")`` wraps every response in a stream, about 1 ms per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = Headers(scope=scope).get("content-length")
            if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
                message = f"Request bodies are limited to {MAX_BODY_BYTES} bytes."
                await JSONResponse(error_body(413, "request_too_large", message), 413)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = make_client(settings)
        analyzer = Analyzer(load_glossary())
        analyzer.analyze("문부과학성 文部科学省", "query")  # load both models before the first request

        def load_docs() -> dict[str, str]:
            # every document, however many: the doc facet and its filter validation need them all
            hits = helpers.scan(client, index=settings.documents_alias, query={"query": {"match_all": {}}},
                                _source=["doc_id", "title"], size=1000)
            return doc_titles_from(hits)

        originals = Originals(settings.library_dirs, enabled=settings.serve_files)
        app.state.service = SearchService(client, settings, analyzer, build_labels(load_docs), originals)
        yield
        client.close()

    app = FastAPI(
        title="kjsearch",
        version="0.1.0",
        description="Bilingual Korean/Japanese search over research reports about Japan.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET"])

    app.add_middleware(BodyLimit)
    app.include_router(router)
    app.include_router(web_router)
    mount_static(app)
    return app
