"""``make run``: start what is missing, ingest the seeds when needed, serve the API.

Ctrl-C stops the API and, if this command started it, the local OpenSearch node.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys

import uvicorn

from app.http_protocol import JsonErrorsHttpTools
from app.main import create_app
from core.opensearch import make_client
from core.settings import Settings, get_settings
from ingest.index.indexer import IndexWriter, pipeline_fingerprint
from node import NodeError, ensure_node, stop_node
from node.distribution import DistributionError
from node.jdk import JdkNotFound


def seeds_fingerprint(settings: Settings) -> str:
    digest = hashlib.sha256(pipeline_fingerprint().encode())
    for path in sorted(settings.seeds_dir.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ingest_if_needed(settings: Settings) -> None:
    """Re-ingest the seeds when the index is missing or the seeds or pipeline changed."""
    stamp = settings.cache_dir / f"seeds-{settings.index_prefix}.stamp"
    writer = IndexWriter(make_client(settings), settings)
    live = writer.aliased_index(settings.passages_alias)
    wanted = f"{seeds_fingerprint(settings)} {live}"
    if live and stamp.exists() and stamp.read_text() == wanted:
        print(f"index {live} is up to date with {settings.seeds_dir}")
        return
    print(f"ingesting {settings.seeds_dir} …")
    # A relative path keeps the stored source names short and independent of the checkout location.
    code = subprocess.call([sys.executable, "-m", "ingest", os.path.relpath(settings.seeds_dir)])
    if code not in (0, 1):
        raise SystemExit(f"ingest failed with exit code {code}")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{seeds_fingerprint(settings)} {writer.aliased_index(settings.passages_alias)}")


def port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main() -> int:
    settings = get_settings()
    if not port_free(settings.api_host, settings.api_port):
        print(
            f"error: port {settings.api_port} on {settings.api_host} is in use. Stop whatever holds it "
            f"(e.g. an earlier `make run`), or set KJSEARCH_API_PORT.",
            file=sys.stderr,
        )
        return 2
    try:
        url, started = ensure_node(settings)
    except (NodeError, DistributionError, JdkNotFound) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"OpenSearch at {url} ({'started' if started else 'already running'})")
    try:
        ingest_if_needed(settings)
        print(f"serving http://{settings.api_host}:{settings.api_port}/ (API docs at /docs); Ctrl-C stops")
        uvicorn.run(
            create_app(settings),
            host=settings.api_host,
            port=settings.api_port,
            log_level="info",
            http=JsonErrorsHttpTools,
        )
    finally:
        if started:
            print("stopping the local OpenSearch node")
            stop_node(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
