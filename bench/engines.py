"""Search engines under evaluation, all answering ``search(q, size) -> hits with "text"``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from opensearchpy import OpenSearch

from bench.baseline_node import baseline_settings, ensure_baseline_node
from bench.baselines import BASELINES, Baseline, create_index, load_passages
from core.opensearch import make_client
from core.settings import Settings


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


def baseline_engines(
    base: Settings, rows: list[tuple[str, str, str]], with_plugins: bool, prefix: str = "kjeval"
) -> tuple[list, dict]:
    """Index the passages into each baseline on the plugin node; (engines, meta)."""
    bsettings = baseline_settings(base)
    meta: dict = {"plugins": [], "plugin_error": None, "port": bsettings.node_http_port}
    if with_plugins:
        try:
            _, _, meta["plugins"] = ensure_baseline_node(bsettings)
        except Exception as exc:
            meta["plugin_error"] = f"{type(exc).__name__}: {exc}"
    client = make_client(bsettings) if meta["plugins"] else make_client(base)
    engines = []
    for spec in BASELINES:
        if spec.needs_plugins and not meta["plugins"]:
            continue
        index = f"{prefix}-{spec.name}"
        create_index(client, index, spec)
        load_passages(client, index, rows)
        engines.append(OpenSearchEngine(spec.name, spec.label, client, index, spec))
    return engines, meta
