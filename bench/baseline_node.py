"""A second local OpenSearch node (own distribution copy, ports and data) with nori and kuromoji installed.

The product node stays plugin-free: the baselines run on 127.0.0.1:9201 from ``.cache/baselines``.
"""

from __future__ import annotations

from bench.plugins import install_plugins
from core.settings import Settings
from node import ensure_distribution, ensure_node, stop_node


def baseline_settings(base: Settings | None = None, heap: str | None = None) -> Settings:
    base = base or Settings()
    return base.model_copy(
        update={
            "opensearch_url": "",
            "node_http_port": base.baseline_http_port,
            "node_transport_port": base.baseline_transport_port,
            "cache_dir": base.cache_dir / "baselines",
            "node_heap": heap or base.node_heap,
            "index_prefix": "kjbase",
        }
    )


def ensure_baseline_node(settings: Settings) -> tuple[str, bool, list[str]]:
    """Unpack a separate distribution, install the plugins into it, start it; (url, started, plugins)."""
    home = ensure_distribution(settings.node_version, settings.cache_dir)
    plugins = install_plugins(home, settings.node_version, settings.cache_dir / "plugin-zips")
    url, started = ensure_node(settings)
    return url, started, plugins


def stop_baseline_node(settings: Settings) -> bool:
    return stop_node(settings)
