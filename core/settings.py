"""The one settings object. Every field is documented in README.md (a test checks)."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KJSEARCH_", env_file=".env", extra="ignore")

    # OpenSearch connection. OPENSEARCH_URL (no prefix) is honoured as users expect.
    opensearch_url: str = Field(
        default="",
        validation_alias="OPENSEARCH_URL",
        description="Use this cluster and start no local node; empty means the local node.",
    )
    opensearch_user: str = Field(default="", description="Basic-auth user for a remote cluster.")
    opensearch_password: SecretStr = Field(default=SecretStr(""), description="Basic-auth password.")
    opensearch_verify_certs: bool = Field(default=True, description="Verify TLS certificates.")
    opensearch_ca_certs: str = Field(default="", description="CA bundle path for a remote cluster.")
    opensearch_timeout_s: float = Field(default=10.0, gt=0, description="Per-request timeout to OpenSearch.")

    # Local node
    node_version: str = Field(default="3.8.0", description="OpenSearch release fetched from Maven Central.")
    node_http_port: int = Field(default=9200, ge=1, le=65535, description="HTTP port of the local node.")
    node_transport_port: int = Field(default=9300, ge=1, le=65535, description="Transport port.")
    node_heap: str = Field(default="768m", pattern=r"^\d+[mg]$", description="JVM heap of the local node.")
    node_java_home: str = Field(default="", description="JDK for the node; empty means auto-detect.")
    node_cluster_hosts: list[str] = Field(
        default_factory=list,
        description="Transport addresses (host:port) of the other nodes of a local cluster; empty: one node.",
    )
    node_cluster_manager: bool = Field(
        default=True, description="The node may manage the cluster; false: it only holds data and joins one."
    )
    cache_dir: Path = Field(default=PROJECT_ROOT / ".cache", description="Downloads and node data.")
    baseline_http_port: int = Field(
        default=9201, ge=1, le=65535, description="HTTP port of the nori/kuromoji baseline node."
    )
    baseline_transport_port: int = Field(
        default=9301, ge=1, le=65535, description="Transport port of the baseline node."
    )

    # Index
    index_prefix: str = Field(
        default="kjsearch",
        pattern=r"^[a-z0-9][a-z0-9_\-]*$",
        description="Prefix of the index aliases (PREFIX-passages, PREFIX-documents).",
    )
    seeds_dir: Path = Field(default=PROJECT_ROOT / "seeds", description="Reports ingested by make run.")
    library_roots: list[Path] = Field(
        default_factory=list,
        description="Folders that hold the originals: ingest records each file's path relative to the one "
        "that holds it, and the API serves only files inside them; empty: the seeds folder.",
    )
    index_shards: int = Field(default=1, ge=1, le=64, description="Primary shards of a new index.")
    index_replicas: int = Field(default=0, ge=0, le=8, description="Replicas of each shard of a new index.")

    # API
    api_host: str = Field(default="127.0.0.1", description="Address the API binds to.")
    api_port: int = Field(default=8000, ge=1, le=65535, description="Port the API binds to.")
    cors_origins: list[str] = Field(default_factory=list, description="Allowed CORS origins; empty = off.")
    max_query_chars: int = Field(default=1000, ge=10, description="Longest accepted query.")
    max_offset: int = Field(default=10_000, ge=100, description="Deepest from+size for offset paging.")
    facet_sample: int = Field(
        default=5_000,
        ge=0,
        description="Facets of a search with words count its best-scoring passages, this many per shard "
        "(0: every match). exact_total=true counts every match.",
    )
    serve_files: bool = Field(
        default=True,
        description="Serve the ingested originals at /v1/documents/{id}/file; false for a library whose "
        "originals are not public.",
    )
    rescore_window: int = Field(
        default=50,
        ge=10,
        le=10_000,
        description="Top hits per shard that the costlier ranking clauses (word rarity, headings, words near "
        "each other) reorder; hits past it keep the order of their words' scores.",
    )

    @field_validator("opensearch_url")
    @classmethod
    def _strip_slash(cls, v: str) -> str:
        return v.rstrip("/")

    @property
    def node_root(self) -> Path:
        """Where the distribution and node data live.

        As root the node runs as an unprivileged user, which must be able to reach these
        files; a checkout under a private directory (e.g. /root) cannot offer that, so the
        node's files then move to a per-checkout directory under /var/tmp.
        """
        cache = self.cache_dir.resolve()
        if os.geteuid() != 0 or all(p.stat().st_mode & 0o001 for p in cache.parents if p.exists()):
            return cache
        return Path("/var/tmp/kjsearch") / hashlib.sha256(str(cache).encode()).hexdigest()[:12]

    @property
    def node_dir(self) -> Path:
        # One data directory per port, so a second node (tests, baselines) never shares data.
        return self.node_root / f"node-{self.node_http_port}"

    @property
    def library_dirs(self) -> list[Path]:
        return list(self.library_roots) or [self.seeds_dir]

    @property
    def passages_alias(self) -> str:
        return f"{self.index_prefix}-passages"

    @property
    def documents_alias(self) -> str:
        return f"{self.index_prefix}-documents"

    @property
    def effective_url(self) -> str:
        return self.opensearch_url or f"http://127.0.0.1:{self.node_http_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
