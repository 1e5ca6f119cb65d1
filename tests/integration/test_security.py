"""Security properties: loopback-only node, TLS on by default, no secrets or internals in answers,
request limits, CORS off unless configured, and a read-only API.

The API offers no data-changing endpoints: every route (JSON and HTML) is GET, and the index is only
written by the ingest CLI, which talks to OpenSearch directly. That is why the API has no
authentication; ``test_api_is_read_only`` fails as soon as someone adds a POST/PUT/PATCH/DELETE route,
so that the route cannot ship without auth being designed for it.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch

from app.api import get_service
from app.main import MAX_BODY_BYTES, create_app
from app.service import SearchService
from core.opensearch import make_client
from core.settings import Settings

PASSWORD = "s3cr3t-Pa55w0rd-kj"
USER = "kj-operator"


def closed_port() -> int:
    # Bind, read the port, close: nothing listens there for the length of the test.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def raw_api(api: TestClient) -> Iterator[TestClient]:
    """The live app, returning 500 responses instead of re-raising them into the test; overrides reset."""
    yield TestClient(api.app, raise_server_exceptions=False)  # no `with`: the lifespan already ran
    api.app.dependency_overrides.clear()


# -- the local node --------------------------------------------------------------------------------------
def test_local_node_binds_loopback_only(client: OpenSearch) -> None:
    nodes = client.nodes.info(node_id="_local", metric="http,transport")["nodes"]
    assert nodes
    for node in nodes.values():
        for layer in ("http", "transport"):
            addresses = [*node[layer]["bound_address"], node[layer]["publish_address"]]
            hosts = {a.rsplit(":", 1)[0].strip("[]") for a in addresses}
            assert hosts <= {"127.0.0.1", "::1"}, (layer, addresses)


# -- remote clusters: TLS and credentials ----------------------------------------------------------------
def test_credentials_never_reach_logs_or_responses(raw_api: TestClient, api: TestClient,
                                                     settings: Settings,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    live: SearchService = api.app.state.service
    variants = [
        # credentials as settings ...
        settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{port}", "opensearch_user": USER,
                                    "opensearch_password": type(settings.opensearch_password)(PASSWORD)}),
        # ... and embedded in the URL, as people paste them
        settings.model_copy(update={"opensearch_url": f"http://{USER}:{PASSWORD}@127.0.0.1:{port}"}),
    ]
    caplog.set_level(logging.DEBUG)
    for bad in variants:
        service = SearchService(make_client(bad), bad, live.analyzer, live.labels)
        # No parameters on the override: FastAPI would treat them as request parameters.
        raw_api.app.dependency_overrides[get_service] = (lambda s: lambda: s)(service)
        for path in ("/v1/search?q=예산", "/healthz", "/v1/documents", "/v1/passages/x"):
            resp = raw_api.get(path)
            assert resp.status_code == 503, (path, resp.text)
            assert resp.json()["error"]["code"] == "search_backend_unavailable"
            assert PASSWORD not in resp.text and str(port) not in resp.text and "127.0.0.1" not in resp.text
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "unreachable" in logged  # the failure itself is logged, for operators ...
    assert PASSWORD not in logged  # ... without the secret
    assert f"{USER}:" not in logged
    assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in logged  # the Authorization header


# -- request limits --------------------------------------------------------------------------------------
def error_of(resp, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return body["error"]


@pytest.mark.parametrize(("params", "param"), [
    ({"q": "가" * 1001}, "q"),                  # max_query_chars = 1000
    ({"q": "예산", "size": 101}, "size"),        # page size is 1..100
    ({"q": "예산", "size": 0}, "size"),
    ({"q": "예산", "from": 9991, "size": 10}, "from"),  # from + size > max_offset (10,000)
    ({"q": "예산", "from": -1}, "from"),
])
def test_parameter_limits_are_422(api: TestClient, settings: Settings, params: dict, param: str) -> None:
    assert (settings.max_query_chars, settings.max_offset) == (1000, 10_000)
    error = error_of(api.get("/v1/search", params=params), 422)
    assert error["code"] == "invalid_parameter"
    assert param in json.dumps(error["details"])


def test_limits_themselves_are_allowed(api: TestClient) -> None:
    assert api.get("/v1/search", params={"q": "가" * 1000}).status_code == 200
    assert api.get("/v1/search", params={"q": "예산", "size": 100}).status_code == 200
    assert api.get("/v1/search", params={"q": "예산", "from": 9990, "size": 10}).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_request_body_over_64_kib_is_413(api: TestClient, method: str) -> None:
    assert MAX_BODY_BYTES == 64 * 1024
    resp = api.request(method, "/v1/search", content=b"x" * (MAX_BODY_BYTES + 1))
    error = error_of(resp, 413)
    assert error["code"] == "request_too_large"
    # A small body on a GET is simply ignored.
    assert api.request("GET", "/v1/search", content=b"x" * 100).status_code == 200


# -- CORS ------------------------------------------------------------------------------------------------
def test_cors_is_off_by_default(api: TestClient, settings: Settings) -> None:
    assert settings.cors_origins == []
    origin = {"Origin": "https://evil.example"}
    resp = api.get("/v1/search", params={"q": "예산"}, headers=origin)
    assert resp.status_code == 200
    assert "access-control-allow-origin" not in resp.headers
    preflight = api.options("/v1/search", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_configured_origins(settings: Settings) -> None:
    allowed = "https://kjsearch.example.org"
    app = create_app(settings.model_copy(update={"cors_origins": [allowed]}))
    # No lifespan needed: the CORS middleware answers before any route, and /openapi.json needs no node.
    web = TestClient(app)
    resp = web.get("/openapi.json", headers={"Origin": allowed})
    assert resp.headers["access-control-allow-origin"] == allowed
    other = web.get("/openapi.json", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = web.options("/v1/search", headers={"Origin": allowed, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == allowed
    assert "DELETE" not in preflight.headers["access-control-allow-methods"]


# -- errors reveal nothing -------------------------------------------------------------------------------
def test_unexpected_error_is_a_bare_500(raw_api: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "db-internal.corp.example:5432 /srv/kjsearch/app/service.py"

    def explode() -> SearchService:
        raise RuntimeError(f"boom while talking to {secret}")

    raw_api.app.dependency_overrides[get_service] = explode
    for path in ("/v1/search?q=예산", "/v1/facets", "/healthz"):
        resp = raw_api.get(path)
        error = error_of(resp, 500)
        assert error == {"status": 500, "code": "internal_error", "message": "An unexpected error occurred.",
                         "details": []}
        for leak in ("Traceback", "RuntimeError", "boom", "db-internal", "/srv/", ".py", "File \""):
            assert leak not in resp.text
    # Operators still get the traceback, in the log.
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


# -- read-only API ---------------------------------------------------------------------------------------
def test_api_is_read_only(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    methods = {m.upper() for ops in schema["paths"].values() for m in ops}
    assert methods == {"GET"}, methods
    # include_in_schema=False routes (the web page, exports) count too.
    for route in api.app.routes:
        if isinstance(route, APIRoute):
            assert route.methods <= {"GET", "HEAD"}, (route.path, route.methods)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        resp = api.request(method, "/v1/documents")
        assert error_of(resp, 405)["code"] == "method_not_allowed"
        assert resp.headers["allow"] == "GET"
