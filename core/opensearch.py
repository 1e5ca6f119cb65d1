"""The OpenSearch client, built from the settings in one place."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch

from core.settings import Settings

API_THREADS = 40


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
    }
    if settings.opensearch_user:
        kwargs["http_auth"] = (settings.opensearch_user, settings.opensearch_password.get_secret_value())
    if url.startswith("https://"):
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = settings.opensearch_verify_certs
        if settings.opensearch_ca_certs:
            kwargs["ca_certs"] = settings.opensearch_ca_certs
    return OpenSearch(**kwargs)
