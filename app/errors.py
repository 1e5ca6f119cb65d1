"""One error shape for every failure: {"error": {"status", "code", "message", "details"}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, TransportError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("kjsearch.api")


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.headers: dict[str, str] = {}  # e.g. Content-Range on a 416


class InvalidParameter(ApiError):
    status = 422
    code = "invalid_parameter"


class NotFound(ApiError):
    status = 404
    code = "not_found"


def error_body(status: int, code: str, message: str, details: list[dict] | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def _json(status: int, code: str, message: str, details: list[dict] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        response = _json(exc.status, exc.code, exc.message, exc.details)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "param": ".".join(str(p) for p in err.get("loc", ())[1:]) or "request",
                "message": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        message = "; ".join(f"{d['param']}: {d['message']}" for d in details) or "invalid request"
        return _json(422, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(
            exc.status_code, "http_error"
        )
        response = _json(exc.status_code, code, str(exc.detail))
        # Keep the exception's headers: a 405 has to name the allowed methods (Allow, RFC 9110).
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(ConnectionTimeout)
    async def _timeout(_: Request, exc: ConnectionTimeout) -> JSONResponse:
        log.warning("OpenSearch timed out: %s", exc)
        return _json(
            503, "search_backend_timeout", "The search backend did not answer in time; try again shortly."
        )

    @app.exception_handler(OSConnectionError)
    async def _down(_: Request, exc: OSConnectionError) -> JSONResponse:
        log.warning("OpenSearch unreachable: %s", exc)
        return _json(
            503, "search_backend_unavailable", "The search backend is unreachable; try again shortly."
        )

    @app.exception_handler(TransportError)
    async def _transport(_: Request, exc: TransportError) -> JSONResponse:
        log.error("OpenSearch error %s: %s", exc.status_code, exc.info if hasattr(exc, "info") else exc)
        if exc.status_code == 404:
            return _json(503, "index_missing", "The search index does not exist yet; run the ingest first.")
        return _json(503, "search_backend_error", "The search backend could not answer this request.")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _json(500, "internal_error", "An unexpected error occurred.")
