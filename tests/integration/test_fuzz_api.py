"""Schemathesis against the app's own OpenAPI schema: no 5xx, every response as documented."""

from __future__ import annotations

import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema

pytestmark = pytest.mark.integration

# Short for `make test`; `make fuzz` raises it (KJSEARCH_FUZZ_EXAMPLES=500).
EXAMPLES = int(os.environ.get("KJSEARCH_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="session")
def api_schema(api: TestClient) -> BaseSchema:
    # The `api` fixture has run the lifespan, so the app's service (client, analyzer) is live;
    # schemathesis then calls that same app in-process.
    return schemathesis.openapi.from_asgi("/openapi.json", api.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate()
