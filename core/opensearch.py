"""The OpenSearch client, built from the settings in one place."""

from __future__ import annotations

from typing import Any

import orjson
from opensearchpy import JSONSerializer, OpenSearch
from opensearchpy.exceptions import SerializationError

from core.settings import Settings

API_THREADS = 40


class OrjsonSerializer(JSONSerializer):
    """Request and response bodies through orjson: a search's body out and its hits in cost the
    stdlib's json several times as much. The same values either way; what orjson refuses (an integer
    beyond 64 bits, NaN) goes the stdlib's way."""

    def dumps(self, data: Any) -> Any:
        if isinstance(data, str | bytes):
            return data
        try:
            # str, as opensearch-py's bulk helpers measure and join the bodies as text
            return orjson.dumps(data, default=self.default).decode()
        except TypeError:  # orjson.JSONEncodeError
            return super().dumps(data)

    def loads(self, s: str) -> Any:
        try:
            return orjson.loads(s)
        except orjson.JSONDecodeError as exc:
            try:
                return super().loads(s)
            except SerializationError:
                raise SerializationError(s, exc) from exc


def make_client(settings: Settings) -> OpenSearch:
    url = settings.effective_url
    kwargs: dict[str, Any] = {
        "hosts": [url],
        "timeout": settings.opensearch_timeout_s,
        "max_retries": 1,
        "retry_on_timeout": False,
        "http_compress": False,
        # urllib3 keeps one connection per host by default: every concurrent request beyond it opened
        # and closed its own (776 new connections in 10 s of API load at 8 clients). One per thread of
        # the API's thread pool (anyio's default: 40).
        "pool_maxsize": API_THREADS,
        "serializer": OrjsonSerializer(),
    }
    if settings.opensearch_user:
        kwargs["http_auth"] = (settings.opensearch_user, settings.opensearch_password.get_secret_value())
    if url.startswith("https://"):
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = settings.opensearch_verify_certs
        if settings.opensearch_ca_certs:
            kwargs["ca_certs"] = settings.opensearch_ca_certs
    return OpenSearch(**kwargs)
