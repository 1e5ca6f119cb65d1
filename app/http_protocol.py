"""uvicorn's HTTP protocol, answering the requests it rejects itself in the API's JSON error shape.

A request line the HTTP parser cannot take (a URL over 64 KiB, a malformed request) never reaches the
app; uvicorn would answer a plain-text 400. Clients of a JSON API expect the one error shape, and a
too-long URL is a 414, so the answer is built here the way the app builds its own errors.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.errors import error_body

MAX_URL_BYTES = 65_535  # the parser's limit (httptools.parse_url)


def rejection(url_bytes: int) -> tuple[int, str, bytes]:
    """(status, reason, JSON body) for a request the parser refused, given how long its URL was."""
    if url_bytes > MAX_URL_BYTES:
        status, reason, code = 414, "URI Too Long", "uri_too_long"
        message = f"The URL is {url_bytes} bytes long; the limit is {MAX_URL_BYTES}. Shorten q."
    else:
        status, reason, code = 400, "Bad Request", "bad_request"
        message = "The HTTP request could not be parsed."
    body = json.dumps(error_body(status, code, message), ensure_ascii=False).encode()
    return status, reason, body


class JsonErrorsHttpTools(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        status, reason, body = rejection(len(getattr(self, "url", b"") or b""))
        head = [f"HTTP/1.1 {status} {reason}\r\n".encode()]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
