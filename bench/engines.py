"""Search engines under evaluation, all answering ``search(q, size) -> hits with "text"``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from opensearchpy import OpenSearch

from bench.baselines import Baseline


class Engine(Protocol):
    name: str
    label: str

    def search(self, q: str, size: int) -> list[dict]: ...


@dataclass
class OpenSearchEngine:
    """A baseline index queried with its baseline's query body."""

    name: str
    label: str
    client: OpenSearch
    index: str
    spec: Baseline

    def search(self, q: str, size: int) -> list[dict]:
        resp = self.client.search(index=self.index, body=self.spec.query(q, size))
        return [{"text": h["_source"]["text"], "id": h["_id"]} for h in resp["hits"]["hits"]]


@dataclass
class ApiEngine:
    """kjsearch through its public API (``GET /v1/search``), in-process or over HTTP."""

    client: Any  # fastapi.testclient.TestClient or httpx.Client
    name: str = "kjsearch"
    label: str = "kjsearch (ours)"
    # A program ranking passages asks for no facet counts, as the baselines compute none.
    facets: bool = False

    def search(self, q: str, size: int) -> list[dict]:
        resp = self.client.get("/v1/search", params={"q": q, "size": size, "facets": self.facets})
        resp.raise_for_status()
        return [{"text": h["text"], "id": h["id"]} for h in resp.json()["hits"]]
