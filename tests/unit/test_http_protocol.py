"""The JSON errors for requests uvicorn rejects before the app sees them (served in
tests/integration/test_http_limits.py)."""

from __future__ import annotations

from app.http_protocol import MAX_URL_BYTES, rejection


def test_rejection_chooses_the_status_by_url_length() -> None:
    assert rejection(MAX_URL_BYTES + 1)[0] == 414
    assert rejection(100)[0] == 400
