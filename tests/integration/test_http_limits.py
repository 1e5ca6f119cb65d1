"""Requests uvicorn rejects before the app sees them still get the API's JSON error shape."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from bench.perf_query import api_server
from core.settings import Settings


@pytest.fixture(scope="module")
def port(settings: Settings, indexed: dict) -> Iterator[int]:
    with api_server(settings) as (url, _pid):
        yield int(url.rsplit(":", 1)[1])


def raw_request(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_a_180_kb_query_string_is_a_json_414(port: int) -> None:
    request = b"GET /v1/search?q=" + b"%EA%B0%80" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    status, headers, body = raw_request(port, request)
    assert status == 414
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 414 and error["code"] == "uri_too_long" and "Shorten q" in error["message"]


def test_a_query_string_under_the_parser_limit_reaches_the_app(port: int) -> None:
    status, _, body = raw_request(port, b"GET /v1/search?q=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 422 and json.loads(body)["error"]["details"] == [{"param": "q"}]


def test_a_malformed_request_is_a_json_400(port: int) -> None:
    status, headers, body = raw_request(port, b"GARBAGE\x01 / HTTP/9\r\n\r\n")
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"
