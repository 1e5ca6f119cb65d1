"""The OpenSearch client, built from the settings in one place."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch

from core.settings import Settings


def make_client(settings: Settings) -> OpenSearch:
    url = settings.effective_url
    kwargs: dict[str, Any] = {
        "hosts": [url],
        "timeout": settings.opensearch_timeout_s,
        "max_retries": 1,
        "retry_on_timeout": False,
        "http_compress": False,
    }
    if settings.opensearch_user:
        kwargs["http_auth"] = (settings.opensearch_user, settings.opensearch_password.get_secret_value())
    if url.startswith("https://"):
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = settings.opensearch_verify_certs
        if settings.opensearch_ca_certs:
            kwargs["ca_certs"] = settings.opensearch_ca_certs
    return OpenSearch(**kwargs)
